//! The start page of the people who work on records: for an inspector, the organisations
//! assigned to them, by round, each a link to its checklist; for an organisation's contact
//! (issue 13), its own records in the rounds that inspect it, with their evidence files.

use leptos::prelude::*;

use crate::addresses;
use crate::api::{self, CallError};
use crate::components::guard::for_roles;
use crate::components::status::{Empty, ErrorNotice, Loading};
use crate::context::{tr, use_lang, use_rounds};
use crate::format;
use crate::pages::keep_title;
use scorecard_api::Me;
use scorecard_domain::{Phase, Role};

/// `/work`.
#[component]
pub fn WorkPage() -> impl IntoView {
    keep_title(|t| t.nav_work, String::new);
    view! {
        <div class="card">
            <h1 class="page-title">{tr(|t| t.nav_work)}</h1>
            <p class="muted">{tr(|t| t.work_note)}</p>
            {for_roles(&[Role::Inspector, Role::Unit], |user| match user.organization {
                Some(org) => view! { <OwnOrganization org=org.to_string() /> }.into_any(),
                None => view! { <Assigned /> }.into_any(),
            })}
        </div>
    }
}

#[component]
fn Assigned() -> impl IntoView {
    let lang = use_lang();
    let rounds = use_rounds();
    let data = LocalResource::new(|| async {
        let me: Me = api::me().await?;
        let organizations = api::organizations().await?;
        Ok::<_, CallError>((me, organizations))
    });
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <Transition fallback=Loading>
            {move || Suspend::new(async move {
                let rounds = rounds.await.unwrap_or_default();
                match data.await {
                    Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                    Ok((me, _)) if me.assignments.is_empty() => {
                        view! { <Empty sentence=|t| t.no_assignments /> }.into_any()
                    }
                    Ok((me, organizations)) => {
                        let lang = lang.get();
                        me.assignments
                            .into_iter()
                            .map(|assigned| {
                                let round = rounds.iter().find(|r| r.id == assigned.round);
                                let title = round.map_or_else(
                                    || assigned.round.to_string(),
                                    |r| lang.pick(&r.name_vi, &r.name_en).to_owned(),
                                );
                                let state = round
                                    .map(|r| format::state(lang, r.state))
                                    .unwrap_or_default();
                                let links = assigned
                                    .organizations
                                    .iter()
                                    .map(|org| {
                                        let name = organizations
                                            .iter()
                                            .find(|o| o.id == *org)
                                            .map_or_else(
                                                || org.to_string(),
                                                |o| lang.pick(&o.name_vi, &o.name_en).to_owned(),
                                            );
                                        view! {
                                            <li>
                                                <a href=addresses::checklist(assigned.round.as_str(), org.as_str())>{name}</a>
                                            </li>
                                        }
                                    })
                                    .collect_view();
                                view! {
                                    <section class="work-round" aria-label=title.clone()>
                                        <h2>{title.clone()} " · " <span class="muted">{state}</span></h2>
                                        <ul class="work-list">{links}</ul>
                                    </section>
                                }
                            })
                            .collect_view()
                            .into_any()
                    }
                }
            })}
        </Transition>
    }
}

/// A unit contact's own organisation: per round that inspects it, its records (outcome and
/// state) with their evidence files, read-only.
#[component]
fn OwnOrganization(org: String) -> impl IntoView {
    let lang = use_lang();
    let rounds = use_rounds();
    let org_for_load = org.clone();
    let data = LocalResource::new(move || {
        let org = org_for_load.clone();
        async move {
            let rounds = rounds.await?;
            // Every round at once, and the organisations beside them: on a provincial line each
            // answer waited for costs a round trip.
            let loads = futures::future::join_all(
                rounds
                    .iter()
                    .map(|round| load_unit_round(round.clone(), org.clone())),
            );
            let (organizations, loaded) = futures::join!(api::organizations(), loads);
            let organizations = organizations?;
            let mut found = Vec::new();
            for round in loaded {
                found.extend(round?);
            }
            Ok::<_, CallError>((organizations, found))
        }
    });
    let retry = Callback::new(move |()| data.refetch());
    view! {
        <Transition fallback=Loading>
            {move || {
                let org = org.clone();
                Suspend::new(async move {
                    match data.await {
                        Err(error) => view! { <ErrorNotice error on_retry=retry /> }.into_any(),
                        Ok((organizations, found)) => {
                            let lang = lang.get();
                            let name = organizations
                                .iter()
                                .find(|o| o.id.as_str() == org)
                                .map_or_else(|| org.clone(), |o| lang.pick(&o.name_vi, &o.name_en).to_owned());
                            let shown = |r: &UnitRound| {
                                !r.records.is_empty() || r.assessment.is_some() || r.explanations.is_some()
                            };
                            let rounds = if !found.iter().any(shown) {
                                view! { <Empty sentence=|t| t.unit_no_rounds /> }.into_any()
                            } else {
                                found
                                    .into_iter()
                                    .filter(shown)
                                    .map(|found| unit_round(lang, &org, found))
                                    .collect_view()
                                    .into_any()
                            };
                            view! {
                                <h2 id="unit-organization">{name}</h2>
                                <p class="muted">{tr(|t| t.unit_note)}</p>
                                {rounds}
                            }
                            .into_any()
                        }
                    }
                })
            }}
        </Transition>
    }
}

/// What the unit's page shows of `round`, or `None` when the round does not inspect `org` (it
/// refuses the records). Three steps one after another, each of requests made together: the
/// records; the files and the phases; the catalog, the self-assessment and the explanations
/// that the phases call for.
async fn load_unit_round(
    round: scorecard_domain::Round,
    org: String,
) -> Result<Option<UnitRound>, CallError> {
    let id = round.id.to_string();
    let records = match api::organization_records(id.clone(), org.clone()).await {
        Ok(records) => records,
        Err(error) if error.is_refusal() => return Ok(None),
        Err(error) => return Err(error),
    };
    let (files, phases) = futures::join!(api::files(id.clone(), org.clone()), api::phases(id.clone()));
    let (files, phases) = (files?, phases?);
    let self_assessed = phases.windows.iter().any(|w| w.phase == Phase::SelfAssessment);
    // The explanations, once the preliminary results are out.
    let preliminary_out = phases
        .windows
        .iter()
        .any(|w| w.phase >= Phase::Preliminary && w.opens_at <= phases.now)
        && phases.windows.iter().any(|w| w.phase == Phase::Explanations);
    let (catalog, assessment, explanations) = futures::join!(
        when(
            self_assessed || preliminary_out,
            api::catalog(round.catalog.clone())
        ),
        when(self_assessed, api::self_assessment(id.clone(), org.clone())),
        when(preliminary_out, api::explanations(id.clone(), org.clone())),
    );
    let (catalog, assessment, explanations) = (catalog?, assessment?, explanations?);
    Ok(Some(UnitRound {
        assessment: catalog.clone().zip(assessment),
        explanations: catalog.zip(explanations),
        round,
        records,
        files,
        phases,
    }))
}

/// The answer of `request` when `wanted`; otherwise nothing, and no request is made.
async fn when<T>(
    wanted: bool,
    request: impl std::future::Future<Output = Result<T, CallError>>,
) -> Result<Option<T>, CallError> {
    match wanted {
        true => request.await.map(Some),
        false => Ok(None),
    }
}

/// What the unit's page shows of one round that inspects it.
#[derive(Clone)]
struct UnitRound {
    round: scorecard_domain::Round,
    records: Vec<scorecard_api::RecordView>,
    files: Vec<scorecard_api::evidence::FileView>,
    phases: scorecard_api::RoundPhases,
    /// The catalog and the self-assessment, when the round has one.
    assessment: Option<(scorecard_domain::Catalog, scorecard_api::SelfAssessmentView)>,
    /// The catalog and the explanations, once the preliminary results are out.
    explanations: Option<(scorecard_domain::Catalog, scorecard_api::ExplanationsView)>,
}

fn unit_round(lang: crate::i18n::Lang, org: &str, found: UnitRound) -> impl IntoView {
    use crate::components::files::{FilePlace, RecordFiles};
    use crate::components::self_assessment::{PhaseLine, SelfAssessmentForm};
    let UnitRound {
        round,
        records,
        files,
        phases,
        assessment,
        explanations,
    } = found;
    let files = RwSignal::new(files);
    let explanations = explanations.map(|(catalog, view)| {
        view! { <crate::components::explanations::UnitExplanations view catalog files /> }
    });
    let self_assessment = match assessment {
        Some((catalog, assessment)) => view! {
            <SelfAssessmentForm catalog phases assessment files />
        }
        .into_any(),
        None => view! { <PhaseLine phases /> }.into_any(),
    };
    let title = format!(
        "{} — {}",
        lang.pick(&round.name_vi, &round.name_en),
        format::state(lang, round.state)
    );
    let rows = records
        .into_iter()
        .map(|view| {
            let record = view.record;
            let place = FilePlace {
                round: round.id.to_string(),
                org: org.to_owned(),
                criterion: record.criterion.to_string(),
                pass_fail: false,
            };
            view! {
                <li class="unit-record" id=format!("unit-{}-{}", round.id, record.criterion)>
                    <p>
                        <span class="code">{record.criterion.to_string()}</span>
                        " · "{crate::view_model::matrix::outcome_text(lang, &record, None)}
                        " · "{format::record_state(lang, record.state)}
                    </p>
                    <RecordFiles place files editable=Signal::derive(|| false) />
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="unit-round" id=format!("unit-round-{}", round.id)>
            <h3>{title}</h3>
            {self_assessment}
            {explanations}
            <ul class="review-list">{rows}</ul>
        </section>
    }
}
