//! Small marks used in several tables: a band badge, a compliance mark, a rank-change arrow.
//! Each says its meaning in words or to screen readers, never by colour alone.

use leptos::prelude::*;
use scorecard_domain::Band;

use crate::format;
use crate::i18n::Lang;

/// The band's label on a badge edged in the band's colour.
pub fn band_badge(id: &str, bands: &[Band], lang: Lang) -> impl IntoView + use<> {
    let band = bands.iter().find(|band| band.id == id);
    let label = band.map_or_else(
        || id.to_owned(),
        |band| lang.pick(&band.label_vi, &band.label_en).to_owned(),
    );
    let color = band
        .map(|band| band.color.clone())
        .filter(|color| !color.is_empty())
        .unwrap_or_else(|| "currentColor".to_owned());
    // Set through the CSSOM rather than a `style` attribute, which a strict CSP forbids.
    view! {
        <span class="band" style=("--band-color", color)>
            <span class="band-dot" aria-hidden="true"></span>
            {label}
        </span>
    }
}

/// "✓ Đạt" or "✗ Chưa đạt".
pub fn compliance_mark(compliant: bool, lang: Lang) -> impl IntoView + use<> {
    let class = if compliant {
        "compliance compliance-yes"
    } else {
        "compliance compliance-no"
    };
    let icon = if compliant { "✓" } else { "✗" };
    view! {
        <span class=class>
            <span class="compliance-icon" aria-hidden="true">{icon}</span>
            {format::compliant(lang, compliant)}
        </span>
    }
}

/// "▲2", "▼1" or "=", read aloud as a sentence fragment.
pub fn rank_change_mark(change: i32, lang: Lang) -> impl IntoView + use<> {
    let change = format::rank_change(lang, change);
    view! {
        <span class=change.direction.class() role="img" aria-label=change.label.clone() title=change.label>
            {change.symbol}
        </span>
    }
}
