//! What the figures below are: the round's name and period, official or not, real or illustrative.

use leptos::prelude::*;

use crate::format::{period_vi, state_vi};
use crate::rounds::Choice;

/// Names the round shown and flags its data, so nobody mistakes demo figures for real ones.
#[component]
pub fn RoundBanner(choice: Memo<Choice>) -> impl IntoView {
    let name = move || choice.with(|c| c.round.name_vi.clone());
    let meta = move || {
        choice.with(|c| {
            format!(
                "{} · {}",
                period_vi(c.round.starts_on, c.round.ends_on),
                state_vi(c.round.state)
            )
        })
    };
    let illustrative = move || choice.with(|c| c.round.illustrative);
    let unknown_request = move || choice.with(|c| c.unknown_request.clone());
    view! {
        <section class="round-banner" aria-label="Đợt kiểm tra đang xem">
            {move || {
                unknown_request()
                    .map(|id| {
                        view! {
                            <p class="status status-notice" role="status">
                                "Không có đợt kiểm tra “"
                                {id}
                                "”; trang đang hiển thị đợt mới nhất."
                            </p>
                        }
                    })
            }}
            <p class="round-name">{name}</p>
            <p class="round-meta">{meta}</p>
            <ul class="flags">
                <li class="flag flag-official">
                    <strong>"Số liệu chính thức"</strong>
                    " "
                    <span class="en" lang="en">
                        "official figures"
                    </span>
                    <span class="flag-note">" — chỉ tính các kết quả đã được duyệt."</span>
                </li>
                <Show when=illustrative>
                    <li class="flag flag-illustrative" id="illustrative-flag">
                        <strong>"Dữ liệu minh họa"</strong>
                        " "
                        <span class="en" lang="en">
                            "illustrative data"
                        </span>
                        <span class="flag-note">
                            " — số liệu của đợt này được dựng để minh họa, không phải kết quả thật."
                        </span>
                    </li>
                </Show>
            </ul>
        </section>
    }
}
