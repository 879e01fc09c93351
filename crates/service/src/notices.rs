//! In-app notices (docs/rules.md, "Notices"): what concerns the signed-in user now, derived
//! from the data and the clock whenever asked (a new assignment, a returned record, a window
//! opening, the explanations' deadline three days ahead, an explanation answered, a finding
//! due), with the user's own read marks. Nothing is sent anywhere: a mail sender would run
//! the same derivation for each user on a timer and keep its own marks by the same keys.

use chrono::{DateTime, Duration, Utc};
use scorecard_api::{MarkRead, NoticeView, Notices};
use scorecard_domain::findings::is_overdue;
use scorecard_domain::phases::{self, Phase};
use scorecard_domain::{Organization, RecordState, Role, Round, RoundState, User};
use scorecard_store::{FindingFilter, RecordFilter};

use crate::exports::today_in_viet_nam;
use crate::participation::{in_viet_nam, now};
use crate::{Service, ServiceError, Who};

/// How long before its due date a finding is announced.
const FINDING_DUE_DAYS: i64 = 30;
/// How long before the explanations close the deadline is announced.
const DEADLINE_DAYS: i64 = 3;

fn instant(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

struct Draft {
    key: String,
    kind: &'static str,
    vi: String,
    en: String,
    link: String,
    at: String,
}

fn name_of(organizations: &[Organization], id: &scorecard_domain::OrgId) -> (String, String) {
    organizations.iter().find(|o| &o.id == id).map_or_else(
        || (id.to_string(), id.to_string()),
        |o| (o.name_vi.clone(), o.name_en.clone()),
    )
}

impl Service {
    /// The signed-in user's notices, newest first.
    pub async fn notices(&self, who: &Who) -> Result<Notices, ServiceError> {
        let user = who.user()?.clone();
        let drafts = self.derive_notices(&user).await?;
        let read = self.store().notice_reads(user.id).await?;
        let mut items: Vec<NoticeView> = drafts
            .into_iter()
            .map(|d| NoticeView {
                read: read.contains(&d.key),
                key: d.key,
                kind: d.kind.to_owned(),
                message: d.en,
                message_vi: d.vi,
                link: d.link,
                at: d.at,
            })
            .collect();
        items.sort_by(|a, b| b.at.cmp(&a.at).then_with(|| a.key.cmp(&b.key)));
        Ok(Notices {
            unread: items.iter().filter(|n| !n.read).count(),
            items,
        })
    }

    /// Marks notices read: the keys given, or every current one.
    pub async fn mark_notices_read(&self, who: &Who, body: MarkRead) -> Result<Notices, ServiceError> {
        let user = who.user()?.clone();
        let keys: Vec<String> = if body.keys.is_empty() {
            self.derive_notices(&user)
                .await?
                .into_iter()
                .map(|d| d.key)
                .collect()
        } else {
            body.keys
                .into_iter()
                .filter(|k| k.len() <= 200)
                .take(1_000)
                .collect()
        };
        self.store().mark_notices_read(user.id, &keys).await?;
        self.notices(who).await
    }

    async fn derive_notices(&self, user: &User) -> Result<Vec<Draft>, ServiceError> {
        let store = self.store();
        let rounds: Vec<Round> = store
            .rounds()
            .await?
            .into_iter()
            .filter(|r| r.state == RoundState::Open)
            .collect();
        let organizations = store.organizations().await?;
        let now = now();
        let mut drafts = Vec::new();
        match user.role {
            Role::Inspector => {
                for round in &rounds {
                    let assigned = crate::access::inspector_organizations(store, round, user).await?;
                    // The round's returned records in one read, then each assigned one's.
                    let filter = RecordFilter {
                        state: Some(RecordState::Returned),
                        ..RecordFilter::default()
                    };
                    let returned_in_round = store.records(&round.id, &filter).await?;
                    for org in assigned {
                        let (vi, en) = name_of(&organizations, &org);
                        let link = format!("/rounds/{}/checklist/{org}", round.id);
                        drafts.push(Draft {
                            key: format!("assignment:{}/{org}", round.id),
                            kind: "assignment",
                            vi: format!("Bạn được phân công kiểm tra {vi} trong {}.", round.name_vi),
                            en: format!("You are assigned to inspect {en} in the {}.", round.name_en),
                            link: link.clone(),
                            at: format!("{}T00:00:00Z", round.starts_on),
                        });
                        for returned in returned_in_round.iter().filter(|r| r.record.organization == org) {
                            let criterion = &returned.record.criterion;
                            drafts.push(Draft {
                                key: format!("returned:{}/{org}/{criterion}/v{}", round.id, returned.version),
                                kind: "returned",
                                vi: format!(
                                    "Kết quả {criterion} của {vi} bị trả lại: {}",
                                    returned.review_comment
                                ),
                                en: format!(
                                    "The record of {criterion} for {en} was returned: {}",
                                    returned.review_comment
                                ),
                                link: link.clone(),
                                at: returned.updated_at.clone(),
                            });
                        }
                    }
                }
            }
            Role::Unit => {
                let Some(org) = user.organization.clone() else {
                    return Ok(drafts);
                };
                for round in &rounds {
                    if !store.assigned(&round.id).await?.contains(&org) {
                        continue;
                    }
                    let windows = store.phases(&round.id).await?;
                    let id = &round.id;
                    if let Some(w) = phases::window(&windows, Phase::SelfAssessment).filter(|w| w.holds(now))
                    {
                        drafts.push(Draft {
                            key: format!("self_assessment_open:{id}"),
                            kind: "self_assessment_open",
                            vi: format!(
                                "Giai đoạn tự đánh giá của {} đã mở, đến {}.",
                                round.name_vi,
                                in_viet_nam(w.closes_at)
                            ),
                            en: format!(
                                "The self-assessment of the {} is open until {}.",
                                round.name_en,
                                in_viet_nam(w.closes_at)
                            ),
                            link: "/work".to_owned(),
                            at: instant(w.opens_at),
                        });
                    }
                    if let Some(w) =
                        phases::window(&windows, Phase::Preliminary).filter(|w| w.opens_at <= now)
                    {
                        drafts.push(Draft {
                            key: format!("preliminary:{id}"),
                            kind: "preliminary",
                            vi: format!("Đã có thông báo kết quả kiểm tra sơ bộ của {}.", round.name_vi),
                            en: format!("The preliminary results of the {} are out.", round.name_en),
                            link: "/work".to_owned(),
                            at: instant(w.opens_at),
                        });
                    }
                    if let Some(w) = phases::window(&windows, Phase::Explanations).filter(|w| w.holds(now)) {
                        drafts.push(Draft {
                            key: format!("explanations_open:{id}"),
                            kind: "explanations_open",
                            vi: format!(
                                "Giai đoạn giải trình của {} đã mở, hạn đến {}.",
                                round.name_vi,
                                in_viet_nam(w.closes_at)
                            ),
                            en: format!(
                                "Explanations for the {} are open until {}.",
                                round.name_en,
                                in_viet_nam(w.closes_at)
                            ),
                            link: "/work".to_owned(),
                            at: instant(w.opens_at),
                        });
                        let warn_from = w.closes_at - Duration::days(DEADLINE_DAYS);
                        if now >= warn_from {
                            drafts.push(Draft {
                                key: format!("explanations_deadline:{id}"),
                                kind: "explanations_deadline",
                                vi: format!(
                                    "Còn dưới {DEADLINE_DAYS} ngày để gửi giải trình cho {}: hạn {}.",
                                    round.name_vi,
                                    in_viet_nam(w.closes_at)
                                ),
                                en: format!(
                                    "Less than {DEADLINE_DAYS} days left to explain in the {}: the deadline is {}.",
                                    round.name_en,
                                    in_viet_nam(w.closes_at)
                                ),
                                link: "/work".to_owned(),
                                at: instant(warn_from.max(w.opens_at)),
                            });
                        }
                    }
                    for explanation in store.explanations(id, Some(&org)).await? {
                        let Some(decision) = explanation.decision else {
                            continue;
                        };
                        let criterion = &explanation.key.criterion;
                        let (vi, en) = if decision.accepted {
                            (
                                format!("Giải trình tiêu chí {criterion} đã được chấp nhận."),
                                format!("Your explanation of {criterion} was accepted."),
                            )
                        } else {
                            (
                                format!(
                                    "Giải trình tiêu chí {criterion} không được chấp nhận: {}",
                                    decision.reason
                                ),
                                format!(
                                    "Your explanation of {criterion} was rejected: {}",
                                    decision.reason
                                ),
                            )
                        };
                        drafts.push(Draft {
                            key: format!("explanation_decided:{id}/{criterion}"),
                            kind: "explanation_decided",
                            vi,
                            en,
                            link: "/work".to_owned(),
                            at: decision.decided_at,
                        });
                    }
                }
                let today = today_in_viet_nam();
                let filter = FindingFilter {
                    organization: Some(org.clone()),
                    open: Some(true),
                    ..FindingFilter::default()
                };
                for finding in store.findings(&filter).await? {
                    let Some(due) = finding.due_on else { continue };
                    if (due - today).num_days() > FINDING_DUE_DAYS {
                        continue;
                    }
                    let criterion = &finding.key.criterion;
                    let overdue = is_overdue(finding.open, finding.due_on, today);
                    let date = due.format("%d/%m/%Y");
                    drafts.push(Draft {
                        key: format!("finding_due:{}", finding.id),
                        kind: "finding_due",
                        vi: if overdue {
                            format!("Kiến nghị về tiêu chí {criterion} đã quá hạn khắc phục ({date}).")
                        } else {
                            format!("Kiến nghị về tiêu chí {criterion} đến hạn khắc phục ngày {date}.")
                        },
                        en: if overdue {
                            format!("The finding on {criterion} is overdue (due {date}).")
                        } else {
                            format!("The finding on {criterion} is due on {date}.")
                        },
                        link: "/findings".to_owned(),
                        at: format!("{}T00:00:00Z", due - chrono::Days::new(FINDING_DUE_DAYS as u64)),
                    });
                }
            }
            Role::Admin | Role::Reviewer | Role::Leader => {}
        }
        Ok(drafts)
    }
}
