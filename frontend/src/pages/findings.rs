//! `/findings` (issue 13): the findings of published rounds and their follow-up. The team sees
//! every organisation's, filtered by organisation and state, and closes a finding or keeps it
//! open with a note; a unit's contact sees its own and reports what it did. Downloadable as a
//! workbook with the same filters. Staff bundle only, so its sentences are here.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_query_map;
use scorecard_api::FindingView;
use scorecard_domain::{Organization, Role, User};

use crate::api::{self, CallError};
use crate::components::guard::{EVERY_ROLE, for_roles};
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::context::{tr, use_lang};
use crate::format;
use crate::i18n::Lang;
use crate::pages::keep_title;
use crate::view_model::files::vietnam_time;

/// `/findings`.
#[component]
pub fn FindingsPage() -> impl IntoView {
    keep_title(|t| t.nav_findings, String::new);
    view! {
        <div class="card">
            <h1 class="page-title">{tr(|t| t.nav_findings)}</h1>
            {for_roles(EVERY_ROLE, |user| view! { <Findings user /> })}
        </div>
    }
}

/// A finding's state in words: open, overdue or closed.
fn state_text(lang: Lang, finding: &FindingView) -> &'static str {
    match (finding.state.as_str(), finding.overdue) {
        ("closed", _) => lang.pick("Đã đóng", "Closed"),
        (_, true) => lang.pick("Quá hạn", "Overdue"),
        _ => lang.pick("Đang mở", "Open"),
    }
}

#[component]
fn Findings(user: User) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    let unit = user.role == Role::Unit;
    let reviews = matches!(user.role, Role::Admin | Role::Reviewer);
    let org = RwSignal::new(query.with_untracked(|q| q.get("org").unwrap_or_default()));
    let state = RwSignal::new(query.with_untracked(|q| q.get("state").unwrap_or_else(|| "open".to_owned())));
    let filter = move || format!("org={}&state={}", org.get(), state.get());
    let data = LocalResource::new(move || {
        let filter = filter();
        async move {
            let findings = api::findings(filter).await?;
            let organizations = api::organizations().await?;
            Ok::<_, CallError>((findings, organizations))
        }
    });
    let retry = Callback::new(move |()| data.refetch());
    let export = move || format!("/api/v1/findings.xlsx?{}&lang={}", filter(), lang.get().code());
    let org_filter = (!unit).then(|| {
        let organizations = LocalResource::new(api::organizations);
        view! {
            <div class="field">
                <label for="findings-org">{move || lang.get().pick("Đơn vị", "Organisation")}</label>
                <select id="findings-org" prop:value=move || org.get() on:change=move |ev| org.set(event_target_value(&ev))>
                    <option value="">{move || lang.get().pick("Tất cả", "All")}</option>
                    {move || organizations.get().and_then(Result::ok).map(|list| {
                        list.into_iter()
                            .map(|o| {
                                // The list arrives after the filter is set: the option says so itself.
                                let chosen = o.id.as_str() == org.get_untracked();
                                view! { <option value=o.id.to_string() selected=chosen>{lang.get().pick(&o.name_vi, &o.name_en).to_owned()}</option> }
                            })
                            .collect_view()
                    })}
                </select>
            </div>
        }
    });
    view! {
        <p class="muted">
            {move || if unit {
                lang.get().pick(
                    "Các kiến nghị của đơn vị: mỗi tiêu chí bắt buộc chưa đạt khi công bố kết quả. Hãy báo cáo việc đã khắc phục; Đoàn kiểm tra đóng kiến nghị hoặc giữ mở kèm ý kiến. Đợt kiểm tra sau sẽ xem lại.",
                    "Your organisation's findings: each mandatory criterion not met when a round was published. Report what you did; the team closes each finding or keeps it open with a note. The next round looks at it again.",
                )
            } else {
                lang.get().pick(
                    "Mỗi tiêu chí bắt buộc chưa đạt khi công bố kết quả là một kiến nghị, hạn khắc phục mặc định là ngày bắt đầu đợt kiểm tra sau.",
                    "Each mandatory criterion not met when a round is published is a finding, due by default when the next round starts.",
                )
            }}
        </p>
        <div class="filters">
            {org_filter}
            <div class="field">
                <label for="findings-state">{move || lang.get().pick("Tình trạng", "State")}</label>
                <select id="findings-state" prop:value=move || state.get() on:change=move |ev| state.set(event_target_value(&ev))>
                    <option value="open">{move || lang.get().pick("Đang mở", "Open")}</option>
                    <option value="overdue">{move || lang.get().pick("Quá hạn", "Overdue")}</option>
                    <option value="closed">{move || lang.get().pick("Đã đóng", "Closed")}</option>
                    <option value="">{move || lang.get().pick("Tất cả", "All")}</option>
                </select>
            </div>
            <a class="button button-quiet" id="findings-export" href=export download>
                {move || lang.get().pick("Tải XLSX", "Download XLSX")}
            </a>
        </div>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok((findings, _)) if findings.is_empty() => view! { <Empty sentence=|t| t.nav_findings /> }.into_any(),
                    Ok((findings, organizations)) => {
                        let count = findings.len();
                        let items = findings
                            .into_iter()
                            .map(|finding| view! { <FindingItem finding organizations=organizations.clone() unit reviews /> })
                            .collect_view();
                        view! {
                            <p id="findings-count">{move || match lang.get() {
                                Lang::Vi => format!("{count} kiến nghị."),
                                Lang::En => format!("{count} findings."),
                            }}</p>
                            <ul class="review-list" id="findings-list">{items}</ul>
                        }
                        .into_any()
                    }
                }
            })}
        </Transition>
    }
}

#[component]
fn FindingItem(
    finding: FindingView,
    organizations: Vec<Organization>,
    unit: bool,
    reviews: bool,
) -> impl IntoView {
    let lang = use_lang();
    let id = finding.id;
    let current = RwSignal::new(finding);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<CallError>);
    let org_name = move || {
        let org = current.with(|f| f.organization.clone());
        organizations.iter().find(|o| o.id == org).map_or_else(
            || org.to_string(),
            |o| lang.get().pick(&o.name_vi, &o.name_en).to_owned(),
        )
    };
    // Every action answers the finding as it now stands, or why it was refused.
    let settle = move |done: Result<FindingView, CallError>| match done {
        Ok(updated) => {
            current.set(updated);
            error.set(None);
            true
        }
        Err(failed) => {
            error.set(Some(failed));
            false
        }
    };
    let act = move |close: Option<bool>| {
        let body = text.get_untracked();
        spawn_local(async move {
            let done = match close {
                None => api::report_on_finding(id, body).await,
                Some(close) => api::review_finding(id, close, body).await,
            };
            if settle(done) {
                text.set(String::new());
            }
        });
    };
    let open = move || current.with(|f| f.state == "open");
    let field = format!("finding-text-{id}");
    view! {
        <li class="finding" id=format!("finding-{id}")>
            <p>
                <span class="code">{move || current.with(|f| f.criterion.to_string())}</span>
                " · " {org_name}
                " · " {move || lang.get().pick("đợt", "round")} " " {move || current.with(|f| f.round.to_string())}
                " · " <strong class="finding-state">{move || current.with(|f| state_text(lang.get(), f))}</strong>
            </p>
            <p class="legal"><span class="muted">{tr(|t| t.legal_basis)} ": "</span>{move || current.with(|f| f.legal_basis.clone())}</p>
            <p>
                <span class="muted">{move || lang.get().pick("Hạn khắc phục: ", "Due: ")}</span>
                {move || current.with(|f| f.due_on.map_or_else(
                    || lang.get().pick("chưa định", "not set").to_owned(),
                    |d| format::date(lang.get(), d),
                ))}
            </p>
            {move || current.with(|f| (!f.note.is_empty()).then(|| {
                let note = f.note.clone();
                view! { <p><span class="muted">{move || lang.get().pick("Ghi nhận khi kiểm tra: ", "Found: ")}</span>{note}</p> }
            }))}
            <ul class="finding-reports">
                {move || current.with(|f| f.reports.iter().map(|r| {
                    let line = format!("{} {}: ", vietnam_time(lang.get(), &r.reported_at), r.reported_by);
                    let text = r.text.clone();
                    view! { <li><span class="muted">{line}</span>{text}</li> }
                }).collect_view())}
            </ul>
            <ul class="finding-files">
                {move || current.with(|f| f.files.iter().map(|file| {
                    let href = format!("/api/v1/findings/files/{}", file.id);
                    let name = file.name.clone();
                    let size = crate::view_model::files::file_size(lang.get(), file.size);
                    view! { <li><a href=href download>{name}</a> <span class="muted">{size}</span></li> }
                }).collect_view())}
            </ul>
            {move || current.with(|f| (!f.review_note.is_empty()).then(|| {
                let who = f.reviewed_by.clone().unwrap_or_default();
                let note = f.review_note.clone();
                view! { <p class="review-note"><span class="muted">{move || lang.get().pick("Ý kiến của Đoàn kiểm tra", "The team's review")} " (" {who.clone()} "): "</span>{note}</p> }
            }))}
            <Show when=move || (unit && open()) || reviews>
                <div class="field field-wide">
                    <label for=field.clone()>{move || if unit {
                        lang.get().pick("Báo cáo việc đã khắc phục", "What you did")
                    } else {
                        lang.get().pick("Ý kiến (bắt buộc khi giữ mở)", "Note (required to keep it open)")
                    }}</label>
                    <textarea id=field.clone() rows="2" prop:value=move || text.get() on:input=move |ev| text.set(event_target_value(&ev))></textarea>
                </div>
                <p class="actions">
                    {unit.then(|| view! {
                        <button type="button" class="button" id=format!("finding-report-{id}") on:click=move |_| act(None)>
                            {move || lang.get().pick("Gửi báo cáo", "Send the report")}
                        </button>
                        " "
                        <label class="button button-quiet" for=format!("finding-file-{id}")>
                            {move || lang.get().pick("Đính kèm tệp", "Attach a file")}
                        </label>
                        <input
                            type="file"
                            class="visually-hidden"
                            id=format!("finding-file-{id}")
                            on:change=move |ev| {
                                use wasm_bindgen::JsCast;
                                let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
                                    return;
                                };
                                let Some(file) = input.files().and_then(|list| list.get(0)) else {
                                    return;
                                };
                                input.set_value("");
                                spawn_local(async move {
                                    settle(api::upload_finding_file(id, file).await);
                                });
                            }
                        />
                    })}
                    {reviews.then(|| {
                        let due = RwSignal::new(current.with_untracked(|f| f.due_on.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default()));
                        let change_due = move |_| {
                            let chosen = due.get_untracked();
                            spawn_local(async move {
                                settle(api::set_finding_due(id, chosen).await);
                            });
                        };
                        view! {
                            <label class="visually-hidden" for=format!("finding-due-{id}")>{move || lang.get().pick("Hạn khắc phục", "Due date")}</label>
                            <input type="date" id=format!("finding-due-{id}") prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) />
                            " "
                            <button type="button" class="button button-quiet" id=format!("finding-due-save-{id}") on:click=change_due>
                                {move || lang.get().pick("Đổi hạn", "Change the due date")}
                            </button>
                            " "
                        }
                    })}
                    {reviews.then(|| view! {
                        <button type="button" class="button" id=format!("finding-close-{id}") on:click=move |_| act(Some(true))>
                            {move || lang.get().pick("Đóng kiến nghị", "Close the finding")}
                        </button>
                        " "
                        <button type="button" class="button button-quiet" id=format!("finding-keep-{id}") on:click=move |_| act(Some(false))>
                            {move || lang.get().pick("Giữ mở", "Keep it open")}
                        </button>
                    })}
                </p>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e.detail_in(lang.get()).to_owned()}</p> })}
        </li>
    }
}
