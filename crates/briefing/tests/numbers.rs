//! Issue 10: one number formatter for every surface. The same figures (a score of 66,665, a
//! completeness of 5/8 and 1/3, a share of 85,5 %) read with the same digits in the PDF, the
//! chart images, the XLSX and on the screen, which formats through the same
//! `scorecard_domain::numbers` the documents use.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::{demo, heading, pdf_text};
use scorecard_briefing::xlsx::{self, HEADER_ROW};
use scorecard_briefing::{Lang, charts, pdf};
use scorecard_domain::numbers;
use scorecard_domain::{Scope, View};

/// The 2019 ranking with three organisations' figures set to the values that rounding half
/// to even and half away from zero disagree on, or that binary floats hold just below a half.
fn fixture_with_halves() -> common::Fixture {
    let mut fixture = demo("2019", Scope::All, View::Official);
    let halves = [(66.665, 5.0 / 8.0), (33.335, 1.0 / 3.0), (85.125, 0.855)];
    for (entry, (score, completeness)) in fixture.ranking.entries.iter_mut().zip(halves) {
        entry.score = Some(score);
        entry.completeness = completeness;
    }
    fixture
}

fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What the screen shows for each of the three rows: score and completeness, as the ranking
/// table formats them (two decimals, a whole percentage).
fn screen(lang: Lang) -> Vec<(String, String)> {
    [(66.665, 5.0 / 8.0), (33.335, 1.0 / 3.0), (85.125, 0.855)]
        .into_iter()
        .map(|(score, share)| (numbers::score(lang, score), numbers::percent(lang, share, 0)))
        .collect()
}

#[test]
fn the_screen_digits_are_the_half_away_from_zero_ones() {
    assert_eq!(
        screen(Lang::Vi),
        [("66,67", "63%"), ("33,34", "33%"), ("85,13", "86%")].map(|(a, b)| (a.to_owned(), b.to_owned()))
    );
    assert_eq!(screen(Lang::En)[0], ("66.67".to_owned(), "63%".to_owned()));
}

#[test]
fn the_pdf_shows_the_screens_digits() {
    let fixture = fixture_with_halves();
    for lang in [Lang::Vi, Lang::En] {
        let bytes = pdf::briefing(&fixture.report(), &heading(lang), lang).unwrap();
        let text = pdf_text(&bytes);
        for (entry, (score, share)) in fixture.ranking.entries.iter().zip(screen(lang)) {
            // A long name wraps inside its cell, so the row is read as the text that follows
            // the name's first line up to the next rank.
            let first_line = lang.pick(&entry.name_vi, &entry.name_en);
            let first_words: String = first_line
                .split_whitespace()
                .take(3)
                .collect::<Vec<_>>()
                .join(" ");
            let row = text
                .lines()
                .map(squeeze)
                .find(|line| line.contains(&first_words) && line.contains(&score))
                .unwrap_or_else(|| panic!("no row of {first_words} with {score} in:\n{text}"));
            assert!(
                row.contains(&share),
                "{first_words}: {share} missing from {row:?}"
            );
        }
    }
}

#[test]
fn the_chart_images_show_the_screens_digits() {
    let fixture = fixture_with_halves();
    for lang in [Lang::Vi, Lang::En] {
        let chart = charts::Chart::ranking(&fixture.report(), lang);
        let svg = charts::svg(&chart, 900, lang).unwrap();
        for (score, _) in screen(lang) {
            assert!(
                svg.contains(&format!(">\n{score}\n<")),
                "{score} missing from the chart"
            );
        }
    }
}

#[test]
fn the_workbook_keeps_the_exact_share_for_the_spreadsheet_to_round() {
    let fixture = fixture_with_halves();
    let bytes = xlsx::workbook(&fixture.report(), Lang::Vi).unwrap();
    let mut book: Xlsx<_> = calamine::open_workbook_from_rs(Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range("Xếp hạng").unwrap();
    // The cells hold numbers with a display format ("0.00", "0%"); spreadsheets display
    // them rounded half away from zero on the decimal value, which is the screen's rule.
    let first = HEADER_ROW + 1;
    assert_eq!(sheet.get_value((first, 4)), Some(&Data::Float(66.665)));
    assert_eq!(sheet.get_value((first, 7)), Some(&Data::Float(0.625)));
}
