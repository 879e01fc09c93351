//! `/`: sends the reader to the newest round, or to `?round=ID` (the first slice's address).

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::addresses;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::context::use_rounds;
use crate::rounds::default_round;

/// Waits for the rounds, then replaces itself with the overview of the round to show.
#[component]
pub fn Home() -> impl IntoView {
    let rounds = use_rounds();
    let query = use_query_map();
    let navigate = use_navigate();
    let retry = Callback::new(move |()| rounds.refetch());
    view! {
        <Suspense fallback=Loading>
            {move || {
                let navigate = navigate.clone();
                Suspend::new(async move {
                    match rounds.await {
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                        Ok(list) => {
                            // An unknown `?round=` still goes to its address, whose page says
                            // that the round does not exist and offers the newest; one that is
                            // not an id at all (`../..`, `x?y`) is ignored (issue 16).
                            let target = query
                                .get_untracked()
                                .get("round")
                                .filter(|id| addresses::is_slug(id))
                                .or_else(|| default_round(&list).map(|r| r.id.to_string()));
                            match target {
                                Some(id) => {
                                    // Replace: Back should not return to this waypoint.
                                    let options = NavigateOptions {
                                        replace: true,
                                        ..NavigateOptions::default()
                                    };
                                    request_animation_frame(move || {
                                        navigate(&addresses::overview(&id), options)
                                    });
                                    view! { <Loading /> }.into_any()
                                }
                                None => view! { <Empty sentence=|t| t.no_rounds /> }.into_any(),
                            }
                        }
                    }
                })
            }}
        </Suspense>
    }
}
