//! The inspector's start page: the organisations assigned to them, by round, each a link to
//! its checklist.

use leptos::prelude::*;

use crate::addresses;
use crate::api::{self, CallError};
use crate::components::guard::for_roles;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::context::{tr, use_lang, use_rounds};
use crate::format;
use crate::pages::keep_title;
use scorecard_api::Me;
use scorecard_domain::Role;

/// `/work`.
#[component]
pub fn WorkPage() -> impl IntoView {
    keep_title(|t| t.nav_work, String::new);
    view! {
        <div class="card">
            <h1 class="page-title">{tr(|t| t.nav_work)}</h1>
            <p class="muted">{tr(|t| t.work_note)}</p>
            {for_roles(&[Role::Inspector], |_| view! { <Assigned /> })}
        </div>
    }
}

#[component]
fn Assigned() -> impl IntoView {
    let lang = use_lang();
    let rounds = use_rounds();
    let data = LocalResource::new(|| async {
        let me: Me = api::me().await?;
        let organizations = api::organizations().await?;
        Ok::<_, CallError>((me, organizations))
    });
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let rounds = rounds.await.unwrap_or_default();
                match data.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok((me, _)) if me.assignments.is_empty() => {
                        view! { <Empty sentence=|t| t.no_assignments /> }.into_any()
                    }
                    Ok((me, organizations)) => {
                        let lang = lang.get();
                        me.assignments
                            .into_iter()
                            .map(|assigned| {
                                let round = rounds.iter().find(|r| r.id == assigned.round);
                                let title = round.map_or_else(
                                    || assigned.round.to_string(),
                                    |r| lang.pick(&r.name_vi, &r.name_en).to_owned(),
                                );
                                let state = round
                                    .map(|r| format::state(lang, r.state))
                                    .unwrap_or_default();
                                let links = assigned
                                    .organizations
                                    .iter()
                                    .map(|org| {
                                        let name = organizations
                                            .iter()
                                            .find(|o| o.id == *org)
                                            .map_or_else(
                                                || org.to_string(),
                                                |o| lang.pick(&o.name_vi, &o.name_en).to_owned(),
                                            );
                                        view! {
                                            <li>
                                                <a href=addresses::checklist(assigned.round.as_str(), org.as_str())>{name}</a>
                                            </li>
                                        }
                                    })
                                    .collect_view();
                                view! {
                                    <section class="work-round" aria-label=title.clone()>
                                        <h2>{title.clone()} " · " <span class="muted">{state}</span></h2>
                                        <ul class="work-list">{links}</ul>
                                    </section>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}
