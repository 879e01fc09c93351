//! The administration pages, one file each: users and roles (`users.rs`), rounds and their
//! states (`rounds.rs`), one round's assignments and reviewers (`round.rs`) with the import of
//! a file of results (`import.rs`), catalog versions (`catalogs.rs`), the audit trail with
//! its verification (`audit.rs`) and the signature check's trusted roots (`trust.rs`). Every change goes through the API, which writes the audit
//! entry; what the pages share is here.

mod audit;
mod catalogs;
mod import;
mod round;
mod rounds;
mod schedule;
mod trust;
mod users;

pub use audit::AdminAudit;
pub use catalogs::AdminCatalogs;
pub use round::AdminRound;
pub use rounds::AdminRounds;
pub use trust::AdminTrustRoots;
pub use users::AdminUsers;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::use_location;
use scorecard_domain::Role;

use crate::api::CallError;
use crate::components::guard::for_roles;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::context::{tr, use_lang};
use crate::i18n::{Labels, Lang, Texts};
use crate::pages::keep_title;

/// A label of `Texts`.
type Label = fn(&Texts) -> &'static str;

/// The frame of every administration page: the heading, the links between them, the page.
fn frame<V: IntoView + 'static>(title: Label, page: impl Fn() -> V + Send + Sync + 'static) -> impl IntoView {
    keep_title(title, String::new);
    let location = use_location();
    let link = move |href: &'static str, label: Label| {
        let current = move || location.pathname.get().starts_with(href).then_some("page");
        view! {
            <li>
                <a href=href aria-current=current>{tr(label)}</a>
            </li>
        }
    };
    view! {
        <div class="card">
            <h1 class="page-title">{tr(title)}</h1>
            <nav class="admin-nav" aria-label=tr(|t| t.admin_nav)>
                <ul>
                    {link("/admin/users", |t| t.admin_users)}
                    {link("/admin/rounds", |t| t.admin_rounds)}
                    {link("/admin/catalogs", |t| t.admin_catalogs)}
                    {link("/admin/audit", |t| t.admin_audit)}
                    {link("/admin/trust-roots", |t| t.admin_trust)}
                </ul>
            </nav>
            {for_roles(&[Role::Admin], move |_| page())}
        </div>
    }
}

/// A sentence after an action: done, or the server's reason.
type Outcome = RwSignal<Option<Result<(), CallError>>>;

fn outcome_view(outcome: Outcome, id: &'static str) -> impl IntoView {
    let lang = use_lang();
    move || {
        outcome.get().map(|result| match result {
            Ok(()) => {
                view! { <p class="status status-done" role="status" id=id>{tr(|t| t.saved)}</p> }.into_any()
            }
            Err(error) => view! {
                <p class="status status-error" role="alert" id=id>{error.detail_in(lang.get()).to_owned()}</p>
            }
            .into_any(),
        })
    }
}

/// Runs an API call, then shows its outcome and reloads what it changed.
fn run<F>(outcome: Outcome, call: F, then: impl FnOnce() + 'static)
where
    F: std::future::Future<Output = Result<(), CallError>> + 'static,
{
    spawn_local(async move {
        let result = call.await;
        let ok = result.is_ok();
        outcome.set(Some(result));
        if ok {
            then();
        }
    });
}

/// A labelled input bound to a signal.
fn text_field(id: &'static str, label: Label, value: RwSignal<String>, kind: &'static str) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{tr(label)}</label>
            <input
                id=id
                type=kind
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
            />
        </div>
    }
}

/// A column head of an administration table: its label, or a label only screen readers read
/// (the column of buttons).
#[derive(Clone, Copy)]
enum Head {
    Shown(Label),
    Hidden(Label),
    Text(&'static str),
}

/// A table of the items a resource loads, with the states every list shows while loading,
/// on an error (with a retry) and, given `empty`, when there is nothing: the heads, then one
/// row per item in the reader's language.
fn resource_table<T, V>(
    id: &'static str,
    heads: &'static [Head],
    empty: Option<Label>,
    resource: LocalResource<Result<Vec<T>, CallError>>,
    row: impl Fn(T, Lang) -> V + Copy + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let lang = use_lang();
    let retry = Callback::new(move |()| resource.refetch());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match (resource.await, empty) {
                    (Err(error), _) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    (Ok(list), Some(sentence)) if list.is_empty() => view! { <Empty sentence /> }.into_any(),
                    (Ok(list), _) => {
                        let l = lang.get();
                        let rows = list.into_iter().map(|item| row(item, l)).collect_view();
                        data_table(id, l.texts(), heads, rows).into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// The table every administration page lists its items in: a scrolling frame, the heads in
/// the reader's language (`t`), the rows.
fn data_table(
    id: &'static str,
    t: &'static Texts,
    heads: &[Head],
    rows: impl IntoView + 'static,
) -> impl IntoView {
    let heads = heads
        .iter()
        .map(|head| match *head {
            Head::Shown(label) => view! { <th scope="col">{label(t)}</th> }.into_any(),
            Head::Hidden(label) => view! {
                <th scope="col"><span class="visually-hidden">{label(t)}</span></th>
            }
            .into_any(),
            Head::Text(text) => view! { <th scope="col">{text}</th> }.into_any(),
        })
        .collect_view();
    view! {
        <div class="table-scroll">
            <table class="data-table" id=id>
                <thead><tr>{heads}</tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
