//! A unit's self-assessment (issue 13): the form its contact fills, criterion by criterion,
//! with evidence text, an explanation and files, then submits; and the read-only line the
//! inspector sees beside each criterion of the checklist. Used by staff pages only, so its
//! sentences are here rather than in `i18n.rs`, which the public bundle carries whole.

use leptos::prelude::*;
use leptos::task::spawn_local;
use scorecard_api::evidence::FileView;
use scorecard_api::{RoundPhases, SelfAnswer, SelfAssessmentView};
use scorecard_domain::{Catalog, Criterion, CriterionKind};

use crate::api::{self, CallError};
use crate::components::files::{FilePlace, RecordFiles};
use crate::context::{tr, use_lang};
use crate::i18n::Lang;
use crate::view_model::matrix::outcome_label;
use crate::view_model::self_assessment::{self as model, AnswerDraft};

/// Where a round stands in its schedule, when it has one.
#[component]
pub fn PhaseLine(phases: RoundPhases) -> impl IntoView {
    let lang = use_lang();
    move || {
        model::phase_line(lang.get(), &phases)
            .map(|line| view! { <p class="phase-line" role="note">{line}</p> })
    }
}

/// The self-assessment of one organisation in one round: editable by its contact in the
/// window, read-only otherwise, with the two figures side by side once they may be shown.
#[component]
pub fn SelfAssessmentForm(
    catalog: Catalog,
    phases: RoundPhases,
    assessment: SelfAssessmentView,
    files: RwSignal<Vec<FileView>>,
) -> impl IntoView {
    let lang = use_lang();
    let round = assessment.round.to_string();
    let org = assessment.organization.to_string();
    let assessment = RwSignal::new(assessment);
    let submitting = RwSignal::new(false);
    let submit_error = RwSignal::new(None::<CallError>);
    let reload = {
        let (round, org) = (round.clone(), org.clone());
        move || {
            let (round, org) = (round.clone(), org.clone());
            spawn_local(async move {
                if let Ok(fresh) = api::self_assessment(round, org).await {
                    assessment.set(fresh);
                }
            });
        }
    };
    let editable = Signal::derive(move || assessment.with(|a| a.editable));
    let items = catalog
        .criteria
        .iter()
        .map(|criterion| {
            let code = criterion.code.clone();
            let answer = Memo::new(move |_| {
                assessment.with(|a| a.answers.iter().find(|x| x.answer.criterion == code).cloned())
            });
            let reload = reload.clone();
            view! {
                <SelfItem
                    criterion=criterion.clone()
                    round=round.clone()
                    org=org.clone()
                    answer
                    editable
                    files
                    on_saved=Callback::new(move |()| reload())
                />
            }
        })
        .collect_view();
    let submit = {
        let (round, org) = (round.clone(), org.clone());
        move |_| {
            let (round, org) = (round.clone(), org.clone());
            submitting.set(true);
            submit_error.set(None);
            spawn_local(async move {
                match api::submit_self_assessment(&round, &org).await {
                    Ok(fresh) => assessment.set(fresh),
                    Err(error) => submit_error.set(Some(error)),
                }
                submitting.set(false);
            });
        }
    };
    view! {
        <section class="self-assessment" id=format!("self-assessment-{}", assessment.with_untracked(|a| a.round.to_string()))>
            <h3>{move || lang.get().pick("Tự đánh giá của đơn vị", "The unit's self-assessment")}</h3>
            <PhaseLine phases />
            <p class="muted">
                {move || lang.get().pick(
                    "Đơn vị tự chấm từng tiêu chí, kèm minh chứng (số, ký hiệu văn bản, đường dẫn, tệp). Tiêu chí tự đánh giá là đạt mà không có minh chứng phải có giải trình. Sau khi nộp, bản tự đánh giá không sửa được nữa.",
                    "The unit assesses each criterion itself, with evidence (document numbers, links, files). A criterion self-assessed as met without evidence needs an explanation. Once submitted, the self-assessment cannot change.",
                )}
            </p>
            {move || comparison(lang.get(), &assessment.get())}
            <div class="self-items">{items}</div>
            <footer class="self-foot">
                {move || submitted_line(lang.get(), &assessment.get())}
                {move || gaps(lang.get(), &assessment.get())}
                {move || submit_error.get().map(|error| view! {
                    <p class="error" role="alert">{error.detail_in(lang.get()).to_owned()}</p>
                })}
                <Show when=move || editable.get()>
                    <button
                        type="button"
                        class="button"
                        id="self-submit"
                        disabled=move || submitting.get()
                        on:click=submit.clone()
                    >
                        {move || lang.get().pick("Nộp bản tự đánh giá", "Submit the self-assessment")}
                    </button>
                </Show>
            </footer>
        </section>
    }
}

fn submitted_line(lang: Lang, assessment: &SelfAssessmentView) -> Option<impl IntoView + use<>> {
    let at = assessment.submitted_at.as_deref()?;
    let by = assessment.submitted_by.clone().unwrap_or_default();
    let when = crate::view_model::files::vietnam_time(lang, at);
    let line = match lang {
        Lang::Vi => format!("Đã nộp lúc {when} (giờ Việt Nam), người nộp: {by}."),
        Lang::En => format!("Submitted at {when} (Vietnam time) by {by}."),
    };
    Some(view! { <p class="submitted" id="self-submitted" role="status">{line}</p> })
}

fn gaps(lang: Lang, assessment: &SelfAssessmentView) -> Option<impl IntoView + use<>> {
    if !assessment.editable || assessment.gaps.is_empty() {
        return None;
    }
    let items = assessment
        .gaps
        .iter()
        .map(|gap| view! { <li>{lang.pick(&gap.message_vi, &gap.message).to_owned()}</li> })
        .collect_view();
    Some(view! {
        <div class="gaps" id="self-gaps">
            <p>{lang.pick("Còn thiếu trước khi nộp:", "Still needed before submitting:")}</p>
            <ul class="gap-list">{items}</ul>
        </div>
    })
}

fn comparison(lang: Lang, assessment: &SelfAssessmentView) -> Option<impl IntoView + use<>> {
    let comparison = assessment.comparison.as_ref()?;
    let note = assessment.preliminary.then(|| {
        lang.pick(
            "Kết quả kiểm tra là sơ bộ (gồm các kết quả chưa duyệt).",
            "The inspection's figures are preliminary (they include records not yet approved).",
        )
    });
    Some(view! {
        <div class="comparison" id="self-comparison" role="note">
            <p class="comparison-line">{model::comparison_line(lang, comparison)}</p>
            <p>{model::disagreement_line(lang, comparison)}</p>
            <p class="muted">{note}</p>
        </div>
    })
}

/// One criterion of the form.
#[component]
fn SelfItem(
    criterion: Criterion,
    round: String,
    org: String,
    answer: Memo<Option<SelfAnswer>>,
    editable: Signal<bool>,
    files: RwSignal<Vec<FileView>>,
    on_saved: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let code = criterion.code.to_string();
    let draft = RwSignal::new(AnswerDraft::of(answer.get_untracked().as_ref()));
    let status = RwSignal::new(None::<Result<(), String>>);
    let is_ratio = matches!(criterion.kind, CriterionKind::Ratio { .. });
    let id = |name: &str| format!("self-{name}-{code}");
    let (item_id, outcome_id, evidence_id, explanation_id, status_id, save_id) = (
        id("item"),
        id("outcome"),
        id("evidence"),
        id("explanation"),
        id("status"),
        id("save"),
    );
    let save = {
        let (round, org, code) = (round.clone(), org.clone(), code.clone());
        move |_| {
            let body = match draft.get_untracked().body(is_ratio) {
                Ok(body) => body,
                Err(problem) => {
                    status.set(Some(Err(problem.sentence(lang.get_untracked()).to_owned())));
                    return;
                }
            };
            let (round, org, code) = (round.clone(), org.clone(), code.clone());
            status.set(None);
            spawn_local(async move {
                match api::save_self_answer(&round, &org, &code, &body).await {
                    Ok(_) => {
                        status.set(Some(Ok(())));
                        on_saved.run(());
                    }
                    Err(error) => status.set(Some(Err(error.detail_in(lang.get_untracked()).to_owned()))),
                }
            });
        }
    };
    let (name_vi, name_en) = (criterion.name_vi.clone(), criterion.name_en.clone());
    let control = outcome_select(&criterion, draft, &outcome_id, lang);
    let place = FilePlace {
        round,
        org,
        criterion: code.clone(),
        pass_fail: false,
    };
    view! {
        <article class="card self-item" id=item_id>
            <h4>
                <span class="code">{code.clone()}</span>
                " "
                {move || lang.get().pick(&name_vi, &name_en).to_owned()}
            </h4>
            <fieldset class="check-fields" disabled=move || !editable.get()>
                <legend class="visually-hidden">{code.clone()}</legend>
                {control}
                <div class="field field-wide">
                    <label for=evidence_id.clone()>{move || lang.get().pick("Minh chứng (số, ký hiệu văn bản, đường dẫn)", "Evidence (document numbers, links)")}</label>
                    <textarea
                        id=evidence_id
                        rows="2"
                        prop:value=move || draft.with(|d| d.evidence.clone())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            draft.update(|d| d.evidence = value);
                        }
                    ></textarea>
                </div>
                <div class="field field-wide">
                    <label for=explanation_id.clone()>{move || lang.get().pick("Giải trình (bắt buộc khi tự đánh giá là đạt mà không có minh chứng)", "Explanation (required when self-assessed as met without evidence)")}</label>
                    <textarea
                        id=explanation_id
                        rows="2"
                        prop:value=move || draft.with(|d| d.explanation.clone())
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            draft.update(|d| d.explanation = value);
                        }
                    ></textarea>
                </div>
            </fieldset>
            <RecordFiles place files editable />
            <footer class="check-foot">
                <p class="save-status" id=status_id role="status" aria-live="polite">
                    {move || match status.get() {
                        Some(Ok(())) => lang.get().pick("Đã lưu.", "Saved.").to_owned(),
                        Some(Err(sentence)) => sentence,
                        None => String::new(),
                    }}
                </p>
                <Show when=move || editable.get()>
                    <button type="button" class="button" id=save_id.clone() on:click=save.clone()>
                        {tr(|t| t.save)}
                    </button>
                </Show>
            </footer>
        </article>
    }
}

/// The outcome control of a self-assessed criterion: a list of its outcomes, or a
/// percentage for a ratio.
fn outcome_select(
    criterion: &Criterion,
    draft: RwSignal<AnswerDraft>,
    id: &str,
    lang: RwSignal<Lang>,
) -> AnyView {
    let id = id.to_owned();
    if let CriterionKind::Ratio { target } = criterion.kind {
        let na = format!("{id}-na");
        let na_for = na.clone();
        return view! {
            <div class="ratio">
                <div class="field">
                    <label for=id.clone()>{tr(|t| t.ratio_percent)}</label>
                    <input
                        id=id.clone()
                        inputmode="decimal"
                        prop:value=move || draft.with(|d| d.percent.clone())
                        disabled=move || draft.with(|d| d.outcome == "not_applicable")
                        on:input=move |ev| {
                            let value = event_target_value(&ev);
                            draft.update(|d| d.percent = value);
                        }
                    />
                    <p class="hint">{tr(|t| t.target)} ": " {move || crate::format::percent(lang.get(), target, 0)}</p>
                </div>
                <label class="choice" for=na_for>
                    <input
                        type="checkbox"
                        id=na
                        prop:checked=move || draft.with(|d| d.outcome == "not_applicable")
                        on:change=move |ev| {
                            let checked = event_target_checked(&ev);
                            draft.update(|d| d.outcome = if checked { "not_applicable".to_owned() } else { String::new() });
                        }
                    />
                    {tr(|t| t.status_not_applicable)}
                </label>
            </div>
        }
        .into_any();
    }
    let keys: Vec<String> = criterion.outcome_keys().into_iter().map(str::to_owned).collect();
    let criterion = criterion.clone();
    let options = keys
        .into_iter()
        .map(|key| {
            let outcome = scorecard_domain::Outcome::parse(&key, None).ok();
            let criterion = criterion.clone();
            let selected = key.clone();
            view! {
                <option value=key.clone() selected=move || draft.with(|d| d.outcome == selected)>
                    {move || outcome.as_ref().map(|o| outcome_label(lang.get(), o, Some(&criterion)))}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="field">
            <label for=id.clone()>{tr(|t| t.outcome)}</label>
            <select
                id=id
                prop:value=move || draft.with(|d| d.outcome.clone())
                on:change=move |ev| {
                    let value = event_target_value(&ev);
                    draft.update(|d| d.outcome = value);
                }
            >
                <option value="">{move || lang.get().pick("— Chọn —", "— Choose —")}</option>
                {options}
            </select>
        </div>
    }
    .into_any()
}

/// What the unit said of one criterion, for the inspector's checklist.
#[component]
pub fn SelfAssessedBeside(criterion: Criterion, answer: Option<SelfAnswer>) -> impl IntoView {
    let lang = use_lang();
    let Some(answer) = answer else {
        return view! {
            <p class="self-beside muted">{move || lang.get().pick("Đơn vị chưa tự đánh giá tiêu chí này.", "The unit has not self-assessed this criterion.")}</p>
        }
        .into_any();
    };
    let answer = answer.answer;
    let id = format!("self-beside-{}", criterion.code);
    view! {
        <div class="self-beside" role="note" id=id>
            <p>
                <strong>{move || lang.get().pick("Đơn vị tự đánh giá: ", "Self-assessed: ")}</strong>
                {move || outcome_label(lang.get(), &answer.outcome, Some(&criterion))}
            </p>
            {(!answer.evidence.is_empty()).then(|| view! {
                <p><span class="muted">{move || lang.get().pick("Minh chứng: ", "Evidence: ")}</span>{answer.evidence.clone()}</p>
            })}
            {(!answer.explanation.is_empty()).then(|| view! {
                <p><span class="muted">{move || lang.get().pick("Giải trình: ", "Explanation: ")}</span>{answer.explanation.clone()}</p>
            })}
        </div>
    }
    .into_any()
}
