//! Charts as SVG markup in a string, which the page inserts: the line charts drawn with
//! plotters' SVG backend, the rankings' bar chart written directly (it is in the first load).
//!
//! Three rules keep them working under the server's strict CSP and readable in Vietnamese:
//! - Only presentation attributes (`fill`, `stroke`, `font-family`…), never a `style`
//!   attribute: `style-src 'self'` blocks those when markup is inserted.
//! - Nothing asks plotters to measure text: in the browser it measures by adding a span with a
//!   `style` attribute to the page. So no captions, no labels right of an axis, no multi-line
//!   text; titles are HTML around the chart and category labels are drawn as plain text.
//! - Text uses a font stack that covers Vietnamese, and each chart is an image with a name
//!   (`role="img"`, `aria-label`); the table next to it carries the same figures.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::format;
use crate::i18n::Labels;
use crate::i18n::Lang;

/// Fonts that carry Vietnamese diacritics, in the order the page's stylesheet uses them.
pub const FONT_STACK: &str = "Noto Sans, DejaVu Sans, Arial, sans-serif";

/// plotters writes `font-size` as the given size divided by 1.24; this undoes it.
fn px(size: f64) -> f64 {
    size * 1.24
}

const INK: RGBColor = RGBColor(0x1a, 0x1f, 0x2b);
const MUTED: RGBColor = RGBColor(0x4a, 0x55, 0x65);
const GRID: RGBColor = RGBColor(0xe3, 0xe7, 0xed);
const AXIS: RGBColor = RGBColor(0x9a, 0xa5, 0xb1);

/// One bar of a horizontal bar chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    /// The category, such as an organisation's name.
    pub label: String,
    /// The length of the bar, from 0 to 100.
    pub value: f64,
    /// The value as the page writes it ("85,50").
    pub value_label: String,
    /// A CSS hex colour such as `#1b7f3b`.
    pub color: String,
}

/// How wide a chart is drawn for a window `viewport` CSS pixels wide: the width of a card's
/// content, so that one SVG pixel is one CSS pixel and text keeps its size.
pub fn width_for(viewport: u32) -> u32 {
    // The page is at most 72rem wide; its padding and the card's are 1.25rem a side each
    // (0.85rem on phones).
    let padding = if viewport < 640 { 56 } else { 84 };
    viewport.min(1152).saturating_sub(padding).max(260)
}

/// Below this width, names go above their bars instead of beside them.
const NARROW: u32 = 560;

/// A horizontal bar chart of scores out of 100, one bar per row in the given order.
///
/// Written as SVG here rather than drawn through plotters: the rankings are in the first load,
/// and plotters' drawing code would be about 16 kB of its brotli bytes (issue 14). The line
/// charts, on pages fetched later, keep plotters.
pub fn bar_chart(bars: &[Bar], width: u32, lang: Lang, name: &str) -> String {
    let width = width.max(280);
    let narrow = width < NARROW;
    let row = if narrow { 46 } else { 30 };
    let rows = bars.len().max(1) as u32;
    let height = 12 + row * rows + 44;
    let label_width = if narrow { 0 } else { (width * 38 / 100).min(300) };
    // The plot: right of the names, above the axis and its labels, with room after the
    // longest bar for its value.
    let (left, right) = (label_width + if narrow { 4 } else { 8 }, width - 64);
    let (top, bottom) = (12, 12 + row * rows);
    let x_of = |value: f64| left + ((right - left) as f64 * value.clamp(0.0, 100.0) / 100.0).round() as u32;
    let mut svg = Svg::new(width, height);
    for tick in [0.0, 20.0, 40.0, 60.0, 80.0, 100.0] {
        let x = x_of(tick);
        svg.line((x, top), (x, bottom), GRID);
        svg.line((x, bottom), (x, bottom + 5), AXIS);
        let label = format::number(lang, tick, 0);
        svg.text((x, bottom + 19), &label, 12, MUTED, Anchor::Middle);
    }
    svg.line((left, bottom), (right, bottom), AXIS);
    let axis = lang.texts().axis_score;
    svg.text(((left + right) / 2, height - 6), axis, 12, MUTED, Anchor::Middle);
    // A row's bar fills the middle of it (less on phones, where the name goes above).
    let (band_top, band_bottom) = if narrow { (50, 88) } else { (18, 82) };
    let at = |index: u32, percent: u32| top + (index * 100 + percent) * row / 100;
    for (index, bar) in (0..).zip(bars) {
        let end = x_of(bar.value);
        let (y0, y1) = (at(index, band_top), at(index, band_bottom));
        svg.rect((left, y0), (end, y1), hex_color(&bar.color));
        let middle = (y0 + y1) / 2;
        svg.text((end + 6, middle), &bar.value_label, 13, INK, Anchor::Start);
        if narrow {
            let label = fit(&bar.label, (width as usize).saturating_sub(16) / 7);
            svg.text((left, at(index, 24)), &label, 13, INK, Anchor::Start);
        } else {
            let label = fit(&bar.label, (label_width / 7) as usize);
            svg.text((label_width - 8, middle), &label, 13, INK, Anchor::End);
        }
    }
    finish(svg.end(), name, "chart-svg chart-bars")
}

/// Where a text's point is: at its start, middle or end, vertically at its middle.
#[derive(Clone, Copy)]
enum Anchor {
    Start,
    Middle,
    End,
}

/// SVG markup written element by element, in whole pixels, with presentation attributes only.
struct Svg(String);

impl Svg {
    fn new(width: u32, height: u32) -> Svg {
        Svg(format!(
            "<svg width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        ))
    }

    fn line(&mut self, (x1, y1): (u32, u32), (x2, y2): (u32, u32), color: RGBColor) {
        let color = hex(color);
        self.0 += &format!("<line x1=\"{x1}\" y1=\"{y1}\" x2=\"{x2}\" y2=\"{y2}\" stroke=\"{color}\"/>\n");
    }

    fn rect(&mut self, (x0, y0): (u32, u32), (x1, y1): (u32, u32), color: RGBColor) {
        let (width, height, color) = (x1.saturating_sub(x0), y1.saturating_sub(y0), hex(color));
        self.0 += &format!(
            "<rect x=\"{x0}\" y=\"{y0}\" width=\"{width}\" height=\"{height}\" fill=\"{color}\"/>\n"
        );
    }

    fn text(&mut self, (x, y): (u32, u32), text: &str, size: u32, color: RGBColor, anchor: Anchor) {
        let anchor = match anchor {
            Anchor::Start => "start",
            Anchor::Middle => "middle",
            Anchor::End => "end",
        };
        let (color, text) = (hex(color), escape(text));
        self.0 += &format!(
            "<text x=\"{x}\" y=\"{y}\" font-size=\"{size}\" fill=\"{color}\" text-anchor=\"{anchor}\" dominant-baseline=\"middle\">{text}</text>\n"
        );
    }

    fn end(mut self) -> String {
        self.0 += "</svg>\n";
        self.0
    }
}

/// `#RRGGBB`, as plotters writes colours.
fn hex(RGBColor(r, g, b): RGBColor) -> String {
    format!("#{r:02X}{g:02X}{b:02X}")
}

/// One line of a line chart: a value or a gap for each position on the x axis.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    /// A CSS hex colour.
    pub color: String,
    /// One value per x position; `None` leaves a gap.
    pub values: Vec<Option<f64>>,
    /// What each point says above it; `None` says nothing.
    pub point_labels: Vec<Option<String>>,
}

/// How the y axis writes its marks.
pub type YLabel = fn(Lang, f64) -> String;

/// A line chart over a few categories (rounds) on the x axis.
#[derive(Debug, Clone)]
pub struct LineChart {
    /// The label of each x position, such as a round's id.
    pub x_labels: Vec<String>,
    /// The lowest and highest value the y axis shows.
    pub y_range: (f64, f64),
    /// Draws larger values lower, as for ranks where 1 is best and belongs on top.
    pub inverted: bool,
    /// Labels of the y axis' marks.
    pub y_label: YLabel,
    pub y_desc: String,
    pub lines: Vec<Line>,
    /// Positions between which a thin vertical rule marks a break, such as a new catalog:
    /// `2` draws it between the second and third position.
    pub breaks: Vec<usize>,
}

/// Draws `chart` at `width` × `height`.
pub fn line_chart(chart: &LineChart, width: u32, height: u32, lang: Lang, name: &str) -> String {
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (width.max(200), height.max(140))).into_drawing_area();
        // As for bars: a drawing error leaves the chart incomplete, the table stays.
        let _ = draw_lines(&root, chart, lang);
        let _ = root.present();
    }
    finish(svg, name, "chart-svg chart-lines")
}

fn draw_lines(
    root: &DrawingArea<SVGBackend<'_>, Shift>,
    spec: &LineChart,
    lang: Lang,
) -> Result<(), DrawingAreaErrorKind<std::io::Error>> {
    let count = spec.x_labels.len().max(1);
    let (low, high) = spec.y_range;
    // Ranks are drawn as negative numbers so that 1 sits on top; the labels undo the sign.
    let (y0, y1) = if spec.inverted { (-high, -low) } else { (low, high) };
    let mut chart = ChartBuilder::on(root)
        .margin_top(24)
        .margin_right(20)
        .margin_left(6)
        .x_label_area_size(30)
        .y_label_area_size(52)
        .build_cartesian_2d(-0.5f64..(count as f64 - 0.5), y0..y1)?;
    let inverted = spec.inverted;
    let y_label = spec.y_label;
    let formatter = move |v: &f64| y_label(lang, if inverted { -*v } else { *v });
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(5)
        .max_light_lines(0)
        .y_label_formatter(&formatter)
        .y_desc(spec.y_desc.as_str())
        .label_style(font(12.0, MUTED))
        .axis_desc_style(font(12.0, MUTED))
        .bold_line_style(GRID)
        .axis_style(AXIS)
        .draw()?;

    for (index, label) in spec.x_labels.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(index as f64, y0));
        root.draw(&Text::new(
            label.clone(),
            (x, y + 8),
            font(12.0, INK).pos(Pos::new(HPos::Center, VPos::Top)),
        ))?;
    }
    for position in &spec.breaks {
        let x = *position as f64 - 0.5;
        chart.draw_series(std::iter::once(PathElement::new(
            vec![(x, y0), (x, y1)],
            AXIS.stroke_width(1),
        )))?;
    }

    let sign = if spec.inverted { -1.0 } else { 1.0 };
    for line in &spec.lines {
        let color = hex_color(&line.color);
        let points: Vec<Option<(f64, f64)>> = line
            .values
            .iter()
            .enumerate()
            .map(|(i, v)| v.map(|v| (i as f64, sign * v)))
            .collect();
        // Consecutive points are joined; a gap breaks the line.
        for pair in points.windows(2) {
            if let [Some(a), Some(b)] = pair {
                chart.draw_series(std::iter::once(PathElement::new(
                    vec![*a, *b],
                    color.stroke_width(3),
                )))?;
            }
        }
        for (index, point) in points.iter().enumerate() {
            let Some(point) = point else { continue };
            chart.draw_series(std::iter::once(Circle::new(*point, 5, color.filled())))?;
            if let Some(Some(label)) = line.point_labels.get(index) {
                let (x, y) = chart.backend_coord(point);
                root.draw(&Text::new(
                    label.clone(),
                    (x, y - 9),
                    font(12.0, INK).pos(Pos::new(HPos::Center, VPos::Bottom)),
                ))?;
            }
        }
    }
    Ok(())
}

/// A y label for scores: "80".
pub fn whole_number(lang: Lang, value: f64) -> String {
    format::number(lang, value, 0)
}

/// A y label for shares in [0, 100]: "80%".
pub fn whole_percent(lang: Lang, value: f64) -> String {
    format!("{}%", format::number(lang, value, 0))
}

/// A y label for ranks: only whole ranks are labelled.
pub fn rank_label(_lang: Lang, value: f64) -> String {
    let rounded = value.round();
    if (value - rounded).abs() < 1e-9 && rounded >= 1.0 {
        format!("{}", rounded as i64)
    } else {
        String::new()
    }
}

fn font(size: f64, color: RGBColor) -> TextStyle<'static> {
    (FONT_STACK, px(size)).into_font().color(&color)
}

/// Reads `#rrggbb` (or `#rgb`); anything else is a neutral grey.
pub fn hex_color(text: &str) -> RGBColor {
    let digits = text.trim().trim_start_matches('#');
    let expanded: String = match digits.len() {
        3 => digits.chars().flat_map(|c| [c, c]).collect(),
        _ => digits.to_owned(),
    };
    let channel = |i: usize| {
        expanded
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
    };
    match (expanded.len(), channel(0), channel(2), channel(4)) {
        (6, Some(r), Some(g), Some(b)) => RGBColor(r, g, b),
        _ => RGBColor(0x6b, 0x72, 0x80),
    }
}

/// Shortens a label to `max` characters with an ellipsis; the table shows it whole.
pub fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max || max < 2 {
        return text.to_owned();
    }
    let kept: String = text.chars().take(max - 1).collect();
    format!("{}…", kept.trim_end())
}

/// Names the chart for assistive technology and lets the stylesheet size it.
fn finish(svg: String, name: &str, class: &str) -> String {
    let name = escape(name);
    let opening = format!(
        "<svg class=\"{class}\" role=\"img\" aria-label=\"{name}\" focusable=\"false\" font-family=\"{FONT_STACK}\" "
    );
    let svg = svg.replacen("<svg ", &opening, 1);
    // The title gives sighted mouse users the same name as a tooltip.
    match svg.find('>') {
        Some(end) => format!("{}<title>{name}</title>{}", &svg[..=end], &svg[end + 1..]),
        None => svg,
    }
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Vec<Bar> {
        vec![
            Bar {
                label: "Bộ Tài chính".to_owned(),
                value: 100.0,
                value_label: "100,00".to_owned(),
                color: "#1b7f3b".to_owned(),
            },
            Bar {
                label: "Bộ Lao động - Thương binh và Xã hội".to_owned(),
                value: 33.75,
                value_label: "33,75".to_owned(),
                color: "#c0392b".to_owned(),
            },
        ]
    }

    fn line() -> LineChart {
        LineChart {
            x_labels: vec!["2019".into(), "2020".into(), "2021".into()],
            y_range: (0.0, 100.0),
            inverted: false,
            y_label: whole_number,
            y_desc: "Điểm".to_owned(),
            lines: vec![Line {
                color: "#0b3d6e".to_owned(),
                values: vec![Some(33.75), None, Some(85.5)],
                point_labels: vec![Some("33,75".into()), None, Some("85,50".into())],
            }],
            breaks: vec![2],
        }
    }

    /// The text of every `<text>` element, trimmed as the browser shows it.
    fn texts(svg: &str) -> Vec<String> {
        svg.split("<text")
            .skip(1)
            .filter_map(|rest| {
                let start = rest.find('>')? + 1;
                let end = rest.find("</text>")?;
                Some(rest[start..end].trim().to_owned())
            })
            .collect()
    }

    fn check_texts(svg: &str, expected: &[&str]) {
        let found = texts(svg);
        for text in expected {
            assert!(found.iter().any(|t| t == text), "{text} missing in {found:?}");
        }
    }

    fn check_csp_safe(svg: &str) {
        assert!(
            !svg.contains("style="),
            "a style attribute breaks under the CSP: {svg}"
        );
        assert!(!svg.contains("<style"), "a style element breaks under the CSP");
        assert!(svg.contains(FONT_STACK), "text needs a Vietnamese font stack");
    }

    #[test]
    fn a_bar_chart_draws_names_values_and_band_colours_without_style_attributes() {
        let svg = bar_chart(&bars(), 960, Lang::Vi, "Biểu đồ điểm đợt 2019");
        check_csp_safe(&svg);
        check_texts(
            &svg,
            &[
                "Bộ Tài chính",
                "Bộ Lao động - Thương binh và Xã hội",
                "100,00",
                "33,75",
                "Điểm (tối đa 100)",
            ],
        );
        assert!(svg.contains("#1B7F3B"), "bars take their band's colour");
        assert!(svg.contains("#C0392B"));
    }

    #[test]
    fn a_chart_is_an_image_named_for_assistive_technology() {
        let svg = bar_chart(&bars(), 960, Lang::Vi, "Điểm \"2019\" & <thử>");
        assert!(svg.starts_with("<svg class=\"chart-svg chart-bars\" role=\"img\""));
        assert!(svg.contains("aria-label=\"Điểm &quot;2019&quot; &amp; &lt;thử&gt;\""));
        assert!(svg.contains("<title>Điểm &quot;2019&quot; &amp; &lt;thử&gt;</title>"));
    }

    #[test]
    fn english_axes_use_english_numbers_and_words() {
        let svg = bar_chart(&bars(), 960, Lang::En, "Scores");
        check_texts(&svg, &["Score (out of 100)", "0", "20", "100"]);
    }

    #[test]
    fn on_a_phone_names_go_above_the_bars_and_long_ones_are_shortened() {
        let mut long = bars();
        long[0].label = "Ministry of Labour, Invalids and Social Affairs of Viet Nam".to_owned();
        let svg = bar_chart(&long, 360, Lang::En, "Scores");
        check_csp_safe(&svg);
        assert!(svg.contains("width=\"360\""));
        let found = texts(&svg);
        let name = found
            .iter()
            .find(|t| t.starts_with("Ministry of Labour"))
            .expect("the name is drawn");
        assert!(name.ends_with('…') && name.chars().count() <= 49, "{name}");
    }

    #[test]
    fn a_line_chart_labels_its_rounds_and_points_and_leaves_gaps() {
        let svg = line_chart(&line(), 600, 260, Lang::Vi, "Điểm qua các đợt");
        check_csp_safe(&svg);
        check_texts(&svg, &["2019", "2020", "2021", "33,75", "85,50", "Điểm"]);
        // A gap in the middle: no segment joins the first and last point directly.
        assert_eq!(svg.matches("<circle").count(), 2);
    }

    #[test]
    fn a_rank_chart_puts_rank_one_on_top() {
        let mut chart = line();
        chart.inverted = true;
        chart.y_range = (1.0, 12.0);
        chart.y_label = rank_label;
        chart.lines[0].values = vec![Some(1.0), Some(12.0), None];
        let svg = line_chart(&chart, 600, 260, Lang::Vi, "Hạng");
        let circles: Vec<i32> = svg
            .match_indices("<circle")
            .map(|(i, _)| {
                let rest = &svg[i..];
                let cy = rest.find("cy=\"").expect("a cy") + 4;
                rest[cy..]
                    .split('"')
                    .next()
                    .unwrap_or("0")
                    .parse()
                    .expect("a number")
            })
            .collect();
        assert!(
            circles[0] < circles[1],
            "rank 1 is drawn above rank 12: {circles:?}"
        );
    }

    #[test]
    fn charts_are_as_wide_as_a_cards_content() {
        assert_eq!(width_for(1280), 1068);
        assert_eq!(width_for(390), 334);
        assert_eq!(width_for(200), 260);
    }

    #[test]
    fn labels_are_shortened_with_an_ellipsis() {
        assert_eq!(fit("Bộ Tài chính", 40), "Bộ Tài chính");
        assert_eq!(fit("Bộ Tài chính", 6), "Bộ Tà…");
        assert_eq!(fit("abc", 1), "abc");
    }

    #[test]
    fn colours_are_read_from_css_hex() {
        assert_eq!(hex_color("#1b7f3b"), RGBColor(0x1b, 0x7f, 0x3b));
        assert_eq!(hex_color("#fff"), RGBColor(255, 255, 255));
        assert_eq!(hex_color("red"), RGBColor(0x6b, 0x72, 0x80));
    }

    #[test]
    fn rank_marks_are_whole_ranks_only() {
        assert_eq!(rank_label(Lang::Vi, 3.0), "3");
        assert_eq!(rank_label(Lang::Vi, 2.5), "");
        assert_eq!(rank_label(Lang::Vi, 0.0), "");
    }
}
