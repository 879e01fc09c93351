//! `/rounds/{round}/matrix`: organisations × criteria as a heat map whose cells say their
//! state in a symbol and a word as well as a colour. A cell links to its record and evidence
//! (`?org=ID&criterion=CODE`); a criterion's code links to who does not meet it.

use crate::i18n::Labels;
use leptos::html;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use scorecard_domain::{Catalog, OrgScore, RankingEntry, Record, Role};

use crate::addresses;
use crate::api;
use crate::components::evidence::EvidenceText;
use crate::components::files::FilesToRead;
use crate::components::round_scope::{RoundScope, RoundView};
use crate::components::status::{Empty, ErrorNotice, Loading, Refreshing};
use crate::context::{tr, use_lang, use_session};
use crate::format;
use crate::i18n::Lang;
use crate::pages::keep_title;
use crate::view_model::matrix::{CellKind, matrix, outcome_text};

/// The matrix of the round the address names.
#[component]
pub fn MatrixPage() -> impl IntoView {
    view! { <RoundScope title=|t| t.matrix_heading render=|view| view! { <Matrix view /> } /> }
}

/// Everything the matrix is drawn from.
#[derive(Clone)]
struct MatrixData {
    catalog: Catalog,
    scores: Vec<OrgScore>,
    ranking: Vec<RankingEntry>,
}

/// The cell the address opens: organisation and criterion.
type Selection = Option<(String, String)>;

#[component]
fn Matrix(view: RoundView) -> impl IntoView {
    let lang = use_lang();
    let query = use_query_map();
    keep_title(
        |t| t.matrix_heading,
        move || {
            let lang = lang.get();
            view.round.with(|r| lang.pick(&r.name_vi, &r.name_en).to_owned())
        },
    );
    let selected = Memo::new(move |_| {
        let query = query.read();
        match (query.get("org"), query.get("criterion")) {
            (Some(org), Some(code)) if !org.is_empty() && !code.is_empty() => Some((org, code)),
            _ => None,
        }
    });
    let data = LocalResource::new(move || {
        let round = view.id();
        let catalog_id = view.round.with(|r| r.catalog.clone());
        let preliminary = view.preliminary.get();
        async move {
            let catalog = api::catalog(catalog_id).await?;
            let scores = api::scores(round.clone(), preliminary).await?;
            let ranking = api::ranking(round, "all".to_owned(), preliminary).await?;
            Ok::<_, api::CallError>(MatrixData {
                catalog,
                scores,
                ranking: ranking.entries,
            })
        }
    });
    let (pending, set_pending) = signal(false);
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <p class="page-note">{tr(|t| t.matrix_note)}</p>
        <div class="matrix-layout">
            <section
                class="card"
                aria-labelledby="matrix-caption"
                aria-busy=move || if pending.get() { "true" } else { "false" }
            >
                <Legend />
                <Transition fallback=Loading set_pending>
                    <Refreshing pending />
                    {move || Suspend::new(async move {
                        match data.await {
                            Ok(data) if data.scores.is_empty() => {
                                view! { <Empty sentence=|t| t.no_ranking /> }.into_any()
                            }
                            Ok(data) => view! { <MatrixTable data view selected /> }.into_any(),
                            Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                        }
                    })}
                </Transition>
            </section>
            <CellDetail view selected data />
        </div>
    }
}

/// What each state looks like: colour, symbol and word together.
#[component]
fn Legend() -> impl IntoView {
    let lang = use_lang();
    view! {
        <h2 class="visually-hidden">{tr(|t| t.legend)}</h2>
        <ul class="legend" id="matrix-legend" aria-label=tr(|t| t.legend)>
            {CellKind::ALL
                .into_iter()
                .map(|kind| {
                    view! {
                        <li>
                            <span class=format!("cell {}", kind.class()) aria-hidden="true">
                                {kind.symbol()}
                            </span>
                            {move || kind.label(lang.get())}
                        </li>
                    }
                })
                .collect_view()}
        </ul>
    }
}

/// The table: a header row of criterion codes, a row per organisation, a footer of counts.
#[component]
fn MatrixTable(data: MatrixData, view: RoundView, selected: Memo<Selection>) -> impl IntoView {
    let lang = use_lang();
    let round = view.round.with_untracked(|r| r.id.to_string());
    let preliminary = view.preliminary.get_untracked();
    move || {
        let lang = lang.get();
        let t = lang.texts();
        let layout = matrix(&data.catalog, &data.scores, &data.ranking, lang);
        let total = layout.rows.len();
        let caption = match lang {
            Lang::Vi => format!("{total} đơn vị × {} tiêu chí.", layout.columns.len()),
            Lang::En => format!("{total} organisations × {} criteria.", layout.columns.len()),
        };
        let head = layout
            .columns
            .iter()
            .map(|column| {
                let href =
                    addresses::with_preliminary(&addresses::criterion(&round, &column.code), preliminary);
                view! {
                    <th scope="col">
                        <a href=href title=column.name.clone()>
                            <abbr title=column.name.clone()>{column.code.clone()}</abbr>
                        </a>
                    </th>
                }
            })
            .collect_view();
        let rows = layout
            .rows
            .iter()
            .map(|row| {
                let org_href = addresses::organization(&row.organization, Some(&round));
                let cells = row
                    .cells
                    .iter()
                    .map(|cell| {
                        let org = row.organization.clone();
                        let code = cell.code.clone();
                        let href = addresses::with_preliminary(
                            &addresses::matrix_cell(&round, &org, &code),
                            preliminary,
                        );
                        let label = format!("{} — {}: {}", row.name, code, cell.kind.label(lang));
                        let current = move || {
                            selected.with(|s| {
                                s.as_ref()
                                    .is_some_and(|(o, c)| *o == org && *c == code)
                                    .then_some("true")
                            })
                        };
                        let partly = (cell.kind == CellKind::Partly)
                            .then(|| cell.credit.map(|c| format::percent(lang, c, 0)))
                            .flatten();
                        view! {
                            <td>
                                <a
                                    class=format!("cell {}", cell.kind.class())
                                    href=href
                                    aria-label=label.clone()
                                    title=label
                                    aria-current=current
                                    data-noscroll="true"
                                    data-status=cell.kind.class()
                                >
                                    <span aria-hidden="true">{cell.kind.symbol()}</span>
                                    {partly.map(|p| view! { <span class="cell-credit" aria-hidden="true">{p}</span> })}
                                </a>
                            </td>
                        }
                    })
                    .collect_view();
                view! {
                    <tr data-org=row.organization.clone()>
                        <th scope="row">
                            <a href=org_href>{row.name.clone()}</a>
                        </th>
                        {cells}
                    </tr>
                }
            })
            .collect_view();
        let counts = layout
            .columns
            .iter()
            .map(|column| {
                view! {
                    <td data-code=column.code.clone()>{format::count_of(column.met, total)}</td>
                }
            })
            .collect_view();
        view! {
            <div class="table-scroll" role="region" aria-labelledby="matrix-caption" tabindex="0">
                <table class="matrix" id="matrix-table">
                    <caption id="matrix-caption">{caption}</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t.col_organization}</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                    <tfoot>
                        <tr>
                            <th scope="row">{t.status_met}</th>
                            {counts}
                        </tr>
                    </tfoot>
                </table>
            </div>
        }
    }
}

/// The record behind the open cell: outcome, evidence, note, inspector, date and state.
#[component]
fn CellDetail(
    view: RoundView,
    selected: Memo<Selection>,
    data: LocalResource<Result<MatrixData, api::CallError>>,
) -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let records = LocalResource::new(move || {
        let selection = selected.get();
        let round = view.id();
        let preliminary = view.preliminary.get();
        async move {
            match selection {
                Some((org, code)) => api::records(round, Some(org), Some(code), preliminary)
                    .await
                    .map(|found| found.into_iter().next()),
                None => Ok(None),
            }
        }
    });
    let heading = NodeRef::<html::H2>::new();
    // Opening another cell moves focus here, so keyboard and screen-reader users land on
    // what they asked for; the first render leaves focus where it is.
    Effect::new(move |previous: Option<Selection>| {
        let now = selected.get();
        if previous.is_some()
            && now.is_some()
            && let Some(heading) = heading.get()
        {
            let _ = heading.focus();
        }
        now
    });
    let retry = Callback::new(move |()| records.refetch());
    let close_href =
        move || addresses::with_preliminary(&addresses::matrix(&view.id()), view.preliminary.get());
    view! {
        <aside class="card detail" id="cell-detail" aria-labelledby="detail-heading">
            <h2 id="detail-heading" tabindex="-1" node_ref=heading>
                {tr(|t| t.record_heading)}
            </h2>
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    let Some((org, code)) = selected.get() else {
                        return view! { <p>{tr(|t| t.pick_a_cell)}</p> }.into_any();
                    };
                    let data = data.await.ok();
                    match records.await {
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                        Ok(record) => {
                            let round = view.id();
                            view! { <RecordFields round org code record data lang=lang.get() /> }.into_any()
                        }
                    }
                })}
            </Transition>
            {move || {
                // The history is for the people who work on records; leaders read official
                // figures only, and the server refuses them the trail.
                let works_on_records = session.with(|s| {
                    s.as_ref()
                        .and_then(|u| u.as_ref())
                        .is_some_and(|u| u.role != Role::Leader)
                });
                selected
                    .get()
                    .filter(|_| works_on_records)
                    .map(|(org, code)| {
                        view! {
                            <p class="history-link">
                                <a href=addresses::record_history(&view.id(), &org, &code) id="cell-history">
                                    {tr(|t| t.history)}
                                </a>
                            </p>
                        }
                    })
            }}
            <Show when=move || selected.with(Option::is_some)>
                <p class="detail-close">
                    <a href=close_href data-noscroll="true">
                        {tr(|t| t.close)}
                    </a>
                </p>
            </Show>
        </aside>
    }
}

/// The fields of one record, or a sentence saying there is none.
#[component]
fn RecordFields(
    round: String,
    org: String,
    code: String,
    record: Option<Record>,
    data: Option<MatrixData>,
    lang: Lang,
) -> impl IntoView {
    let t = lang.texts();
    let criterion = data.as_ref().and_then(|d| {
        d.catalog
            .criteria
            .iter()
            .find(|c| c.code.as_str() == code)
            .cloned()
    });
    let name = data
        .as_ref()
        .and_then(|d| d.ranking.iter().find(|e| e.organization.as_str() == org))
        .map_or_else(|| org.clone(), |e| lang.pick(&e.name_vi, &e.name_en).to_owned());
    let kind = data
        .as_ref()
        .and_then(|d| d.scores.iter().find(|s| s.organization.as_str() == org))
        .and_then(|s| s.criteria.iter().find(|r| r.code.as_str() == code))
        .map_or(CellKind::Missing, CellKind::of);
    let criterion_name = criterion
        .as_ref()
        .map(|c| lang.pick(&c.name_vi, &c.name_en).to_owned())
        .unwrap_or_default();
    let fields = match record {
        None => view! { <p id="no-record">{t.no_record}</p> }.into_any(),
        Some(record) => {
            let outcome = outcome_text(lang, &record, criterion.as_ref());
            let date = record
                .assessed_on
                .map_or_else(|| format::MISSING.to_owned(), |d| format::date(lang, d));
            let or_dash = |text: &str| {
                if text.trim().is_empty() {
                    format::MISSING.to_owned()
                } else {
                    text.to_owned()
                }
            };
            view! {
                <dl class="detail-fields" id="record-fields">
                    <div>
                        <dt>{t.outcome}</dt>
                        <dd>{outcome}</dd>
                    </div>
                    <div>
                        <dt>{t.evidence}</dt>
                        <dd id="record-evidence"><EvidenceText text=record.evidence.clone() /></dd>
                    </div>
                    <div>
                        <dt>{t.note}</dt>
                        <dd>{or_dash(&record.note)}</dd>
                    </div>
                    <div>
                        <dt>{t.inspector}</dt>
                        <dd>{or_dash(&record.inspector)}</dd>
                    </div>
                    <div>
                        <dt>{t.assessed_on}</dt>
                        <dd>{date}</dd>
                    </div>
                    <div>
                        <dt>{t.record_state}</dt>
                        <dd>{format::record_state(lang, record.state)}</dd>
                    </div>
                </dl>
                <CellFiles round=round.clone() org=org.clone() code=code.clone() />
            }
            .into_any()
        }
    };
    view! {
        <p class="detail-title">
            <strong>{name}</strong>
            <br />
            {code.clone()}
            " — "
            {criterion_name}
        </p>
        <p class="detail-status">
            <span class=format!("cell cell-inline {}", kind.class()) aria-hidden="true">
                {kind.symbol()}
            </span>
            {kind.label(lang)}
        </p>
        {fields}
    }
}

/// The evidence files of the cell's record, read-only: anyone who may read the record may
/// open them and read their signature checks (issue 12).
#[component]
fn CellFiles(round: String, org: String, code: String) -> impl IntoView {
    let files = RwSignal::new(Vec::new());
    leptos::task::spawn_local(async move {
        if let Ok(list) = api::files(round, org).await {
            files.set(
                list.into_iter()
                    .filter(|f| f.criterion.as_str() == code)
                    .collect(),
            );
        }
    });
    view! {
        <section class="record-files" aria-label=tr(|t| t.files_heading)>
            <h4>{tr(|t| t.files_heading)}</h4>
            {move || view! { <FilesToRead files=files.get() /> }}
        </section>
    }
}
