//! The app: the shared context (`crate::context`), the header and navigation, and the pages at
//! the addresses of `crate::addresses`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::addresses;
use crate::components::header::{Header, Navigation};
use crate::context::{self, tr};
use crate::pages::later;
use crate::pages::overview::OverviewPage;
use crate::pages::rankings::RankingsPage;
#[cfg(not(feature = "staff"))]
use crate::pages::staff::StaffPage;
use crate::pages::{home::Home, not_found::NotFound};

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    context::provide();

    view! {
        <Router>
            // `rel="external"` leaves the click to the browser, which moves focus to `main`.
            <a class="skip-link" href="#main" rel="external">
                {tr(|t| t.skip_to_content)}
            </a>
            <Header />
            <Navigation />
            <main id="main" class="page" tabindex="-1">
                {routes()}
            </main>
        </Router>
    }
}

/// A page's view in this bundle. The first pages a reader opens (`/`, the overview, the
/// rankings) are in the first load; the other public pages are fetched together the first time
/// one is shown ([`later`]). In the public bundle the pages of signed-in work are
/// [`StaffPage`], which loads the staff bundle; in the staff bundle they too are fetched
/// together the first time one is shown.
macro_rules! view_in_bundle {
    (Other, Home) => {
        Home
    };
    (Overview, $view:ident) => {
        OverviewPage
    };
    (Rankings, $view:ident) => {
        RankingsPage
    };
    (Work, $view:ident) => {
        staff_view!(Work, $view)
    };
    (Review, $view:ident) => {
        staff_view!(Review, $view)
    };
    (Admin, $view:ident) => {
        staff_view!(Admin, $view)
    };
    (Findings, $view:ident) => {
        staff_view!(Review, $view)
    };
    (Notices, $view:ident) => {
        staff_view!(Work, $view)
    };
    ($section:ident, $view:ident) => {
        || later::shown(later::Public::$view)
    };
}

#[cfg(feature = "staff")]
macro_rules! staff_view {
    ($group:ident, $view:ident) => {
        || later::shown(later::$group::$view)
    };
}

#[cfg(not(feature = "staff"))]
macro_rules! staff_view {
    ($group:ident, $view:ident) => {
        StaffPage
    };
}

/// The router's routes, one per page of `addresses::pages!`.
macro_rules! routes_of {
    ($($path:tt => $section:ident, $view:ident;)*) => {
        view! {
            <Routes fallback=NotFound>
                $(<Route path=path!($path) view=view_in_bundle!($section, $view) />)*
            </Routes>
        }
    };
}

fn routes() -> impl IntoView {
    addresses::pages!(routes_of)
}
