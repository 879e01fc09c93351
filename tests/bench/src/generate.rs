//! A deterministic scale data generator: organisations with Vietnamese names, a catalog with
//! every kind of criterion, and records, all from a seed.

use chrono::NaiveDate;
use scorecard_briefing::RoundReport;
use scorecard_domain::catalog::{Band, Criterion, CriterionKind, Level};
use scorecard_domain::{
    Catalog, CatalogId, CriterionCode, Lineage, OrgId, OrgScore, Organization, Outcome, PeerGroup, Ranking,
    Record, RecordState, Round, RoundData, RoundId, RoundState,
};

/// A small, fast, deterministic generator (SplitMix64).
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

const PLACES: &[&str] = &[
    "Hà Nội",
    "Hải Phòng",
    "Đà Nẵng",
    "Cần Thơ",
    "Huế",
    "Quảng Ninh",
    "Nghệ An",
    "Thanh Hóa",
    "Đắk Lắk",
    "Lâm Đồng",
    "Bình Định",
    "Khánh Hòa",
    "Sơn La",
    "Điện Biên",
    "Cà Mau",
    "Bạc Liêu",
    "Tuyên Quang",
    "Lào Cai",
];

/// `n` organisations in two peer groups, named in Vietnamese.
pub fn organizations(n: usize) -> Vec<Organization> {
    (0..n)
        .map(|i| Organization {
            id: OrgId::parse(&format!("org-{i:05}")).expect("generated ids are slugs"),
            name_vi: format!("Sở Thông tin {} số {i}", PLACES[i % PLACES.len()]),
            name_en: format!("Department of Information {} no. {i}", PLACES[i % PLACES.len()]),
            group: PeerGroup::parse(if i % 5 == 0 { "agency" } else { "ministry" }).expect("a slug"),
            lineage: Lineage::default(),
        })
        .collect()
}

/// A catalog of `n` criteria, every third a ratio and every seventh a levels criterion.
pub fn catalog(n: usize) -> Catalog {
    let level = |key: &str, credit| Level {
        key: key.into(),
        label_vi: key.into(),
        label_en: key.into(),
        credit,
    };
    let criteria = (0..n)
        .map(|i| {
            let kind = if i % 7 == 3 {
                CriterionKind::Levels {
                    levels: vec![
                        level("none", 0.0),
                        level("in_progress", 0.25),
                        level("pilot", 0.5),
                        level("done", 1.0),
                    ],
                }
            } else if i % 3 == 1 {
                CriterionKind::Ratio { target: 0.9 }
            } else {
                CriterionKind::PassFail
            };
            Criterion {
                code: CriterionCode::parse(&format!("C-{i:04}")).expect("generated codes are valid"),
                group_vi: format!("Nhóm {}", i / 10),
                group_en: format!("Group {}", i / 10),
                name_vi: format!("Tiêu chí đánh giá số {i}"),
                name_en: format!("Criterion {i}"),
                legal_basis: String::new(),
                kind,
                weight: 1.0 + (i % 4) as f64,
                pass_credit: 1.0,
                mandatory: i % 5 != 0,
                met_phrase_vi: Some("đã đạt".into()),
                met_phrase_en: Some("have met it".into()),
                unmet_phrase_vi: Some("chưa đạt".into()),
                unmet_phrase_en: Some("have not met it".into()),
            }
        })
        .collect();
    Catalog {
        id: CatalogId::parse("bench").expect("a slug"),
        family: "bench".into(),
        version: 1,
        name_vi: "Bộ tiêu chí thử tải".into(),
        name_en: "Benchmark catalog".into(),
        illustrative: true,
        org_noun_vi: "đơn vị".into(),
        org_noun_en: "organisations".into(),
        bands: Band::defaults(),
        criteria,
    }
}

/// An open round that uses `catalog`.
pub fn round(id: &str, catalog: &Catalog) -> Round {
    Round {
        id: RoundId::parse(id).expect("a slug"),
        name_vi: format!("Đợt thử tải {id}"),
        name_en: format!("Benchmark round {id}"),
        catalog: catalog.id.clone(),
        starts_on: NaiveDate::from_ymd_opt(2026, 1, 1).expect("a date"),
        ends_on: NaiveDate::from_ymd_opt(2026, 12, 31).expect("a date"),
        state: RoundState::Open,
        illustrative: true,
    }
}

/// One approved record per organisation and criterion, outcomes drawn from `rng`.
pub fn records(
    round: &Round,
    catalog: &Catalog,
    organizations: &[Organization],
    rng: &mut Rng,
) -> Vec<Record> {
    let mut records = Vec::with_capacity(organizations.len() * catalog.criteria.len());
    for org in organizations {
        for criterion in &catalog.criteria {
            let outcome = match &criterion.kind {
                _ if rng.below(50) == 0 => Outcome::NotApplicable,
                CriterionKind::PassFail => {
                    if rng.below(3) == 0 {
                        Outcome::NotMet
                    } else {
                        Outcome::Met
                    }
                }
                CriterionKind::Ratio { .. } => Outcome::Ratio((rng.unit() * 100.0).round() / 100.0),
                CriterionKind::Levels { levels } => {
                    Outcome::Level(levels[rng.below(levels.len() as u64) as usize].key.clone())
                }
            };
            records.push(Record {
                round: round.id.clone(),
                organization: org.id.clone(),
                criterion: criterion.code.clone(),
                outcome,
                evidence: format!(
                    "Văn bản số {}/QĐ-UBND, ngày {}/3/2026",
                    rng.below(9000) + 100,
                    rng.below(28) + 1
                ),
                note: String::new(),
                inspector: "Nguyễn Thị Thu Hà".into(),
                assessed_on: NaiveDate::from_ymd_opt(2026, 3, 1 + rng.below(28) as u32),
                state: RecordState::Approved,
            });
        }
    }
    records
}

/// A generated round with what it is scored against: organisations, catalog and records.
pub struct Generated {
    pub organizations: Vec<Organization>,
    pub catalog: Catalog,
    pub round: Round,
    pub records: Vec<Record>,
}

impl Generated {
    /// Round `id` of `organizations` × `criteria` records, drawn from `seed`.
    pub fn new(id: &str, organizations: usize, criteria: usize, seed: u64) -> Generated {
        let organizations = self::organizations(organizations);
        let catalog = self::catalog(criteria);
        let round = self::round(id, &catalog);
        let records = self::records(&round, &catalog, &organizations, &mut Rng::new(seed));
        Generated {
            organizations,
            catalog,
            round,
            records,
        }
    }

    /// What the briefing documents are made from, given the round's ranking and scores.
    pub fn report<'a>(&'a self, ranking: &'a Ranking, scores: &'a [OrgScore]) -> RoundReport<'a> {
        RoundReport {
            round: &self.round,
            catalog: &self.catalog,
            organizations: &self.organizations,
            ranking,
            scores,
            records: &self.records,
        }
    }

    /// What the domain scores.
    /// The generated round as a dataset to load into a database.
    pub fn dataset(&self) -> scorecard_dataset::Dataset {
        scorecard_dataset::Dataset {
            organizations: self.organizations.clone(),
            catalogs: vec![self.catalog.clone()],
            rounds: vec![self.round.clone()],
            records: self.records.clone(),
        }
    }

    pub fn data(&self) -> RoundData<'_> {
        RoundData {
            round: &self.round,
            catalog: &self.catalog,
            assigned: &[],
            records: &self.records,
        }
    }
}
