//! Administration: users and roles, rounds and their states, assignments, reviewers, catalogs.
//! Every change goes through the store, which writes its audit entry in the same transaction.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use chrono::NaiveDate;
use scorecard_api::{Assign, CreateRound, CreateUser, SetRoundState, UpdateUser, UserView};
use scorecard_domain::{Catalog, CatalogId, Role, Round, RoundId, RoundState, User};
use scorecard_store::{Assignment, NewUser};

use super::body::ApiJson;
use super::params;
use crate::app::AppState;
use crate::auth::Caller;
use crate::error::ApiError;

/// Passwords shorter than this are refused.
pub const MIN_PASSWORD_CHARS: usize = 12;

pub async fn users(State(state): State<AppState>) -> Result<Json<Vec<UserView>>, ApiError> {
    let mut views = Vec::new();
    for user in state.store.users().await? {
        let disabled = state
            .store
            .credentials(&user.username)
            .await?
            .is_some_and(|c| c.disabled);
        views.push(UserView { user, disabled });
    }
    Ok(Json(views))
}

fn parse_role(text: &str) -> Result<Role, ApiError> {
    Role::parse(text).ok_or_else(|| {
        ApiError::bad_request(
            "role",
            format!("Vai trò `{text}` không hợp lệ; dùng admin, reviewer, inspector hoặc leader."),
            format!("Role `{text}` is not valid; use admin, reviewer, inspector or leader."),
        )
    })
}

/// A user name: 3 to 32 lowercase letters, digits, `.`, `-` or `_`.
pub fn check_username(name: &str) -> Result<(), ApiError> {
    let ok = (3..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            "username",
            "Tên đăng nhập gồm 3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.",
            "A user name has 3–32 characters: lowercase letters, digits, `.`, `-` or `_`.",
        ))
    }
}

/// A password long enough to resist guessing.
pub fn check_password(password: &str) -> Result<(), ApiError> {
    if password.chars().count() >= MIN_PASSWORD_CHARS {
        Ok(())
    } else {
        Err(ApiError::bad_request(
            "password",
            format!("Mật khẩu cần ít nhất {MIN_PASSWORD_CHARS} ký tự."),
            format!("A password needs at least {MIN_PASSWORD_CHARS} characters."),
        ))
    }
}

pub async fn create_user(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<CreateUser>,
) -> Result<(StatusCode, Json<User>), ApiError> {
    check_username(&input.username)?;
    check_password(&input.password)?;
    let role = parse_role(&input.role)?;
    let password_hash = state.hasher.hash(input.password).await;
    let new = NewUser {
        username: input.username,
        display_name: input.display_name,
        role,
        password_hash,
    };
    let user = state.store.create_user(&new, &caller.actor()?).await?;
    Ok((StatusCode::CREATED, Json(user)))
}

pub async fn update_user(
    State(state): State<AppState>,
    caller: Caller,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<UpdateUser>,
) -> Result<Json<User>, ApiError> {
    let missing = || ApiError::not_found(format!("người dùng số {id}"), format!("User {id}"));
    let current = state.store.user(id).await?.ok_or_else(missing)?;
    let role = input
        .role
        .as_deref()
        .map(parse_role)
        .transpose()?
        .unwrap_or(current.role);
    // A field left out keeps its value: changing a role does not re-enable a disabled user.
    let was_disabled = state
        .store
        .credentials(&current.username)
        .await?
        .is_some_and(|c| c.disabled);
    let disabled = input.disabled.unwrap_or(was_disabled);
    if caller.user()?.id == id && (disabled || role != Role::Admin) {
        return Err(ApiError::conflict(
            "Không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình.",
            "You cannot remove your own admin role or disable your own account.",
        ));
    }
    Ok(Json(
        state
            .store
            .update_user(id, role, disabled, &caller.actor()?)
            .await?,
    ))
}

fn parse_day(field: &str, text: &str) -> Result<NaiveDate, ApiError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| {
            ApiError::bad_request(
                field,
                format!("`{text}` không phải ngày hợp lệ theo dạng YYYY-MM-DD."),
                format!("`{text}` is not a date written YYYY-MM-DD, or the day does not exist."),
            )
        })
}

pub async fn create_round(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(input): ApiJson<CreateRound>,
) -> Result<(StatusCode, Json<Round>), ApiError> {
    let id = RoundId::parse(&input.id)
        .map_err(|e| ApiError::bad_request("id", format!("Mã đợt không hợp lệ: {e}."), e.to_string()))?;
    let catalog = match CatalogId::parse(&input.catalog).ok() {
        Some(c) if state.store.catalog(&c).await?.is_some() => c,
        _ => {
            return Err(ApiError::bad_request(
                "catalog",
                format!("Không có bộ tiêu chí `{}`.", input.catalog),
                format!("There is no catalog `{}`.", input.catalog),
            ));
        }
    };
    let starts_on = parse_day("starts_on", &input.starts_on)?;
    let ends_on = parse_day("ends_on", &input.ends_on)?;
    if ends_on < starts_on {
        return Err(ApiError::bad_request(
            "ends_on",
            "Ngày kết thúc trước ngày bắt đầu.",
            "The end date is before the start date.",
        ));
    }
    if input.name_vi.trim().is_empty() {
        return Err(ApiError::bad_request(
            "name_vi",
            "Đợt kiểm tra cần có tên.",
            "A round needs a name.",
        ));
    }
    let round = Round {
        id,
        name_en: if input.name_en.trim().is_empty() {
            input.name_vi.clone()
        } else {
            input.name_en
        },
        name_vi: input.name_vi,
        catalog,
        starts_on,
        ends_on,
        state: RoundState::Planned,
        illustrative: false,
    };
    state.store.create_round(&round, &caller.actor()?).await?;
    Ok((StatusCode::CREATED, Json(round)))
}

pub async fn set_round_state(
    State(state): State<AppState>,
    caller: Caller,
    Path(round): Path<String>,
    ApiJson(input): ApiJson<SetRoundState>,
) -> Result<Json<Round>, ApiError> {
    let round = params::round(&state, &round).await?;
    let to = RoundState::parse(&input.state).ok_or_else(|| {
        ApiError::bad_request(
            "state",
            "Trạng thái phải là planned, open, closed hoặc published.",
            "The state must be planned, open, closed or published.",
        )
    })?;
    if !round.state.may_move_to(to) {
        return Err(ApiError::conflict(
            format!(
                "Không thể chuyển đợt kiểm tra từ `{}` sang `{}`.",
                round.state.as_str(),
                to.as_str()
            ),
            format!(
                "A round cannot go from {} to {}.",
                round.state.as_str(),
                to.as_str()
            ),
        ));
    }
    let updated = state
        .store
        .set_round_state(&round.id, to, &caller.actor()?)
        .await?;
    state.cache.clear();
    Ok(Json(updated))
}

pub async fn assignments(
    State(state): State<AppState>,
    Path(round): Path<String>,
) -> Result<Json<Vec<Assignment>>, ApiError> {
    let round = params::round(&state, &round).await?;
    Ok(Json(state.store.assignments(&round.id).await?))
}

pub async fn assign(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, org)): Path<(String, String)>,
    ApiJson(input): ApiJson<Assign>,
) -> Result<StatusCode, ApiError> {
    let round = params::round(&state, &round).await?;
    let organization = params::organization(&state, &org).await?;
    if let Some(id) = input.inspector {
        let user = state.store.user(id).await?;
        if user.is_none_or(|u| u.role != Role::Inspector) {
            return Err(ApiError::bad_request(
                "inspector",
                format!("Người dùng số {id} không phải cán bộ kiểm tra."),
                format!("User {id} is not an inspector."),
            ));
        }
    }
    state
        .store
        .assign(&round.id, &organization, input.inspector, &caller.actor()?)
        .await?;
    state.cache.clear();
    Ok(StatusCode::NO_CONTENT)
}

pub async fn reviewers(
    State(state): State<AppState>,
    Path(round): Path<String>,
) -> Result<Json<Vec<User>>, ApiError> {
    let round = params::round(&state, &round).await?;
    Ok(Json(state.store.reviewers(&round.id).await?))
}

async fn set_reviewer(
    state: &AppState,
    caller: &Caller,
    round: &str,
    user: i64,
    reviews: bool,
) -> Result<StatusCode, ApiError> {
    let round = params::round(state, round).await?;
    let found = state.store.user(user).await?;
    if reviews && found.is_none_or(|u| u.role != Role::Reviewer) {
        return Err(ApiError::bad_request(
            "user",
            format!("Người dùng số {user} không phải trưởng đoàn kiểm tra."),
            format!("User {user} is not a reviewer."),
        ));
    }
    state
        .store
        .set_reviewer(&round.id, user, reviews, &caller.actor()?)
        .await?;
    Ok(StatusCode::NO_CONTENT)
}

pub async fn add_reviewer(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, user)): Path<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    set_reviewer(&state, &caller, &round, user, true).await
}

pub async fn remove_reviewer(
    State(state): State<AppState>,
    caller: Caller,
    Path((round, user)): Path<(String, i64)>,
) -> Result<StatusCode, ApiError> {
    set_reviewer(&state, &caller, &round, user, false).await
}

pub async fn add_catalog(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(catalog): ApiJson<Catalog>,
) -> Result<(StatusCode, Json<Catalog>), ApiError> {
    if let Err(problems) = catalog.validate() {
        let problems = problems
            .iter()
            .map(|p| scorecard_api::FieldProblem {
                field: None,
                message: p.to_string(),
                message_vi: format!("Bộ tiêu chí không hợp lệ: {p}."),
            })
            .collect();
        return Err(ApiError::Invalid { problems });
    }
    state.store.add_catalog(&catalog, &caller.actor()?).await?;
    Ok((StatusCode::CREATED, Json(catalog)))
}
