//! Administration: users and their roles, rounds and their states, assignments, reviewers,
//! catalog versions, and the audit trail. Every change is one store write with its audit entry.

use chrono::NaiveDate;
use scorecard_api::{CreateRound, CreateUser, FieldProblem, UpdateUser, UserView};
use scorecard_domain::{
    Assignment, AuditEntry, AuditVerdict, Catalog, CatalogId, Organization, Role, Round, RoundId, RoundState,
    User,
};
use scorecard_store::{AuditFilter, NewUser};

use crate::{Service, ServiceError, Who, lookup};
use scorecard_domain::OrgId;

/// Passwords shorter than this are refused.
pub const MIN_PASSWORD_CHARS: usize = 12;

/// Refuses anyone but these roles (the command line has them all).
pub fn require(who: &Who, roles: &[Role]) -> Result<(), ServiceError> {
    if who.is(roles) {
        Ok(())
    } else if who.user.is_none() {
        Err(ServiceError::Unauthorized)
    } else {
        Err(ServiceError::Forbidden)
    }
}

fn admins_only(who: &Who) -> Result<(), ServiceError> {
    require(who, &[Role::Admin])
}

fn parse_role(text: &str) -> Result<Role, ServiceError> {
    Role::parse(text).ok_or_else(|| {
        ServiceError::bad_request(
            "role",
            format!("Vai trò `{text}` không hợp lệ; dùng admin, reviewer, inspector, leader hoặc unit."),
            format!("Role `{text}` is not valid; use admin, reviewer, inspector, leader or unit."),
        )
    })
}

/// A user name: 3 to 32 lowercase letters, digits, `.`, `-` or `_`.
pub fn check_username(name: &str) -> Result<(), ServiceError> {
    let ok = (3..=32).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b));
    if ok {
        Ok(())
    } else {
        Err(ServiceError::bad_request(
            "username",
            "Tên đăng nhập gồm 3–32 ký tự: chữ thường không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới.",
            "A user name has 3–32 characters: lowercase letters, digits, `.`, `-` or `_`.",
        ))
    }
}

/// A password long enough to resist guessing.
pub fn check_password(password: &str) -> Result<(), ServiceError> {
    if password.chars().count() >= MIN_PASSWORD_CHARS {
        Ok(())
    } else {
        Err(ServiceError::bad_request(
            "password",
            format!("Mật khẩu cần ít nhất {MIN_PASSWORD_CHARS} ký tự."),
            format!("A password needs at least {MIN_PASSWORD_CHARS} characters."),
        ))
    }
}

pub(crate) fn parse_day(field: &str, text: &str) -> Result<NaiveDate, ServiceError> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .ok()
        .filter(|_| text.len() == 10)
        .ok_or_else(|| {
            ServiceError::bad_request(
                field,
                format!("`{text}` không phải ngày hợp lệ theo dạng YYYY-MM-DD."),
                format!("`{text}` is not a date written YYYY-MM-DD, or the day does not exist."),
            )
        })
}

impl Service {
    /// Every user, with whether their access has ended.
    pub async fn users(&self, who: &Who) -> Result<Vec<UserView>, ServiceError> {
        admins_only(who)?;
        let mut views = Vec::new();
        for user in self.store().users().await? {
            let disabled = self
                .store()
                .credentials(&user.username)
                .await?
                .is_some_and(|c| c.disabled);
            views.push(UserView { user, disabled });
        }
        Ok(views)
    }

    /// Adds a user; the password is hashed off the async threads.
    pub async fn create_user(&self, who: &Who, input: CreateUser) -> Result<User, ServiceError> {
        admins_only(who)?;
        check_username(&input.username)?;
        check_password(&input.password)?;
        let role = parse_role(&input.role)?;
        let organization = self
            .organization_of_new_user(role, input.organization.as_deref())
            .await?;
        let password_hash = self.hasher().hash(input.password).await;
        let new = NewUser {
            username: input.username,
            display_name: input.display_name,
            role,
            password_hash,
            organization,
        };
        Ok(self.store().create_user(&new, &who.actor()?).await?)
    }

    /// A `unit` user speaks for one existing organisation; no other role has one.
    async fn organization_of_new_user(
        &self,
        role: Role,
        organization: Option<&str>,
    ) -> Result<Option<OrgId>, ServiceError> {
        match (role, organization.map(str::trim).filter(|o| !o.is_empty())) {
            (Role::Unit, Some(org)) => {
                let organizations = self.store().organizations().await?;
                let found = crate::lookup::organization(&organizations, org).map_err(|_| {
                    ServiceError::bad_request(
                        "organization",
                        format!("Không có đơn vị `{org}`."),
                        format!("There is no organisation `{org}`."),
                    )
                })?;
                Ok(Some(found.id.clone()))
            }
            (Role::Unit, None) => Err(ServiceError::bad_request(
                "organization",
                "Đầu mối của đơn vị (vai trò unit) cần tên đơn vị mà người đó đại diện.",
                "A unit contact (role unit) needs the organisation they speak for.",
            )),
            (_, Some(_)) => Err(ServiceError::bad_request(
                "organization",
                "Chỉ đầu mối của đơn vị (vai trò unit) gắn với một đơn vị.",
                "Only a unit contact (role unit) is bound to an organisation.",
            )),
            (_, None) => Ok(None),
        }
    }

    /// Changes a user's role or whether they may sign in; a field left out keeps its value,
    /// and nobody removes their own admin role or locks themselves out.
    pub async fn update_user(&self, who: &Who, id: i64, input: UpdateUser) -> Result<User, ServiceError> {
        admins_only(who)?;
        let missing = || ServiceError::not_found(format!("người dùng số {id}"), format!("User {id}"));
        let current = self.store().user(id).await?.ok_or_else(missing)?;
        let role = input
            .role
            .as_deref()
            .map(parse_role)
            .transpose()?
            .unwrap_or(current.role);
        let was_disabled = self
            .store()
            .credentials(&current.username)
            .await?
            .is_some_and(|c| c.disabled);
        let disabled = input.disabled.unwrap_or(was_disabled);
        if (role == Role::Unit) != (current.role == Role::Unit) {
            return Err(ServiceError::conflict(
                "Không đổi được vai trò sang hoặc từ đầu mối của đơn vị (unit): người đó gắn với một đơn vị; hãy tạo người dùng mới.",
                "A role cannot change to or from unit contact (unit), which is bound to an organisation; create a new user instead.",
            ));
        }
        if who.user.as_ref().is_some_and(|me| me.id == id) && (disabled || role != Role::Admin) {
            return Err(ServiceError::conflict(
                "Không thể tự bỏ quyền quản trị hoặc tự khóa tài khoản của mình.",
                "You cannot remove your own admin role or disable your own account.",
            ));
        }
        Ok(self
            .store()
            .update_user(id, role, disabled, &who.actor()?)
            .await?)
    }

    /// Creates a round, planned (or in `state`, for the command line), on an existing catalog.
    pub async fn create_round(
        &self,
        who: &Who,
        input: CreateRound,
        state: RoundState,
    ) -> Result<Round, ServiceError> {
        admins_only(who)?;
        let id = RoundId::parse(&input.id).map_err(|e| {
            ServiceError::bad_request("id", format!("Mã đợt không hợp lệ: {e}."), e.to_string())
        })?;
        let catalog = match CatalogId::parse(&input.catalog).ok() {
            Some(c) if self.store().catalog(&c).await?.is_some() => c,
            _ => {
                return Err(ServiceError::bad_request(
                    "catalog",
                    format!("Không có bộ tiêu chí `{}`.", input.catalog),
                    format!("There is no catalog `{}`.", input.catalog),
                ));
            }
        };
        let starts_on = parse_day("starts_on", &input.starts_on)?;
        let ends_on = parse_day("ends_on", &input.ends_on)?;
        if ends_on < starts_on {
            return Err(ServiceError::bad_request(
                "ends_on",
                "Ngày kết thúc trước ngày bắt đầu.",
                "The end date is before the start date.",
            ));
        }
        if input.name_vi.trim().is_empty() {
            return Err(ServiceError::bad_request(
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
            state,
            illustrative: false,
        };
        self.store().create_round(&round, &who.actor()?).await?;
        Ok(round)
    }

    /// Moves a round along planned → open ⇄ closed → published.
    pub async fn set_round_state(&self, who: &Who, round: &str, state: &str) -> Result<Round, ServiceError> {
        admins_only(who)?;
        let round = lookup::round(self.store(), round).await?;
        let to = RoundState::parse(state).ok_or_else(|| {
            ServiceError::bad_request(
                "state",
                "Trạng thái phải là planned, open, closed hoặc published.",
                "The state must be planned, open, closed or published.",
            )
        })?;
        if !round.state.may_move_to(to) {
            return Err(ServiceError::conflict(
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
        // Publishing makes the round's findings in the same transaction (docs/rules.md,
        // "Findings").
        let updated = if to == RoundState::Published {
            let findings = self.findings_of(&round).await?;
            self.store()
                .publish_round(&round.id, &findings, &who.actor()?)
                .await?
        } else {
            self.store().set_round_state(&round.id, to, &who.actor()?).await?
        };
        Ok(updated)
    }

    /// Which inspector scores which organisation in a round.
    pub async fn assignments(&self, who: &Who, round: &str) -> Result<Vec<Assignment>, ServiceError> {
        who.user()?;
        let round = lookup::round(self.store(), round).await?;
        Ok(self.store().assignments(&round.id).await?)
    }

    /// Assigns an organisation to an inspector, or to nobody.
    pub async fn assign(
        &self,
        who: &Who,
        round: &str,
        org: &str,
        inspector: Option<i64>,
    ) -> Result<(), ServiceError> {
        admins_only(who)?;
        let round = lookup::round(self.store(), round).await?;
        let organizations = self.store().organizations().await?;
        let organization = lookup::organization(&organizations, org)?.id.clone();
        if let Some(id) = inspector {
            let user = self.store().user(id).await?;
            if user.is_none_or(|u| u.role != Role::Inspector) {
                return Err(ServiceError::bad_request(
                    "inspector",
                    format!("Người dùng số {id} không phải cán bộ kiểm tra."),
                    format!("User {id} is not an inspector."),
                ));
            }
        }
        self.store()
            .assign(&round.id, &organization, inspector, &who.actor()?)
            .await?;
        // The organisations a round inspects include those assigned: the figures change.
        Ok(())
    }

    /// The reviewers of a round.
    pub async fn reviewers(&self, who: &Who, round: &str) -> Result<Vec<User>, ServiceError> {
        who.user()?;
        let round = lookup::round(self.store(), round).await?;
        Ok(self.store().reviewers(&round.id).await?)
    }

    /// Makes a reviewer review a round (`reviews`), or stop.
    pub async fn set_reviewer(
        &self,
        who: &Who,
        round: &str,
        user: i64,
        reviews: bool,
    ) -> Result<(), ServiceError> {
        admins_only(who)?;
        let round = lookup::round(self.store(), round).await?;
        let Some(found) = self.store().user(user).await? else {
            return Err(ServiceError::not_found(
                format!("người dùng số {user}"),
                format!("User {user}"),
            ));
        };
        if reviews && found.role != Role::Reviewer {
            return Err(ServiceError::bad_request(
                "user",
                format!("Người dùng số {user} không phải trưởng đoàn kiểm tra."),
                format!("User {user} is not a reviewer."),
            ));
        }
        self.store()
            .set_reviewer(&round.id, user, reviews, &who.actor()?)
            .await?;
        Ok(())
    }

    /// Every organisation with its names, peer group and lineage.
    pub async fn organizations(&self) -> Result<Vec<Organization>, ServiceError> {
        Ok(self.store().organizations().await?)
    }

    /// Every catalog version.
    pub async fn catalogs(&self) -> Result<Vec<Catalog>, ServiceError> {
        Ok(self.store().catalogs().await?)
    }

    /// One catalog version.
    pub async fn catalog(&self, id: &str) -> Result<Catalog, ServiceError> {
        let missing = || ServiceError::not_found(format!("bộ tiêu chí `{id}`"), format!("Catalog `{id}`"));
        let id = CatalogId::parse(id).map_err(|_| missing())?;
        self.store().catalog(&id).await?.ok_or_else(missing)
    }

    /// Every round, newest first.
    pub async fn rounds(&self) -> Result<Vec<Round>, ServiceError> {
        Ok(self.store().rounds().await?)
    }

    /// Adds a catalog version, checked whole (weights, bands, kinds) before anything is written.
    pub async fn add_catalog(&self, who: &Who, catalog: Catalog) -> Result<Catalog, ServiceError> {
        admins_only(who)?;
        if let Err(problems) = catalog.validate() {
            let problems = problems
                .iter()
                .map(|p| FieldProblem {
                    field: None,
                    message: p.to_string(),
                    message_vi: format!("Bộ tiêu chí không hợp lệ: {p}."),
                    cell: None,
                })
                .collect();
            return Err(ServiceError::Invalid { problems });
        }
        self.store().add_catalog(&catalog, &who.actor()?).await?;
        Ok(catalog)
    }

    /// The audit trail, filtered; at most 10,000 entries (1,000 unless asked).
    pub async fn audit(&self, who: &Who, mut filter: AuditFilter) -> Result<Vec<AuditEntry>, ServiceError> {
        admins_only(who)?;
        filter.limit = Some(filter.limit.unwrap_or(1000).min(10_000));
        Ok(self.store().audit(&filter).await?)
    }

    /// Recomputes the audit chain and names the first broken entry.
    pub async fn verify_audit(&self, who: &Who) -> Result<AuditVerdict, ServiceError> {
        admins_only(who)?;
        Ok(self.store().verify_audit().await?)
    }
}
