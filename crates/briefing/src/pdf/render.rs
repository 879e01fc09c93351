//! The laid-out briefing drawn into a PDF with krilla: text in the embedded Noto Sans (shaped
//! once in layout, subset into the file), rules and fills, charts through the plotters backend,
//! the metadata, and the page footer with "Trang x/n".

use krilla::Document;
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::text::KrillaGlyph;
use plotters::prelude::IntoDrawingArea;

use super::backend::KrillaBackend;
use super::content::status_label;
use super::layout::{BOTTOM, LEFT, PAGE_HEIGHT, PAGE_WIDTH, RIGHT, WIDTH};
use super::layout::{Op, Rgb, Style};
use crate::fonts::{Face, Weight};
use crate::text::Lang;
use crate::{BriefingError, RoundReport};

fn fill(surface: &mut Surface, color: Rgb) {
    surface.set_stroke(None);
    surface.set_fill(Some(Fill {
        paint: rgb::Color::new(color.0, color.1, color.2).into(),
        opacity: NormalizedF32::ONE,
        rule: FillRule::NonZero,
    }));
}

fn draw_text(
    surface: &mut Surface,
    text: &str,
    x: f32,
    baseline: f32,
    size: f32,
    weight: Weight,
    color: Rgb,
) {
    let glyphs = Face::of(weight).shape(text).glyphs;
    draw_glyphs(surface, text, &glyphs, (x, baseline), size, weight, color);
}

fn draw_glyphs(
    surface: &mut Surface,
    text: &str,
    glyphs: &[KrillaGlyph],
    (x, baseline): (f32, f32),
    size: f32,
    weight: Weight,
    color: Rgb,
) {
    fill(surface, color);
    let font = Face::of(weight).pdf_font();
    surface.draw_glyphs(Point::from_xy(x, baseline), glyphs, font, text, size, false);
}

fn draw_op(surface: &mut Surface, op: &Op, lang: Lang) -> Result<(), BriefingError> {
    match op {
        Op::Text {
            x,
            baseline,
            size,
            weight,
            color,
            text,
            glyphs,
        } => draw_glyphs(surface, text, glyphs, (*x, *baseline), *size, *weight, *color),
        Op::Rect {
            x,
            y,
            w,
            h,
            fill: color,
        } => {
            if let Some(rect) = Rect::from_xywh(*x, *y, *w, *h) {
                let mut builder = PathBuilder::new();
                builder.push_rect(rect);
                if let Some(path) = builder.finish() {
                    fill(surface, *color);
                    surface.draw_path(&path);
                }
            }
        }
        Op::Line {
            from,
            to,
            width,
            color,
        } => {
            let mut builder = PathBuilder::new();
            builder.move_to(from.0, from.1);
            builder.line_to(to.0, to.1);
            if let Some(path) = builder.finish() {
                surface.set_fill(None);
                surface.set_stroke(Some(Stroke {
                    paint: rgb::Color::new(color.0, color.1, color.2).into(),
                    width: *width,
                    ..Stroke::default()
                }));
                surface.draw_path(&path);
            }
        }
        Op::Chart { x, y, w, h, chart } => {
            // Four backend units per point keep plotters' integer coordinates fine enough.
            const SCALE: f32 = 4.0;
            let size = ((w * SCALE) as u32, (h * SCALE) as u32);
            let area = KrillaBackend::new(surface, size, (*x, *y), SCALE).into_drawing_area();
            chart.draw(&area, SCALE as f64, lang)?;
        }
    }
    Ok(())
}

/// What every page and the file's metadata say of a document.
pub(super) struct Frame {
    pub title: String,
    /// The footer's left side: whose figures, and whether they are official.
    pub footer: String,
    pub preliminary: bool,
}

impl Frame {
    /// The frame of the briefing of `report`.
    pub fn of_report(report: &RoundReport, lang: Lang) -> Frame {
        let mut footer = format!(
            "{} · {}",
            lang.pick(&report.round.name_vi, &report.round.name_en),
            status_label(report, lang)
        );
        if report.illustrative() {
            footer.push_str(" · Dữ liệu minh họa / illustrative data");
        }
        Frame {
            title: format!(
                "{} — {}",
                lang.pick("Báo cáo", "Report"),
                lang.pick(&report.round.name_vi, &report.round.name_en)
            ),
            footer,
            preliminary: report.ranking.preliminary,
        }
    }
}

pub(super) fn render(pages: Vec<Vec<Op>>, frame: &Frame, lang: Lang) -> Result<Vec<u8>, BriefingError> {
    let mut document = Document::new();
    let title = frame.title.clone();
    document.set_metadata(
        Metadata::new()
            .title(title)
            .language(lang.code().to_owned())
            .creator("egov-scorecard".to_owned()),
    );
    let total = pages.len();
    let footer_style = Style::new(8.0, Weight::Regular);
    // The scope is in the title; the footer says what every page must: whose figures, and
    // whether they are official.
    let footer_left = frame.footer.clone();
    for (index, ops) in pages.iter().enumerate() {
        let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT)
            .ok_or_else(|| BriefingError::Pdf("invalid page size".to_owned()))?;
        let mut page = document.start_page_with(settings);
        let mut surface = page.surface();
        for op in ops {
            draw_op(&mut surface, op, lang)?;
        }
        let footer_y = BOTTOM + 30.0;
        let number = format!("{} {}/{total}", lang.pick("Trang", "Page"), index + 1);
        let number_width = Face::of(Weight::Regular).width(&number, footer_style.size);
        let left = footer_left.clone();
        let room = WIDTH - number_width - 12.0;
        let left = super::layout::wrap(&left, footer_style, room)
            .into_iter()
            .next()
            .unwrap_or_default();
        let color = if frame.preliminary {
            Rgb(0x9a, 0x3b, 0x00)
        } else {
            super::layout::MUTED
        };
        draw_text(
            &mut surface,
            &left,
            LEFT,
            footer_y,
            footer_style.size,
            Weight::Regular,
            color,
        );
        draw_text(
            &mut surface,
            &number,
            RIGHT - number_width,
            footer_y,
            footer_style.size,
            Weight::Regular,
            super::layout::MUTED,
        );
        let rule = Op::Line {
            from: (LEFT, footer_y - 11.0),
            to: (RIGHT, footer_y - 11.0),
            width: 0.5,
            color: super::layout::RULE,
        };
        draw_op(&mut surface, &rule, lang)?;
        surface.finish();
        page.finish();
    }
    document
        .finish()
        .map_err(|error| BriefingError::Pdf(format!("{error:?}")))
}
