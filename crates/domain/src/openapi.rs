//! OpenAPI schemas of the types whose JSON is not what their Rust shape would say: identifiers
//! are strings of the characters their `parse` takes, a scope is a string, and an outcome is the
//! two fields `outcome` and `value` of its record.

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::{PartialSchema, ToSchema};

use crate::ids::{CatalogId, CriterionCode, OrgId, PeerGroup, RoundId};
use crate::ranking::Scope;
use crate::record::Outcome;

impl PartialSchema for Scope {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some("`all`, or a peer group such as `ministry` or `agency`"))
            .examples(["all", "ministry"])
            .into()
    }
}

impl ToSchema for Scope {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Scope")
    }
}

impl PartialSchema for Outcome {
    fn schema() -> RefOr<Schema> {
        let nullable = |kind: Type| SchemaType::from_iter([kind, Type::Null]);
        ObjectBuilder::new()
            .property(
                "outcome",
                ObjectBuilder::new()
                    .schema_type(nullable(Type::String))
                    .description(Some(
                        "`met`, `not_met`, `not_applicable` or a level's key; null for a ratio",
                    )),
            )
            .property(
                "value",
                ObjectBuilder::new()
                    .schema_type(nullable(Type::Number))
                    .description(Some(
                        "The share measured for a ratio criterion, in [0, 1]; null otherwise",
                    )),
            )
            .description(Some("What the inspector found, as the two fields of the record"))
            .into()
    }
}

impl ToSchema for Outcome {
    fn name() -> Cow<'static, str> {
        Cow::Borrowed("Outcome")
    }
}

/// The schema of an identifier: a string of 1 to 64 of the characters `parse` takes.
macro_rules! id_schema {
    ($name:ident, $pattern:literal, $example:literal, $what:literal) => {
        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .pattern(Some($pattern))
                    .min_length(Some(1))
                    .max_length(Some(64))
                    .description(Some($what))
                    .examples([$example])
                    .into()
            }
        }

        impl ToSchema for $name {
            fn name() -> Cow<'static, str> {
                Cow::Borrowed(stringify!($name))
            }
        }
    };
}

id_schema!(OrgId, "^[a-z0-9_-]+$", "btc", "An organisation's slug");
id_schema!(RoundId, "^[a-z0-9_-]+$", "2019", "A round's slug");
id_schema!(
    CatalogId,
    "^[a-z0-9_-]+$",
    "cpdt-2019",
    "A catalog version's slug"
);
id_schema!(
    PeerGroup,
    "^[a-z0-9_-]+$",
    "ministry",
    "A peer group: organisations ranked against each other"
);
id_schema!(CriterionCode, "^[A-Z0-9._-]+$", "VB-02", "A criterion's code");
