//! The page header: the product's name and, once the rounds are known, the round picker.

use leptos::prelude::*;

/// The product's name as the page and its title show it.
pub const PRODUCT_NAME: &str = "Bảng đánh giá Chính phủ điện tử";

/// The product name, with `children` (the round picker) on the right when there are any.
#[component]
pub fn Header(#[prop(optional)] children: Option<Children>) -> impl IntoView {
    view! {
        <header class="site-header">
            <div class="site-header-inner">
                <div class="brand">
                    <h1>{PRODUCT_NAME}</h1>
                    <p class="brand-sub" lang="en">
                        "egov-scorecard"
                    </p>
                </div>
                {children.map(|children| children())}
            </div>
        </header>
    }
}
