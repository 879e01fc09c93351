//! Tables of records files and the exact reasons they are rejected for.

use chrono::NaiveDate;
use proptest::prelude::*;
use scorecard_domain::{Catalog, OrgId, Organization, Outcome, RecordState, RoundId};

use crate::record_input::StatePolicy;

use super::*;
use crate::demo;

struct Fixture {
    round: RoundId,
    catalog: Catalog,
    organizations: Vec<Organization>,
}

fn fixture() -> Fixture {
    let data = demo().unwrap();
    Fixture {
        round: RoundId::parse("2019").unwrap(),
        catalog: data
            .catalogs
            .into_iter()
            .find(|c| c.id.as_str() == "cpdt-2019")
            .unwrap(),
        organizations: data.organizations,
    }
}

const HEADER: &str = "round,organization,criterion,outcome,value,evidence,note,inspector,assessed_on,state\n";

fn read_with(text: &str, state: StatePolicy) -> RecordsReport {
    let f = fixture();
    let context = Context {
        round: &f.round,
        catalog: &f.catalog,
        organizations: &f.organizations,
        state,
    };
    read(text, &context)
}

/// Reads `HEADER + body` and compares the rejected rows as `line: column: message`.
fn check(body: &str, expected_rejections: &[&str]) {
    let report = read_with(&format!("{HEADER}{body}"), StatePolicy::FromFile);
    let got: Vec<String> = report
        .rejected
        .iter()
        .flat_map(|row| {
            row.problems
                .iter()
                .map(move |p| format!("{}: {}: {}", row.line, p.column().unwrap_or("-"), p.message_en()))
        })
        .collect();
    assert_eq!(got, expected_rejections, "{body}");
}

#[test]
fn a_valid_row_is_accepted() {
    check("2019,btc,TC-01,met,,QĐ 1/QĐ-BTC,,An,2019-10-01,approved\n", &[]);
}

#[test]
fn every_kind_of_bad_row_is_rejected_with_its_reason() {
    check(
        "2019,bxyz,TC-01,met,,,,,,approved\n",
        &["2: organization: unknown organisation `bxyz`"],
    );
    check(
        "2019,btc,ZZ-01,met,,,,,,approved\n",
        &["2: criterion: criterion `ZZ-01` is not in the round's catalog"],
    );
    check(
        "2019,btc,TC-01,pilot,,,,,,approved\n",
        &[
            "2: outcome: outcome `pilot` does not fit a pass_fail criterion; allowed: met, not_met, not_applicable",
        ],
    );
    check(
        "2019,btc,VB-01,,1.7,,,,,approved\n",
        &["2: value: ratio 1.7 is outside [0, 1]; a percentage is written with its sign, e.g. 85,5%"],
    );
    check(
        "2019,btc,VB-01,,abc,,,,,approved\n",
        &["2: value: `abc` is not a ratio; write 0.85, 85% or 85,5%"],
    );
    check(
        "2019,btc,VB-01,,,,,,,approved\n",
        &["2: outcome: the outcome is empty and there is no value"],
    );
    check(
        "2019,btc,TC-01,met,,,,,2019-02-31,approved\n",
        &[
            "2: assessed_on: `2019-02-31` is not a date written YYYY-MM-DD or DD/MM/YYYY, or the day does not exist",
        ],
    );
    // Issue 15: day first, as Vietnamese spreadsheets write dates, is a date; month first is not.
    check("2019,btc,TC-01,met,,,,,31/01/2019,approved\n", &[]);
    check("2019,btc,TC-01,met,,,,,1/2/2019,approved\n", &[]);
    check(
        "2019,btc,TC-01,met,,,,,01/31/2019,approved\n",
        &[
            "2: assessed_on: `01/31/2019` is not a date written YYYY-MM-DD or DD/MM/YYYY, or the day does not exist",
        ],
    );
    check(
        "2019,btc,TC-01,met,,,,,2019/01/31,approved\n",
        &[
            "2: assessed_on: `2019/01/31` is not a date written YYYY-MM-DD or DD/MM/YYYY, or the day does not exist",
        ],
    );
    check(
        "2020,btc,TC-01,met,,,,,,approved\n",
        &["2: round: the row is for round `2020`, but the file is imported into round `2019`"],
    );
    check(
        "2019,btc,TC-01,met,,,,,,done\n",
        &["2: state: unknown state `done`; expected draft, submitted, approved or returned"],
    );
    check(
        "2019,btc,TC-01,met\n",
        &["2: -: the row cannot be read as CSV: expected 10 fields, found 4"],
    );
}

#[test]
fn a_row_with_several_mistakes_lists_them_all() {
    check(
        "2019,bxyz,TC-01,maybe,,,,,2019-13-01,approved\n",
        &[
            "2: organization: unknown organisation `bxyz`",
            "2: outcome: outcome `maybe` does not fit a pass_fail criterion; allowed: met, not_met, not_applicable",
            "2: assessed_on: `2019-13-01` is not a date written YYYY-MM-DD or DD/MM/YYYY, or the day does not exist",
        ],
    );
}

#[test]
fn a_duplicate_key_names_the_first_line() {
    check(
        "2019,btc,TC-01,met,,,,,,approved\n2019,bct,TC-01,met,,,,,,approved\n2019,btc,TC-01,not_met,,,,,,approved\n",
        &["4: organization: the same organisation and criterion already appear on line 2"],
    );
}

#[test]
fn line_numbers_count_lines_inside_quoted_fields() {
    check(
        "2019,btc,TC-01,met,,\"first\nsecond\",,,,approved\n2019,bxyz,TC-01,met,,,,,,approved\n",
        &["4: organization: unknown organisation `bxyz`"],
    );
}

#[test]
fn a_bom_and_crlf_are_accepted_and_percentages_read_as_ratios() {
    let text = format!(
        "\u{feff}{}2019,btc,VB-01,,85%,,,,,approved\r\n2019,bct,VB-01,,\"85,5%\",,,,,approved\r\n",
        HEADER.replace('\n', "\r\n")
    );
    let report = read_with(&text, StatePolicy::FromFile);
    assert_eq!(report.rejected, []);
    let values: Vec<Option<f64>> = report.accepted.iter().map(|r| r.record.outcome.value()).collect();
    assert_eq!(values, [Some(0.85), Some(0.855)]);
}

#[test]
fn a_header_without_a_column_is_rejected_before_any_row() {
    let report = read_with(
        "round,organization,criterion,outcome\n2019,btc,TC-01,met\n",
        StatePolicy::FromFile,
    );
    assert_eq!(report.accepted, []);
    let reasons: Vec<String> = report.rejected[0]
        .problems
        .iter()
        .map(RecordProblem::message_en)
        .collect();
    assert_eq!(report.rejected[0].line, 1);
    assert_eq!(reasons[0], "the header has no `value` column");
    assert_eq!(reasons.len(), 6);
}

#[test]
fn the_import_policy_overrides_the_state_column() {
    let report = read_with(
        &format!("{HEADER}2019,btc,TC-01,met,,,,,,draft\n"),
        StatePolicy::All(RecordState::Submitted),
    );
    assert_eq!(report.accepted[0].record.state, RecordState::Submitted);
}

#[test]
fn messages_exist_in_vietnamese_too() {
    let report = read_with(
        &format!("{HEADER}2019,bxyz,VB-01,,1.7,,,,2019-02-31,approved\n"),
        StatePolicy::FromFile,
    );
    let vi: Vec<String> = report.rejected[0]
        .messages()
        .into_iter()
        .map(|m| m.message_vi)
        .collect();
    assert_eq!(
        vi,
        [
            "Không có đơn vị mã `bxyz`.",
            "Tỷ lệ 1.7 nằm ngoài khoảng [0, 1]; tỷ lệ phần trăm ghi kèm dấu %, ví dụ 85,5%.",
            "`2019-02-31` không phải ngày hợp lệ theo dạng YYYY-MM-DD (năm-tháng-ngày) hoặc DD/MM/YYYY (ngày/tháng/năm).",
        ]
    );
}

fn arbitrary_text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 ,;\"'\n\t\r=+@\\-ăâđêôơưÀÁẠẢÃàáạảãĐộ]{0,40}").unwrap()
}

fn arbitrary_record(f: &Fixture) -> impl Strategy<Value = Record> {
    let orgs: Vec<OrgId> = f.organizations.iter().map(|o| o.id.clone()).collect();
    let round = f.round.clone();
    let criteria = f.catalog.criteria.clone();
    (
        proptest::sample::select(orgs),
        proptest::sample::select(criteria),
        0.0f64..=1.0,
        0usize..4,
        arbitrary_text(),
        arbitrary_text(),
        arbitrary_text(),
        proptest::option::of(0i64..20_000),
        proptest::sample::select(vec![
            RecordState::Draft,
            RecordState::Submitted,
            RecordState::Approved,
            RecordState::Returned,
        ]),
    )
        .prop_map(
            move |(organization, criterion, ratio, pick, evidence, note, inspector, day, state)| {
                let outcome = match &criterion.kind {
                    scorecard_domain::CriterionKind::Ratio { .. } if pick == 3 => Outcome::NotApplicable,
                    scorecard_domain::CriterionKind::Ratio { .. } => Outcome::Ratio(ratio),
                    scorecard_domain::CriterionKind::Levels { levels } => {
                        Outcome::Level(levels[pick % levels.len()].key.clone())
                    }
                    scorecard_domain::CriterionKind::PassFail => {
                        [Outcome::Met, Outcome::NotMet, Outcome::NotApplicable][pick % 3].clone()
                    }
                };
                Record {
                    round: round.clone(),
                    organization,
                    criterion: criterion.code,
                    outcome,
                    evidence,
                    note,
                    inspector: inspector.trim().to_owned(),
                    assessed_on: day
                        .map(|d| NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Days::new(d as u64)),
                    state,
                }
            },
        )
}

proptest! {
    #[test]
    fn export_then_import_is_the_identity(records in proptest::collection::vec(arbitrary_record(&fixture()), 0..20)) {
        let mut seen = HashSet::new();
        let records: Vec<Record> = records
            .into_iter()
            .filter(|r| seen.insert((r.organization.clone(), r.criterion.clone())))
            .collect();
        let text = write(&records);
        let report = read_with(&text, StatePolicy::FromFile);
        prop_assert_eq!(report.rejected, vec![]);
        let back: Vec<Record> = report.accepted.into_iter().map(|row| row.record).collect();
        prop_assert_eq!(back, records);
    }
}

/// Issue 6: cells that begin like a formula are escaped in the export and read back as written.
#[test]
fn formula_like_text_is_escaped_in_the_export_and_restored_on_import() {
    let check = |text: &str, escaped: &str| {
        assert_eq!(guard(text), escaped, "guard {text:?}");
        assert_eq!(unguard(escaped), text, "unguard {escaped:?}");
    };
    check("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")");
    check("+84 24 3822", "'+84 24 3822");
    check("- Công văn số 12", "'- Công văn số 12");
    check("@SUM(A1)", "'@SUM(A1)");
    check("\tcmd", "'\tcmd");
    check("\rcmd", "'\rcmd");
    check("'=already quoted", "''=already quoted");
    check("'plain quote", "'plain quote");
    check("Quyết định 28/2018/QĐ-TTg", "Quyết định 28/2018/QĐ-TTg");
    check("", "");
}

#[test]
fn the_export_starts_with_a_byte_order_mark_and_reads_back() {
    let text = write(&[]);
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(
        text.trim_start_matches('\u{feff}'),
        format!("{}\n", COLUMNS.join(","))
    );
    assert_eq!(read_with(&text, StatePolicy::FromFile), RecordsReport::default());
}

/// Issue 15: CSV as Excel writes it in a Vietnamese locale (`;` between fields, the comma as the
/// decimal mark, dates day first), as "Unicode text" (tabs), and with Vietnamese headers.
#[test]
fn excel_delimiters_and_vietnamese_headers_are_read() {
    let rows = [
        (
            ',',
            "round,organization,criterion,outcome,value,evidence,note,inspector,assessed_on,state",
        ),
        (
            ';',
            "Mã đợt;Mã đơn vị;Tên đơn vị;Mã tiêu chí;Kết quả;Tỷ lệ;Minh chứng;Ghi chú;Cán bộ kiểm tra;Ngày đánh giá;Trạng thái",
        ),
        (
            '\t',
            "Round\tOrganisation id\tOrganisation name\tCriterion code\tOutcome\tShare\tEvidence\tNote\tInspector\tAssessed on\tState",
        ),
    ];
    for (delimiter, header) in rows {
        let named = header.contains("Tên đơn vị") || header.contains("Organisation name");
        let d = delimiter.to_string();
        let line = |cells: &[&str]| cells.join(&d);
        let with_name = |cells: &[&str]| {
            let mut cells: Vec<&str> = cells.to_vec();
            if named {
                cells.insert(2, "Bộ Tài chính");
            }
            line(&cells)
        };
        let text = format!(
            "{header}\n{}\n{}\n",
            with_name(&[
                "2019",
                "btc",
                "VB-01",
                "",
                "\"85,5%\"",
                "\"Số 5/BC; ngày 01/03/2019\"",
                "",
                "An",
                "05/03/2019",
                "approved"
            ]),
            with_name(&[
                "2019",
                "bct",
                "TC-01",
                "met",
                "",
                "",
                "",
                "",
                "2019-03-05",
                "approved"
            ]),
        );
        let report = read_with(&text, StatePolicy::FromFile);
        assert_eq!(report.rejected, [], "{delimiter:?}");
        let first = &report.accepted[0].record;
        assert_eq!(first.outcome.value(), Some(0.855), "{delimiter:?}");
        assert_eq!(first.evidence, "Số 5/BC; ngày 01/03/2019", "{delimiter:?}");
        assert_eq!(
            first.assessed_on,
            NaiveDate::from_ymd_opt(2019, 3, 5),
            "{delimiter:?}"
        );
    }
}

#[test]
fn an_unknown_column_is_still_refused_whatever_the_delimiter() {
    let text =
        "round;organization;criterion;outcome;value;evidence;note;inspector;assessed_on;state;colour\n";
    let report = read_with(text, StatePolicy::FromFile);
    let reasons: Vec<String> = report.rejected[0]
        .problems
        .iter()
        .map(RecordProblem::message_en)
        .collect();
    assert_eq!(reasons.len(), 1, "{reasons:?}");
    assert!(reasons[0].starts_with("unknown column `colour`"), "{reasons:?}");
}
