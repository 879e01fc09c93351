//! Administration: users, rounds, assignments.

use scorecard_domain::User;
use serde::{Deserialize, Serialize};

/// A user as the admin pages list them, with whether their access has ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserView {
    #[serde(flatten)]
    pub user: User,
    #[serde(default)]
    pub disabled: bool,
}

/// The body of `POST /users`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUser {
    #[cfg_attr(
        feature = "openapi",
        schema(pattern = "^[a-z0-9._-]{3,32}$", example = "nguyen.an")
    )]
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    /// `admin`, `reviewer`, `inspector`, `leader` or `unit`.
    #[cfg_attr(feature = "openapi", schema(value_type = scorecard_domain::Role))]
    pub role: String,
    /// At least 12 characters.
    #[cfg_attr(feature = "openapi", schema(min_length = 12))]
    pub password: String,
    /// The organisation a `unit` user speaks for (required for `unit`, refused for others).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
}

/// The body of `PATCH /users/{id}`: what changes; absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateUser {
    /// `admin`, `reviewer`, `inspector` or `leader`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<scorecard_domain::Role>))]
    pub role: Option<String>,
    /// A disabled user cannot sign in, and their sessions end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub disabled: Option<bool>,
}

/// The body of `POST /rounds`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateRound {
    #[cfg_attr(feature = "openapi", schema(value_type = scorecard_domain::RoundId))]
    pub id: String,
    /// The id of a catalog version.
    #[cfg_attr(feature = "openapi", schema(value_type = scorecard_domain::CatalogId))]
    pub catalog: String,
    #[cfg_attr(feature = "openapi", schema(min_length = 1))]
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    /// `YYYY-MM-DD`.
    #[cfg_attr(feature = "openapi", schema(value_type = chrono::NaiveDate))]
    pub starts_on: String,
    /// `YYYY-MM-DD`, not before `starts_on`.
    #[cfg_attr(feature = "openapi", schema(value_type = chrono::NaiveDate))]
    pub ends_on: String,
}

/// The body of `POST /rounds/{round}/state`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetRoundState {
    /// `planned`, `open`, `closed` or `published`.
    #[cfg_attr(feature = "openapi", schema(value_type = scorecard_domain::RoundState))]
    pub state: String,
}

/// The body of `PUT /rounds/{round}/assignments/{org}`: the inspector's user id, or `null`
/// to leave the organisation unassigned.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assign {
    pub inspector: Option<i64>,
}
