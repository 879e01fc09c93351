//! The app: the shared context (`crate::context`), the header and navigation, and the pages at
//! the addresses of `crate::addresses`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::addresses;
use crate::components::header::{Header, Navigation};
use crate::context::{self, tr};
// The public bundle routes the staff pages to `StaffPage` instead (issue 14), so these are
// unused there and left out of its wasm (the crate allows that in the public build).
use crate::pages::admin::{AdminAudit, AdminCatalogs, AdminRound, AdminRounds, AdminTrustRoots, AdminUsers};
use crate::pages::checklist::ChecklistPage;
use crate::pages::findings::FindingsPage;
use crate::pages::history::HistoryPage;
use crate::pages::notices::NoticesPage;
use crate::pages::review::ReviewPage;
use crate::pages::sign_in::SignInPage;
#[cfg(not(feature = "staff"))]
use crate::pages::staff::StaffPage;
use crate::pages::work::WorkPage;
use crate::pages::{
    criterion::CriterionPage, home::Home, matrix::MatrixPage, not_found::NotFound,
    organization::OrganizationPage, overview::OverviewPage, rankings::RankingsPage, trends::TrendsPage,
};

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

/// A page's view in this bundle: in the public one, the pages of signed-in work are
/// [`StaffPage`], which loads the staff bundle.
#[cfg(feature = "staff")]
macro_rules! view_in_bundle {
    ($section:ident, $view:ident) => {
        $view
    };
}

#[cfg(not(feature = "staff"))]
macro_rules! view_in_bundle {
    (Work, $view:ident) => {
        StaffPage
    };
    (Review, $view:ident) => {
        StaffPage
    };
    (Admin, $view:ident) => {
        StaffPage
    };
    (Findings, $view:ident) => {
        StaffPage
    };
    (Notices, $view:ident) => {
        StaffPage
    };
    ($section:ident, $view:ident) => {
        $view
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
