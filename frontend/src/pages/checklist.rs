//! The inspector's checklist of one organisation in one round: the criteria grouped as in the
//! catalog with their legal basis, the control that fits each kind, the evidence, drafts saved
//! automatically (with `If-Match`), submission, the reviewer's comment on a returned record,
//! and both versions side by side when someone else saved first.

use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_params_map;
use scorecard_api::RecordView;
use scorecard_api::evidence::FileView;
use scorecard_domain::{
    Catalog, Criterion, CriterionKind, Outcome, Record, RecordState, Role, Round, RoundState,
};

use crate::addresses;
use crate::api::{self, CallError, SaveError};
use crate::components::evidence::EvidenceText;
use crate::components::explanations::ExplanationToDecide;
use crate::components::files::{FilePlace, RecordFiles};
use crate::components::guard::for_roles;
use crate::components::self_assessment::{PhaseLine, SelfAssessedBeside};
use crate::components::status::{ErrorNotice, Loading};
use crate::context::{tr, use_lang, use_rounds};
use crate::format;
use crate::i18n::{Labels, Lang};
use crate::pages::keep_title;
use crate::view_model::checklist::{Draft, ready_to_submit, saved_at};
use crate::view_model::matrix::outcome_text;
use crate::view_model::saving::{Effect, Item, SaveStatus};

/// How long typing may pause before the draft is saved.
const SAVE_DELAY: Duration = Duration::from_millis(700);

/// `/rounds/{round}/checklist/{org}`.
#[component]
pub fn ChecklistPage() -> impl IntoView {
    keep_title(|t| t.checklist_heading, String::new);
    view! {
        <div class="checklist-page">
            {for_roles(&[Role::Inspector], |_| view! { <ChecklistLoader /> })}
        </div>
    }
}

/// What the checklist needs: the round, its catalog, the organisation's name and records.
#[derive(Clone)]
struct Loaded {
    round: Round,
    catalog: Catalog,
    org_vi: String,
    org_en: String,
    records: Vec<RecordView>,
    phases: scorecard_api::RoundPhases,
    /// The unit's self-assessment, when the round has one (issue 13).
    assessment: Option<scorecard_api::SelfAssessmentView>,
    /// The unit's explanations, when the round has an explanations' window.
    explanations: Option<scorecard_api::ExplanationsView>,
    /// The organisation's findings of earlier rounds still open (issue 13).
    findings: Vec<scorecard_api::FindingView>,
}

#[component]
fn ChecklistLoader() -> impl IntoView {
    let params = use_params_map();
    let rounds = use_rounds();
    let round_id = move || params.with(|p| p.get("round").unwrap_or_default());
    let org_id = move || params.with(|p| p.get("org").unwrap_or_default());
    let data = LocalResource::new(move || {
        let (round_id, org_id) = (round_id(), org_id());
        async move {
            // The records first: for another inspector's organisation the server refuses,
            // and that refusal is what the page shows.
            let records = api::organization_records(round_id.clone(), org_id.clone()).await?;
            let rounds = rounds.await?;
            let round = rounds
                .into_iter()
                .find(|r| r.id.as_str() == round_id)
                .ok_or_else(|| unknown(&round_id))?;
            let catalog = api::catalog(round.catalog.clone()).await?;
            let organization = api::organizations()
                .await?
                .into_iter()
                .find(|o| o.id.as_str() == org_id)
                .ok_or_else(|| unknown(&org_id))?;
            let phases = api::phases(round_id.clone()).await?;
            let assessment = if phases
                .windows
                .iter()
                .any(|w| w.phase == scorecard_domain::Phase::SelfAssessment)
            {
                Some(api::self_assessment(round_id.clone(), org_id.clone()).await?)
            } else {
                None
            };
            let explanations = if phases
                .windows
                .iter()
                .any(|w| w.phase == scorecard_domain::Phase::Explanations)
            {
                Some(api::explanations(round_id.clone(), org_id.clone()).await?)
            } else {
                None
            };
            let findings = api::findings(format!("org={org_id}&state=open"))
                .await?
                .into_iter()
                .filter(|f| f.round.as_str() != round_id)
                .collect();
            Ok::<_, CallError>(Loaded {
                phases,
                assessment,
                explanations,
                findings,
                round,
                catalog,
                org_vi: organization.name_vi,
                org_en: organization.name_en,
                records,
            })
        }
    });
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! {
                        <div class="card">
                            <h1 class="page-title">{tr(|t| t.checklist_heading)}</h1>
                            <ErrorNotice error on_retry=retry />
                        </div>
                    }
                    .into_any(),
                    Ok(loaded) => view! { <Checklist loaded reload=retry /> }.into_any(),
                }
            })}
        </Transition>
    }
}

fn unknown(id: &str) -> CallError {
    CallError {
        detail: format!("Không tìm thấy `{id}`. Vui lòng mở lại từ trang Việc của tôi."),
        detail_en: format!("`{id}` was not found. Please open it again from My work."),
        status: Some(404),
    }
}

/// A label of `Texts`.
type Label = fn(&crate::i18n::Texts) -> &'static str;

/// A group of the catalog: its names and its criteria with their forms.
type Group = (String, String, Vec<(Criterion, Row)>);

/// One criterion's form: its save state machine (`view_model::saving`), what the view reads
/// of it, and the timer that saves once typing pauses.
#[derive(Clone, Copy)]
struct Row {
    item: RwSignal<Item>,
    draft: Memo<Draft>,
    record: Memo<Option<RecordView>>,
    status: Memo<SaveStatus>,
    theirs: Memo<Option<RecordView>>,
    timer: StoredValue<Option<TimeoutHandle>>,
}

/// Where a row saves to.
#[derive(Clone)]
struct Target {
    round: String,
    org: String,
    code: String,
    open: bool,
}

impl Row {
    fn new(record: Option<RecordView>, is_ratio: bool) -> Row {
        let item = RwSignal::new(Item::new(record, is_ratio));
        Row {
            item,
            draft: Memo::new(move |_| item.with(|i| i.draft.clone())),
            record: Memo::new(move |_| item.with(|i| i.record.clone())),
            status: Memo::new(move |_| item.with(|i| i.status.clone())),
            theirs: Memo::new(move |_| item.with(|i| i.theirs.clone())),
            timer: StoredValue::new(None),
        }
    }

    fn editable(&self, target: &Target) -> bool {
        self.item.with(|i| i.editable(target.open))
    }

    fn may_submit(&self, target: &Target) -> bool {
        self.item.with(|i| i.may_submit(target.open))
    }

    /// Changes the draft and saves it once typing pauses.
    fn change(self, target: Target, edit: impl FnOnce(&mut Draft)) {
        self.item.update(|i| i.edit(edit));
        if let Some(handle) = self.timer.get_value() {
            handle.clear();
        }
        let handle = set_timeout_with_handle(move || self.save(target), SAVE_DELAY).ok();
        self.timer.set_value(handle);
    }

    fn save(self, target: Target) {
        let effect = self.item.try_update(Item::save).flatten();
        self.perform(target, effect);
    }

    fn keep_mine(self, target: Target) {
        let effect = self.item.try_update(Item::keep_mine).flatten();
        self.perform(target, effect);
    }

    fn take_theirs(self) {
        self.item.update(Item::take_theirs);
    }

    fn submit(self, target: Target) {
        let effect = self.item.try_update(Item::submit).flatten();
        self.perform(target, effect);
    }

    /// Makes the call the state machine asks for, feeds it the answer, and goes on with the
    /// call that answer leads to, if any.
    fn perform(self, target: Target, effect: Option<Effect>) {
        let Some(effect) = effect else {
            return;
        };
        spawn_local(async move {
            let (round, org, code) = (&target.round, &target.org, &target.code);
            let next = match effect {
                Effect::Save { etag, body } => {
                    match api::save_record(round, org, code, etag.as_deref(), &body).await {
                        Ok(record) => self.item.try_update(|i| i.saved(record, clock())).flatten(),
                        Err(SaveError::Stale) => self.item.try_update(Item::stale).flatten(),
                        Err(SaveError::Failed(error)) => {
                            self.item.update(|i| i.failed(error));
                            None
                        }
                    }
                }
                Effect::FetchTheirs => {
                    match api::record(round, org, code).await {
                        Ok(theirs) => self.item.update(|i| i.conflict(theirs)),
                        Err(error) => self.item.update(|i| i.failed(error)),
                    }
                    None
                }
                Effect::Submit { etag } => {
                    match api::submit(round, org, code, &etag).await {
                        Ok(record) => self.item.update(|i| i.submitted(record)),
                        Err(error) => self.item.update(|i| i.failed(error)),
                    }
                    None
                }
            };
            self.perform(target, next);
        });
    }
}

/// The local time as hours and minutes, for "saved at".
fn clock() -> (u32, u32) {
    let now = js_sys::Date::new_0();
    (now.get_hours(), now.get_minutes())
}

#[component]
fn Checklist(
    loaded: Loaded,
    /// Reads the page again (after a decision on an explanation changed a record).
    reload: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let Loaded {
        round,
        catalog,
        org_vi,
        org_en,
        records,
        phases,
        assessment,
        explanations,
        findings,
    } = loaded;
    let submitted_note = assessment.as_ref().map(|a| {
        let when = a
            .submitted_at
            .as_deref()
            .map(|at| crate::view_model::files::vietnam_time(lang.get_untracked(), at));
        match when {
            Some(when) => lang.get_untracked().pick(
                &format!("Đơn vị đã nộp bản tự đánh giá lúc {when} (giờ Việt Nam); kết quả tự đánh giá hiện bên mỗi tiêu chí."),
                &format!("The unit submitted its self-assessment at {when} (Vietnam time); it shows beside each criterion."),
            ).to_owned(),
            None => lang.get_untracked().pick(
                "Đơn vị chưa nộp bản tự đánh giá; những gì đơn vị đã điền hiện bên mỗi tiêu chí.",
                "The unit has not submitted its self-assessment; what it has filled in shows beside each criterion.",
            ).to_owned(),
        }
    });
    let self_answers = assessment.map(|a| a.answers);

    let open = round.state == RoundState::Open;
    let round_id = round.id.to_string();
    let org = records
        .first()
        .map(|r| r.record.organization.to_string())
        .unwrap_or_default();
    let params = use_params_map();
    let org = if org.is_empty() {
        params.with_untracked(|p| p.get("org").unwrap_or_default())
    } else {
        org
    };
    let rows: Vec<(Criterion, Row)> = catalog
        .criteria
        .iter()
        .map(|c| {
            let record = records.iter().find(|r| r.record.criterion == c.code).cloned();
            let is_ratio = matches!(c.kind, CriterionKind::Ratio { .. });
            (c.clone(), Row::new(record, is_ratio))
        })
        .collect();
    let states: Vec<Row> = rows.iter().map(|(_, row)| *row).collect();
    let count = states.len();
    let states = StoredValue::new(states);
    let ready = move || {
        let snapshot: Vec<(Option<RecordView>, bool)> = states.with_value(|rows| {
            rows.iter()
                .map(|r| r.item.with(|i| (i.record.clone(), i.dirty)))
                .collect()
        });
        ready_to_submit(count, snapshot.iter().map(|(r, d)| (r.as_ref(), *d)))
    };
    let all_sent = RwSignal::new(None::<Result<(), CallError>>);
    let sending = RwSignal::new(false);
    let (round_for_submit, org_for_submit) = (round_id.clone(), org.clone());
    let submit_all = move |_| {
        let (round, org) = (round_for_submit.clone(), org_for_submit.clone());
        sending.set(true);
        spawn_local(async move {
            let rows = states.get_value();
            let mut outcome = Ok(());
            for row in rows {
                let Some(record) = row.item.with_untracked(|i| i.record.clone()) else {
                    continue;
                };
                if !record.record.state.is_editable() {
                    continue;
                }
                match api::submit(&round, &org, record.record.criterion.as_str(), &record.etag).await {
                    Ok(updated) => row.item.update(|i| i.submitted(updated)),
                    Err(error) => {
                        outcome = Err(error);
                        break;
                    }
                }
            }
            all_sent.set(Some(outcome));
            sending.set(false);
        });
    };

    // Criteria in catalog order, a heading wherever the group changes.
    let mut groups: Vec<Group> = Vec::new();
    for (criterion, row) in rows {
        match groups.last_mut() {
            Some((vi, _, items)) if *vi == criterion.group_vi => items.push((criterion, row)),
            _ => groups.push((
                criterion.group_vi.clone(),
                criterion.group_en.clone(),
                vec![(criterion, row)],
            )),
        }
    }
    let (round_vi, round_en) = (round.name_vi.clone(), round.name_en.clone());
    let notice_link = explanations.as_ref().map(|_| {
        view! { <crate::components::explanations::NoticeLink round=round_id.clone() org=org.clone() /> }
    });
    // Every evidence file of the organisation in the round, asked for once.
    let files = RwSignal::new(Vec::new());
    {
        let (round, org) = (round_id.clone(), org.clone());
        spawn_local(async move {
            if let Ok(list) = api::files(round, org).await {
                files.set(list);
            }
        });
    }
    let groups_view = groups
        .into_iter()
        .map(|(vi, en, items)| {
            let items = items
                .into_iter()
                .map(|(criterion, row)| {
                    let target = Target {
                        round: round_id.clone(),
                        org: org.clone(),
                        code: criterion.code.to_string(),
                        open,
                    };
                    let self_assessed = self_answers.as_ref().map(|answers| {
                        let answer = answers
                            .iter()
                            .find(|a| a.answer.criterion == criterion.code)
                            .cloned();
                        view! { <SelfAssessedBeside criterion=criterion.clone() answer /> }
                    });
                    let explained = explanations.as_ref().and_then(|view| {
                        let item = view
                            .items
                            .iter()
                            .find(|i| i.criterion == criterion.code && i.explanation.is_some())?
                            .clone();
                        Some(view! {
                            <ExplanationToDecide
                                item
                                criterion=criterion.clone()
                                round=round_id.clone()
                                org=org.clone()
                                may_decide=view.may_decide
                                on_decided=reload
                            />
                        })
                    });
                    let open_findings: Vec<_> = findings
                        .iter()
                        .filter(|f| f.criterion == criterion.code)
                        .cloned()
                        .collect();
                    let followed = (!open_findings.is_empty()).then(|| {
                        view! { <OpenFindings code=criterion.code.to_string() findings=open_findings /> }
                    });
                    let beside = (self_assessed.is_some() || explained.is_some() || followed.is_some())
                        .then(|| view! { {self_assessed} {explained} {followed} }.into_any());
                    view! { <CheckItem criterion row target files beside /> }
                })
                .collect_view();
            view! {
                <section class="check-group">
                    <h2>{move || lang.get().pick(&vi, &en).to_owned()}</h2>
                    {items}
                </section>
            }
        })
        .collect_view();

    view! {
        <div class="card">
            <h1 class="page-title" id="checklist-title">
                {tr(|t| t.checklist_heading)}
                ": "
                {move || lang.get().pick(&org_vi, &org_en).to_owned()}
            </h1>
            <p class="round-meta">{move || lang.get().pick(&round_vi, &round_en).to_owned()}</p>
            <PhaseLine phases />
            {submitted_note.map(|note| view! { <p class="status status-notice" id="self-note" role="note">{note}</p> })}
            {notice_link}
            {if open {
                view! { <p class="muted">{tr(|t| t.checklist_note)}</p> }.into_any()
            } else {
                view! {
                    <p class="status status-notice" role="note">
                        {tr(|t| t.round_not_open)}
                    </p>
                }
                    .into_any()
            }}
        </div>
        {groups_view}
        <div class="card submit-bar">
            <button
                type="button"
                class="button"
                id="submit-all"
                disabled=move || !open || !ready() || sending.get()
                on:click=submit_all
            >
                {tr(|t| t.submit_all)}
            </button>
            <p class="muted" id="submit-all-note">
                {move || match all_sent.get() {
                    Some(Ok(())) => tr(|t| t.submitted_all)().to_owned(),
                    Some(Err(error)) => error.detail_in(lang.get()).to_owned(),
                    None => tr(|t| t.submit_all_note)().to_owned(),
                }}
            </p>
        </div>
    }
}

/// One criterion: its name, legal basis, outcome control, evidence, save status and actions.
#[component]
fn CheckItem(
    criterion: Criterion,
    row: Row,
    target: Target,
    files: RwSignal<Vec<FileView>>,
    /// What the unit self-assessed for this criterion, when the round has a self-assessment.
    beside: Option<AnyView>,
) -> impl IntoView {
    let place = target;
    let lang = use_lang();
    let code = criterion.code.to_string();
    let editable = {
        let place = place.clone();
        move || row.editable(&place)
    };
    let field_id = {
        let code = code.clone();
        move |name: &str| format!("{name}-{code}")
    };
    let input = {
        let place = place.clone();
        move |set: fn(&mut Draft, String)| {
            let place = place.clone();
            move |ev: leptos::ev::Event| {
                let value = event_target_value(&ev);
                row.change(place.clone(), move |d| set(d, value));
            }
        }
    };
    let control = outcome_control(&criterion, row, place.clone(), lang);
    let legal = criterion.legal_basis.clone();
    let (name_vi, name_en) = (criterion.name_vi.clone(), criterion.name_en.clone());
    let criterion_for_conflict = criterion.clone();
    let state = move || row.record.with(|r| r.as_ref().map(|r| r.record.state));
    let place_submit = place.clone();
    let place_submit_enabled = place.clone();
    let place_keep = place.clone();
    let place_retry = place.clone();
    let history_href = addresses::record_history(&place.round, &place.org, &code);
    let file_place = FilePlace {
        round: place.round.clone(),
        org: place.org.clone(),
        criterion: code.clone(),
        pass_fail: matches!(criterion.kind, CriterionKind::PassFail),
    };
    let files_editable = {
        let place = place.clone();
        Signal::derive(move || row.editable(&place))
    };
    let apply_suggestion = {
        let place = place.clone();
        Callback::new(move |met: bool| {
            let outcome = if met { "met" } else { "not_met" };
            row.change(place.clone(), move |d| d.outcome = outcome.to_owned());
        })
    };
    view! {
        <article class="card check-item" id=format!("item-{code}")>
            <header class="check-head">
                <h3>
                    <span class="code">{code.clone()}</span>
                    " "
                    {move || lang.get().pick(&name_vi, &name_en).to_owned()}
                </h3>
                <p class="legal">
                    <span class="muted">{tr(|t| t.legal_basis)} ": "</span>
                    {if legal.trim().is_empty() { format::MISSING.to_owned() } else { legal.clone() }}
                </p>
                <p class="record-state" id=field_id("state")>
                    {move || state().map(|state| format::record_state(lang.get(), state))}
                </p>
            </header>
            {beside}
            {move || {
                row.record
                    .with(|r| {
                        r.as_ref()
                            .filter(|r| r.record.state == RecordState::Returned)
                            .map(|r| r.review_comment.clone())
                            .filter(|c| !c.trim().is_empty())
                    })
                    .map(|comment| {
                        view! {
                            <div class="returned-comment" role="note">
                                <strong>{tr(|t| t.returned_comment)}</strong>
                                <p>{comment}</p>
                            </div>
                        }
                    })
            }}
            <fieldset class="check-fields" disabled=move || !editable()>
                <legend class="visually-hidden">{code.clone()}</legend>
                {control}
                <div class="evidence">
                    <div class="field">
                        <label for=field_id("document")>{tr(|t| t.document)}</label>
                        <input
                            id=field_id("document")
                            prop:value=move || row.draft.with(|d| d.document.clone())
                            on:input=input(|d, v| d.document = v)
                        />
                    </div>
                    <div class="field">
                        <label for=field_id("document-date")>{tr(|t| t.document_date)}</label>
                        <input
                            id=field_id("document-date")
                            type="date"
                            prop:value=move || row.draft.with(|d| d.document_date.clone())
                            on:input=input(|d, v| d.document_date = v)
                        />
                    </div>
                    <div class="field">
                        <label for=field_id("link")>{tr(|t| t.link)}</label>
                        <input
                            id=field_id("link")
                            type="url"
                            prop:value=move || row.draft.with(|d| d.link.clone())
                            on:input=input(|d, v| d.link = v)
                        />
                    </div>
                    <div class="field">
                        <label for=field_id("assessed-on")>{tr(|t| t.assessed_on)}</label>
                        <input
                            id=field_id("assessed-on")
                            type="date"
                            prop:value=move || row.draft.with(|d| d.assessed_on.clone())
                            on:input=input(|d, v| d.assessed_on = v)
                        />
                    </div>
                    <div class="field field-wide">
                        <label for=field_id("note")>{tr(|t| t.note)}</label>
                        <textarea
                            id=field_id("note")
                            rows="2"
                            prop:value=move || row.draft.with(|d| d.note.clone())
                            on:input=input(|d, v| d.note = v)
                        ></textarea>
                    </div>
                </div>
            </fieldset>
            <RecordFiles place=file_place files editable=files_editable on_suggest=apply_suggestion />
            {move || row.theirs.get().map(|theirs| {
                let place = place_keep.clone();
                view! {
                    <Conflict
                        criterion=criterion_for_conflict.clone()
                        mine=row.draft.get_untracked()
                        theirs
                        on_keep=Callback::new(move |()| row.keep_mine(place.clone()))
                        on_take=Callback::new(move |()| row.take_theirs())
                    />
                }
            })}
            <footer class="check-foot">
                <p class="save-status" id=field_id("status") role="status" aria-live="polite">
                    {move || status_text(row.status.get(), lang.get())}
                </p>
                {move || matches!(row.status.get(), SaveStatus::Failed(_)).then(|| {
                    let place = place_retry.clone();
                    view! {
                        <button type="button" class="button button-quiet" on:click=move |_| row.save(place.clone())>
                            {tr(|t| t.save_again)}
                        </button>
                    }
                })}
                <button
                    type="button"
                    class="button"
                    id=field_id("submit")
                    disabled=move || !row.may_submit(&place_submit_enabled)
                    on:click=move |_| row.submit(place_submit.clone())
                >
                    {tr(|t| t.submit)}
                </button>
                <a class="history-link" href=history_href>
                    {tr(|t| t.history)}
                </a>
            </footer>
        </article>
    }
}

fn status_text(status: SaveStatus, lang: Lang) -> String {
    let t = lang.texts();
    match status {
        SaveStatus::Idle => String::new(),
        SaveStatus::Unsaved => t.unsaved.to_owned(),
        SaveStatus::Saving => t.saving.to_owned(),
        SaveStatus::Saved { hours, minutes } => saved_at(lang, hours, minutes),
        SaveStatus::Failed(error) => format!("{} {}", t.save_failed, error.detail_in(lang)),
        SaveStatus::Invalid(problem) => format!("{} {}", t.save_failed, problem.sentence(lang)),
        SaveStatus::Conflict => t.conflict_heading.to_owned(),
    }
}

/// The control that fits the criterion's kind.
fn outcome_control(criterion: &Criterion, row: Row, place: Target, lang: RwSignal<Lang>) -> AnyView {
    let code = criterion.code.to_string();
    let place_for_radios = place.clone();
    let set_outcome = move |value: String| {
        let place = place_for_radios.clone();
        move || {
            let value = value.clone();
            row.change(place.clone(), move |d| d.outcome = value)
        }
    };
    match &criterion.kind {
        CriterionKind::PassFail => {
            let choices: [(&str, Label); 3] = [
                ("met", |t| t.status_met),
                ("not_met", |t| t.status_not_met),
                ("not_applicable", |t| t.status_not_applicable),
            ];
            let radios = choices
                .into_iter()
                .map(|(value, label)| {
                    let id = format!("outcome-{code}-{value}");
                    let label_for = id.clone();
                    let set = set_outcome(value.to_owned());
                    view! {
                        <label class="choice" for=label_for>
                            <input
                                type="radio"
                                id=id
                                name=format!("outcome-{code}")
                                value=value
                                prop:checked=move || row.draft.with(|d| d.outcome == value)
                                on:change=move |_| set()
                            />
                            {tr(label)}
                        </label>
                    }
                })
                .collect_view();
            view! {
                <div class="choices" role="radiogroup" aria-label=tr(|t| t.outcome)>
                    {radios}
                </div>
            }
            .into_any()
        }
        CriterionKind::Levels { levels } => {
            let id = format!("level-{code}");
            let options = levels
                .iter()
                .map(|level| {
                    let (key, vi, en) = (level.key.clone(), level.label_vi.clone(), level.label_en.clone());
                    let selected_key = key.clone();
                    view! {
                        <option
                            value=key
                            selected=move || row.draft.with(|d| d.outcome == selected_key)
                        >
                            {move || lang.get().pick(&vi, &en).to_owned()}
                        </option>
                    }
                })
                .collect_view();
            view! {
                <div class="field">
                    <label for=id.clone()>{tr(|t| t.level)}</label>
                    <select
                        id=id
                        prop:value=move || row.draft.with(|d| d.outcome.clone())
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            row.change(place.clone(), move |d| d.outcome = value);
                        }
                    >
                        <option value="">{tr(|t| t.choose_level)}</option>
                        {options}
                        <option
                            value="not_applicable"
                            selected=move || row.draft.with(|d| d.outcome == "not_applicable")
                        >
                            {tr(|t| t.status_not_applicable)}
                        </option>
                    </select>
                </div>
            }
            .into_any()
        }
        CriterionKind::Ratio { target } => {
            let id = format!("percent-{code}");
            let na_id = format!("na-{code}");
            let na_for = na_id.clone();
            let target = *target;
            let place_na = place.clone();
            view! {
                <div class="ratio">
                    <div class="field">
                        <label for=id.clone()>{tr(|t| t.ratio_percent)}</label>
                        <input
                            id=id.clone()
                            inputmode="decimal"
                            aria-describedby=format!("{id}-hint")
                            prop:value=move || row.draft.with(|d| d.percent.clone())
                            disabled=move || row.draft.with(|d| d.outcome == "not_applicable")
                            on:input=move |ev| {
                                let value = event_target_value(&ev);
                                row.change(place.clone(), move |d| d.percent = value);
                            }
                        />
                        <p class="hint" id=format!("{id}-hint")>
                            {tr(|t| t.ratio_hint)}
                            " "
                            {tr(|t| t.target)}
                            ": "
                            {move || format::percent(lang.get(), target, 0)}
                        </p>
                    </div>
                    <label class="choice" for=na_for>
                        <input
                            type="checkbox"
                            id=na_id
                            prop:checked=move || row.draft.with(|d| d.outcome == "not_applicable")
                            on:change=move |ev| {
                                let checked = event_target_checked(&ev);
                                row.change(place_na.clone(), move |d| {
                                    d.outcome = if checked { "not_applicable".to_owned() } else { String::new() };
                                });
                            }
                        />
                        {tr(|t| t.status_not_applicable)}
                    </label>
                </div>
            }
            .into_any()
        }
    }
}

/// Both versions side by side, and the choice between them.
#[component]
fn Conflict(
    criterion: Criterion,
    mine: Draft,
    theirs: RecordView,
    on_keep: Callback<()>,
    on_take: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let is_ratio = matches!(criterion.kind, CriterionKind::Ratio { .. });
    let code = criterion.code.to_string();
    // My version read as the server would store it, so both columns say the same things.
    let mine_record = mine.body(is_ratio).ok().map(|body| {
        let mut record = theirs.record.clone();
        let value = body.value.as_ref().and_then(serde_json::Value::as_f64);
        // An outcome not chosen yet reads as a dash, as a missing record does.
        record.outcome =
            Outcome::parse(body.outcome.as_deref().unwrap_or(""), value).unwrap_or(Outcome::NotApplicable);
        let chosen = body.outcome.is_some() || value.is_some();
        record.evidence = body.evidence;
        record.note = body.note;
        (record, chosen)
    });
    let column = move |record: Option<(Record, bool)>, lang: Lang| {
        let t = lang.texts();
        let Some((record, chosen)) = record else {
            return view! { <p>{mine.percent.clone()}</p> }.into_any();
        };
        let outcome = if chosen {
            outcome_text(lang, &record, Some(&criterion))
        } else {
            format::MISSING.to_owned()
        };
        let or_dash = |text: &str| {
            if text.trim().is_empty() {
                format::MISSING.to_owned()
            } else {
                text.to_owned()
            }
        };
        view! {
            <dl class="detail-fields">
                <div><dt>{t.outcome}</dt><dd>{outcome}</dd></div>
                <div><dt>{t.evidence}</dt><dd><EvidenceText text=record.evidence.clone() /></dd></div>
                <div><dt>{t.note}</dt><dd>{or_dash(&record.note)}</dd></div>
            </dl>
        }
        .into_any()
    };
    let l = lang.get_untracked();
    let theirs_by = theirs.record.inspector.clone();
    view! {
        <section class="conflict" id=format!("conflict-{code}") role="alert">
            <h4>{tr(|t| t.conflict_heading)}</h4>
            <p>{tr(|t| t.conflict_note)}</p>
            <div class="conflict-sides">
                <div class="conflict-side conflict-mine">
                    <h5>{tr(|t| t.mine)}</h5>
                    {column(mine_record, l)}
                </div>
                <div class="conflict-side conflict-theirs">
                    <h5>{tr(|t| t.theirs)} " (" {theirs_by} ")"</h5>
                    {column(Some((theirs.record, true)), l)}
                </div>
            </div>
            <div class="conflict-actions">
                <button type="button" class="button keep-mine" on:click=move |_| on_keep.run(())>
                    {tr(|t| t.keep_mine)}
                </button>
                <button type="button" class="button button-quiet take-theirs" on:click=move |_| on_take.run(())>
                    {tr(|t| t.take_theirs)}
                </button>
            </div>
        </section>
    }
}

/// The organisation's findings of earlier rounds on this criterion that are still open: the
/// inspector looks at them again.
#[component]
fn OpenFindings(code: String, findings: Vec<scorecard_api::FindingView>) -> impl IntoView {
    let lang = use_lang();
    let items = findings
        .into_iter()
        .map(|finding| {
            let last = finding.reports.last().map(|r| r.text.clone());
            view! {
                <li>
                    {move || {
                        let due = finding
                            .due_on
                            .map(|d| format::date(lang.get(), d))
                            .unwrap_or_else(|| format::MISSING.to_owned());
                        match lang.get() {
                            Lang::Vi => format!("Đợt {}, hạn khắc phục {due}{}", finding.round, if finding.overdue { " (quá hạn)" } else { "" }),
                            Lang::En => format!("Round {}, due {due}{}", finding.round, if finding.overdue { " (overdue)" } else { "" }),
                        }
                    }}
                    {last.map(|text| view! {
                        <br />
                        <span class="muted">{move || lang.get().pick("Đơn vị báo cáo: ", "The unit reports: ")}</span>
                        {text}
                    })}
                </li>
            }
        })
        .collect_view();
    view! {
        <div class="open-findings" role="note" id=format!("findings-{code}")>
            <p><strong>{move || lang.get().pick("Kiến nghị chưa khắc phục", "Open finding")}</strong></p>
            <ul>{items}</ul>
        </div>
    }
}
