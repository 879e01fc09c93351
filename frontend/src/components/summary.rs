//! The briefing sentences of a round, as the server wrote them, in the reader's language.

use leptos::prelude::*;

use crate::api;
use crate::components::round_scope::RoundView;
use crate::components::status::{Empty, ErrorNotice, Loading, Refreshing};
use crate::context::{tr, use_lang};

/// Loads the summary of the round in view and lists its sentences, one item each.
#[component]
pub fn SummarySection(view: RoundView) -> impl IntoView {
    let lang = use_lang();
    let summary = LocalResource::new(move || api::summary(view.id(), view.preliminary.get()));
    let (pending, set_pending) = signal(false);
    let retry = Callback::new(move |()| summary.refetch());
    view! {
        <section
            class="card"
            aria-labelledby="summary-heading"
            aria-busy=move || if pending.get() { "true" } else { "false" }
        >
            <h2 id="summary-heading">{tr(|t| t.summary_heading)}</h2>
            <Transition fallback=Loading set_pending>
                <Refreshing pending />
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(summary) => {
                            let sentences = move || match lang.get() {
                                crate::i18n::Lang::Vi => summary.sentences_vi.clone(),
                                crate::i18n::Lang::En => summary.sentences_en.clone(),
                            };
                            view! {
                                <Show
                                    when={
                                        let sentences = sentences.clone();
                                        move || !sentences().is_empty()
                                    }
                                    fallback=|| view! { <Empty sentence=|t| t.no_summary /> }
                                >
                                    <ul id="summary-sentences" class="sentences">
                                        {
                                            let sentences = sentences.clone();
                                            move || {
                                                sentences()
                                                    .into_iter()
                                                    .map(|sentence| view! { <li>{sentence}</li> })
                                                    .collect_view()
                                            }
                                        }
                                    </ul>
                                </Show>
                            }
                                .into_any()
                        }
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}
