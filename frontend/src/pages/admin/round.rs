//! `/admin/rounds/{round}`: which inspector scores which organisation, the reviewers, and a file
//! of results to import.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use scorecard_domain::{Assignment, Organization, Role, User};

use super::import::ImportFile;
use super::schedule::RoundSchedule;
use super::{Head, Outcome, data_table, frame, outcome_view, run};
use crate::api::{self, CallError};
use crate::components::status::{ErrorNotice, Loading};
use crate::context::{tr, use_lang};
use crate::i18n::{Labels, Lang};

/// `/admin/rounds/{round}`.
#[component]
pub fn AdminRound() -> impl IntoView {
    frame(|t| t.manage_round, || view! { <RoundPeople /> })
}

#[component]
fn RoundPeople() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let round = move || params.with(|p| p.get("round").unwrap_or_default());
    let data = LocalResource::new(move || {
        let round = round();
        async move {
            let assignments = api::assignments(round.clone()).await?;
            let reviewers = api::reviewers(round).await?;
            let users: Vec<User> = api::users().await?.into_iter().map(|u| u.user).collect();
            let organizations = api::organizations().await?;
            Ok::<_, CallError>((assignments, reviewers, users, organizations))
        }
    });
    let retry = Callback::new(move |()| data.refetch());
    let outcome: Outcome = RwSignal::new(None);
    let refetch = move || data.refetch();
    view! {
        <h2>{tr(|t| t.round)} " " {round}</h2>
        {outcome_view(outcome, "admin-outcome")}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok((assignments, reviewers, users, organizations)) => {
                        let l = lang.get();
                        let t = l.texts();
                        let rid = round();
                        let inspectors: Vec<User> = users.iter().filter(|u| u.role == Role::Inspector).cloned().collect();
                        let rows = assignments
                            .into_iter()
                            .map(|a| assignment_row(a, &organizations, &inspectors, &rid, outcome, refetch, l))
                            .collect_view();
                        let heads = [Head::Shown(|t| t.col_organization), Head::Shown(|t| t.inspector)];
                        let reviewer_items = if reviewers.is_empty() {
                            view! { <li>{t.no_reviewers}</li> }.into_any()
                        } else {
                            reviewers
                                .iter()
                                .map(|u| {
                                    let (rid, id) = (rid.clone(), u.id);
                                    view! {
                                        <li>
                                            {u.name().to_owned()} " "
                                            <button type="button" class="button button-quiet" on:click=move |_| {
                                                run(outcome, api::set_reviewer(rid.clone(), id, false), refetch);
                                            }>{t.remove}</button>
                                        </li>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        };
                        let candidates = users
                            .iter()
                            .filter(|u| u.role == Role::Reviewer && !reviewers.iter().any(|r| r.id == u.id))
                            .map(|u| view! { <option value=u.id.to_string()>{u.name().to_owned()}</option> })
                            .collect_view();
                        let rid_add = rid.clone();
                        view! {
                            <h3>{t.assignments}</h3>
                            {data_table("assignments-table", t, &heads, rows)}
                            <h3>{t.reviewers}</h3>
                            <ul id="reviewers-list">{reviewer_items}</ul>
                            <div class="field">
                                <label for="add-reviewer">{t.add_reviewer}</label>
                                <select id="add-reviewer" on:change=move |ev| {
                                    if let Ok(id) = event_target_value(&ev).parse::<i64>() {
                                        run(outcome, api::set_reviewer(rid_add.clone(), id, true), refetch);
                                    }
                                }>
                                    <option value="">"—"</option>
                                    {candidates}
                                </select>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
        <RoundSchedule round=Signal::derive(round) />
        <ImportFile round=Signal::derive(round) />
    }
}

/// One organisation of the round with the list to pick its inspector from.
fn assignment_row<R: Fn() + Copy + 'static>(
    assignment: Assignment,
    organizations: &[Organization],
    inspectors: &[User],
    round: &str,
    outcome: Outcome,
    refetch: R,
    lang: Lang,
) -> impl IntoView + use<R> {
    let t = lang.texts();
    let org = assignment.organization.to_string();
    let name = organizations
        .iter()
        .find(|o| o.id == assignment.organization)
        .map_or_else(|| org.clone(), |o| lang.pick(&o.name_vi, &o.name_en).to_owned());
    let current = assignment.inspector.as_ref().map(|u| u.id);
    let options = inspectors
        .iter()
        .map(|u| view! { <option value=u.id.to_string() selected=current == Some(u.id)>{u.name().to_owned()}</option> })
        .collect_view();
    let select_id = format!("assign-{org}");
    let round = round.to_owned();
    view! {
        <tr>
            <td><label for=select_id.clone()>{name}</label></td>
            <td>
                <select id=select_id on:change=move |ev| {
                    let inspector = event_target_value(&ev).parse::<i64>().ok();
                    run(outcome, api::assign(round.clone(), org.clone(), inspector), refetch);
                }>
                    <option value="" selected=current.is_none()>{t.nobody}</option>
                    {options}
                </select>
            </td>
        </tr>
    }
}
