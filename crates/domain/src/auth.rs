//! Who uses the product: roles and users (docs/rules.md#users-and-roles).

use serde::{Deserialize, Serialize};

/// What a person may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Role {
    /// Manages users, organisations, catalogs, rounds and assignments.
    Admin,
    /// Approves or returns the submitted records of their rounds.
    Reviewer,
    /// Records outcomes for the organisations assigned to them.
    Inspector,
    /// Reads official figures and takes briefings away.
    Leader,
    /// The contact of one inspected organisation ("đầu mối của đơn vị", issue 13): sees its own
    /// organisation's records and files in the rounds that involve it, and everyone's published
    /// results.
    Unit,
}

impl Role {
    /// Every role.
    pub const ALL: [Role; 5] = [
        Role::Admin,
        Role::Reviewer,
        Role::Inspector,
        Role::Leader,
        Role::Unit,
    ];

    /// The name used in files, the API and the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Reviewer => "reviewer",
            Role::Inspector => "inspector",
            Role::Leader => "leader",
            Role::Unit => "unit",
        }
    }

    /// Parses a role name.
    pub fn parse(text: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == text)
    }

    /// Whether this role may ask for preliminary figures (submitted records counted beside the
    /// approved ones); inspectors may not, and neither may anonymous readers.
    pub fn may_see_preliminary(self) -> bool {
        matches!(self, Role::Admin | Role::Reviewer | Role::Leader)
    }

    /// The Vietnamese title of the role.
    pub fn label_vi(self) -> &'static str {
        match self {
            Role::Admin => "Quản trị viên",
            Role::Reviewer => "Trưởng đoàn kiểm tra",
            Role::Inspector => "Cán bộ kiểm tra",
            Role::Leader => "Lãnh đạo",
            Role::Unit => "Đầu mối của đơn vị",
        }
    }
}

/// A signed-in person as the API shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    pub id: i64,
    pub username: String,
    #[serde(default)]
    pub display_name: String,
    pub role: Role,
    /// The organisation a `unit` user speaks for; `None` for every other role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>))]
    pub organization: Option<crate::OrgId>,
}

impl User {
    /// The name to show: the display name, else the username.
    pub fn name(&self) -> &str {
        if self.display_name.trim().is_empty() {
            &self.username
        } else {
            &self.display_name
        }
    }
}

/// Which inspector scores an organisation in a round.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Assignment {
    pub organization: crate::OrgId,
    #[serde(default)]
    pub inspector: Option<User>,
}
