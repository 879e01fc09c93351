//! A plotters backend that draws into a krilla page, so the PDF's charts are the same
//! plotters code as the SVG and PNG ones, as vectors, with the embedded font.

use std::convert::Infallible;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use plotters::prelude::FontStyle;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    text_anchor::{HPos, VPos},
};

use crate::fonts::{Face, Weight};

/// Draws plotters' primitives at `origin` (points) on a krilla surface; the backend's units
/// are `scale` per point.
pub struct KrillaBackend<'s, 'd> {
    surface: &'s mut Surface<'d>,
    size: (u32, u32),
    origin: (f32, f32),
    scale: f32,
}

type Result = std::result::Result<(), DrawingErrorKind<Infallible>>;

impl<'s, 'd> KrillaBackend<'s, 'd> {
    /// A backend `size` units large whose top left corner is at `origin` on the page.
    pub fn new(surface: &'s mut Surface<'d>, size: (u32, u32), origin: (f32, f32), scale: f32) -> Self {
        KrillaBackend {
            surface,
            size,
            origin,
            scale,
        }
    }

    fn point(&self, (x, y): BackendCoord) -> (f32, f32) {
        (
            self.origin.0 + x as f32 / self.scale,
            self.origin.1 + y as f32 / self.scale,
        )
    }

    fn fill_with(&mut self, color: BackendColor) {
        self.surface.set_stroke(None);
        self.surface.set_fill(Some(Fill {
            paint: rgb::Color::new(color.rgb.0, color.rgb.1, color.rgb.2).into(),
            opacity: NormalizedF32::new(color.alpha as f32).unwrap_or(NormalizedF32::ONE),
            rule: FillRule::NonZero,
        }));
    }

    fn stroke_with(&mut self, color: BackendColor, width: u32) {
        self.surface.set_fill(None);
        self.surface.set_stroke(Some(Stroke {
            paint: rgb::Color::new(color.rgb.0, color.rgb.1, color.rgb.2).into(),
            width: (width.max(1) as f32 / self.scale).max(0.25),
            opacity: NormalizedF32::new(color.alpha as f32).unwrap_or(NormalizedF32::ONE),
            ..Stroke::default()
        }));
    }

    fn polyline(&mut self, points: impl IntoIterator<Item = BackendCoord>, close: bool) {
        let mut builder = PathBuilder::new();
        for (i, p) in points.into_iter().enumerate() {
            let (x, y) = self.point(p);
            if i == 0 {
                builder.move_to(x, y);
            } else {
                builder.line_to(x, y);
            }
        }
        if close {
            builder.close();
        }
        if let Some(path) = builder.finish() {
            self.surface.draw_path(&path);
        }
    }
}

impl DrawingBackend for KrillaBackend<'_, '_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> Result {
        Ok(())
    }

    fn present(&mut self) -> Result {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> Result {
        self.draw_rect(point, (point.0 + 1, point.1 + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(&mut self, from: BackendCoord, to: BackendCoord, style: &S) -> Result {
        self.stroke_with(style.color(), style.stroke_width());
        self.polyline([from, to], false);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> Result {
        let (l, t) = self.point(upper_left);
        let (r, b) = self.point(bottom_right);
        let Some(rect) = Rect::from_ltrb(l.min(r), t.min(b), l.max(r), t.max(b)) else {
            return Ok(());
        };
        if fill {
            self.fill_with(style.color());
        } else {
            self.stroke_with(style.color(), style.stroke_width());
        }
        let mut builder = PathBuilder::new();
        builder.push_rect(rect);
        if let Some(path) = builder.finish() {
            self.surface.draw_path(&path);
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> Result {
        self.stroke_with(style.color(), style.stroke_width());
        self.polyline(path, false);
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> Result {
        let points: Vec<BackendCoord> = (0..32)
            .map(|i| {
                let angle = i as f64 / 32.0 * std::f64::consts::TAU;
                (
                    center.0 + (radius as f64 * angle.cos()).round() as i32,
                    center.1 + (radius as f64 * angle.sin()).round() as i32,
                )
            })
            .collect();
        if fill {
            self.fill_with(style.color());
        } else {
            self.stroke_with(style.color(), style.stroke_width());
        }
        self.polyline(points, true);
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> Result {
        self.fill_with(style.color());
        self.polyline(vert, true);
        Ok(())
    }

    fn draw_text<T: BackendTextStyle>(&mut self, text: &str, style: &T, pos: BackendCoord) -> Result {
        let weight = match style.style() {
            FontStyle::Bold => Weight::Bold,
            _ => Weight::Regular,
        };
        let face = Face::of(weight);
        // plotters' sizes are 1.24 times the em size (its SVG backend divides by 1.24).
        let size = (style.size() / 1.24) as f32 / self.scale;
        let shaped = face.shape(text);
        let width = shaped.width * size;
        let (x, y) = self.point(pos);
        let anchor = style.anchor();
        let x = match anchor.h_pos {
            HPos::Left => x,
            HPos::Center => x - width / 2.0,
            HPos::Right => x - width,
        };
        // Noto Sans: ascender about 0.77 em above the baseline for capitals with marks.
        let y = match anchor.v_pos {
            VPos::Top => y + 0.77 * size,
            VPos::Center => y + 0.36 * size,
            VPos::Bottom => y - 0.2 * size,
        };
        self.fill_with(style.color());
        self.surface.draw_glyphs(
            Point::from_xy(x, y),
            &shaped.glyphs,
            face.pdf_font(),
            text,
            size,
            false,
        );
        Ok(())
    }

    fn estimate_text_size<T: BackendTextStyle>(
        &self,
        text: &str,
        style: &T,
    ) -> std::result::Result<(u32, u32), DrawingErrorKind<Infallible>> {
        let weight = match style.style() {
            FontStyle::Bold => Weight::Bold,
            _ => Weight::Regular,
        };
        let size = style.size() / 1.24;
        let width = Face::of(weight).width(text, size as f32);
        Ok((width.ceil() as u32, size.ceil() as u32))
    }
}
