//! In the public bundle (issue 14), the page at every address of signed-in work (the checklist,
//! the review queue, the administration, an organisation's own page): it loads the staff
//! bundle, which the server serves at those addresses, with one full page load. The public
//! bundle leaves those pages out, so that a reader of published results never downloads them.

use std::cell::RefCell;

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::components::status::Loading;
use crate::context::tr;

thread_local! {
    /// The path the app was started at, to tell a click that reaches a staff page (load the
    /// staff bundle) from a start at one (the server sent the public bundle there).
    static STARTED_AT: RefCell<String> = const { RefCell::new(String::new()) };
}

/// Remembers where the app started; called once by `start`.
pub fn remember_start() {
    let path = web_sys::window()
        .and_then(|w| w.location().pathname().ok())
        .unwrap_or_default();
    STARTED_AT.with(|started| *started.borrow_mut() = path);
}

/// Loads the staff bundle at this address, or, when the app started here, says that the page
/// could not be loaded rather than loading again and again.
#[component]
pub fn StaffPage() -> impl IntoView {
    let location = use_location();
    let path = location.pathname.get_untracked();
    let here = format!("{path}{}", location.search.get_untracked());
    let started_here = STARTED_AT.with(|started| *started.borrow() == path);
    if started_here {
        return view! {
            <div class="card">
                <p class="status status-error" role="alert" id="staff-unavailable">{tr(|t| t.staff_unavailable)}</p>
                <a class="button" href=here rel="external">{tr(|t| t.try_again)}</a>
            </div>
        }
        .into_any();
    }
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(&here);
    }
    view! { <Loading /> }.into_any()
}
