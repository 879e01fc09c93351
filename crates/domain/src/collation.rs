//! Vietnamese collation: letters first (a ă â b c d đ e ê …), then tones.
//!
//! "Bộ Công an" sorts before "Bộ Công Thương" before "Bộ Giáo dục và Đào tạo". Names are
//! compared letter by letter in the Vietnamese alphabet, ignoring tones and case; only
//! when the letters are equal do tones decide (ngang, huyền, hỏi, ngã, sắc, nặng), then case.

use std::cmp::Ordering;

/// Each vowel with its five tone marks, in tone order: ngang, huyền, hỏi, ngã, sắc, nặng.
const TONED_VOWELS: [&str; 24] = [
    "aàảãáạ",
    "ăằẳẵắặ",
    "âầẩẫấậ",
    "eèẻẽéẹ",
    "êềểễếệ",
    "iìỉĩíị",
    "oòỏõóọ",
    "ôồổỗốộ",
    "ơờởỡớợ",
    "uùủũúụ",
    "ưừửữứự",
    "yỳỷỹýỵ",
    "AÀẢÃÁẠ",
    "ĂẰẲẴẮẶ",
    "ÂẦẨẪẤẬ",
    "EÈẺẼÉẸ",
    "ÊỀỂỄẾỆ",
    "IÌỈĨÍỊ",
    "OÒỎÕÓỌ",
    "ÔỒỔỖỐỘ",
    "ƠỜỞỠỚỢ",
    "UÙỦŨÚỤ",
    "ƯỪỬỮỨỰ",
    "YỲỶỸÝỴ",
];

/// A character split into its letter (lowercase, with its vowel marks) and its tone (0 = none).
fn split_tone(c: char) -> (char, u8) {
    // Most letters of a name are ASCII, whose tone is none: no table to look them up in.
    if c.is_ascii() {
        return (c.to_ascii_lowercase(), 0);
    }
    let toned = match c as u32 {
        x @ LATIN_FROM..=LATIN_TO => tone_table().latin[(x - LATIN_FROM) as usize],
        x @ EXTENDED_FROM..=EXTENDED_TO => tone_table().extended[(x - EXTENDED_FROM) as usize],
        _ => None,
    };
    toned.unwrap_or_else(|| (c.to_lowercase().next().unwrap_or(c), 0))
}

/// Where every vowel with a mark lies: Latin-1 and Latin Extended-A/B (à, ă, ơ, ư …) and Latin
/// Extended Additional (ạ, ả, ấ … ỹ).
const LATIN_FROM: u32 = 0xC0;
const LATIN_TO: u32 = 0x1B0;
const EXTENDED_FROM: u32 = 0x1EA0;
const EXTENDED_TO: u32 = 0x1EF9;

/// Each toned vowel's (lowercase letter, tone), found by its code point rather than searched
/// for: a ranking builds the keys of ten thousand names.
struct ToneTable {
    latin: [Option<(char, u8)>; (LATIN_TO - LATIN_FROM + 1) as usize],
    extended: [Option<(char, u8)>; (EXTENDED_TO - EXTENDED_FROM + 1) as usize],
}

fn tone_table() -> &'static ToneTable {
    static TABLE: std::sync::OnceLock<ToneTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut table = ToneTable {
            latin: [None; (LATIN_TO - LATIN_FROM + 1) as usize],
            extended: [None; (EXTENDED_TO - EXTENDED_FROM + 1) as usize],
        };
        for row in TONED_VOWELS {
            let Some(base) = row.chars().next().and_then(|b| b.to_lowercase().next()) else {
                continue;
            };
            for (tone, vowel) in row.chars().enumerate() {
                let x = vowel as u32;
                let slot = match x {
                    LATIN_FROM..=LATIN_TO => &mut table.latin[(x - LATIN_FROM) as usize],
                    EXTENDED_FROM..=EXTENDED_TO => &mut table.extended[(x - EXTENDED_FROM) as usize],
                    // Plain a, e, i … are ASCII, answered before the table.
                    _ => continue,
                };
                *slot = Some((base, tone as u8));
            }
        }
        table
    })
}

/// Applies a combining mark (decomposed text) to the letter before it.
fn combine(letter: char, tone: u8, mark: char) -> Option<(char, u8)> {
    let tone_of = |t: u8| Some((letter, t));
    match mark {
        '\u{0300}' => tone_of(1),
        '\u{0309}' => tone_of(2),
        '\u{0303}' => tone_of(3),
        '\u{0301}' => tone_of(4),
        '\u{0323}' => tone_of(5),
        '\u{0306}' if letter == 'a' => Some(('ă', tone)),
        '\u{0302}' => match letter {
            'a' => Some(('â', tone)),
            'e' => Some(('ê', tone)),
            'o' => Some(('ô', tone)),
            _ => None,
        },
        '\u{031B}' => match letter {
            'o' => Some(('ơ', tone)),
            'u' => Some(('ư', tone)),
            _ => None,
        },
        _ => None,
    }
}

fn primary_weight(letter: char) -> u32 {
    if letter.is_whitespace() {
        return 1;
    }
    if let Some(digit) = letter.to_digit(10) {
        return 10 + digit;
    }
    if let Some(index) = alphabet_index(letter) {
        return 100 + index;
    }
    if letter.is_alphabetic() {
        1000 + letter as u32
    } else {
        2
    }
}

/// The letter's place in the alphabet, a ă â b c d đ e ê f … o ô ơ p … u ư v … z (f, j, w and
/// z appear in loanwords and take their Latin places); computed rather than searched, as a
/// ranking sorts ten thousand names.
fn alphabet_index(letter: char) -> Option<u32> {
    let from = |first: char, place: u32| place + (letter as u32 - first as u32);
    Some(match letter {
        'a' => 0,
        'ă' => 1,
        'â' => 2,
        'b'..='d' => from('b', 3),
        'đ' => 6,
        'e' => 7,
        'ê' => 8,
        'f'..='o' => from('f', 9),
        'ô' => 19,
        'ơ' => 20,
        'p'..='u' => from('p', 21),
        'ư' => 27,
        'v'..='z' => from('v', 28),
        _ => return None,
    })
}

/// The sort key of a name: letter weights, then tones, then the text itself.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey<'a> {
    /// Each letter's weight, a 0, then each letter's tone: one array, compared element by
    /// element. Letter weights are at least 1, so the 0 after a name's letters sorts it before
    /// any longer name that starts with them; names with the same letters have as many tones.
    weights: Vec<u32>,
    text: &'a str,
}

/// Builds the sort key of a name.
pub fn sort_key(text: &str) -> SortKey<'_> {
    // Letter weights first, then the 0 and the tones, which wait meanwhile.
    let mut weights: Vec<u32> = Vec::with_capacity(2 * text.len() + 1);
    let mut tones: Vec<u8> = Vec::with_capacity(text.len());
    for (letter, tone) in Letters::of(text) {
        weights.push(primary_weight(letter));
        tones.push(tone);
    }
    weights.push(0);
    weights.extend(tones.iter().map(|&tone| u32::from(tone)));
    SortKey { weights, text }
}

/// Compares two names in Vietnamese order.
pub fn compare(a: &str, b: &str) -> Ordering {
    sort_key(a).cmp(&sort_key(b))
}

/// The letters of a name with their tones, one by one: combining marks (decomposed text)
/// join the letter before them, and a mark that joins nothing is left out.
struct Letters<'a> {
    chars: std::iter::Peekable<std::str::Chars<'a>>,
}

impl<'a> Letters<'a> {
    fn of(text: &'a str) -> Letters<'a> {
        Letters {
            chars: text.chars().peekable(),
        }
    }
}

impl Iterator for Letters<'_> {
    type Item = (char, u8);

    fn next(&mut self) -> Option<(char, u8)> {
        let (mut letter, mut tone) = loop {
            let c = self.chars.next()?;
            if !is_combining(c) {
                break split_tone(c);
            }
        };
        while let Some(&c) = self.chars.peek() {
            match combine(letter, tone, c) {
                Some(pair) => (letter, tone) = pair,
                None if is_combining(c) => {}
                None => break,
            }
            self.chars.next();
        }
        Some((letter, tone))
    }
}

/// A combining diacritical mark (U+0300–U+036F).
fn is_combining(c: char) -> bool {
    ('\u{0300}'..='\u{036F}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The alphabet in order; f, j, w and z appear in loanwords and take their Latin places.
    const ALPHABET: [char; 33] = [
        'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o', 'ô',
        'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z',
    ];

    fn check(sorted: &[&str]) {
        for pair in sorted.windows(2) {
            assert_eq!(
                compare(pair[0], pair[1]),
                Ordering::Less,
                "{} < {}",
                pair[0],
                pair[1]
            );
            assert_eq!(
                compare(pair[1], pair[0]),
                Ordering::Greater,
                "{} > {}",
                pair[1],
                pair[0]
            );
        }
    }

    /// A mark that cannot join its letter (a breve on b) is left out, and the tone after it
    /// still joins the letter.
    #[test]
    fn a_mark_that_joins_nothing_leaves_the_tone_after_it_to_its_letter() {
        assert_eq!(compare("b\u{0306}\u{0301}", "b\u{0300}"), Ordering::Greater);
    }

    #[test]
    fn bo_cong_an_sorts_before_bo_cong_thuong_before_bo_giao_duc() {
        check(&["Bộ Công an", "Bộ Công Thương", "Bộ Giáo dục và Đào tạo"]);
    }

    #[test]
    fn letters_follow_the_vietnamese_alphabet() {
        check(&[
            "an", "ăn", "ân", "bàn", "dân", "đàn", "em", "êm", "ô", "ơ", "u", "ư", "y",
        ]);
        check(&[
            "Bộ Y tế",
            "Ngân hàng Nhà nước",
            "Thanh tra Chính phủ",
            "Ủy ban Dân tộc",
            "Văn phòng Chính phủ",
        ]);
    }

    #[test]
    fn tones_decide_only_between_equal_letters() {
        check(&["ma", "mà", "mả", "mã", "má", "mạ", "mac"]);
        check(&["Bộ Tài chính", "Bộ Tài nguyên và Môi trường", "Bộ Tư pháp"]);
    }

    #[test]
    fn decomposed_text_sorts_like_precomposed_text() {
        let decomposed = "Bo\u{0302}\u{0323} Co\u{0302}ng an";
        assert_eq!(sort_key(decomposed).weights, sort_key("Bộ Công an").weights);
    }

    #[test]
    fn a_name_sorts_before_the_longer_names_it_begins() {
        check(&["Bộ", "Bộ Y tế", "Bộ Y tế 2"]);
        check(&["an", "an 1", "an-1", "ana"]);
        check(&["Sở", "Sờ a", "Sở a"]);
    }

    #[test]
    fn every_toned_vowel_splits_into_its_letter_and_tone() {
        for row in TONED_VOWELS {
            let letter = row.chars().next().unwrap().to_lowercase().next().unwrap();
            for (tone, vowel) in row.chars().enumerate() {
                assert_eq!(split_tone(vowel), (letter, tone as u8), "{vowel}");
            }
        }
        assert_eq!(split_tone('Đ'), ('đ', 0));
        assert_eq!(split_tone('Q'), ('q', 0));
        assert_eq!(split_tone('7'), ('7', 0));
    }

    #[test]
    fn each_letter_has_its_place_in_the_alphabet() {
        for (place, letter) in ALPHABET.iter().enumerate() {
            assert_eq!(alphabet_index(*letter), Some(place as u32), "{letter}");
        }
        for other in ['A', 'à', 'ñ', '0', ' ', 'ß'] {
            assert_eq!(alphabet_index(other), None, "{other}");
        }
    }

    #[test]
    fn case_is_ignored_until_everything_else_is_equal() {
        check(&["Bộ Công an", "bộ công an", "bộ công thương"]);
    }
}
