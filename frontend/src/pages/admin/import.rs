//! A file of results brought into a round, on `/admin/rounds/{round}`: the template to fill in,
//! the file, a dry run, and the server's verdict with each rejected row, its cell and reason.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use scorecard_api::{ImportSummary, RejectedLine};

use super::{Head, data_table};
use crate::api::{self, CallError, ImportRefusal};
use crate::context::{tr, use_lang};
use crate::i18n::{EN, Labels, Lang, VI};

/// The columns of the rejected rows.
const REJECTED_HEADS: &[Head] = &[
    Head::Shown(|t| t.col_line),
    Head::Shown(|t| t.col_cell),
    Head::Shown(|t| t.col_problem),
];

type Verdict = Option<Result<ImportSummary, ImportRefusal>>;

/// The import form of one round.
#[component]
pub fn ImportFile(#[prop(into)] round: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let dry_run = RwSignal::new(true);
    let busy = RwSignal::new(false);
    let verdict: RwSignal<Verdict> = RwSignal::new(None);
    let input: NodeRef<html::Input> = NodeRef::new();
    let send = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = input
            .get()
            .and_then(|input| input.files())
            .and_then(|files| files.get(0));
        let Some(file) = file else {
            verdict.set(Some(Err(ImportRefusal {
                error: CallError::new(VI.import_choose_file, EN.import_choose_file),
                rejected: Vec::new(),
            })));
            return;
        };
        busy.set(true);
        verdict.set(None);
        let (round, dry_run) = (round.get_untracked(), dry_run.get_untracked());
        spawn_local(async move {
            let result = api::import_records(&round, file, dry_run).await;
            verdict.set(Some(result));
            busy.set(false);
        });
    };
    let template = move || {
        format!(
            "/api/v1/rounds/{}/template.xlsx?lang={}",
            round.get(),
            lang.get().code()
        )
    };
    view! {
        <section class="import" aria-labelledby="import-title">
            <h3 id="import-title">{tr(|t| t.import_title)}</h3>
            <p class="hint">{tr(|t| t.import_note)}</p>
            <p><a id="template-download" href=template download="">{tr(|t| t.template_download)}</a></p>
            <form id="import-form" on:submit=send>
                <div class="field">
                    <label for="import-file">{tr(|t| t.import_file)}</label>
                    <input
                        id="import-file"
                        type="file"
                        node_ref=input
                        accept=".xlsx,.ods,.csv,.txt,.tsv,.json,text/csv,application/json,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                    />
                </div>
                <div class="field">
                    <label class="choice" for="import-dry-run">
                        <input
                            id="import-dry-run"
                            type="checkbox"
                            prop:checked=move || dry_run.get()
                            on:change=move |ev| dry_run.set(event_target_checked(&ev))
                        />
                        " "
                        {tr(|t| t.import_dry_run)}
                    </label>
                </div>
                <button type="submit" class="button" disabled=move || busy.get()>
                    {move || {
                        let t = lang.get().texts();
                        if busy.get() { t.import_sending } else { t.import_send }
                    }}
                </button>
            </form>
            {move || verdict.get().map(|verdict| verdict_view(verdict, lang.get()))}
        </section>
    }
}

/// What the server said of the file.
fn verdict_view(verdict: Result<ImportSummary, ImportRefusal>, lang: Lang) -> AnyView {
    let t = lang.texts();
    match verdict {
        Ok(summary) => {
            let headline = if summary.written {
                t.import_written
            } else {
                t.import_checked
            };
            view! {
                <div class="status status-done" role="status" id="import-outcome">
                    <p>{headline}</p>
                    <p>
                        {format!(
                            "{}: {} · {}: {} · {}: {}",
                            t.import_accepted,
                            summary.accepted,
                            t.import_inserted,
                            summary.inserted,
                            t.import_updated,
                            summary.updated,
                        )}
                    </p>
                </div>
            }
            .into_any()
        }
        Err(refusal) => {
            let rows = refusal
                .rejected
                .iter()
                .flat_map(|line| rejected_rows(line, lang))
                .collect_view();
            let table = (!refusal.rejected.is_empty()).then(|| {
                view! {
                    <h4>{t.import_rejected}</h4>
                    {data_table("import-rejected", t, REJECTED_HEADS, rows)}
                }
            });
            view! {
                <div id="import-outcome">
                    <p class="status status-error" role="alert">{refusal.error.detail_in(lang).to_owned()}</p>
                    {table}
                </div>
            }
            .into_any()
        }
    }
}

/// A row of the table per reason a line was refused: the line, the cell (a workbook's
/// `Kết quả!D12`, or the field of a text file) and the reason in the reader's language.
fn rejected_rows(line: &RejectedLine, lang: Lang) -> Vec<AnyView> {
    line.problems
        .iter()
        .map(|problem| {
            let place = problem
                .cell
                .clone()
                .or_else(|| problem.field.clone())
                .unwrap_or_default();
            let reason = lang.pick(&problem.message_vi, &problem.message).to_owned();
            view! {
                <tr>
                    <td>{line.line}</td>
                    <td>{place}</td>
                    <td>{reason}</td>
                </tr>
            }
            .into_any()
        })
        .collect()
}
