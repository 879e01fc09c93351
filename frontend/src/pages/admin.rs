//! The administration pages: users and roles, rounds and their states, assignments and
//! reviewers per round, catalog versions, and the audit trail with its verification.
//! Every change goes through the API, which writes the audit entry.

use crate::i18n::Labels;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_location, use_params_map};
use scorecard_domain::{Catalog, CatalogId, CriterionKind, RoundState};

use crate::api::{self, ApiError, NewRound};
use crate::app::{tr, use_lang};
use crate::components::guard::for_roles;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::format;
use crate::i18n::{Lang, Texts};
use crate::model::{AuditVerdict, SessionUser};
use crate::pages::keep_title;
use crate::routes;
use crate::view_model::checklist::{audit_time, change_summary, parse_percent};

/// A label of `Texts`.
type Label = fn(&Texts) -> &'static str;

const ROLES: [&str; 4] = ["inspector", "reviewer", "leader", "admin"];

/// The frame of every administration page: the heading, the links between them, the page.
fn frame<V: IntoView + 'static>(
    title: fn(&Texts) -> &'static str,
    page: impl Fn() -> V + Send + Sync + 'static,
) -> impl IntoView {
    keep_title(title, String::new);
    let location = use_location();
    let link = move |href: &'static str, label: fn(&Texts) -> &'static str| {
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
                </ul>
            </nav>
            {for_roles(&["admin"], move |_| page())}
        </div>
    }
}

/// A sentence after an action: done, or the server's reason.
type Outcome = RwSignal<Option<Result<(), ApiError>>>;

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
    F: std::future::Future<Output = Result<(), ApiError>> + 'static,
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

fn text_field(
    id: &'static str,
    label: fn(&Texts) -> &'static str,
    value: RwSignal<String>,
    kind: &'static str,
) -> impl IntoView {
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

fn role_options(selected: String, lang: Lang) -> impl IntoView {
    ROLES
        .iter()
        .map(|role| {
            let is = selected == *role;
            view! { <option value=*role selected=is>{format::role(lang, role)}</option> }
        })
        .collect_view()
}

/// `/admin/users`.
#[component]
pub fn AdminUsers() -> impl IntoView {
    frame(|t| t.admin_users, || view! { <Users /> })
}

#[component]
fn Users() -> impl IntoView {
    let lang = use_lang();
    let users = LocalResource::new(api::users);
    let retry = Callback::new(move |()| users.refetch());
    let outcome: Outcome = RwSignal::new(None);
    let (username, display_name, role, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new("inspector".to_owned()),
        RwSignal::new(String::new()),
    );
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let call = async move {
            api::create_user(
                username.get_untracked(),
                display_name.get_untracked(),
                role.get_untracked(),
                password.get_untracked(),
            )
            .await
            .map(drop)
        };
        run(outcome, call, move || {
            username.set(String::new());
            display_name.set(String::new());
            password.set(String::new());
            users.refetch();
        });
    };
    let change = move |user: SessionUser, role: String, disabled: bool| {
        run(
            outcome,
            async move { api::update_user(user.id, role, disabled).await.map(drop) },
            move || users.refetch(),
        );
    };
    view! {
        {outcome_view(outcome, "admin-outcome")}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match users.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok(list) => {
                        let l = lang.get();
                        let t = l.texts();
                        let rows = list
                            .into_iter()
                            .map(|user| {
                                let select_id = format!("role-{}", user.id);
                                let (for_role, for_disable, for_enable) = (user.clone(), user.clone(), user.clone());
                                view! {
                                    <tr>
                                        <td>{user.username.clone()}</td>
                                        <td>{user.display_name.clone()}</td>
                                        <td>
                                            <label class="visually-hidden" for=select_id.clone()>{t.role}</label>
                                            <select
                                                id=select_id
                                                on:change=move |ev| change(for_role.clone(), event_target_value(&ev), false)
                                            >
                                                {role_options(user.role.clone(), l)}
                                            </select>
                                        </td>
                                        <td class="actions">
                                            <button type="button" class="button button-quiet" on:click=move |_| {
                                                let role = for_disable.role.clone();
                                                change(for_disable.clone(), role, true)
                                            }>{t.disable}</button>
                                            <button type="button" class="button button-quiet" on:click=move |_| {
                                                let role = for_enable.role.clone();
                                                change(for_enable.clone(), role, false)
                                            }>{t.enable}</button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-scroll">
                                <table class="data-table" id="users-table">
                                    <thead><tr>
                                        <th scope="col">{t.username}</th>
                                        <th scope="col">{t.display_name}</th>
                                        <th scope="col">{t.role}</th>
                                        <th scope="col"><span class="visually-hidden">{t.action}</span></th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
        <form class="form form-grid" on:submit=create>
            <h2>{tr(|t| t.add_user)}</h2>
            {text_field("new-username", |t| t.username, username, "text")}
            {text_field("new-display-name", |t| t.display_name, display_name, "text")}
            <div class="field">
                <label for="new-role">{tr(|t| t.role)}</label>
                <select id="new-role" on:change=move |ev| role.set(event_target_value(&ev))>
                    {move || role_options(role.get_untracked(), lang.get())}
                </select>
            </div>
            {text_field("new-password", |t| t.password, password, "password")}
            <p class="hint">{tr(|t| t.password_rule)}</p>
            <button type="submit" class="button">{tr(|t| t.add_user)}</button>
        </form>
    }
}

/// `/admin/rounds`.
#[component]
pub fn AdminRounds() -> impl IntoView {
    frame(|t| t.admin_rounds, || view! { <Rounds /> })
}

#[component]
fn Rounds() -> impl IntoView {
    let lang = use_lang();
    let rounds = LocalResource::new(api::rounds);
    let retry = Callback::new(move |()| rounds.refetch());
    let outcome: Outcome = RwSignal::new(None);
    let fields: [RwSignal<String>; 6] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [id, catalog, name_vi, name_en, starts_on, ends_on] = fields;
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let round = NewRound {
            id: id.get_untracked(),
            catalog: catalog.get_untracked(),
            name_vi: name_vi.get_untracked(),
            name_en: name_en.get_untracked(),
            starts_on: starts_on.get_untracked(),
            ends_on: ends_on.get_untracked(),
        };
        run(outcome, api::create_round(round), move || rounds.refetch());
    };
    let move_to = move |round: String, state: &'static str| {
        run(outcome, api::set_round_state(round, state), move || {
            rounds.refetch()
        });
    };
    view! {
        {outcome_view(outcome, "admin-outcome")}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match rounds.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok(list) => {
                        let l = lang.get();
                        let t = l.texts();
                        let rows = list
                            .into_iter()
                            .map(|round| {
                                let rid = round.id.to_string();
                                let next: &[(&'static str, Label)] = match round.state {
                                    RoundState::Planned => &[("open", |t| t.open_round)],
                                    RoundState::Open => &[("closed", |t| t.close_round)],
                                    RoundState::Closed => &[("open", |t| t.reopen_round), ("published", |t| t.publish_round)],
                                    RoundState::Published => &[],
                                };
                                let buttons = next
                                    .iter()
                                    .map(|(state, label)| {
                                        let rid = rid.clone();
                                        let state = *state;
                                        view! {
                                            <button
                                                type="button"
                                                class="button button-quiet"
                                                data-state=state
                                                on:click=move |_| move_to(rid.clone(), state)
                                            >
                                                {label(t)}
                                            </button>
                                        }
                                    })
                                    .collect_view();
                                view! {
                                    <tr id=format!("round-{rid}")>
                                        <td>{rid.clone()}</td>
                                        <td>{l.pick(&round.name_vi, &round.name_en).to_owned()}</td>
                                        <td>{round.catalog.to_string()}</td>
                                        <td>{format::state(l, round.state)}</td>
                                        <td class="actions">
                                            {buttons}
                                            <a href=routes::admin(&format!("rounds/{rid}"))>{t.manage_round}</a>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-scroll">
                                <table class="data-table" id="rounds-table">
                                    <thead><tr>
                                        <th scope="col">{t.round_id}</th>
                                        <th scope="col">{t.round}</th>
                                        <th scope="col">{t.catalog}</th>
                                        <th scope="col">{t.record_state}</th>
                                        <th scope="col"><span class="visually-hidden">{t.action}</span></th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
        <form class="form form-grid" on:submit=create>
            <h2>{tr(|t| t.create_round)}</h2>
            {text_field("round-id", |t| t.round_id, id, "text")}
            {text_field("round-catalog", |t| t.catalog, catalog, "text")}
            {text_field("round-name-vi", |t| t.name_vi, name_vi, "text")}
            {text_field("round-name-en", |t| t.name_en, name_en, "text")}
            {text_field("round-starts", |t| t.starts_on, starts_on, "date")}
            {text_field("round-ends", |t| t.ends_on, ends_on, "date")}
            <button type="submit" class="button">{tr(|t| t.create_round)}</button>
        </form>
    }
}

/// `/admin/rounds/{round}`: assignments and reviewers of one round.
#[component]
pub fn AdminRound() -> impl IntoView {
    frame(|t| t.manage_round, || view! { <RoundPeople /> })
}

#[component]
fn RoundPeople() -> impl IntoView {
    let lang = use_lang();
    let params = use_params_map();
    let round = move || params.with(|p| p.get("round").unwrap_or_default());
    let data = LocalResource::new(move || {
        let round = round();
        async move {
            let assignments = api::assignments(round.clone()).await?;
            let reviewers = api::reviewers(round).await?;
            let users = api::users().await?;
            let organizations = api::organizations().await?;
            Ok::<_, ApiError>((assignments, reviewers, users, organizations))
        }
    });
    let retry = Callback::new(move |()| data.refetch());
    let outcome: Outcome = RwSignal::new(None);
    view! {
        <h2>{tr(|t| t.round)} " " {round}</h2>
        {outcome_view(outcome, "admin-outcome")}
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok((assignments, reviewers, users, organizations)) => {
                        let l = lang.get();
                        let t = l.texts();
                        let rid = round();
                        let inspectors: Vec<SessionUser> = users.iter().filter(|u| u.role == "inspector").cloned().collect();
                        let assignment_rows = assignments
                            .into_iter()
                            .map(|a| {
                                let name = organizations
                                    .iter()
                                    .find(|o| o.id.as_str() == a.organization)
                                    .map_or_else(|| a.organization.clone(), |o| l.pick(&o.name_vi, &o.name_en).to_owned());
                                let current = a.inspector.as_ref().map(|u| u.id);
                                let options = inspectors
                                    .iter()
                                    .map(|u| view! { <option value=u.id.to_string() selected=current == Some(u.id)>{u.name().to_owned()}</option> })
                                    .collect_view();
                                let select_id = format!("assign-{}", a.organization);
                                let (rid, org) = (rid.clone(), a.organization.clone());
                                view! {
                                    <tr>
                                        <td><label for=select_id.clone()>{name}</label></td>
                                        <td>
                                            <select id=select_id on:change=move |ev| {
                                                let inspector = event_target_value(&ev).parse::<i64>().ok();
                                                run(outcome, api::assign(rid.clone(), org.clone(), inspector), move || data.refetch());
                                            }>
                                                <option value="" selected=current.is_none()>{t.nobody}</option>
                                                {options}
                                            </select>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        let reviewer_items = if reviewers.is_empty() {
                            view! { <li>{t.no_reviewers}</li> }.into_any()
                        } else {
                            reviewers
                                .iter()
                                .map(|u| {
                                    let (rid, id) = (rid.clone(), u.id);
                                    view! {
                                        <li>
                                            {u.name().to_owned()} " "
                                            <button type="button" class="button button-quiet" on:click=move |_| {
                                                run(outcome, api::set_reviewer(rid.clone(), id, false), move || data.refetch());
                                            }>{t.remove}</button>
                                        </li>
                                    }
                                })
                                .collect_view()
                                .into_any()
                        };
                        let candidates = users
                            .iter()
                            .filter(|u| u.role == "reviewer" && !reviewers.iter().any(|r| r.id == u.id))
                            .map(|u| view! { <option value=u.id.to_string()>{u.name().to_owned()}</option> })
                            .collect_view();
                        let rid_add = rid.clone();
                        view! {
                            <h3>{t.assignments}</h3>
                            <table class="data-table" id="assignments-table">
                                <thead><tr><th scope="col">{t.col_organization}</th><th scope="col">{t.inspector}</th></tr></thead>
                                <tbody>{assignment_rows}</tbody>
                            </table>
                            <h3>{t.reviewers}</h3>
                            <ul id="reviewers-list">{reviewer_items}</ul>
                            <div class="field">
                                <label for="add-reviewer">{t.add_reviewer}</label>
                                <select id="add-reviewer" on:change=move |ev| {
                                    if let Ok(id) = event_target_value(&ev).parse::<i64>() {
                                        run(outcome, api::set_reviewer(rid_add.clone(), id, true), move || data.refetch());
                                    }
                                }>
                                    <option value="">"—"</option>
                                    {candidates}
                                </select>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// `/admin/catalogs`: the versions rounds use, and a new version from one of them.
#[component]
pub fn AdminCatalogs() -> impl IntoView {
    frame(|t| t.admin_catalogs, || view! { <Catalogs /> })
}

#[component]
fn Catalogs() -> impl IntoView {
    let lang = use_lang();
    // There is no list of catalogs in the API: the versions are those the rounds use.
    let data = LocalResource::new(|| async {
        let rounds = api::rounds().await?;
        let mut ids: Vec<CatalogId> = Vec::new();
        for round in &rounds {
            if !ids.contains(&round.catalog) {
                ids.push(round.catalog.clone());
            }
        }
        let mut catalogs = Vec::new();
        for id in ids {
            let used: Vec<String> = rounds
                .iter()
                .filter(|r| r.catalog == id)
                .map(|r| r.id.to_string())
                .collect();
            catalogs.push((api::catalog(id).await?, used));
        }
        Ok::<_, ApiError>(catalogs)
    });
    let retry = Callback::new(move |()| data.refetch());
    let editing = RwSignal::new(None::<Catalog>);
    view! {
        <p class="muted">{tr(|t| t.catalog_note)}</p>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match data.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok(list) => {
                        let l = lang.get();
                        let t = l.texts();
                        let rows = list
                            .into_iter()
                            .map(|(catalog, used)| {
                                let source = catalog.clone();
                                view! {
                                    <tr>
                                        <td>{catalog.id.to_string()}</td>
                                        <td>{catalog.version}</td>
                                        <td>{l.pick(&catalog.name_vi, &catalog.name_en).to_owned()}</td>
                                        <td>{used.join(", ")}</td>
                                        <td>
                                            <button type="button" class="button button-quiet" on:click=move |_| editing.set(Some(source.clone()))>
                                                {t.new_version}
                                            </button>
                                        </td>
                                    </tr>
                                }
                            })
                            .collect_view();
                        view! {
                            <div class="table-scroll">
                                <table class="data-table" id="catalogs-table">
                                    <thead><tr>
                                        <th scope="col">{t.catalog}</th>
                                        <th scope="col">{t.version}</th>
                                        <th scope="col">{t.round}</th>
                                        <th scope="col">{t.used_by}</th>
                                        <th scope="col"><span class="visually-hidden">{t.action}</span></th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
        {move || editing.get().map(|source| view! { <NewVersion source /> })}
    }
}

/// A new catalog version from an old one: new id, names, weights and ratio targets.
#[component]
fn NewVersion(source: Catalog) -> impl IntoView {
    let lang = use_lang();
    let outcome: Outcome = RwSignal::new(None);
    let id = RwSignal::new(format!("{}-v{}", source.family, source.version + 1));
    let name_vi = RwSignal::new(source.name_vi.clone());
    let weights: Vec<RwSignal<String>> = source
        .criteria
        .iter()
        .map(|c| RwSignal::new(format::number(Lang::Vi, c.weight, 2)))
        .collect();
    let targets: Vec<RwSignal<String>> = source
        .criteria
        .iter()
        .map(|c| match c.kind {
            CriterionKind::Ratio { target } => RwSignal::new(format::number(Lang::Vi, target * 100.0, 2)),
            _ => RwSignal::new(String::new()),
        })
        .collect();
    let rows = source
        .criteria
        .iter()
        .zip(weights.iter().zip(targets.iter()))
        .map(|(c, (weight, target))| {
            let (weight, target) = (*weight, *target);
            let code = c.code.to_string();
            let is_ratio = matches!(c.kind, CriterionKind::Ratio { .. });
            let weight_id = format!("weight-{code}");
            let target_id = format!("target-{code}");
            view! {
                <tr>
                    <th scope="row">{code.clone()} " " {lang.get_untracked().pick(&c.name_vi, &c.name_en).to_owned()}</th>
                    <td>
                        <label class="visually-hidden" for=weight_id.clone()>{tr(|t| t.weight)}</label>
                        <input id=weight_id inputmode="decimal" class="narrow" prop:value=move || weight.get() on:input=move |ev| weight.set(event_target_value(&ev)) />
                    </td>
                    <td>
                        {is_ratio.then(|| view! {
                            <label class="visually-hidden" for=target_id.clone()>{tr(|t| t.target)}</label>
                            <input id=target_id.clone() inputmode="decimal" class="narrow" prop:value=move || target.get() on:input=move |ev| target.set(event_target_value(&ev)) />
                            " %"
                        })}
                    </td>
                </tr>
            }
        })
        .collect_view();
    let source = StoredValue::new(source);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut catalog = source.get_value();
        let bad = |field: &str| ApiError {
            detail: format!("Giá trị của {field} không hợp lệ: hãy nhập một số, ví dụ 15 hoặc 12,5."),
            detail_en: format!("The value of {field} is not valid: type a number such as 15 or 12.5."),
            status: None,
        };
        let parsed = CatalogId::parse(&id.get_untracked()).map_err(|_| bad("id"));
        let mut result: Result<(), ApiError> = parsed.map(|new_id| catalog.id = new_id);
        catalog.version += 1;
        catalog.name_vi = name_vi.get_untracked();
        for (criterion, (weight, target)) in catalog
            .criteria
            .iter_mut()
            .zip(weights.iter().zip(targets.iter()))
        {
            // Weights up to 999 with up to 4 decimals read the same way as percentages.
            match parse_percent(&weight.get_untracked()) {
                Some(share) => criterion.weight = share * 100.0,
                None => result = Err(bad(criterion.code.as_str())),
            }
            if let CriterionKind::Ratio { target: t } = &mut criterion.kind {
                match parse_percent(&target.get_untracked()) {
                    Some(share) if share > 0.0 => *t = share,
                    _ => result = Err(bad(criterion.code.as_str())),
                }
            }
        }
        match result {
            Err(error) => outcome.set(Some(Err(error))),
            Ok(()) => spawn_local(async move { outcome.set(Some(api::add_catalog(&catalog).await)) }),
        }
    };
    view! {
        <form class="form new-version" on:submit=create>
            <h2>{tr(|t| t.new_version)}</h2>
            {text_field("catalog-id", |t| t.new_catalog_id, id, "text")}
            {text_field("catalog-name-vi", |t| t.name_vi, name_vi, "text")}
            <table class="data-table">
                <thead><tr>
                    <th scope="col">{tr(|t| t.criterion)}</th>
                    <th scope="col">{tr(|t| t.weight)}</th>
                    <th scope="col">{tr(|t| t.target)}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
            {move || outcome.get().map(|result| match result {
                Ok(()) => view! { <p class="status status-done" role="status">{tr(|t| t.catalog_created)}</p> }.into_any(),
                Err(error) => view! { <p class="status status-error" role="alert">{error.detail_in(lang.get()).to_owned()}</p> }.into_any(),
            })}
            <button type="submit" class="button">{tr(|t| t.create_version)}</button>
        </form>
    }
}

/// `/admin/audit`: the trail with filters, and the verification of its chain.
#[component]
pub fn AdminAudit() -> impl IntoView {
    frame(|t| t.admin_audit, || view! { <Audit /> })
}

#[component]
fn Audit() -> impl IntoView {
    let lang = use_lang();
    let fields: [RwSignal<String>; 4] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [target, actor, since, until] = fields;
    let query = RwSignal::new("limit=200".to_owned());
    let entries = LocalResource::new(move || api::audit(query.get()));
    let retry = Callback::new(move |()| entries.refetch());
    let filter = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut parts = vec!["limit=200".to_owned()];
        for (key, value) in [
            ("target", target),
            ("actor", actor),
            ("since", since),
            ("until", until),
        ] {
            let value = value.get_untracked();
            let value = value.trim();
            if !value.is_empty() {
                // The until day is inclusive: every entry of that day is before the next.
                let value = if key == "until" {
                    format!("{value}T23:59:59.999Z")
                } else {
                    value.to_owned()
                };
                parts.push(format!("{key}={}", encode(&value)));
            }
        }
        query.set(parts.join("&"));
    };
    let verdict = RwSignal::new(None::<Result<AuditVerdict, ApiError>>);
    let verify = move |_| spawn_local(async move { verdict.set(Some(api::verify_audit().await)) });
    view! {
        <p class="muted">{tr(|t| t.audit_note)}</p>
        <div class="verify">
            <button type="button" class="button" id="verify-audit" on:click=verify>{tr(|t| t.verify)}</button>
            <p id="verify-result" role="status">
                {move || verdict.get().map(|v| match (v, lang.get()) {
                    (Ok(AuditVerdict::Intact { entries }), Lang::Vi) => format!("Chuỗi nhật ký nguyên vẹn: {entries} mục, không mục nào bị sửa, xoá hay đảo thứ tự."),
                    (Ok(AuditVerdict::Intact { entries }), Lang::En) => format!("The chain is intact: {entries} entries, none changed, deleted or reordered."),
                    (Ok(AuditVerdict::Broken { seq, problem }), Lang::Vi) => format!("Chuỗi nhật ký bị hỏng tại mục {seq}: {problem}"),
                    (Ok(AuditVerdict::Broken { seq, problem }), Lang::En) => format!("The chain is broken at entry {seq}: {problem}"),
                    (Err(error), lang) => error.detail_in(lang).to_owned(),
                })}
            </p>
        </div>
        <form class="form form-grid" on:submit=filter>
            {text_field("audit-target", |t| t.target_filter, target, "text")}
            {text_field("audit-actor", |t| t.actor, actor, "text")}
            {text_field("audit-since", |t| t.since, since, "date")}
            {text_field("audit-until", |t| t.until, until, "date")}
            <button type="submit" class="button">{tr(|t| t.filter)}</button>
        </form>
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                match entries.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok(list) if list.is_empty() => view! { <Empty sentence=|t| t.no_audit /> }.into_any(),
                    Ok(list) => {
                        let l = lang.get();
                        let t = l.texts();
                        let rows = list
                            .into_iter()
                            .map(|e| view! {
                                <tr>
                                    <td>{e.seq}</td>
                                    <td>{audit_time(l, &e.at)}</td>
                                    <td>{e.actor}</td>
                                    <td>{e.action}</td>
                                    <td>{e.target}</td>
                                    <td>{change_summary(&e.after)}</td>
                                </tr>
                            })
                            .collect_view();
                        view! {
                            <div class="table-scroll">
                                <table class="data-table" id="audit-table">
                                    <thead><tr>
                                        <th scope="col">"#"</th>
                                        <th scope="col">{t.time}</th>
                                        <th scope="col">{t.actor}</th>
                                        <th scope="col">{t.action}</th>
                                        <th scope="col">{t.target}</th>
                                        <th scope="col">{t.change}</th>
                                    </tr></thead>
                                    <tbody>{rows}</tbody>
                                </table>
                            </div>
                        }
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// Escapes a filter value for the query string (targets hold `:` and `/`).
fn encode(value: &str) -> String {
    let mut out = String::new();
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(byte as char),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}
