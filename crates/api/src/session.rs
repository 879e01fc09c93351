//! Signing in and who is signed in.

use scorecard_domain::{OrgId, RoundId, User};
use serde::{Deserialize, Serialize};

/// The body of `POST /session`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(example = json!({"username": "canbo.an", "password": "một mật khẩu đủ dài"})))]
pub struct SignIn {
    pub username: String,
    pub password: String,
}

/// `GET /session`: who is signed in, `null` for nobody (not an error, so pages need not
/// draw a 401).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub user: Option<User>,
}

/// `GET /me`: the signed-in user with the organisations and rounds they work on.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    #[serde(flatten)]
    pub user: User,
    /// Per round, the organisations assigned to this inspector.
    #[serde(default)]
    pub assignments: Vec<RoundAssignments>,
    /// The rounds this reviewer reviews.
    #[serde(default)]
    pub reviews: Vec<RoundId>,
}

/// The organisations assigned to an inspector in one round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoundAssignments {
    pub round: RoundId,
    pub organizations: Vec<OrgId>,
}
