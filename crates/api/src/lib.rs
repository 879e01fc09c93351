//! The JSON shapes of the HTTP API under `/api/v1`, declared once: the server writes them and
//! the browser reads them (docs/formats.md, "HTTP API").
//!
//! Answers are typed (roles, states and ids as the domain's types). Request bodies keep the
//! fields people choose from a list (a role, a round state) as text, so that the server can
//! refuse a wrong value with a sentence naming the field rather than a parser's message.
//! The domain's own serde types (`Catalog`, `Round`, `Ranking`, `Summary`, `OrgScore`,
//! `Organization`, `User`, `Assignment`, `AuditEntry`, `AuditVerdict`) are answers too.

pub mod admin;
pub mod evidence;
pub mod imports;
pub mod participation;
pub mod problem;
pub mod records;
pub mod reports;
pub mod session;

pub use admin::{Assign, CreateRound, CreateUser, SetRoundState, UpdateUser, UserView};
pub use evidence::{FileView, PdfAnalysis, TrustRootView, TrustRoots};
pub use imports::ImportSummary;
pub use participation::{
    DecisionBody, DecisionView, Explainable, ExplanationBody, ExplanationView, ExplanationsView,
    FindingDueBody, FindingReportBody, FindingReportView, FindingReviewBody, FindingView, MarkRead,
    NoticeView, Notices, PhaseInput, RoundPhases, SelfAnswer, SelfAnswerBody, SelfAssessmentView, SelfGap,
    SetPhases,
};
pub use problem::{FieldProblem, Problem, RejectedLine};
pub use records::{RecordBody, RecordView, ReturnBody, etag};
pub use reports::{Figures, Health, History, HistoryEntry, RoundDetail};
pub use session::{Me, RoundAssignments, Session, SignIn};

#[cfg(test)]
mod tests {
    use scorecard_domain::{Outcome, RecordState, Role};

    use super::*;

    #[test]
    fn a_record_view_is_the_record_with_its_version_beside_it() {
        let json = serde_json::json!({"round": "2019", "organization": "btc", "criterion": "VB-01",
            "outcome": null, "value": 0.92, "evidence": "Số liệu Trục liên thông", "note": "",
            "inspector": "Nguyễn Văn An", "assessed_on": "2019-10-03", "state": "approved",
            "version": 3, "etag": "\"v3\"", "updated_at": "2019-10-03T08:00:00Z",
            "review_comment": ""});
        let view: RecordView = serde_json::from_value(json.clone()).expect("a record view");
        assert_eq!(view.record.outcome, Outcome::Ratio(0.92));
        assert_eq!(view.record.state, RecordState::Approved);
        assert_eq!(view.etag, etag(3));
        assert_eq!(serde_json::to_value(&view).expect("serializes"), json);
    }

    #[test]
    fn a_history_reads_as_the_server_writes_it() {
        let json = r#"{"organization": "bnnmt", "name_vi": "Bộ Nông nghiệp và Môi trường",
            "name_en": "Ministry of Agriculture and Environment", "entries": [{"round": "2019",
            "name_vi": "Bộ Tài nguyên và Môi trường", "name_en": "x", "starts_on": "2019-09-01",
            "via": "btnmt", "rank": 12, "score": 33.75, "band": "yeu", "compliant": false,
            "rank_change": null, "ranked": 12}]}"#;
        let history: History = serde_json::from_str(json).expect("valid history");
        assert_eq!(history.entries[0].via.as_str(), "btnmt");
        assert_eq!(history.entries[0].ranked, 12);
        assert_eq!(history.entries[0].score, Some(33.75));
    }

    #[test]
    fn me_carries_the_user_flat_with_typed_role_and_ids() {
        let json = r#"{"id": 7, "username": "canbo.an", "display_name": "Nguyễn Văn An",
            "role": "inspector", "assignments": [{"round": "2026", "organizations": ["btc"]}],
            "reviews": []}"#;
        let me: Me = serde_json::from_str(json).expect("valid me");
        assert_eq!(me.user.role, Role::Inspector);
        assert_eq!(me.assignments[0].organizations[0].as_str(), "btc");
        assert_eq!(me.user.name(), "Nguyễn Văn An");
    }

    #[test]
    fn a_problem_from_a_proxy_reads_with_what_it_has() {
        let problem: Problem = serde_json::from_str(r#"{"title": "Bad Gateway"}"#).expect("lenient");
        assert_eq!(problem.status, 0);
        assert_eq!(problem.title, "Bad Gateway");
        let written = serde_json::to_value(Problem {
            kind: "about:blank".to_owned(),
            status: 404,
            ..Problem::default()
        })
        .expect("serializes");
        assert!(written.get("errors").is_none() && written.get("field").is_none());
    }
}
