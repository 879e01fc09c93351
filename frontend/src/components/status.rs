//! What a section says while it loads, when it fails and when there is nothing to show yet:
//! what happened and what to do, in the reader's language.

use leptos::prelude::*;

use crate::api::CallError;
use crate::context::{tr, use_lang};

/// Shown while data is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="status status-loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            <p>
                <strong>{tr(|t| t.loading)}</strong>
                {tr(|t| t.loading_note)}
            </p>
        </div>
    }
}

/// Shown above content that is being replaced, such as after picking another round.
#[component]
pub fn Refreshing(pending: ReadSignal<bool>) -> impl IntoView {
    let label = tr(|t| t.refreshing);
    view! {
        <p class="refreshing" role="status">
            {move || pending.get().then(label)}
        </p>
    }
}

/// Shown when a call failed: the server's own sentence and a way to try again.
#[component]
pub fn ErrorNotice(
    error: CallError,
    /// Runs the failed call again.
    on_retry: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    view! {
        <div class="status status-error" role="alert">
            <p>
                <strong>{tr(|t| t.load_failed)}</strong>
                {move || error.detail_in(lang.get()).to_owned()}
            </p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                {tr(|t| t.retry)}
            </button>
        </div>
    }
}

/// Shown when a page cannot show what the address asks for, with the way out.
#[component]
pub fn Problem(
    /// Says what is wrong, as a whole sentence.
    sentence: fn(&crate::i18n::Texts) -> &'static str,
    /// Where the way out leads, and its label.
    href: String,
    link: fn(&crate::i18n::Texts) -> &'static str,
) -> impl IntoView {
    view! {
        <div class="status status-error" role="alert">
            <p>{tr(sentence)}</p>
            <a class="button" href=href>
                {tr(link)}
            </a>
        </div>
    }
}

/// Shown when a call succeeded but there is nothing to list yet.
#[component]
pub fn Empty(
    /// Says what is missing and why, as a whole sentence.
    sentence: fn(&crate::i18n::Texts) -> &'static str,
) -> impl IntoView {
    view! {
        <div class="status status-empty">
            <p>
                <strong>{tr(|t| t.no_results)}</strong>
                {tr(sentence)}
            </p>
        </div>
    }
}
