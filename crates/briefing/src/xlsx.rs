//! The XLSX workbook of a round: ranking, criteria matrix, summary and every record with its
//! evidence, each sheet with a frozen header row, column widths, number formats and a filter.
//!
//! Text that a spreadsheet could take for a formula (it begins with `=`, `+`, `-`, `@`, a tab
//! or a carriage return) is written as a string cell with Excel's quote prefix, so it shows
//! as typed and stays text when the cell is edited; the workbook holds no formulas at all.

use rust_xlsxwriter::{
    Color, ExcelDateTime, Format, FormatAlign, FormatBorder, Workbook, Worksheet, XlsxError,
};
use scorecard_domain::Record;
use scorecard_domain::score::Status;

use crate::text::Lang;
use crate::{BriefingError, RoundReport};

/// Whether `text` would run as a formula if a spreadsheet read it as typed input; the same
/// triggers as the CSV export's guard.
pub use scorecard_domain::formula::looks_like_formula;

/// The header row of each sheet: rows above it hold the title and the data's status.
pub const HEADER_ROW: u32 = 3;

struct Formats {
    title: Format,
    note: Format,
    header: Format,
    text: Format,
    guarded: Format,
    wrapped: Format,
    score: Format,
    percent: Format,
    integer: Format,
    date: Format,
}

impl Formats {
    fn new() -> Formats {
        let base = Format::new().set_font_name("Noto Sans").set_font_size(10);
        Formats {
            title: base.clone().set_bold().set_font_size(13),
            note: base.clone().set_italic().set_font_color(Color::RGB(0x4a5565)),
            header: base
                .clone()
                .set_bold()
                .set_background_color(Color::RGB(0xe8ecf1))
                .set_border_bottom(FormatBorder::Thin)
                .set_text_wrap()
                .set_align(FormatAlign::VerticalCenter),
            text: base.clone(),
            guarded: Format::new().set_quote_prefix(),
            wrapped: base.clone().set_text_wrap().set_align(FormatAlign::Top),
            score: base.clone().set_num_format("0.00"),
            percent: base.clone().set_num_format("0%"),
            integer: base.clone().set_num_format("0"),
            date: base.set_num_format("dd/mm/yyyy"),
        }
    }
}

/// Writes a text cell, guarded against formula injection. Plain cells keep the default style:
/// looking a format up for each of a million cells took a third of a large workbook's time.
fn text(sheet: &mut Worksheet, row: u32, col: u16, value: &str, formats: &Formats) -> Result<(), XlsxError> {
    if looks_like_formula(value) {
        sheet.write_string_with_format(row, col, value, &formats.guarded)?;
    } else {
        sheet.write_string(row, col, value)?;
    }
    Ok(())
}

/// The title, the data's status and the header row of a sheet; freezes the rows above the data.
fn start_sheet(
    sheet: &mut Worksheet,
    title: &str,
    report: &RoundReport,
    lang: Lang,
    columns: &[(&str, f64)],
    formats: &Formats,
) -> Result<(), XlsxError> {
    sheet.write_string_with_format(0, 0, title, &formats.title)?;
    sheet.write_string_with_format(1, 0, status_line(report, lang), &formats.note)?;
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *name, &formats.header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    Ok(())
}

/// Official or preliminary, and illustrative when it is: every export says so.
pub fn status_line(report: &RoundReport, lang: Lang) -> String {
    let mut line = if report.ranking.preliminary {
        lang.pick(
            "SỐ LIỆU SƠ BỘ: gồm cả các kết quả đã nộp nhưng chưa được phê duyệt.",
            "PRELIMINARY FIGURES: submitted results that are not yet approved are included.",
        )
        .to_owned()
    } else {
        lang.pick(
            "Số liệu chính thức: chỉ tính các kết quả đã được phê duyệt.",
            "Official figures: only approved results are counted.",
        )
        .to_owned()
    };
    if report.illustrative() {
        line.push_str(" Dữ liệu minh họa / illustrative data.");
    }
    line
}

fn filter(sheet: &mut Worksheet, rows: usize, columns: usize) -> Result<(), XlsxError> {
    let last_row = HEADER_ROW + rows.max(1) as u32;
    sheet.autofilter(HEADER_ROW, 0, last_row, columns.saturating_sub(1) as u16)?;
    Ok(())
}

/// One evidence file as the workbook lists it (issue 12): its record, name, size, hash, the
/// document's own date and the signature check's verdict in the workbook's language.
#[derive(Debug, Clone, PartialEq)]
pub struct EvidenceRow {
    pub organization: String,
    pub criterion: String,
    pub name: String,
    pub size: i64,
    pub sha256: String,
    pub document_date: Option<chrono::NaiveDate>,
    pub verdict: String,
}

/// The workbook of `report` in `lang` as XLSX bytes.
pub fn workbook(report: &RoundReport, lang: Lang) -> Result<Vec<u8>, BriefingError> {
    workbook_with_evidence(report, lang, &[])
}

/// The workbook with a sheet of the records' evidence files when there are any.
pub fn workbook_with_evidence(
    report: &RoundReport,
    lang: Lang,
    evidence: &[EvidenceRow],
) -> Result<Vec<u8>, BriefingError> {
    workbook_with(
        report,
        lang,
        &crate::Annexes {
            evidence,
            ..crate::Annexes::default()
        },
    )
}

/// The workbook with a sheet per annex that has rows: evidence files, self-assessments
/// beside the verified results, findings.
pub fn workbook_with(
    report: &RoundReport,
    lang: Lang,
    annexes: &crate::Annexes,
) -> Result<Vec<u8>, BriefingError> {
    let evidence = annexes.evidence;
    let formats = Formats::new();
    let mut book = Workbook::new();
    // Compression takes most of the time of a large workbook; level 1 keeps 100,000 records
    // well under two seconds for a file about a fifth larger.
    book.set_zip_compression_level(1);
    ranking_sheet(book.add_worksheet(), report, lang, &formats)?;
    matrix_sheet(book.add_worksheet(), report, lang, &formats)?;
    summary_sheet(book.add_worksheet(), report, lang, &formats)?;
    records_sheet(book.add_worksheet(), report, lang, &formats)?;
    if !evidence.is_empty() {
        evidence_sheet(book.add_worksheet(), report, lang, evidence, &formats)?;
    }
    if !annexes.self_assessment.is_empty() {
        self_assessment_sheet(
            book.add_worksheet(),
            report,
            lang,
            annexes.self_assessment,
            &formats,
        )?;
    }
    if !annexes.findings.is_empty() {
        findings_sheet(
            book.add_worksheet(),
            annexes.findings,
            &findings_title(report, lang),
            lang,
            &formats,
        )?;
    }
    Ok(book.save_to_buffer()?)
}

fn findings_title(report: &RoundReport, lang: Lang) -> String {
    format!(
        "{} — {}",
        lang.pick(
            "Kiến nghị khi công bố kết quả",
            "Findings made when the results were published"
        ),
        lang.pick(&report.round.name_vi, &report.round.name_en)
    )
}

/// The name of the self-assessment sheet.
pub fn self_assessment_sheet_name(lang: Lang) -> &'static str {
    lang.pick("Tự đánh giá", "Self-assessment")
}

fn self_assessment_sheet(
    sheet: &mut Worksheet,
    report: &RoundReport,
    lang: Lang,
    rows: &[crate::SelfAssessmentRow],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(self_assessment_sheet_name(lang))?;
    let title = format!(
        "{} — {}",
        lang.pick("Tự đánh giá và kết quả kiểm tra", "Self-assessed and verified"),
        lang.pick(&report.round.name_vi, &report.round.name_en)
    );
    let columns = [
        ("organization", 12.0),
        (lang.pick("Đơn vị", "Organisation"), 30.0),
        (lang.pick("Điểm tự đánh giá", "Self-assessed score"), 16.0),
        (lang.pick("Điểm kiểm tra", "Verified score"), 14.0),
        (lang.pick("Chênh lệch", "Difference"), 12.0),
        (lang.pick("Tiêu chí khác kết quả", "Criteria that differ"), 16.0),
        (lang.pick("Tỷ lệ khác", "Share that differs"), 12.0),
    ];
    start_sheet(sheet, &title, report, lang, &columns, f)?;
    let names = org_names(report, lang);
    for (i, row) in rows.iter().enumerate() {
        let r = HEADER_ROW + 1 + i as u32;
        text(sheet, r, 0, row.organization.as_str(), f)?;
        text(
            sheet,
            r,
            1,
            names.get(row.organization.as_str()).copied().unwrap_or(""),
            f,
        )?;
        for (col, value) in [(2, row.self_assessed), (3, row.verified), (4, row.difference)] {
            if let Some(value) = value {
                sheet.write_number_with_format(r, col, value, &f.score)?;
            }
        }
        text(sheet, r, 5, &format!("{}/{}", row.differing, row.compared), f)?;
        if row.compared > 0 {
            sheet.write_number_with_format(r, 6, row.differing as f64 / row.compared as f64, &f.percent)?;
        }
    }
    filter(sheet, rows.len(), columns.len())
}

/// The name of the evidence files' sheet.
pub fn evidence_sheet_name(lang: Lang) -> &'static str {
    lang.pick("Tệp kiểm chứng", "Evidence files")
}

fn evidence_sheet(
    sheet: &mut Worksheet,
    report: &RoundReport,
    lang: Lang,
    evidence: &[EvidenceRow],
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(evidence_sheet_name(lang))?;
    let title = format!(
        "{} — {}",
        lang.pick(
            "Tệp kiểm chứng và kết quả kiểm tra chữ ký số",
            "Evidence files and signature checks"
        ),
        lang.pick(&report.round.name_vi, &report.round.name_en)
    );
    let columns = [
        ("organization", 12.0),
        (lang.pick("Đơn vị", "Organisation"), 30.0),
        ("criterion", 10.0),
        (lang.pick("Tên tệp", "File name"), 40.0),
        (lang.pick("Dung lượng (byte)", "Size (bytes)"), 14.0),
        ("SHA-256", 66.0),
        (lang.pick("Ngày văn bản", "Document date"), 13.0),
        (lang.pick("Kiểm tra chữ ký số", "Signature check"), 60.0),
    ];
    start_sheet(sheet, &title, report, lang, &columns, f)?;
    let names = org_names(report, lang);
    for (i, file) in evidence.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        text(sheet, row, 0, &file.organization, f)?;
        text(
            sheet,
            row,
            1,
            names.get(file.organization.as_str()).copied().unwrap_or(""),
            f,
        )?;
        text(sheet, row, 2, &file.criterion, f)?;
        text(sheet, row, 3, &file.name, f)?;
        sheet.write_number_with_format(row, 4, file.size as f64, &f.integer)?;
        text(sheet, row, 5, &file.sha256, f)?;
        if let Some(date) = file.document_date {
            use chrono::Datelike;
            let date = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
            sheet.write_datetime_with_format(row, 6, &date, &f.date)?;
        }
        text(sheet, row, 7, &file.verdict, f)?;
    }
    filter(sheet, evidence.len(), columns.len())
}

/// The sheet names in `lang`, in order: ranking, matrix, summary, records.
pub fn sheet_names(lang: Lang) -> [&'static str; 4] {
    [
        lang.pick("Xếp hạng", "Ranking"),
        lang.pick("Ma trận tiêu chí", "Criteria matrix"),
        lang.pick("Tóm tắt", "Summary"),
        lang.pick("Kết quả", "Records"),
    ]
}

fn ranking_sheet(
    sheet: &mut Worksheet,
    report: &RoundReport,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(sheet_names(lang)[0])?;
    let title = format!(
        "{} — {}",
        lang.pick("Xếp hạng", "Ranking"),
        lang.pick(&report.round.name_vi, &report.round.name_en)
    );
    let columns = [
        (lang.pick("Hạng", "Rank"), 7.0),
        (lang.pick("Mã đơn vị", "Id"), 11.0),
        (lang.pick("Đơn vị", "Organisation"), 42.0),
        (lang.pick("Khối", "Peer group"), 11.0),
        (lang.pick("Điểm", "Score"), 9.0),
        (lang.pick("Xếp loại", "Band"), 13.0),
        (lang.pick("Đạt yêu cầu", "Compliant"), 12.0),
        (lang.pick("Mức đầy đủ", "Completeness"), 12.0),
        (lang.pick("Thay đổi hạng", "Rank change"), 13.0),
    ];
    start_sheet(sheet, &title, report, lang, &columns, f)?;
    // Under the status line: how merged organisations are compared (docs/rules.md).
    if let Some(note) = scorecard_domain::ranking::merger_note(&report.ranking.entries, lang) {
        sheet.write_string_with_format(2, 0, note, &f.note)?;
    }
    for (i, entry) in report.ranking.entries.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        if let Some(rank) = entry.rank {
            sheet.write_number_with_format(row, 0, rank, &f.integer)?;
        }
        text(sheet, row, 1, entry.organization.as_str(), f)?;
        text(sheet, row, 2, lang.pick(&entry.name_vi, &entry.name_en), f)?;
        text(sheet, row, 3, entry.group.as_str(), f)?;
        if let Some(score) = entry.score {
            sheet.write_number_with_format(row, 4, score, &f.score)?;
        }
        if let Some(band) = entry.band.as_deref().and_then(|b| report.catalog.band(b)) {
            let color = crate::charts::hex_color(&band.color);
            let format = f
                .text
                .clone()
                .set_bold()
                .set_font_color(Color::White)
                .set_background_color(Color::RGB(rgb(color)));
            sheet.write_string_with_format(row, 5, lang.pick(&band.label_vi, &band.label_en), &format)?;
        }
        let compliant = if entry.compliant {
            lang.pick("Có", "Yes")
        } else {
            lang.pick("Không", "No")
        };
        text(sheet, row, 6, compliant, f)?;
        sheet.write_number_with_format(row, 7, entry.completeness, &f.percent)?;
        if let Some(change) = entry.rank_change {
            sheet.write_number_with_format(row, 8, change, &f.integer)?;
        }
    }
    filter(sheet, report.ranking.entries.len(), columns.len())
}

fn rgb(color: plotters::style::RGBColor) -> u32 {
    (u32::from(color.0) << 16) | (u32::from(color.1) << 8) | u32::from(color.2)
}

/// The text of a matrix cell in `lang`.
pub fn status_text(status: Status, lang: Lang) -> &'static str {
    match status {
        Status::Met => lang.pick("Đạt", "Met"),
        Status::NotMet => lang.pick("Chưa đạt", "Not met"),
        Status::NotApplicable => lang.pick("Không áp dụng", "N/A"),
        Status::Missing => lang.pick("Chưa có kết quả", "No result"),
    }
}

fn matrix_sheet(
    sheet: &mut Worksheet,
    report: &RoundReport,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(sheet_names(lang)[1])?;
    let title = format!(
        "{} — {}",
        lang.pick("Kết quả theo tiêu chí", "Results by criterion"),
        lang.pick(&report.round.name_vi, &report.round.name_en)
    );
    let mut columns: Vec<(&str, f64)> = vec![(lang.pick("Đơn vị", "Organisation"), 42.0)];
    columns.extend(report.catalog.criteria.iter().map(|c| (c.code.as_str(), 12.0)));
    start_sheet(sheet, &title, report, lang, &columns, f)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 1)?;
    let status_format = |status: Status| {
        let (fill, ink) = match status {
            Status::Met => (0xd8efdf, 0x145c2b),
            Status::NotMet => (0xf7d9d5, 0x8e2418),
            Status::NotApplicable => (0xeef0f3, 0x4a5565),
            Status::Missing => (0xffffff, 0x4a5565),
        };
        f.text
            .clone()
            .set_background_color(Color::RGB(fill))
            .set_font_color(Color::RGB(ink))
            .set_align(FormatAlign::Center)
    };
    let formats = [
        Status::Met,
        Status::NotMet,
        Status::NotApplicable,
        Status::Missing,
    ]
    .map(status_format);
    let scores = report.scores_in_scope();
    for (i, score) in scores.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        text(sheet, row, 0, &report.org_name(&score.organization, lang), f)?;
        for (c, criterion) in report.catalog.criteria.iter().enumerate() {
            // Scores list the criteria in catalog order; search only if that ever changes.
            let status = score
                .criteria
                .get(c)
                .filter(|r| r.code == criterion.code)
                .or_else(|| score.criteria.iter().find(|r| r.code == criterion.code))
                .map_or(Status::Missing, |r| r.status);
            let index = match status {
                Status::Met => 0,
                Status::NotMet => 1,
                Status::NotApplicable => 2,
                Status::Missing => 3,
            };
            sheet.write_string_with_format(row, 1 + c as u16, status_text(status, lang), &formats[index])?;
        }
    }
    filter(sheet, scores.len(), columns.len())
}

fn summary_sheet(
    sheet: &mut Worksheet,
    report: &RoundReport,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(sheet_names(lang)[2])?;
    let summary = report.summary();
    let title = format!(
        "{} — {}",
        lang.pick("Tóm tắt", "Summary"),
        lang.pick(&report.round.name_vi, &report.round.name_en)
    );
    let columns = [
        (lang.pick("Mã", "Code"), 9.0),
        (lang.pick("Tiêu chí", "Criterion"), 50.0),
        (lang.pick("Đã đánh giá", "Assessed"), 11.0),
        (lang.pick("Đạt", "Met"), 8.0),
        (lang.pick("Chưa đạt", "Not met"), 10.0),
        (lang.pick("Không áp dụng", "N/A"), 12.0),
        (lang.pick("Chưa có kết quả", "No result"), 13.0),
        (lang.pick("Đơn vị chưa đạt", "Organisations not meeting it"), 60.0),
    ];
    start_sheet(sheet, &title, report, lang, &columns, f)?;
    let names = org_names(report, lang);
    for (i, line) in summary.criteria.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        text(sheet, row, 0, line.code.as_str(), f)?;
        text(sheet, row, 1, lang.pick(&line.name_vi, &line.name_en), f)?;
        for (col, value) in [
            line.assessed,
            line.met,
            line.not_met,
            line.not_applicable,
            line.missing,
        ]
        .into_iter()
        .enumerate()
        {
            sheet.write_number_with_format(row, 2 + col as u16, value, &f.integer)?;
        }
        let names: Vec<&str> = line
            .not_meeting
            .iter()
            .map(|id| names.get(id.as_str()).copied().unwrap_or(id.as_str()))
            .collect();
        text(sheet, row, 7, &names.join(", "), f)?;
    }
    filter(sheet, summary.criteria.len(), columns.len())?;
    // The briefing sentences under the table, one per row, as the PDF gives them.
    let sentences = match lang {
        Lang::Vi => &summary.sentences_vi,
        Lang::En => &summary.sentences_en,
    };
    let first = HEADER_ROW + 2 + summary.criteria.len() as u32 + 1;
    sheet.write_string_with_format(first, 0, lang.pick("Nhận xét", "Briefing"), &f.title)?;
    for (i, sentence) in sentences.iter().enumerate() {
        let row = first + 1 + i as u32;
        sheet.merge_range(row, 0, row, 7, "", &f.wrapped)?;
        sheet.write_string_with_format(row, 0, sentence, &f.wrapped)?;
        sheet.set_row_height(row, 15.0 * (1 + sentence.chars().count() / 150) as f64)?;
    }
    Ok(())
}

/// Organisation names in `lang` by id.
fn org_names<'a>(report: &RoundReport<'a>, lang: Lang) -> std::collections::HashMap<&'a str, &'a str> {
    report
        .organizations
        .iter()
        .map(|o| (o.id.as_str(), lang.pick(&o.name_vi, &o.name_en)))
        .collect()
}

fn records_sheet(
    sheet: &mut Worksheet,
    report: &RoundReport,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(sheet_names(lang)[3])?;
    let title = format!(
        "{} — {}",
        lang.pick("Kết quả kiểm tra và minh chứng", "Records and evidence"),
        lang.pick(&report.round.name_vi, &report.round.name_en)
    );
    let columns = [
        ("round", 8.0),
        ("organization", 12.0),
        (lang.pick("Đơn vị", "Organisation"), 34.0),
        ("criterion", 10.0),
        ("outcome", 14.0),
        ("value", 8.0),
        ("evidence", 50.0),
        ("note", 30.0),
        ("inspector", 20.0),
        ("assessed_on", 12.0),
        ("state", 11.0),
    ];
    start_sheet(sheet, &title, report, lang, &columns, f)?;
    let names = org_names(report, lang);
    // By organisation, then in catalog order, as the CSV export.
    let positions: std::collections::HashMap<&str, usize> = report
        .catalog
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| (c.code.as_str(), i))
        .collect();
    let mut records: Vec<&Record> = report.records.iter().collect();
    records.sort_by_key(|r| {
        let position = positions.get(r.criterion.as_str()).copied().unwrap_or(usize::MAX);
        (&r.organization, position)
    });
    for (i, record) in records.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        text(sheet, row, 0, record.round.as_str(), f)?;
        text(sheet, row, 1, record.organization.as_str(), f)?;
        let name = names.get(record.organization.as_str()).copied().unwrap_or("");
        text(sheet, row, 2, name, f)?;
        text(sheet, row, 3, record.criterion.as_str(), f)?;
        text(sheet, row, 4, record.outcome.key(), f)?;
        if let Some(value) = record.outcome.value() {
            sheet.write_number_with_format(row, 5, value, &f.percent)?;
        }
        text(sheet, row, 6, &record.evidence, f)?;
        text(sheet, row, 7, &record.note, f)?;
        text(sheet, row, 8, &record.inspector, f)?;
        if let Some(date) = record.assessed_on {
            use chrono::Datelike;
            let date = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
            sheet.write_datetime_with_format(row, 9, &date, &f.date)?;
        }
        text(sheet, row, 10, record.state.as_str(), f)?;
    }
    filter(sheet, records.len(), columns.len())
}

/// One finding as the findings workbook lists it (issue 13), its texts in the workbook's
/// language already.
#[derive(Debug, Clone, PartialEq)]
pub struct FindingRow {
    pub round: String,
    pub organization: String,
    pub organization_name: String,
    pub criterion: String,
    pub criterion_name: String,
    pub legal_basis: String,
    pub due_on: Option<chrono::NaiveDate>,
    /// "Đang mở", "Quá hạn", "Đã đóng" or their English.
    pub state: String,
    /// Not closed (open or overdue).
    pub open: bool,
    pub note: String,
    /// Every report, one per line: "29/11/2026 donvi.btc: …".
    pub reports: String,
    pub review_note: String,
}

/// The findings workbook: one sheet, one row per finding, with a filter on every column.
pub fn findings_workbook(rows: &[FindingRow], title: &str, lang: Lang) -> Result<Vec<u8>, BriefingError> {
    let f = Formats::new();
    let mut book = Workbook::new();
    findings_sheet(book.add_worksheet(), rows, title, lang, &f)?;
    Ok(book.save_to_buffer()?)
}

/// The name of the findings sheet.
pub fn findings_sheet_name(lang: Lang) -> &'static str {
    lang.pick("Kiến nghị", "Findings")
}

fn findings_sheet(
    sheet: &mut Worksheet,
    rows: &[FindingRow],
    title: &str,
    lang: Lang,
    f: &Formats,
) -> Result<(), XlsxError> {
    sheet.set_name(findings_sheet_name(lang))?;
    sheet.write_string_with_format(0, 0, title, &f.title)?;
    sheet.write_string_with_format(
        1,
        0,
        lang.pick(
            "Mỗi tiêu chí bắt buộc chưa đạt khi công bố kết quả là một kiến nghị; đơn vị báo cáo việc khắc phục, Đoàn kiểm tra đóng kiến nghị hoặc giữ mở.",
            "Each mandatory criterion not met when a round is published is a finding; the unit reports what it did, the team closes it or keeps it open.",
        ),
        &f.note,
    )?;
    let columns = [
        (lang.pick("Đợt kiểm tra", "Round"), 12.0),
        ("organization", 12.0),
        (lang.pick("Đơn vị", "Organisation"), 30.0),
        ("criterion", 10.0),
        (lang.pick("Tiêu chí", "Criterion"), 40.0),
        (lang.pick("Căn cứ", "Legal basis"), 40.0),
        (lang.pick("Hạn khắc phục", "Due"), 13.0),
        (lang.pick("Tình trạng", "State"), 12.0),
        (lang.pick("Ghi chú của cán bộ kiểm tra", "Inspector's note"), 40.0),
        (lang.pick("Báo cáo của đơn vị", "The unit's reports"), 60.0),
        (lang.pick("Ý kiến của Đoàn kiểm tra", "The team's review"), 40.0),
    ];
    for (col, (name, width)) in columns.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, *name, &f.header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_freeze_panes(HEADER_ROW + 1, 0)?;
    for (i, finding) in rows.iter().enumerate() {
        let row = HEADER_ROW + 1 + i as u32;
        text(sheet, row, 0, &finding.round, f)?;
        text(sheet, row, 1, &finding.organization, f)?;
        text(sheet, row, 2, &finding.organization_name, f)?;
        text(sheet, row, 3, &finding.criterion, f)?;
        text(sheet, row, 4, &finding.criterion_name, f)?;
        text(sheet, row, 5, &finding.legal_basis, f)?;
        if let Some(date) = finding.due_on {
            use chrono::Datelike;
            let date = ExcelDateTime::from_ymd(date.year() as u16, date.month() as u8, date.day() as u8)?;
            sheet.write_datetime_with_format(row, 6, &date, &f.date)?;
        }
        text(sheet, row, 7, &finding.state, f)?;
        text(sheet, row, 8, &finding.note, f)?;
        text(sheet, row, 9, &finding.reports, f)?;
        text(sheet, row, 10, &finding.review_note, f)?;
    }
    filter(sheet, rows.len(), columns.len())
}
