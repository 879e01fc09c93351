//! The page header (the product's name and the language switch) and the navigation between
//! the pages, which follows the round the reader is looking at.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::app::{tr, use_lang, use_rounds};
use crate::rounds::default_round;
use crate::routes::{self, Section, place_of};

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

/// Links to the overview, rankings and matrix of the round in view (the newest when the page
/// has none), and to the trends; the current page is marked for sight and for screen readers.
#[component]
pub fn Navigation() -> impl IntoView {
    let location = use_location();
    let rounds = use_rounds();
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
                    <a href=link(routes::overview) aria-current=current(&[Section::Overview])>
                        {tr(|t| t.nav_overview)}
                    </a>
                </li>
                <li>
                    <a
                        href=link(|round| routes::rankings(round, "all"))
                        aria-current=current(&[Section::Rankings])
                    >
                        {tr(|t| t.nav_rankings)}
                    </a>
                </li>
                <li>
                    <a
                        href=link(routes::matrix)
                        aria-current=current(&[Section::Matrix, Section::Criterion])
                    >
                        {tr(|t| t.nav_matrix)}
                    </a>
                </li>
                <li>
                    <a href=routes::trends() aria-current=current(&[Section::Trends])>
                        {tr(|t| t.nav_trends)}
                    </a>
                </li>
            </ul>
        </nav>
    }
}
