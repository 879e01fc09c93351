//! The inspected organisations' part in a round (docs/rules.md, "Round phases" and
//! "Self-assessment"): the schedule admins set, and a unit's self-assessment, which its
//! contact fills and submits in the self-assessment's window and the team reads beside the
//! verified outcomes.

use std::collections::HashSet;

use chrono::{DateTime, FixedOffset, Utc};
use scorecard_api::{
    PhaseInput, RoundPhases, SelfAnswer, SelfAnswerBody, SelfAssessmentView, SelfGap, SetPhases,
};
use scorecard_domain::phases::{self, Phase, PhaseWindow, Work};
use scorecard_domain::self_assessment::{self, SelfAssessed};
use scorecard_domain::{Catalog, OrgId, Outcome, Role, Round, RoundState, View};
use scorecard_store::StoreError;

use crate::access::inspector_organizations;
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

/// An instant as people in Viet Nam read it: `08:00 01/12/2026 (giờ Việt Nam)`.
pub fn in_viet_nam(at: DateTime<Utc>) -> String {
    let offset = FixedOffset::east_opt(7 * 3600).unwrap_or_else(|| FixedOffset::east_opt(0).unwrap());
    format!("{} (UTC+7)", at.with_timezone(&offset).format("%H:%M %d/%m/%Y"))
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

    /// The round and organisation a unit's contact names, when they may change that
    /// organisation's self-assessment now: their own, assigned in an open round, in the
    /// self-assessment's window.
    pub(crate) async fn may_self_assess(
        &self,
        who: &Who,
        round: &str,
        org: &str,
    ) -> Result<(Round, OrgId), ServiceError> {
        let round = lookup::round(self.store(), round).await?;
        let organizations = self.store().organizations().await?;
        let organization = lookup::organization(&organizations, org)?.id.clone();
        let user = who.user()?;
        if user.role != Role::Unit || user.organization.as_ref() != Some(&organization) {
            return Err(ServiceError::Forbidden);
        }
        if !self.store().assigned(&round.id).await?.contains(&organization) {
            return Err(ServiceError::Forbidden);
        }
        if round.state != RoundState::Open {
            return Err(ServiceError::conflict(
                format!("Đợt kiểm tra `{}` không mở: không tự đánh giá được.", round.id),
                format!("Round `{}` is not open: it cannot be self-assessed.", round.id),
            ));
        }
        let windows = self.store().phases(&round.id).await?;
        phases::allows(&windows, Work::SelfAssess, now()).map_err(schedule_refused)?;
        Ok((round, organization))
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
            && round.state == RoundState::Open
            && who
                .user
                .as_ref()
                .is_some_and(|u| u.role == Role::Unit && u.organization.as_ref() == Some(&organization))
            && phases::allows(&windows, Work::SelfAssess, now).is_ok();
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
        let (found, organization) = self.may_self_assess(who, round, org).await?;
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
        let (found, organization) = self.may_self_assess(who, round, org).await?;
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
