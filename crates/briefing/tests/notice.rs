//! The preliminary notice to one organisation (issue 13), read back with `pdftotext`: the
//! heading, to whom, the score, every criterion's outcome, the unmet ones with their legal
//! basis, and the deadline, with Vietnamese diacritics intact.

mod common;

use chrono::NaiveDate;
use common::{demo, pdf_pages, pdf_text, save};
use scorecard_briefing::Lang;
use scorecard_briefing::pdf::notice::{Notice, heading, notice};
use scorecard_domain::score::Status;
use scorecard_domain::{Scope, View};

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_notice_tells_an_organisation_its_preliminary_results_and_the_deadline() {
    let fixture = demo("2019", Scope::All, View::Preliminary);
    // The organisation with the most unmet criteria, so that the list has something in it.
    let score = fixture
        .scores
        .iter()
        .max_by_key(|s| s.criteria.iter().filter(|c| c.status == Status::NotMet).count())
        .unwrap();
    let organization = fixture
        .organizations
        .iter()
        .find(|o| o.id == score.organization)
        .unwrap();
    let records: Vec<_> = fixture
        .records
        .iter()
        .filter(|r| r.organization == organization.id)
        .cloned()
        .collect();
    let day = NaiveDate::from_ymd_opt(2019, 12, 5).unwrap();
    for lang in [Lang::Vi, Lang::En] {
        let made = Notice {
            round: &fixture.round,
            catalog: &fixture.catalog,
            organization,
            score,
            records: &records,
            deadline: Some(lang.pick("17:00 ngày 10/12/2019", "17:00 on 10/12/2019")),
        };
        let bytes = notice(&made, &heading(lang, day), lang).unwrap();
        save(
            &format!("notice-2019-{}-{}.pdf", organization.id, lang.code()),
            &bytes,
        );
        assert!(pdf_pages(&bytes) >= 1);
        let flat = squeeze(&pdf_text(&bytes));
        let name = lang.pick(&organization.name_vi, &organization.name_en);
        let score_text = format!("{:.2}", score.score.unwrap().get());
        let score_text = if lang == Lang::Vi {
            score_text.replace('.', ",")
        } else {
            score_text
        };
        let expected: Vec<String> = match lang {
            Lang::Vi => vec![
                "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".into(),
                "THÔNG BÁO".into(),
                "Kết quả kiểm tra sơ bộ".into(),
                format!("Kính gửi: {name}."),
                format!("{name} đạt {score_text} điểm"),
                "TB-ĐKT".into(),
                "II. CÁC TIÊU CHÍ CHƯA ĐẠT".into(),
                "trước 17:00 ngày 10/12/2019 (giờ Việt Nam)".into(),
                "TRƯỞNG ĐOÀN KIỂM TRA".into(),
                "KẾT QUẢ SƠ BỘ".into(),
            ],
            Lang::En => vec![
                "NOTICE".into(),
                format!("To: {name}."),
                format!("a score of {score_text}"),
                "before 17:00 on 10/12/2019 (Vietnam time)".into(),
                "PRELIMINARY RESULTS".into(),
            ],
        };
        for words in expected {
            assert!(flat.contains(&words), "missing `{words}` in:\n{flat}");
        }
        for criterion in &fixture.catalog.criteria {
            assert!(flat.contains(criterion.code.as_str()), "{}", criterion.code);
            let status = score
                .criteria
                .iter()
                .find(|c| c.code == criterion.code)
                .unwrap()
                .status;
            if status == Status::NotMet && !criterion.legal_basis.is_empty() {
                // The legal basis of an unmet criterion is cited in the list.
                let start: String = criterion.legal_basis.chars().take(30).collect();
                assert!(
                    flat.contains(&squeeze(&start)),
                    "{} cites `{start}`",
                    criterion.code
                );
            }
        }
    }
}

#[test]
fn the_briefing_adds_the_self_assessments_and_the_findings_when_there_are_any() {
    use scorecard_briefing::xlsx::FindingRow;
    use scorecard_briefing::{Annexes, SelfAssessmentRow, pdf};
    let fixture = demo("2019", Scope::All, View::Official);
    let first = &fixture.scores[0];
    let second = &fixture.scores[1];
    let lines = vec![
        SelfAssessmentRow {
            organization: first.organization.clone(),
            self_assessed: Some(92.5),
            verified: first.score.map(|s| s.get()),
            difference: first.score.map(|s| s.get() - 92.5),
            differing: 2,
            compared: 7,
        },
        SelfAssessmentRow {
            organization: second.organization.clone(),
            self_assessed: second.score.map(|s| s.get()),
            verified: second.score.map(|s| s.get()),
            difference: Some(0.0),
            differing: 0,
            compared: 7,
        },
    ];
    let findings = vec![FindingRow {
        round: "2019".into(),
        organization: "btc".into(),
        organization_name: "Bộ Tài chính".into(),
        criterion: "VB-02".into(),
        criterion_name: "Ký số".into(),
        legal_basis: "Nghị định 30/2020/NĐ-CP".into(),
        due_on: NaiveDate::from_ymd_opt(2020, 3, 1),
        state: "Đang mở".into(),
        open: true,
        note: String::new(),
        reports: String::new(),
        review_note: String::new(),
    }];
    let annexes = Annexes {
        self_assessment: &lines,
        findings: &findings,
        ..Annexes::default()
    };
    let heading = common::heading(Lang::Vi);
    let bytes = pdf::briefing_with(&fixture.report(), &heading, Lang::Vi, &annexes).unwrap();
    save("briefing-2019-annexes-vi.pdf", &bytes);
    let flat = squeeze(&pdf_text(&bytes));
    let name = &fixture
        .organizations
        .iter()
        .find(|o| o.id == first.organization)
        .unwrap()
        .name_vi;
    let verified = format!("{:.2}", first.score.unwrap().get()).replace('.', ",");
    for words in [
        "IV. TỰ ĐÁNH GIÁ VÀ KẾT QUẢ KIỂM TRA",
        "92,50",
        &verified,
        "2/7",
        "±0,00",
        "V. KIẾN NGHỊ",
        "1 tiêu chí bắt buộc chưa đạt của 1 đơn vị trở thành kiến nghị; còn 1 kiến nghị chưa khắc phục",
        "Nghị định 30/2020/NĐ-CP",
        "01/03/2020",
        name,
    ] {
        assert!(flat.contains(words), "missing `{words}` in:\n{flat}");
    }
    // Without annexes, the briefing is as before.
    let plain = squeeze(&pdf_text(
        &pdf::briefing(&fixture.report(), &heading, Lang::Vi).unwrap(),
    ));
    assert!(!plain.contains("TỰ ĐÁNH GIÁ") && !plain.contains("KIẾN NGHỊ"));
}
