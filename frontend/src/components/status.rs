//! What a section says while it loads, when it fails and when there is nothing to show yet.

use leptos::prelude::*;

use crate::api::ApiError;

/// Shown while data is on its way.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="status status-loading" role="status">
            <span class="spinner" aria-hidden="true"></span>
            <p>
                <strong>"Đang tải…"</strong>
                " Dữ liệu đang được lấy từ máy chủ, xin chờ trong giây lát."
            </p>
        </div>
    }
}

/// Shown above content that is being replaced, such as after picking another round.
#[component]
pub fn Refreshing(pending: ReadSignal<bool>) -> impl IntoView {
    view! {
        <p class="refreshing" role="status">
            {move || pending.get().then_some("Đang tải dữ liệu mới…")}
        </p>
    }
}

/// Shown when a call failed: the server's own sentence and a way to try again.
#[component]
pub fn ErrorNotice(
    error: ApiError,
    /// Runs the failed call again.
    on_retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="status status-error" role="alert">
            <p>
                <strong>"Không tải được dữ liệu. "</strong>
                {error.detail}
            </p>
            <p class="en" lang="en">
                {error.detail_en}
            </p>
            <button type="button" class="button" on:click=move |_| on_retry.run(())>
                "Thử lại"
            </button>
        </div>
    }
}

/// Shown when a call succeeded but there is nothing to list yet.
#[component]
pub fn Empty(
    /// Says what is missing and why, as a whole sentence.
    sentence: &'static str,
) -> impl IntoView {
    view! {
        <div class="status status-empty">
            <p>
                <strong>"Chưa có kết quả. "</strong>
                {sentence}
            </p>
        </div>
    }
}
