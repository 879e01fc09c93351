//! The page header (the product's name, who is signed in and the language switch) and the
//! navigation between the pages, which follows the round the reader is looking at and adds the
//! pages of the signed-in user's role.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use scorecard_domain::Role;

use crate::addresses::{self, Section, place_of};
use crate::api;
use crate::context::{tr, use_lang, use_rounds, use_session};
use crate::format;
use crate::i18n::Labels;
use crate::rounds::default_round;

/// The product's name and the language switch.
#[component]
pub fn Header() -> impl IntoView {
    let lang = use_lang();
    let other = move || lang.get().other();
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <div class="brand">
                    <a class="brand-link" href="/">
                        <span class="brand-name">{tr(|t| t.product)}</span>
                    </a>
                    <p class="brand-sub" lang="en">
                        "egov-scorecard"
                    </p>
                </div>
                <UserBox />
                <button
                    type="button"
                    id="lang-switch"
                    class="lang-switch"
                    lang=move || other().code()
                    aria-label=move || lang.get().texts().switch_to_label
                    on:click=move |_| lang.update(|l| *l = l.other())
                >
                    {move || lang.get().texts().switch_to}
                </button>
            </div>
        </header>
    }
}

/// Who is signed in, with sign-out; a sign-in link for everyone else.
#[component]
fn UserBox() -> impl IntoView {
    let lang = use_lang();
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    let sign_out = move |_| {
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            // The cookie is cleared by the server; if it cannot be reached, the page still
            // forgets the user so nothing signed-in is shown.
            let _ = api::sign_out().await;
            session.set(Some(None));
            navigate("/", Default::default());
        });
    };
    view! {
        <div class="user-box" id="user-box">
            {move || match session.get() {
                None => ().into_any(),
                Some(None) => {
                    let next = location.pathname.get();
                    view! {
                        <a class="user-sign-in" href=addresses::sign_in(&next) id="sign-in-link">
                            {tr(|t| t.sign_in)}
                        </a>
                    }
                        .into_any()
                }
                Some(Some(user)) => {
                    let role = format::role(lang.get(), user.role);
                    view! {
                        <span class="user-name" id="signed-in-user">
                            <span class="visually-hidden">{tr(|t| t.signed_in_as)} " "</span>
                            {user.name().to_owned()}
                            <span class="user-role">{role}</span>
                        </span>
                        <NoticeCount />
                        <button
                            type="button"
                            class="user-sign-out"
                            id="sign-out"
                            on:click=sign_out.clone()
                        >
                            {tr(|t| t.sign_out)}
                        </button>
                    }
                        .into_any()
                }
            }}
        </div>
    }
}

/// The count of unread notices, a link to them; asked again at every page change, so that
/// what happened meanwhile shows without a timer.
#[component]
fn NoticeCount() -> impl IntoView {
    let location = use_location();
    let count = LocalResource::new(move || {
        location.pathname.track();
        async move { api::notices().await.map(|n| n.unread).unwrap_or(0) }
    });
    move || {
        let unread = count.get().unwrap_or(0);
        view! {
            <a class="notice-count" id="notice-count" href=addresses::notices()>
                {tr(|t| t.notices)}
                {(unread > 0).then(|| view! { " " <span class="badge-count">{unread}</span> })}
            </a>
        }
    }
}

/// Links to the overview, rankings and matrix of the round in view (the newest when the page
/// has none), and to the trends; the current page is marked for sight and for screen readers.
#[component]
pub fn Navigation() -> impl IntoView {
    let location = use_location();
    let rounds = use_rounds();
    let session = use_session();
    let place = Memo::new(move |_| place_of(&location.pathname.get()));
    let round = move || {
        place.get().round.or_else(|| {
            rounds.get().and_then(|r| {
                r.as_ref()
                    .ok()
                    .and_then(|list| default_round(list).map(|r| r.id.to_string()))
            })
        })
    };
    let current =
        move |sections: &'static [Section]| move || sections.contains(&place.get().section).then_some("page");
    let link = move |build: fn(&str) -> String| {
        move || round().map_or_else(|| "/".to_owned(), |round| build(&round))
    };
    view! {
        <nav class="site-nav" aria-label=tr(|t| t.main_nav)>
            <ul>
                <li>
                    <a href=link(addresses::overview) aria-current=current(&[Section::Overview])>
                        {tr(|t| t.nav_overview)}
                    </a>
                </li>
                <li>
                    <a
                        href=link(|round| addresses::rankings(round, "all"))
                        aria-current=current(&[Section::Rankings])
                    >
                        {tr(|t| t.nav_rankings)}
                    </a>
                </li>
                <li>
                    <a
                        href=link(addresses::matrix)
                        aria-current=current(&[Section::Matrix, Section::Criterion])
                    >
                        {tr(|t| t.nav_matrix)}
                    </a>
                </li>
                <li>
                    <a href=addresses::trends() aria-current=current(&[Section::Trends])>
                        {tr(|t| t.nav_trends)}
                    </a>
                </li>
                {move || {
                    let role = session
                        .with(|s| s.as_ref().and_then(|u| u.as_ref()).map(|u| u.role));
                    let link = |href: String, section: &'static [Section], label: fn(&crate::i18n::Texts) -> &'static str| {
                        view! {
                            <li>
                                <a href=href aria-current=current(section)>
                                    {tr(label)}
                                </a>
                            </li>
                        }
                            .into_any()
                    };
                    let own = match role {
                        Some(Role::Inspector) => link(addresses::work(), &[Section::Work], |t| t.nav_work),
                        Some(Role::Unit) => link(addresses::work(), &[Section::Work], |t| t.unit_heading),
                        Some(Role::Reviewer) => link(addresses::review(), &[Section::Review], |t| t.nav_review),
                        Some(Role::Admin) => link(addresses::admin("users"), &[Section::Admin], |t| t.nav_admin),
                        _ => ().into_any(),
                    };
                    // Every signed-in role follows findings up (issue 13).
                    let findings = role.map(|_| link(addresses::findings(), &[Section::Findings], |t| t.nav_findings));
                    view! { {own} {findings} }.into_any()
                }}
            </ul>
        </nav>
    }
}
