//! Pages for signed-in people: what they show before the server has said who is signed in,
//! to nobody, and to a role the page is not for.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::addresses;
use crate::components::status::Loading;
use crate::context::{tr, use_session};
use scorecard_domain::{Role, User};

/// Every role: a page for whoever is signed in (findings, notices).
pub const EVERY_ROLE: &[Role] = &[
    Role::Admin,
    Role::Reviewer,
    Role::Inspector,
    Role::Leader,
    Role::Unit,
];

/// Renders the page for a signed-in user of one of `roles`; otherwise a sentence that says
/// why not and, for nobody, the way to sign in.
pub fn for_roles<V: IntoView + 'static>(
    roles: &'static [Role],
    render: impl Fn(User) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    move || match session.get() {
        None => view! { <Loading /> }.into_any(),
        Some(None) => {
            let next = location.pathname.get_untracked();
            view! {
                <div class="status status-error" role="alert" id="need-sign-in">
                    <p>{tr(|t| t.need_sign_in)}</p>
                    <a class="button" href=addresses::sign_in(&next)>
                        {tr(|t| t.sign_in)}
                    </a>
                </div>
            }
            .into_any()
        }
        Some(Some(user)) if roles.contains(&user.role) => render(user).into_any(),
        Some(Some(_)) => view! {
            <div class="status status-error" role="alert" id="not-for-role">
                <p>{tr(|t| t.not_for_role)}</p>
            </div>
        }
        .into_any(),
    }
}
