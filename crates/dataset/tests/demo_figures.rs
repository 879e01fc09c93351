//! The demo data reproduces the seed article's figures, and its rankings and summaries are
//! snapshotted so that any change to the rules or the data shows up in review.

use scorecard_dataset::{Dataset, demo};
use scorecard_domain::ranking::previous_round;
use scorecard_domain::{PeerGroup, Ranking, RoundData, Scope, Summary, View};

fn round_data<'a>(
    data: &'a Dataset,
    id: &str,
    records: &'a mut Vec<scorecard_domain::Record>,
) -> RoundData<'a> {
    let round = data.rounds.iter().find(|r| r.id.as_str() == id).unwrap();
    *records = data
        .records
        .iter()
        .filter(|r| r.round == round.id)
        .cloned()
        .collect();
    RoundData {
        round,
        catalog: data.catalogs.iter().find(|c| c.id == round.catalog).unwrap(),
        assigned: &[],
        records,
    }
}

fn ranking(data: &Dataset, id: &str, scope: Scope) -> Ranking {
    let (mut records, mut previous_records) = (Vec::new(), Vec::new());
    let current = round_data(data, id, &mut records);
    let family = |c: &scorecard_domain::CatalogId| {
        data.catalogs
            .iter()
            .find(|x| &x.id == c)
            .map(|x| x.family.clone())
    };
    let previous = previous_round(current.round, &data.rounds, family)
        .map(|p| round_data(data, p.id.as_str(), &mut previous_records));
    current.ranking(previous.as_ref(), &data.organizations, scope, View::Official)
}

fn summary(data: &Dataset, id: &str) -> Summary {
    let mut records = Vec::new();
    round_data(data, id, &mut records).summary(&data.organizations, View::Official)
}

#[test]
fn the_2019_summary_reproduces_the_seed_article() {
    let data = demo().unwrap();
    let summary = summary(&data, "2019");
    let line = |code: &str| summary.criteria.iter().find(|c| c.code.as_str() == code).unwrap();
    assert_eq!(summary.organizations, 12);
    assert_eq!((line("DV-01").met, line("DV-01").assessed), (7, 12));
    assert_eq!((line("TC-01").not_met, line("TC-01").assessed), (4, 12));
    assert_eq!((line("VB-02").not_met, line("VB-02").assessed), (5, 12));
    assert!(summary.sentences_vi.contains(
        &"7/12 bộ, cơ quan đã hoàn thành cung cấp dịch vụ công trực tuyến mức độ 3, 4.".to_owned()
    ));
    let tc01 = summary
        .sentences_vi
        .iter()
        .find(|s| s.contains("quy chế"))
        .unwrap();
    assert!(tc01.starts_with(
        "Còn 4 bộ, cơ quan chưa ban hành quy chế tiếp nhận, xử lý, phát hành và quản lý văn bản điện tử: "
    ));
    let vb02 = summary.sentences_vi.iter().find(|s| s.contains("ký số")).unwrap();
    assert!(
        vb02.starts_with("Còn 5 bộ, cơ quan chưa thực hiện đúng quy định về thể thức, hình thức ký số: ")
    );
}

#[test]
fn the_2019_ranking_lists_the_12_inspected_organisations() {
    let data = demo().unwrap();
    let ranking = ranking(&data, "2019", Scope::All);
    assert_eq!(ranking.entries.len(), 12);
    assert!(ranking.entries.iter().all(|e| e.rank_change.is_none()));
}

#[test]
fn later_rounds_show_rank_changes_including_through_mergers() {
    let data = demo().unwrap();
    let r2020 = ranking(&data, "2020", Scope::All);
    assert!(r2020.entries.iter().any(|e| e.rank_change.is_some_and(|c| c > 0)));
    let r2025 = ranking(&data, "2025", Scope::All);
    let bnnmt = r2025
        .entries
        .iter()
        .find(|e| e.organization.as_str() == "bnnmt")
        .unwrap();
    assert!(bnnmt.rank_change.is_some(), "bnnmt carries btnmt's history");
    // The 2025 mergers: the Ministry of Finance, which absorbed Planning and Investment, is
    // compared with the average of both 2021 scores, and the ranking says so.
    let btc = r2025
        .entries
        .iter()
        .find(|e| e.organization.as_str() == "btc")
        .unwrap();
    let ids: Vec<&str> = btc.compared_with.iter().map(|o| o.as_str()).collect();
    assert_eq!(ids, ["bkhdt", "btc"]);
    let r2021 = ranking(&data, "2021", Scope::All);
    let score_2021 = |id: &str| {
        r2021
            .entries
            .iter()
            .find(|e| e.organization.as_str() == id)
            .unwrap()
            .score
            .unwrap()
    };
    let average =
        scorecard_domain::score::round_to_hundredths((score_2021("btc") + score_2021("bkhdt")) / 2.0);
    assert_eq!(
        btc.score_change,
        Some(scorecard_domain::score::round_to_hundredths(
            btc.score.unwrap() - average
        ))
    );
    let note = scorecard_domain::ranking::merger_note(&r2025.entries, scorecard_domain::Lang::Vi).unwrap();
    assert!(
        note.contains("Bộ Tài chính") && note.contains("DTI 2024"),
        "{note}"
    );
    assert_eq!(
        scorecard_domain::ranking::merger_note(&r2021.entries, scorecard_domain::Lang::Vi),
        None
    );
}

#[test]
fn demo_rankings_and_summaries_match_their_snapshots() {
    let data = demo().unwrap();
    for round in ["2019", "2020", "2021", "2025"] {
        insta::assert_json_snapshot!(format!("ranking-{round}"), ranking(&data, round, Scope::All));
        insta::assert_json_snapshot!(format!("summary-{round}"), summary(&data, round));
    }
    let agencies = Scope::Group(PeerGroup::parse("agency").unwrap());
    insta::assert_json_snapshot!("ranking-2020-agency", ranking(&data, "2020", agencies));
}
