//! Signing in: user name and password, the server's sentence when it refuses (wrong
//! credentials, or too many attempts with the wait), then the page the reader came from.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::addresses;
use crate::api;
use crate::context::{tr, use_lang, use_session};
use crate::pages::keep_title;

/// The sign-in form.
#[component]
pub fn SignInPage() -> impl IntoView {
    keep_title(|t| t.sign_in, String::new);
    let lang = use_lang();
    let session = use_session();
    let query = use_query_map();
    let navigate = use_navigate();
    let username = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<api::CallError>);
    let busy = RwSignal::new(false);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let navigate = navigate.clone();
        let next = query.with_untracked(|q| q.get("next"));
        leptos::task::spawn_local(async move {
            match api::sign_in(username.get_untracked(), password.get_untracked()).await {
                Ok(user) => {
                    let target = addresses::after_sign_in(next.as_deref(), user.role);
                    session.set(Some(Some(user)));
                    navigate(&target, Default::default());
                }
                Err(failure) => {
                    password.set(String::new());
                    error.set(Some(failure));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <div class="card sign-in">
            <h1 class="page-title">{tr(|t| t.sign_in)}</h1>
            <p class="muted">{tr(|t| t.sign_in_note)}</p>
            <form class="form" id="sign-in-form" on:submit=on_submit>
                <div class="field">
                    <label for="username">{tr(|t| t.username)}</label>
                    <input
                        id="username"
                        name="username"
                        autocomplete="username"
                        required
                        prop:value=move || username.get()
                        on:input=move |ev| username.set(event_target_value(&ev))
                    />
                </div>
                <div class="field">
                    <label for="password">{tr(|t| t.password)}</label>
                    <input
                        id="password"
                        name="password"
                        type="password"
                        autocomplete="current-password"
                        required
                        prop:value=move || password.get()
                        on:input=move |ev| password.set(event_target_value(&ev))
                    />
                </div>
                {move || {
                    error
                        .get()
                        .map(|error| {
                            view! {
                                <div class="status status-error" role="alert" id="sign-in-error">
                                    <p>
                                        <strong>{tr(|t| t.sign_in_failed)}</strong>
                                        " "
                                        {error.detail_in(lang.get()).to_owned()}
                                    </p>
                                </div>
                            }
                        })
                }}
                <button type="submit" class="button" id="sign-in-submit" disabled=move || busy.get()>
                    {move || if busy.get() { tr(|t| t.signing_in)() } else { tr(|t| t.sign_in)() }}
                </button>
            </form>
        </div>
    }
}
