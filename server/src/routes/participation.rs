//! The inspected organisations' part in a round over HTTP (issue 13): the round's phases, a
//! unit's self-assessment, and its explanations with the inspector's decisions.

use axum::Json;
use axum::extract::{Path, Query, State};
use scorecard_api::{
    DecisionBody, ExplanationBody, ExplanationView, ExplanationsView, FindingReportBody, FindingReviewBody,
    FindingView, MarkRead, Notices, RoundPhases, SelfAnswer, SelfAnswerBody, SelfAssessmentView, SetPhases,
};

use super::body::ApiJson;
use crate::auth::Caller;
use crate::error::ApiError;
use crate::state::AppState;

pub async fn phases(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
) -> Result<Json<RoundPhases>, ApiError> {
    Ok(Json(state.service.round_phases(&caller, &round).await?))
}

pub async fn set_phases(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    ApiJson(input): ApiJson<SetPhases>,
) -> Result<Json<RoundPhases>, ApiError> {
    Ok(Json(
        state.service.set_round_phases(&caller, &round, input).await?,
    ))
}

pub async fn self_assessment(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org)): Path<(String, String)>,
) -> Result<Json<SelfAssessmentView>, ApiError> {
    Ok(Json(state.service.self_assessment(&caller, &round, &org).await?))
}

pub async fn save_answer(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org, criterion)): Path<(String, String, String)>,
    ApiJson(input): ApiJson<SelfAnswerBody>,
) -> Result<Json<SelfAnswer>, ApiError> {
    Ok(Json(
        state
            .service
            .save_self_answer(&caller, (&round, &org, &criterion), input)
            .await?,
    ))
}

pub async fn submit(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org)): Path<(String, String)>,
) -> Result<Json<SelfAssessmentView>, ApiError> {
    Ok(Json(
        state
            .service
            .submit_self_assessment(&caller, &round, &org)
            .await?,
    ))
}

pub async fn explanations(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org)): Path<(String, String)>,
) -> Result<Json<ExplanationsView>, ApiError> {
    Ok(Json(state.service.explanations(&caller, &round, &org).await?))
}

pub async fn explain(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org, criterion)): Path<(String, String, String)>,
    ApiJson(input): ApiJson<ExplanationBody>,
) -> Result<Json<ExplanationView>, ApiError> {
    Ok(Json(
        state
            .service
            .send_explanation(&caller, (&round, &org, &criterion), input)
            .await?,
    ))
}

pub async fn decide(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org, criterion)): Path<(String, String, String)>,
    ApiJson(input): ApiJson<DecisionBody>,
) -> Result<Json<ExplanationView>, ApiError> {
    Ok(Json(
        state
            .service
            .decide_explanation(&caller, (&round, &org, &criterion), input)
            .await?,
    ))
}

fn finding_query(
    query: &std::collections::HashMap<String, String>,
) -> scorecard_service::findings::FindingQuery {
    scorecard_service::findings::FindingQuery {
        round: query.get("round").cloned(),
        organization: query.get("org").cloned(),
        state: query.get("state").cloned(),
        criterion: query.get("criterion").cloned(),
    }
}

fn finding_id(text: &str) -> Result<i64, ApiError> {
    text.parse::<i64>().map_err(|_| {
        ApiError::Service(scorecard_service::ServiceError::not_found(
            format!("kiến nghị `{text}`"),
            format!("Finding `{text}`"),
        ))
    })
}

pub async fn findings(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Json<Vec<FindingView>>, ApiError> {
    Ok(Json(
        state.service.findings(&caller, &finding_query(&query)).await?,
    ))
}

pub async fn findings_xlsx(
    State(state): State<AppState>,
    caller: Caller,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<axum::response::Response, ApiError> {
    let lang = super::params::lang(&query)?;
    let download = state
        .service
        .findings_xlsx(&caller, &finding_query(&query), lang)
        .await?;
    Ok(super::files::deliver(download, "attachment"))
}

pub async fn report_on_finding(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<FindingReportBody>,
) -> Result<Json<FindingView>, ApiError> {
    Ok(Json(
        state
            .service
            .report_on_finding(&caller, finding_id(&id)?, input)
            .await?,
    ))
}

pub async fn review_finding(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<FindingReviewBody>,
) -> Result<Json<FindingView>, ApiError> {
    Ok(Json(
        state
            .service
            .review_finding(&caller, finding_id(&id)?, input)
            .await?,
    ))
}

pub async fn notices(State(state): State<AppState>, caller: Caller) -> Result<Json<Notices>, ApiError> {
    Ok(Json(state.service.notices(&caller).await?))
}

pub async fn mark_read(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<MarkRead>,
) -> Result<Json<Notices>, ApiError> {
    Ok(Json(state.service.mark_notices_read(&caller, input).await?))
}

pub async fn self_assessed_column(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Result<Json<Vec<scorecard_domain::self_assessment::SelfAssessedLine>>, ApiError> {
    let view = super::params::view(&query)?;
    Ok(Json(
        state.service.self_assessed_column(&caller, &round, view).await?,
    ))
}

pub async fn set_finding_due(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<scorecard_api::FindingDueBody>,
) -> Result<Json<FindingView>, ApiError> {
    Ok(Json(
        state
            .service
            .set_finding_due(&caller, finding_id(&id)?, input)
            .await?,
    ))
}
