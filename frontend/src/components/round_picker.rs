//! The round picker: a labelled `<select>` of every round, newest first.

use leptos::prelude::*;
use scorecard_domain::{Round, RoundId};

/// Lists `rounds` with `selected` chosen; `on_pick` receives the id the reader picks.
#[component]
pub fn RoundPicker(
    rounds: Vec<Round>,
    selected: Signal<RoundId>,
    on_pick: Callback<String>,
) -> impl IntoView {
    let options = rounds
        .into_iter()
        .map(|round| {
            let id = round.id.to_string();
            let is_selected = {
                let id = id.clone();
                move || selected.with(|selected| selected.as_str() == id)
            };
            view! {
                <option value=id prop:selected=is_selected>
                    {round.name_vi}
                </option>
            }
        })
        .collect_view();
    view! {
        <div class="round-picker">
            <label for="round-picker">"Đợt kiểm tra"</label>
            <select
                id="round-picker"
                name="round"
                on:change=move |event| on_pick.run(event_target_value(&event))
            >
                {options}
            </select>
        </div>
    }
}
