//! OpenAPI schemas of the types whose JSON is not what their Rust shape would say: a scope is a
//! string, and an outcome is the two fields `outcome` and `value` of its record.

use std::borrow::Cow;

use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, SchemaType, Type};
use utoipa::{PartialSchema, ToSchema};

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
