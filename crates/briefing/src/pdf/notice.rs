//! The preliminary notice to one inspected organisation (issue 13, "Thông báo kết quả kiểm
//! tra sơ bộ"): the administrative heading, to whom, the organisation's score and what it
//! means, every criterion's preliminary outcome, the unmet criteria with their legal basis,
//! and the deadline for explanations; in the briefing's layout and font.

use scorecard_domain::score::Status;
use scorecard_domain::{Catalog, CriterionKind, OrgScore, Organization, Outcome, Record, Round};

use super::content::{administrative_heading, signature};
use super::layout::{Align, Cell, Column, LEFT, Layout, RIGHT, Style};
use super::render::{self, Frame};
use crate::fonts::Weight;
use crate::text::{self, Lang};
use crate::xlsx::status_text;
use crate::{BriefingError, Heading};

const BODY: Style = Style::new(10.5, Weight::Regular);
const TABLE: Style = Style::new(8.5, Weight::Regular);
const SECTION: Style = Style::new(11.5, Weight::Bold);

/// What a preliminary notice is made from.
#[derive(Debug, Clone, Copy)]
pub struct Notice<'a> {
    pub round: &'a Round,
    pub catalog: &'a Catalog,
    pub organization: &'a Organization,
    /// The organisation's preliminary result (approved and submitted records).
    pub score: &'a OrgScore,
    /// The organisation's records in the round, for the outcomes as recorded.
    pub records: &'a [Record],
    /// When the explanations' window closes, written in Vietnam's time; `None` when the
    /// round has no such window.
    pub deadline: Option<&'a str>,
}

/// The heading of a notice: the inspection team's, numbered as a notice (TB).
pub fn heading(lang: Lang, issued_on: chrono::NaiveDate) -> Heading {
    Heading {
        number_suffix: "TB-ĐKT".to_owned(),
        ..Heading::inspection_team(lang, issued_on)
    }
}

/// The notice as PDF bytes.
pub fn notice(notice: &Notice, heading: &Heading, lang: Lang) -> Result<Vec<u8>, BriefingError> {
    let org = lang.pick(&notice.organization.name_vi, &notice.organization.name_en);
    let round = lang.pick(&notice.round.name_vi, &notice.round.name_en);
    let frame = Frame {
        title: format!(
            "{} — {org}",
            lang.pick(
                "Thông báo kết quả kiểm tra sơ bộ",
                "Preliminary inspection results"
            )
        ),
        footer: format!(
            "{round} · {org} · {}",
            lang.pick("KẾT QUẢ SƠ BỘ", "PRELIMINARY RESULTS")
        ),
        preliminary: true,
    };
    render::render(layout(notice, heading, lang).pages, &frame, lang)
}

/// The outcome as recorded, in words.
fn outcome_text(record: Option<&Record>, kind: &CriterionKind, lang: Lang) -> String {
    let Some(record) = record else {
        return "—".to_owned();
    };
    match (&record.outcome, kind) {
        (Outcome::Met, _) => lang.pick("Đạt", "Met").to_owned(),
        (Outcome::NotMet, _) => lang.pick("Chưa đạt", "Not met").to_owned(),
        (Outcome::NotApplicable, _) => lang.pick("Không áp dụng", "Not applicable").to_owned(),
        (Outcome::Level(key), CriterionKind::Levels { levels }) => levels
            .iter()
            .find(|l| &l.key == key)
            .map_or_else(|| key.clone(), |l| lang.pick(&l.label_vi, &l.label_en).to_owned()),
        (Outcome::Level(key), _) => key.clone(),
        (Outcome::Ratio(value), CriterionKind::Ratio { target }) => format!(
            "{} ({} {})",
            text::percent(*value, lang),
            lang.pick("chỉ tiêu", "target"),
            text::percent(*target, lang)
        ),
        (Outcome::Ratio(value), _) => text::percent(*value, lang),
    }
}

/// The notice laid out into pages.
pub fn layout(notice: &Notice, heading: &Heading, lang: Lang) -> Layout {
    let mut layout = Layout::new();
    administrative_heading(&mut layout, heading, lang);
    let org = lang.pick(&notice.organization.name_vi, &notice.organization.name_en);
    let round = lang.pick(&notice.round.name_vi, &notice.round.name_en);
    layout.paragraph(
        lang.pick("THÔNG BÁO", "NOTICE"),
        Style::new(14.0, Weight::Bold),
        (LEFT, RIGHT),
        Align::Center,
    );
    layout.space(2.0);
    layout.paragraph(
        &format!(
            "{} {round}",
            lang.pick("Kết quả kiểm tra sơ bộ", "Preliminary results of the")
        ),
        Style::new(12.0, Weight::Bold),
        (LEFT, RIGHT),
        Align::Center,
    );
    layout.space(12.0);
    layout.paragraph(
        &format!("{} {org}.", lang.pick("Kính gửi:", "To:")),
        Style::new(11.0, Weight::Bold),
        (LEFT, RIGHT),
        Align::Center,
    );
    layout.space(10.0);

    let score = notice.score;
    let criteria = &notice.catalog.criteria;
    let applicable = score
        .criteria
        .iter()
        .filter(|c| c.status != Status::NotApplicable)
        .count();
    let met = score.criteria.iter().filter(|c| c.status == Status::Met).count();
    let band = score
        .band
        .as_deref()
        .and_then(|b| notice.catalog.band(b))
        .map(|b| lang.pick(&b.label_vi, &b.label_en).to_owned());
    let score_text = text::score(score.score.map(|s| s.get()), lang);
    let opening = match lang {
        Lang::Vi => format!(
            "Đoàn kiểm tra thông báo kết quả kiểm tra sơ bộ của {org} trong {round}: {org} đạt {score_text} điểm{}, đạt {met}/{applicable} tiêu chí áp dụng; {}.",
            band.map(|b| format!(" (xếp loại {b})")).unwrap_or_default(),
            if score.compliant {
                "đáp ứng các tiêu chí bắt buộc"
            } else {
                "chưa đáp ứng đầy đủ các tiêu chí bắt buộc"
            },
        ),
        Lang::En => format!(
            "The inspection team gives {org} its preliminary results in the {round}: a score of {score_text}{}, {met} of {applicable} applicable criteria met; {}.",
            band.map(|b| format!(" (band: {b})")).unwrap_or_default(),
            if score.compliant {
                "every mandatory criterion is met"
            } else {
                "not every mandatory criterion is met"
            },
        ),
    };
    layout.paragraph(&opening, BODY, (LEFT, RIGHT), Align::Left);
    layout.space(4.0);
    layout.paragraph(
        lang.pick(
            "Kết quả sơ bộ gồm cả các kết quả đã nộp nhưng chưa được phê duyệt; kết quả chính thức được công bố sau khi Đoàn kiểm tra xem xét giải trình và chốt kết quả.",
            "The preliminary results include records submitted but not yet approved; the official results are published after the team has considered the explanations and settled the results.",
        ),
        Style { color: super::layout::MUTED, ..Style::new(9.5, Weight::Regular) },
        (LEFT, RIGHT),
        Align::Left,
    );

    layout.heading(
        lang.pick("I. KẾT QUẢ THEO TIÊU CHÍ", "I. RESULTS BY CRITERION"),
        SECTION,
        60.0,
    );
    let column = Column::new;
    let columns = [
        column(lang.pick("Mã", "Code"), 0.9, Align::Left),
        column(lang.pick("Tiêu chí", "Criterion"), 4.4, Align::Left),
        column(
            lang.pick("Kết quả ghi nhận", "Recorded outcome"),
            2.0,
            Align::Left,
        ),
        column(lang.pick("Đánh giá", "Status"), 1.3, Align::Center),
    ];
    let rows: Vec<Vec<Cell>> = criteria
        .iter()
        .map(|criterion| {
            let status = score.status_of(&criterion.code);
            let record = notice.records.iter().find(|r| r.criterion == criterion.code);
            let mut name = lang.pick(&criterion.name_vi, &criterion.name_en).to_owned();
            if criterion.mandatory {
                name.push_str(lang.pick(" (bắt buộc)", " (mandatory)"));
            }
            vec![
                Cell::plain(criterion.code.to_string()),
                Cell::plain(name),
                Cell::plain(outcome_text(record, &criterion.kind, lang)),
                Cell {
                    bold: status != Status::Met,
                    ..Cell::plain(status_text(status, lang))
                },
            ]
        })
        .collect();
    layout.table(&columns, &rows, TABLE);

    layout.heading(
        lang.pick("II. CÁC TIÊU CHÍ CHƯA ĐẠT", "II. CRITERIA NOT MET"),
        SECTION,
        40.0,
    );
    let unmet = scorecard_domain::findings::unmet(notice.catalog, score);
    if unmet.is_empty() {
        layout.paragraph(
            lang.pick("Không có tiêu chí nào chưa đạt.", "Every criterion is met."),
            BODY,
            (LEFT, RIGHT),
            Align::Left,
        );
    }
    for criterion in unmet {
        let basis = if criterion.legal_basis.trim().is_empty() {
            lang.pick("(chưa ghi căn cứ)", "(no legal basis recorded)")
                .to_owned()
        } else {
            criterion.legal_basis.clone()
        };
        let line = format!(
            "{} {}: {}. {} {basis}.",
            criterion.code,
            lang.pick(&criterion.name_vi, &criterion.name_en),
            status_text(score.status_of(&criterion.code), lang),
            lang.pick("Căn cứ:", "Legal basis:"),
        );
        layout.bullet("–", line.trim_end_matches('.'), BODY);
    }

    layout.heading(lang.pick("III. GIẢI TRÌNH", "III. EXPLANATIONS"), SECTION, 40.0);
    let deadline = match (notice.deadline, lang) {
        (Some(deadline), Lang::Vi) => format!(
            "Đề nghị {org} gửi giải trình đối với các tiêu chí chưa đạt (nếu có), kèm tài liệu chứng minh, trên hệ thống trước {deadline} (giờ Việt Nam). Sau thời hạn trên, Đoàn kiểm tra không tiếp nhận giải trình và sẽ chốt kết quả."
        ),
        (Some(deadline), Lang::En) => format!(
            "{org} may explain each criterion not met, with supporting documents, in the system before {deadline} (Vietnam time). After that, no explanation is received and the team settles the results."
        ),
        (None, _) => lang
            .pick(
                "Đợt kiểm tra này không có giai đoạn giải trình.",
                "This round has no explanations phase.",
            )
            .to_owned(),
    };
    layout.paragraph(&deadline, BODY, (LEFT, RIGHT), Align::Left);
    signature(&mut layout, lang);
    layout
}
