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
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    /// `admin`, `reviewer`, `inspector` or `leader`.
    pub role: String,
    /// At least 12 characters.
    pub password: String,
}

/// The body of `PATCH /users/{id}`: what changes; absent fields stay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UpdateUser {
    /// `admin`, `reviewer`, `inspector` or `leader`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    pub id: String,
    /// The id of a catalog version.
    pub catalog: String,
    pub name_vi: String,
    #[serde(default)]
    pub name_en: String,
    /// `YYYY-MM-DD`.
    pub starts_on: String,
    /// `YYYY-MM-DD`, not before `starts_on`.
    pub ends_on: String,
}

/// The body of `POST /rounds/{round}/state`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetRoundState {
    /// `planned`, `open`, `closed` or `published`.
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
