//! `/organizations/{org}`: one organisation across rounds — score and rank as line charts that
//! follow its lineage through mergers, each criterion's outcome and evidence in one round
//! (`?round=ID`, the newest by default), and what changed since the round before.

use crate::i18n::Labels;
use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};
use scorecard_domain::{Band, Catalog, OrgScore, Organization, Record, Round};

use crate::addresses;
use crate::api::{self, CallError};
use crate::charts::{line_chart, width_for};
use crate::components::badges::{band_badge, compliance_mark, rank_change_mark};
use crate::components::chart::ChartFigure;
use crate::components::status::{Empty, ErrorNotice, Loading, Refreshing};
use crate::context::{tr, use_lang, use_rounds, use_viewport};
use crate::format;
use crate::i18n::Lang;
use crate::pages::keep_title;
use crate::view_model::matrix::{CellKind, outcome_text};
use crate::view_model::profile::{
    changes, inherited, inherited_sentence, previous, rank_chart, score_chart, selected,
};
use scorecard_api::{History, HistoryEntry};

/// The profile of the organisation the address names.
#[component]
pub fn OrganizationPage() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let org = Memo::new(move |_| params.read().get("org").unwrap_or_default());
    let rounds = use_rounds();
    let base = LocalResource::new(move || {
        let org = org.get();
        async move {
            let history = api::history(org).await?;
            let organizations = api::organizations().await?;
            Ok::<_, CallError>((history, organizations))
        }
    });
    let title_name = RwSignal::new(String::new());
    keep_title(|t| t.col_organization, move || title_name.get());
    let retry = Callback::new(move |()| {
        base.refetch();
        rounds.refetch();
    });
    view! {
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                let rounds = match rounds.await {
                    Ok(rounds) => rounds,
                    Err(error) => return view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                };
                match base.await {
                    Err(error) => {
                        view! {
                            <h1 class="page-title">{tr(|t| t.col_organization)}</h1>
                            <ErrorNotice error on_retry=retry />
                        }
                            .into_any()
                    }
                    Ok((history, organizations)) => {
                        let names = (history.name_vi.clone(), history.name_en.clone());
                        Effect::new(move |_| {
                            title_name.set(lang.get().pick(&names.0, &names.1).to_owned());
                        });
                        view! { <Profile history organizations rounds /> }.into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn Profile(history: History, organizations: Vec<Organization>, rounds: Vec<Round>) -> impl IntoView {
    let lang = use_lang();
    let viewport = use_viewport();
    let group = organizations
        .iter()
        .find(|o| o.id == history.organization)
        .map(|o| o.group.clone());
    let name_of = {
        let organizations = organizations.clone();
        move |id: &str, lang: Lang| {
            organizations
                .iter()
                .find(|o| o.id.as_str() == id)
                .map_or_else(|| id.to_owned(), |o| lang.pick(&o.name_vi, &o.name_en).to_owned())
        }
    };
    let heading = {
        let history = history.clone();
        move || lang.get().pick(&history.name_vi, &history.name_en).to_owned()
    };
    let subtitle = move || {
        let lang = lang.get();
        group.as_ref().map(|g| format::group_name(lang, g))
    };
    let notes = {
        let history = history.clone();
        let name_of = name_of.clone();
        move || {
            let lang = lang.get();
            inherited(&history)
                .into_iter()
                .map(|(via, rounds)| {
                    view! { <p class="lineage-note">{inherited_sentence(lang, &name_of(&via, lang), &rounds)}</p> }
                })
                .collect_view()
        }
    };
    if history.entries.is_empty() {
        return view! {
            <h1 class="page-title">{heading}</h1>
            <Empty sentence=|t| t.no_history />
        }
        .into_any();
    }
    let charts = {
        let history = history.clone();
        move || {
            let lang = lang.get();
            let t = lang.texts();
            let width = (width_for(viewport.get()) / 2)
                .max(300)
                .min(width_for(viewport.get()));
            let score = line_chart(
                &score_chart(&history, lang),
                width,
                260,
                lang,
                t.chart_score_over_time,
            );
            let rank = line_chart(
                &rank_chart(&history, lang),
                width,
                260,
                lang,
                t.chart_rank_over_time,
            );
            (score, rank)
        }
    };
    let score_svg = Signal::derive({
        let charts = charts.clone();
        move || charts().0
    });
    let rank_svg = Signal::derive(move || charts().1);
    let query = use_query_map();
    let requested = Memo::new(move |_| query.read().get("round"));
    view! {
        <h1 class="page-title" id="profile-name">{heading}</h1>
        <p class="round-meta">{subtitle}</p>
        {notes}
        <section class="card" aria-labelledby="history-heading">
            <h2 id="history-heading">{tr(|t| t.profile_history)}</h2>
            <div class="chart-pair">
                <ChartFigure
                    id="score-history-chart"
                    caption=Signal::derive(move || lang.get().texts().chart_score_over_time.to_owned())
                    note=Signal::derive(String::new)
                    svg=score_svg
                />
                <ChartFigure
                    id="rank-history-chart"
                    caption=Signal::derive(move || lang.get().texts().chart_rank_over_time.to_owned())
                    note=Signal::derive(String::new)
                    svg=rank_svg
                />
            </div>
            <HistoryTable history=history.clone() rounds=rounds.clone() name_of=name_of.clone() />
        </section>
        <RoundDetail history requested rounds organizations />
    }
    .into_any()
}

/// The history as a table: the text alternative of the charts.
#[component]
fn HistoryTable<F>(history: History, rounds: Vec<Round>, name_of: F) -> impl IntoView
where
    F: Fn(&str, Lang) -> String + Clone + Send + Sync + 'static,
{
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let t = lang.texts();
        let rows = history
            .entries
            .iter()
            .map(|entry| {
                let round_name = rounds.iter().find(|r| r.id == entry.round).map_or_else(
                    || entry.round.to_string(),
                    |r| lang.pick(&r.name_vi, &r.name_en).to_owned(),
                );
                let change = entry.rank_change.map(|c| rank_change_mark(c, lang));
                let band = entry
                    .band
                    .as_deref()
                    .map(|b| band_badge(b, &Band::defaults(), lang));
                let href = addresses::overview(entry.round.as_str());
                view! {
                    <tr>
                        <th scope="row">
                            <a href=href>{round_name}</a>
                        </th>
                        <td>{name_of(entry.via.as_str(), lang)}</td>
                        <td class="num">{format::rank_of(entry.rank, Some(entry.ranked))} " " {change}</td>
                        <td class="num">{format::optional_score(lang, entry.score)}</td>
                        <td>{band}</td>
                        <td>{compliance_mark(entry.compliant, lang)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" role="region" aria-labelledby="history-caption" tabindex="0">
                <table class="records" id="history-table">
                    <caption id="history-caption">{t.data_table}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t.round}</th>
                            <th scope="col">{t.figures_of}</th>
                            <th scope="col" class="num">{t.col_rank}</th>
                            <th scope="col" class="num">{t.col_score}</th>
                            <th scope="col">{t.col_band}</th>
                            <th scope="col">{t.col_compliant}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
            {merger_rounds(&history, lang, &|id| name_of(id, lang))}
        }
    }
}

/// The note of the rounds whose change is computed against the average of several merged
/// organisations (docs/rules.md, "Rank change").
fn merger_rounds(
    history: &History,
    lang: Lang,
    name_of: &dyn Fn(&str) -> String,
) -> Option<impl IntoView + use<>> {
    let rounds: Vec<String> = history
        .entries
        .iter()
        .filter(|e| e.compared_with.len() > 1)
        .map(|e| e.round.to_string())
        .collect();
    if rounds.is_empty() {
        return None;
    }
    let names = history
        .entries
        .iter()
        .flat_map(|e| e.compared_with.iter().map(|o| name_of(o.as_str())))
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join(", ");
    let rounds = rounds.join(", ");
    let text = match lang {
        Lang::Vi => format!(
            "Đợt {rounds}: thay đổi thứ hạng được tính so với điểm trung bình của các đơn vị trước khi hợp nhất ({names}), theo cách tính của kết quả DTI 2024."
        ),
        Lang::En => format!(
            "Round {rounds}: the rank change is computed against the average score of the organisations before the merger ({names}), the rule of the DTI 2024 results."
        ),
    };
    Some(view! { <p class="table-note" id="history-merger-note">{text}</p> })
}

/// Everything about one round of the profile.
#[derive(Clone)]
struct RoundFigures {
    entry: HistoryEntry,
    previous: Option<HistoryEntry>,
    catalog: Catalog,
    score: Option<OrgScore>,
    previous_score: Option<OrgScore>,
    records: Vec<Record>,
    /// Its self-assessment beside the verified score, when it submitted one (issue 13).
    self_assessed: Option<scorecard_domain::self_assessment::SelfAssessedLine>,
}

/// Each criterion's outcome and evidence in the round shown, and what changed since the one
/// before.
#[component]
fn RoundDetail(
    history: History,
    requested: Memo<Option<String>>,
    rounds: Vec<Round>,
    organizations: Vec<Organization>,
) -> impl IntoView {
    let lang = use_lang();
    let org = history.organization.to_string();
    let links_history = history.clone();
    let figures = LocalResource::new(move || {
        let history = history.clone();
        let rounds = rounds.clone();
        let requested = requested.get();
        async move {
            // `Profile` shows this only for a history with entries.
            let Some(entry) = selected(&history, requested.as_deref()).cloned() else {
                return Ok(None);
            };
            let previous = previous(&history, &entry).cloned();
            let catalog_id = rounds
                .iter()
                .find(|r| r.id == entry.round)
                .map(|r| r.catalog.clone());
            let Some(catalog_id) = catalog_id else {
                return Ok(None);
            };
            let catalog = api::catalog(catalog_id).await?;
            let scores = api::scores(entry.round.to_string(), false).await?;
            let score = scores.into_iter().find(|s| s.organization == entry.via);
            let previous_score = match &previous {
                Some(before) => api::scores(before.round.to_string(), false)
                    .await?
                    .into_iter()
                    .find(|s| s.organization == before.via),
                None => None,
            };
            let records =
                api::records(entry.round.to_string(), Some(entry.via.to_string()), None, false).await?;
            // Not every reader may see every round's column; without it, the line is left out.
            let self_assessed = api::self_assessed_column(entry.round.to_string(), false)
                .await
                .unwrap_or_default()
                .into_iter()
                .find(|l| l.organization == entry.via);
            Ok::<_, CallError>(Some(RoundFigures {
                self_assessed,
                entry,
                previous,
                catalog,
                score,
                previous_score,
                records,
            }))
        }
    });
    let (pending, set_pending) = signal(false);
    let retry = Callback::new(move |()| figures.refetch());
    let history_rounds: Vec<String> = history_rounds(&links_history);
    let shown = move || {
        let requested = requested.get();
        selected(&links_history, requested.as_deref()).map(|e| e.round.to_string())
    };
    let links = {
        let org = org.clone();
        move || {
            let shown = shown();
            history_rounds
                .iter()
                .map(|round| {
                    let href = addresses::organization(&org, Some(round));
                    let current = (shown.as_deref() == Some(round.as_str())).then_some("true");
                    view! {
                        <li>
                            <a href=href aria-current=current data-noscroll="true">{round.clone()}</a>
                        </li>
                    }
                })
                .collect_view()
        }
    };
    view! {
        <section
            class="card"
            aria-labelledby="criteria-heading"
            aria-busy=move || if pending.get() { "true" } else { "false" }
        >
            <h2 id="criteria-heading">{tr(|t| t.by_criterion)}</h2>
            <nav aria-label=tr(|t| t.round_to_show)>
                <ul class="round-links">{links}</ul>
            </nav>
            <Transition fallback=Loading set_pending>
                <Refreshing pending />
                {move || {
                    let organizations = organizations.clone();
                    Suspend::new(async move {
                        match figures.await {
                            Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                            Ok(None) => view! { <Empty sentence=|t| t.no_records /> }.into_any(),
                            Ok(Some(figures)) => {
                                let lang = lang.get();
                                let self_assessed = figures.self_assessed.as_ref().map(|line| {
                                    let (own, checked) = (
                                        format::optional_score(lang, line.self_assessed),
                                        format::optional_score(lang, line.verified),
                                    );
                                    let delta = line
                                        .difference
                                        .map(|d| format!(" ({})", format::score_delta(lang, d)))
                                        .unwrap_or_default();
                                    let text = match lang {
                                        Lang::Vi => format!(
                                            "Tự đánh giá {own} → kết quả kiểm tra {checked}{delta}; {}/{} tiêu chí tự đánh giá khác kết quả kiểm tra.",
                                            line.differing, line.compared
                                        ),
                                        Lang::En => format!(
                                            "Self-assessed {own} → inspected {checked}{delta}; {} of {} criteria self-assessed differently.",
                                            line.differing, line.compared
                                        ),
                                    };
                                    view! { <p class="comparison-line" id="profile-self-assessed">{text}</p> }
                                });
                                view! {
                                    {self_assessed}
                                    {criteria_table(&figures, lang)}
                                    {changes_view(&figures, &organizations, lang)}
                                }
                                    .into_any()
                            }
                        }
                    })
                }}
            </Transition>
        </section>
    }
}

fn history_rounds(history: &History) -> Vec<String> {
    history.entries.iter().map(|e| e.round.to_string()).collect()
}

/// One row per criterion of the round's catalog: state, outcome, evidence and date.
fn criteria_table(figures: &RoundFigures, lang: Lang) -> impl IntoView + use<> {
    let t = lang.texts();
    let rows = figures
        .catalog
        .criteria
        .iter()
        .map(|criterion| {
            let kind = figures
                .score
                .as_ref()
                .and_then(|s| s.criteria.iter().find(|r| r.code == criterion.code))
                .map_or(CellKind::Missing, CellKind::of);
            let record = figures.records.iter().find(|r| r.criterion == criterion.code);
            let outcome = record.map_or_else(
                || format::MISSING.to_owned(),
                |r| outcome_text(lang, r, Some(criterion)),
            );
            let evidence = record
                .map(|r| r.evidence.clone())
                .filter(|e| !e.trim().is_empty())
                .unwrap_or_else(|| format::MISSING.to_owned());
            let date = record
                .and_then(|r| r.assessed_on)
                .map_or_else(|| format::MISSING.to_owned(), |d| format::date(lang, d));
            let href = addresses::criterion(figures.entry.round.as_str(), criterion.code.as_str());
            view! {
                <tr>
                    <th scope="row">
                        <a href=href>{criterion.code.to_string()}</a>
                        " "
                        <span class="criterion-name">{lang.pick(&criterion.name_vi, &criterion.name_en).to_owned()}</span>
                    </th>
                    <td>
                        <span class=format!("cell cell-inline {}", kind.class()) aria-hidden="true">
                            {kind.symbol()}
                        </span>
                        {kind.label(lang)}
                    </td>
                    <td>{outcome}</td>
                    <td>{evidence}</td>
                    <td class="num">{date}</td>
                </tr>
            }
        })
        .collect_view();
    let caption = format!(
        "{} {} — {}",
        t.round,
        figures.entry.round,
        format::optional_score(lang, figures.entry.score)
    );
    view! {
        <div class="table-scroll" role="region" aria-labelledby="criteria-caption" tabindex="0">
            <table class="records" id="profile-criteria">
                <caption id="criteria-caption">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t.criterion}</th>
                        <th scope="col">{t.col_compliant}</th>
                        <th scope="col">{t.outcome}</th>
                        <th scope="col">{t.evidence}</th>
                        <th scope="col">{t.assessed_on}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// Score and rank against the round before, and each criterion whose state changed.
fn changes_view(figures: &RoundFigures, organizations: &[Organization], lang: Lang) -> impl IntoView + use<> {
    let t = lang.texts();
    let Some(before) = figures.previous.clone() else {
        return view! {
            <h3 id="changes-heading">{t.changes_heading}</h3>
            <p>{t.no_previous}</p>
        }
        .into_any();
    };
    let now = &figures.entry;
    // The change on the ranking's basis: against the average of the organisations merged into
    // this one when there are several (docs/rules.md, "Rank change").
    let averaged = now.compared_with.len() > 1;
    let delta = if averaged {
        now.score_change
    } else {
        before.score.zip(now.score).map(|(was, is)| is - was)
    };
    let score_delta = delta.map(|delta| {
        let class = if delta > 0.0 {
            "delta-up"
        } else if delta < 0.0 {
            "delta-down"
        } else {
            ""
        };
        view! { <span class=class>{format::score_delta(lang, delta)}</span> }
    });
    let merger_note = averaged.then(|| {
        let names: Vec<String> = now
            .compared_with
            .iter()
            .map(|id| {
                organizations
                    .iter()
                    .find(|o| &o.id == id)
                    .map_or_else(|| id.to_string(), |o| lang.pick(&o.name_vi, &o.name_en).to_owned())
            })
            .collect();
        let average = now.score.zip(now.score_change).map(|(is, change)| format::score(lang, is - change));
        let text = match lang {
            Lang::Vi => format!(
                "Đơn vị hình thành sau sắp xếp, hợp nhất: thay đổi điểm và thứ hạng được tính so với điểm trung bình của {} ({}), theo cách tính của kết quả DTI 2024.",
                names.join(", "),
                average.unwrap_or_else(|| format::MISSING.to_owned())
            ),
            Lang::En => format!(
                "Formed by a merger: score and rank changes are computed against the average score of {} ({}), the rule of the DTI 2024 results.",
                names.join(", "),
                average.unwrap_or_else(|| format::MISSING.to_owned())
            ),
        };
        view! { <p class="lineage-note" id="merger-note">{text}</p> }
    });
    let rank_change = now.rank_change.map(|c| rank_change_mark(c, lang));
    let before_name = organizations.iter().find(|o| o.id == before.via).map_or_else(
        || before.via.to_string(),
        |o| lang.pick(&o.name_vi, &o.name_en).to_owned(),
    );
    let list = changes(
        &figures.catalog,
        figures.previous_score.as_ref(),
        figures.score.as_ref(),
        lang,
    );
    let mark = move |kind: Option<CellKind>| match kind {
        Some(kind) => view! {
            <span class=format!("cell cell-inline {}", kind.class()) aria-hidden="true">{kind.symbol()}</span>
            {kind.label(lang)}
        }
        .into_any(),
        None => format::MISSING.into_any(),
    };
    let items = if list.is_empty() {
        view! { <p>{t.no_changes}</p> }.into_any()
    } else {
        let rows = list
            .into_iter()
            .map(|change| {
                view! {
                    <tr>
                        <th scope="row">{change.code} " " <span class="criterion-name">{change.name}</span></th>
                        <td>{mark(change.before)}</td>
                        <td>{mark(change.after)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" role="region" aria-labelledby="changes-heading" tabindex="0">
                <table class="records" id="profile-changes">
                    <thead>
                        <tr>
                            <th scope="col">{t.criterion}</th>
                            <th scope="col">{format!("{} ({})", t.before, before.round)}</th>
                            <th scope="col">{format!("{} ({})", t.after, now.round)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <h3 id="changes-heading">{t.changes_heading}</h3>
        <dl class="facts">
            <dt>{t.before}</dt>
            <dd>{format!("{} · {}", before.round, before_name)}</dd>
            <dt>{t.col_score}</dt>
            <dd>
                {format::optional_score(lang, before.score)} " → "
                {format::optional_score(lang, now.score)} " " {score_delta}
            </dd>
            <dt>{t.col_rank}</dt>
            <dd>
                {format::rank_of(before.rank, Some(before.ranked))} " → "
                {format::rank_of(now.rank, Some(now.ranked))} " " {rank_change}
            </dd>
        </dl>
        {merger_note}
        {items}
    }
    .into_any()
}
