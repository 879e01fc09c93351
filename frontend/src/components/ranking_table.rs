//! The ranking of a round as a table (rank, change, organisation, peer group, score, band,
//! compliance, completeness), optionally sortable by any column.

use crate::i18n::Labels;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate};
use scorecard_domain::self_assessment::SelfAssessedLine;
use scorecard_domain::{Band, RankingEntry};

use crate::addresses;
use crate::components::badges::{band_badge, compliance_mark, rank_change_mark};
use crate::context::use_lang;
use crate::format;
use crate::i18n::{Lang, Texts};
use crate::platform;
use crate::view_model::ranking::{Column, Sort, sorted};

/// The table. With `sort`, each header is a button that sorts by its column through the
/// address (`?sort=score&dir=desc`), so a sorted table can be shared.
#[component]
pub fn RankingTable(
    entries: Vec<RankingEntry>,
    bands: Vec<Band>,
    #[prop(into)] caption: Signal<String>,
    round: String,
    #[prop(optional)] sort: Option<Memo<Sort>>,
    /// The submitted self-assessments beside the verified scores (issue 13): a column when
    /// there is any.
    #[prop(optional)]
    self_assessed: Vec<SelfAssessedLine>,
) -> impl IntoView {
    let lang = use_lang();
    let order = move || sort.map(|s| s.get()).unwrap_or_default();
    let with_self = !self_assessed.is_empty();
    let merger_entries = entries.clone();
    let merger_note = move || {
        scorecard_domain::ranking::merger_note(&merger_entries, lang.get())
            .map(|note| view! { <p class="table-note" id="merger-note">{note}</p> })
    };
    let rows = move || {
        let lang = lang.get();
        sorted(&entries, order(), lang)
            .into_iter()
            .map(|entry| {
                let own = with_self.then(|| {
                    let line = self_assessed
                        .iter()
                        .find(|l| l.organization == entry.organization);
                    self_assessed_cell(line, lang)
                });
                ranking_row(entry, &bands, &round, lang, own)
            })
            .collect_view()
    };
    // The timing test reads this mark: the moment the first ranking table is on the page.
    Effect::new(|_| platform::mark("scorecard:ranking-table"));
    let header = move |column: Column, label: fn(&Texts) -> &'static str, class: &'static str| {
        view! { <SortableHeader column label class sort /> }
    };
    // The wrapper scrolls sideways on narrow screens; it is focusable and named so keyboard
    // and screen-reader users can reach and scroll it too.
    view! {
        <div class="table-scroll" role="region" aria-labelledby="ranking-caption" tabindex="0">
            <table id="ranking-table" class="ranking">
                <caption id="ranking-caption">{caption}</caption>
                <thead>
                    <tr>
                        {header(Column::Rank, |t| t.col_rank, "col-rank")}
                        {header(Column::Change, |t| t.col_change, "col-change")}
                        {header(Column::Name, |t| t.col_organization, "col-name")}
                        {header(Column::Group, |t| t.col_group, "")}
                        {header(Column::Score, |t| t.col_score, "num")}
                        <th scope="col">{move || lang.get().texts().col_band}</th>
                        {header(Column::Compliant, |t| t.col_compliant, "")}
                        {header(Column::Completeness, |t| t.col_completeness, "num")}
                        {with_self.then(|| view! {
                            <th scope="col" class="num col-self">{move || lang.get().pick("Tự đánh giá", "Self-assessed")}</th>
                        })}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        {merger_note}
    }
}

/// A column header; a button that sorts by the column when the table is sortable.
#[component]
fn SortableHeader(
    column: Column,
    label: fn(&Texts) -> &'static str,
    class: &'static str,
    sort: Option<Memo<Sort>>,
) -> impl IntoView {
    let lang = use_lang();
    let text = move || label(lang.get().texts());
    let Some(sort) = sort else {
        return view! { <th scope="col" class=class>{text}</th> }.into_any();
    };
    let location = use_location();
    let navigate = use_navigate();
    let on_click = move |_| {
        let next = sort.get_untracked().clicked(column);
        let search = location.search.get_untracked();
        let search = addresses::set_query(&search, "sort", Some(next.column.key()));
        let search = addresses::set_query(&search, "dir", Some(next.direction.key()));
        let target = format!("{}{search}", location.pathname.get_untracked());
        // Sorting replaces the history entry: Back leaves the table, not each click.
        navigate(
            &target,
            NavigateOptions {
                replace: true,
                scroll: false,
                ..NavigateOptions::default()
            },
        );
    };
    let aria_sort = move || sort.get().aria_for(column);
    let arrow = move || match sort.get().aria_for(column) {
        Some("ascending") => "▲",
        Some(_) => "▼",
        None => "↕",
    };
    view! {
        <th scope="col" class=class aria-sort=aria_sort>
            <button type="button" class="sort-button" on:click=on_click>
                {text}
                <span class="sort-arrow" aria-hidden="true">{arrow}</span>
            </button>
        </th>
    }
    .into_any()
}

/// The self-assessed score and how far the verified one is from it: "92,50 (−15,83)".
fn self_assessed_cell(line: Option<&SelfAssessedLine>, lang: Lang) -> String {
    match line {
        Some(line) => {
            let own = format::optional_score(lang, line.self_assessed);
            match line.difference {
                Some(difference) => format!("{own} ({})", format::score_delta(lang, difference)),
                None => own,
            }
        }
        None => format::MISSING.to_owned(),
    }
}

fn ranking_row(
    entry: RankingEntry,
    bands: &[Band],
    round: &str,
    lang: Lang,
    self_assessed: Option<String>,
) -> impl IntoView + use<> {
    let band = entry.band.as_deref().map(|id| band_badge(id, bands, lang));
    let change = match entry.rank_change {
        Some(change) => rank_change_mark(change, lang).into_any(),
        None if entry.rank.is_some() => view! {
            <span class="change change-new" title=lang.texts().new_in_ranking>
                {format::MISSING}
                <span class="visually-hidden">{lang.texts().new_in_ranking}</span>
            </span>
        }
        .into_any(),
        None => format::MISSING.into_any(),
    };
    let href = addresses::organization(entry.organization.as_str(), Some(round));
    let name = lang.pick(&entry.name_vi, &entry.name_en).to_owned();
    let completeness = format::percent(lang, entry.completeness, 0);
    let incomplete = entry.incomplete.then(|| {
        view! { <span class="incomplete-note">{format!(" ({})", lang.texts().incomplete)}</span> }
    });
    view! {
        <tr>
            <td class="col-rank">
                <span class="rank">{format::rank(entry.rank)}</span>
            </td>
            <td class="col-change">{change}</td>
            <th scope="row" class="col-name">
                <a href=href>{name}</a>
            </th>
            <td>{format::group_name(lang, &entry.group)}</td>
            <td class="num score">{format::optional_score(lang, entry.score)}</td>
            <td>{band}</td>
            <td>{compliance_mark(entry.compliant, lang)}</td>
            <td class="num">{completeness} {incomplete}</td>
            {self_assessed.map(|text| view! { <td class="num col-self">{text}</td> })}
        </tr>
    }
}
