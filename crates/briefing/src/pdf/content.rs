//! What the briefing says, section by section, in the reader's language: the administrative
//! heading, the data's status, the sentences, the ranking with its chart, the criteria with the
//! matrix, and the signature block; laid out into pages, not yet drawn.

use scorecard_domain::score::Status;
use scorecard_domain::{Scope, Summary};

use super::layout::{Align, Cell, Column, Layout, Rgb, Style};
use super::layout::{LEFT, RIGHT, WIDTH};
use crate::charts::{self, Chart};
use crate::fonts::{Face, Weight};
use crate::text::{self, Lang};
use crate::{Heading, RoundReport};

const BODY: Style = Style::new(10.5, Weight::Regular);
const SMALL: Style = Style::new(8.5, Weight::Regular);
const TABLE: Style = Style::new(8.5, Weight::Regular);
const SECTION: Style = Style::new(11.5, Weight::Bold);
/// Bars or criteria per chart, so that each chart fits on a page.
const CHART_ROWS: usize = 30;
/// Criteria per matrix table, so that the columns stay readable.
const MATRIX_COLUMNS: usize = 7;

/// The briefing laid out into pages of drawing operations, before it is drawn.
pub fn layout(report: &RoundReport, heading: &Heading, lang: Lang) -> Layout {
    layout_with(report, heading, lang, &crate::Annexes::default())
}

/// The briefing with the self-assessments and the findings, when there are any.
pub fn layout_with(report: &RoundReport, heading: &Heading, lang: Lang, annexes: &crate::Annexes) -> Layout {
    let summary = report.summary();
    let mut layout = Layout::new();
    title_block(&mut layout, report, heading, lang);
    status_note(&mut layout, report, lang);
    overview(&mut layout, report, &summary, lang);
    ranking(&mut layout, report, lang);
    criteria(&mut layout, report, &summary, lang);
    let mut next = 4;
    if !annexes.self_assessment.is_empty() {
        self_assessment(&mut layout, report, annexes.self_assessment, next, lang);
        next += 1;
    }
    if !annexes.findings.is_empty() {
        findings(&mut layout, annexes.findings, next, lang);
    }
    signature(&mut layout, lang);
    layout
}

/// A section number in Roman numerals (the sections after the first three).
fn roman(n: usize) -> &'static str {
    ["I", "II", "III", "IV", "V", "VI", "VII"]
        .get(n.saturating_sub(1))
        .copied()
        .unwrap_or("")
}

fn self_assessment(
    layout: &mut Layout,
    report: &RoundReport,
    rows: &[crate::SelfAssessmentRow],
    number: usize,
    lang: Lang,
) {
    let title = format!(
        "{}. {}",
        roman(number),
        lang.pick("TỰ ĐÁNH GIÁ VÀ KẾT QUẢ KIỂM TRA", "SELF-ASSESSED AND VERIFIED")
    );
    layout.heading(&title, SECTION, 60.0);
    layout.paragraph(
        lang.pick(
            "Điểm đơn vị tự đánh giá, điểm kiểm tra (theo cùng quy tắc tính điểm) và chênh lệch; số tiêu chí mà kết quả tự đánh giá khác kết quả kiểm tra cho thấy chất lượng tự đánh giá.",
            "The score each unit gave itself, the verified score (by the same scoring rules) and the difference; the criteria where the two differ show how well the unit assesses itself.",
        ),
        BODY,
        (LEFT, RIGHT),
        Align::Left,
    );
    layout.space(4.0);
    let column = Column::new;
    let columns = [
        column(lang.pick("Đơn vị", "Organisation"), 3.6, Align::Left),
        column(lang.pick("Tự đánh giá", "Self-assessed"), 1.3, Align::Right),
        column(lang.pick("Kết quả kiểm tra", "Verified"), 1.3, Align::Right),
        column(lang.pick("Chênh lệch", "Difference"), 1.2, Align::Right),
        column(
            lang.pick("Tiêu chí khác", "Criteria that differ"),
            1.5,
            Align::Right,
        ),
    ];
    let rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|row| {
            let share = if row.compared > 0 {
                format!(
                    "{}/{} ({})",
                    row.differing,
                    row.compared,
                    text::percent(row.differing as f64 / row.compared as f64, lang)
                )
            } else {
                "—".to_owned()
            };
            vec![
                Cell::plain(report.org_name(&row.organization, lang)),
                Cell::plain(text::score(row.self_assessed, lang)),
                Cell {
                    bold: true,
                    ..Cell::plain(text::score(row.verified, lang))
                },
                Cell::plain(
                    row.difference
                        .map_or_else(|| "—".to_owned(), |d| text::signed(d, lang)),
                ),
                Cell::plain(share),
            ]
        })
        .collect();
    layout.table(&columns, &rows, TABLE);
}

fn findings(layout: &mut Layout, rows: &[crate::xlsx::FindingRow], number: usize, lang: Lang) {
    let title = format!("{}. {}", roman(number), lang.pick("KIẾN NGHỊ", "FINDINGS"));
    layout.heading(&title, SECTION, 60.0);
    let open = rows.iter().filter(|r| r.open).count();
    let organizations: std::collections::BTreeSet<&str> =
        rows.iter().map(|r| r.organization.as_str()).collect();
    let sentence = match lang {
        Lang::Vi => format!(
            "Khi công bố kết quả, {} tiêu chí bắt buộc chưa đạt của {} đơn vị trở thành kiến nghị; còn {open} kiến nghị chưa khắc phục.",
            rows.len(),
            organizations.len()
        ),
        Lang::En => format!(
            "When the results were published, {} mandatory criteria not met at {} organisations became findings; {open} are still open.",
            rows.len(),
            organizations.len()
        ),
    };
    layout.paragraph(&sentence, BODY, (LEFT, RIGHT), Align::Left);
    layout.space(4.0);
    let column = Column::new;
    let columns = [
        column(lang.pick("Đơn vị", "Organisation"), 3.0, Align::Left),
        column(lang.pick("Tiêu chí", "Criterion"), 0.9, Align::Left),
        column(lang.pick("Căn cứ", "Legal basis"), 3.2, Align::Left),
        column(lang.pick("Hạn", "Due"), 1.1, Align::Center),
        column(lang.pick("Tình trạng", "State"), 1.1, Align::Center),
    ];
    let rows: Vec<Vec<Cell>> = rows
        .iter()
        .map(|row| {
            vec![
                Cell::plain(row.organization_name.clone()),
                Cell::plain(row.criterion.clone()),
                Cell::plain(row.legal_basis.clone()),
                Cell::plain(row.due_on.map_or_else(|| "—".to_owned(), text::date)),
                Cell::plain(row.state.clone()),
            ]
        })
        .collect();
    layout.table(&columns, &rows, TABLE);
}

fn scope_label(report: &RoundReport, lang: Lang) -> String {
    match &report.ranking.scope {
        Scope::All => format!(
            "{} {}",
            lang.pick("Tất cả", "All"),
            lang.pick(&report.catalog.org_noun_vi, &report.catalog.org_noun_en)
        ),
        Scope::Group(group) => format!("{} {}", lang.pick("Khối", "Peer group"), group),
    }
}

pub(super) fn status_label(report: &RoundReport, lang: Lang) -> &'static str {
    if report.ranking.preliminary {
        lang.pick("SỐ LIỆU SƠ BỘ", "PRELIMINARY FIGURES")
    } else {
        lang.pick("Số liệu chính thức", "Official figures")
    }
}

fn title_block(layout: &mut Layout, report: &RoundReport, heading: &Heading, lang: Lang) {
    administrative_heading(layout, heading, lang);
    layout.paragraph(
        lang.pick("BÁO CÁO", "REPORT"),
        Style::new(14.0, Weight::Bold),
        (LEFT, RIGHT),
        Align::Center,
    );
    layout.space(2.0);
    let subject = format!(
        "{} {}",
        lang.pick("Kết quả", "Results of the"),
        lang.pick(&report.round.name_vi, &report.round.name_en)
    );
    layout.paragraph(
        &subject,
        Style::new(12.0, Weight::Bold),
        (LEFT, RIGHT),
        Align::Center,
    );
    let scope = format!("({})", scope_label(report, lang));
    layout.paragraph(&scope, BODY, (LEFT, RIGHT), Align::Center);
    let y = layout.y() + 4.0;
    let mid = (LEFT + RIGHT) / 2.0;
    layout.line((mid - 50.0, y), (mid + 50.0, y), 0.6, super::layout::INK);
    layout.space(16.0);
}

/// The heading of an administrative document (Decree 30/2020/NĐ-CP's layout): the issuing
/// agency with its number on the left, the national motto with place and date on the right.
pub(super) fn administrative_heading(layout: &mut Layout, heading: &Heading, lang: Lang) {
    let left = (LEFT - 20.0, LEFT + WIDTH * 0.40);
    let right = (LEFT + WIDTH * 0.40, RIGHT + 10.0);
    let bold = Style::new(10.5, Weight::Bold);
    let regular = Style::new(10.5, Weight::Regular);
    let top = layout.y();
    let mut y = top + 11.0;
    let mut last_baseline = y;
    if !heading.parent_agency.is_empty() {
        layout.text_at(
            &heading.parent_agency.to_uppercase(),
            regular,
            left,
            Align::Center,
            y,
        );
        y += 13.0;
    }
    for line in super::layout::wrap(&heading.agency.to_uppercase(), bold, left.1 - left.0) {
        layout.text_at(&line, bold, left, Align::Center, y);
        last_baseline = y;
        y += 13.0;
    }
    // A short rule under the agency, as the decree's template draws it.
    let mid = (left.0 + left.1) / 2.0;
    let rule_y = last_baseline + 5.0;
    layout.line(
        (mid - 30.0, rule_y),
        (mid + 30.0, rule_y),
        0.6,
        super::layout::INK,
    );
    let number = heading.number.clone().unwrap_or_else(|| "        ".to_owned());
    let number_line = format!("{}: {number}/{}", lang.pick("Số", "No."), heading.number_suffix);
    layout.text_at(&number_line, regular, left, Align::Center, rule_y + 18.0);

    let mut y = top + 11.0;
    let republic = lang.pick(
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "SOCIALIST REPUBLIC OF VIET NAM",
    );
    layout.text_at(republic, Style::new(10.0, Weight::Bold), right, Align::Center, y);
    y += 14.0;
    let motto = lang.pick(
        "Độc lập - Tự do - Hạnh phúc",
        "Independence - Freedom - Happiness",
    );
    let motto_style = Style::new(11.0, Weight::Bold);
    layout.text_at(motto, motto_style, right, Align::Center, y);
    let motto_width = Face::of(Weight::Bold).width(motto, motto_style.size);
    let mid = (right.0 + right.1) / 2.0;
    layout.line(
        (mid - motto_width / 2.0, y + 3.0),
        (mid + motto_width / 2.0, y + 3.0),
        0.6,
        super::layout::INK,
    );
    y += 22.0;
    let dated = text::place_and_date(&heading.place, heading.issued_on, lang);
    layout.text_at(&dated, regular, right, Align::Center, y);
    layout.space(y - top + 26.0);
}

fn status_note(layout: &mut Layout, report: &RoundReport, lang: Lang) {
    let round = report.round;
    let period = format!(
        "{} {} – {}",
        lang.pick("Kỳ kiểm tra:", "Inspection period:"),
        text::date(round.starts_on),
        text::date(round.ends_on)
    );
    let catalog = format!(
        "{} {} ({} {}).",
        lang.pick("Bộ tiêu chí:", "Catalog:"),
        lang.pick(&report.catalog.name_vi, &report.catalog.name_en),
        lang.pick("phiên bản", "version"),
        report.catalog.version
    );
    let status = if report.ranking.preliminary {
        lang.pick(
            "SỐ LIỆU SƠ BỘ: gồm cả các kết quả đã nộp nhưng chưa được phê duyệt; không dùng như số liệu chính thức.",
            "PRELIMINARY FIGURES: submitted results that are not yet approved are included; do not use them as official figures.",
        )
    } else {
        lang.pick(
            "Số liệu chính thức: chỉ tính các kết quả đã được phê duyệt.",
            "Official figures: only approved results are counted.",
        )
    };
    let mut lines = vec![status.to_owned(), format!("{period}. {catalog}")];
    if report.illustrative() {
        lines.push(
            "Dữ liệu minh họa / illustrative data: các kết quả của từng đơn vị là giả định; / the outcomes of each organisation are invented."
                .to_owned(),
        );
    }
    let style = Style {
        color: if report.ranking.preliminary {
            Rgb(0x9a, 0x3b, 0x00)
        } else {
            super::layout::INK
        },
        ..Style::new(9.5, Weight::Regular)
    };
    // The first line is set in bold, so it is measured in bold.
    let wrapped: Vec<Vec<String>> = lines
        .iter()
        .enumerate()
        .map(|(i, l)| {
            let weight = if i == 0 { Weight::Bold } else { Weight::Regular };
            super::layout::wrap(l, Style { weight, ..style }, WIDTH - 16.0)
        })
        .collect();
    let count: usize = wrapped.iter().map(Vec::len).sum();
    let height = count as f32 * style.leading() + 12.0;
    layout.ensure(height);
    let top = layout.y();
    let fill = if report.ranking.preliminary {
        Rgb(0xfd, 0xf0, 0xe1)
    } else {
        Rgb(0xf1, 0xf4, 0xf7)
    };
    layout.rect((LEFT, top, WIDTH, height), fill);
    layout.rect((LEFT, top, 3.0, height), style.color);
    let mut y = top + 6.0;
    let bold_lines = wrapped.first().map_or(0, Vec::len);
    for (i, line) in wrapped.iter().flatten().enumerate() {
        let weight = if i < bold_lines {
            Weight::Bold
        } else {
            Weight::Regular
        };
        let line_style = Style { weight, ..style };
        layout.text_at(
            line,
            line_style,
            (LEFT + 10.0, RIGHT - 6.0),
            Align::Left,
            y + style.size,
        );
        y += style.leading();
    }
    layout.space(height + 10.0);
}

fn overview(layout: &mut Layout, report: &RoundReport, summary: &Summary, lang: Lang) {
    layout.heading(lang.pick("I. KẾT QUẢ CHUNG", "I. OVERALL RESULTS"), SECTION, 40.0);
    let ranked = report.ranking.entries.iter().filter(|e| e.rank.is_some()).count();
    let intro = match lang {
        Lang::Vi => format!(
            "Đoàn kiểm tra đã kiểm tra {} {} theo {} tiêu chí; {} đơn vị có điểm và được xếp hạng.",
            summary.organizations,
            report.catalog.org_noun_vi,
            report.catalog.criteria.len(),
            ranked
        ),
        Lang::En => format!(
            "The inspection covered {} {} against {} criteria; {} organisations have a score and are ranked.",
            summary.organizations,
            report.catalog.org_noun_en,
            report.catalog.criteria.len(),
            ranked
        ),
    };
    layout.paragraph(&intro, BODY, (LEFT, RIGHT), Align::Left);
    layout.space(4.0);
    let sentences = match lang {
        Lang::Vi => &summary.sentences_vi,
        Lang::En => &summary.sentences_en,
    };
    for sentence in sentences {
        layout.bullet("–", sentence, BODY);
        layout.space(2.0);
    }
}

fn ranking(layout: &mut Layout, report: &RoundReport, lang: Lang) {
    layout.heading(lang.pick("II. XẾP HẠNG", "II. RANKING"), SECTION, 60.0);
    let column = Column::new;
    let columns = [
        column(lang.pick("Hạng", "Rank"), 0.7, Align::Center),
        column(lang.pick("Đơn vị", "Organisation"), 3.8, Align::Left),
        column(lang.pick("Điểm", "Score"), 1.0, Align::Right),
        column(lang.pick("Xếp loại", "Band"), 1.3, Align::Center),
        column(lang.pick("Đạt yêu cầu", "Compliant"), 1.3, Align::Center),
        column(lang.pick("Đầy đủ", "Complete"), 1.2, Align::Right),
        column(lang.pick("Thay đổi hạng", "Rank change"), 1.1, Align::Center),
    ];
    let rows: Vec<Vec<Cell>> = report
        .ranking
        .entries
        .iter()
        .map(|entry| {
            let band = entry.band.as_deref().and_then(|b| report.catalog.band(b));
            let band_cell = match band {
                Some(band) => {
                    let c = charts::hex_color(&band.color);
                    Cell {
                        text: lang.pick(&band.label_vi, &band.label_en).to_owned(),
                        fill: Some(Rgb(c.0, c.1, c.2)),
                        bold: true,
                        color: Some(super::layout::WHITE),
                    }
                }
                None => Cell::plain("—"),
            };
            let mut name = lang.pick(&entry.name_vi, &entry.name_en).to_owned();
            if entry.incomplete {
                name.push_str(lang.pick(" (chưa đủ kết quả)", " (incomplete)"));
            }
            vec![
                Cell::plain(entry.rank.map_or_else(|| "—".to_owned(), |r| r.to_string())),
                Cell::plain(name),
                Cell {
                    bold: true,
                    ..Cell::plain(text::score(entry.score, lang))
                },
                band_cell,
                Cell::plain(if entry.compliant {
                    lang.pick("Có", "Yes")
                } else {
                    lang.pick("Không", "No")
                }),
                Cell::plain(text::percent(entry.completeness, lang)),
                Cell::plain(text::rank_change(entry.rank_change)),
            ]
        })
        .collect();
    layout.table(&columns, &rows, TABLE);
    layout.space(4.0);
    layout.paragraph(
        lang.pick(
            "Thay đổi hạng so với đợt kiểm tra trước cùng bộ tiêu chí: +n là tăng n bậc, -n là giảm n bậc, = là giữ nguyên, — là chưa được xếp hạng ở đợt trước.",
            "Rank change against the previous round of the same catalog: +n moved up n places, -n moved down, = unchanged, — not ranked then.",
        ),
        SMALL,
        (LEFT, RIGHT),
        Align::Left,
    );
    if let Some(note) = scorecard_domain::ranking::merger_note(&report.ranking.entries, lang) {
        layout.paragraph(&note, SMALL, (LEFT, RIGHT), Align::Left);
    }
    let chart = Chart::ranking(report, lang);
    let parts = chart.split_rows(CHART_ROWS);
    let count = parts.len();
    for (i, part) in parts.into_iter().enumerate() {
        let caption = format!(
            "{}{}",
            lang.pick(
                "Biểu đồ 1. Điểm của các đơn vị theo thứ hạng",
                "Chart 1. Scores in ranking order"
            ),
            if count > 1 {
                format!(" ({}/{count})", i + 1)
            } else {
                String::new()
            }
        );
        chart_with_caption(layout, part, &caption);
    }
}

fn chart_with_caption(layout: &mut Layout, chart: Chart, caption: &str) {
    let height = chart.height(WIDTH as f64) as f32;
    let caption_style = Style::new(9.5, Weight::Bold);
    layout.ensure(height + caption_style.leading() + 12.0);
    layout.space(8.0);
    layout.paragraph(caption, caption_style, (LEFT, RIGHT), Align::Center);
    layout.space(2.0);
    layout.chart(chart, height);
}

fn criteria(layout: &mut Layout, report: &RoundReport, summary: &Summary, lang: Lang) {
    layout.heading(
        lang.pick("III. KẾT QUẢ THEO TIÊU CHÍ", "III. RESULTS BY CRITERION"),
        SECTION,
        60.0,
    );
    let column = Column::new;
    let columns = [
        column(lang.pick("Mã", "Code"), 0.9, Align::Left),
        column(lang.pick("Tiêu chí", "Criterion"), 4.6, Align::Left),
        column(lang.pick("Đạt", "Met"), 0.8, Align::Right),
        column(lang.pick("Chưa đạt", "Not met"), 0.9, Align::Right),
        column(lang.pick("Không áp dụng", "N/A"), 1.0, Align::Right),
        column(lang.pick("Chưa có kết quả", "No result"), 1.0, Align::Right),
    ];
    let rows: Vec<Vec<Cell>> = summary
        .criteria
        .iter()
        .map(|c| {
            vec![
                Cell {
                    bold: true,
                    ..Cell::plain(c.code.to_string())
                },
                Cell::plain(lang.pick(&c.name_vi, &c.name_en)),
                Cell::plain(c.met.to_string()),
                Cell::plain(c.not_met.to_string()),
                Cell::plain(c.not_applicable.to_string()),
                Cell::plain(c.missing.to_string()),
            ]
        })
        .collect();
    layout.table(&columns, &rows, TABLE);
    for (i, part) in Chart::criteria(summary)
        .split_rows(CHART_ROWS)
        .into_iter()
        .enumerate()
    {
        let caption = format!(
            "{}{}",
            lang.pick(
                "Biểu đồ 2. Số đơn vị đạt, chưa đạt theo từng tiêu chí",
                "Chart 2. Organisations meeting each criterion"
            ),
            if i > 0 {
                format!(" ({})", i + 1)
            } else {
                String::new()
            }
        );
        chart_with_caption(layout, part, &caption);
    }
    matrix(layout, report, lang);
}

/// Who meets which criterion: organisations down, criteria across, in groups of columns.
fn matrix(layout: &mut Layout, report: &RoundReport, lang: Lang) {
    let scores = report.scores_in_scope();
    let codes: Vec<&scorecard_domain::Criterion> = report.catalog.criteria.iter().collect();
    layout.space(6.0);
    layout.heading(
        lang.pick(
            "Bảng kết quả chi tiết theo đơn vị",
            "Results by organisation and criterion",
        ),
        Style::new(10.5, Weight::Bold),
        60.0,
    );
    layout.paragraph(
        lang.pick(
            "Đạt: đáp ứng tiêu chí; Chưa: chưa đáp ứng; KAD: không áp dụng; —: chưa có kết quả được tính.",
            "Met: meets the criterion; Not: does not; N/A: not applicable; —: no counted result.",
        ),
        SMALL,
        (LEFT, RIGHT),
        Align::Left,
    );
    layout.space(3.0);
    for group in codes.chunks(MATRIX_COLUMNS) {
        let mut columns = vec![Column {
            title: lang.pick("Đơn vị", "Organisation").to_owned(),
            share: 3.4,
            align: Align::Left,
        }];
        columns.extend(group.iter().map(|c| Column {
            title: c.code.to_string(),
            share: 0.85,
            align: Align::Center,
        }));
        let rows: Vec<Vec<Cell>> = scores
            .iter()
            .map(|score| {
                let mut row = vec![Cell::plain(report.org_name(&score.organization, lang))];
                for criterion in group {
                    let status = score
                        .criteria
                        .iter()
                        .find(|r| r.code == criterion.code)
                        .map_or(Status::Missing, |r| r.status);
                    row.push(status_cell(status, lang));
                }
                row
            })
            .collect();
        layout.table(&columns, &rows, TABLE);
        layout.space(8.0);
    }
}

fn status_cell(status: Status, lang: Lang) -> Cell {
    let (text, fill, color) = match status {
        Status::Met => (
            lang.pick("Đạt", "Met"),
            Rgb(0xd8, 0xef, 0xdf),
            Rgb(0x14, 0x5c, 0x2b),
        ),
        Status::NotMet => (
            lang.pick("Chưa", "Not"),
            Rgb(0xf7, 0xd9, 0xd5),
            Rgb(0x8e, 0x24, 0x18),
        ),
        Status::NotApplicable => ("KAD", Rgb(0xee, 0xf0, 0xf3), super::layout::MUTED),
        Status::Missing => ("—", super::layout::WHITE, super::layout::MUTED),
    };
    let text = if status == Status::NotApplicable {
        lang.pick(text, "N/A")
    } else {
        text
    };
    Cell {
        text: text.to_owned(),
        fill: Some(fill),
        bold: status == Status::Met || status == Status::NotMet,
        color: Some(color),
    }
}

pub(super) fn signature(layout: &mut Layout, lang: Lang) {
    layout.ensure(70.0);
    layout.space(14.0);
    let right = (LEFT + WIDTH * 0.5, RIGHT);
    let y = layout.y() + 11.0;
    layout.text_at(
        lang.pick("TRƯỞNG ĐOÀN KIỂM TRA", "HEAD OF THE INSPECTION TEAM"),
        Style::new(10.5, Weight::Bold),
        right,
        Align::Center,
        y,
    );
    layout.text_at(
        lang.pick("(Ký, ghi rõ họ tên)", "(Signature and full name)"),
        Style::new(9.5, Weight::Regular),
        right,
        Align::Center,
        y + 13.0,
    );
    layout.space(60.0);
}
