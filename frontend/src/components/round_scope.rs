//! What every page of one round shares: finding the round the address names, the round
//! picker, and the flags that say what kind of figures these are.

use crate::i18n::Labels;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_params_map, use_query_map};
use scorecard_domain::Round;

use crate::addresses;
use crate::components::status::{Empty, ErrorNotice, Loading, Problem};
use crate::context::{may_see_preliminary, tr, use_lang, use_rounds};
use crate::format;
use crate::i18n::Texts;
use crate::rounds::default_round;

/// The round a page shows and whether it shows preliminary figures; both follow the address.
#[derive(Clone, Copy)]
pub struct RoundView {
    pub round: Memo<Round>,
    pub preliminary: Memo<bool>,
}

impl RoundView {
    /// The round's id, tracked.
    pub fn id(self) -> String {
        self.round.with(|r| r.id.to_string())
    }
}

/// Finds the round named by the `:round` parameter among the rounds the app loaded and hands
/// it to `render` below the page's `title` and the round bar; an unknown round gets an error
/// with a way to the newest.
#[component]
pub fn RoundScope<F, V>(title: fn(&Texts) -> &'static str, render: F) -> impl IntoView
where
    F: Fn(RoundView) -> V + Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let params = use_params_map();
    let query = use_query_map();
    let requested = Memo::new(move |_| params.read().get("round").unwrap_or_default());
    let preliminary = Memo::new(move |_| query.read().get("preliminary").as_deref() == Some("true"));
    let rounds = use_rounds();
    let retry = Callback::new(move |()| rounds.refetch());
    view! {
        <h1 class="page-title">{tr(title)}</h1>
        <Suspense fallback=Loading>
            {move || {
                let render = render.clone();
                Suspend::new(async move {
                    match rounds.await {
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                        Ok(list) => {
                            let Some(newest_round) = default_round(&list).cloned() else {
                                return view! { <Empty sentence=|t| t.no_rounds /> }.into_any();
                            };
                            let newest_href = addresses::overview(newest_round.id.as_str());
                            let found = {
                                let list = list.clone();
                                Memo::new(move |_| {
                                    requested.with(|id| list.iter().find(|r| r.id.as_str() == id).cloned())
                                })
                            };
                            // Keeps the last round found, so views below never see a gap
                            // while an unknown address swaps them for the error.
                            let round = Memo::new(move |previous: Option<&Round>| {
                                found
                                    .get()
                                    .or_else(|| previous.cloned())
                                    .unwrap_or_else(|| newest_round.clone())
                            });
                            let view = RoundView { round, preliminary };
                            let render = render.clone();
                            view! {
                                <Show
                                    when=move || found.with(Option::is_some)
                                    fallback=move || {
                                        view! {
                                            <Problem
                                                sentence=|t| t.unknown_round
                                                href=newest_href.clone()
                                                link=|t| t.go_to_newest
                                            />
                                        }
                                    }
                                >
                                    <RoundBar rounds=list.clone() view />
                                    {render(view)}
                                </Show>
                            }
                                .into_any()
                        }
                    }
                })
            }}
        </Suspense>
    }
}

/// The round picker and the flags of the round in view.
#[component]
fn RoundBar(rounds: Vec<Round>, view: RoundView) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let navigate = use_navigate();
    let on_change = move |event| {
        let id = event_target_value(&event);
        let target = addresses::with_round(
            &location.pathname.get_untracked(),
            &location.search.get_untracked(),
            &id,
        );
        navigate(&target, NavigateOptions::default());
    };
    let selected = move || view.id();
    let options = rounds
        .into_iter()
        .map(|round| {
            let id = round.id.to_string();
            let value = id.clone();
            let is_selected = move || selected() == id;
            view! {
                <option value=value prop:selected=is_selected>
                    {move || lang.get().pick(&round.name_vi, &round.name_en).to_owned()}
                </option>
            }
        })
        .collect_view();
    let meta = move || {
        let lang = lang.get();
        view.round.with(|r| {
            format!(
                "{} · {}",
                format::period(lang, r.starts_on, r.ends_on),
                format::state(lang, r.state)
            )
        })
    };
    let illustrative = move || view.round.with(|r| r.illustrative);
    let may_see = may_see_preliminary();
    let toggle_href = move || {
        let search = location.search.get();
        let value = (!view.preliminary.get()).then_some("true");
        format!(
            "{}{}",
            location.pathname.get(),
            addresses::set_query(&search, "preliminary", value)
        )
    };
    // The briefing of what the page shows: this round, peer group, view and language.
    let query = use_query_map();
    let download = move |format: &str| {
        let scope = query.read().get("scope").unwrap_or_else(|| "all".to_owned());
        format!(
            "/api/v1/rounds/{}/export.{format}?scope={scope}&preliminary={}&lang={}",
            view.id(),
            view.preliminary.get(),
            lang.get().code()
        )
    };
    view! {
        <section class="round-bar" aria-label=tr(|t| t.current_round)>
            <div class="round-picker">
                <label for="round-picker">{tr(|t| t.round)}</label>
                <select id="round-picker" name="round" on:change=on_change>
                    {options}
                </select>
                <p class="round-meta">{meta}</p>
            </div>
            <ul class="flags">
                <Show
                    when=move || view.preliminary.get()
                    fallback=move || {
                        view! {
                            <li class="flag flag-official" id="official-flag">
                                <strong>{tr(|t| t.official)}</strong>
                                <span class="flag-note">{tr(|t| t.official_note)}</span>
                            </li>
                        }
                    }
                >
                    <li class="flag flag-preliminary" id="preliminary-flag">
                        <strong>{tr(|t| t.preliminary)}</strong>
                        <span class="flag-note">{tr(|t| t.preliminary_note)}</span>
                    </li>
                </Show>
                <Show when=illustrative>
                    <li class="flag flag-illustrative" id="illustrative-flag">
                        <strong>{tr(|t| t.illustrative)}</strong>
                        <span class="flag-note">{tr(|t| t.illustrative_note)}</span>
                    </li>
                </Show>
                // Offered only to those the server shows preliminary figures to; anyone on a
                // preliminary address may go back to the official one.
                <Show when=move || view.preliminary.get() || may_see()>
                    <li class="flag-toggle">
                        <a href=toggle_href>
                            {move || {
                                let t = lang.get().texts();
                                if view.preliminary.get() { t.show_official } else { t.show_preliminary }
                            }}
                        </a>
                    </li>
                </Show>
            </ul>
            <nav class="downloads" aria-label=tr(|t| t.downloads)>
                <span class="downloads-label">{tr(|t| t.downloads)}":"</span>
                <a id="download-pdf" href=move || download("pdf") download="">{tr(|t| t.download_pdf)}</a>
                <a id="download-xlsx" href=move || download("xlsx") download="">{tr(|t| t.download_xlsx)}</a>
                <a id="download-json" href=move || download("json") download="">{tr(|t| t.download_json)}</a>
            </nav>
        </section>
    }
}
