//! The inspected organisations' part in a round over HTTP (issue 13): the round's phases and
//! a unit's self-assessment.

use axum::Json;
use axum::extract::{Path, State};
use scorecard_api::{RoundPhases, SelfAnswer, SelfAnswerBody, SelfAssessmentView, SetPhases};

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
