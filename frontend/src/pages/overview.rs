//! The overview of a round: the round picker, the briefing sentences and the ranking.

use leptos::prelude::*;
use scorecard_domain::{Round, RoundId};

use crate::address;
use crate::api;
use crate::components::header::{Header, PRODUCT_NAME};
use crate::components::ranking_table::RankingSection;
use crate::components::round_banner::RoundBanner;
use crate::components::round_picker::RoundPicker;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::components::summary::SummarySection;
use crate::rounds::{Choice, choose_round, newest_first};

/// Loads the rounds, then shows the one the address asks for (`?round=ID`) or the newest.
#[component]
pub fn Overview() -> impl IntoView {
    let requested = RwSignal::new(address::requested_round());
    // Back and Forward change the address without a reload; follow them. The listener lives
    // as long as the page, so its handle is not kept.
    let _ = window_event_listener(leptos::ev::popstate, move |_| {
        requested.set(address::requested_round());
    });
    let rounds = LocalResource::new(|| async { api::rounds().await.map(newest_first) });
    let retry = Callback::new(move |()| rounds.refetch());
    view! {
        <a class="skip-link" href="#main">
            "Bỏ qua, đến nội dung chính"
        </a>
        <Suspense fallback=|| {
            view! {
                <Header />
                <main id="main" class="page">
                    <Loading />
                </main>
            }
        }>
            {move || Suspend::new(async move {
                match rounds.await {
                    Err(error) => {
                        view! {
                            <Header />
                            <main id="main" class="page">
                                <ErrorNotice error on_retry=retry />
                            </main>
                        }
                            .into_any()
                    }
                    // Untracked: picking a round updates the page below, not this whole view.
                    Ok(list) => match choose_round(&list, requested.get_untracked().as_deref()) {
                        None => {
                            view! {
                                <Header />
                                <main id="main" class="page">
                                    <Empty sentence="Chưa có đợt kiểm tra nào được tạo." />
                                </main>
                            }
                                .into_any()
                        }
                        Some(initial) => {
                            view! { <RoundPage rounds=list initial requested /> }.into_any()
                        }
                    },
                }
            })}
        </Suspense>
    }
}

/// The page for a known, non-empty list of rounds; `requested` is the round the address names.
#[component]
fn RoundPage(rounds: Vec<Round>, initial: Choice, requested: RwSignal<Option<String>>) -> impl IntoView {
    let picker_rounds = rounds.clone();
    // `rounds` is never empty here, so `choose_round` always answers; `initial` only
    // satisfies the type.
    let choice = Memo::new(move |_| {
        choose_round(&rounds, requested.get().as_deref()).unwrap_or_else(|| initial.clone())
    });
    let round = Memo::new(move |_| choice.with(|c| c.round.clone()));
    let round_id: Memo<RoundId> = Memo::new(move |_| choice.with(|c| c.round.id.clone()));
    let on_pick = Callback::new(move |id: String| {
        address::push_round(&id);
        requested.set(Some(id));
    });
    Effect::new(move |_| {
        let name = round.with(|r| r.name_vi.clone());
        document().set_title(&format!("{name} · {PRODUCT_NAME}"));
    });
    view! {
        <Header>
            <RoundPicker rounds=picker_rounds selected=round_id.into() on_pick />
        </Header>
        <main id="main" class="page">
            <RoundBanner choice />
            <SummarySection round=round_id.into() />
            <RankingSection round=round.into() />
        </main>
    }
}
