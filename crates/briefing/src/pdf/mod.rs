//! The PDF briefing of a round: an administrative report heading, the briefing sentences,
//! the ranking, the criteria, the charts and a note on the data's status, on A4 pages with
//! page numbers. What it says is `content.rs` (laid out by [`layout`] into pages of drawing
//! operations); how it is drawn is `render.rs` (krilla, the embedded font, subset).

mod backend;
mod content;
pub mod layout;
pub mod notice;
mod render;

use crate::text::Lang;
use crate::{BriefingError, Heading, RoundReport};

pub use content::layout;

/// The briefing with its annexes (self-assessments, findings) as PDF bytes.
pub fn briefing_with(
    report: &RoundReport,
    heading: &Heading,
    lang: Lang,
    annexes: &crate::Annexes,
) -> Result<Vec<u8>, BriefingError> {
    let pages = content::layout_with(report, heading, lang, annexes).pages;
    render::render(pages, &render::Frame::of_report(report, lang), lang)
}

/// The briefing of `report` in `lang` as PDF bytes.
pub fn briefing(report: &RoundReport, heading: &Heading, lang: Lang) -> Result<Vec<u8>, BriefingError> {
    render::render(
        layout(report, heading, lang).pages,
        &render::Frame::of_report(report, lang),
        lang,
    )
}
