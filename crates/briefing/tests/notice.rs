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
