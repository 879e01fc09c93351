//! One record's history: every change the audit trail holds for it, oldest first.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::addresses;
use crate::api;
use crate::components::guard::for_roles;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::context::{tr, use_lang, use_session};
use crate::i18n::Labels;
use crate::pages::keep_title;
use crate::view_model::checklist::{audit_time, change_summary};
use scorecard_domain::Role;

/// `/rounds/{round}/records/{org}/{code}/history`.
#[component]
pub fn HistoryPage() -> impl IntoView {
    keep_title(|t| t.history, String::new);
    let params = use_params_map();
    let get = move |key: &str| params.with(|p| p.get(key).unwrap_or_default());
    let title = move || format!("{} · {}", get("org"), get("code"));
    view! {
        <div class="card">
            <h1 class="page-title">{tr(|t| t.history)} ": " {title}</h1>
            {for_roles(&[Role::Inspector, Role::Reviewer, Role::Admin, Role::Leader], move |_| view! { <Entries /> })}
        </div>
    }
}

#[component]
fn Entries() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let params = use_params_map();
    let get = move |key: &str| params.with(|p| p.get(key).unwrap_or_default());
    let entries = LocalResource::new(move || api::record_history(get("round"), get("org"), get("code")));
    let retry = Callback::new(move |()| entries.refetch());
    let is_inspector = move || {
        session.with(|s| {
            s.as_ref()
                .and_then(|u| u.as_ref())
                .is_some_and(|u| u.role == Role::Inspector)
        })
    };
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match entries.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <Empty sentence=|t| t.no_history_entries /> }.into_any(),
                    Ok(list) => {
                        let l = lang.get();
                        let rows = list
                            .into_iter()
                            .map(|entry| {
                                view! {
                                    <tr>
                                        <td>{audit_time(l, &entry.at)}</td>
                                        <td>{entry.actor}</td>
                                        <td>{entry.action}</td>
                                        <td>{change_summary(&entry.before)}</td>
                                        <td>{change_summary(&entry.after)}</td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let t = l.texts();
                        view! {
                            <div class="table-scroll">
                                <table class="data-table" id="history-table">
                                    <thead>
                                        <tr>
                                            <th scope="col">{t.time}</th>
                                            <th scope="col">{t.actor}</th>
                                            <th scope="col">{t.action}</th>
                                            <th scope="col">{t.before_change}</th>
                                            <th scope="col">{t.after_change}</th>
                                        </tr>
                                    </thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
        {move || is_inspector().then(|| view! {
            <p>
                <a href=addresses::checklist(&get("round"), &get("org"))>{tr(|t| t.back_to_checklist)}</a>
            </p>
        })}
    }
}
