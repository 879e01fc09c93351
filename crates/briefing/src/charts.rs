//! Charts of a round (ranking bars, criteria shares) and of an organisation (score trend),
//! drawn by one plotters routine into SVG, PNG or a PDF page.
//!
//! Every dimension is in "chart units" times `scale`: 1 for SVG (CSS pixels), 2 for PNG
//! (crisp on slides), and the PDF backend's units per point. Text uses the embedded Noto
//! Sans, registered with plotters' `ab_glyph` so that the bitmap backend measures and draws it.

use std::sync::Once;

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::fonts::{self, FAMILY};
use crate::text::{self, Lang};
use scorecard_domain::Summary;

use crate::{BriefingError, RoundReport};

const INK: RGBColor = RGBColor(0x1a, 0x1f, 0x2b);
const MUTED: RGBColor = RGBColor(0x4a, 0x55, 0x65);
const GRID: RGBColor = RGBColor(0xe3, 0xe7, 0xed);
const AXIS: RGBColor = RGBColor(0x9a, 0xa5, 0xb1);
/// Met, not met, not applicable, missing: the colours of the criteria shares.
pub const MET: RGBColor = RGBColor(0x1b, 0x7f, 0x3b);
pub const NOT_MET: RGBColor = RGBColor(0xc0, 0x39, 0x2b);
pub const NOT_APPLICABLE: RGBColor = RGBColor(0x9a, 0xa5, 0xb1);
pub const MISSING: RGBColor = RGBColor(0xe3, 0xe7, 0xed);

/// One bar of the ranking chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub label: String,
    /// The score, 0 to 100.
    pub value: f64,
    pub value_label: String,
    pub color: RGBColor,
}

/// How the organisations of a scope stand on one criterion.
#[derive(Debug, Clone, PartialEq)]
pub struct Shares {
    pub code: String,
    pub met: u32,
    pub not_met: u32,
    pub not_applicable: u32,
    pub missing: u32,
}

/// One round of an organisation's trend.
#[derive(Debug, Clone, PartialEq)]
pub struct TrendPoint {
    pub label: String,
    pub score: Option<f64>,
}

/// A chart and its data.
#[derive(Debug, Clone, PartialEq)]
pub enum Chart {
    Ranking(Vec<Bar>),
    Criteria(Vec<Shares>),
    Trend(Vec<TrendPoint>),
}

/// A CSS hex colour such as `#1b7f3b`; grey when it cannot be read.
pub fn hex_color(hex: &str) -> RGBColor {
    let digits = hex.trim_start_matches('#');
    let channel = |i: usize| digits.get(i..i + 2).and_then(|d| u8::from_str_radix(d, 16).ok());
    match (digits.len(), channel(0), channel(2), channel(4)) {
        (6, Some(r), Some(g), Some(b)) => RGBColor(r, g, b),
        _ => AXIS,
    }
}

impl Chart {
    /// Bars of the ranked organisations, in ranking order, coloured by band.
    pub fn ranking(report: &RoundReport, lang: Lang) -> Chart {
        let bars = report
            .ranking
            .entries
            .iter()
            .filter_map(|entry| {
                let score = entry.score?;
                let color = entry
                    .band
                    .as_deref()
                    .and_then(|b| report.catalog.band(b))
                    .map_or(AXIS, |b| hex_color(&b.color));
                Some(Bar {
                    label: format!(
                        "{}. {}",
                        entry.rank.unwrap_or_default(),
                        lang.pick(&entry.name_vi, &entry.name_en)
                    ),
                    value: score.clamp(0.0, 100.0),
                    value_label: text::decimal(score, lang),
                    color,
                })
            })
            .collect();
        Chart::Ranking(bars)
    }

    /// Met, not met, not applicable and missing per criterion of a summary
    /// ([`RoundReport::summary`] for a scope).
    pub fn criteria(summary: &Summary) -> Chart {
        Chart::Criteria(
            summary
                .criteria
                .iter()
                .map(|c| Shares {
                    code: c.code.to_string(),
                    met: c.met,
                    not_met: c.not_met,
                    not_applicable: c.not_applicable,
                    missing: c.missing,
                })
                .collect(),
        )
    }

    /// The first `n` rows (bars or criteria) and the rest, for charts split across pages.
    pub fn split_rows(&self, n: usize) -> Vec<Chart> {
        let n = n.max(1);
        match self {
            Chart::Ranking(bars) => bars.chunks(n).map(|c| Chart::Ranking(c.to_vec())).collect(),
            Chart::Criteria(rows) => rows.chunks(n).map(|c| Chart::Criteria(c.to_vec())).collect(),
            Chart::Trend(_) => vec![self.clone()],
        }
    }

    /// The height of the chart `width` units wide, at scale 1.
    pub fn height(&self, width: f64) -> f64 {
        match self {
            Chart::Ranking(bars) => TOP + ROW * bars.len().max(1) as f64 + AXIS_BAND,
            Chart::Criteria(rows) => TOP + ROW * rows.len().max(1) as f64 + AXIS_BAND + LEGEND,
            Chart::Trend(_) => (width * 0.45).clamp(180.0, 320.0),
        }
    }

    /// Draws the chart on `area`, whose size is `scale` times the chart's.
    pub fn draw<DB: DrawingBackend>(
        &self,
        area: &DrawingArea<DB, Shift>,
        scale: f64,
        lang: Lang,
    ) -> Result<(), BriefingError> {
        register_fonts();
        let pen = Pen { scale };
        area.fill(&WHITE).map_err(chart_error)?;
        match self {
            Chart::Ranking(bars) => draw_bars(area, &pen, bars, lang),
            Chart::Criteria(rows) => draw_shares(area, &pen, rows, lang),
            Chart::Trend(points) => draw_trend(area, &pen, points, lang),
        }
        .map_err(chart_error)
    }
}

const TOP: f64 = 6.0;
const ROW: f64 = 22.0;
const AXIS_BAND: f64 = 26.0;
const LEGEND: f64 = 24.0;
const FONT: f64 = 11.0;
/// Room between the left edge and the first label.
const PAD: f64 = 6.0;

fn chart_error<E: std::fmt::Debug>(error: E) -> BriefingError {
    BriefingError::Chart(format!("{error:?}"))
}

/// Makes the embedded font known to plotters once per process.
pub fn register_fonts() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // The fonts are compiled in and a test draws with both; a failure would only leave
        // the bitmap charts without text.
        let _ = plotters::style::register_font(FAMILY, FontStyle::Normal, fonts::REGULAR);
        let _ = plotters::style::register_font(FAMILY, FontStyle::Bold, fonts::BOLD);
    });
}

/// Scales chart units to backend units.
struct Pen {
    scale: f64,
}

impl Pen {
    fn at(&self, x: f64, y: f64) -> (i32, i32) {
        ((x * self.scale).round() as i32, (y * self.scale).round() as i32)
    }

    fn font(&self, size: f64, color: &RGBColor, h: HPos, bold: bool) -> TextStyle<'static> {
        let style = if bold { FontStyle::Bold } else { FontStyle::Normal };
        (FontFamily::Name(FAMILY), size * 1.24 * self.scale, style)
            .into_font()
            .color(color)
            .pos(Pos::new(h, VPos::Center))
    }
}

type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

fn width_of<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>, pen: &Pen) -> f64 {
    area.dim_in_pixel().0 as f64 / pen.scale
}

/// Shortens `label` with an ellipsis to fit `width` units at `size`.
fn fit(label: &str, width: f64, size: f64) -> String {
    let face = fonts::Face::of(fonts::Weight::Regular);
    let fits = |text: &str| face.width(text, size as f32) as f64 <= width;
    if fits(label) {
        return label.to_owned();
    }
    let chars: Vec<char> = label.chars().collect();
    let mut keep = chars.len();
    while keep > 1 {
        keep -= 1;
        let candidate: String = chars[..keep].iter().collect::<String>().trim_end().to_owned() + "…";
        if fits(&candidate) {
            return candidate;
        }
    }
    "…".to_owned()
}

/// Grid lines at 0, 25, 50, 75 and 100 with their labels under the plot.
fn draw_scale<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: &Pen,
    (left, right): (f64, f64),
    (top, bottom): (f64, f64),
) -> DrawResult<DB> {
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let x = left + (right - left) * tick / 100.0;
        let color = if tick == 0.0 { AXIS } else { GRID };
        area.draw(&PathElement::new(
            vec![pen.at(x, top), pen.at(x, bottom)],
            color.stroke_width((pen.scale.max(1.0)) as u32),
        ))?;
        area.draw(&Text::new(
            format!("{tick:.0}"),
            pen.at(x, bottom + 10.0),
            pen.font(FONT - 1.0, &MUTED, HPos::Center, false),
        ))?;
    }
    Ok(())
}

fn draw_bars<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: &Pen,
    bars: &[Bar],
    lang: Lang,
) -> DrawResult<DB> {
    let width = width_of(area, pen);
    let label_width = (width * 0.42).min(300.0);
    let left = label_width + 8.0;
    let right = width - 48.0;
    let bottom = TOP + ROW * bars.len().max(1) as f64;
    draw_scale(area, pen, (left, right), (TOP, bottom))?;
    if bars.is_empty() {
        let message = lang.pick(
            "Chưa có đơn vị nào được xếp hạng.",
            "No organisation is ranked yet.",
        );
        area.draw(&Text::new(
            message,
            pen.at(left + 6.0, TOP + ROW / 2.0),
            pen.font(FONT, &MUTED, HPos::Left, false),
        ))?;
    }
    for (i, bar) in bars.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let end = left + (right - left) * bar.value / 100.0;
        area.draw(&Rectangle::new(
            [pen.at(left, y + 4.0), pen.at(end.max(left + 0.5), y + ROW - 4.0)],
            bar.color.filled(),
        ))?;
        area.draw(&Text::new(
            fit(&bar.label, label_width - PAD, FONT),
            pen.at(PAD, y + ROW / 2.0),
            pen.font(FONT, &INK, HPos::Left, false),
        ))?;
        area.draw(&Text::new(
            bar.value_label.clone(),
            pen.at(end + 4.0, y + ROW / 2.0),
            pen.font(FONT, &INK, HPos::Left, true),
        ))?;
    }
    Ok(())
}

fn draw_shares<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: &Pen,
    rows: &[Shares],
    lang: Lang,
) -> DrawResult<DB> {
    let width = width_of(area, pen);
    let left = 64.0;
    let right = width - 12.0;
    let bottom = TOP + ROW * rows.len().max(1) as f64;
    draw_scale(area, pen, (left, right), (TOP, bottom))?;
    for (i, row) in rows.iter().enumerate() {
        let y = TOP + ROW * i as f64;
        let total = (row.met + row.not_met + row.not_applicable + row.missing).max(1) as f64;
        area.draw(&Text::new(
            row.code.clone(),
            pen.at(PAD, y + ROW / 2.0),
            pen.font(FONT, &INK, HPos::Left, true),
        ))?;
        let mut x = left;
        for (count, color) in [
            (row.met, MET),
            (row.not_met, NOT_MET),
            (row.not_applicable, NOT_APPLICABLE),
            (row.missing, MISSING),
        ] {
            if count == 0 {
                continue;
            }
            let w = (right - left) * count as f64 / total;
            area.draw(&Rectangle::new(
                [pen.at(x, y + 3.0), pen.at(x + w, y + ROW - 3.0)],
                color.filled(),
            ))?;
            let label = count.to_string();
            if w >= 18.0 {
                let ink = if color == MISSING || color == NOT_APPLICABLE {
                    INK
                } else {
                    WHITE
                };
                area.draw(&Text::new(
                    label,
                    pen.at(x + w / 2.0, y + ROW / 2.0),
                    pen.font(FONT - 1.0, &ink, HPos::Center, true),
                ))?;
            }
            x += w;
        }
    }
    // The legend under the scale.
    let legend_y = bottom + AXIS_BAND + LEGEND / 2.0 - 4.0;
    let mut x = left;
    for (label, color) in [
        (lang.pick("Đạt", "Met"), MET),
        (lang.pick("Chưa đạt", "Not met"), NOT_MET),
        (lang.pick("Không áp dụng", "Not applicable"), NOT_APPLICABLE),
        (lang.pick("Chưa có kết quả", "No result"), MISSING),
    ] {
        area.draw(&Rectangle::new(
            [pen.at(x, legend_y - 5.0), pen.at(x + 10.0, legend_y + 5.0)],
            color.filled(),
        ))?;
        area.draw(&Text::new(
            label,
            pen.at(x + 14.0, legend_y),
            pen.font(FONT - 1.0, &MUTED, HPos::Left, false),
        ))?;
        let face = fonts::Face::of(fonts::Weight::Regular);
        x += 14.0 + face.width(label, (FONT - 1.0) as f32) as f64 + 16.0;
    }
    Ok(())
}

fn draw_trend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    pen: &Pen,
    points: &[TrendPoint],
    lang: Lang,
) -> DrawResult<DB> {
    let width = width_of(area, pen);
    let height = area.dim_in_pixel().1 as f64 / pen.scale;
    let (left, right, top, bottom) = (36.0, width - 16.0, 12.0, height - 28.0);
    let y_of = |score: f64| bottom - (bottom - top) * score / 100.0;
    for tick in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let y = y_of(tick);
        area.draw(&PathElement::new(
            vec![pen.at(left, y), pen.at(right, y)],
            (if tick == 0.0 { AXIS } else { GRID }).stroke_width(pen.scale.max(1.0) as u32),
        ))?;
        area.draw(&Text::new(
            format!("{tick:.0}"),
            pen.at(left - 6.0, y),
            pen.font(FONT - 1.0, &MUTED, HPos::Right, false),
        ))?;
    }
    if points.is_empty() {
        area.draw(&Text::new(
            lang.pick("Chưa có số liệu.", "No figures yet."),
            pen.at(left + 8.0, (top + bottom) / 2.0),
            pen.font(FONT, &MUTED, HPos::Left, false),
        ))?;
        return Ok(());
    }
    let step = (right - left) / points.len() as f64;
    let x_of = |i: usize| left + step * (i as f64 + 0.5);
    let mut line: Vec<(i32, i32)> = Vec::new();
    for (i, point) in points.iter().enumerate() {
        area.draw(&Text::new(
            point.label.clone(),
            pen.at(x_of(i), bottom + 14.0),
            pen.font(FONT - 1.0, &MUTED, HPos::Center, false),
        ))?;
        match point.score {
            Some(score) => line.push(pen.at(x_of(i), y_of(score.clamp(0.0, 100.0)))),
            None => {
                // A round without a score breaks the line rather than joining across it.
                if line.len() > 1 {
                    area.draw(&PathElement::new(
                        line.clone(),
                        MET.stroke_width((2.0 * pen.scale) as u32),
                    ))?;
                }
                line.clear();
            }
        }
    }
    if line.len() > 1 {
        area.draw(&PathElement::new(
            line,
            MET.stroke_width((2.0 * pen.scale) as u32),
        ))?;
    }
    for (i, point) in points.iter().enumerate() {
        if let Some(score) = point.score {
            let (x, y) = (x_of(i), y_of(score.clamp(0.0, 100.0)));
            area.draw(&Circle::new(pen.at(x, y), (3.5 * pen.scale) as i32, MET.filled()))?;
            area.draw(&Text::new(
                text::decimal(score, lang),
                pen.at(x, y - 11.0),
                pen.font(FONT - 1.0, &INK, HPos::Center, true),
            ))?;
        }
    }
    Ok(())
}

/// The chart as an SVG document `width` pixels wide.
pub fn svg(chart: &Chart, width: u32, lang: Lang) -> Result<String, BriefingError> {
    let height = chart.height(width as f64).ceil() as u32;
    let mut out = String::new();
    {
        let area = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        chart.draw(&area, 1.0, lang)?;
        area.present().map_err(chart_error)?;
    }
    Ok(out)
}

/// The chart as a PNG image `width` pixels wide at twice that resolution, for slides.
pub fn png(chart: &Chart, width: u32, lang: Lang) -> Result<Vec<u8>, BriefingError> {
    const SCALE: u32 = 2;
    let height = chart.height(width as f64).ceil() as u32;
    let (w, h) = (width * SCALE, height * SCALE);
    let mut pixels = vec![255u8; (w * h * 3) as usize];
    {
        let area = BitMapBackend::with_buffer(&mut pixels, (w, h)).into_drawing_area();
        chart.draw(&area, SCALE as f64, lang)?;
        area.present().map_err(chart_error)?;
    }
    let mut bytes = Vec::new();
    {
        let mut encoder = png::Encoder::new(&mut bytes, w, h);
        encoder.set_color(png::ColorType::Rgb);
        encoder.set_depth(png::BitDepth::Eight);
        let mut writer = encoder.write_header().map_err(chart_error)?;
        writer.write_image_data(&pixels).map_err(chart_error)?;
        writer.finish().map_err(chart_error)?;
    }
    Ok(bytes)
}
