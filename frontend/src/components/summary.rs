//! The briefing sentences of a round, as the server wrote them.

use leptos::prelude::*;
use scorecard_domain::RoundId;

use crate::api;
use crate::components::status::{Empty, ErrorNotice, Loading, Refreshing};

/// Loads the summary of `round` and lists its Vietnamese sentences, one item each.
#[component]
pub fn SummarySection(round: Signal<RoundId>) -> impl IntoView {
    let summary = LocalResource::new(move || api::summary(round.get()));
    let (pending, set_pending) = signal(false);
    let retry = Callback::new(move |()| summary.refetch());
    view! {
        <section
            class="card"
            aria-labelledby="summary-heading"
            aria-busy=move || if pending.get() { "true" } else { "false" }
        >
            <h2 id="summary-heading">"Tóm tắt kết quả kiểm tra"</h2>
            <Transition fallback=Loading set_pending>
                <Refreshing pending />
                {move || Suspend::new(async move {
                    match summary.await {
                        Ok(summary) if summary.sentences_vi.is_empty() => {
                            view! {
                                <Empty sentence="Đợt kiểm tra này chưa có kết quả đã duyệt để tóm tắt." />
                            }
                                .into_any()
                        }
                        Ok(summary) => sentence_list(summary.sentences_vi).into_any(),
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

fn sentence_list(sentences: Vec<String>) -> impl IntoView {
    view! {
        <ul id="summary-sentences" class="sentences">
            {sentences.into_iter().map(|sentence| view! { <li>{sentence}</li> }).collect_view()}
        </ul>
    }
}
