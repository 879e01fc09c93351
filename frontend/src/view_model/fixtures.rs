//! Small hand-made API answers for the view models' tests.

use scorecard_domain::score::{CriterionResult, Status};
use scorecard_domain::{
    Band, Catalog, CatalogId, Criterion, CriterionCode, CriterionKind, Level, OrgId, OrgScore, Outcome,
    PeerGroup, RankingEntry, Record, RecordState, RoundId,
};

use scorecard_api::RecordView;

fn org(id: &str) -> OrgId {
    OrgId::parse(id).expect("test ids are valid")
}

fn code(text: &str) -> CriterionCode {
    CriterionCode::parse(text).expect("test codes are valid")
}

/// A ranking entry; English names are "Ministry of {id}" or "Committee {id}", the band follows
/// the score and only a score of 100 is compliant.
pub fn entry(
    id: &str,
    name_vi: &str,
    group: &str,
    rank: Option<u32>,
    score: Option<f64>,
    rank_change: Option<i32>,
) -> RankingEntry {
    let band = score.and_then(|score| {
        Band::defaults()
            .into_iter()
            .find(|band| band.min_score <= score)
            .map(|band| band.id)
    });
    RankingEntry {
        organization: org(id),
        name_vi: name_vi.to_owned(),
        name_en: if group == "agency" {
            format!("Committee {id}")
        } else {
            format!("Ministry of {id}")
        },
        group: PeerGroup::parse(group).expect("test groups are valid"),
        rank,
        score,
        band,
        compliant: score == Some(100.0),
        completeness: 1.0,
        incomplete: false,
        rank_change,
        score_change: None,
        compared_with: Vec::new(),
    }
}

/// One organisation's scores with `(code, status, credit)` per criterion.
pub fn org_score(id: &str, results: &[(&str, &str, Option<f64>)]) -> OrgScore {
    let criteria = results
        .iter()
        .map(|(c, status, credit)| CriterionResult {
            code: code(c),
            status: match *status {
                "met" => Status::Met,
                "not_met" => Status::NotMet,
                "not_applicable" => Status::NotApplicable,
                _ => Status::Missing,
            },
            credit: *credit,
        })
        .collect();
    OrgScore {
        organization: org(id),
        score: None,
        band: None,
        compliant: false,
        completeness: 1.0,
        incomplete: false,
        criteria,
    }
}

/// A catalog with these criteria: `DV-02` has the four levels of the 2019 catalog, `VB-01` is
/// a ratio with target 0.9, the rest pass or fail.
pub fn catalog(codes: &[&str]) -> Catalog {
    let criteria = codes
        .iter()
        .map(|c| {
            let kind = match *c {
                "DV-02" => CriterionKind::Levels {
                    levels: [
                        ("none", "chưa triển khai", "none", 0.0),
                        ("in_progress", "đang triển khai", "in progress", 0.25),
                        ("pilot", "thử nghiệm", "pilot", 0.5),
                        ("done", "hoàn thành", "done", 1.0),
                    ]
                    .into_iter()
                    .map(|(key, vi, en, credit)| Level {
                        key: key.to_owned(),
                        label_vi: vi.to_owned(),
                        label_en: en.to_owned(),
                        credit,
                    })
                    .collect(),
                },
                "VB-01" => CriterionKind::Ratio { target: 0.9 },
                _ => CriterionKind::PassFail,
            };
            Criterion {
                code: code(c),
                group_vi: "Nhóm".to_owned(),
                group_en: "Group".to_owned(),
                name_vi: format!("Tiêu chí {c}"),
                name_en: format!("Criterion {c}"),
                legal_basis: String::new(),
                kind,
                weight: 10.0,
                pass_credit: 1.0,
                mandatory: true,
                met_phrase_vi: None,
                met_phrase_en: None,
                unmet_phrase_vi: None,
                unmet_phrase_en: None,
            }
        })
        .collect();
    Catalog {
        id: CatalogId::parse("cpdt-2019").expect("valid id"),
        family: "cpdt".to_owned(),
        version: 1,
        name_vi: "Bộ tiêu chí".to_owned(),
        name_en: "Catalog".to_owned(),
        illustrative: true,
        org_noun_vi: "bộ, cơ quan".to_owned(),
        org_noun_en: "ministries and agencies".to_owned(),
        bands: Band::defaults(),
        criteria,
    }
}

/// An approved record of round 2019.
pub fn record(org_id: &str, criterion: &str, outcome: Option<&str>, value: Option<f64>) -> RecordView {
    RecordView {
        record: Record {
            round: RoundId::parse("2019").expect("valid id"),
            organization: org(org_id),
            criterion: code(criterion),
            outcome: Outcome::parse(outcome.unwrap_or(""), value).expect("a valid outcome"),
            evidence: "Quyết định số 100/QĐ-BTC".to_owned(),
            note: String::new(),
            inspector: "Nguyễn Văn An".to_owned(),
            assessed_on: None,
            state: RecordState::Approved,
        },
        version: 1,
        etag: "\"v1\"".to_owned(),
        review_comment: String::new(),
        updated_at: String::new(),
    }
}
