//! The rules of docs/rules.md (scoring, ranking, summary) as data tables, plus invariants checked by
//! proptest.

use proptest::prelude::*;
use scorecard_domain::catalog::{Band, Catalog, Criterion, CriterionKind, Level};
use scorecard_domain::score::{Status, round_organizations};
use scorecard_domain::*;

fn criterion(code: &str, kind: CriterionKind, weight: f64) -> Criterion {
    Criterion {
        code: CriterionCode::parse(code).unwrap(),
        group_vi: "Nhóm".into(),
        group_en: "Group".into(),
        name_vi: format!("Tiêu chí {code}"),
        name_en: format!("Criterion {code}"),
        legal_basis: String::new(),
        kind,
        weight,
        pass_credit: 1.0,
        mandatory: true,
        met_phrase_vi: None,
        met_phrase_en: None,
        unmet_phrase_vi: None,
        unmet_phrase_en: None,
    }
}

fn pass_fail(code: &str, weight: f64) -> Criterion {
    criterion(code, CriterionKind::PassFail, weight)
}

fn levels() -> CriterionKind {
    let level = |key: &str, credit| Level {
        key: key.into(),
        label_vi: key.into(),
        label_en: key.into(),
        credit,
    };
    CriterionKind::Levels {
        levels: vec![
            level("none", 0.0),
            level("in_progress", 0.25),
            level("pilot", 0.5),
            level("done", 1.0),
        ],
    }
}

fn catalog(criteria: Vec<Criterion>) -> Catalog {
    Catalog {
        id: CatalogId::parse("test").unwrap(),
        family: "test".into(),
        version: 1,
        name_vi: "Thử".into(),
        name_en: "Test".into(),
        illustrative: false,
        org_noun_vi: "bộ, cơ quan".into(),
        org_noun_en: "ministries and agencies".into(),
        bands: Band::defaults(),
        criteria,
    }
}

fn org(id: &str, name: &str, group: &str) -> Organization {
    Organization {
        id: OrgId::parse(id).unwrap(),
        name_vi: name.into(),
        name_en: name.into(),
        group: PeerGroup::parse(group).unwrap(),
        lineage: Lineage::default(),
    }
}

fn record(org: &str, code: &str, outcome: Outcome, state: RecordState) -> Record {
    Record {
        round: RoundId::parse("r").unwrap(),
        organization: OrgId::parse(org).unwrap(),
        criterion: CriterionCode::parse(code).unwrap(),
        outcome,
        evidence: String::new(),
        note: String::new(),
        inspector: String::new(),
        assessed_on: None,
        state,
    }
}

fn approved(org: &str, code: &str, outcome: Outcome) -> Record {
    record(org, code, outcome, RecordState::Approved)
}

fn score_of(catalog: &Catalog, records: &[Record]) -> OrgScore {
    let orgs = [OrgId::parse("a").unwrap()];
    score_round(catalog, &orgs, records, View::Official).remove(0)
}

/// One organisation `a` scored against `catalog`: (score, compliant, completeness, incomplete).
fn check(catalog: &Catalog, records: &[Record], expected: (Option<f64>, bool, f64, bool)) {
    let s = score_of(catalog, records);
    assert_eq!(
        (
            s.score.map(|x| x.get()),
            s.compliant,
            s.completeness,
            s.incomplete
        ),
        expected,
        "{records:?}"
    );
}

#[test]
fn scores_follow_the_weights_of_the_credits() {
    use Outcome::*;
    let cat = catalog(vec![pass_fail("A", 1.0), pass_fail("B", 3.0)]);
    check(
        &cat,
        &[approved("a", "A", Met), approved("a", "B", Met)],
        (Some(100.0), true, 1.0, false),
    );
    check(
        &cat,
        &[approved("a", "A", Met), approved("a", "B", NotMet)],
        (Some(25.0), false, 1.0, false),
    );
    check(
        &cat,
        &[approved("a", "A", NotMet), approved("a", "B", Met)],
        (Some(75.0), false, 1.0, false),
    );
    check(
        &cat,
        &[approved("a", "A", NotMet), approved("a", "B", NotMet)],
        (Some(0.0), false, 1.0, false),
    );
}

#[test]
fn not_applicable_leaves_the_denominator() {
    use Outcome::*;
    let cat = catalog(vec![pass_fail("A", 1.0), pass_fail("B", 3.0)]);
    check(
        &cat,
        &[approved("a", "A", Met), approved("a", "B", NotApplicable)],
        (Some(100.0), true, 1.0, false),
    );
    check(
        &cat,
        &[approved("a", "A", NotMet), approved("a", "B", NotApplicable)],
        (Some(0.0), false, 1.0, false),
    );
}

#[test]
fn a_missing_record_counts_zero_and_marks_the_organisation_incomplete() {
    let cat = catalog(vec![pass_fail("A", 1.0), pass_fail("B", 3.0)]);
    check(
        &cat,
        &[approved("a", "B", Outcome::Met)],
        (Some(75.0), false, 0.5, true),
    );
    check(&cat, &[], (Some(0.0), false, 0.0, true));
}

#[test]
fn without_applicable_weight_there_is_no_score_and_no_compliance() {
    let cat = catalog(vec![pass_fail("A", 1.0)]);
    check(
        &cat,
        &[approved("a", "A", Outcome::NotApplicable)],
        (None, false, 1.0, false),
    );
}

#[test]
fn ratio_credit_is_value_over_target_capped_at_one() {
    let cat = catalog(vec![criterion("R", CriterionKind::Ratio { target: 0.8 }, 1.0)]);
    for (value, score, met) in [
        (0.4, 50.0, false),
        (0.8, 100.0, true),
        (0.95, 100.0, true),
        (0.0, 0.0, false),
        (0.7, 87.5, false),
    ] {
        let s = score_of(&cat, &[approved("a", "R", Outcome::Ratio(value))]);
        assert_eq!(s.score.map(|x| x.get()), Some(score), "{value}");
        assert_eq!(s.criteria[0].status == Status::Met, met, "{value}");
    }
}

#[test]
fn level_credits_and_pass_credit_decide_what_is_met() {
    let mut c = criterion("L", levels(), 1.0);
    c.pass_credit = 0.5;
    let cat = catalog(vec![c]);
    for (key, score, status) in [
        ("none", 0.0, Status::NotMet),
        ("in_progress", 25.0, Status::NotMet),
        ("pilot", 50.0, Status::Met),
        ("done", 100.0, Status::Met),
    ] {
        let s = score_of(&cat, &[approved("a", "L", Outcome::Level(key.into()))]);
        assert_eq!(
            (s.score.map(|x| x.get()), s.criteria[0].status),
            (Some(score), status),
            "{key}"
        );
    }
}

#[test]
fn scores_round_half_away_from_zero_to_two_decimals() {
    use Outcome::*;
    for (met_weight, other_weight, expected) in [
        (1.0, 19_999.0, 0.01),      // 0.005 exactly
        (13_333.0, 6_667.0, 66.67), // 66.665 exactly
        (2.0, 1.0, 66.67),          // 66.666…
        (1.0, 2.0, 33.33),          // 33.333…
        (1.0, 7.0, 12.5),
        (7.0, 1_993.0, 0.35), // 0.35 exactly
    ] {
        let cat = catalog(vec![pass_fail("A", met_weight), pass_fail("B", other_weight)]);
        let s = score_of(&cat, &[approved("a", "A", Met), approved("a", "B", NotMet)]);
        assert_eq!(
            s.score.map(|x| x.get()),
            Some(expected),
            "{met_weight}/{other_weight}"
        );
    }
    assert_eq!(score::round_to_hundredths(2.675), 2.68);
    assert_eq!(score::round_to_hundredths(1.005), 1.01);
    assert_eq!(score::round_to_hundredths(-1.005), -1.01);
}

#[test]
fn a_criterion_that_is_not_mandatory_does_not_decide_compliance() {
    let mut optional = pass_fail("B", 1.0);
    optional.mandatory = false;
    let cat = catalog(vec![pass_fail("A", 1.0), optional]);
    check(
        &cat,
        &[
            approved("a", "A", Outcome::Met),
            approved("a", "B", Outcome::NotMet),
        ],
        (Some(50.0), true, 1.0, false),
    );
}

#[test]
fn official_figures_count_approved_records_only() {
    let cat = catalog(vec![
        pass_fail("A", 1.0),
        pass_fail("B", 1.0),
        pass_fail("C", 1.0),
    ]);
    let records = [
        record("a", "A", Outcome::Met, RecordState::Approved),
        record("a", "B", Outcome::Met, RecordState::Submitted),
        record("a", "C", Outcome::Met, RecordState::Draft),
    ];
    let orgs = [OrgId::parse("a").unwrap()];
    let official = &score_round(&cat, &orgs, &records, View::Official)[0];
    let preliminary = &score_round(&cat, &orgs, &records, View::Preliminary)[0];
    assert_eq!(official.score.map(|s| s.get()), Some(33.33));
    assert_eq!(preliminary.score.map(|s| s.get()), Some(66.67));
    assert!(official.incomplete && preliminary.incomplete);
}

#[test]
fn the_organisations_of_a_round_are_the_assigned_and_those_with_records() {
    let assigned = [OrgId::parse("b").unwrap(), OrgId::parse("a").unwrap()];
    let records = [approved("c", "A", Outcome::Met), approved("a", "A", Outcome::Met)];
    let orgs: Vec<String> = round_organizations(&assigned, &records)
        .iter()
        .map(|o| o.to_string())
        .collect();
    assert_eq!(orgs, ["b", "a", "c"]);
}

/// Ranks organisations with the given `(id, Vietnamese name, percent met)`.
fn rank_of(rows: &[(&str, &str, Option<u32>)]) -> Ranking {
    let cat = catalog((0..100).map(|i| pass_fail(&format!("C{i}"), 1.0)).collect());
    let organizations: Vec<Organization> = rows
        .iter()
        .map(|(id, name, _)| org(id, name, "ministry"))
        .collect();
    let mut records = Vec::new();
    for (id, _, met) in rows {
        for i in 0..100 {
            let outcome = match met {
                None => Outcome::NotApplicable,
                Some(m) if i < *m => Outcome::Met,
                Some(_) => Outcome::NotMet,
            };
            records.push(approved(id, &format!("C{i}"), outcome));
        }
    }
    let ids: Vec<OrgId> = organizations.iter().map(|o| o.id.clone()).collect();
    let scores = score_round(&cat, &ids, &records, View::Official);
    Ranking::build(
        &RoundId::parse("r").unwrap(),
        Scope::All,
        false,
        &scores,
        &organizations,
        None,
    )
}

fn ranks(ranking: &Ranking) -> Vec<(String, Option<u32>)> {
    ranking
        .entries
        .iter()
        .map(|e| (e.organization.to_string(), e.rank))
        .collect()
}

#[test]
fn tied_scores_share_a_rank_and_the_next_rank_skips() {
    let ranking = rank_of(&[
        ("d", "D", Some(70)),
        ("b", "B", Some(80)),
        ("a", "A", Some(90)),
        ("c", "C", Some(80)),
    ]);
    let expected = [("a", Some(1)), ("b", Some(2)), ("c", Some(2)), ("d", Some(4))];
    assert_eq!(ranks(&ranking), expected.map(|(o, r)| (o.to_owned(), r)));
}

#[test]
fn ties_are_listed_in_vietnamese_name_order() {
    let ranking = rank_of(&[
        ("bgddt", "Bộ Giáo dục và Đào tạo", Some(50)),
        ("bct", "Bộ Công Thương", Some(50)),
        ("bca", "Bộ Công an", Some(50)),
    ]);
    let order: Vec<&str> = ranking.entries.iter().map(|e| e.organization.as_str()).collect();
    assert_eq!(order, ["bca", "bct", "bgddt"]);
    assert!(ranking.entries.iter().all(|e| e.rank == Some(1)));
}

/// Score first; among equal scores (and among those without one) the name, then the id.
#[test]
fn the_order_is_score_then_name_then_id() {
    let ranking = rank_of(&[
        ("x2", "Bộ Y tế", Some(60)),
        ("n1", "Ủy ban Dân tộc", None),
        ("x1", "Bộ Y tế", Some(60)),
        ("top", "Văn phòng Chính phủ", Some(90)),
        ("n0", "Ban Cơ yếu", None),
        ("a", "Bộ Công an", Some(60)),
    ]);
    let expected = [
        ("top", Some(1)),
        ("a", Some(2)),
        ("x1", Some(2)),
        ("x2", Some(2)),
        ("n0", None),
        ("n1", None),
    ];
    assert_eq!(ranks(&ranking), expected.map(|(o, r)| (o.to_owned(), r)));
}

#[test]
fn an_organisation_without_a_score_is_listed_last_without_a_rank() {
    let ranking = rank_of(&[("a", "A", None), ("b", "B", Some(0))]);
    assert_eq!(
        ranks(&ranking),
        [("b".to_owned(), Some(1)), ("a".to_owned(), None)]
    );
}

#[test]
fn rank_change_follows_lineage_through_a_merger() {
    let cat = catalog(vec![
        pass_fail("A", 1.0),
        pass_fail("B", 1.0),
        pass_fail("C", 1.0),
        pass_fail("D", 1.0),
    ]);
    let mut organizations = vec![
        org("btc", "Bộ Tài chính", "ministry"),
        org("bkhdt", "Bộ Kế hoạch và Đầu tư", "ministry"),
        org("btnmt", "Bộ Tài nguyên và Môi trường", "ministry"),
        org("bnnptnt", "Bộ Nông nghiệp và Phát triển nông thôn", "ministry"),
        org("bnnmt", "Bộ Nông nghiệp và Môi trường", "ministry"),
        org("byt", "Bộ Y tế", "ministry"),
    ];
    let merge = |o: &mut Organization, into: &str| o.lineage.merged_into = Some(OrgId::parse(into).unwrap());
    merge(&mut organizations[1], "btc");
    merge(&mut organizations[2], "bnnmt");
    merge(&mut organizations[3], "bnnmt");
    let scored = |met: &[(&str, usize)]| {
        let records: Vec<Record> =
            met.iter()
                .flat_map(|(o, n)| {
                    ["A", "B", "C", "D"].iter().enumerate().map(move |(i, c)| {
                        approved(o, c, if i < *n { Outcome::Met } else { Outcome::NotMet })
                    })
                })
                .collect();
        let ids: Vec<OrgId> = met.iter().map(|(o, _)| OrgId::parse(o).unwrap()).collect();
        score_round(&cat, &ids, &records, View::Official)
    };
    let round = RoundId::parse("r").unwrap();
    // Before: bkhdt 1, btnmt 2, byt 3, bnnptnt 4, btc 5.
    let before = scored(&[("btc", 0), ("bkhdt", 4), ("btnmt", 3), ("bnnptnt", 1), ("byt", 2)]);
    let before = Ranking::build(&round, Scope::All, false, &before, &organizations, None);
    // After the merger: btc 100 (rank 1), bnnmt 75 (2), byt 25 (3). A merged organisation is
    // compared with the average of what it carries (the DTI 2024 rule): btc with btc 0 and
    // bkhdt 100, so 50, which ranked 3rd before (behind 100 and 75): +2 and +50 points; bnnmt
    // with btnmt 75 and bnnptnt 25, so 50, 3rd: +1 and +25; byt with itself: 3rd, 50 → 25.
    let after = scored(&[("btc", 4), ("bnnmt", 3), ("byt", 1)]);
    let after = Ranking::build(&round, Scope::All, false, &after, &organizations, Some(&before));
    type Change<'a> = (&'a str, Option<i32>, Option<f64>, Vec<&'a str>);
    let changes: Vec<Change> = after
        .entries
        .iter()
        .map(|e| {
            (
                e.organization.as_str(),
                e.rank_change,
                e.score_change,
                e.compared_with.iter().map(|o| o.as_str()).collect(),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("btc", Some(2), Some(50.0), vec!["bkhdt", "btc"]),
            ("bnnmt", Some(1), Some(25.0), vec!["bnnptnt", "btnmt"]),
            ("byt", Some(0), Some(-25.0), vec![]),
        ]
    );
    // Before the merger took effect (both still have figures), each is its own basis.
    let later = scored(&[("btc", 2), ("bkhdt", 4), ("btnmt", 3), ("bnnptnt", 1), ("byt", 2)]);
    let later = Ranking::build(&round, Scope::All, false, &later, &organizations, Some(&before));
    let btc = later
        .entries
        .iter()
        .find(|e| e.organization.as_str() == "btc")
        .unwrap();
    assert_eq!((btc.score_change, btc.compared_with.len()), (Some(50.0), 0));
    // Carried from one organisation only: its figures, named.
    let only_one = scored(&[("bnnmt", 2)]);
    let partial: Vec<OrgScore> = scored(&[("btnmt", 3)]);
    let before_one = Ranking::build(&round, Scope::All, false, &partial, &organizations, None);
    let after_one = Ranking::build(
        &round,
        Scope::All,
        false,
        &only_one,
        &organizations,
        Some(&before_one),
    );
    let bnnmt = &after_one.entries[0];
    assert_eq!(
        (
            bnnmt.rank_change,
            bnnmt.score_change,
            bnnmt.compared_with[0].as_str()
        ),
        (Some(0), Some(-25.0), "btnmt")
    );

    // An organisation's line in a ranking through lineage: its own line first, else the
    // best-placed of those it carries, else none (the history across rounds).
    let line = |ranking: &Ranking, org: &str| {
        ranking
            .line_of(&OrgId::parse(org).unwrap(), &organizations)
            .map(|e| (e.organization.to_string(), e.rank))
    };
    type Case<'a> = (&'a Ranking, &'a str, Option<(&'a str, u32)>);
    let cases: [Case; 6] = [
        (&before, "bnnmt", Some(("btnmt", 2))),
        (&before, "btc", Some(("btc", 5))),
        (&before, "btnmt", Some(("btnmt", 2))),
        (&after, "bnnmt", Some(("bnnmt", 2))),
        (&after, "bkhdt", None),
        (&before, "nobody", None),
    ];
    for (ranking, org, expected) in cases {
        let expected = expected.map(|(o, r)| (o.to_owned(), Some(r)));
        assert_eq!(line(ranking, org), expected, "{org}");
    }
    assert_eq!((before.ranked(), after.ranked()), (5, 3));
}

#[test]
fn the_previous_round_is_the_latest_earlier_one_of_the_same_family() {
    let round = |id: &str, catalog: &str, year: i32| Round {
        id: RoundId::parse(id).unwrap(),
        name_vi: id.into(),
        name_en: id.into(),
        catalog: CatalogId::parse(catalog).unwrap(),
        starts_on: chrono::NaiveDate::from_ymd_opt(year, 9, 1).unwrap(),
        ends_on: chrono::NaiveDate::from_ymd_opt(year, 11, 30).unwrap(),
        state: RoundState::Published,
        illustrative: false,
    };
    let rounds = [
        round("2019", "cpdt-2019", 2019),
        round("2020", "cpdt-2019", 2020),
        round("p2020", "tinh-2020", 2020),
        round("2025", "cpdt-2025", 2025),
    ];
    let family = |c: &CatalogId| Some(c.as_str().split('-').next().unwrap_or("").to_owned());
    let previous = |i: usize| ranking::previous_round(&rounds[i], &rounds, family).map(|r| r.id.to_string());
    assert_eq!(previous(0), None);
    assert_eq!(previous(1).as_deref(), Some("2019"));
    assert_eq!(previous(2), None);
    assert_eq!(previous(3).as_deref(), Some("2020"));
}

#[test]
fn the_summary_counts_met_not_met_not_applicable_and_missing_separately() {
    let mut a = pass_fail("A", 1.0);
    a.met_phrase_vi = Some("đã làm A".into());
    a.met_phrase_en = Some("have done A".into());
    a.unmet_phrase_vi = Some("chưa làm A".into());
    a.unmet_phrase_en = Some("have not done A".into());
    let cat = catalog(vec![a]);
    let organizations = vec![
        org("bca", "Bộ Công an", "ministry"),
        org("bct", "Bộ Công Thương", "ministry"),
        org("byt", "Bộ Y tế", "ministry"),
        org("btc", "Bộ Tài chính", "ministry"),
        org("bxd", "Bộ Xây dựng", "ministry"),
    ];
    let records = [
        approved("bca", "A", Outcome::Met),
        approved("byt", "A", Outcome::NotMet),
        approved("bct", "A", Outcome::NotMet),
        approved("btc", "A", Outcome::NotApplicable),
        record("bxd", "A", Outcome::Met, RecordState::Submitted),
    ];
    let ids: Vec<OrgId> = organizations.iter().map(|o| o.id.clone()).collect();
    let scores = score_round(&cat, &ids, &records, View::Official);
    let summary = Summary::build(
        &RoundId::parse("r").unwrap(),
        false,
        &cat,
        &scores,
        &organizations,
    );
    let line = &summary.criteria[0];
    assert_eq!(
        (
            line.assessed,
            line.met,
            line.not_met,
            line.not_applicable,
            line.missing
        ),
        (3, 1, 2, 1, 1)
    );
    let not_meeting: Vec<&str> = line.not_meeting.iter().map(OrgId::as_str).collect();
    assert_eq!(not_meeting, ["bct", "byt"]);
    assert_eq!(
        summary.sentences_vi,
        [
            "1/4 bộ, cơ quan đã làm A.",
            "Còn 2 bộ, cơ quan chưa làm A: Bộ Công Thương, Bộ Y tế."
        ]
    );
    assert_eq!(
        summary.sentences_en,
        [
            "1 of 4 ministries and agencies have done A.",
            "2 of 4 ministries and agencies have not done A: Bộ Công Thương, Bộ Y tế."
        ]
    );
}

/// A random round: `orgs` organisations, each with an outcome per criterion of a mixed catalog.
fn arbitrary_round() -> impl Strategy<Value = (Catalog, Vec<Record>, Vec<OrgId>)> {
    let kinds = prop_oneof![
        Just(CriterionKind::PassFail),
        Just(levels()),
        (0.05f64..=1.0).prop_map(|target| CriterionKind::Ratio { target }),
    ];
    let criteria = proptest::collection::vec((kinds, 0.5f64..20.0), 1..6);
    (criteria, 1usize..8)
        .prop_flat_map(|(criteria, n_orgs)| {
            let catalog = catalog(
                criteria
                    .into_iter()
                    .enumerate()
                    .map(|(i, (kind, w))| criterion(&format!("C{i}"), kind, w))
                    .collect(),
            );
            let cells = catalog.criteria.len() * n_orgs;
            let picks = proptest::collection::vec((0usize..6, 0.0f64..=1.0), cells);
            (Just(catalog), picks, Just(n_orgs))
        })
        .prop_map(|(catalog, picks, n_orgs)| {
            let orgs: Vec<OrgId> = (0..n_orgs)
                .map(|i| OrgId::parse(&format!("o{i}")).unwrap())
                .collect();
            let mut records = Vec::new();
            for (index, (pick, ratio)) in picks.into_iter().enumerate() {
                let org = &orgs[index / catalog.criteria.len()];
                let criterion = &catalog.criteria[index % catalog.criteria.len()];
                let outcome = match (&criterion.kind, pick) {
                    (_, 0) => continue,
                    (_, 1) => Outcome::NotApplicable,
                    (CriterionKind::PassFail, p) => {
                        if p % 2 == 0 {
                            Outcome::Met
                        } else {
                            Outcome::NotMet
                        }
                    }
                    (CriterionKind::Levels { levels }, p) => {
                        Outcome::Level(levels[p % levels.len()].key.clone())
                    }
                    (CriterionKind::Ratio { .. }, _) => Outcome::Ratio(ratio),
                };
                records.push(approved(org.as_str(), criterion.code.as_str(), outcome));
            }
            (catalog, records, orgs)
        })
}

fn ranking_of(catalog: &Catalog, records: &[Record], orgs: &[OrgId]) -> Ranking {
    let organizations: Vec<Organization> = orgs
        .iter()
        .map(|o| org(o.as_str(), o.as_str(), "ministry"))
        .collect();
    let scores = score_round(catalog, orgs, records, View::Official);
    Ranking::build(
        &RoundId::parse("r").unwrap(),
        Scope::All,
        false,
        &scores,
        &organizations,
        None,
    )
}

proptest! {
    #[test]
    fn scores_stay_within_zero_and_one_hundred((catalog, records, orgs) in arbitrary_round()) {
        for s in score_round(&catalog, &orgs, &records, View::Official) {
            if let Some(score) = s.score {
                prop_assert!((0.0..=100.0).contains(&score.get()), "{}", score.get());
                prop_assert!(s.band.is_some());
            }
            prop_assert!((0.0..=1.0).contains(&s.completeness));
        }
    }

    #[test]
    fn turning_not_met_into_met_never_lowers_score_or_rank(
        (catalog, records, orgs) in arbitrary_round(),
        pick in any::<proptest::sample::Index>(),
    ) {
        let candidates: Vec<usize> = records
            .iter()
            .enumerate()
            .filter(|(_, r)| r.outcome == Outcome::NotMet)
            .map(|(i, _)| i)
            .collect();
        prop_assume!(!candidates.is_empty());
        let index = candidates[pick.index(candidates.len())];
        let mut better = records.clone();
        better[index].outcome = Outcome::Met;
        let org = &records[index].organization;
        let entry = |r: &Ranking| r.entries.iter().find(|e| &e.organization == org).cloned().unwrap();
        let before = entry(&ranking_of(&catalog, &records, &orgs));
        let after = entry(&ranking_of(&catalog, &better, &orgs));
        prop_assert!(after.score >= before.score, "{:?} -> {:?}", before.score, after.score);
        prop_assert!(after.rank <= before.rank, "{:?} -> {:?}", before.rank, after.rank);
    }

    /// Scoring takes a shortcut when records come an organisation at a time in catalog order;
    /// any other order (reversed, rotated, interleaved) must give the same scores.
    #[test]
    fn the_order_of_the_records_does_not_change_any_score(
        (catalog, records, orgs) in arbitrary_round(),
        rotate in any::<proptest::sample::Index>(),
    ) {
        let expected = score_round(&catalog, &orgs, &records, View::Official);
        let mut reversed = records.clone();
        reversed.reverse();
        let mut rotated = records.clone();
        if !rotated.is_empty() {
            rotated.rotate_left(rotate.index(records.len()));
        }
        let mut by_criterion = records.clone();
        by_criterion.sort_by(|a, b| (a.criterion.as_str(), a.organization.as_str())
            .cmp(&(b.criterion.as_str(), b.organization.as_str())));
        for order in [reversed, rotated, by_criterion] {
            prop_assert_eq!(&score_round(&catalog, &orgs, &order, View::Official), &expected);
        }
    }

    /// A ranking reads totals scored without the criteria's lines: the same rules, so the same
    /// totals.
    #[test]
    fn totals_are_the_full_scores_without_their_lines((catalog, records, orgs) in arbitrary_round()) {
        let mut expected = score_round_of(&catalog, &orgs, &records, View::Preliminary, Detail::Criteria);
        for score in &mut expected {
            score.criteria.clear();
        }
        prop_assert_eq!(
            score_round_of(&catalog, &orgs, &records, View::Preliminary, Detail::Totals),
            expected
        );
    }

    /// A round's scores find its organisations in the same pass: the same organisations, in the
    /// same order, as `round_organizations` lists, with the same scores.
    #[test]
    fn a_rounds_organisations_are_found_while_scoring(
        (catalog, records, orgs) in arbitrary_round(),
        split in any::<proptest::sample::Index>(),
    ) {
        let mut assigned = orgs[..split.index(orgs.len() + 1)].to_vec();
        assigned.reverse();
        let listed = round_organizations(&assigned, &records);
        for view in [View::Official, View::Preliminary] {
            prop_assert_eq!(
                score_round_of(&catalog, &assigned, &records, view, Detail::Criteria),
                score_round(&catalog, &listed, &records, view)
            );
        }
    }

    #[test]
    fn a_rank_is_one_plus_the_number_with_a_strictly_higher_score((catalog, records, orgs) in arbitrary_round()) {
        let ranking = ranking_of(&catalog, &records, &orgs);
        for entry in &ranking.entries {
            let higher = ranking.entries.iter().filter(|e| match (e.score, entry.score) {
                (Some(a), Some(b)) => a > b,
                _ => false,
            }).count() as u32;
            prop_assert_eq!(entry.rank, entry.score.map(|_| higher + 1));
        }
    }
}

// docs/rules.md, "Self-assessment": what it takes to submit, and the two figures side by side.

fn own(code: &str, outcome: Outcome, evidence: &str, explanation: &str) -> scorecard_domain::SelfAssessed {
    scorecard_domain::SelfAssessed {
        criterion: CriterionCode::parse(code).unwrap(),
        outcome,
        evidence: evidence.into(),
        explanation: explanation.into(),
    }
}

#[test]
fn a_self_assessment_is_submitted_whole_and_met_without_evidence_is_explained() {
    use scorecard_domain::self_assessment::{Gap, gaps};
    use std::collections::HashSet;
    let cat = catalog(vec![
        pass_fail("A", 1.0),
        criterion("B", levels(), 1.0),
        criterion("C", CriterionKind::Ratio { target: 0.8 }, 1.0),
    ]);
    let code = |c: &str| CriterionCode::parse(c).unwrap();
    let files_for_b: HashSet<CriterionCode> = [code("B")].into();
    let none: HashSet<CriterionCode> = HashSet::new();
    // (answers, criteria with files, the gaps in catalog order)
    let table: Vec<(
        Vec<scorecard_domain::SelfAssessed>,
        &HashSet<CriterionCode>,
        Vec<Gap>,
    )> = vec![
        (
            vec![],
            &none,
            vec![
                Gap::Unanswered(code("A")),
                Gap::Unanswered(code("B")),
                Gap::Unanswered(code("C")),
            ],
        ),
        // Met with evidence text, a level met with a file, a ratio below its target: complete.
        (
            vec![
                own("A", Outcome::Met, "Quyết định 12/QĐ-BTC", ""),
                own("B", Outcome::Level("done".into()), "", ""),
                own("C", Outcome::Ratio(0.5), "", ""),
            ],
            &files_for_b,
            vec![],
        ),
        // The same level without its file is met without evidence.
        (
            vec![
                own("A", Outcome::Met, "Quyết định 12/QĐ-BTC", ""),
                own("B", Outcome::Level("done".into()), "", ""),
                own("C", Outcome::Ratio(0.5), "", ""),
            ],
            &none,
            vec![Gap::Unexplained(code("B"))],
        ),
        // A ratio at its target is met; whitespace is no evidence; an explanation suffices;
        // not met and not applicable need nothing.
        (
            vec![
                own("A", Outcome::NotMet, "", ""),
                own("B", Outcome::NotApplicable, "", ""),
                own("C", Outcome::Ratio(0.8), "  ", ""),
            ],
            &none,
            vec![Gap::Unexplained(code("C"))],
        ),
        (
            vec![
                own("A", Outcome::Met, "", "Văn bản đang chờ ký ban hành"),
                own("B", Outcome::Level("pilot".into()), "", ""),
                own("C", Outcome::Ratio(0.9), "", "Số liệu từ hệ thống"),
            ],
            &none,
            vec![],
        ),
    ];
    for (answers, files, expected) in table {
        assert_eq!(gaps(&cat, &answers, files), expected, "{answers:?}");
    }
    assert!(Gap::Unexplained(code("A")).message_vi().contains("giải trình"));
}

#[test]
fn self_assessed_and_verified_figures_side_by_side() {
    use scorecard_domain::self_assessment::{compare, self_score};
    let cat = catalog(vec![
        pass_fail("A", 2.0),
        pass_fail("B", 1.0),
        pass_fail("C", 1.0),
    ]);
    let round = RoundId::parse("r").unwrap();
    let btc = OrgId::parse("a").unwrap();
    let answers = vec![
        own("A", Outcome::Met, "x", ""),
        own("B", Outcome::Met, "x", ""),
        own("C", Outcome::NotMet, "", ""),
    ];
    let claimed = self_score(&cat, &round, &btc, &answers);
    // Verified: A not met, B met, C not yet recorded.
    let verified = score_of(
        &cat,
        &[
            approved("a", "A", Outcome::NotMet),
            approved("a", "B", Outcome::Met),
        ],
    );
    let comparison = compare(&claimed, &verified);
    assert_eq!(comparison.self_assessed, Some(75.0));
    assert_eq!(comparison.verified, Some(25.0));
    assert_eq!(comparison.difference, Some(-50.0));
    let disagreeing: Vec<(&str, bool)> = comparison
        .criteria
        .iter()
        .map(|c| (c.code.as_str(), c.disagrees))
        .collect();
    assert_eq!(disagreeing, [("A", true), ("B", false), ("C", false)]);
    // One of the two criteria with both outcomes disagrees.
    assert_eq!(comparison.disagreement, Some(0.5));
    assert_eq!(comparison.criteria[2].verified, Status::Missing);
}

// docs/rules.md, "Findings": which criteria become findings, their due date, when overdue.

#[test]
fn unmet_mandatory_criteria_become_findings() {
    use scorecard_domain::findings::unmet_mandatory;
    let mut optional = pass_fail("D", 1.0);
    optional.mandatory = false;
    let cat = catalog(vec![
        pass_fail("A", 1.0),
        pass_fail("B", 1.0),
        criterion("C", levels(), 1.0),
        optional,
        pass_fail("E", 1.0),
    ]);
    // (records of organisation `a`, the criteria that become findings)
    let table: Vec<(Vec<Record>, Vec<&str>)> = vec![
        (vec![], vec!["A", "B", "C", "E"]),
        (
            vec![
                approved("a", "A", Outcome::Met),
                approved("a", "B", Outcome::NotMet),
                approved("a", "C", Outcome::Level("pilot".into())),
                approved("a", "D", Outcome::NotMet),
                approved("a", "E", Outcome::NotApplicable),
            ],
            // B not met, C below its pass credit; D is not mandatory; E does not apply.
            vec!["B", "C"],
        ),
        (
            vec![
                approved("a", "A", Outcome::Met),
                approved("a", "B", Outcome::Met),
                approved("a", "C", Outcome::Level("done".into())),
                // Submitted only: no official result, so still a finding.
                record("a", "E", Outcome::Met, RecordState::Submitted),
            ],
            vec!["E"],
        ),
    ];
    for (records, expected) in table {
        let score = score_of(&cat, &records);
        let codes: Vec<&str> = unmet_mandatory(&cat, &score)
            .iter()
            .map(|c| c.code.as_str())
            .collect();
        assert_eq!(codes, expected, "{records:?}");
    }
}

#[test]
fn a_finding_is_due_when_the_next_round_of_its_family_starts() {
    use chrono::NaiveDate;
    use scorecard_domain::findings::{default_due_date, is_overdue};
    let round = |id: &str, catalog: &str, year: i32| Round {
        id: RoundId::parse(id).unwrap(),
        name_vi: id.into(),
        name_en: id.into(),
        catalog: CatalogId::parse(catalog).unwrap(),
        starts_on: NaiveDate::from_ymd_opt(year, 3, 1).unwrap(),
        ends_on: NaiveDate::from_ymd_opt(year, 11, 30).unwrap(),
        state: RoundState::Published,
        illustrative: false,
    };
    let rounds = vec![
        round("2024", "cpdt-2019", 2024),
        round("2025", "cpdt-2025", 2025),
        round("2026", "cpdt-2025", 2026),
        round("2027", "cpdt-2025", 2027),
        round("khac-2025", "khac", 2025),
    ];
    let family = |r: &Round| {
        Some(if r.catalog.as_str() == "khac" {
            "khac"
        } else {
            "cpdt"
        })
    };
    let due = |id: &str| {
        default_due_date(
            rounds.iter().find(|r| r.id.as_str() == id).unwrap(),
            &rounds,
            family,
        )
    };
    assert_eq!(due("2024"), NaiveDate::from_ymd_opt(2025, 3, 1));
    assert_eq!(due("2025"), NaiveDate::from_ymd_opt(2026, 3, 1));
    assert_eq!(due("2027"), None, "no later round yet");
    assert_eq!(due("khac-2025"), None, "another family's rounds do not count");
    let day = |d| NaiveDate::from_ymd_opt(2026, 3, d).unwrap();
    for (open, due_on, today, overdue) in [
        (true, Some(day(1)), day(2), true),
        (true, Some(day(1)), day(1), false),
        (false, Some(day(1)), day(2), false),
        (true, None, day(2), false),
    ] {
        assert_eq!(
            is_overdue(open, due_on, today),
            overdue,
            "{open} {due_on:?} {today}"
        );
    }
}
