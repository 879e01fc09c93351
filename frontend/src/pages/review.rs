//! The reviewer's queue: the submitted records of the rounds they review, each approved or
//! returned with a comment in place.

use crate::i18n::Labels;
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
            let files = api::round_files(round).await?;
            Ok::<_, CallError>((found, catalog, organizations, records, files))
        }
    });
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <section class="card review-round" id=format!("queue-{round}")>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                        Ok((found, catalog, organizations, records, files)) => {
                            let files = RwSignal::new(files);
                            let open = found.as_ref().is_some_and(|r| r.state == RoundState::Open);
                            let title = found
                                .map(|r| lang.get().pick(&r.name_vi, &r.name_en).to_owned())
                                .unwrap_or_default();
                            let items = if records.is_empty() {
                                view! { <Empty sentence=|t| t.queue_empty /> }.into_any()
                            } else {
                                records
                                    .into_iter()
                                    .map(|record| {
                                        view! {
                                            <ReviewItem
                                                record
                                                catalog=catalog.clone()
                                                organizations=organizations.clone()
                                                files
                                                open
                                            />
                                        }
                                    })
                                    .collect_view()
                                    .into_any()
                            };
                            view! {
                                <h2>{title}</h2>
                                <ul class="review-list">{items}</ul>
                            }
                                .into_any()
                        }
                    }
                })}
            </Transition>
        </section>
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
    catalog: Option<Catalog>,
    organizations: Vec<Organization>,
    files: RwSignal<Vec<FileView>>,
    open: bool,
) -> impl IntoView {
    let lang = use_lang();
    let criterion = catalog
        .as_ref()
        .and_then(|c| c.criteria.iter().find(|c| c.code == record.criterion))
        .cloned();
    let organization = organizations.into_iter().find(|o| o.id == record.organization);
    let decision = RwSignal::new(Decision::Waiting);
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
    let t = l.texts();
    let org_name = organization.map_or_else(|| org.clone(), |o| l.pick(&o.name_vi, &o.name_en).to_owned());
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
        <li class="review-item" id=item_id>
            <p class="detail-title">
                <strong>{org_name}</strong>
                " · "
                <span class="code">{code.clone()}</span>
                " "
                {criterion_name}
            </p>
            <dl class="detail-fields">
                <div><dt>{t.outcome}</dt><dd class="review-outcome">{outcome}</dd></div>
                <div><dt>{t.evidence}</dt><dd><EvidenceText text=record.evidence.clone() /></dd></div>
                <div><dt>{t.note}</dt><dd>{or_dash(&record.note)}</dd></div>
                <div><dt>{t.inspector}</dt><dd>{or_dash(&record.inspector)}</dd></div>
            </dl>
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
            <p class="history-link">
                <a href=addresses::record_history(&round, &org, &code)>{tr(|t| t.history)}</a>
            </p>
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
        </li>
    }
}
