//! Chart images: SVG for the web and slides, PNG with the embedded font.

mod common;

use common::{demo, save};
use scorecard_briefing::Lang;
use scorecard_briefing::charts::{self, Chart, TrendPoint};
use scorecard_domain::{Scope, View};

#[test]
fn the_ranking_svg_names_each_organisation_with_its_score() {
    let fixture = demo("2019", Scope::All, View::Official);
    let chart = Chart::ranking(&fixture.report(), Lang::Vi);
    let svg = charts::svg(&chart, 720, Lang::Vi).unwrap();
    save("ranking-2019.svg", svg.as_bytes());
    assert!(svg.starts_with("<svg"));
    for entry in &fixture.ranking.entries {
        assert!(svg.contains(&entry.name_vi), "{}", entry.name_vi);
        let score = format!("{:.2}", entry.score.unwrap()).replace('.', ",");
        assert!(svg.contains(&format!(">\n{score}\n<")), "{score}");
    }
    assert!(svg.contains("font-family=\"Noto Sans\""));
}

#[test]
fn the_criteria_svg_is_snapshotted() {
    let fixture = demo("2019", Scope::All, View::Official);
    let svg = charts::svg(&Chart::criteria(&fixture.report().summary()), 640, Lang::Vi).unwrap();
    save("criteria-2019.svg", svg.as_bytes());
    insta::assert_snapshot!("criteria-2019-vi", svg);
}

#[test]
fn png_charts_are_images_twice_the_width() {
    let fixture = demo("2019", Scope::All, View::Official);
    for (name, chart) in [
        ("ranking", Chart::ranking(&fixture.report(), Lang::Vi)),
        ("criteria", Chart::criteria(&fixture.report().summary())),
        (
            "trend",
            Chart::Trend(vec![
                TrendPoint {
                    label: "2019".into(),
                    score: Some(33.75),
                },
                TrendPoint {
                    label: "2020".into(),
                    score: Some(61.5),
                },
                TrendPoint {
                    label: "2021".into(),
                    score: None,
                },
                TrendPoint {
                    label: "2025".into(),
                    score: Some(90.0),
                },
            ]),
        ),
    ] {
        let png = charts::png(&chart, 640, Lang::Vi).unwrap();
        save(&format!("{name}-2019.png"), &png);
        assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "{name}");
        let width = u32::from_be_bytes(png[16..20].try_into().unwrap());
        assert_eq!(width, 1280, "{name}");
    }
}

#[test]
fn an_empty_ranking_draws_a_message_rather_than_failing() {
    let svg = charts::svg(&Chart::Ranking(Vec::new()), 400, Lang::En).unwrap();
    assert!(svg.contains("No organisation is ranked yet."));
}
