//! `/trends`: for each criterion, the share of organisations meeting it in each round, as
//! small multiples, with the table they draw.

use crate::i18n::Labels;
use leptos::prelude::*;
use scorecard_domain::{Round, Summary};

use crate::api::{self, CallError};
use crate::charts::{line_chart, width_for};
use crate::components::chart::ChartFigure;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::context::{tr, use_lang, use_rounds, use_viewport};
use crate::pages::keep_title;
use crate::rounds::oldest_first;
use crate::view_model::trends::{Trends, count_cell, small_multiple, trends};

/// Trends across every round, from official figures.
#[component]
pub fn TrendsPage() -> impl IntoView {
    keep_title(|t| t.trends_heading, String::new);
    let rounds = use_rounds();
    let data = LocalResource::new(move || async move {
        let rounds = oldest_first(rounds.await?);
        let mut data: Vec<(Round, Summary)> = Vec::with_capacity(rounds.len());
        for round in rounds {
            // Rounds this reader may not see yet (not published, not signed in) are left
            // out rather than failing the page.
            match api::summary(round.id.to_string(), false).await {
                Ok(summary) => data.push((round, summary)),
                Err(error) if error.is_refusal() => {}
                Err(error) => return Err(error),
            }
        }
        Ok::<_, CallError>(data)
    });
    let retry = Callback::new(move |()| {
        rounds.refetch();
        data.refetch();
    });
    view! {
        <h1 class="page-title">{tr(|t| t.trends_heading)}</h1>
        <p class="page-note">{tr(|t| t.trends_note)}</p>
        <Suspense fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok(data) if data.is_empty() => view! { <Empty sentence=|t| t.no_rounds /> }.into_any(),
                    Ok(data) => view! { <TrendsView data /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn TrendsView(data: Vec<(Round, Summary)>) -> impl IntoView {
    let lang = use_lang();
    let viewport = use_viewport();
    let model = Memo::new(move |_| trends(&data, lang.get()));
    let multiples = move || {
        let lang = lang.get();
        let full = width_for(viewport.get());
        // Two or three charts a row on wide screens, one on phones.
        let width = if full >= 900 {
            (full - 32) / 3
        } else if full >= 600 {
            (full - 16) / 2
        } else {
            full
        };
        model.with(|model| {
            model
                .series
                .iter()
                .map(|series| {
                    let chart = small_multiple(model, series, lang);
                    let name = format!("{} {}: {}", series.code, series.name, lang.texts().share_meeting);
                    let svg = line_chart(&chart, width.max(260), 200, lang, &name);
                    let caption = format!("{} — {}", series.code, series.name);
                    view! {
                        <li>
                            <ChartFigure
                                caption=Signal::derive(move || caption.clone())
                                note=Signal::derive(String::new)
                                svg=Signal::derive(move || svg.clone())
                            />
                        </li>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <section class="card" aria-labelledby="multiples-heading">
            <h2 id="multiples-heading">{tr(|t| t.share_meeting)}</h2>
            <ul class="multiples" id="trend-charts">{multiples}</ul>
        </section>
        <section class="card" aria-labelledby="trend-table-heading">
            <h2 id="trend-table-heading">{tr(|t| t.data_table)}</h2>
            {move || model.with(|model| trends_table(model, lang.get()))}
        </section>
    }
}

/// The figures of the charts: a row per criterion, a column per round.
fn trends_table(model: &Trends, lang: crate::i18n::Lang) -> impl IntoView + use<> {
    let t = lang.texts();
    let head = model
        .rounds
        .iter()
        .map(|round| {
            let note = round.catalog_changed.then(|| {
                view! {
                    <span class="catalog-change" title=t.catalog_changed>
                        " *"
                        <span class="visually-hidden">{t.catalog_changed}</span>
                    </span>
                }
            });
            view! {
                <th scope="col" class="num">
                    <abbr title=round.name.clone()>{round.id.clone()}</abbr>
                    {note}
                </th>
            }
        })
        .collect_view();
    let rows = model
        .series
        .iter()
        .map(|series| {
            let cells = series
                .counts
                .iter()
                .map(|counts| view! { <td class="num">{count_cell(lang, *counts)}</td> })
                .collect_view();
            view! {
                <tr data-code=series.code.clone()>
                    <th scope="row">
                        {series.code.clone()}
                        " "
                        <span class="criterion-name">{series.name.clone()}</span>
                    </th>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    let footnote = model
        .rounds
        .iter()
        .any(|r| r.catalog_changed)
        .then(|| view! { <p class="chart-note">{format!("* {}", t.catalog_changed)}</p> });
    view! {
        <div class="table-scroll" role="region" aria-labelledby="trend-table-heading" tabindex="0">
            <table class="records" id="trend-table">
                <thead>
                    <tr>
                        <th scope="col">{t.criterion}</th>
                        {head}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {footnote}
    }
}
