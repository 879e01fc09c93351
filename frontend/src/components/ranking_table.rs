//! The ranking of a round as a table: rank, organisation, peer group, score, band, compliance.

use leptos::prelude::*;
use scorecard_domain::{Band, CatalogId, Ranking, RankingEntry, Round};

use crate::api;
use crate::components::status::{Empty, ErrorNotice, Loading, Refreshing};
use crate::format::{compliant_vi, group_vi, optional_score_vi, rank_change_vi, rank_vi};

/// Loads the official ranking of `round` and the bands of its catalog, and shows the table.
#[component]
pub fn RankingSection(round: Signal<Round>) -> impl IntoView {
    let round_id = Memo::new(move |_| round.with(|r| r.id.clone()));
    let catalog_id: Memo<CatalogId> = Memo::new(move |_| round.with(|r| r.catalog.clone()));
    let ranking = LocalResource::new(move || api::ranking(round_id.get()));
    let catalog = LocalResource::new(move || api::catalog(catalog_id.get()));
    let (pending, set_pending) = signal(false);
    let retry = Callback::new(move |()| {
        ranking.refetch();
        catalog.refetch();
    });
    view! {
        <section
            class="card"
            aria-labelledby="ranking-heading"
            aria-busy=move || if pending.get() { "true" } else { "false" }
        >
            <h2 id="ranking-heading">"Xếp hạng"</h2>
            <Transition fallback=Loading set_pending>
                <Refreshing pending />
                {move || Suspend::new(async move {
                    // Without the catalog the table still stands: bands fall back to the
                    // default labels and colours, or to their ids.
                    let bands = catalog.await.map_or_else(|_| Band::defaults(), |c| c.bands);
                    match ranking.await {
                        Ok(ranking) if ranking.entries.is_empty() => {
                            view! {
                                <Empty sentence="Đợt kiểm tra này chưa có đơn vị nào được chấm điểm chính thức." />
                            }
                                .into_any()
                        }
                        Ok(ranking) => {
                            let round_name = round.with_untracked(|r| r.name_vi.clone());
                            view! { <RankingTable ranking bands round_name /> }.into_any()
                        }
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

/// One row per entry, in the server's order (score, then Vietnamese name).
#[component]
fn RankingTable(ranking: Ranking, bands: Vec<Band>, round_name: String) -> impl IntoView {
    // The page asks for official figures; the caption still says what actually came back.
    let kind = if ranking.preliminary {
        "sơ bộ"
    } else {
        "chính thức"
    };
    let caption = format!(
        "{round_name}: xếp hạng {kind} {} đơn vị, điểm tối đa 100.",
        ranking.entries.len()
    );
    let rows = ranking
        .entries
        .into_iter()
        .map(|entry| ranking_row(entry, &bands))
        .collect_view();
    // The wrapper scrolls sideways on narrow screens; it is focusable and named so keyboard
    // and screen-reader users can reach and scroll it too.
    view! {
        <div class="table-scroll" role="region" aria-labelledby="ranking-caption" tabindex="0">
            <table id="ranking-table" class="ranking">
                <caption id="ranking-caption">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col" class="col-rank">"Hạng"</th>
                        <th scope="col" class="col-name">"Đơn vị"</th>
                        <th scope="col">"Khối"</th>
                        <th scope="col" class="num">"Điểm"</th>
                        <th scope="col">"Xếp loại"</th>
                        <th scope="col">"Đạt yêu cầu"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

fn ranking_row(entry: RankingEntry, bands: &[Band]) -> impl IntoView + use<> {
    let band = entry.band.as_deref().map(|id| band_badge(id, bands));
    let change = entry.rank_change.map(rank_change_marker);
    let compliant_class = if entry.compliant {
        "compliance compliance-yes"
    } else {
        "compliance compliance-no"
    };
    let compliant_icon = if entry.compliant { "✓" } else { "✗" };
    view! {
        <tr>
            <td class="col-rank">
                <span class="rank">{rank_vi(entry.rank)}</span>
                {change}
            </td>
            <th scope="row" class="col-name">{entry.name_vi}</th>
            <td>{group_vi(&entry.group).to_owned()}</td>
            <td class="num">{optional_score_vi(entry.score)}</td>
            <td>{band}</td>
            <td>
                <span class=compliant_class>
                    <span class="compliance-icon" aria-hidden="true">{compliant_icon}</span>
                    {compliant_vi(entry.compliant)}
                </span>
            </td>
        </tr>
    }
}

/// The band's label on a badge edged in the band's colour; the text carries the meaning, so
/// the colour is never the only cue.
fn band_badge(id: &str, bands: &[Band]) -> impl IntoView + use<> {
    let band = bands.iter().find(|band| band.id == id);
    let label = band.map_or_else(|| id.to_owned(), |band| band.label_vi.clone());
    let color = band
        .map(|band| band.color.clone())
        .filter(|color| !color.is_empty());
    // Set through the CSSOM rather than a `style` attribute, which a strict CSP forbids.
    view! {
        <span class="band" style=("--band-color", color.unwrap_or_else(|| "currentColor".to_owned()))>
            <span class="band-dot" aria-hidden="true"></span>
            {label}
        </span>
    }
}

fn rank_change_marker(change: i32) -> impl IntoView {
    let change = rank_change_vi(change);
    view! {
        <span
            class=change.direction.class()
            role="img"
            aria-label=change.label.clone()
            title=change.label
        >
            {change.symbol}
        </span>
    }
}
