//! `/rounds/{round}/criteria/{code}`: one criterion of a round — what it asks and on what
//! legal basis, how many meet it, who does not, and each organisation's outcome and evidence.

use crate::i18n::Labels;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use scorecard_domain::{Catalog, RankingEntry, Record, Summary};

use crate::addresses;
use crate::api::{self, CallError};
use crate::components::round_scope::{RoundScope, RoundView};
use crate::components::status::{ErrorNotice, Loading, Problem, Refreshing};
use crate::context::use_lang;
use crate::format;
use crate::i18n::Lang;
use crate::pages::keep_title;
use crate::view_model::matrix::{CellKind, kind_text, outcome_text};

/// The criterion the address names, in the round it names.
#[component]
pub fn CriterionPage() -> impl IntoView {
    view! { <RoundScope title=|t| t.criterion render=|view| view! { <CriterionView view /> } /> }
}

/// Everything the page is drawn from.
#[derive(Clone)]
struct CriterionData {
    catalog: Catalog,
    summary: Summary,
    ranking: Vec<RankingEntry>,
    records: Vec<Record>,
}

#[component]
fn CriterionView(view: RoundView) -> impl IntoView {
    let params = use_params_map();
    let code = Memo::new(move |_| params.read().get("code").unwrap_or_default());
    keep_title(|t| t.criterion, move || code.get());
    let data = LocalResource::new(move || {
        let round = view.id();
        let catalog_id = view.round.with(|r| r.catalog.clone());
        let preliminary = view.preliminary.get();
        let code = code.get();
        async move {
            let catalog = api::catalog(catalog_id).await?;
            let summary = api::summary(round.clone(), preliminary).await?;
            let ranking = api::ranking(round.clone(), "all".to_owned(), preliminary).await?;
            let records = api::records(round, None, Some(code), preliminary).await?;
            Ok::<_, CallError>(CriterionData {
                catalog,
                summary,
                ranking: ranking.entries,
                records,
            })
        }
    });
    let (pending, set_pending) = signal(false);
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <div class="stack" aria-busy=move || if pending.get() { "true" } else { "false" }>
            <Transition fallback=Loading set_pending>
                <Refreshing pending />
                {move || Suspend::new(async move {
                    match data.await {
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                        Ok(data) => {
                            let code = code.get();
                            let known = data.catalog.criteria.iter().any(|c| c.code.as_str() == code);
                            if known {
                                view! { <CriterionBody data code view /> }.into_any()
                            } else {
                                let href = addresses::matrix(&view.id());
                                view! {
                                    <Problem
                                        sentence=|t| t.unknown_criterion
                                        href
                                        link=|t| t.back_to_matrix
                                    />
                                }
                                    .into_any()
                            }
                        }
                    }
                })}
            </Transition>
        </div>
    }
}

#[component]
fn CriterionBody(data: CriterionData, code: String, view: RoundView) -> impl IntoView {
    let lang = use_lang();
    let round = view.round.with_untracked(|r| r.id.to_string());
    let preliminary = view.preliminary.get_untracked();
    move || {
        let lang = lang.get();
        let t = lang.texts();
        // `CriterionView` checked that the catalog has it.
        let Some(criterion) = data.catalog.criteria.iter().find(|c| c.code.as_str() == code) else {
            return ().into_any();
        };
        let counts = data.summary.criteria.iter().find(|c| c.code.as_str() == code);
        let name_of = |org: &str| {
            data.ranking
                .iter()
                .find(|e| e.organization.as_str() == org)
                .map_or_else(
                    || org.to_owned(),
                    |e| lang.pick(&e.name_vi, &e.name_en).to_owned(),
                )
        };
        let count_items = counts.map(|c| {
            let total = c.met + c.not_met + c.missing;
            let items = [
                (CellKind::Met, format::count_of(c.met as usize, total as usize)),
                (CellKind::NotMet, c.not_met.to_string()),
                (CellKind::NotApplicable, c.not_applicable.to_string()),
                (CellKind::Missing, c.missing.to_string()),
            ];
            items
                .into_iter()
                .map(|(kind, value)| {
                    view! {
                        <li data-status=kind.class()>
                            <span class=format!("cell cell-inline {}", kind.class()) aria-hidden="true">
                                {kind.symbol()}
                            </span>
                            {kind.label(lang)}
                            ":"
                            <strong>{value}</strong>
                        </li>
                    }
                })
                .collect_view()
        });
        let not_meeting = counts.map(|c| c.not_meeting.clone()).unwrap_or_default();
        let not_meeting_view = if not_meeting.is_empty() {
            view! { <p>{t.everyone_meets}</p> }.into_any()
        } else {
            let items = not_meeting
                .iter()
                .map(|org| {
                    let href = addresses::with_preliminary(
                        &addresses::matrix_cell(&round, org.as_str(), &code),
                        preliminary,
                    );
                    view! {
                        <li>
                            <a href=href>{name_of(org.as_str())}</a>
                        </li>
                    }
                })
                .collect_view();
            view! { <ul class="name-list" id="not-meeting">{items}</ul> }.into_any()
        };
        let rows = record_rows(&data, criterion, &round, lang);
        let name = lang.pick(&criterion.name_vi, &criterion.name_en).to_owned();
        let group = lang.pick(&criterion.group_vi, &criterion.group_en).to_owned();
        let legal_basis = if criterion.legal_basis.trim().is_empty() {
            format::MISSING.to_owned()
        } else {
            criterion.legal_basis.clone()
        };
        let back = addresses::with_preliminary(&addresses::matrix(&round), preliminary);
        view! {
            <section class="card" aria-labelledby="criterion-heading">
                <h2 id="criterion-heading">
                    <span class="code">{code.clone()}</span>
                    " — "
                    {name}
                </h2>
                <dl class="facts">
                    <dt>{t.criterion_group}</dt>
                    <dd>{group}</dd>
                    <dt>{t.legal_basis}</dt>
                    <dd>{legal_basis}</dd>
                    <dt>{t.kind}</dt>
                    <dd>{kind_text(lang, &criterion.kind)}</dd>
                    <dt>{t.weight}</dt>
                    <dd>{format::number(lang, criterion.weight, 0)}</dd>
                    <dt>{t.mandatory}</dt>
                    <dd>{if criterion.mandatory { t.yes } else { t.no }}</dd>
                </dl>
                <p class="more">
                    <a href=back>{t.back_to_matrix}</a>
                </p>
            </section>
            <section class="card" aria-labelledby="not-meeting-heading">
                <h2 id="not-meeting-heading">{t.not_meeting_heading}</h2>
                <ul class="counts" id="criterion-counts">{count_items}</ul>
                {not_meeting_view}
            </section>
            <section class="card" aria-labelledby="records-heading">
                <h2 id="records-heading">{t.records_heading}</h2>
                <div class="table-scroll" role="region" aria-labelledby="records-heading" tabindex="0">
                    <table class="records" id="criterion-records">
                        <thead>
                            <tr>
                                <th scope="col">{t.col_organization}</th>
                                <th scope="col">{t.outcome}</th>
                                <th scope="col">{t.evidence}</th>
                                <th scope="col">{t.assessed_on}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            </section>
        }
        .into_any()
    }
}

/// One row per organisation of the round, in ranking order, with its record if there is one.
fn record_rows(
    data: &CriterionData,
    criterion: &scorecard_domain::Criterion,
    round: &str,
    lang: Lang,
) -> impl IntoView + use<> {
    data.ranking
        .iter()
        .map(|entry| {
            let record = data.records.iter().find(|r| r.organization == entry.organization);
            let outcome = record.map_or_else(
                || lang.texts().status_missing.to_owned(),
                |r| outcome_text(lang, r, Some(criterion)),
            );
            let evidence = record
                .map(|r| r.evidence.clone())
                .filter(|e| !e.trim().is_empty())
                .unwrap_or_else(|| format::MISSING.to_owned());
            let date = record
                .and_then(|r| r.assessed_on)
                .map_or_else(|| format::MISSING.to_owned(), |d| format::date(lang, d));
            let href = addresses::organization(entry.organization.as_str(), Some(round));
            view! {
                <tr>
                    <th scope="row">
                        <a href=href>{lang.pick(&entry.name_vi, &entry.name_en).to_owned()}</a>
                    </th>
                    <td>{outcome}</td>
                    <td>{evidence}</td>
                    <td class="num">{date}</td>
                </tr>
            }
        })
        .collect_view()
}
