//! `/rounds/{round}`: the briefing of one round at a glance — key figures, the briefing
//! sentences and the ranking.

use crate::i18n::Labels;
use leptos::prelude::*;
use scorecard_domain::{Band, Ranking};

use crate::addresses;
use crate::api;
use crate::components::ranking_table::RankingTable;
use crate::components::round_scope::{RoundScope, RoundView};
use crate::components::status::{Empty, ErrorNotice, Loading, Refreshing};
use crate::components::summary::SummarySection;
use crate::context::{tr, use_lang};
use crate::format;
use crate::pages::keep_title;
use crate::view_model::ranking::{caption, key_figures};

/// The overview of the round the address names.
#[component]
pub fn OverviewPage() -> impl IntoView {
    view! { <RoundScope title=|t| t.nav_overview render=|view| view! { <Overview view /> } /> }
}

#[component]
fn Overview(view: RoundView) -> impl IntoView {
    let lang = use_lang();
    keep_title(
        |t| t.nav_overview,
        move || {
            let lang = lang.get();
            view.round.with(|r| lang.pick(&r.name_vi, &r.name_en).to_owned())
        },
    );
    let ranking =
        LocalResource::new(move || api::ranking(view.id(), "all".to_owned(), view.preliminary.get()));
    let catalog = LocalResource::new(move || api::catalog(view.round.with(|r| r.catalog.clone())));
    let (pending, set_pending) = signal(false);
    let retry = Callback::new(move |()| {
        ranking.refetch();
        catalog.refetch();
    });
    let loaded = move || async move {
        // Without the catalog the table still stands: bands fall back to the default labels
        // and colours.
        let bands = catalog.await.map_or_else(|_| Band::defaults(), |c| c.bands);
        ranking.await.map(|ranking| (ranking, bands))
    };
    view! {
        <section class="card" aria-labelledby="figures-heading">
            <h2 id="figures-heading">{tr(|t| t.key_figures)}</h2>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match ranking.await {
                        Ok(ranking) => view! { <KeyFigures ranking /> }.into_any(),
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
        <SummarySection view />
        <section
            class="card"
            aria-labelledby="ranking-heading"
            aria-busy=move || if pending.get() { "true" } else { "false" }
        >
            <h2 id="ranking-heading">{tr(|t| t.ranking_heading)}</h2>
            <Transition fallback=Loading set_pending>
                <Refreshing pending />
                {move || Suspend::new(async move {
                    match loaded().await {
                        Ok((ranking, _)) if ranking.entries.is_empty() => {
                            view! { <Empty sentence=|t| t.no_ranking /> }.into_any()
                        }
                        Ok((ranking, bands)) => {
                            let round = view.id();
                            let count = ranking.entries.len();
                            let preliminary = ranking.preliminary;
                            // The round of these figures: the address may already name the next
                            // one while its figures load.
                            let shown = view.round.get_untracked();
                            let table_caption = Signal::derive(move || {
                                let lang = lang.get();
                                let name = lang.pick(&shown.name_vi, &shown.name_en);
                                caption(lang, name, "all", preliminary, count)
                            });
                            let more = addresses::rankings(&round, "all");
                            view! {
                                <RankingTable entries=ranking.entries bands caption=table_caption round />
                                <p class="more">
                                    <a href=more>{tr(|t| t.full_ranking)}</a>
                                </p>
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

/// Organisations inspected, how many comply, the average score and who ranks first.
#[component]
fn KeyFigures(ranking: Ranking) -> impl IntoView {
    let lang = use_lang();
    let figures = key_figures(&ranking.entries);
    let round = ranking.round.to_string();
    move || {
        let lang = lang.get();
        let t = lang.texts();
        let leaders = figures
            .first
            .iter()
            .map(|entry| {
                let href = addresses::organization(entry.organization.as_str(), Some(&round));
                view! {
                    <li>
                        <a href=href>{lang.pick(&entry.name_vi, &entry.name_en).to_owned()}</a>
                        " "
                        <span class="figure-aside">{format::optional_score(lang, entry.score)}</span>
                    </li>
                }
            })
            .collect_view();
        view! {
            <dl class="figures" id="key-figures">
                <div class="figure">
                    <dt>{t.inspected}</dt>
                    <dd class="figure-value">{figures.inspected}</dd>
                </div>
                <div class="figure">
                    <dt>{t.compliant_count}</dt>
                    <dd class="figure-value">{format::count_of(figures.compliant, figures.inspected)}</dd>
                </div>
                <div class="figure">
                    <dt>{t.average_score}</dt>
                    <dd class="figure-value">{format::optional_score(lang, figures.average)}</dd>
                </div>
                <div class="figure figure-wide">
                    <dt>{t.first_ranked}</dt>
                    <dd>
                        <ul class="leaders" id="first-ranked">{leaders}</ul>
                    </dd>
                </div>
            </dl>
        }
    }
}
