//! `/admin/rounds`: every round with the state moves it allows, and a new round.

use leptos::prelude::*;
use scorecard_api::CreateRound;
use scorecard_domain::{Round, RoundState};

use super::{Head, Label, Outcome, frame, outcome_view, resource_table, run, text_field};
use crate::addresses;
use crate::api;
use crate::context::tr;
use crate::format;
use crate::i18n::{Labels, Lang};

/// The label of the button that moves a round from `from` to `to`.
fn move_label(from: RoundState, to: RoundState) -> Label {
    match (from, to) {
        (RoundState::Closed, RoundState::Open) => |t| t.reopen_round,
        (_, RoundState::Open) => |t| t.open_round,
        (_, RoundState::Closed) => |t| t.close_round,
        _ => |t| t.publish_round,
    }
}

/// The columns of the rounds table.
const HEADS: &[Head] = &[
    Head::Shown(|t| t.round_id),
    Head::Shown(|t| t.round),
    Head::Shown(|t| t.catalog),
    Head::Shown(|t| t.record_state),
    Head::Hidden(|t| t.action),
];

/// `/admin/rounds`.
#[component]
pub fn AdminRounds() -> impl IntoView {
    frame(|t| t.admin_rounds, || view! { <Rounds /> })
}

#[component]
fn Rounds() -> impl IntoView {
    let rounds = LocalResource::new(api::rounds);
    let outcome: Outcome = RwSignal::new(None);
    let fields: [RwSignal<String>; 6] = std::array::from_fn(|_| RwSignal::new(String::new()));
    let [id, catalog, name_vi, name_en, starts_on, ends_on] = fields;
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let round = CreateRound {
            id: id.get_untracked(),
            catalog: catalog.get_untracked(),
            name_vi: name_vi.get_untracked(),
            name_en: name_en.get_untracked(),
            starts_on: starts_on.get_untracked(),
            ends_on: ends_on.get_untracked(),
        };
        run(outcome, api::create_round(round), move || rounds.refetch());
    };
    let move_to = move |round: String, state: RoundState| {
        run(outcome, api::set_round_state(round, state), move || {
            rounds.refetch()
        });
    };
    let row = move |round: Round, lang: Lang| {
        let t = lang.texts();
        let rid = round.id.to_string();
        let buttons = round
            .state
            .next()
            .iter()
            .map(|&state| {
                let rid = rid.clone();
                let label = move_label(round.state, state);
                view! {
                    <button
                        type="button"
                        class="button button-quiet"
                        data-state=state.as_str()
                        on:click=move |_| move_to(rid.clone(), state)
                    >
                        {label(t)}
                    </button>
                }
            })
            .collect_view();
        view! {
            <tr id=format!("round-{rid}")>
                <td>{rid.clone()}</td>
                <td>{lang.pick(&round.name_vi, &round.name_en).to_owned()}</td>
                <td>{round.catalog.to_string()}</td>
                <td>{format::state(lang, round.state)}</td>
                <td class="actions">
                    {buttons}
                    <a href=addresses::admin(&format!("rounds/{rid}"))>{t.manage_round}</a>
                </td>
            </tr>
        }
    };
    view! {
        {outcome_view(outcome, "admin-outcome")}
        {resource_table("rounds-table", HEADS, None, rounds, row)}
        <form class="form form-grid" on:submit=create>
            <h2>{tr(|t| t.create_round)}</h2>
            {text_field("round-id", |t| t.round_id, id, "text")}
            {text_field("round-catalog", |t| t.catalog, catalog, "text")}
            {text_field("round-name-vi", |t| t.name_vi, name_vi, "text")}
            {text_field("round-name-en", |t| t.name_en, name_en, "text")}
            {text_field("round-starts", |t| t.starts_on, starts_on, "date")}
            {text_field("round-ends", |t| t.ends_on, ends_on, "date")}
            <button type="submit" class="button">{tr(|t| t.create_round)}</button>
        </form>
    }
}
