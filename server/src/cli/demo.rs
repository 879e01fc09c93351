//! The illustrative demo: the shipped rounds and records, an open round 2026 with assignments
//! and a reviewer, and one user per role with a random password printed once.

use chrono::NaiveDate;
use scorecard_domain::{CatalogId, Role, RoundId, RoundState};
use scorecard_service::password::{Hasher, random_password};
use scorecard_store::{Actor, Store};

use super::shipped_data;

/// A demo sign-in, printed once when the demo is loaded.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    pub username: String,
    pub role: Role,
    pub password: String,
}

/// The demo's people: one per role, a second inspector so that "another inspector's
/// organisation" can be tried, and the contact of the Ministry of Finance (role `unit`).
const DEMO_USERS: &[(&str, &str, Role, Option<&str>)] = &[
    ("quantri", "Quản trị hệ thống", Role::Admin, None),
    ("truongdoan", "Trần Thị Bình (trưởng đoàn)", Role::Reviewer, None),
    ("canbo.an", "Nguyễn Văn An", Role::Inspector, None),
    ("canbo.chau", "Lê Minh Châu", Role::Inspector, None),
    ("lanhdao", "Phạm Quốc Dũng (lãnh đạo)", Role::Leader, None),
    (
        "donvi.btc",
        "Hoàng Thu Hà (đầu mối Bộ Tài chính)",
        Role::Unit,
        Some("btc"),
    ),
];

/// The open round of the demo, in which inspectors work: (organisation, inspector).
const DEMO_OPEN_ROUND: &str = "2026";
const DEMO_ASSIGNMENTS: &[(&str, &str)] = &[
    ("btc", "canbo.an"),
    ("bct", "canbo.an"),
    ("bnv", "canbo.an"),
    ("byt", "canbo.an"),
    ("bgddt", "canbo.an"),
    ("btp", "canbo.an"),
    ("bkhcn", "canbo.chau"),
    ("bnnmt", "canbo.chau"),
    ("bxd", "canbo.chau"),
    ("bng", "canbo.chau"),
    ("nhnn", "canbo.chau"),
    ("ttcp", "canbo.chau"),
];

/// Loads the demo into a database without rounds: the illustrative rounds and records, an open
/// round 2026 with assignments, and one user per role with a new random password. A database
/// with rounds is left as it is, and `None` is returned.
pub async fn load_demo(store: &dyn Store) -> anyhow::Result<Option<Vec<DemoLogin>>> {
    if !store.has_no_rounds().await? {
        println!("the database already holds rounds: the demo data is not loaded again");
        return Ok(None);
    }
    let demo = shipped_data()?;
    let actor = Actor::system("demo");
    store
        .load_dataset(&demo, &[("demo", serde_json::Value::Bool(true))], &actor)
        .await?;
    let hasher = Hasher::new(2);
    let mut logins = Vec::new();
    for (username, display_name, role, organization) in DEMO_USERS {
        let password = random_password();
        let new = scorecard_store::NewUser {
            username: (*username).to_owned(),
            display_name: (*display_name).to_owned(),
            role: *role,
            password_hash: hasher.hash(password.clone()).await,
            organization: organization.map(scorecard_domain::OrgId::parse).transpose()?,
        };
        store.create_user(&new, &actor).await?;
        logins.push(DemoLogin {
            username: (*username).to_owned(),
            role: *role,
            password,
        });
    }
    let round = scorecard_domain::Round {
        id: RoundId::parse(DEMO_OPEN_ROUND)?,
        name_vi: "Kiểm tra Chính phủ số năm 2026 (đang thực hiện)".to_owned(),
        name_en: "Digital government inspection 2026 (in progress)".to_owned(),
        catalog: CatalogId::parse("cpdt-2025")?,
        starts_on: NaiveDate::from_ymd_opt(2026, 9, 1).unwrap_or_default(),
        ends_on: NaiveDate::from_ymd_opt(2026, 12, 31).unwrap_or_default(),
        state: RoundState::Open,
        illustrative: true,
    };
    store.create_round(&round, &actor).await?;
    let users = store.users().await?;
    for (organization, inspector) in DEMO_ASSIGNMENTS {
        let id = users.iter().find(|u| u.username == *inspector).map(|u| u.id);
        store
            .assign(
                &round.id,
                &scorecard_domain::OrgId::parse(organization)?,
                id,
                &actor,
            )
            .await?;
    }
    if let Some(reviewer) = users.iter().find(|u| u.role == Role::Reviewer) {
        store.set_reviewer(&round.id, reviewer.id, true, &actor).await?;
    }
    println!(
        "loaded the demo data (Dữ liệu minh họa / illustrative data): {} organisations, {} rounds, {} records",
        demo.organizations.len(),
        demo.rounds.len() + 1,
        demo.records.len()
    );
    println!("demo logins (shown once; delete the database to start over):");
    for login in &logins {
        println!(
            "  {:<9} {:<12} {}",
            login.role.as_str(),
            login.username,
            login.password
        );
    }
    Ok(Some(logins))
}
