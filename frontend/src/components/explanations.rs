//! Explanations of the preliminary results (issue 13): the unit's list of criteria found
//! unmet, each with its legal basis, a text to send and files; and, on the inspector's
//! checklist, each explanation with its decision (accept with the outcome the record takes,
//! or reject with a reason). Staff pages only, so the sentences are here.

use leptos::prelude::*;
use leptos::task::spawn_local;
use scorecard_api::evidence::FileView;
use scorecard_api::{DecisionBody, Explainable, ExplanationView, ExplanationsView};
use scorecard_domain::{Catalog, Criterion, CriterionKind};

use crate::api::{self, CallError};
use crate::components::files::{FilePlace, RecordFiles};
use crate::context::use_lang;
use crate::i18n::{Labels, Lang};
use crate::view_model::files::vietnam_time;
use crate::view_model::matrix::outcome_label;
use crate::view_model::self_assessment::{instant, phase_name};

/// What the status of a criterion in the preliminary results says.
fn status_text(lang: Lang, status: scorecard_domain::score::Status) -> &'static str {
    use scorecard_domain::score::Status;
    let t = lang.texts();
    match status {
        Status::Met => t.status_met,
        Status::NotMet => t.status_not_met,
        Status::NotApplicable => t.status_not_applicable,
        Status::Missing => lang.pick("Chưa có kết quả", "No result"),
    }
}

/// An explanation and, once decided, the decision, in a few lines.
fn explanation_lines(lang: Lang, explanation: &ExplanationView) -> impl IntoView + use<> {
    let sent = match lang {
        Lang::Vi => format!(
            "Giải trình ({}, {}): ",
            explanation.sent_by,
            vietnam_time(lang, &explanation.sent_at)
        ),
        Lang::En => format!(
            "Explanation ({}, {}): ",
            explanation.sent_by,
            vietnam_time(lang, &explanation.sent_at)
        ),
    };
    let decision = explanation.decision.as_ref().map(|d| {
        let (class, head) = if d.accepted {
            (
                "decision decision-accepted",
                lang.pick("Đã chấp nhận", "Accepted"),
            )
        } else {
            (
                "decision decision-rejected",
                lang.pick("Không chấp nhận", "Rejected"),
            )
        };
        let by = format!(" ({}, {})", d.decided_by, vietnam_time(lang, &d.decided_at));
        let reason = (!d.reason.is_empty()).then(|| format!(": {}", d.reason));
        view! { <p class=class><strong>{head}</strong>{by}{reason}</p> }
    });
    view! {
        <p><span class="muted">{sent}</span>{explanation.text.clone()}</p>
        {decision}
    }
}

/// The unit's explanations of one round.
#[component]
pub fn UnitExplanations(
    view: ExplanationsView,
    catalog: Catalog,
    files: RwSignal<Vec<FileView>>,
) -> impl IntoView {
    let lang = use_lang();
    let round = view.round.to_string();
    let org = view.organization.to_string();
    let window = view.window;
    let may = view.may_explain;
    let items = view
        .items
        .into_iter()
        .map(|item| {
            let name = catalog
                .criterion(&item.criterion)
                .map(|c| (c.name_vi.clone(), c.name_en.clone()))
                .unwrap_or_default();
            view! { <UnitItem item name round=round.clone() org=org.clone() may files /> }
        })
        .collect_view();
    let deadline = window.map(|w| {
        move || match lang.get() {
            Lang::Vi => format!(
                "{}: đến {} (giờ Việt Nam). Sau thời hạn này không gửi được giải trình.",
                phase_name(Lang::Vi, w.phase),
                instant(Lang::Vi, &w.closes_at)
            ),
            Lang::En => format!(
                "{}: until {} (Vietnam time). After this no explanation can be sent.",
                phase_name(Lang::En, w.phase),
                instant(Lang::En, &w.closes_at)
            ),
        }
    });
    view! {
        <section class="explanations" id=format!("explanations-{round}")>
            <h3>{move || lang.get().pick("Giải trình kết quả kiểm tra sơ bộ", "Explanations of the preliminary results")}</h3>
            <p class="phase-line">{deadline}</p>
            <NoticeLink round=round.clone() org=org.clone() />
            <ul class="review-list">{items}</ul>
        </section>
    }
}

#[component]
fn UnitItem(
    item: Explainable,
    name: (String, String),
    round: String,
    org: String,
    may: bool,
    files: RwSignal<Vec<FileView>>,
) -> impl IntoView {
    let lang = use_lang();
    let code = item.criterion.to_string();
    let explanation = RwSignal::new(item.explanation.clone());
    let text = RwSignal::new(
        item.explanation
            .as_ref()
            .map(|e| e.text.clone())
            .unwrap_or_default(),
    );
    let status = RwSignal::new(None::<Result<(), CallError>>);
    let editable =
        Signal::derive(move || may && explanation.with(|e| e.as_ref().is_none_or(|e| e.decision.is_none())));
    let send = {
        let (round, org, code) = (round.clone(), org.clone(), code.clone());
        move |_| {
            let (round, org, code) = (round.clone(), org.clone(), code.clone());
            let body = text.get_untracked();
            spawn_local(async move {
                match api::explain(&round, &org, &code, body).await {
                    Ok(sent) => {
                        explanation.set(Some(sent));
                        status.set(Some(Ok(())));
                    }
                    Err(error) => status.set(Some(Err(error))),
                }
            });
        }
    };
    let (name_vi, name_en) = name;
    let legal = item.legal_basis.clone();
    let place = FilePlace {
        round,
        org,
        criterion: code.clone(),
        pass_fail: false,
    };
    let field = format!("explain-{code}");
    let (item_id, status_id, send_id) = (
        format!("explain-item-{code}"),
        format!("explain-status-{code}"),
        format!("explain-send-{code}"),
    );
    view! {
        <li class="explain-item" id=item_id>
            <p>
                <span class="code">{code.clone()}</span> " "
                {move || lang.get().pick(&name_vi, &name_en).to_owned()}
                " · " <strong>{move || status_text(lang.get(), item.status)}</strong>
            </p>
            <p class="legal"><span class="muted">{move || lang.get().texts().legal_basis} ": "</span>{legal}</p>
            {move || explanation.get().map(|e| explanation_lines(lang.get(), &e))}
            <Show when=move || editable.get()>
                <div class="field field-wide">
                    <label for=field.clone()>{move || lang.get().pick("Nội dung giải trình", "Your explanation")}</label>
                    <textarea id=field.clone() rows="3" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <p class="check-foot">
                    <span class="save-status" role="status" id=status_id.clone()>
                        {move || match status.get() {
                            Some(Ok(())) => lang.get().pick("Đã gửi giải trình.", "Explanation sent.").to_owned(),
                            Some(Err(error)) => error.detail_in(lang.get()).to_owned(),
                            None => String::new(),
                        }}
                    </span>
                    <button type="button" class="button" id=send_id.clone() on:click=send.clone()>
                        {move || lang.get().pick("Gửi giải trình", "Send the explanation")}
                    </button>
                </p>
            </Show>
            <RecordFiles place files editable />
        </li>
    }
}

/// An explanation on the inspector's checklist, with the decision to take.
#[component]
pub fn ExplanationToDecide(
    item: Explainable,
    criterion: Criterion,
    round: String,
    org: String,
    may_decide: bool,
    /// Called after a decision, so the page reads the record again.
    on_decided: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let code = item.criterion.to_string();
    let kind = criterion.kind.clone();
    let explanation = RwSignal::new(item.explanation.clone());
    let outcome = RwSignal::new(String::new());
    let reason = RwSignal::new(String::new());
    let error = RwSignal::new(None::<CallError>);
    let is_ratio = matches!(kind, CriterionKind::Ratio { .. });
    let decide = {
        let (round, org, code) = (round.clone(), org.clone(), code.clone());
        move |accept: bool| {
            let (round, org, code) = (round.clone(), org.clone(), code.clone());
            let chosen = outcome.get_untracked();
            let (outcome, value) = match crate::view_model::checklist::parse_percent(&chosen) {
                Some(share) if is_ratio => (None, Some(share)),
                _ => ((!chosen.is_empty()).then_some(chosen), None),
            };
            let body = DecisionBody {
                accept,
                reason: reason.get_untracked(),
                outcome,
                value,
            };
            spawn_local(async move {
                match api::decide(&round, &org, &code, &body).await {
                    Ok(decided) => {
                        explanation.set(Some(decided));
                        error.set(None);
                        on_decided.run(());
                    }
                    Err(failed) => error.set(Some(failed)),
                }
            });
        }
    };
    let (accept, reject) = (decide.clone(), decide);
    let undecided = move || explanation.with(|e| e.as_ref().is_some_and(|e| e.decision.is_none()));
    // The choices for the outcome the record takes, in the reader's language.
    let choices: Vec<(String, scorecard_domain::Outcome)> = criterion
        .outcome_keys()
        .into_iter()
        .filter_map(|key| Some((key.to_owned(), scorecard_domain::Outcome::parse(key, None).ok()?)))
        .collect();
    let options = move || {
        choices
            .iter()
            .map(|(key, outcome)| {
                let label = outcome_label(lang.get(), outcome, Some(&criterion));
                view! { <option value=key.clone()>{label}</option> }
            })
            .collect_view()
    };
    let (outcome_id, reason_id) = (format!("decide-outcome-{code}"), format!("decide-reason-{code}"));
    let (box_id, accept_id, reject_id) = (
        format!("explanation-{code}"),
        format!("accept-{code}"),
        format!("reject-{code}"),
    );
    view! {
        <div class="explanation-beside" role="note" id=box_id>
            {move || explanation.get().map(|e| explanation_lines(lang.get(), &e))}
            <Show when=move || may_decide && undecided()>
                <div class="decide">
                    <div class="field">
                        <label for=outcome_id.clone()>{move || lang.get().pick("Kết quả nếu chấp nhận", "Outcome if accepted")}</label>
                        {if is_ratio {
                            view! { <input id=outcome_id.clone() inputmode="decimal" placeholder="%" on:input=move |ev| outcome.set(event_target_value(&ev)) /> }.into_any()
                        } else {
                            view! {
                                <select id=outcome_id.clone() on:change=move |ev| outcome.set(event_target_value(&ev))>
                                    <option value="">{move || lang.get().pick("— Chọn —", "— Choose —")}</option>
                                    {options.clone()}
                                </select>
                            }.into_any()
                        }}
                    </div>
                    <div class="field field-wide">
                        <label for=reason_id.clone()>{move || lang.get().pick("Lý do (bắt buộc khi không chấp nhận)", "Reason (required to reject)")}</label>
                        <textarea id=reason_id.clone() rows="2" on:input=move |ev| reason.set(event_target_value(&ev))></textarea>
                    </div>
                    <p class="actions">
                        <button type="button" class="button" id=accept_id.clone() on:click={let accept = accept.clone(); move |_| accept(true)}>
                            {move || lang.get().pick("Chấp nhận giải trình", "Accept")}
                        </button>
                        " "
                        <button type="button" class="button button-quiet" id=reject_id.clone() on:click={let reject = reject.clone(); move |_| reject(false)}>
                            {move || lang.get().pick("Không chấp nhận", "Reject")}
                        </button>
                    </p>
                    {move || error.get().map(|e| view! { <p class="error" role="alert">{e.detail_in(lang.get()).to_owned()}</p> })}
                </div>
            </Show>
        </div>
    }
}

/// The link to the preliminary notice of one organisation, in the reader's language.
#[component]
pub fn NoticeLink(round: String, org: String) -> impl IntoView {
    let lang = use_lang();
    let href = move || {
        format!(
            "/api/v1/rounds/{round}/preliminary-notice/{org}?lang={}",
            lang.get().code()
        )
    };
    view! {
        <p>
            <a class="button button-quiet" id="notice-link" href=href download>
                {move || lang.get().pick("Tải thông báo kết quả kiểm tra sơ bộ (PDF)", "Download the preliminary notice (PDF)")}
            </a>
        </p>
    }
}
