//! `/admin/trust-roots`: the root certificates the signature check trusts (issue 12): the
//! national root and the government-specialised root in a real deployment. Adding or removing
//! one checks every stored PDF again.

use leptos::prelude::*;
use leptos::task::spawn_local;
use scorecard_api::evidence::TrustRootView;
use wasm_bindgen::JsCast;

use super::{Head, frame, resource_table};
use crate::api::{self, CallError};
use crate::context::{tr, use_lang};
use crate::i18n::Lang;

const HEADS: &[Head] = &[
    Head::Shown(|t| t.trust_subject),
    Head::Shown(|t| t.trust_valid_until),
    Head::Text("SHA-256"),
    Head::Hidden(|t| t.action),
];

/// `/admin/trust-roots`.
#[component]
pub fn AdminTrustRoots() -> impl IntoView {
    frame(|t| t.admin_trust, || view! { <TrustRoots /> })
}

#[component]
fn TrustRoots() -> impl IntoView {
    let lang = use_lang();
    let roots = LocalResource::new(api::trust_roots);
    let outcome = RwSignal::new(None::<Result<usize, CallError>>);
    let busy = RwSignal::new(false);
    let finish = move |result: Result<usize, CallError>| {
        busy.set(false);
        let ok = result.is_ok();
        outcome.set(Some(result));
        if ok {
            roots.refetch();
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let file = document()
            .get_element_by_id("trust-file")
            .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            .and_then(|input| input.files())
            .and_then(|files| files.item(0));
        let Some(file) = file else {
            outcome.set(Some(Err(CallError::new(
                "Hãy chọn một tệp trước.",
                "Choose a file first.",
            ))));
            return;
        };
        busy.set(true);
        spawn_local(async move { finish(api::add_trust_roots(file).await.map(|r| r.rechecked)) });
    };
    let remove = move |sha256: String| {
        busy.set(true);
        spawn_local(async move { finish(api::remove_trust_root(&sha256).await.map(|r| r.rechecked)) });
    };
    view! {
        <p class="muted">{tr(|t| t.trust_note)}</p>
        <form class="form" on:submit=add>
            <div class="field">
                <label for="trust-file">{tr(|t| t.trust_file)}</label>
                <input id="trust-file" type="file" accept=".pem,.crt,.cer,.der" />
            </div>
            <button type="submit" class="button" disabled=move || busy.get()>{tr(|t| t.trust_add)}</button>
        </form>
        <p id="trust-outcome" role="status">
            {move || outcome.get().map(|result| match (result, lang.get()) {
                (Ok(n), Lang::Vi) => format!("Đã lưu. Đã kiểm tra lại {n} tệp PDF với các chứng thư gốc mới."),
                (Ok(n), Lang::En) => format!("Saved. {n} stored PDF(s) were checked again with the roots as they are now."),
                (Err(error), l) => error.detail_in(l).to_owned(),
            })}
        </p>
        {resource_table("trust-table", HEADS, Some(|t| t.trust_none), roots, move |root: TrustRootView, _l: Lang| {
            let sha = root.sha256.clone();
            view! {
                <tr>
                    <td>{root.subject}</td>
                    <td>{root.not_after}</td>
                    <td><code>{root.sha256.chars().take(16).collect::<String>()}"…"</code></td>
                    <td>
                        <button type="button" class="button button-quiet" on:click=move |_| remove(sha.clone())>
                            {tr(|t| t.files_remove)}
                        </button>
                    </td>
                </tr>
            }
        })}
    }
}
