//! How one checklist item saves, without the DOM or the network: a state machine that the page
//! drives with what the person does and what the server answers, and that tells the page which
//! call to make next ([`Effect`]). The page only debounces typing and runs the calls.
//!
//! The rules it keeps: a save carries the `If-Match` of the last version this page saw (`*`
//! for a new record); one save at a time, and a change made while a save is in flight is saved
//! right after it; a 412 fetches the server's version and shows both, and nothing is saved
//! until the person chooses; keeping mine saves over the server's version with its ETag.

use scorecard_api::{RecordBody, RecordView};

use crate::errors::CallError;
use crate::view_model::checklist::{Draft, DraftProblem};

/// How the last save went, shown beside the item.
#[derive(Debug, Clone, PartialEq)]
pub enum SaveStatus {
    Idle,
    Unsaved,
    Saving,
    Saved {
        hours: u32,
        minutes: u32,
    },
    Failed(CallError),
    /// A field the page can check itself (a percentage that is not one).
    Invalid(DraftProblem),
    /// Someone else saved first; the page shows both versions.
    Conflict,
}

/// The call the page makes next.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// `PUT` the body with `If-Match: etag` (`*` when `None`).
    Save { etag: Option<String>, body: RecordBody },
    /// `GET` the record as the server has it now, after a 412.
    FetchTheirs,
    /// `POST …/submit` with `If-Match: etag`.
    Submit { etag: String },
}

/// One criterion's form and where its saving stands.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    /// The last version the server confirmed.
    pub record: Option<RecordView>,
    /// What the form holds.
    pub draft: Draft,
    /// The form holds something the server has not confirmed.
    pub dirty: bool,
    pub status: SaveStatus,
    /// The server's version while a conflict waits for the person's choice.
    pub theirs: Option<RecordView>,
    /// A call is in flight.
    pub busy: bool,
    is_ratio: bool,
    /// The draft as the save in flight sent it.
    sent: Option<Draft>,
}

impl Item {
    /// The form of a stored record, or an empty one.
    pub fn new(record: Option<RecordView>, is_ratio: bool) -> Item {
        Item {
            draft: record.as_ref().map(Draft::of_record).unwrap_or_default(),
            record,
            dirty: false,
            status: SaveStatus::Idle,
            theirs: None,
            busy: false,
            is_ratio,
            sent: None,
        }
    }

    /// The person changed a field; the page saves once typing pauses.
    pub fn edit(&mut self, change: impl FnOnce(&mut Draft)) {
        change(&mut self.draft);
        self.dirty = true;
        self.status = SaveStatus::Unsaved;
    }

    /// Saves the draft, unless a call is in flight (the answer will save again) or a conflict
    /// waits for the person.
    pub fn save(&mut self) -> Option<Effect> {
        if self.busy || self.theirs.is_some() {
            return None;
        }
        let body = match self.draft.body(self.is_ratio) {
            Ok(body) => body,
            Err(problem) => {
                self.status = SaveStatus::Invalid(problem);
                return None;
            }
        };
        self.busy = true;
        self.status = SaveStatus::Saving;
        self.sent = Some(self.draft.clone());
        Some(Effect::Save {
            etag: self.etag(),
            body,
        })
    }

    /// The server stored the save; `now` is the local time, for "saved at".
    pub fn saved(&mut self, record: RecordView, now: (u32, u32)) -> Option<Effect> {
        self.busy = false;
        self.record = Some(record);
        if self.sent.take().as_ref() == Some(&self.draft) {
            self.dirty = false;
            self.status = SaveStatus::Saved {
                hours: now.0,
                minutes: now.1,
            };
            None
        } else {
            self.save()
        }
    }

    /// The server answered 412: someone else saved since; fetch their version.
    pub fn stale(&mut self) -> Option<Effect> {
        self.busy = false;
        self.sent = None;
        Some(Effect::FetchTheirs)
    }

    /// The server's version arrived after a 412: both are shown until the person chooses.
    pub fn conflict(&mut self, theirs: RecordView) {
        self.theirs = Some(theirs);
        self.status = SaveStatus::Conflict;
    }

    /// A call failed; the person may try again.
    pub fn failed(&mut self, error: CallError) {
        self.busy = false;
        self.sent = None;
        self.status = SaveStatus::Failed(error);
    }

    /// Keeps this page's version: saves it over the server's, with the server's ETag.
    pub fn keep_mine(&mut self) -> Option<Effect> {
        let theirs = self.theirs.take()?;
        self.record = Some(theirs);
        self.save()
    }

    /// Takes the server's version into the form; this page's changes are dropped by choice.
    pub fn take_theirs(&mut self) {
        if let Some(theirs) = self.theirs.take() {
            self.draft = Draft::of_record(&theirs);
            self.record = Some(theirs);
            self.dirty = false;
            self.status = SaveStatus::Idle;
        }
    }

    /// Submits the saved record for review.
    pub fn submit(&mut self) -> Option<Effect> {
        let etag = self.etag()?;
        self.busy = true;
        Some(Effect::Submit { etag })
    }

    /// The server took the submission.
    pub fn submitted(&mut self, record: RecordView) {
        self.busy = false;
        self.record = Some(record);
        self.status = SaveStatus::Idle;
    }

    /// Whether the form may be changed: the round is open and the record is a draft or was
    /// returned (or does not exist yet).
    pub fn editable(&self, open: bool) -> bool {
        open && self.record.as_ref().is_none_or(|r| r.record.state.is_editable())
    }

    /// Whether the submit button works: editable, everything saved, nothing in flight.
    pub fn may_submit(&self, open: bool) -> bool {
        self.editable(open) && !self.dirty && !self.busy && self.record.is_some()
    }

    fn etag(&self) -> Option<String> {
        self.record.as_ref().map(|r| r.etag.clone())
    }
}

#[cfg(test)]
mod tests {
    use scorecard_domain::RecordState;

    use super::*;

    fn stored(version: i64, outcome: &str, state: RecordState) -> RecordView {
        let mut view: RecordView = serde_json::from_value(serde_json::json!({
            "round": "2026", "organization": "btc", "criterion": "TC-01", "outcome": outcome,
            "evidence": "", "state": "draft", "version": version,
            "etag": format!("\"v{version}\""),
        }))
        .expect("record");
        view.record.state = state;
        view
    }

    fn saved_body(effect: Option<Effect>) -> (Option<String>, RecordBody) {
        match effect {
            Some(Effect::Save { etag, body }) => (etag, body),
            other => panic!("expected a save, got {other:?}"),
        }
    }

    #[test]
    fn a_new_record_is_created_with_if_match_star_then_saved_with_its_etag() {
        let mut item = Item::new(None, false);
        item.edit(|d| d.outcome = "met".to_owned());
        assert_eq!(item.status, SaveStatus::Unsaved);
        let (etag, body) = saved_body(item.save());
        assert_eq!(etag, None);
        assert_eq!(body.outcome.as_deref(), Some("met"));
        assert!(item.busy);
        assert_eq!(item.saved(stored(1, "met", RecordState::Draft), (10, 42)), None);
        assert_eq!(
            item.status,
            SaveStatus::Saved {
                hours: 10,
                minutes: 42
            }
        );
        assert!(!item.dirty && !item.busy);
        item.edit(|d| d.note = "ghi chú".to_owned());
        let (etag, _) = saved_body(item.save());
        assert_eq!(etag.as_deref(), Some("\"v1\""));
    }

    #[test]
    fn a_change_during_a_save_is_saved_right_after_it_with_the_new_etag() {
        let mut item = Item::new(Some(stored(3, "met", RecordState::Draft)), false);
        item.edit(|d| d.outcome = "not_met".to_owned());
        saved_body(item.save());
        item.edit(|d| d.note = "thêm".to_owned());
        // The second save waits for the first.
        assert_eq!(item.save(), None);
        let (etag, body) = saved_body(item.saved(stored(4, "not_met", RecordState::Draft), (9, 0)));
        assert_eq!(etag.as_deref(), Some("\"v4\""));
        assert_eq!(body.note, "thêm");
        assert!(item.dirty);
        assert_eq!(item.saved(stored(5, "not_met", RecordState::Draft), (9, 1)), None);
        assert!(!item.dirty);
    }

    #[test]
    fn a_412_shows_both_versions_and_saves_nothing_until_the_person_chooses() {
        let mut item = Item::new(Some(stored(3, "met", RecordState::Draft)), false);
        item.edit(|d| d.outcome = "not_met".to_owned());
        saved_body(item.save());
        assert_eq!(item.stale(), Some(Effect::FetchTheirs));
        item.conflict(stored(7, "met", RecordState::Draft));
        assert_eq!(item.status, SaveStatus::Conflict);
        item.edit(|d| d.note = "vẫn sửa".to_owned());
        assert_eq!(item.save(), None, "no save while the conflict waits");
        // Keeping mine saves over the server's version, with its ETag.
        let (etag, body) = saved_body(item.keep_mine());
        assert_eq!(etag.as_deref(), Some("\"v7\""));
        assert_eq!(body.outcome.as_deref(), Some("not_met"));
        assert!(item.theirs.is_none());
    }

    #[test]
    fn taking_theirs_drops_my_changes_and_keeps_the_form_clean() {
        let mut item = Item::new(Some(stored(3, "met", RecordState::Draft)), false);
        item.edit(|d| d.outcome = "not_met".to_owned());
        saved_body(item.save());
        item.stale();
        item.conflict(stored(7, "not_applicable", RecordState::Draft));
        item.take_theirs();
        assert_eq!(item.draft.outcome, "not_applicable");
        assert!(!item.dirty);
        assert_eq!(item.status, SaveStatus::Idle);
        assert_eq!(item.record.as_ref().map(|r| r.version), Some(7));
    }

    #[test]
    fn a_bad_percentage_is_not_sent_and_says_why() {
        let mut item = Item::new(None, true);
        item.edit(|d| d.percent = "120".to_owned());
        assert_eq!(item.save(), None);
        assert_eq!(item.status, SaveStatus::Invalid(DraftProblem::BadPercent));
        assert!(!item.busy);
    }

    #[test]
    fn a_failed_save_can_be_tried_again() {
        let mut item = Item::new(None, false);
        item.edit(|d| d.outcome = "met".to_owned());
        saved_body(item.save());
        item.failed(CallError::unreachable());
        assert!(matches!(item.status, SaveStatus::Failed(_)));
        assert!(!item.busy);
        saved_body(item.save());
    }

    #[test]
    fn only_a_saved_editable_record_may_be_submitted() {
        let mut item = Item::new(None, false);
        assert!(!item.may_submit(true));
        assert_eq!(item.submit(), None);
        let mut item = Item::new(Some(stored(2, "met", RecordState::Draft)), false);
        assert!(item.may_submit(true));
        assert!(!item.may_submit(false), "a closed round takes nothing");
        assert_eq!(
            item.submit(),
            Some(Effect::Submit {
                etag: "\"v2\"".to_owned()
            })
        );
        assert!(!item.may_submit(true), "not twice while in flight");
        item.submitted(stored(3, "met", RecordState::Submitted));
        assert!(!item.editable(true));
        assert!(!item.may_submit(true));
        let returned = Item::new(Some(stored(4, "met", RecordState::Returned)), false);
        assert!(returned.may_submit(true));
    }
}
