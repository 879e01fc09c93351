//! Records and their workflow: list, read, create or change from a known version, submit,
//! approve or return (docs/rules.md, "Record workflow"). Every change is one store write with
//! its audit entry, and forgets the computed reports.

use scorecard_api::{RecordBody, RecordView, etag};
use scorecard_dataset::record_input::{self, Context, StatePolicy};
use scorecard_domain::record::Action;
use std::sync::Arc;

use scorecard_domain::{
    AuditEntry, Catalog, CriterionCode, OrgId, Organization, RecordState, Round, RoundState,
};
use scorecard_store::{AuditFilter, Prepare, RecordFilter, RecordKey, Refusal, StoreError, StoredRecord};

use crate::access::{RecordScope, may_review, may_write_assigned, record_scope};
use crate::error::as_sentence;
use crate::{Service, ServiceError, Who, lookup};

/// A stored record as the API shows it.
pub fn view_of(stored: StoredRecord) -> RecordView {
    RecordView {
        etag: etag(stored.version),
        version: stored.version,
        record: stored.record,
        updated_at: stored.updated_at,
        review_comment: stored.review_comment,
    }
}

/// Which version a change is made from, as `If-Match` says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// `*`: the record must not exist yet.
    Absent,
    /// The stored version must be this one.
    Version(i64),
}

impl Expected {
    /// Reads an `If-Match` value: `*`, or an ETag this server gave (`"v3"`, weak or not). An
    /// ETag it never gave cannot match any version.
    pub fn parse(text: &str) -> Expected {
        let text = text.trim();
        if text == "*" {
            return Expected::Absent;
        }
        let version = text
            .trim_start_matches("W/")
            .trim_matches('"')
            .strip_prefix('v')
            .and_then(|v| v.parse().ok());
        Expected::Version(version.unwrap_or(-1))
    }
}

/// The filters of the records list, as given (checked here).
#[derive(Debug, Clone, Default)]
pub struct RecordQuery {
    pub organization: Option<String>,
    pub criterion: Option<String>,
    pub state: Option<String>,
}

/// The round, catalog and key a record path names; every part exists.
pub(crate) struct Target {
    pub(crate) round: Round,
    catalog: Catalog,
    organizations: Arc<Vec<Organization>>,
    pub(crate) key: RecordKey,
    /// The reference version ([`scorecard_store::Versions::reference`]) the round and
    /// organisations were looked up at.
    pub(crate) reference: i64,
}

impl Target {
    fn missing(&self) -> ServiceError {
        ServiceError::not_found(
            format!(
                "kết quả của `{}` cho tiêu chí `{}`",
                self.key.organization, self.key.criterion
            ),
            format!(
                "The record of `{}` for `{}`",
                self.key.organization, self.key.criterion
            ),
        )
    }
}

fn require_open(round: &Round) -> Result<(), ServiceError> {
    if round.state == RoundState::Open {
        return Ok(());
    }
    let state_vi = match round.state {
        RoundState::Planned => "chưa mở",
        RoundState::Open => "đang mở",
        RoundState::Closed => "đã đóng",
        RoundState::Published => "đã công bố",
    };
    Err(ServiceError::conflict(
        format!(
            "Đợt kiểm tra `{}` {state_vi}: các kết quả chỉ được xem, không được sửa.",
            round.id
        ),
        format!(
            "Round `{}` is {}: its records are read-only.",
            round.id,
            round.state.as_str()
        ),
    ))
}

fn state_vi(state: RecordState) -> &'static str {
    match state {
        RecordState::Draft => "bản nháp",
        RecordState::Submitted => "đã gửi duyệt",
        RecordState::Approved => "đã duyệt",
        RecordState::Returned => "bị trả lại",
    }
}

impl Service {
    /// What a request about one record names, looked up as of the current reference version
    /// (kept while it stays, which saves do not change: a burst of saves reads them once).
    pub(crate) async fn target(
        &self,
        round: &str,
        org: &str,
        criterion: &str,
    ) -> Result<Target, ServiceError> {
        let store = self.store();
        let reference = self.version.current(store).await?.reference;
        let round = self
            .lookups
            .round(store, reference, &lookup::round_id(round)?)
            .await?
            .ok_or_else(|| lookup::missing_round(round))?;
        let catalog = lookup::catalog_of(store, &round).await?;
        let organizations = self.lookups.organizations(store, reference).await?;
        let organization = lookup::organization(&organizations, org)?.id.clone();
        let criterion = lookup::criterion(&catalog, criterion)?;
        let key = RecordKey {
            round: round.id.clone(),
            organization,
            criterion,
        };
        Ok(Target {
            round,
            catalog,
            organizations,
            key,
            reference,
        })
    }

    /// The records of a round that `who` may see, narrowed by the query.
    pub async fn records(
        &self,
        who: &Who,
        round: &str,
        query: &RecordQuery,
    ) -> Result<Vec<RecordView>, ServiceError> {
        let round = lookup::round(self.store(), round).await?;
        let scope = record_scope(self.store(), who, &round).await?;
        let bad = |field: &str, value: &str| {
            ServiceError::bad_request(
                field,
                format!("Giá trị `{value}` của bộ lọc `{field}` không hợp lệ."),
                format!("The `{field}` filter value `{value}` is not valid."),
            )
        };
        let filter = RecordFilter {
            organization: query
                .organization
                .as_deref()
                .map(|o| OrgId::parse(o).map_err(|_| bad("org", o)))
                .transpose()?,
            criterion: query
                .criterion
                .as_deref()
                .map(|c| CriterionCode::parse(c).map_err(|_| bad("criterion", c)))
                .transpose()?,
            state: query
                .state
                .as_deref()
                .map(|s| RecordState::parse(s).ok_or_else(|| bad("state", s)))
                .transpose()?,
        };
        // An inspector who names another inspector's organisation is told so, rather than shown
        // an empty list that reads as "nothing recorded yet".
        if let (RecordScope::Organizations(own), Some(org)) = (&scope, &filter.organization)
            && !own.contains(org)
        {
            return Err(ServiceError::Forbidden);
        }
        let records = self.store().records(&round.id, &filter).await?;
        Ok(records
            .into_iter()
            .filter(|s| scope.shows(&s.record.organization, s.record.state))
            .map(view_of)
            .collect())
    }

    /// One record, if `who` may see it; a hidden record reads as absent.
    pub async fn record(
        &self,
        who: &Who,
        round: &str,
        org: &str,
        criterion: &str,
    ) -> Result<RecordView, ServiceError> {
        let target = self.target(round, org, criterion).await?;
        let scope = record_scope(self.store(), who, &target.round).await?;
        let stored = self
            .store()
            .record(&target.key)
            .await?
            .ok_or_else(|| target.missing())?;
        if !scope.shows(&stored.record.organization, stored.record.state) {
            return Err(target.missing());
        }
        Ok(view_of(stored))
    }

    /// Creates (`Expected::Absent`) or changes a record from the version the person saw, by
    /// the assigned inspector in an open round; the body is checked as every record input is.
    /// Answers the stored record and whether it was created.
    pub async fn save_record(
        &self,
        who: &Who,
        (round, org, criterion): (&str, &str, &str),
        expected: Option<Expected>,
        mut body: RecordBody,
    ) -> Result<(RecordView, bool), ServiceError> {
        let target = self.target(round, org, criterion).await?;
        let store = self.store();
        let assignments = self
            .lookups
            .assignments(store, target.reference, &target.round.id)
            .await?;
        may_write_assigned(&assignments, who, &target.key.organization)?;
        let expected = expected.ok_or(ServiceError::PreconditionRequired)?;
        require_open(&target.round)?;
        self.may_inspect_now(&target.round, target.reference).await?;
        let user = who.user()?;
        if body.inspector.trim().is_empty() {
            body.inspector = user.name().to_owned();
        }
        let expected = match expected {
            Expected::Absent => None,
            Expected::Version(version) => Some(version),
        };
        // Checked against the stored record inside the write, once its version is checked
        // there: whether it may still change, and the body as every record input is.
        let (round_id, catalog, organizations) = (
            target.round.id.clone(),
            target.catalog.clone(),
            target.organizations.clone(),
        );
        let (org, criterion) = (
            target.key.organization.to_string(),
            target.key.criterion.to_string(),
        );
        let prepare: Prepare = Box::new(move |current: Option<&StoredRecord>| {
            let state = current.map_or(RecordState::Draft, |s| s.record.state);
            if !state.is_editable() {
                return Err(Box::new(ServiceError::conflict(
                    format!(
                        "Kết quả đang ở trạng thái {}: không sửa được; người duyệt cần trả lại trước.",
                        state_vi(state)
                    ),
                    format!(
                        "The record is {}: it cannot be changed unless a reviewer returns it.",
                        state.as_str()
                    ),
                )) as Refusal);
            }
            let context = Context {
                round: &round_id,
                catalog: &catalog,
                organizations: &organizations,
                state: StatePolicy::All(state),
            };
            record_input::check_body(&body, &org, &criterion, &context).map_err(|problems| {
                Box::new(ServiceError::Invalid {
                    problems: scorecard_dataset::RejectedRow { line: 0, problems }.messages(),
                }) as Refusal
            })
        });
        let stored = match store
            .put_prepared(&target.key, expected, prepare, &who.actor()?)
            .await
        {
            Ok(stored) => stored,
            Err(StoreError::Refused(refusal)) => {
                return Err(match refusal.downcast::<ServiceError>() {
                    Ok(refused) => *refused,
                    Err(other) => StoreError::Refused(other).into(),
                });
            }
            Err(other) => return Err(other.into()),
        };
        // A record is created at version 1; every change moves its version on.
        let created = stored.version == 1;
        Ok((view_of(stored), created))
    }

    /// Moves a record through the workflow: the assigned inspector submits; a reviewer of the
    /// round approves, or returns it with a comment. `expected`, when given, must be the
    /// stored version.
    pub async fn transition(
        &self,
        who: &Who,
        (round, org, criterion): (&str, &str, &str),
        expected: Option<Expected>,
        action: Action,
        comment: &str,
    ) -> Result<RecordView, ServiceError> {
        let comment = comment.trim();
        if action == Action::Return && comment.is_empty() {
            return Err(ServiceError::bad_request(
                "comment",
                "Khi trả lại, hãy ghi rõ lý do để cán bộ kiểm tra sửa.",
                "When returning a record, write the reason so the inspector can fix it.",
            ));
        }
        let target = self.target(round, org, criterion).await?;
        let store = self.store();
        match action {
            Action::Submit => {
                let assignments = self
                    .lookups
                    .assignments(store, target.reference, &target.round.id)
                    .await?;
                may_write_assigned(&assignments, who, &target.key.organization)?;
                self.may_inspect_now(&target.round, target.reference).await?;
            }
            Action::Approve | Action::Return => may_review(store, who, &target.round).await?,
        }
        require_open(&target.round)?;
        let current = store
            .record(&target.key)
            .await?
            .ok_or(ServiceError::PreconditionFailed { current: None })?;
        if let Some(expected) = expected
            && expected != Expected::Version(current.version)
        {
            return Err(ServiceError::PreconditionFailed {
                current: Some(current.version),
            });
        }
        let next = current.record.state.after(action).map_err(|refused| {
            ServiceError::conflict(
                format!(
                    "Kết quả đang ở trạng thái {}: không thể thực hiện thao tác này.",
                    state_vi(current.record.state)
                ),
                as_sentence(&refused.to_string()),
            )
        })?;
        let stored = store
            .set_state(&target.key, current.version, next, comment, &who.actor()?)
            .await?;
        Ok(view_of(stored))
    }

    /// Every change of one record, from the audit trail: for those who may see its drafts (the
    /// assigned inspector, the round's staff), not for readers of approved records only.
    pub async fn record_history(
        &self,
        who: &Who,
        (round, org, criterion): (&str, &str, &str),
    ) -> Result<Vec<AuditEntry>, ServiceError> {
        let round = lookup::round(self.store(), round).await?;
        let scope = record_scope(self.store(), who, &round).await?;
        let organizations = self.store().organizations().await?;
        let organization = &lookup::organization(&organizations, org)?.id;
        if scope == RecordScope::Approved || !scope.shows(organization, RecordState::Draft) {
            return Err(ServiceError::Forbidden);
        }
        let target = format!("record:{}/{}/{}", round.id, organization, criterion);
        let filter = AuditFilter {
            target: Some(target.clone()),
            ..AuditFilter::default()
        };
        let entries = self.store().audit(&filter).await?;
        Ok(entries.into_iter().filter(|e| e.target == target).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn if_match_reads_our_etags_and_a_star() {
        let cases = [
            ("*", Expected::Absent),
            (" * ", Expected::Absent),
            ("\"v3\"", Expected::Version(3)),
            ("W/\"v12\"", Expected::Version(12)),
            ("v7", Expected::Version(7)),
            ("\"abc\"", Expected::Version(-1)),
            ("", Expected::Version(-1)),
        ];
        for (text, expected) in cases {
            assert_eq!(Expected::parse(text), expected, "{text:?}");
        }
    }
}
