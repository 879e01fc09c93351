//! A chart on the page: a figure with a caption around the SVG that `crate::charts` drew.

use leptos::prelude::*;

/// Shows `svg` (redrawn whenever it changes) under `caption`; `note` says where the same
/// figures are as text.
#[component]
pub fn ChartFigure(
    #[prop(into)] caption: Signal<String>,
    #[prop(into)] note: Signal<String>,
    #[prop(into)] svg: Signal<String>,
    #[prop(optional)] id: &'static str,
) -> impl IntoView {
    view! {
        <figure class="chart" id=id>
            <figcaption>
                <strong>{caption}</strong>
                <span class="chart-note">{note}</span>
            </figcaption>
            // The markup comes from `crate::charts`, which escapes every text it draws.
            <div class="chart-frame" inner_html=svg></div>
        </figure>
    }
}
