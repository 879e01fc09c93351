//! The pages that are not in the first load (issue 14): `cargo xtask dist` splits the wasm at
//! each group's one `#[lazy]` function, so a group's code is one file, fetched the first time
//! one of its pages is shown, while the page says it is loading. A reader of the overview or
//! the rankings never fetches it.

use std::future::Future;

use leptos::prelude::*;

use crate::components::status::Loading;

/// A group of pages fetched together.
pub trait Later: Copy + Send + Sync + 'static {
    /// The page's view, once its group's code is there.
    fn load(self) -> impl Future<Output = AnyView> + Send + 'static;
}

/// `page`, with the loading state shown until its group's code has arrived.
pub fn shown(page: impl Later) -> impl IntoView {
    view! { <Suspense fallback=Loading>{Suspend::new(page.load())}</Suspense> }
}

/// A group: the pages' enum, and the `#[lazy]` function that draws them (the split point).
macro_rules! group {
    ($(#[$doc:meta])* $group:ident, $draw:ident { $($page:ident => $view:path;)* }) => {
        $(#[$doc])*
        // The variants are the pages' own names, as `addresses::pages!` lists them.
        #[allow(clippy::enum_variant_names)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[repr(u8)]
        pub enum $group {
            $($page,)*
        }

        #[leptos::lazy]
        fn $draw(page: $group) -> AnyView {
            untrack(|| match page {
                $($group::$page => $view().into_any(),)*
            })
        }

        impl Later for $group {
            fn load(self) -> impl Future<Output = AnyView> + Send + 'static {
                $draw(self)
            }
        }
    };
}

group!(
    /// The public pages after the overview and the rankings.
    Public,
    draw_public {
        MatrixPage => crate::pages::matrix::MatrixPage;
        CriterionPage => crate::pages::criterion::CriterionPage;
        OrganizationPage => crate::pages::organization::OrganizationPage;
        TrendsPage => crate::pages::trends::TrendsPage;
        SignInPage => crate::pages::sign_in::SignInPage;
    }
);

// Only in the staff bundle: a `#[lazy]` function is exported from the wasm, so the public
// bundle would otherwise carry the staff pages again. Grouped by who opens them, so that a
// person's first page fetches the pages of their own work and not everyone's.
#[cfg(feature = "staff")]
group!(
    /// An inspector's and an organisation's pages.
    Work,
    draw_work {
        WorkPage => crate::pages::work::WorkPage;
        ChecklistPage => crate::pages::checklist::ChecklistPage;
        HistoryPage => crate::pages::history::HistoryPage;
        NoticesPage => crate::pages::notices::NoticesPage;
    }
);

#[cfg(feature = "staff")]
group!(
    /// A reviewer's pages.
    Review,
    draw_review {
        ReviewPage => crate::pages::review::ReviewPage;
        FindingsPage => crate::pages::findings::FindingsPage;
    }
);

#[cfg(feature = "staff")]
group!(
    /// The administration.
    Admin,
    draw_admin {
        AdminUsers => crate::pages::admin::AdminUsers;
        AdminRounds => crate::pages::admin::AdminRounds;
        AdminRound => crate::pages::admin::AdminRound;
        AdminCatalogs => crate::pages::admin::AdminCatalogs;
        AdminAudit => crate::pages::admin::AdminAudit;
        AdminTrustRoots => crate::pages::admin::AdminTrustRoots;
    }
);
