//! An evidence text as a person wrote it, its `http(s)` addresses as links that open in a new
//! tab and everything else as text, so a `javascript:` or `data:` address never becomes a link
//! (issue 16).

use leptos::prelude::*;

use crate::format;
use crate::view_model::checklist::{EvidencePiece, evidence_pieces};

/// The evidence text, or a dash when there is none.
#[component]
pub fn EvidenceText(text: String) -> impl IntoView {
    if text.trim().is_empty() {
        return format::MISSING.into_any();
    }
    evidence_pieces(&text)
        .into_iter()
        .map(|piece| match piece {
            EvidencePiece::Text(text) => text.into_any(),
            EvidencePiece::Link(href) => {
                let shown = href.clone();
                view! {
                    <a href=href rel="noopener noreferrer nofollow" target="_blank">
                        {shown}
                    </a>
                }
                .into_any()
            }
        })
        .collect_view()
        .into_any()
}
