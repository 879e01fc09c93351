//! The app: the language and the rounds every page shares, the header and navigation, and
//! the routes of `crate::routes`.

use crate::i18n::Labels;
use leptos::prelude::*;
use leptos_router::components::{Route, Router, Routes};
use leptos_router::path;
use scorecard_domain::Round;

use crate::api::{self, CallError};
use crate::components::header::{Header, Navigation};
use crate::i18n::{Lang, Texts};
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
use crate::platform;
use crate::rounds::newest_first;
use scorecard_domain::User;

/// The reader's language, shared by every view.
pub fn use_lang() -> RwSignal<Lang> {
    // `App` provides it before anything renders; a view outside the app falls back to
    // Vietnamese rather than failing.
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::default()))
}

/// A label in the reader's language that follows the switch: `{tr(|t| t.nav_rankings)}`.
pub fn tr(pick: fn(&Texts) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync {
    let lang = use_lang();
    move || pick(lang.get().texts())
}

/// Every round, newest first, loaded once for the whole app.
#[derive(Clone, Copy)]
pub struct Rounds(pub LocalResource<Result<Vec<Round>, CallError>>);

/// The rounds the app loaded.
pub fn use_rounds() -> LocalResource<Result<Vec<Round>, CallError>> {
    match use_context::<Rounds>() {
        Some(Rounds(rounds)) => rounds,
        None => LocalResource::new(|| async { api::rounds().await.map(newest_first) }),
    }
}

/// Who is signed in: `None` until the server has said, then `Some(None)` for nobody.
#[derive(Clone, Copy)]
pub struct Session(pub RwSignal<Option<Option<User>>>);

/// The signed-in user as far as the page knows; signing in and out set it.
pub fn use_session() -> RwSignal<Option<Option<User>>> {
    use_context::<Session>().map_or_else(|| RwSignal::new(Some(None)), |Session(user)| user)
}

/// Whether the reader may ask for preliminary figures (admins, reviewers and leaders may;
/// the server refuses everyone else). `false` until known.
pub fn may_see_preliminary() -> impl Fn() -> bool + Copy + Send + Sync {
    let session = use_session();
    move || {
        session.with(|user| {
            user.as_ref()
                .and_then(Option::as_ref)
                .is_some_and(|u| u.role.may_see_preliminary())
        })
    }
}

/// The width of the window, followed on resize, for sizing charts.
#[derive(Clone, Copy)]
pub struct Viewport(pub RwSignal<u32>);

/// The current width of the window in CSS pixels.
pub fn use_viewport() -> RwSignal<u32> {
    use_context::<Viewport>().map_or_else(|| RwSignal::new(1280), |Viewport(width)| width)
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(platform::initial_lang());
    provide_context(lang);
    Effect::new(move |_| platform::apply_lang(lang.get()));

    let rounds = LocalResource::new(|| async { api::rounds().await.map(newest_first) });
    provide_context(Rounds(rounds));
    let session = RwSignal::new(None);
    provide_context(Session(session));
    leptos::task::spawn_local(async move {
        // An unreachable server leaves the reader anonymous; the pages say what failed.
        session.set(Some(api::session().await.ok().flatten()));
    });

    let width = RwSignal::new(platform::viewport_width());
    provide_context(Viewport(width));
    // Charts are redrawn for the new width; the listener lives as long as the page.
    let _ = window_event_listener(leptos::ev::resize, move |_| {
        let now = platform::viewport_width();
        // Small changes (a scrollbar appearing) are not worth a redraw.
        if now.abs_diff(width.get_untracked()) > 40 {
            width.set(now);
        }
    });

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
