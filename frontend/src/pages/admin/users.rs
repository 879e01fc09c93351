//! `/admin/users`: every user with their role, whether they may sign in, and a new user.

use leptos::prelude::*;
use scorecard_api::UserView;
use scorecard_domain::Role;

use super::{Head, Outcome, frame, outcome_view, resource_table, run, text_field};
use crate::api;
use crate::context::{tr, use_lang};
use crate::format;
use crate::i18n::{Labels, Lang};

/// The roles a user's role can change between, in the order the lists offer them. A unit
/// contact is bound to an organisation and keeps that role (issue 13).
const ROLES: [Role; 4] = [Role::Inspector, Role::Reviewer, Role::Leader, Role::Admin];

/// The roles a new user may have.
const NEW_ROLES: [Role; 5] = [
    Role::Inspector,
    Role::Reviewer,
    Role::Leader,
    Role::Admin,
    Role::Unit,
];

fn role_options(selected: Role, lang: Lang) -> impl IntoView {
    options_of(&ROLES, selected, lang)
}

fn options_of(roles: &'static [Role], selected: Role, lang: Lang) -> impl IntoView {
    roles
        .iter()
        .map(|&role| {
            view! {
                <option value=role.as_str() selected=role == selected>{format::role(lang, role)}</option>
            }
        })
        .collect_view()
}

/// The columns of the users table.
const HEADS: &[Head] = &[
    Head::Shown(|t| t.username),
    Head::Shown(|t| t.display_name),
    Head::Shown(|t| t.role),
    Head::Hidden(|t| t.action),
];

/// `/admin/users`.
#[component]
pub fn AdminUsers() -> impl IntoView {
    frame(|t| t.admin_users, || view! { <Users /> })
}

#[component]
fn Users() -> impl IntoView {
    let lang = use_lang();
    let users = LocalResource::new(api::users);
    let outcome: Outcome = RwSignal::new(None);
    let (username, display_name, password) = (
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
        RwSignal::new(String::new()),
    );
    let role = RwSignal::new(Role::Inspector);
    let organization = RwSignal::new(String::new());
    let organizations = LocalResource::new(api::organizations);
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let call = async move {
            let picked = role.get_untracked();
            let organization = (picked == Role::Unit).then(|| organization.get_untracked());
            api::create_user(
                username.get_untracked(),
                display_name.get_untracked(),
                picked,
                password.get_untracked(),
                organization,
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
    // A role change leaves access as it is; the buttons change access and leave the role.
    let change = move |id: i64, role: Option<Role>, disabled: Option<bool>| {
        run(
            outcome,
            async move { api::update_user(id, role, disabled).await.map(drop) },
            move || users.refetch(),
        );
    };
    let row = move |view: UserView, lang: Lang| {
        let t = lang.texts();
        let UserView { user, disabled } = view;
        let id = user.id;
        let select_id = format!("role-{id}");
        view! {
            <tr data-disabled=disabled.to_string()>
                <td>{user.username.clone()}</td>
                <td>{user.display_name.clone()}</td>
                <td>
                    {match &user.organization {
                        Some(org) => format!("{} ({org})", format::role(lang, user.role)).into_any(),
                        None => view! {
                            <label class="visually-hidden" for=select_id.clone()>{t.role}</label>
                            <select
                                id=select_id
                                on:change=move |ev| change(id, Role::parse(&event_target_value(&ev)), None)
                            >
                                {role_options(user.role, lang)}
                            </select>
                        }
                        .into_any(),
                    }}
                </td>
                <td class="actions">
                    <button
                        type="button"
                        class="button button-quiet"
                        disabled=disabled
                        on:click=move |_| change(id, None, Some(true))
                    >
                        {t.disable}
                    </button>
                    <button
                        type="button"
                        class="button button-quiet"
                        disabled=!disabled
                        on:click=move |_| change(id, None, Some(false))
                    >
                        {t.enable}
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        {outcome_view(outcome, "admin-outcome")}
        {resource_table("users-table", HEADS, None, users, row)}
        <form class="form form-grid" on:submit=create>
            <h2>{tr(|t| t.add_user)}</h2>
            {text_field("new-username", |t| t.username, username, "text")}
            {text_field("new-display-name", |t| t.display_name, display_name, "text")}
            <div class="field">
                <label for="new-role">{tr(|t| t.role)}</label>
                <select
                    id="new-role"
                    on:change=move |ev| {
                        if let Some(picked) = Role::parse(&event_target_value(&ev)) {
                            role.set(picked);
                        }
                    }
                >
                    {move || options_of(&NEW_ROLES, role.get_untracked(), lang.get())}
                </select>
            </div>
            {move || (role.get() == Role::Unit).then(|| view! {
                <div class="field">
                    <label for="new-organization">{tr(|t| t.unit_organization)}</label>
                    <select id="new-organization" on:change=move |ev| organization.set(event_target_value(&ev))>
                        <option value="">"—"</option>
                        {move || organizations.get().and_then(Result::ok).map(|list| {
                            let l = lang.get();
                            list.into_iter()
                                .map(|o| {
                                    let id = o.id.to_string();
                                    view! { <option value=id.clone()>{format!("{} ({id})", l.pick(&o.name_vi, &o.name_en))}</option> }
                                })
                                .collect_view()
                        })}
                    </select>
                </div>
            })}
            {text_field("new-password", |t| t.password, password, "password")}
            <p class="hint">{tr(|t| t.password_rule)}</p>
            <button type="submit" class="button">{tr(|t| t.add_user)}</button>
        </form>
    }
}
