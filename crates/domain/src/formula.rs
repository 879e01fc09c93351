//! Text that a spreadsheet would run as a formula. The CSV export escapes it with an
//! apostrophe and the XLSX marks it as text, both by this one test.

/// The first characters that make a spreadsheet run a cell as a formula.
pub const FORMULA_TRIGGERS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// Whether a spreadsheet would take `text` for a formula.
pub fn looks_like_formula(text: &str) -> bool {
    text.starts_with(FORMULA_TRIGGERS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_triggers_are_recognised_only_at_the_start() {
        for text in ["=1+1", "+84 912", "-5", "@SUM(A1)", "\tx", "\rx"] {
            assert!(looks_like_formula(text), "{text:?}");
        }
        for text in ["", "Số 12/QĐ-BTC", "a=b", " =1", "'=1"] {
            assert!(!looks_like_formula(text), "{text:?}");
        }
    }
}
