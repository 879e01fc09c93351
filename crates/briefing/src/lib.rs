//! Briefing documents of a round: the PDF briefing, the XLSX workbook and chart images.
//!
//! Everything here turns the domain's figures into bytes and does no IO: the server writes
//! the files and the HTTP answers. Figures are never computed here beyond what
//! `scorecard-domain` offers (a peer group's summary is `Summary::build` over its scores).
//! Text is set in the embedded Noto Sans (`data/fonts/`), which covers Vietnamese.

pub mod charts;
pub mod fonts;
pub mod pdf;
pub mod template;
pub mod text;
pub mod xlsx;

use chrono::NaiveDate;
use scorecard_domain::{Catalog, OrgScore, Organization, Ranking, Record, Round, Summary};

pub use text::Lang;

/// What a briefing of one round (or one peer group of it) is made from.
#[derive(Debug, Clone, Copy)]
pub struct RoundReport<'a> {
    pub round: &'a Round,
    pub catalog: &'a Catalog,
    pub organizations: &'a [Organization],
    /// The ranking within the document's scope; its `preliminary` flag says which records count.
    pub ranking: &'a Ranking,
    /// Every organisation's score in the round, in the ranking's view.
    pub scores: &'a [OrgScore],
    /// The records of the round, for the workbook's records sheet.
    pub records: &'a [Record],
}

impl RoundReport<'_> {
    /// The scores of the organisations in the ranking's scope, in ranking order.
    pub fn scores_in_scope(&self) -> Vec<&OrgScore> {
        let by_id: std::collections::HashMap<&scorecard_domain::OrgId, &OrgScore> =
            self.scores.iter().map(|s| (&s.organization, s)).collect();
        self.ranking
            .entries
            .iter()
            .filter_map(|entry| by_id.get(&entry.organization).copied())
            .collect()
    }

    /// The per-criterion summary and briefing sentences of the scope.
    pub fn summary(&self) -> Summary {
        let scores: Vec<OrgScore> = self.scores_in_scope().into_iter().cloned().collect();
        Summary::build(
            &self.round.id,
            self.ranking.preliminary,
            self.catalog,
            &scores,
            self.organizations,
        )
    }

    /// Whether the figures are illustrative rather than real (the demo data).
    pub fn illustrative(&self) -> bool {
        self.round.illustrative
    }

    /// The organisation's name in `lang`.
    pub fn org_name(&self, id: &scorecard_domain::OrgId, lang: Lang) -> String {
        self.organizations.iter().find(|o| &o.id == id).map_or_else(
            || id.to_string(),
            |o| lang.pick(&o.name_vi, &o.name_en).to_owned(),
        )
    }
}

/// One organisation's self-assessment beside its verified result (issue 13), in the
/// document's view (so the verified score is the one the ranking shows).
pub use scorecard_domain::self_assessment::SelfAssessedLine as SelfAssessmentRow;

/// What a briefing adds to the round's figures when there is any: the evidence files (the
/// workbook), the self-assessments beside the verified results, and the findings the round
/// made when it was published.
#[derive(Debug, Clone, Copy, Default)]
pub struct Annexes<'a> {
    pub evidence: &'a [xlsx::EvidenceRow],
    pub self_assessment: &'a [SelfAssessmentRow],
    pub findings: &'a [xlsx::FindingRow],
}

/// The heading of an administrative report: issuing agency, number, place and date.
#[derive(Debug, Clone)]
pub struct Heading {
    /// The body above the issuing agency, e.g. "VĂN PHÒNG CHÍNH PHỦ"; may be empty.
    pub parent_agency: String,
    /// The issuing agency, e.g. "ĐOÀN KIỂM TRA CHÍNH PHỦ ĐIỆN TỬ".
    pub agency: String,
    /// The document number; `None` leaves it blank for the clerk, as drafts do.
    pub number: Option<String>,
    /// The suffix after the number, e.g. "BC-ĐKT" (báo cáo của đoàn kiểm tra).
    pub number_suffix: String,
    pub place: String,
    pub issued_on: NaiveDate,
}

impl Heading {
    /// The default heading of an inspection team's report in `lang`, dated `issued_on`.
    pub fn inspection_team(lang: Lang, issued_on: NaiveDate) -> Heading {
        Heading {
            parent_agency: String::new(),
            agency: lang
                .pick("ĐOÀN KIỂM TRA CHÍNH PHỦ ĐIỆN TỬ", "E-GOVERNMENT INSPECTION TEAM")
                .to_owned(),
            number: None,
            number_suffix: "BC-ĐKT".to_owned(),
            place: lang.pick("Hà Nội", "Ha Noi").to_owned(),
            issued_on,
        }
    }
}

/// Why a document could not be made.
#[derive(Debug, thiserror::Error)]
pub enum BriefingError {
    #[error("the PDF could not be written: {0}")]
    Pdf(String),
    #[error("the workbook could not be written: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("the chart could not be drawn: {0}")]
    Chart(String),
}
