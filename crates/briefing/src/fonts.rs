//! The embedded Noto Sans fonts (Vietnamese coverage, SIL OFL: `data/fonts/OFL.txt`) and text
//! shaping, so that every document measures text exactly as it draws it.

use std::sync::OnceLock;

use krilla::text::{Font, GlyphId, KrillaGlyph};

/// Noto Sans Regular, as shipped by Debian's fonts-noto-core.
pub static REGULAR: &[u8] = include_bytes!("../../../data/fonts/NotoSans-Regular.ttf");
/// Noto Sans Bold.
pub static BOLD: &[u8] = include_bytes!("../../../data/fonts/NotoSans-Bold.ttf");

/// The family name charts use for the embedded font.
pub const FAMILY: &str = "Noto Sans";

/// The weight of a run of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// A font face ready both to shape text and to be drawn into a PDF.
pub struct Face {
    shaper: rustybuzz::Face<'static>,
    /// Built once: compiling a plan per call took most of the time of a large briefing.
    plan: rustybuzz::ShapePlan,
    pdf: Font,
    units_per_em: f32,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Face {
        // The fonts are compiled in and known to parse; a test loads both.
        let shaper = rustybuzz::Face::from_slice(bytes, 0).expect("embedded font parses");
        let pdf = Font::new(krilla::Data::from(bytes), 0).expect("embedded font parses");
        let plan = rustybuzz::ShapePlan::new(
            &shaper,
            rustybuzz::Direction::LeftToRight,
            Some(rustybuzz::script::LATIN),
            None,
            &[],
        );
        Face {
            units_per_em: shaper.units_per_em() as f32,
            plan,
            shaper,
            pdf,
        }
    }

    /// The face of a weight; each is parsed once per process.
    pub fn of(weight: Weight) -> &'static Face {
        static REGULAR_FACE: OnceLock<Face> = OnceLock::new();
        static BOLD_FACE: OnceLock<Face> = OnceLock::new();
        match weight {
            Weight::Regular => REGULAR_FACE.get_or_init(|| Face::load(REGULAR)),
            Weight::Bold => BOLD_FACE.get_or_init(|| Face::load(BOLD)),
        }
    }

    /// The font as krilla draws it (subset into each PDF).
    pub fn pdf_font(&self) -> Font {
        self.pdf.clone()
    }

    /// Shapes one line of left-to-right text as Latin script (Vietnamese, English, digits).
    /// Advances are in ems.
    pub fn shape(&self, text: &str) -> Shaped {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        buffer.set_script(rustybuzz::script::LATIN);
        let output = rustybuzz::shape_with_plan(&self.shaper, &self.plan, buffer);
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let em = self.units_per_em;
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            // A cluster ends where the next glyph with another cluster begins.
            let end = infos[i + 1..]
                .iter()
                .find(|next| next.cluster != info.cluster)
                .map_or(text.len(), |next| next.cluster as usize);
            let advance = pos.x_advance as f32 / em;
            width += advance;
            glyphs.push(KrillaGlyph::new(
                GlyphId::new(info.glyph_id),
                advance,
                pos.x_offset as f32 / em,
                pos.y_offset as f32 / em,
                pos.y_advance as f32 / em,
                start..end.max(start),
                None,
            ));
        }
        Shaped { glyphs, width }
    }

    /// The width of `text` at `size` points.
    pub fn width(&self, text: &str, size: f32) -> f32 {
        self.shape(text).width * size
    }
}

/// Shaped text: glyphs for krilla and the advance width in ems.
pub struct Shaped {
    pub glyphs: Vec<KrillaGlyph>,
    pub width: f32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_faces_load_and_cover_vietnamese() {
        for weight in [Weight::Regular, Weight::Bold] {
            let face = Face::of(weight);
            let shaped = face.shape("Bộ Giáo dục và Đào tạo; Ủy ban Dân tộc; ưở ợ ễ");
            assert!(shaped.width > 10.0);
            assert!(
                shaped.glyphs.iter().all(|g| g.glyph_id.to_u32() != 0),
                "a character has no glyph in {weight:?}"
            );
        }
    }

    #[test]
    fn bold_text_is_wider_than_regular() {
        let text = "Bộ Tài nguyên và Môi trường";
        assert!(Face::of(Weight::Bold).width(text, 10.0) > Face::of(Weight::Regular).width(text, 10.0));
    }
}
