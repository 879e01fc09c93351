//! Identifiers parsed once at the boundary: organisations, criteria, rounds, catalogs, peer groups.

use std::fmt;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

/// Why a string is not a valid identifier.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("{kind} is empty")]
    Empty { kind: &'static str },
    #[error("{kind} `{value}` is longer than {max} characters")]
    TooLong {
        kind: &'static str,
        value: String,
        max: usize,
    },
    #[error("{kind} `{value}` may only contain {allowed}")]
    BadCharacter {
        kind: &'static str,
        value: String,
        allowed: &'static str,
    },
}

fn check(
    kind: &'static str,
    value: &str,
    allowed: &'static str,
    is_allowed: impl Fn(char) -> bool,
) -> Result<(), IdError> {
    const MAX: usize = 64;
    if value.is_empty() {
        return Err(IdError::Empty { kind });
    }
    if value.chars().count() > MAX {
        return Err(IdError::TooLong {
            kind,
            value: value.to_owned(),
            max: MAX,
        });
    }
    if !value.chars().all(is_allowed) {
        return Err(IdError::BadCharacter {
            kind,
            value: value.to_owned(),
            allowed,
        });
    }
    Ok(())
}

fn is_slug_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_'
}

// An id is shared, not copied: a round's scores name each criterion once per organisation (a
// million times in a large round), and cloning an `Arc<str>` is a count, not an allocation.
macro_rules! string_id {
    ($(#[$doc:meta])* $name:ident, $kind:literal, $allowed:literal, $pred:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Eq, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(try_from = "String", into = "String")]
        pub struct $name(Arc<str>);

        // Two clones of one id are equal without reading their text.
        impl PartialEq for $name {
            fn eq(&self, other: &Self) -> bool {
                Arc::ptr_eq(&self.0, &other.0) || self.0 == other.0
            }
        }

        // By the text, as equality is.
        impl std::hash::Hash for $name {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.0.hash(state)
            }
        }

        impl $name {
            /// Parses the identifier, or says which rule it breaks.
            pub fn parse(value: &str) -> Result<Self, IdError> {
                check($kind, value, $allowed, $pred)?;
                Ok(Self(value.into()))
            }

            /// The identifier as written.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl TryFrom<String> for $name {
            type Error = IdError;
            fn try_from(value: String) -> Result<Self, IdError> {
                check($kind, &value, $allowed, $pred)?;
                Ok(Self(value.into()))
            }
        }

        impl From<$name> for String {
            fn from(id: $name) -> String {
                id.0.as_ref().to_owned()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }

        impl std::str::FromStr for $name {
            type Err = IdError;
            fn from_str(value: &str) -> Result<Self, IdError> {
                Self::parse(value)
            }
        }
    };
}

string_id!(
    /// An organisation's stable slug, e.g. `btc`.
    OrgId, "organisation id", "lowercase letters, digits, `-` and `_`", is_slug_char
);
string_id!(
    /// A round's slug, e.g. `2019`.
    RoundId, "round id", "lowercase letters, digits, `-` and `_`", is_slug_char
);
string_id!(
    /// A catalog version's slug, e.g. `cpdt-2019`.
    CatalogId, "catalog id", "lowercase letters, digits, `-` and `_`", is_slug_char
);
string_id!(
    /// A peer group, e.g. `ministry`: organisations ranked against each other.
    PeerGroup, "peer group", "lowercase letters, digits, `-` and `_`", is_slug_char
);
string_id!(
    /// A criterion's code, e.g. `VB-02`.
    CriterionCode, "criterion code", "uppercase letters, digits, `-`, `_` and `.`",
    |c: char| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_' || c == '.'
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_accept_lowercase_digits_and_dashes() {
        for ok in ["btc", "cpdt-2019", "2019", "round_2"] {
            assert!(OrgId::parse(ok).is_ok(), "{ok}");
        }
    }

    #[test]
    fn slugs_reject_what_would_break_a_url_or_a_file_name() {
        for bad in ["", "BTC", "b tc", "../etc", "bộ", &"x".repeat(65)] {
            assert!(OrgId::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn criterion_codes_are_uppercase() {
        assert!(CriterionCode::parse("VB-02").is_ok());
        assert_eq!(
            CriterionCode::parse("vb-02").unwrap_err().to_string(),
            "criterion code `vb-02` may only contain uppercase letters, digits, `-`, `_` and `.`"
        );
    }

    #[test]
    fn ids_deserialize_through_parse() {
        let err = serde_json::from_str::<OrgId>("\"A B\"").unwrap_err();
        assert!(err.to_string().contains("may only contain"));
    }
}
