//! The inspected organisations' part in a round (docs/rules.md, "Round phases",
//! "Self-assessment" and "Explanations"): the schedule admins set; a unit's self-assessment,
//! which its contact fills and submits in the self-assessment's window and the team reads
//! beside the verified outcomes; and the explanations of criteria found unmet in the
//! preliminary results, which the assigned inspector accepts or rejects.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use scorecard_api::{
    DecisionBody, DecisionView, Explainable, ExplanationBody, ExplanationView, ExplanationsView, PhaseInput,
    RoundPhases, SelfAnswer, SelfAnswerBody, SelfAssessmentView, SelfGap, SetPhases,
};
use scorecard_domain::phases::{self, Phase, PhaseWindow, Work};
use scorecard_domain::score::Status;
use scorecard_domain::self_assessment::{self, SelfAssessed};
use scorecard_domain::{Catalog, OrgId, Outcome, Record, RecordState, Role, Round, RoundState, View};
use scorecard_store::{RecordFilter, RecordKey, StoreError, StoredExplanation};

use crate::access::{inspector_organizations, may_write_assigned};
use crate::reports::RoundInputs;
use crate::{Service, ServiceError, Who, lookup};

/// The longest evidence text and explanation a unit may write, in characters.
const MAX_TEXT: usize = 4_000;

/// The present moment, by the server's clock.
pub fn now() -> DateTime<Utc> {
    let since = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap_or_default();
    DateTime::from_timestamp(since.as_secs() as i64, since.subsec_nanos()).unwrap_or_default()
}

/// Viet Nam's time zone: UTC+7, all year.
fn viet_nam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap())
}

/// The day an instant falls on in Viet Nam.
pub fn day_in_viet_nam(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&viet_nam()).date_naive()
}

/// An instant as people in Viet Nam read it: `08:00 01/12/2026 (UTC+7)`.
pub fn in_viet_nam(at: DateTime<Utc>) -> String {
    format!(
        "{} (UTC+7)",
        at.with_timezone(&viet_nam()).format("%H:%M %d/%m/%Y")
    )
}

/// The rule of a unit's own work in a round, on what is already read: its own organisation,
/// the round open, the window of `work` holding the present moment.
fn unit_work_allowed(
    who: &Who,
    round: &Round,
    organization: &OrgId,
    windows: &[PhaseWindow],
    work: Work,
) -> Result<(), ServiceError> {
    let user = who.user()?;
    if user.role != Role::Unit || user.organization.as_ref() != Some(organization) {
        return Err(ServiceError::Forbidden);
    }
    if round.state != RoundState::Open {
        let (vi, en) = match work {
            Work::Explain => ("không gửi giải trình được", "no explanation can be sent"),
            _ => ("không tự đánh giá được", "it cannot be self-assessed"),
        };
        return Err(ServiceError::conflict(
            format!("Đợt kiểm tra `{}` không mở: {vi}.", round.id),
            format!("Round `{}` is not open: {en}.", round.id),
        ));
    }
    phases::allows(windows, work, now()).map_err(schedule_refused)
}

fn schedule_refused(refusal: phases::Refusal) -> ServiceError {
    let (vi, en) = refusal.messages(in_viet_nam);
    ServiceError::conflict(vi, en)
}

fn parse_window(index: usize, input: &PhaseInput) -> Result<PhaseWindow, ServiceError> {
    let field = |name: &str| format!("phases[{index}].{name}");
    let phase = Phase::parse(input.phase.trim()).ok_or_else(|| {
        ServiceError::bad_request(
            &field("phase"),
            format!(
                "Giai đoạn `{}` không có; chọn một trong: self_assessment, inspection, preliminary, explanations, final.",
                input.phase
            ),
            format!(
                "There is no phase `{}`; choose one of self_assessment, inspection, preliminary, explanations, final.",
                input.phase
            ),
        )
    })?;
    let instant = |name: &str, text: &str| {
        DateTime::parse_from_rfc3339(text.trim())
            .map(|at| at.with_timezone(&Utc))
            .map_err(|_| {
                ServiceError::bad_request(
                    &field(name),
                    format!("`{text}` không phải là thời điểm; ghi theo RFC 3339, ví dụ 2026-12-01T08:00:00+07:00."),
                    format!("`{text}` is not an instant; write RFC 3339, e.g. 2026-12-01T08:00:00+07:00."),
                )
            })
    };
    Ok(PhaseWindow {
        phase,
        opens_at: instant("opens_at", &input.opens_at)?,
        closes_at: instant("closes_at", &input.closes_at)?,
    })
}

/// The answer a body gives for a criterion of `catalog`, checked as a record's outcome is.
fn answer_of(catalog: &Catalog, criterion: &str, body: SelfAnswerBody) -> Result<SelfAssessed, ServiceError> {
    let code = lookup::criterion(catalog, criterion)?;
    let criterion = catalog.criterion(&code).ok_or(ServiceError::Forbidden)?;
    let outcome = Outcome::parse(body.outcome.as_deref().unwrap_or(""), body.value)
        .and_then(|outcome| criterion.credit(&outcome).map(|_| outcome))
        .map_err(|e| {
            ServiceError::bad_request(
                "outcome",
                e.message_vi(),
                crate::error::as_sentence(&e.to_string()),
            )
        })?;
    for (field, text) in [("evidence", &body.evidence), ("explanation", &body.explanation)] {
        if text.chars().count() > MAX_TEXT {
            return Err(ServiceError::bad_request(
                field,
                format!("Nội dung dài quá {MAX_TEXT} ký tự."),
                format!("The text is longer than {MAX_TEXT} characters."),
            ));
        }
    }
    Ok(SelfAssessed {
        criterion: code,
        outcome,
        evidence: body.evidence.trim().to_owned(),
        explanation: body.explanation.trim().to_owned(),
    })
}

fn gap_views(gaps: &[self_assessment::Gap]) -> Vec<SelfGap> {
    gaps.iter()
        .map(|gap| {
            let (self_assessment::Gap::Unanswered(code) | self_assessment::Gap::Unexplained(code)) = gap;
            SelfGap {
                criterion: code.clone(),
                message: gap.message_en(),
                message_vi: gap.message_vi(),
            }
        })
        .collect()
}

impl Service {
    /// A round's schedule, for whoever may read the round.
    pub async fn round_phases(&self, who: &Who, round: &str) -> Result<RoundPhases, ServiceError> {
        let round = lookup::round(self.store(), round).await?;
        crate::access::record_scope(self.store(), who, &round).await?;
        let windows = self.store().phases(&round.id).await?;
        let now = now();
        Ok(RoundPhases {
            round: round.id.clone(),
            state: round.state,
            current: phases::current(&windows, now),
            windows,
            now,
        })
    }

    /// Replaces a round's schedule (admins): checked whole, in order, without overlaps.
    pub async fn set_round_phases(
        &self,
        who: &Who,
        round: &str,
        body: SetPhases,
    ) -> Result<RoundPhases, ServiceError> {
        if !who.is(&[Role::Admin]) {
            return Err(ServiceError::Forbidden);
        }
        let found = lookup::round(self.store(), round).await?;
        if found.state == RoundState::Published {
            return Err(ServiceError::conflict(
                format!("Đợt kiểm tra `{}` đã công bố: không đổi lịch được.", found.id),
                format!("Round `{}` is published: its schedule cannot change.", found.id),
            ));
        }
        let windows = body
            .phases
            .iter()
            .enumerate()
            .map(|(i, input)| parse_window(i, input))
            .collect::<Result<Vec<_>, _>>()?;
        let windows = phases::check_schedule(&windows).map_err(|e| {
            ServiceError::bad_request(
                "phases",
                e.message_vi(),
                crate::error::as_sentence(&e.to_string()),
            )
        })?;
        self.store()
            .set_phases(&found.id, &windows, &who.actor()?)
            .await?;
        self.round_phases(who, round).await
    }

    /// Whether the schedule lets inspectors record in this round now.
    pub(crate) async fn may_inspect_now(&self, round: &Round, version: i64) -> Result<(), ServiceError> {
        let windows = self.lookups.phases(self.store(), version, &round.id).await?;
        phases::allows(&windows, Work::Inspect, now()).map_err(schedule_refused)
    }

    /// The round and organisation a unit's contact names, when it may do `work` there now: its
    /// own organisation, assigned in an open round, in the window of `work`.
    pub(crate) async fn may_unit_work(
        &self,
        who: &Who,
        round: &str,
        org: &str,
        work: Work,
    ) -> Result<(Round, OrgId), ServiceError> {
        let round = lookup::round(self.store(), round).await?;
        let organizations = self.store().organizations().await?;
        let organization = lookup::organization(&organizations, org)?.id.clone();
        who.user()?;
        if !self.store().assigned(&round.id).await?.contains(&organization) {
            return Err(ServiceError::Forbidden);
        }
        let windows = self.store().phases(&round.id).await?;
        unit_work_allowed(who, &round, &organization, &windows, work)?;
        Ok((round, organization))
    }

    /// Whether a unit's contact may add or remove its organisation's evidence files now: in
    /// the self-assessment's window until it submits, and in the explanations' window.
    pub(crate) async fn may_unit_change_files(
        &self,
        who: &Who,
        round: &str,
        org: &str,
    ) -> Result<(), ServiceError> {
        if self.may_unit_work(who, round, org, Work::Explain).await.is_ok() {
            return Ok(());
        }
        let (found, organization) = self.may_unit_work(who, round, org, Work::SelfAssess).await?;
        let submitted = self
            .store()
            .submissions(&found.id)
            .await?
            .iter()
            .any(|s| s.organization == organization);
        if submitted {
            return Err(ServiceError::conflict(
                "Đơn vị đã nộp bản tự đánh giá: không thêm, bớt tệp được nữa.",
                "The unit has submitted its self-assessment: its files can no longer change.",
            ));
        }
        Ok(())
    }

    /// Whether `who` may read this organisation's self-assessment: anyone once the round is
    /// published; admins, reviewers and leaders; the inspector assigned to it; its own contact.
    async fn may_read_self_assessment(
        &self,
        who: &Who,
        round: &Round,
        org: &OrgId,
    ) -> Result<(), ServiceError> {
        if round.state == RoundState::Published || who.is(&[Role::Admin, Role::Reviewer, Role::Leader]) {
            return Ok(());
        }
        let user = who.user()?;
        let allowed = match user.role {
            Role::Inspector => inspector_organizations(self.store(), round, user)
                .await?
                .contains(org),
            Role::Unit => {
                user.organization.as_ref() == Some(org)
                    && self.store().assigned(&round.id).await?.contains(org)
            }
            _ => false,
        };
        if allowed {
            Ok(())
        } else {
            Err(ServiceError::Forbidden)
        }
    }

    /// An organisation's self-assessment of a round, with what keeps it from being submitted
    /// and, for whoever may see the verified outcomes, the two side by side.
    pub async fn self_assessment(
        &self,
        who: &Who,
        round: &str,
        org: &str,
    ) -> Result<SelfAssessmentView, ServiceError> {
        let round = lookup::round(self.store(), round).await?;
        let organizations = self.store().organizations().await?;
        let organization = lookup::organization(&organizations, org)?.id.clone();
        self.may_read_self_assessment(who, &round, &organization).await?;
        let store = self.store();
        let catalog = lookup::catalog_of(store, &round).await?;
        let stored = store.self_assessed(&round.id, Some(&organization)).await?;
        let submission = store
            .submissions(&round.id)
            .await?
            .into_iter()
            .find(|s| s.organization == organization);
        let entries: Vec<SelfAssessed> = stored.iter().map(|s| s.entry.clone()).collect();
        let with_files = self.criteria_with_files(&round, &organization).await?;
        let gaps = self_assessment::gaps(&catalog, &entries, &with_files);
        let windows = store.phases(&round.id).await?;
        let now = now();
        let editable = submission.is_none()
            && unit_work_allowed(who, &round, &organization, &windows, Work::SelfAssess).is_ok();
        // The verified outcomes: official once published; preliminary before, for staff, and
        // for the unit from the preliminary results on.
        let preliminary_reached = windows
            .iter()
            .any(|w| w.phase >= Phase::Preliminary && w.opens_at <= now);
        let view = if round.state == RoundState::Published {
            Some(View::Official)
        } else if who.is(&[Role::Admin, Role::Reviewer, Role::Leader, Role::Inspector])
            || (who.role() == Some(Role::Unit) && preliminary_reached)
        {
            Some(View::Preliminary)
        } else {
            None
        };
        let comparison = match view {
            Some(view) if !entries.is_empty() => {
                let inputs = RoundInputs::load(store, &round).await?;
                let verified = inputs
                    .as_round_data(&round)
                    .scores(view)
                    .into_iter()
                    .find(|s| s.organization == organization);
                let own = self_assessment::self_score(&catalog, &round.id, &organization, &entries);
                verified.map(|verified| self_assessment::compare(&own, &verified))
            }
            _ => None,
        };
        Ok(SelfAssessmentView {
            round: round.id.clone(),
            organization,
            answers: stored
                .into_iter()
                .map(|s| SelfAnswer {
                    answer: s.entry,
                    updated_by: s.updated_by,
                    updated_at: s.updated_at,
                })
                .collect(),
            gaps: gap_views(&gaps),
            submitted_by: submission.as_ref().map(|s| s.submitted_by.clone()),
            submitted_at: submission.map(|s| s.submitted_at),
            editable,
            preliminary: view == Some(View::Preliminary) && comparison.is_some(),
            comparison,
        })
    }

    async fn criteria_with_files(
        &self,
        round: &Round,
        organization: &OrgId,
    ) -> Result<HashSet<scorecard_domain::CriterionCode>, ServiceError> {
        Ok(self
            .store()
            .files(&round.id, Some(organization))
            .await?
            .into_iter()
            .map(|f| f.key.criterion)
            .collect())
    }

    /// Saves one answer of the unit's self-assessment.
    pub async fn save_self_answer(
        &self,
        who: &Who,
        (round, org, criterion): (&str, &str, &str),
        body: SelfAnswerBody,
    ) -> Result<SelfAnswer, ServiceError> {
        let (found, organization) = self.may_unit_work(who, round, org, Work::SelfAssess).await?;
        let catalog = lookup::catalog_of(self.store(), &found).await?;
        let answer = answer_of(&catalog, criterion, body)?;
        let stored = self
            .store()
            .put_self_assessed(&found.id, &organization, &answer, &who.actor()?)
            .await
            .map_err(submitted)?;
        Ok(SelfAnswer {
            answer: stored.entry,
            updated_by: stored.updated_by,
            updated_at: stored.updated_at,
        })
    }

    /// Submits the unit's self-assessment: every criterion answered, and each claimed as met
    /// without evidence explained. After this, nothing in it changes.
    pub async fn submit_self_assessment(
        &self,
        who: &Who,
        round: &str,
        org: &str,
    ) -> Result<SelfAssessmentView, ServiceError> {
        let (found, organization) = self.may_unit_work(who, round, org, Work::SelfAssess).await?;
        let catalog = lookup::catalog_of(self.store(), &found).await?;
        let with_files = self.criteria_with_files(&found, &organization).await?;
        let check: scorecard_store::CheckAnswers = Box::new(move |answers| {
            let gaps = self_assessment::gaps(&catalog, answers, &with_files);
            if gaps.is_empty() {
                Ok(())
            } else {
                Err(Box::new(ServiceError::Invalid {
                    problems: gap_views(&gaps)
                        .into_iter()
                        .map(|gap| scorecard_api::FieldProblem {
                            field: Some(gap.criterion.to_string()),
                            message: gap.message,
                            message_vi: gap.message_vi,
                            cell: None,
                        })
                        .collect(),
                }))
            }
        });
        match self
            .store()
            .submit_self_assessment(&found.id, &organization, check, &who.actor()?)
            .await
        {
            Ok(_) => {}
            Err(StoreError::Refused(refusal)) => {
                return Err(match refusal.downcast::<ServiceError>() {
                    Ok(refused) => *refused,
                    Err(other) => StoreError::Refused(other).into(),
                });
            }
            Err(other) => return Err(submitted(other)),
        }
        self.self_assessment(who, round, org).await
    }
}

/// A store error, with a submitted self-assessment said in both languages.
fn submitted(error: StoreError) -> ServiceError {
    match error {
        StoreError::Submitted => ServiceError::conflict(
            "Đơn vị đã nộp bản tự đánh giá: không sửa được nữa.",
            "The unit has submitted its self-assessment: it can no longer change.",
        ),
        other => other.into(),
    }
}

fn explanation_view(stored: StoredExplanation) -> ExplanationView {
    ExplanationView {
        text: stored.text,
        sent_by: stored.sent_by,
        sent_at: stored.sent_at,
        decision: stored.decision.map(|d| DecisionView {
            accepted: d.accepted,
            reason: d.reason,
            decided_by: d.decided_by,
            decided_at: d.decided_at,
        }),
    }
}

/// A decided explanation, said in both languages.
fn decided(error: StoreError) -> ServiceError {
    match error {
        StoreError::Decided => ServiceError::conflict(
            "Giải trình này đã được xem xét: không sửa được nữa.",
            "This explanation has been decided on: it can no longer change.",
        ),
        other => other.into(),
    }
}

impl Service {
    /// Whether `who` may read an organisation's explanations: the team, the inspector
    /// assigned to it, and its own contact once the preliminary results are out.
    async fn may_read_explanations(&self, who: &Who, round: &Round, org: &OrgId) -> Result<(), ServiceError> {
        self.may_read_self_assessment(who, round, org).await?;
        if who.role() == Some(Role::Unit) && round.state != RoundState::Published {
            let windows = self.store().phases(&round.id).await?;
            let now = now();
            let out = windows
                .iter()
                .any(|w| w.phase >= Phase::Preliminary && w.opens_at <= now);
            if !out {
                return Err(ServiceError::conflict(
                    "Kết quả kiểm tra sơ bộ chưa được gửi tới đơn vị.",
                    "The preliminary results have not been sent to the unit yet.",
                ));
            }
        }
        Ok(())
    }

    /// The criteria of an organisation that its contact may explain: those unmet in the
    /// preliminary results (or missing), and those already explained, with the explanations.
    pub async fn explanations(
        &self,
        who: &Who,
        round: &str,
        org: &str,
    ) -> Result<ExplanationsView, ServiceError> {
        let round = lookup::round(self.store(), round).await?;
        let organizations = self.store().organizations().await?;
        let organization = lookup::organization(&organizations, org)?.id.clone();
        self.may_read_explanations(who, &round, &organization).await?;
        let items = self.explainable(&round, &organization).await?;
        let windows = self.store().phases(&round.id).await?;
        let now = now();
        let user = who.user.as_ref();
        let may_explain = unit_work_allowed(who, &round, &organization, &windows, Work::Explain).is_ok();
        let may_decide = round.state == RoundState::Open
            && user.is_some_and(|u| u.role == Role::Inspector)
            && may_write_assigned(&self.store().assignments(&round.id).await?, who, &organization).is_ok()
            && phases::allows(&windows, Work::Decide, now).is_ok();
        Ok(ExplanationsView {
            round: round.id.clone(),
            organization,
            window: phases::window(&windows, Phase::Explanations).copied(),
            may_explain,
            may_decide,
            items,
        })
    }

    async fn explainable(
        &self,
        round: &Round,
        organization: &OrgId,
    ) -> Result<Vec<Explainable>, ServiceError> {
        let store = self.store();
        let catalog = lookup::catalog_of(store, round).await?;
        let view = if round.state == RoundState::Published {
            View::Official
        } else {
            View::Preliminary
        };
        let inputs = RoundInputs::load(store, round).await?;
        let score = inputs
            .as_round_data(round)
            .scores(view)
            .into_iter()
            .find(|s| &s.organization == organization);
        let records = store
            .records(
                &round.id,
                &RecordFilter {
                    organization: Some(organization.clone()),
                    ..RecordFilter::default()
                },
            )
            .await?;
        let mut explanations = store.explanations(&round.id, Some(organization)).await?;
        Ok(catalog
            .criteria
            .iter()
            .filter_map(|criterion| {
                let status = score
                    .as_ref()
                    .map_or(Status::Missing, |s| s.status_of(&criterion.code));
                let explanation = explanations
                    .iter()
                    .position(|e| e.key.criterion == criterion.code)
                    .map(|i| explanation_view(explanations.swap_remove(i)));
                let unmet = matches!(status, Status::NotMet | Status::Missing);
                (unmet || explanation.is_some()).then(|| Explainable {
                    criterion: criterion.code.clone(),
                    status,
                    outcome: records
                        .iter()
                        .find(|r| r.record.criterion == criterion.code)
                        .map(|r| r.record.outcome.clone()),
                    legal_basis: criterion.legal_basis.clone(),
                    explanation,
                })
            })
            .collect())
    }

    /// The unit's explanation of one criterion found unmet, in the explanations' window,
    /// until an inspector decides on it.
    pub async fn send_explanation(
        &self,
        who: &Who,
        (round, org, criterion): (&str, &str, &str),
        body: ExplanationBody,
    ) -> Result<ExplanationView, ServiceError> {
        let (found, organization) = self.may_unit_work(who, round, org, Work::Explain).await?;
        let catalog = lookup::catalog_of(self.store(), &found).await?;
        let code = lookup::criterion(&catalog, criterion)?;
        let text = body.text.trim();
        if text.is_empty() || text.chars().count() > MAX_TEXT {
            return Err(ServiceError::bad_request(
                "text",
                format!("Hãy ghi nội dung giải trình (tối đa {MAX_TEXT} ký tự)."),
                format!("Write the explanation (at most {MAX_TEXT} characters)."),
            ));
        }
        let explainable = self.explainable(&found, &organization).await?;
        if !explainable.iter().any(|e| e.criterion == code) {
            return Err(ServiceError::conflict(
                format!("Tiêu chí {code} không nằm trong các tiêu chí chưa đạt: không cần giải trình."),
                format!("Criterion {code} is not among the unmet criteria: it needs no explanation."),
            ));
        }
        let key = RecordKey {
            round: found.id.clone(),
            organization,
            criterion: code,
        };
        let stored = self
            .store()
            .send_explanation(&key, text, &who.actor()?)
            .await
            .map_err(decided)?;
        Ok(explanation_view(stored))
    }

    /// The inspector's decision on an explanation: accepted, the record takes the outcome
    /// given (submitted again for review, the explanation in its note), or rejected with a
    /// reason the unit reads.
    pub async fn decide_explanation(
        &self,
        who: &Who,
        (round, org, criterion): (&str, &str, &str),
        body: DecisionBody,
    ) -> Result<ExplanationView, ServiceError> {
        let target = self.target(round, org, criterion).await?;
        let store = self.store();
        let assignments = store.assignments(&target.round.id).await?;
        may_write_assigned(&assignments, who, &target.key.organization)?;
        if target.round.state != RoundState::Open {
            return Err(ServiceError::conflict(
                format!("Đợt kiểm tra `{}` không mở.", target.round.id),
                format!("Round `{}` is not open.", target.round.id),
            ));
        }
        let windows = store.phases(&target.round.id).await?;
        phases::allows(&windows, Work::Decide, now()).map_err(schedule_refused)?;
        let reason = body.reason.trim().to_owned();
        if reason.chars().count() > MAX_TEXT {
            return Err(ServiceError::bad_request(
                "reason",
                format!("Lý do dài quá {MAX_TEXT} ký tự."),
                format!("The reason is longer than {MAX_TEXT} characters."),
            ));
        }
        let explanation = store
            .explanations(&target.round.id, Some(&target.key.organization))
            .await?
            .into_iter()
            .find(|e| e.key.criterion == target.key.criterion)
            .ok_or_else(|| {
                ServiceError::not_found(
                    format!("giải trình của tiêu chí {}", target.key.criterion),
                    format!("An explanation of criterion {}", target.key.criterion),
                )
            })?;
        let change = if body.accept {
            let catalog = lookup::catalog_of(store, &target.round).await?;
            let criterion = catalog
                .criterion(&target.key.criterion)
                .ok_or(ServiceError::Forbidden)?
                .clone();
            let outcome = Outcome::parse(body.outcome.as_deref().unwrap_or(""), body.value)
                .and_then(|outcome| criterion.credit(&outcome).map(|_| outcome))
                .map_err(|e| {
                    ServiceError::bad_request(
                        "outcome",
                        e.message_vi(),
                        crate::error::as_sentence(&e.to_string()),
                    )
                })?;
            let current = store.record(&target.key).await?;
            let expected = current.as_ref().map(|c| c.version);
            let inspector = who.user()?.name().to_owned();
            let (key, text) = (target.key.clone(), explanation.text.clone());
            let prepare: scorecard_store::Prepare = Box::new(move |stored| {
                let mut record = stored.map(|s| s.record.clone()).unwrap_or_else(|| Record {
                    round: key.round.clone(),
                    organization: key.organization.clone(),
                    criterion: key.criterion.clone(),
                    outcome: outcome.clone(),
                    evidence: String::new(),
                    note: String::new(),
                    inspector: inspector.clone(),
                    assessed_on: None,
                    state: RecordState::Submitted,
                });
                record.outcome = outcome.clone();
                record.state = RecordState::Submitted;
                let accepted = format!("Chấp nhận giải trình của đơn vị: {text}");
                record.note = if record.note.trim().is_empty() {
                    accepted
                } else {
                    format!("{}\n{accepted}", record.note.trim_end())
                };
                Ok(record)
            });
            Some((expected, prepare))
        } else {
            if reason.is_empty() {
                return Err(ServiceError::bad_request(
                    "reason",
                    "Khi không chấp nhận giải trình, hãy ghi rõ lý do để đơn vị biết.",
                    "When rejecting an explanation, write the reason so the unit knows.",
                ));
            }
            None
        };
        let (stored, _) = store
            .decide_explanation(&target.key, body.accept, &reason, change, &who.actor()?)
            .await
            .map_err(decided)?;
        Ok(explanation_view(stored))
    }
}

/// An instant as the notice writes a deadline: `17:00 ngày 10/12/2026`, `17:00 on 10/12/2026`.
fn deadline_text(at: DateTime<Utc>, lang: scorecard_briefing::Lang) -> String {
    let local = at.with_timezone(&viet_nam());
    let word = lang.pick("ngày", "on");
    format!("{} {word} {}", local.format("%H:%M"), local.format("%d/%m/%Y"))
}

impl Service {
    /// The preliminary notice to one organisation as a PDF ("Thông báo kết quả kiểm tra sơ
    /// bộ"): for the team, the inspector assigned, and the unit once the preliminary results
    /// are out. Audited as an export.
    pub async fn preliminary_notice(
        &self,
        who: &Who,
        round: &str,
        org: &str,
        lang: scorecard_briefing::Lang,
    ) -> Result<crate::exports::Download, ServiceError> {
        let found = lookup::round(self.store(), round).await?;
        let organizations = self.store().organizations().await?;
        let organization = lookup::organization(&organizations, org)?.clone();
        self.may_read_explanations(who, &found, &organization.id).await?;
        let store = self.store();
        let catalog = lookup::catalog_of(store, &found).await?;
        let view = if found.state == RoundState::Published {
            View::Official
        } else {
            View::Preliminary
        };
        let inputs = RoundInputs::load(store, &found).await?;
        let score = inputs
            .as_round_data(&found)
            .scores(view)
            .into_iter()
            .find(|s| s.organization == organization.id)
            .ok_or_else(|| {
                ServiceError::conflict(
                    format!(
                        "Đợt kiểm tra `{}` không kiểm tra đơn vị `{}`.",
                        found.id, organization.id
                    ),
                    format!("Round `{}` does not inspect `{}`.", found.id, organization.id),
                )
            })?;
        let records: Vec<Record> = store
            .records(
                &found.id,
                &RecordFilter {
                    organization: Some(organization.id.clone()),
                    ..RecordFilter::default()
                },
            )
            .await?
            .into_iter()
            .filter(|r| view.counts(r.record.state))
            .map(|r| r.record)
            .collect();
        let windows = store.phases(&found.id).await?;
        let deadline =
            phases::window(&windows, Phase::Explanations).map(|w| deadline_text(w.closes_at, lang));
        let day = crate::exports::today_in_viet_nam();
        let file_name = format!(
            "thong-bao-so-bo_{}_{}_{}_{}.pdf",
            found.id,
            organization.id,
            lang.code(),
            day.format("%Y-%m-%d")
        );
        let round_for_pdf = found.clone();
        let bytes = tokio::task::spawn_blocking(move || {
            let notice = scorecard_briefing::pdf::notice::Notice {
                round: &round_for_pdf,
                catalog: &catalog,
                organization: &organization,
                score: &score,
                records: &records,
                deadline: deadline.as_deref(),
            };
            scorecard_briefing::pdf::notice::notice(
                &notice,
                &scorecard_briefing::pdf::notice::heading(lang, day),
                lang,
            )
        })
        .await
        .map_err(|error| crate::exports::failed("notice", &found, error))?
        .map_err(|error| crate::exports::failed("notice", &found, error))?;
        self.record_export(who, &found, &file_name).await?;
        Ok(crate::exports::Download {
            bytes,
            file_name,
            content_type: "application/pdf",
        })
    }
}

impl Service {
    /// Every submitted self-assessment of a round beside the verified scores in `scores` (the
    /// figures of the document or page that shows them, so that both read the same).
    pub(crate) async fn self_assessed_lines(
        &self,
        round: &Round,
        scores: &[scorecard_domain::OrgScore],
    ) -> Result<Vec<self_assessment::SelfAssessedLine>, ServiceError> {
        let submitted = self.store().submissions(&round.id).await?;
        self.lines_beside(round, scores, &submitted).await
    }

    /// [`Service::self_assessed_lines`] given the round's submissions, read once by the caller.
    async fn lines_beside(
        &self,
        round: &Round,
        scores: &[scorecard_domain::OrgScore],
        submitted: &[scorecard_store::Submission],
    ) -> Result<Vec<self_assessment::SelfAssessedLine>, ServiceError> {
        if submitted.is_empty() {
            return Ok(Vec::new());
        }
        let store = self.store();
        let catalog = lookup::catalog_of(store, round).await?;
        let answers = store.self_assessed(&round.id, None).await?;
        // Each organisation's answers found once, not by a scan of every answer per line.
        let submitted: HashSet<&OrgId> = submitted.iter().map(|s| &s.organization).collect();
        let mut by_organization: HashMap<&OrgId, Vec<SelfAssessed>> = HashMap::new();
        for answer in &answers {
            by_organization
                .entry(&answer.organization)
                .or_default()
                .push(answer.entry.clone());
        }
        Ok(scores
            .iter()
            .filter(|score| submitted.contains(&score.organization))
            .map(|verified| {
                let own = by_organization
                    .get(&verified.organization)
                    .map_or(&[][..], Vec::as_slice);
                let claimed = self_assessment::self_score(&catalog, &round.id, &verified.organization, own);
                self_assessment::compare(&claimed, verified).line(verified.organization.clone())
            })
            .collect())
    }

    /// The submitted self-assessments of a round beside the verified scores, in the ranking's
    /// order of organisations: the ranking's column (for whoever may read the figures).
    pub async fn self_assessed_column(
        &self,
        who: &Who,
        round: &str,
        view: View,
    ) -> Result<Vec<self_assessment::SelfAssessedLine>, ServiceError> {
        let round = self.readable_round(who, round, view).await?;
        // Every reader of a ranking asks; most rounds have no self-assessment, and then the
        // round's records are not read at all.
        let submitted = self.store().submissions(&round.id).await?;
        if submitted.is_empty() {
            return Ok(Vec::new());
        }
        let inputs = RoundInputs::load(self.store(), &round).await?;
        let scores = inputs.as_round_data(&round).scores(view);
        self.lines_beside(&round, &scores, &submitted).await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Viet Nam's day turns at 17:00 UTC, all year (no summer time), and an instant reads in
    /// its local time.
    #[test]
    fn days_and_times_are_read_in_viet_nam() {
        let at = |text: &str| DateTime::parse_from_rfc3339(text).unwrap().with_timezone(&Utc);
        for (instant, day) in [
            ("2026-11-29T16:59:59Z", "2026-11-29"),
            ("2026-11-29T17:00:00Z", "2026-11-30"),
            ("2026-06-30T23:30:00Z", "2026-07-01"),
            ("2026-12-31T17:00:00Z", "2027-01-01"),
        ] {
            assert_eq!(day_in_viet_nam(at(instant)).to_string(), day, "{instant}");
        }
        assert_eq!(
            in_viet_nam(at("2026-12-01T01:00:00Z")),
            "08:00 01/12/2026 (UTC+7)"
        );
    }
}
