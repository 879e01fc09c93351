//! Rounds to brief: the demo data and generated rounds of any size.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::NaiveDate;
use scorecard_briefing::{Heading, Lang, RoundReport};
use scorecard_dataset::Dataset;
use scorecard_domain::ranking::previous_round;
use scorecard_domain::{
    Catalog, OrgId, OrgScore, Organization, Outcome, PeerGroup, Ranking, Record, RecordState, Round,
    RoundData, RoundId, Scope, View,
};

/// Everything a briefing borrows, owned.
pub struct Fixture {
    pub round: Round,
    pub catalog: Catalog,
    pub organizations: Vec<Organization>,
    pub ranking: Ranking,
    pub scores: Vec<OrgScore>,
    pub records: Vec<Record>,
}

impl Fixture {
    /// Organisation names (en) and scores in ranking order.
    pub fn scores_in_order(&self) -> Vec<(String, OrgScore)> {
        self.report()
            .scores_in_scope()
            .into_iter()
            .map(|s| (self.report().org_name(&s.organization, Lang::En), s.clone()))
            .collect()
    }

    pub fn report(&self) -> RoundReport<'_> {
        RoundReport {
            round: &self.round,
            catalog: &self.catalog,
            organizations: &self.organizations,
            ranking: &self.ranking,
            scores: &self.scores,
            records: &self.records,
        }
    }
}

pub fn heading(lang: Lang) -> Heading {
    Heading::inspection_team(lang, NaiveDate::from_ymd_opt(2019, 12, 5).unwrap())
}

/// A round of the demo data, ranked in `scope` and `view` with rank change, as the server does.
pub fn demo(round: &str, scope: Scope, view: View) -> Fixture {
    let data = scorecard_dataset::demo().expect("the demo data loads");
    from_dataset(&data, round, scope, view)
}

pub fn from_dataset(data: &Dataset, round: &str, scope: Scope, view: View) -> Fixture {
    let round = data
        .rounds
        .iter()
        .find(|r| r.id.as_str() == round)
        .unwrap()
        .clone();
    let catalog_of = |r: &Round| data.catalogs.iter().find(|c| c.id == r.catalog).unwrap().clone();
    let catalog = catalog_of(&round);
    let records_of =
        |r: &Round| -> Vec<Record> { data.records.iter().filter(|x| x.round == r.id).cloned().collect() };
    let records = records_of(&round);
    let family = |id: &scorecard_domain::CatalogId| {
        data.catalogs
            .iter()
            .find(|c| &c.id == id)
            .map(|c| c.family.clone())
    };
    let previous = previous_round(&round, &data.rounds, family).cloned();
    let previous_catalog = previous.as_ref().map(catalog_of);
    let previous_records = previous.as_ref().map(records_of).unwrap_or_default();
    let previous_data = previous.as_ref().map(|p| RoundData {
        round: p,
        catalog: previous_catalog.as_ref().unwrap(),
        assigned: &[],
        records: &previous_records,
    });
    let current = RoundData {
        round: &round,
        catalog: &catalog,
        assigned: &[],
        records: &records,
    };
    let ranking = current.ranking(previous_data.as_ref(), &data.organizations, scope, view);
    let scores = current.scores(view);
    Fixture {
        round: round.clone(),
        catalog: catalog.clone(),
        organizations: data.organizations.clone(),
        ranking,
        scores,
        records,
    }
}

/// A round of `n` generated organisations with Vietnamese names, scored on the 2019 catalog.
pub fn generated(n: usize) -> Fixture {
    let demo = scorecard_dataset::demo().expect("the demo data loads");
    let catalog = demo
        .catalogs
        .iter()
        .find(|c| c.id.as_str() == "cpdt-2019")
        .unwrap()
        .clone();
    let mut round = demo
        .rounds
        .iter()
        .find(|r| r.id.as_str() == "2019")
        .unwrap()
        .clone();
    round.id = RoundId::parse("gen").unwrap();
    let places = [
        "Hà Nội",
        "Huế",
        "Đà Nẵng",
        "Cần Thơ",
        "Hải Phòng",
        "Quảng Ninh",
        "Bắc Ninh",
        "Lâm Đồng",
    ];
    let organizations: Vec<Organization> = (0..n)
        .map(|i| Organization {
            id: OrgId::parse(&format!("org{i:04}")).unwrap(),
            name_vi: format!("Sở Thông tin và Truyền thông {} số {i}", places[i % places.len()]),
            name_en: format!("Department of Information and Communications {} no. {i}", i),
            group: PeerGroup::parse(if i % 3 == 0 { "agency" } else { "ministry" }).unwrap(),
            lineage: Default::default(),
        })
        .collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut records = Vec::new();
    for org in &organizations {
        for criterion in &catalog.criteria {
            let outcome = match &criterion.kind {
                scorecard_domain::CriterionKind::PassFail => {
                    if next() % 3 == 0 {
                        Outcome::NotMet
                    } else {
                        Outcome::Met
                    }
                }
                scorecard_domain::CriterionKind::Levels { levels } => {
                    Outcome::Level(levels[(next() % levels.len() as u64) as usize].key.clone())
                }
                scorecard_domain::CriterionKind::Ratio { .. } => {
                    Outcome::Ratio((next() % 101) as f64 / 100.0)
                }
            };
            records.push(Record {
                round: round.id.clone(),
                organization: org.id.clone(),
                criterion: criterion.code.clone(),
                outcome,
                evidence: format!("Công văn số {}/UBND-VP", next() % 1000),
                note: String::new(),
                inspector: "Nguyễn Văn A".into(),
                assessed_on: NaiveDate::from_ymd_opt(2019, 10, 1),
                state: RecordState::Approved,
            });
        }
    }
    let data = RoundData {
        round: &round,
        catalog: &catalog,
        assigned: &[],
        records: &records,
    };
    let ranking = data.ranking(None, &organizations, Scope::All, View::Official);
    let scores = data.scores(View::Official);
    Fixture {
        round,
        catalog,
        organizations,
        ranking,
        scores,
        records,
    }
}

/// Where a test may save what it made for a person to look at: `BRIEFING_SAVE_DIR`, if set.
pub fn save(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("BRIEFING_SAVE_DIR") {
        let path = PathBuf::from(dir).join(name);
        std::fs::write(&path, bytes).unwrap();
    }
}

fn poppler(tool: &str) -> Command {
    let probe = Command::new(tool).arg("-v").output();
    if probe.is_err() {
        panic!(
            "`{tool}` is missing: these tests read the PDF with poppler-utils; \
             install it with `apt-get install -y poppler-utils`"
        );
    }
    Command::new(tool)
}

/// The text of a PDF as `pdftotext -layout` extracts it.
pub fn pdf_text(pdf: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("briefing.pdf");
    std::fs::write(&path, pdf).unwrap();
    let output = poppler("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// The number of pages `pdfinfo` reads.
pub fn pdf_pages(pdf: &[u8]) -> usize {
    let dir = tempfile::tempdir().unwrap();
    let path: &Path = &dir.path().join("briefing.pdf");
    std::fs::write(path, pdf).unwrap();
    let output = poppler("pdfinfo").arg(path).output().unwrap();
    assert!(
        output.status.success(),
        "pdfinfo failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let info = String::from_utf8(output.stdout).unwrap();
    info.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .expect("pdfinfo names the page count")
}
