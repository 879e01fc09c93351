//! The PDF briefing read back as a person's PDF reader would: text through `pdftotext`.

mod common;

use common::{demo, generated, heading, pdf_pages, pdf_text, save};
use scorecard_briefing::{Lang, pdf};
use scorecard_domain::{PeerGroup, Scope, View};

/// Collapses runs of spaces so that table columns read as single-spaced text.
fn squeeze(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn the_2019_briefing_names_every_organisation_with_its_diacritics_and_score() {
    let fixture = demo("2019", Scope::All, View::Official);
    let bytes = pdf::briefing(&fixture.report(), &heading(Lang::Vi), Lang::Vi).unwrap();
    save("briefing-2019-vi.pdf", &bytes);
    let text = pdf_text(&bytes);
    let flat = squeeze(&text);
    for entry in &fixture.ranking.entries {
        let score = entry.score.map(|s| format!("{s:.2}").replace('.', ",")).unwrap();
        let line = text
            .lines()
            .find(|l| l.contains(&entry.name_vi) && l.contains(&score))
            .unwrap_or_else(|| panic!("no line with {} and {score} in:\n{text}", entry.name_vi));
        assert!(
            line.trim_start().starts_with(&entry.rank.unwrap().to_string()),
            "{line}"
        );
    }
    for sentence in &fixture.report().summary().sentences_vi {
        assert!(flat.contains(&squeeze(sentence)), "missing sentence: {sentence}");
    }
    for words in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "BÁO CÁO",
        "Số liệu chính thức",
        "Dữ liệu minh họa / illustrative data",
        "Trang 1/",
    ] {
        assert!(flat.contains(words), "missing {words}");
    }
}

#[test]
fn the_seed_figures_of_2019_are_in_the_briefing() {
    let fixture = demo("2019", Scope::All, View::Official);
    let bytes = pdf::briefing(&fixture.report(), &heading(Lang::Vi), Lang::Vi).unwrap();
    let flat = squeeze(&pdf_text(&bytes));
    assert!(flat.contains("7/12 bộ, cơ quan"), "{flat}");
    assert!(flat.contains("Còn 4 bộ, cơ quan"), "{flat}");
    assert!(flat.contains("Còn 5 bộ, cơ quan"), "{flat}");
}

#[test]
fn an_english_preliminary_briefing_says_so_on_every_page() {
    let fixture = demo("2019", Scope::All, View::Preliminary);
    let bytes = pdf::briefing(&fixture.report(), &heading(Lang::En), Lang::En).unwrap();
    save("briefing-2019-en-preliminary.pdf", &bytes);
    let text = pdf_text(&bytes);
    let pages: Vec<&str> = text.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert_eq!(pages.len(), pdf_pages(&bytes));
    for page in pages {
        assert!(page.contains("PRELIMINARY FIGURES"), "{page}");
    }
    assert!(text.contains("SOCIALIST REPUBLIC OF VIET NAM"));
    let first = &fixture.ranking.entries[0];
    assert!(squeeze(&text).contains(&format!("{} {:.2}", first.name_en, first.score.unwrap())));
}

#[test]
fn a_peer_group_briefing_lists_only_that_group() {
    let scope = Scope::Group(PeerGroup::parse("agency").unwrap());
    let fixture = demo("2019", scope, View::Official);
    let bytes = pdf::briefing(&fixture.report(), &heading(Lang::Vi), Lang::Vi).unwrap();
    let text = pdf_text(&bytes);
    assert!(text.contains("Khối agency"));
    let all = demo("2019", Scope::All, View::Official);
    for entry in &all.ranking.entries {
        let listed = squeeze(&text).contains(&entry.name_vi);
        assert_eq!(listed, entry.group.as_str() == "agency", "{}", entry.name_vi);
    }
}

#[test]
fn the_page_count_grows_with_the_data_and_long_tables_repeat_their_header() {
    let small = pdf::briefing(&generated(10).report(), &heading(Lang::Vi), Lang::Vi).unwrap();
    let large_fixture = generated(100);
    let large = pdf::briefing(&large_fixture.report(), &heading(Lang::Vi), Lang::Vi).unwrap();
    save("briefing-100-vi.pdf", &large);
    let (small_pages, large_pages) = (pdf_pages(&small), pdf_pages(&large));
    assert!(
        large_pages > small_pages + 3,
        "{small_pages} → {large_pages} pages"
    );
    let text = pdf_text(&large);
    let ranking_pages = text
        .split('\u{c}')
        .filter(|page| page.contains("Thay đổi") && page.contains("Xếp loại"))
        .count();
    assert!(
        ranking_pages >= 2,
        "the ranking header appears on {ranking_pages} pages"
    );
    assert!(text.contains(&format!("Trang {large_pages}/{large_pages}")));
}

#[test]
fn the_fonts_are_subset_so_the_file_stays_small() {
    let fixture = demo("2019", Scope::All, View::Official);
    let bytes = pdf::briefing(&fixture.report(), &heading(Lang::Vi), Lang::Vi).unwrap();
    // The two fonts alone weigh about 1 MB; subset, the whole briefing is far smaller.
    assert!(bytes.len() < 250_000, "{} bytes", bytes.len());
}

#[test]
fn every_character_of_the_briefing_has_a_glyph_in_the_embedded_font() {
    use scorecard_briefing::fonts::Face;
    use scorecard_briefing::pdf::layout::Op;
    for (view, lang) in [(View::Official, Lang::Vi), (View::Preliminary, Lang::En)] {
        let fixture = demo("2019", Scope::All, view);
        let layout = pdf::layout(&fixture.report(), &heading(lang), lang);
        for op in layout.pages.iter().flatten() {
            if let Op::Text { text, weight, .. } = op {
                let shaped = Face::of(*weight).shape(text);
                assert!(
                    shaped.glyphs.iter().all(|g| g.glyph_id.to_u32() != 0),
                    "no glyph for a character of {text:?}"
                );
            }
        }
    }
}
