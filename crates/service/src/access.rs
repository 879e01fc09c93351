//! Who may see and change what, where the data decides (docs/rules.md, "Who may do what"):
//! published rounds are public; an inspector writes only the organisations assigned to them;
//! only a round's reviewers approve or return its records; preliminary figures are for staff.
//! The HTTP route table checks the roles before; these rules look at the round and its people.

use scorecard_domain::{Assignment, OrgId, RecordState, Role, Round, RoundState, User};
use scorecard_store::Store;

use crate::{ServiceError, Who};

/// Every role that works on unpublished rounds.
const STAFF: &[Role] = &[Role::Admin, Role::Reviewer, Role::Inspector, Role::Leader];

/// Whether `who` may see the figures of this round: published rounds are public; others need
/// a signed-in user.
pub fn may_read_round(who: &Who, round: &Round) -> Result<(), ServiceError> {
    if round.state == RoundState::Published || who.is(STAFF) {
        Ok(())
    } else if who.user.is_none() {
        Err(ServiceError::Unauthorized)
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Preliminary figures (submitted records) are for staff who know they are not official.
pub fn may_read_preliminary(who: &Who) -> Result<(), ServiceError> {
    if who.is_command() {
        return Ok(());
    }
    match who.role() {
        Some(role) if role.may_see_preliminary() => Ok(()),
        Some(_) => Err(ServiceError::Forbidden),
        None => Err(ServiceError::Unauthorized),
    }
}

/// Which records of a round a caller may read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RecordScope {
    /// Every record in every state.
    All,
    /// Approved records only.
    Approved,
    /// Every record of these organisations (an inspector's own).
    Organizations(Vec<OrgId>),
}

impl RecordScope {
    /// Whether a record of this organisation in this state is visible.
    pub fn shows(&self, organization: &OrgId, state: RecordState) -> bool {
        match self {
            RecordScope::All => true,
            RecordScope::Approved => state == RecordState::Approved,
            RecordScope::Organizations(orgs) => orgs.contains(organization),
        }
    }
}

/// Admins and reviewers see everything; inspectors their own organisations; leaders and, for
/// published rounds, everyone else, the approved records.
pub async fn record_scope(store: &dyn Store, who: &Who, round: &Round) -> Result<RecordScope, ServiceError> {
    if who.role() == Some(Role::Unit) {
        return unit_scope(store, who, round).await;
    }
    may_read_round(who, round)?;
    if who.is_command() {
        return Ok(RecordScope::All);
    }
    Ok(match who.role() {
        Some(Role::Admin | Role::Reviewer) => RecordScope::All,
        Some(Role::Inspector) => {
            let user = who.user()?;
            RecordScope::Organizations(inspector_organizations(store, round, user).await?)
        }
        Some(Role::Leader) | None => RecordScope::Approved,
        Some(Role::Unit) => unit_scope(store, who, round).await?,
    })
}

/// A unit contact (issue 13) reads everyone's approved records of a published round, and its
/// own organisation's records, in every state, in an unpublished round that inspects it.
async fn unit_scope(store: &dyn Store, who: &Who, round: &Round) -> Result<RecordScope, ServiceError> {
    if round.state == RoundState::Published {
        return Ok(RecordScope::Approved);
    }
    let organization = who.user()?.organization.clone().ok_or(ServiceError::Forbidden)?;
    if store.assigned(&round.id).await?.contains(&organization) {
        Ok(RecordScope::Organizations(vec![organization]))
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// The organisations assigned to this inspector in the round.
pub async fn inspector_organizations(
    store: &dyn Store,
    round: &Round,
    user: &User,
) -> Result<Vec<OrgId>, ServiceError> {
    let assignments = store.assignments(&round.id).await?;
    Ok(assignments
        .into_iter()
        .filter(|a| a.inspector.as_ref().is_some_and(|i| i.id == user.id))
        .map(|a| a.organization)
        .collect())
}

/// Only the inspector assigned to an organisation (in `assignments`, the round's) writes its
/// records.
pub fn may_write_assigned(assignments: &[Assignment], who: &Who, org: &OrgId) -> Result<(), ServiceError> {
    let user = who.user()?;
    let assigned = assignments
        .iter()
        .any(|a| a.organization == *org && a.inspector.as_ref().is_some_and(|i| i.id == user.id));
    if user.role == Role::Inspector && assigned {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}

/// Only a reviewer of the round approves or returns its records.
pub async fn may_review(store: &dyn Store, who: &Who, round: &Round) -> Result<(), ServiceError> {
    let user = who.user()?;
    let reviewers = store.reviewers(&round.id).await?;
    if user.role == Role::Reviewer && reviewers.iter().any(|r| r.id == user.id) {
        Ok(())
    } else {
        Err(ServiceError::Forbidden)
    }
}
