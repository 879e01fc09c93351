//! The two languages every surface speaks: Vietnamese first, English second. One type for the
//! screen, the documents and the API's `?lang=`, so a choice made in one reads the same in all.

use serde::{Deserialize, Serialize};

/// A language of the product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Vietnamese, the default.
    #[default]
    Vi,
    /// English.
    En,
}

impl Lang {
    /// The BCP 47 code: `vi` or `en`, as in `?lang=`, `<html lang>` and file names.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Vi => "vi",
            Lang::En => "en",
        }
    }

    /// Reads a code (surrounding white space allowed); anything else is `None`, so the
    /// caller's default applies.
    pub fn parse(code: &str) -> Option<Lang> {
        match code.trim() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The other language, which a switch offers.
    pub fn other(self) -> Lang {
        match self {
            Lang::Vi => Lang::En,
            Lang::En => Lang::Vi,
        }
    }

    /// Picks the Vietnamese or the English one of a pair, such as a name's `name_vi` and
    /// `name_en`; an empty English text falls back to the Vietnamese, which always exists.
    pub fn pick<'a>(self, vi: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::En if !en.trim().is_empty() => en,
            _ => vi,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_read_back_and_anything_else_is_no_language() {
        for lang in [Lang::Vi, Lang::En] {
            assert_eq!(Lang::parse(lang.code()), Some(lang));
            assert_eq!(lang.other().other(), lang);
        }
        assert_eq!(Lang::parse(" en\n"), Some(Lang::En));
        assert_eq!(Lang::parse("fr"), None);
        assert_eq!(Lang::parse("EN"), None);
    }

    #[test]
    fn an_empty_english_name_falls_back_to_the_vietnamese() {
        assert_eq!(
            Lang::En.pick("Bộ Tài chính", "Ministry of Finance"),
            "Ministry of Finance"
        );
        assert_eq!(Lang::En.pick("Bộ Tài chính", " "), "Bộ Tài chính");
        assert_eq!(
            Lang::Vi.pick("Bộ Tài chính", "Ministry of Finance"),
            "Bộ Tài chính"
        );
    }
}
