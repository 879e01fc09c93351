//! The fill-in template of a round: one row per organisation × criterion with the names and
//! the legal basis beside the ids, the outcome restricted by a dropdown list to what that
//! criterion accepts (met / not met / not applicable, its levels), the share of a ratio
//! criterion restricted to 0–100 %, and a second sheet that explains every column in Vietnamese
//! and English. Filled in Excel or LibreOffice, it imports back as it is (rows left empty are
//! skipped).

use rust_xlsxwriter::{
    Color, DataValidation, DataValidationRule, Format, FormatAlign, FormatBorder, Workbook, Worksheet,
    XlsxError,
};
use scorecard_domain::{Catalog, Criterion, CriterionKind, Organization, Round};

use crate::BriefingError;
use crate::text::Lang;
use crate::xlsx::{HEADER_ROW, looks_like_formula};

/// The columns of the fill-in sheet: header in each language, width, and whether people fill
/// it in. The headers are those the importer reads (`record_input::FIELD_LABELS` and
/// `DISPLAY_HEADERS`).
const COLUMNS: [(&str, &str, f64, bool); 13] = [
    ("Mã đợt", "Round", 9.0, false),
    ("Mã đơn vị", "Organisation id", 11.0, false),
    ("Tên đơn vị", "Organisation name", 30.0, false),
    ("Mã tiêu chí", "Criterion code", 10.0, false),
    ("Tên tiêu chí", "Criterion name", 36.0, false),
    ("Căn cứ pháp lý", "Legal basis", 26.0, false),
    ("Giá trị được nhập", "Accepted values", 60.0, false),
    ("Kết quả", "Outcome", 15.0, true),
    ("Tỷ lệ", "Share", 9.0, true),
    ("Minh chứng", "Evidence", 40.0, true),
    ("Ghi chú", "Note", 24.0, true),
    ("Cán bộ kiểm tra", "Inspector", 18.0, true),
    ("Ngày đánh giá", "Assessed on", 13.0, true),
];

const OUTCOME: u16 = 7;
const SHARE: u16 = 8;
const ASSESSED_ON: u16 = 12;

/// What each column means, for the instructions sheet: Vietnamese, then English.
const MEANINGS: [(&str, &str); 13] = [
    ("Mã đợt kiểm tra; không sửa.", "The round's id; do not change it."),
    (
        "Mã đơn vị được kiểm tra; không sửa.",
        "The inspected organisation's id; do not change it.",
    ),
    (
        "Tên đơn vị, để đọc; không được nhập.",
        "The organisation's name, to read; it is not imported.",
    ),
    (
        "Mã tiêu chí; không sửa.",
        "The criterion's code; do not change it.",
    ),
    (
        "Tên tiêu chí, để đọc; không được nhập.",
        "The criterion's name, to read; it is not imported.",
    ),
    (
        "Văn bản quy định tiêu chí, để đọc.",
        "The legal text the criterion comes from, to read.",
    ),
    ("Những kết quả tiêu chí này nhận.", "What this criterion accepts."),
    (
        "Chọn trong danh sách: met (đạt), not_met (chưa đạt), not_applicable (không áp dụng), hoặc một mức của tiêu chí. Để trống với tiêu chí tỷ lệ.",
        "Pick from the list: met, not_met, not_applicable, or one of the criterion's levels. Leave it empty for a ratio criterion.",
    ),
    (
        "Chỉ với tiêu chí tỷ lệ: tỷ lệ đo được, ví dụ 85,5%.",
        "Ratio criteria only: the share measured, such as 85.5%.",
    ),
    (
        "Văn bản, số hiệu, ngày, đường dẫn chứng minh kết quả.",
        "The document, its number and date, a link that proves the outcome.",
    ),
    ("Ghi chú của đoàn kiểm tra.", "The inspection team's note."),
    (
        "Người đánh giá; để trống thì ghi tên người nhập.",
        "Who assessed it; empty means the person who imports the file.",
    ),
    (
        "Ngày đánh giá, dạng ngày/tháng/năm (05/03/2026).",
        "The day of the assessment, day/month/year (05/03/2026).",
    ),
];

/// The sheet names in `lang`: the rows to fill in, and the instructions.
pub fn sheet_names(lang: Lang) -> [&'static str; 2] {
    [
        lang.pick("Nhập kết quả", "Enter results"),
        lang.pick("Hướng dẫn", "Instructions"),
    ]
}

/// What a criterion accepts, in words, for the column people read.
fn accepted_in_words(criterion: &Criterion, lang: Lang) -> String {
    match &criterion.kind {
        CriterionKind::PassFail => lang
            .pick(
                "met (đạt) / not_met (chưa đạt) / not_applicable",
                "met / not_met / not_applicable",
            )
            .to_owned(),
        CriterionKind::Levels { levels } => {
            let mut words: Vec<String> = levels
                .iter()
                .map(|l| format!("{} ({})", l.key, lang.pick(&l.label_vi, &l.label_en)))
                .collect();
            words.push("not_applicable".into());
            words.join(" / ")
        }
        CriterionKind::Ratio { target } => format!(
            "{} {}%",
            lang.pick("Tỷ lệ 0–100%, mục tiêu", "A share of 0–100%, target"),
            scorecard_domain::numbers::number(lang, target * 100.0, 0)
        ),
    }
}

/// The template of `round` for `organizations` (those the round inspects) in `lang`.
pub fn template(
    round: &Round,
    catalog: &Catalog,
    organizations: &[Organization],
    lang: Lang,
) -> Result<Vec<u8>, BriefingError> {
    let mut book = Workbook::new();
    fill_in_sheet(book.add_worksheet(), round, catalog, organizations, lang)?;
    instructions_sheet(book.add_worksheet(), lang)?;
    Ok(book.save_to_buffer()?)
}

fn fill_in_sheet(
    sheet: &mut Worksheet,
    round: &Round,
    catalog: &Catalog,
    organizations: &[Organization],
    lang: Lang,
) -> Result<(), XlsxError> {
    let base = Format::new().set_font_name("Noto Sans").set_font_size(10);
    let header = base
        .clone()
        .set_bold()
        .set_text_wrap()
        .set_background_color(Color::RGB(0xe8ecf1))
        .set_border_bottom(FormatBorder::Thin)
        .set_align(FormatAlign::VerticalCenter);
    // One line per row: a name longer than its column is cut at the next cell, whole in the
    // formula bar, so rows keep one height in every program.
    let given = base.clone().set_font_color(Color::RGB(0x4a5565));
    let to_fill = base
        .clone()
        .set_background_color(Color::RGB(0xfffbe6))
        .set_text_wrap();
    let share = to_fill.clone().set_num_format("0.0%");
    let date = to_fill.clone().set_num_format("dd/mm/yyyy");
    let guarded = given.clone().set_quote_prefix();
    sheet.set_name(sheet_names(lang)[0])?;
    let title = format!(
        "{} — {}",
        lang.pick(
            "Mẫu nhập kết quả kiểm tra",
            "Fill-in template of inspection results"
        ),
        lang.pick(&round.name_vi, &round.name_en)
    );
    sheet.write_string_with_format(0, 0, title, &base.clone().set_bold().set_font_size(13))?;
    let note = lang.pick(
        "Điền các ô màu vàng. Chọn kết quả trong danh sách; tỷ lệ nhập dạng 85,5%; ngày dạng 05/03/2026. Dòng để trống không được nhập. Xem trang Hướng dẫn.",
        "Fill in the yellow cells. Pick the outcome from the list; type a share as 85.5%; a day as 05/03/2026. Rows left empty are not imported. See the Instructions sheet.",
    );
    sheet.write_string_with_format(1, 0, note, &base.clone().set_italic())?;
    for (col, (vi, en, width, _)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(HEADER_ROW, col as u16, lang.pick(vi, en), &header)?;
        sheet.set_column_width(col as u16, *width)?;
    }
    sheet.set_row_height(HEADER_ROW, 30)?;
    sheet.set_freeze_panes(HEADER_ROW + 1, 4)?;
    // Printed, it fits the page's width in landscape, the header repeated on every page.
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(HEADER_ROW, HEADER_ROW)?;
    // What each criterion's rows say and check, made once for all the organisations.
    let checks = catalog
        .criteria
        .iter()
        .map(|criterion| criterion_checks(criterion, lang))
        .collect::<Result<Vec<_>, XlsxError>>()?;
    let mut row = HEADER_ROW + 1;
    for organization in organizations {
        for (criterion, (words, outcomes, shares)) in catalog.criteria.iter().zip(&checks) {
            let cells = [
                round.id.as_str(),
                organization.id.as_str(),
                lang.pick(&organization.name_vi, &organization.name_en),
                criterion.code.as_str(),
                lang.pick(&criterion.name_vi, &criterion.name_en),
                criterion.legal_basis.as_str(),
            ];
            for (col, value) in cells.iter().enumerate() {
                let format = if looks_like_formula(value) {
                    &guarded
                } else {
                    &given
                };
                sheet.write_string_with_format(row, col as u16, *value, format)?;
            }
            sheet.write_string_with_format(row, 6, words, &given)?;
            for col in OUTCOME..=ASSESSED_ON {
                let format = match col {
                    SHARE => &share,
                    ASSESSED_ON => &date,
                    _ => &to_fill,
                };
                sheet.write_blank(row, col, format)?;
            }
            sheet.add_data_validation(row, OUTCOME, row, OUTCOME, outcomes)?;
            if let Some(shares) = shares {
                sheet.add_data_validation(row, SHARE, row, SHARE, shares)?;
            }
            row += 1;
        }
    }
    sheet.autofilter(HEADER_ROW, 0, row.max(HEADER_ROW + 1) - 1, ASSESSED_ON)?;
    Ok(())
}

/// A criterion's rows: what it accepts in words, the dropdown of its outcomes, and for a ratio
/// criterion the check of its share.
fn criterion_checks(
    criterion: &Criterion,
    lang: Lang,
) -> Result<(String, DataValidation, Option<DataValidation>), XlsxError> {
    let words = accepted_in_words(criterion, lang);
    let outcomes = DataValidation::new()
        .allow_list_strings(&criterion.outcome_keys())?
        .set_input_title(lang.pick("Kết quả", "Outcome"))?
        .set_input_message(&words)?
        .set_error_title(lang.pick("Kết quả không hợp lệ", "Not an outcome"))?
        .set_error_message(lang.pick(
            "Hãy chọn một kết quả trong danh sách.",
            "Pick one of the outcomes in the list.",
        ))?;
    let shares = match criterion.kind {
        CriterionKind::Ratio { .. } => Some(
            DataValidation::new()
                .allow_decimal_number(DataValidationRule::Between(0.0, 1.0))
                .set_input_title(lang.pick("Tỷ lệ", "Share"))?
                .set_input_message(
                    lang.pick("Từ 0% đến 100%, ví dụ 85,5%.", "From 0% to 100%, such as 85.5%."),
                )?
                .set_error_title(lang.pick("Tỷ lệ không hợp lệ", "Not a share"))?
                .set_error_message(
                    lang.pick("Tỷ lệ phải từ 0% đến 100%.", "The share must be from 0% to 100%."),
                )?,
        ),
        _ => None,
    };
    Ok((words, outcomes, shares))
}

fn instructions_sheet(sheet: &mut Worksheet, lang: Lang) -> Result<(), XlsxError> {
    let base = Format::new()
        .set_font_name("Noto Sans")
        .set_font_size(10)
        .set_text_wrap();
    let bold = base.clone().set_bold();
    sheet.set_name(sheet_names(lang)[1])?;
    sheet.write_string_with_format(0, 0, "Cột / Column", &bold)?;
    sheet.write_string_with_format(0, 1, "Ý nghĩa", &bold)?;
    sheet.write_string_with_format(0, 2, "Meaning", &bold)?;
    sheet.set_column_width(0, 24)?;
    sheet.set_column_width(1, 60)?;
    sheet.set_column_width(2, 60)?;
    for (i, ((vi, en, _, _), (meaning_vi, meaning_en))) in COLUMNS.iter().zip(MEANINGS).enumerate() {
        let row = i as u32 + 1;
        sheet.write_string_with_format(row, 0, format!("{vi} / {en}"), &bold)?;
        sheet.write_string_with_format(row, 1, meaning_vi, &base)?;
        sheet.write_string_with_format(row, 2, meaning_en, &base)?;
    }
    let last = COLUMNS.len() as u32 + 2;
    sheet.write_string_with_format(last, 0, "Nhập lại / Import", &bold)?;
    sheet.write_string_with_format(
        last,
        1,
        "Quản trị: Quản trị → Đợt kiểm tra → Phân công và người duyệt → Nhập kết quả từ tệp, hoặc `scorecard import TỆP.xlsx --round MÃ_ĐỢT`. Mọi dòng được kiểm tra trước; có dòng sai thì không nhập dòng nào và thông báo ô sai (ví dụ Nhập kết quả!H12).",
        &base,
    )?;
    sheet.write_string_with_format(
        last,
        2,
        "Admins: Administration → Rounds → Assignments and reviewers → Import results from a file, or `scorecard import FILE.xlsx --round ROUND`. Every row is checked first; if any is wrong nothing is imported and the wrong cells are named (such as Enter results!H12).",
        &base,
    )?;
    Ok(())
}
