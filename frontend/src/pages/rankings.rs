//! `/rounds/{round}/rankings`: the ranking within a peer group (all, ministries, agencies),
//! sortable by any column, and a bar chart of the scores in band colours.

use crate::i18n::Labels;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use scorecard_domain::Band;

use crate::addresses;
use crate::api;
use crate::charts::{bar_chart, width_for};
use crate::components::chart::ChartFigure;
use crate::components::ranking_table::RankingTable;
use crate::components::round_scope::{RoundScope, RoundView};
use crate::components::status::{Empty, ErrorNotice, Loading, Refreshing};
use crate::context::{tr, use_lang, use_viewport};
use crate::pages::keep_title;
use crate::view_model::ranking::{SCOPES, Sort, bars, caption, scope_label, sorted};

/// The rankings of the round the address names.
#[component]
pub fn RankingsPage() -> impl IntoView {
    view! { <RoundScope title=|t| t.ranking_heading render=|view| view! { <Rankings view /> } /> }
}

#[component]
fn Rankings(view: RoundView) -> impl IntoView {
    let lang = use_lang();
    let viewport = use_viewport();
    let query = use_query_map();
    keep_title(
        |t| t.ranking_heading,
        move || {
            let lang = lang.get();
            view.round.with(|r| lang.pick(&r.name_vi, &r.name_en).to_owned())
        },
    );
    let scope = Memo::new(move |_| {
        query
            .read()
            .get("scope")
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| "all".to_owned())
    });
    let sort = Memo::new(move |_| {
        let query = query.read();
        Sort::from_query(query.get("sort").as_deref(), query.get("dir").as_deref())
    });
    let ranking = LocalResource::new(move || api::ranking(view.id(), scope.get(), view.preliminary.get()));
    let catalog = LocalResource::new(move || api::catalog(view.round.with(|r| r.catalog.clone())));
    // The self-assessed scores beside the verified ones, when units self-assessed (issue 13).
    let self_assessed =
        LocalResource::new(move || api::self_assessed_column(view.id(), view.preliminary.get()));
    let (pending, set_pending) = signal(false);
    let retry = Callback::new(move |()| {
        ranking.refetch();
        catalog.refetch();
    });
    view! {
        <ScopeSwitch scope />
        <section
            class="card"
            aria-labelledby="ranking-caption"
            aria-busy=move || if pending.get() { "true" } else { "false" }
        >
            <Transition fallback=Loading set_pending>
                <Refreshing pending />
                {move || Suspend::new(async move {
                    let bands = catalog.await.map_or_else(|_| Band::defaults(), |c| c.bands);
                    let self_assessed = self_assessed.await.unwrap_or_default();
                    match ranking.await {
                        Ok(ranking) if ranking.entries.is_empty() => {
                            view! { <Empty sentence=|t| t.no_ranking /> }.into_any()
                        }
                        Ok(ranking) => {
                            let count = ranking.entries.len();
                            let preliminary = ranking.preliminary;
                            let shown_scope = ranking.scope.to_string();
                            let table_caption = {
                                let shown_scope = shown_scope.clone();
                                // The round of these figures: the address may already name the
                                // next one while its figures load.
                                let shown = view.round.get_untracked();
                                Signal::derive(move || {
                                    let lang = lang.get();
                                    let name = lang.pick(&shown.name_vi, &shown.name_en);
                                    caption(lang, name, &shown_scope, preliminary, count)
                                })
                            };
                            let entries = ranking.entries.clone();
                            let chart_bands = bands.clone();
                            let svg = Signal::derive(move || {
                                let lang = lang.get();
                                let rows = sorted(&entries, sort.get(), lang);
                                let name = format!(
                                    "{}: {}",
                                    lang.texts().chart_scores,
                                    scope_label(lang, &shown_scope)
                                );
                                bar_chart(&bars(&rows, &chart_bands, lang), width_for(viewport.get()), lang, &name)
                            });
                            view! {
                                <RankingTable
                                    entries=ranking.entries
                                    bands
                                    caption=table_caption
                                    round=view.round.with_untracked(|r| r.id.to_string())
                                    sort
                                    self_assessed
                                />
                                <ChartFigure
                                    id="score-chart"
                                    caption=Signal::derive(move || lang.get().texts().chart_scores.to_owned())
                                    note=Signal::derive(move || lang.get().texts().chart_scores_note.to_owned())
                                    svg
                                />
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

/// The peer-group switch: links, so each group's ranking has its own address.
#[component]
fn ScopeSwitch(scope: Memo<String>) -> impl IntoView {
    let lang = use_lang();
    let location = use_location();
    let options = SCOPES
        .into_iter()
        .map(|option| {
            let href = move || {
                let search = location.search.get();
                let value = (option != "all").then_some(option);
                format!(
                    "{}{}",
                    location.pathname.get(),
                    addresses::set_query(&search, "scope", value)
                )
            };
            let current = move || (scope.get() == option).then_some("true");
            view! {
                <li>
                    <a href=href aria-current=current class="scope-option" data-scope=option>
                        {move || scope_label(lang.get(), option)}
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="scope-switch" aria-labelledby="scope-label">
            <span id="scope-label" class="scope-label">
                {tr(|t| t.peer_group)}
            </span>
            <ul>{options}</ul>
        </nav>
    }
}
