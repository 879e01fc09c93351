//! A record's evidence files (issue 12): the list (name, type, size, who uploaded it and when,
//! the document's own date), each PDF's signature check with its rules, and, where the caller
//! may change the record, a drop zone and a picker that upload several files with a progress
//! bar each, a remove button, and for pass/fail criteria the outcome the files suggest.

use leptos::prelude::*;
use leptos::task::spawn_local;
use scorecard_api::evidence::{FileView, PdfAnalysis};
use wasm_bindgen::JsCast;

use crate::api::{self, CallError};
use crate::context::{tr, use_lang};
use crate::format;
use crate::i18n::{Labels, Lang};
use crate::view_model::files::{
    self as model, check_line, check_state, file_size, signature_line, verdict_word, vietnam_time,
};

/// One upload in flight or just ended.
#[derive(Debug, Clone, PartialEq)]
struct Sending {
    id: u32,
    name: String,
    /// 0 to 1.
    share: f64,
    error: Option<CallError>,
}

/// Where the files belong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilePlace {
    pub round: String,
    pub org: String,
    pub criterion: String,
    /// The criterion is pass/fail, so the files can suggest an outcome.
    pub pass_fail: bool,
}

/// The files of one record, from `files` (every file of the organisation in the round, which
/// this component updates as files are added or removed).
#[component]
pub fn RecordFiles(
    place: FilePlace,
    files: RwSignal<Vec<FileView>>,
    /// Whether the caller may add and remove files now.
    #[prop(into)]
    editable: Signal<bool>,
    /// Called with `true` (met) or `false` (not met) when the person applies a suggestion.
    #[prop(optional)]
    on_suggest: Option<Callback<bool>>,
) -> impl IntoView {
    let lang = use_lang();
    let sending = RwSignal::new(Vec::<Sending>::new());
    let next_id = StoredValue::new(0u32);
    let document_date = RwSignal::new(String::new());
    let suggestion = RwSignal::new(None::<Result<scorecard_api::evidence::Suggestion, CallError>>);
    let code = place.criterion.clone();
    let dom_id = |name: &str| format!("{name}-{}", place.criterion);

    let start_upload = {
        let place = place.clone();
        move |file: web_sys::File| {
            let id = next_id.get_value();
            next_id.set_value(id + 1);
            sending.update(|s| {
                s.push(Sending {
                    id,
                    name: file.name(),
                    share: 0.0,
                    error: None,
                })
            });
            let place = place.clone();
            let date = document_date.get_untracked();
            spawn_local(async move {
                let progress = move |share: f64| {
                    sending.update(|s| {
                        if let Some(item) = s.iter_mut().find(|i| i.id == id) {
                            item.share = share;
                        }
                    });
                };
                let answer = api::upload_file(
                    &place.round,
                    &place.org,
                    &place.criterion,
                    file,
                    Some(date),
                    progress,
                )
                .await;
                match answer {
                    Ok(view) => {
                        files.update(|f| f.push(view));
                        sending.update(|s| s.retain(|i| i.id != id));
                        suggestion.set(None);
                    }
                    Err(error) => sending.update(|s| {
                        if let Some(item) = s.iter_mut().find(|i| i.id == id) {
                            item.error = Some(error);
                        }
                    }),
                }
            });
        }
    };
    let upload_list = {
        let start_upload = start_upload.clone();
        move |list: Option<web_sys::FileList>| {
            let Some(list) = list else { return };
            for index in 0..list.length() {
                if let Some(file) = list.item(index) {
                    start_upload(file);
                }
            }
        }
    };
    let on_pick = {
        let upload_list = upload_list.clone();
        move |event: leptos::ev::Event| {
            let input = event
                .target()
                .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok());
            if let Some(input) = input {
                upload_list(input.files());
                // The same file can be picked again after a refusal.
                input.set_value("");
            }
        }
    };
    let on_drop = move |event: leptos::ev::DragEvent| {
        event.prevent_default();
        if editable.get_untracked() {
            upload_list(event.data_transfer().and_then(|d| d.files()));
        }
    };
    let remove = move |id: i64| {
        spawn_local(async move {
            match api::remove_file(id).await {
                Ok(_) => {
                    files.update(|f| f.retain(|file| file.id != id));
                    suggestion.set(None);
                }
                Err(error) => sending.update(|s| {
                    s.push(Sending {
                        id: u32::MAX,
                        name: String::new(),
                        share: 0.0,
                        error: Some(error),
                    })
                }),
            }
        });
    };
    let ask_suggestion = {
        let place = place.clone();
        move |_| {
            let place = place.clone();
            spawn_local(async move {
                suggestion.set(Some(
                    api::suggestion(&place.round, &place.org, &place.criterion).await,
                ));
            });
        }
    };

    let list_code = code.clone();
    let list = move || {
        let lang = lang.get();
        let items: Vec<FileView> = files.with(|f| model::of_record(f, &list_code).cloned().collect());
        if items.is_empty() {
            return view! { <p class="muted files-none">{tr(|t| t.files_none)}</p> }.into_any();
        }
        view! {
            <ul class="file-list">
                {items.into_iter().map(|file| file_item(lang, file, editable, remove)).collect_view()}
            </ul>
        }
        .into_any()
    };
    let sending_view = move || {
        let lang = lang.get();
        sending
            .get()
            .into_iter()
            .map(|item| {
                let percent = (item.share * 100.0).round() as u32;
                match item.error {
                    Some(error) => view! {
                        <p class="file-error" role="alert">
                            {if item.name.is_empty() { String::new() } else { format!("{}: ", item.name) }}
                            {error.detail_in(lang).to_owned()}
                        </p>
                    }
                    .into_any(),
                    None => view! {
                        <div class="file-sending">
                            <span>{format!("{} {} — {percent}%", lang.texts().files_uploading, item.name)}</span>
                            <progress max="100" value=percent.to_string()></progress>
                        </div>
                    }
                    .into_any(),
                }
            })
            .collect_view()
    };
    let picker_id = dom_id("files-input");
    let date_id = dom_id("files-date");
    let uploader = move || {
        editable.get().then(|| {
            let on_pick = on_pick.clone();
            let on_drop = on_drop.clone();
            view! {
                <div
                    class="dropzone"
                    on:dragover=|event: leptos::ev::DragEvent| event.prevent_default()
                    on:drop=on_drop
                >
                    <p>
                        {tr(|t| t.files_drop)} " "
                        <label class="link-like" for=picker_id.clone()>{tr(|t| t.files_pick)}</label>
                        <input id=picker_id.clone() class="visually-hidden" type="file" multiple on:change=on_pick />
                    </p>
                    <p class="muted">{tr(|t| t.files_limits)}</p>
                    <div class="field">
                        <label for=date_id.clone()>{tr(|t| t.files_document_date)}</label>
                        <input
                            id=date_id.clone()
                            type="date"
                            prop:value=move || document_date.get()
                            on:input=move |event| document_date.set(event_target_value(&event))
                        />
                    </div>
                </div>
            }
        })
    };
    let suggest_view = move || {
        let lang = lang.get();
        let apply = on_suggest;
        suggestion.get().map(|answer| match answer {
            Ok(found) => {
                let text = if found.files == 0 {
                    lang.texts().suggest_no_files.to_owned()
                } else if found.met {
                    lang.texts().suggest_met.to_owned()
                } else {
                    format!("{} {}", lang.texts().suggest_not_met, found.failing.join(", "))
                };
                let met = found.met;
                view! {
                    <div class="suggestion" role="status">
                        <p>{text}</p>
                        <p class="muted">{tr(|t| t.suggest_decides)}</p>
                        {apply.map(|apply| view! {
                            <button type="button" class="button button-quiet" on:click=move |_| apply.run(met)>
                                {tr(|t| t.suggest_apply)}
                            </button>
                        })}
                    </div>
                }
                .into_any()
            }
            Err(error) => view! { <p class="file-error" role="alert">{error.detail_in(lang).to_owned()}</p> }.into_any(),
        })
    };
    let pass_fail = place.pass_fail;
    view! {
        <section class="record-files" aria-label=tr(|t| t.files_heading) id=dom_id("files")>
            <h4>{tr(|t| t.files_heading)}</h4>
            {list}
            {sending_view}
            {uploader}
            {pass_fail.then(|| view! {
                <button type="button" class="button button-quiet" id=dom_id("suggest") on:click=ask_suggestion>
                    {tr(|t| t.suggest_button)}
                </button>
            })}
            {suggest_view}
        </section>
    }
}

/// A record's files to read only, without the upload machinery (the public bundle shows
/// them in the matrix's cell): name, facts and each PDF's check.
#[component]
pub fn FilesToRead(files: Vec<FileView>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        if files.is_empty() {
            return view! { <p class="muted files-none">{tr(|t| t.files_none)}</p> }.into_any();
        }
        let never = Signal::derive(|| false);
        view! {
            <ul class="file-list">
                {files.iter().cloned().map(|file| file_item(lang, file, never, |_| {})).collect_view()}
            </ul>
        }
        .into_any()
    }
}

fn file_item(
    lang: Lang,
    file: FileView,
    editable: Signal<bool>,
    remove: impl Fn(i64) + Copy + Send + Sync + 'static,
) -> impl IntoView {
    let id = file.id;
    let mut facts = vec![file.kind.clone(), file_size(lang, file.size)];
    if let Some(date) = file.document_date {
        facts.push(format!(
            "{} {}",
            lang.texts().files_document_dated,
            format::date(lang, date)
        ));
    }
    facts.push(format!(
        "{} {}, {}",
        lang.texts().files_uploaded_by,
        file.uploaded_by,
        vietnam_time(lang, &file.uploaded_at)
    ));
    view! {
        <li class="file-item" id=format!("file-{id}")>
            <a href=api::file_href(id) download=file.name.clone()>{file.name.clone()}</a>
            <span class="muted">" · "{facts.join(" · ")}</span>
            {move || editable.get().then(|| view! {
                <button type="button" class="button button-quiet button-small" on:click=move |_| remove(id)>
                    {tr(|t| t.files_remove)}
                </button>
            })}
            {file.analysis.map(|analysis| check_view(lang, analysis))}
        </li>
    }
}

fn check_view(lang: Lang, analysis: PdfAnalysis) -> impl IntoView {
    let state = check_state(&analysis);
    let line = check_line(lang, &analysis);
    let signatures = analysis
        .signatures
        .iter()
        .enumerate()
        .map(|(i, s)| view! { <li>{signature_line(lang, i + 1, s)}</li> })
        .collect_view();
    let rules = analysis
        .rules
        .iter()
        .map(|rule| {
            let class = format!(
                "rule rule-{}",
                verdict_word(Lang::En, rule.verdict, rule.advisory)
                    .to_lowercase()
                    .replace(' ', "-")
            );
            view! {
                <li class=class>
                    <strong>{verdict_word(lang, rule.verdict, rule.advisory)}</strong>
                    " — "
                    {lang.pick(&rule.reason_vi, &rule.reason_en).to_owned()}
                    <span class="muted">" ("{rule.citation.clone()}")"</span>
                </li>
            }
        })
        .collect_view();
    view! {
        <details class=format!("signature-check {}", state.class())>
            <summary>{line}</summary>
            <p class="muted">{tr(|t| t.signature_signatures)}</p>
            <ul class="signatures">{signatures}</ul>
            <p class="muted">{tr(|t| t.signature_rules)}</p>
            <ul class="rules">{rules}</ul>
            <p class="muted">{tr(|t| t.signature_revocation)}</p>
        </details>
    }
}
