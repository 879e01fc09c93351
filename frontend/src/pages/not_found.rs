//! Any address that is no page of the app.

use leptos::prelude::*;

use crate::components::status::Problem;
use crate::context::tr;
use crate::pages::keep_title;

/// Says the address leads nowhere and offers the overview.
#[component]
pub fn NotFound() -> impl IntoView {
    keep_title(|t| t.not_found_title, String::new);
    view! {
        <section class="card" aria-labelledby="not-found-heading">
            <h1 id="not-found-heading">{tr(|t| t.not_found_title)}</h1>
            <Problem sentence=|t| t.not_found href="/".to_owned() link=|t| t.go_home />
        </section>
    }
}
