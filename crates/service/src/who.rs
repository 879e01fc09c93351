//! Who acts: a signed-in user, nobody, or the command line. Every operation takes one, decides
//! what they may do with it, and names them in the audit trail.

use scorecard_domain::{Role, User};
use scorecard_store::Actor;

use crate::ServiceError;

/// The person or program behind an operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Who {
    /// The signed-in user; `None` for an anonymous reader and for the command line.
    pub user: Option<User>,
    /// The HTTP request's id, which the audit trail keeps beside each change.
    pub request_id: String,
    /// The command line acting for the operator of the machine: every operation is allowed,
    /// and the audit trail names the command.
    command: Option<&'static str>,
}

impl Who {
    /// A caller of the HTTP API, signed in or not.
    pub fn caller(user: Option<User>, request_id: impl Into<String>) -> Who {
        Who {
            user,
            request_id: request_id.into(),
            command: None,
        }
    }

    /// The command line, for `scorecard <command>`: whoever may run it owns the database.
    pub fn command(name: &'static str) -> Who {
        Who {
            user: None,
            request_id: "-".to_owned(),
            command: Some(name),
        }
    }

    /// The signed-in user, or 401.
    pub fn user(&self) -> Result<&User, ServiceError> {
        self.user.as_ref().ok_or(ServiceError::Unauthorized)
    }

    /// The signed-in user's role.
    pub fn role(&self) -> Option<Role> {
        self.user.as_ref().map(|u| u.role)
    }

    /// Whether this is the command line.
    pub fn is_command(&self) -> bool {
        self.command.is_some()
    }

    /// Whether the caller has one of these roles; the command line has every role.
    pub fn is(&self, roles: &[Role]) -> bool {
        self.is_command() || self.role().is_some_and(|r| roles.contains(&r))
    }

    /// Who the audit trail names for a change: the user, or `system:<command>`; anonymous
    /// callers change nothing.
    pub fn actor(&self) -> Result<Actor, ServiceError> {
        match (self.command, &self.user) {
            (Some(command), _) => Ok(Actor::system(command)),
            (None, Some(user)) => Ok(Actor::user(&user.username, &self.request_id)),
            (None, None) => Err(ServiceError::Unauthorized),
        }
    }

    /// Who the audit trail names for a download: as [`Who::actor`], and `anonymous` for a
    /// reader who is not signed in.
    pub fn reader(&self) -> Actor {
        self.actor()
            .unwrap_or_else(|_| Actor::user("anonymous", &self.request_id))
    }
}
