//! A small page layout for A4 reports: wrapped paragraphs, tables that break across pages
//! with their header repeated, and charts, laid out first into pages of drawing operations
//! so that the footer can say "page 2 of 5".

use krilla::text::KrillaGlyph;

use crate::charts::Chart;
use crate::fonts::{Face, Weight};

/// A4 in points.
pub const PAGE_WIDTH: f32 = 595.28;
pub const PAGE_HEIGHT: f32 = 841.89;
/// Margins of Vietnamese administrative documents (Nghị định 30/2020/NĐ-CP): left 30 mm,
/// right 20 mm, top 20 mm, bottom 20 mm, with room for the footer.
pub const LEFT: f32 = 85.0;
pub const RIGHT: f32 = PAGE_WIDTH - 56.7;
pub const TOP: f32 = 56.7;
pub const BOTTOM: f32 = PAGE_HEIGHT - 70.0;
pub const WIDTH: f32 = RIGHT - LEFT;

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

pub const INK: Rgb = Rgb(0x1a, 0x1f, 0x2b);
pub const MUTED: Rgb = Rgb(0x4a, 0x55, 0x65);
pub const RULE: Rgb = Rgb(0x9a, 0xa5, 0xb1);
pub const HEADER_FILL: Rgb = Rgb(0xe8, 0xec, 0xf1);
pub const WHITE: Rgb = Rgb(0xff, 0xff, 0xff);

/// Where text sits in its box.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// One drawing operation on a page; y grows downwards.
#[derive(Debug, Clone)]
pub enum Op {
    Text {
        x: f32,
        baseline: f32,
        size: f32,
        weight: Weight,
        color: Rgb,
        text: String,
        /// The text shaped once, when it was measured.
        glyphs: Vec<KrillaGlyph>,
    },
    Rect {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        fill: Rgb,
    },
    Line {
        from: (f32, f32),
        to: (f32, f32),
        width: f32,
        color: Rgb,
    },
    Chart {
        x: f32,
        y: f32,
        w: f32,
        h: f32,
        chart: Chart,
    },
}

/// How a run of text looks.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    pub weight: Weight,
    pub color: Rgb,
}

impl Style {
    pub const fn new(size: f32, weight: Weight) -> Style {
        Style {
            size,
            weight,
            color: INK,
        }
    }

    /// The distance between baselines.
    pub fn leading(self) -> f32 {
        self.size * 1.3
    }

    fn face(self) -> &'static Face {
        Face::of(self.weight)
    }
}

/// One column of a table.
#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    /// The share of the table's width.
    pub share: f32,
    pub align: Align,
}

impl Column {
    pub fn new(title: &str, share: f32, align: Align) -> Column {
        Column {
            title: title.to_owned(),
            share,
            align,
        }
    }
}

/// One cell of a table.
#[derive(Debug, Clone, Default)]
pub struct Cell {
    pub text: String,
    pub fill: Option<Rgb>,
    pub bold: bool,
    pub color: Option<Rgb>,
}

impl Cell {
    pub fn plain(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            ..Cell::default()
        }
    }
}

/// Pages being laid out.
pub struct Layout {
    pub pages: Vec<Vec<Op>>,
    y: f32,
}

impl Default for Layout {
    fn default() -> Self {
        Layout::new()
    }
}

impl Layout {
    pub fn new() -> Layout {
        Layout {
            pages: vec![Vec::new()],
            y: TOP,
        }
    }

    /// The current position from the top of the page.
    pub fn y(&self) -> f32 {
        self.y
    }

    fn push(&mut self, op: Op) {
        // `pages` always holds the current page.
        if let Some(page) = self.pages.last_mut() {
            page.push(op);
        }
    }

    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = TOP;
    }

    /// Starts a new page unless `height` still fits on this one.
    pub fn ensure(&mut self, height: f32) -> bool {
        if self.y + height > BOTTOM && self.y > TOP {
            self.new_page();
            true
        } else {
            false
        }
    }

    pub fn space(&mut self, height: f32) {
        self.y += height;
    }

    /// Text on one line in the box from `x0` to `x1`, with its baseline at `baseline`.
    pub fn text_at(&mut self, text: &str, style: Style, (x0, x1): (f32, f32), align: Align, baseline: f32) {
        let shaped = style.face().shape(text);
        let width = shaped.width * style.size;
        let x = match align {
            Align::Left => x0,
            Align::Center => (x0 + x1 - width) / 2.0,
            Align::Right => x1 - width,
        };
        self.push(Op::Text {
            x,
            baseline,
            size: style.size,
            weight: style.weight,
            color: style.color,
            text: text.to_owned(),
            glyphs: shaped.glyphs,
        });
    }

    pub fn rect(&mut self, (x, y, w, h): (f32, f32, f32, f32), fill: Rgb) {
        self.push(Op::Rect { x, y, w, h, fill });
    }

    pub fn line(&mut self, from: (f32, f32), to: (f32, f32), width: f32, color: Rgb) {
        self.push(Op::Line {
            from,
            to,
            width,
            color,
        });
    }

    /// A wrapped paragraph between `x0` and `x1`; lines move to the next page as needed.
    pub fn paragraph(&mut self, text: &str, style: Style, (x0, x1): (f32, f32), align: Align) {
        for line in wrap(text, style, x1 - x0) {
            self.ensure(style.leading());
            let baseline = self.y + style.size;
            self.text_at(&line, style, (x0, x1), align, baseline);
            self.y += style.leading();
        }
    }

    /// A paragraph with a hanging bullet such as "–".
    pub fn bullet(&mut self, bullet: &str, text: &str, style: Style) {
        let indent = 14.0;
        let lines = wrap(text, style, WIDTH - indent);
        for (i, line) in lines.iter().enumerate() {
            self.ensure(style.leading());
            let baseline = self.y + style.size;
            if i == 0 {
                self.text_at(bullet, style, (LEFT, LEFT + indent), Align::Left, baseline);
            }
            self.text_at(line, style, (LEFT + indent, RIGHT), Align::Left, baseline);
            self.y += style.leading();
        }
    }

    /// A section heading kept with at least `keep` points of what follows.
    pub fn heading(&mut self, text: &str, style: Style, keep: f32) {
        self.ensure(style.leading() * 2.0 + keep);
        self.space(style.size * 0.6);
        self.paragraph(text, style, (LEFT, RIGHT), Align::Left);
        self.space(style.size * 0.3);
    }

    /// A table across the text width; rows that do not fit go to the next page under a
    /// repeated header row.
    pub fn table(&mut self, columns: &[Column], rows: &[Vec<Cell>], style: Style) {
        let total: f32 = columns.iter().map(|c| c.share).sum::<f32>().max(f32::EPSILON);
        let mut edges = vec![LEFT];
        for column in columns {
            let last = *edges.last().unwrap_or(&LEFT);
            edges.push(last + WIDTH * column.share / total);
        }
        let header: Vec<Cell> = columns
            .iter()
            .map(|c| Cell {
                text: c.title.clone(),
                fill: Some(HEADER_FILL),
                bold: true,
                color: None,
            })
            .collect();
        let header_height = self.row_height(&header, &edges, style);
        self.ensure(header_height + style.leading() * 2.0);
        self.row(&header, columns, &edges, style, header_height);
        for cells in rows {
            let height = self.row_height(cells, &edges, style);
            if self.ensure(height) {
                self.row(&header, columns, &edges, style, header_height);
            }
            self.row(cells, columns, &edges, style, height);
        }
    }

    fn row_height(&self, cells: &[Cell], edges: &[f32], style: Style) -> f32 {
        let lines = cells
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let width = edges[i + 1] - edges[i] - 2.0 * PAD;
                wrap(&cell.text, cell_style(style, cell), width).len().max(1)
            })
            .max()
            .unwrap_or(1);
        lines as f32 * style.leading() + 2.0 * PAD
    }

    fn row(&mut self, cells: &[Cell], columns: &[Column], edges: &[f32], style: Style, height: f32) {
        let top = self.y;
        for (i, cell) in cells.iter().enumerate() {
            let (x0, x1) = (edges[i], edges[i + 1]);
            if let Some(fill) = cell.fill {
                self.rect((x0, top, x1 - x0, height), fill);
            }
            let style = cell_style(style, cell);
            let align = if cell.fill == Some(HEADER_FILL) {
                Align::Center
            } else {
                columns[i].align
            };
            for (n, line) in wrap(&cell.text, style, x1 - x0 - 2.0 * PAD).iter().enumerate() {
                let baseline = top + PAD + style.size + n as f32 * style.leading();
                self.text_at(line, style, (x0 + PAD, x1 - PAD), align, baseline);
            }
        }
        // The grid: a line above and below the row and between the cells.
        let right = *edges.last().unwrap_or(&RIGHT);
        self.line((LEFT, top), (right, top), 0.5, RULE);
        self.line((LEFT, top + height), (right, top + height), 0.5, RULE);
        for &x in edges {
            self.line((x, top), (x, top + height), 0.5, RULE);
        }
        self.y += height;
    }

    /// A chart `height` points high across the text width.
    pub fn chart(&mut self, chart: Chart, height: f32) {
        self.ensure(height);
        self.push(Op::Chart {
            x: LEFT,
            y: self.y,
            w: WIDTH,
            h: height,
            chart,
        });
        self.y += height;
    }
}

const PAD: f32 = 3.0;

fn cell_style(style: Style, cell: &Cell) -> Style {
    Style {
        weight: if cell.bold { Weight::Bold } else { style.weight },
        color: cell.color.unwrap_or(style.color),
        ..style
    }
}

/// Breaks `text` into lines no wider than `width`: at spaces, and inside a word only when the
/// word alone is too wide. Each word is measured once; a line is as wide as its words and the
/// spaces between them.
pub fn wrap(text: &str, style: Style, width: f32) -> Vec<String> {
    let face = style.face();
    let fits = |line: &str| face.width(line, style.size) <= width;
    let space = face.width(" ", style.size);
    if fits(text) && !text.contains('\n') {
        return vec![text.trim().to_owned()];
    }
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        let mut line_width = 0.0;
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let word_width = face.width(word, style.size);
            let candidate_width = if line.is_empty() {
                word_width
            } else {
                line_width + space + word_width
            };
            if candidate_width <= width {
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(word);
                line_width = candidate_width;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            if word_width <= width {
                line = word.to_owned();
                line_width = word_width;
            } else {
                for c in word.chars() {
                    line.push(c);
                    if !fits(&line) && line.chars().count() > 1 {
                        line.pop();
                        lines.push(std::mem::take(&mut line));
                        line.push(c);
                    }
                }
                line_width = face.width(&line, style.size);
            }
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_sentence_wraps_at_spaces_within_the_width() {
        let style = Style::new(10.0, Weight::Regular);
        let text =
            "Còn 4 bộ, cơ quan chưa ban hành quy chế tiếp nhận, xử lý, phát hành và quản lý văn bản điện tử";
        let lines = wrap(text, style, 200.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.join(" "), text);
        for line in &lines {
            assert!(Face::of(Weight::Regular).width(line, 10.0) <= 200.0, "{line}");
        }
    }

    #[test]
    fn a_word_wider_than_the_column_is_broken_inside() {
        let style = Style::new(10.0, Weight::Regular);
        let lines = wrap("https://example.invalid/a/very/long/evidence/link", style, 60.0);
        assert!(lines.len() > 2);
        assert_eq!(
            lines.concat(),
            "https://example.invalid/a/very/long/evidence/link"
        );
    }

    #[test]
    fn a_long_table_repeats_its_header_on_every_page() {
        let mut layout = Layout::new();
        let columns = [
            Column {
                title: "Hạng".into(),
                share: 1.0,
                align: Align::Right,
            },
            Column {
                title: "Đơn vị".into(),
                share: 4.0,
                align: Align::Left,
            },
        ];
        let rows: Vec<Vec<Cell>> = (1..=120)
            .map(|i| vec![Cell::plain(i.to_string()), Cell::plain(format!("Bộ số {i}"))])
            .collect();
        layout.table(&columns, &rows, Style::new(9.0, Weight::Regular));
        assert!(layout.pages.len() >= 3);
        for page in &layout.pages {
            let headers = page
                .iter()
                .filter(|op| matches!(op, Op::Text { text, .. } if text == "Đơn vị"))
                .count();
            assert_eq!(headers, 1);
        }
    }
}
