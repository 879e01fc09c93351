//! What every page shares, provided once by the app: the reader's language, the rounds, who is
//! signed in, and the window's width. Pages read it through these functions; none of them
//! needs the app itself.

use leptos::prelude::*;
use scorecard_domain::{Round, User};

use crate::api::{self, CallError};
use crate::i18n::{Labels, Lang, Texts};
use crate::platform;
use crate::rounds::newest_first;

/// Provides the shared context: the language (from the address or the browser, applied to the
/// page), the rounds, who is signed in (asked once), and the window's width (followed on
/// resize).
pub fn provide() {
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
}

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
