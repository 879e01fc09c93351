//! The app: the shared context (`crate::context`), the header and navigation, and the pages at
//! the addresses of `crate::addresses`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::addresses;
use crate::components::header::{Header, Navigation};
use crate::context::{self, tr};
use crate::pages::admin::{AdminAudit, AdminCatalogs, AdminRound, AdminRounds, AdminTrustRoots, AdminUsers};
use crate::pages::checklist::ChecklistPage;
use crate::pages::history::HistoryPage;
use crate::pages::review::ReviewPage;
use crate::pages::sign_in::SignInPage;
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

/// The router's routes, one per page of `addresses::pages!`.
macro_rules! routes_of {
    ($($path:tt => $section:ident, $view:ident;)*) => {
        view! {
            <Routes fallback=NotFound>
                $(<Route path=path!($path) view=$view />)*
            </Routes>
        }
    };
}

fn routes() -> impl IntoView {
    addresses::pages!(routes_of)
}
