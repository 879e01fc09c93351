//! The reviewer's queue: the submitted records of the rounds they review, each approved or
//! returned with a comment in place.

use leptos::prelude::*;
use leptos::task::spawn_local;
use scorecard_api::evidence::FileView;
use scorecard_domain::{Catalog, CriterionKind, Organization, Record, RecordState, Role, RoundState};

use crate::addresses;
use crate::api::{self, CallError};
use crate::components::evidence::EvidenceText;
use crate::components::files::{FilePlace, RecordFiles};
use crate::components::guard::for_roles;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::context::{tr, use_lang, use_rounds};
use crate::format;
use crate::pages::keep_title;
use crate::view_model::matrix::outcome_text;

/// `/review`.
#[component]
pub fn ReviewPage() -> impl IntoView {
    keep_title(|t| t.review_heading, String::new);
    view! {
        <div class="card">
            <h1 class="page-title">{tr(|t| t.review_heading)}</h1>
            <p class="muted">{tr(|t| t.review_note)}</p>
        </div>
        {for_roles(&[Role::Reviewer, Role::Admin], |_| view! { <Queues /> })}
    }
}

#[component]
fn Queues() -> impl IntoView {
    let me = LocalResource::new(api::me);
    let retry = Callback::new(move |()| me.refetch());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match me.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok(me) if me.reviews.is_empty() => {
                        view! { <div class="card"><Empty sentence=|t| t.no_reviews /></div> }.into_any()
                    }
                    Ok(me) => me
                        .reviews
                        .into_iter()
                        .map(|round| view! { <Queue round=round.to_string() /> })
                        .collect_view()
                        .into_any(),
                }
            })}
        </Transition>
    }
}

/// The queue of one round.
#[component]
fn Queue(round: String) -> impl IntoView {
    let lang = use_lang();
    let rounds = use_rounds();
    let id = round.clone();
    let data = LocalResource::new(move || {
        let round = id.clone();
        async move {
            let rounds = rounds.await?;
            let found = rounds.iter().find(|r| r.id.as_str() == round).cloned();
            let catalog = match &found {
                Some(r) => Some(api::catalog(r.catalog.clone()).await?),
                None => None,
            };
            let organizations = api::organizations().await?;
            let records = api::records_in_state(round.clone(), RecordState::Submitted).await?;
            let files = api::round_files(round.clone()).await?;
            // The units' self-assessments beside the records, when the round has one (issue 13).
            let phases = api::phases(round.clone()).await?;
            let self_assessed = if phases
                .windows
                .iter()
                .any(|w| w.phase == scorecard_domain::Phase::SelfAssessment)
            {
                let mut orgs: Vec<String> = records.iter().map(|r| r.organization.to_string()).collect();
                orgs.dedup();
                let mut answers: Vec<(String, scorecard_api::SelfAnswer)> = Vec::new();
                for org in orgs {
                    let view = api::self_assessment(round.clone(), org.clone()).await?;
                    answers.extend(view.answers.into_iter().map(|a| (org.clone(), a)));
                }
                Some(answers)
            } else {
                None
            };
            Ok::<_, CallError>((found, catalog, organizations, records, files, self_assessed))
        }
    });
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <section class="card review-round" id=format!("queue-{round}")>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                        Ok((found, catalog, organizations, records, files, self_assessed)) => {
                            let files = RwSignal::new(files);
                            let open = found.as_ref().is_some_and(|r| r.state == RoundState::Open);
                            let title = found
                                .map(|r| lang.get().pick(&r.name_vi, &r.name_en).to_owned())
                                .unwrap_or_default();
                            if records.is_empty() {
                                return view! {
                                    <h2>{title}</h2>
                                    <Empty sentence=|t| t.queue_empty />
                                }
                                .into_any();
                            }
                            view! {
                                <h2>{title}</h2>
                                <QueueTable records catalog organizations files open self_assessed />
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
    }
}

/// The submitted records of one round as a table grouped by organisation (issue 13), with
/// filters by organisation and criterion, and "approve all" per organisation once the
/// reviewer has looked; each record can still be returned with its comment.
#[component]
fn QueueTable(
    records: Vec<Record>,
    catalog: Option<Catalog>,
    organizations: Vec<Organization>,
    files: RwSignal<Vec<FileView>>,
    open: bool,
    /// Each organisation's self-assessed answers, when the round has a self-assessment.
    self_assessed: Option<Vec<(String, scorecard_api::SelfAnswer)>>,
) -> impl IntoView {
    let lang = use_lang();
    let with_self = self_assessed.is_some();
    let org_filter = RwSignal::new(String::new());
    let criterion_filter = RwSignal::new(String::new());
    // Organisations in the order their records come (by organisation, then catalog order).
    let mut groups: Vec<(String, Vec<Record>)> = Vec::new();
    for record in records {
        let org = record.organization.to_string();
        match groups.iter_mut().find(|(o, _)| *o == org) {
            Some((_, list)) => list.push(record),
            None => groups.push((org, vec![record])),
        }
    }
    let name_of = {
        let organizations = organizations.clone();
        move |org: &str, l: crate::i18n::Lang| {
            organizations
                .iter()
                .find(|o| o.id.as_str() == org)
                .map_or_else(|| org.to_owned(), |o| l.pick(&o.name_vi, &o.name_en).to_owned())
        }
    };
    let codes: Vec<String> = {
        let mut codes: Vec<String> = groups
            .iter()
            .flat_map(|(_, list)| list.iter().map(|r| r.criterion.to_string()))
            .collect();
        codes.sort();
        codes.dedup();
        codes
    };
    let l = lang.get_untracked();
    let org_options = groups
        .iter()
        .map(|(org, _)| view! { <option value=org.clone()>{name_of(org, l)}</option> })
        .collect_view();
    let criterion_options = codes
        .into_iter()
        .map(|code| view! { <option value=code.clone()>{code.clone()}</option> })
        .collect_view();
    let sections = groups
        .into_iter()
        .map(|(org, list)| {
            let decisions: Vec<(String, RwSignal<Decision>)> =
                list.iter().map(|r| (r.criterion.to_string(), RwSignal::new(Decision::Waiting))).collect();
            let decisions = StoredValue::new(decisions);
            let busy = RwSignal::new(false);
            let group_error = RwSignal::new(None::<String>);
            let round = list.first().map(|r| r.round.to_string()).unwrap_or_default();
            let approve_all = {
                let (round, org) = (round.clone(), org.clone());
                move |_| {
                    let (round, org) = (round.clone(), org.clone());
                    busy.set(true);
                    group_error.set(None);
                    spawn_local(async move {
                        for (code, decision) in decisions.get_value() {
                            if decision.get_untracked() != Decision::Waiting {
                                continue;
                            }
                            match api::approve(&round, &org, &code).await {
                                Ok(_) => decision.set(Decision::Approved),
                                Err(failure) => {
                                    group_error.set(Some(format!("{code}: {}", failure.detail_in(lang.get_untracked()))));
                                    break;
                                }
                            }
                        }
                        busy.set(false);
                    });
                }
            };
            let waiting = move || decisions.with_value(|d| d.iter().filter(|(_, s)| s.get() == Decision::Waiting).count());
            let shown_org = org.clone();
            let visible = move || {
                let picked = org_filter.get();
                picked.is_empty() || picked == shown_org
            };
            let heading = name_of(&org, l);
            let rows = list
                .into_iter()
                .map(|record| {
                    let code = record.criterion.to_string();
                    let decision = decisions.with_value(|d| d.iter().find(|(c, _)| *c == code).map(|(_, s)| *s)).unwrap_or_else(|| RwSignal::new(Decision::Waiting));
                    let row_code = code.clone();
                    let shown = move || {
                        let picked = criterion_filter.get();
                        picked.is_empty() || picked == row_code
                    };
                    let own = self_assessed.as_ref().map(|answers| {
                        answers
                            .iter()
                            .find(|(o, a)| *o == record.organization.as_str() && a.answer.criterion == record.criterion)
                            .map(|(_, a)| a.answer.outcome.clone())
                    });
                    view! {
                        <ReviewItem
                            record
                            own
                            catalog=catalog.clone()
                            files
                            open
                            decision
                            shown=Signal::derive(shown)
                        />
                    }
                })
                .collect_view();
            view! {
                <section class="review-org" id=format!("review-org-{org}") hidden=move || !visible()>
                    <div class="review-org-head">
                        <h3>{heading}</h3>
                        <button
                            type="button"
                            class="button approve-all"
                            disabled=move || busy.get() || waiting() == 0 || !open
                            on:click=approve_all
                        >
                            {move || format!("{} ({})", tr(|t| t.approve_all)(), waiting())}
                        </button>
                    </div>
                    {move || group_error.get().map(|e| view! { <p class="status status-error" role="alert">{e}</p> })}
                    <div class="table-scroll">
                        <table class="data-table review-table">
                            <thead>
                                <tr>
                                    <th scope="col">{tr(|t| t.criterion)}</th>
                                    <th scope="col">{tr(|t| t.outcome)}</th>
                                    {with_self.then(|| view! {
                                        <th scope="col">{move || lang.get().pick("Tự đánh giá", "Self-assessed")}</th>
                                    })}
                                    <th scope="col">{tr(|t| t.evidence)}</th>
                                    <th scope="col">{tr(|t| t.inspector)}</th>
                                    <th scope="col"><span class="visually-hidden">{tr(|t| t.action)}</span></th>
                                </tr>
                            </thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                </section>
            }
        })
        .collect_view();
    view! {
        <form class="form form-grid review-filters" on:submit=|ev: leptos::ev::SubmitEvent| ev.prevent_default()>
            <div class="field">
                <label for="filter-org">{tr(|t| t.filter_organization)}</label>
                <select id="filter-org" on:change=move |ev| org_filter.set(event_target_value(&ev))>
                    <option value="">{tr(|t| t.filter_all)}</option>
                    {org_options}
                </select>
            </div>
            <div class="field">
                <label for="filter-criterion">{tr(|t| t.criterion)}</label>
                <select id="filter-criterion" on:change=move |ev| criterion_filter.set(event_target_value(&ev))>
                    <option value="">{tr(|t| t.filter_all)}</option>
                    {criterion_options}
                </select>
            </div>
        </form>
        {sections}
    }
}

/// Where one record of the queue stands on this page.
#[derive(Clone, PartialEq)]
enum Decision {
    Waiting,
    Returning,
    Approved,
    Returned,
}

#[component]
fn ReviewItem(
    record: Record,
    /// The unit's own outcome for it: `Some(None)` when the round has a self-assessment and
    /// the unit left this criterion out; `None` when the round has none.
    own: Option<Option<scorecard_domain::Outcome>>,
    catalog: Option<Catalog>,
    files: RwSignal<Vec<FileView>>,
    open: bool,
    /// Where the record stands on this page; the organisation's "approve all" sets it too.
    decision: RwSignal<Decision>,
    /// Whether the criterion filter lets it show.
    shown: Signal<bool>,
) -> impl IntoView {
    let lang = use_lang();
    let criterion = catalog
        .as_ref()
        .and_then(|c| c.criteria.iter().find(|c| c.code == record.criterion))
        .cloned();
    let comment = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let (round, org, code) = (
        record.round.to_string(),
        record.organization.to_string(),
        record.criterion.to_string(),
    );
    let key = StoredValue::new((round.clone(), org.clone(), code.clone()));
    let act = move |approve: bool| {
        let (round, org, code) = key.get_value();
        let text = comment.get_untracked();
        if !approve && text.trim().is_empty() {
            error.set(Some(tr(|t| t.comment_required)().to_owned()));
            return;
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let done = if approve {
                api::approve(&round, &org, &code).await
            } else {
                api::give_back(&round, &org, &code, text).await
            };
            busy.set(false);
            match done {
                Ok(_) => decision.set(if approve {
                    Decision::Approved
                } else {
                    Decision::Returned
                }),
                Err(failure) => error.set(Some(failure.detail_in(lang.get_untracked()).to_owned())),
            }
        });
    };
    let l = lang.get_untracked();
    let criterion_name = criterion
        .as_ref()
        .map(|c| l.pick(&c.name_vi, &c.name_en).to_owned())
        .unwrap_or_default();
    let outcome = outcome_text(l, &record, criterion.as_ref());
    let or_dash = |text: &str| {
        if text.trim().is_empty() {
            format::MISSING.to_owned()
        } else {
            text.to_owned()
        }
    };
    let comment_id = format!("comment-{org}-{code}");
    let item_id = format!("review-{org}-{code}");
    view! {
        <tr class="review-item" id=item_id hidden=move || !shown.get()>
            <th scope="row">
                <span class="code">{code.clone()}</span>
                " "
                {criterion_name}
            </th>
            <td class="review-outcome">{outcome}</td>
            {own.map(|own| {
                let text = own.map_or_else(
                    || format::MISSING.to_owned(),
                    |o| crate::view_model::matrix::outcome_label(l, &o, criterion.as_ref()),
                );
                view! { <td class="review-self">{text}</td> }
            })}
            <td>
                <EvidenceText text=record.evidence.clone() />
                {(!record.note.trim().is_empty()).then(|| view! { <p class="muted">{record.note.clone()}</p> })}
                <RecordFiles
                    place=FilePlace {
                        round: round.clone(),
                        org: org.clone(),
                        criterion: code.clone(),
                        pass_fail: criterion.as_ref().is_some_and(|c| matches!(c.kind, CriterionKind::PassFail)),
                    }
                    files
                    editable=Signal::derive(move || open && decision.get() != Decision::Approved)
                />
            </td>
            <td>{or_dash(&record.inspector)}</td>
            <td class="review-cell-actions">
                {move || match decision.get() {
                    Decision::Approved => view! {
                        <p class="status status-done" role="status">{tr(|t| t.approved_done)}</p>
                    }
                    .into_any(),
                    Decision::Returned => view! {
                        <p class="status status-done" role="status">{tr(|t| t.returned_done)}</p>
                    }
                    .into_any(),
                    Decision::Waiting => view! {
                        <div class="review-actions">
                            <button type="button" class="button approve" disabled=move || busy.get() on:click=move |_| act(true)>
                                {tr(|t| t.approve)}
                            </button>
                            <button
                                type="button"
                                class="button button-quiet give-back"
                                disabled=move || busy.get()
                                on:click=move |_| decision.set(Decision::Returning)
                            >
                                {tr(|t| t.give_back)}
                            </button>
                        </div>
                    }
                    .into_any(),
                    Decision::Returning => {
                        let comment_id = comment_id.clone();
                        view! {
                            <div class="review-return">
                                <div class="field field-wide">
                                    <label for=comment_id.clone()>{tr(|t| t.comment)}</label>
                                    <textarea
                                        id=comment_id
                                        rows="3"
                                        required
                                        prop:value=move || comment.get()
                                        on:input=move |ev| comment.set(event_target_value(&ev))
                                    ></textarea>
                                </div>
                                <div class="review-actions">
                                    <button type="button" class="button confirm-return" disabled=move || busy.get() on:click=move |_| act(false)>
                                        {tr(|t| t.confirm_return)}
                                    </button>
                                    <button type="button" class="button button-quiet" on:click=move |_| decision.set(Decision::Waiting)>
                                        {tr(|t| t.cancel)}
                                    </button>
                                </div>
                            </div>
                        }
                        .into_any()
                    }
                }}
                {move || error.get().map(|e| view! { <p class="status status-error" role="alert">{e}</p> })}
                <p class="history-link">
                    <a href=addresses::record_history(&round, &org, &code)>{tr(|t| t.history)}</a>
                </p>
            </td>
        </tr>
    }
}
