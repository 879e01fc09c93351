//! The app: the shared context (`crate::context`), the header and navigation, and the pages at
//! the addresses of `crate::addresses`.

use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;

use crate::components::header::{Header, Navigation};
use crate::context::{self, tr};
use crate::pages::admin::{AdminAudit, AdminCatalogs, AdminRound, AdminRounds, AdminUsers};
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
                <Routes fallback=NotFound>
                    <Route path=path!("/") view=Home />
                    <Route path=path!("/rounds/:round") view=OverviewPage />
                    <Route path=path!("/rounds/:round/rankings") view=RankingsPage />
                    <Route path=path!("/rounds/:round/matrix") view=MatrixPage />
                    <Route path=path!("/rounds/:round/criteria/:code") view=CriterionPage />
                    <Route path=path!("/organizations/:org") view=OrganizationPage />
                    <Route path=path!("/trends") view=TrendsPage />
                    <Route path=path!("/sign-in") view=SignInPage />
                    <Route path=path!("/work") view=WorkPage />
                    <Route path=path!("/rounds/:round/checklist/:org") view=ChecklistPage />
                    <Route
                        path=path!("/rounds/:round/records/:org/:code/history")
                        view=HistoryPage
                    />
                    <Route path=path!("/review") view=ReviewPage />
                    <Route path=path!("/admin/users") view=AdminUsers />
                    <Route path=path!("/admin/rounds") view=AdminRounds />
                    <Route path=path!("/admin/rounds/:round") view=AdminRound />
                    <Route path=path!("/admin/catalogs") view=AdminCatalogs />
                    <Route path=path!("/admin/audit") view=AdminAudit />
                </Routes>
            </main>
        </Router>
    }
}
