//! A round's phases on its administration page (issue 13): one row per phase with when it
//! opens and closes, typed in Vietnam's time and sent with its offset; the server checks the
//! whole schedule and names what is wrong.

use leptos::prelude::*;
use scorecard_api::{PhaseInput, RoundPhases, SetPhases};
use scorecard_domain::Phase;

use super::{Outcome, outcome_view, run};
use crate::api;
use crate::components::self_assessment::PhaseLine;
use crate::components::status::{ErrorNotice, Loading};
use crate::context::use_lang;
use crate::view_model::self_assessment::{from_local_input, local_input, phase_name};

/// The schedule of `round`.
#[component]
pub fn RoundSchedule(#[prop(into)] round: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let data = LocalResource::new(move || api::phases(round.get()));
    let retry = Callback::new(move |()| data.refetch());
    let outcome: Outcome = RwSignal::new(None);
    view! {
        <section class="round-schedule" aria-labelledby="schedule-heading">
            <h3 id="schedule-heading">{move || lang.get().pick("Các giai đoạn của đợt kiểm tra", "The round's phases")}</h3>
            <p class="muted">
                {move || lang.get().pick(
                    "Giờ Việt Nam (UTC+7). Giai đoạn tự đánh giá có thể bỏ trống; các giai đoạn khác nối tiếp nhau, không chồng lấn. Đơn vị chỉ tự đánh giá trong giai đoạn tự đánh giá; cán bộ kiểm tra ghi kết quả trong giai đoạn kiểm tra và chốt kết quả.",
                    "Vietnam time (UTC+7). The self-assessment may be left empty; the other phases follow one another without overlapping. Units self-assess only in their phase; inspectors record in the inspection and final phases.",
                )}
            </p>
            {outcome_view(outcome, "schedule-outcome")}
            <Transition fallback=Loading>
                {move || Suspend::new(async move {
                    match data.await {
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                        Ok(phases) => view! { <ScheduleForm phases round outcome on_saved=Callback::new(move |()| data.refetch()) /> }.into_any(),
                    }
                })}
            </Transition>
        </section>
    }
}

#[component]
fn ScheduleForm(
    phases: RoundPhases,
    round: Signal<String>,
    outcome: Outcome,
    on_saved: Callback<()>,
) -> impl IntoView {
    let lang = use_lang();
    let fields: Vec<(Phase, RwSignal<String>, RwSignal<String>)> = Phase::ALL
        .into_iter()
        .map(|phase| {
            let window = phases.windows.iter().find(|w| w.phase == phase);
            (
                phase,
                RwSignal::new(window.map(|w| local_input(&w.opens_at)).unwrap_or_default()),
                RwSignal::new(window.map(|w| local_input(&w.closes_at)).unwrap_or_default()),
            )
        })
        .collect();
    let rows = fields
        .iter()
        .map(|&(phase, opens, closes)| {
            let (opens_id, closes_id) = (format!("phase-{}-opens", phase.as_str()), format!("phase-{}-closes", phase.as_str()));
            view! {
                <tr>
                    <th scope="row">{move || phase_name(lang.get(), phase)}</th>
                    <td>
                        <label class="visually-hidden" for=opens_id.clone()>{move || lang.get().pick("Bắt đầu", "Opens")}</label>
                        <input type="datetime-local" id=opens_id prop:value=move || opens.get() on:input=move |ev| opens.set(event_target_value(&ev)) />
                    </td>
                    <td>
                        <label class="visually-hidden" for=closes_id.clone()>{move || lang.get().pick("Kết thúc", "Closes")}</label>
                        <input type="datetime-local" id=closes_id prop:value=move || closes.get() on:input=move |ev| closes.set(event_target_value(&ev)) />
                    </td>
                </tr>
            }
        })
        .collect_view();
    let fields = StoredValue::new(fields);
    let save = move |_| {
        let phases: Vec<PhaseInput> = fields.with_value(|fields| {
            fields
                .iter()
                .filter(|(_, opens, closes)| {
                    !opens.get_untracked().is_empty() || !closes.get_untracked().is_empty()
                })
                .map(|(phase, opens, closes)| {
                    let instant = |text: String| from_local_input(&text).unwrap_or(text);
                    PhaseInput {
                        phase: phase.as_str().to_owned(),
                        opens_at: instant(opens.get_untracked()),
                        closes_at: instant(closes.get_untracked()),
                    }
                })
                .collect()
        });
        let call = async move {
            api::set_phases(round.get_untracked(), SetPhases { phases })
                .await
                .map(drop)
        };
        run(outcome, call, move || on_saved.run(()));
    };
    let clear = move |_| {
        let call = async move {
            api::set_phases(round.get_untracked(), SetPhases { phases: Vec::new() })
                .await
                .map(drop::<RoundPhases>)
        };
        run(outcome, call, move || on_saved.run(()));
    };
    view! {
        <PhaseLine phases />
        <table class="data-table" id="schedule-table">
            <thead>
                <tr>
                    <th scope="col">{move || lang.get().pick("Giai đoạn", "Phase")}</th>
                    <th scope="col">{move || lang.get().pick("Bắt đầu", "Opens")}</th>
                    <th scope="col">{move || lang.get().pick("Kết thúc", "Closes")}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        <p class="actions">
            <button type="button" class="button" id="schedule-save" on:click=save>
                {move || lang.get().pick("Lưu lịch", "Save the schedule")}
            </button>
            " "
            <button type="button" class="button button-quiet" id="schedule-clear" on:click=clear>
                {move || lang.get().pick("Bỏ lịch", "Remove the schedule")}
            </button>
        </p>
    }
}
