//! The JSON API under `/api/v1` (docs/formats.md#http-api).
//!
//! Every route is one line of [`ROUTES`], with who may call it: the router, the OpenAPI
//! document and the route × role tests are all built from that table, so a route cannot exist
//! without being described, guarded and tested.

mod admin;
mod body;
mod encoding;
mod evidence;
mod files;
pub mod openapi;
mod params;
mod participation;
mod records;
mod reports;
mod session;

use axum::Router;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{Method, StatusCode};
use axum::response::Response;
use axum::routing::{MethodRouter, delete, get, patch, post, put};
use scorecard_domain::Role;

use crate::auth::{self, Access};
use crate::error::{ApiError, problem};
use crate::state::AppState;

/// One route of the API.
pub struct RouteSpec {
    pub method: Method,
    /// The path under `/api/v1`, with `{name}` parameters.
    pub path: &'static str,
    /// Who may call it; handlers narrow further where the data decides (see `auth`).
    pub access: Access,
    pub summary: &'static str,
    /// Query parameters: name and description.
    pub query: &'static [(&'static str, &'static str)],
    /// The media types of the request body, if it takes one.
    pub body: &'static [&'static str],
    handler: fn() -> MethodRouter<AppState>,
}

const ROUND_VIEW: &[(&str, &str)] = &[(
    "preliminary",
    "true adds submitted records (default false: approved only)",
)];
const RANKING_QUERY: &[(&str, &str)] = &[
    (
        "scope",
        "all (default) or a peer group such as ministry or agency",
    ),
    (
        "preliminary",
        "true adds submitted records (default false: approved only)",
    ),
];
const RECORD_FILTERS: &[(&str, &str)] = &[
    ("org", "organisation id"),
    ("criterion", "criterion code"),
    ("state", "draft, submitted, approved or returned"),
];
const IMPORT_QUERY: &[(&str, &str)] = &[
    ("dry_run", "true checks every row and writes nothing"),
    (
        "approve",
        "true imports every row as approved (default: submitted)",
    ),
];
const AUDIT_QUERY: &[(&str, &str)] = &[
    (
        "target",
        "entries whose target starts with this, e.g. record:2026/btc",
    ),
    ("actor", "user name"),
    ("since", "UTC time, ISO 8601"),
    ("until", "UTC time, ISO 8601"),
    ("limit", "at most this many entries (default 1000)"),
];
const JSON: &[&str] = &["application/json"];
const LANG_QUERY: &[(&str, &str)] = &[("lang", "vi (default) or en")];

/// `route!(METHOD "/path", access, "summary", handler [, query [, body types]])`.
macro_rules! route {
    ($method:ident $path:literal, $access:expr, $summary:literal, $handler:expr) => {
        route!($method $path, $access, $summary, $handler, &[], &[])
    };
    ($method:ident $path:literal, $access:expr, $summary:literal, $handler:expr, $query:expr) => {
        route!($method $path, $access, $summary, $handler, $query, &[])
    };
    ($method:ident $path:literal, $access:expr, $summary:literal, $handler:expr, $query:expr, $body:expr) => {
        RouteSpec {
            method: Method::$method,
            path: $path,
            access: $access,
            summary: $summary,
            query: $query,
            body: $body,
            handler: || $handler,
        }
    };
}

use Access::{Public, PublicFigures, Roles, SignedIn};

const ADMINS: Access = Roles(auth::ADMINS);
const INSPECTORS: Access = Roles(auth::INSPECTORS);
const REVIEWERS: Access = Roles(auth::REVIEWERS);
const ADMINS_AND_REVIEWERS: Access = Roles(&[Role::Admin, Role::Reviewer]);
/// Everyone who works on inspections: not an organisation's contact (issue 13), who sees only
/// its own organisation's records and everyone's published results.
const STAFF: Access = Roles(&[Role::Admin, Role::Reviewer, Role::Inspector, Role::Leader]);
/// Who changes evidence files: inspectors and reviewers on records, a unit's contact on its
/// self-assessment (the service decides which, by assignment, phase and organisation).
const FILE_CHANGERS: Access = Roles(&[Role::Inspector, Role::Reviewer, Role::Unit]);
/// The contact of an inspected organisation (issue 13).
const UNITS: Access = Roles(&[Role::Unit]);
const FILES_QUERY: &[(&str, &str)] = &[("org", "organisation id")];
const FINDINGS_QUERY: &[(&str, &str)] = &[
    ("round", "the round that made them"),
    ("org", "organisation id (a unit's contact: its own)"),
    ("state", "open, overdue or closed"),
    ("criterion", "criterion code"),
];
const FINDINGS_XLSX_QUERY: &[(&str, &str)] = &[
    ("round", "the round that made them"),
    ("org", "organisation id (a unit's contact: its own)"),
    ("state", "open, overdue or closed"),
    ("criterion", "criterion code"),
    ("lang", "vi (default) or en"),
];

/// Every route of the API, with who may call it.
#[rustfmt::skip]
pub static ROUTES: &[RouteSpec] = &[
    route!(GET "/health", Public, "Whether the server answers (liveness; it does not touch the database)", get(health)),
    route!(GET "/ready", Public, "Whether the server can serve: 200 when the database answers, 503 when it does not (readiness)", get(ready)),
    route!(GET "/openapi.json", Public, "This API described as OpenAPI 3.1", get(openapi::document)),
    route!(POST "/session", Public, "Sign in; sets the session cookie (rate limited)", post(session::sign_in), &[], JSON),
    route!(GET "/session", Public, "Who is signed in: the user, or null for nobody", get(session::current)),
    route!(DELETE "/session", Public, "Sign out", delete(session::sign_out)),
    route!(GET "/me", SignedIn, "The signed-in user and what they are assigned", get(reports::me)),
    route!(GET "/organizations", Public, "Every organisation with its peer group and lineage", get(reports::organizations)),
    route!(GET "/organizations/{org}/history", PublicFigures, "An organisation's rank and score across rounds, through lineage", get(reports::history)),
    route!(GET "/catalogs", Public, "Every catalog version", get(reports::catalogs)),
    route!(GET "/catalogs/{id}", Public, "One catalog version with its criteria and bands", get(reports::catalog)),
    route!(POST "/catalogs", ADMINS, "Add a catalog version (usually an older one, changed)", post(admin::add_catalog), &[], JSON),
    route!(GET "/rounds", Public, "Every round, newest first", get(reports::rounds)),
    route!(POST "/rounds", ADMINS, "Create a round", post(admin::create_round), &[], JSON),
    route!(GET "/rounds/{round}", PublicFigures, "One round with the organisations it inspects", get(reports::round)),
    route!(POST "/rounds/{round}/state", ADMINS, "Open, close or publish a round", post(admin::set_round_state), &[], JSON),
    route!(GET "/rounds/{round}/phases", PublicFigures, "The round's phases (UTC) and the one holding the present moment", get(participation::phases)),
    route!(PUT "/rounds/{round}/phases", ADMINS, "Set the round's phases as a whole: self-assessment (optional), inspection, preliminary results, explanations, final", put(participation::set_phases), &[], JSON),
    route!(GET "/rounds/{round}/self-assessments", PublicFigures, "Every submitted self-assessment beside the verified score of the same view, per organisation (the ranking's column)", get(participation::self_assessed_column), ROUND_VIEW),
    route!(GET "/rounds/{round}/self-assessment/{org}", PublicFigures, "An organisation's self-assessment, what keeps it from being submitted, and the self-assessed figures beside the verified ones", get(participation::self_assessment)),
    route!(PUT "/rounds/{round}/self-assessment/{org}/{criterion}", UNITS, "The unit's own answer for one criterion, in the self-assessment's window", put(participation::save_answer), &[], JSON),
    route!(POST "/rounds/{round}/self-assessment/{org}/submit", UNITS, "Submit the unit's self-assessment: every criterion answered, met without evidence explained", post(participation::submit)),
    route!(GET "/rounds/{round}/explanations/{org}", PublicFigures, "The criteria an organisation may explain (unmet in the preliminary results) with its explanations and the decisions on them", get(participation::explanations)),
    route!(PUT "/rounds/{round}/explanations/{org}/{criterion}", UNITS, "The unit's explanation of a criterion found unmet, in the explanations' window", put(participation::explain), &[], JSON),
    route!(POST "/rounds/{round}/explanations/{org}/{criterion}/decision", INSPECTORS, "Accept an explanation (the record takes the outcome given) or reject it with a reason", post(participation::decide), &[], JSON),
    route!(GET "/rounds/{round}/preliminary-notice/{org}", PublicFigures, "The preliminary notice to one organisation (PDF): its outcomes, score, unmet criteria with their legal basis, the deadline for explanations", get(files::preliminary_notice), LANG_QUERY),
    route!(GET "/notices", SignedIn, "What concerns the signed-in user now, newest first, with how many are unread", get(participation::notices)),
    route!(POST "/notices/read", SignedIn, "Mark notices read (the keys given, or every current one)", post(participation::mark_read), &[], JSON),
    route!(GET "/findings", SignedIn, "Findings (unmet mandatory criteria of published rounds) with the unit's reports: a unit's contact its own organisation's, the team every one", get(participation::findings), FINDINGS_QUERY),
    route!(GET "/findings.xlsx", SignedIn, "The findings that match, as a workbook", get(participation::findings_xlsx), FINDINGS_XLSX_QUERY),
    route!(POST "/findings/{id}/reports", UNITS, "The unit reports what it did about one of its findings", post(participation::report_on_finding), &[], JSON),
    route!(POST "/findings/{id}/files", UNITS, "Attach one file (multipart field `file`) to the unit's follow-up of an open finding", evidence::finding_upload_route(), &[], &["multipart/form-data"]),
    route!(GET "/findings/files/{id}", SignedIn, "A file of a finding's follow-up, as an attachment (for whoever may read the finding)", get(evidence::finding_download)),
    route!(PUT "/findings/{id}/due", ADMINS_AND_REVIEWERS, "Set or clear an open finding's due date", put(participation::set_finding_due), &[], JSON),
    route!(POST "/findings/{id}/review", ADMINS_AND_REVIEWERS, "Close a finding, or keep it open with a note", post(participation::review_finding), &[], JSON),
    route!(GET "/rounds/{round}/assignments", STAFF, "Which inspector scores which organisation", get(admin::assignments)),
    route!(PUT "/rounds/{round}/assignments/{org}", ADMINS, "Assign an organisation to an inspector", put(admin::assign), &[], JSON),
    route!(GET "/rounds/{round}/reviewers", STAFF, "The reviewers of a round", get(admin::reviewers)),
    route!(PUT "/rounds/{round}/reviewers/{user}", ADMINS, "Make a user a reviewer of a round", put(admin::add_reviewer)),
    route!(DELETE "/rounds/{round}/reviewers/{user}", ADMINS, "Remove a reviewer from a round", delete(admin::remove_reviewer)),
    route!(GET "/rounds/{round}/ranking", PublicFigures, "The ranking of a round", get(reports::ranking), RANKING_QUERY),
    route!(GET "/rounds/{round}/summary", PublicFigures, "Per-criterion counts and the briefing sentences", get(reports::summary), ROUND_VIEW),
    route!(GET "/rounds/{round}/scores", PublicFigures, "Every organisation's score and per-criterion status", get(reports::scores), ROUND_VIEW),
    route!(GET "/rounds/{round}/records", PublicFigures, "The records of a round that the caller may see", get(records::list), RECORD_FILTERS),
    route!(GET "/rounds/{round}/records/{org}/{criterion}", PublicFigures, "One record with its ETag", get(records::get_one)),
    route!(PUT "/rounds/{round}/records/{org}/{criterion}", INSPECTORS, "Create (If-Match: *) or change (If-Match: ETag) a record", put(records::put_one), &[], JSON),
    route!(GET "/rounds/{round}/records/{org}/{criterion}/history", SignedIn, "Every change of one record, from the audit trail", get(records::history)),
    route!(POST "/rounds/{round}/records/{org}/{criterion}/submit", INSPECTORS, "Submit a draft or returned record for review", post(records::submit)),
    route!(POST "/rounds/{round}/records/{org}/{criterion}/approve", REVIEWERS, "Approve a submitted record", post(records::approve)),
    route!(POST "/rounds/{round}/records/{org}/{criterion}/return", REVIEWERS, "Return a submitted record with a comment", post(records::give_back), &[], JSON),
    route!(GET "/rounds/{round}/files", PublicFigures, "The evidence files of the records the caller may see", get(evidence::list), FILES_QUERY),
    route!(POST "/rounds/{round}/records/{org}/{criterion}/files", FILE_CHANGERS, "Attach one evidence file (multipart field `file`, with `document_date`), or reuse a file of the organisation (`from`)", evidence::upload_route(), &[], &["multipart/form-data"]),
    route!(GET "/rounds/{round}/records/{org}/{criterion}/suggestion", SignedIn, "The outcome the record's signed PDFs suggest (the inspector decides)", get(evidence::suggestion)),
    route!(GET "/rounds/{round}/evidence.zip", PublicFigures, "The evidence files the caller may see as a ZIP with manifest.csv (record, name, size, SHA-256, verdict)", get(evidence::archive), FILES_QUERY),
    route!(GET "/files/{id}", PublicFigures, "An evidence file, as an attachment", get(evidence::download)),
    route!(GET "/files/{id}/analysis", PublicFigures, "The signature check of a PDF evidence file", get(evidence::analysis)),
    route!(DELETE "/files/{id}", FILE_CHANGERS, "Remove an evidence file from its record", delete(evidence::remove)),
    route!(GET "/trust-roots", ADMINS, "The root certificates the signature check trusts", get(evidence::roots)),
    route!(POST "/trust-roots", ADMINS, "Trust the root certificates of a PEM or DER file; every stored PDF is checked again", evidence::add_roots_route(), &[], &["application/x-pem-file", "application/pkix-cert"]),
    route!(DELETE "/trust-roots/{sha256}", ADMINS, "Stop trusting a root; every stored PDF is checked again", delete(evidence::remove_root)),
    route!(POST "/rounds/{round}/import", ADMINS, "Import records (CSV, JSON or XLSX): all or nothing", files::import_route(), IMPORT_QUERY, &["text/csv", "application/json", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"]),
    route!(GET "/rounds/{round}/export.csv", ADMINS_AND_REVIEWERS, "The records of a round in the import format", get(files::export_csv)),
    route!(GET "/rounds/{round}/export.json", PublicFigures, "Ranking, summary and records of a round", get(files::export_json), ROUND_VIEW),
    route!(GET "/rounds/{round}/export.pdf", PublicFigures, "The PDF briefing of a round (Vietnamese administrative report)", get(files::export_pdf), files::DOCUMENT_QUERY),
    route!(GET "/rounds/{round}/template.xlsx", STAFF, "The fill-in template of a round (XLSX): a row per organisation and criterion, outcomes from a list", get(files::template), LANG_QUERY),
    route!(GET "/rounds/{round}/export.xlsx", PublicFigures, "The XLSX workbook: ranking, criteria matrix, summary, records", get(files::export_xlsx), files::DOCUMENT_QUERY),
    route!(GET "/rounds/{round}/charts/{file}", PublicFigures, "A chart of a round: ranking.svg|png or criteria.svg|png", get(files::round_chart), files::CHART_QUERY),
    route!(GET "/organizations/{org}/charts/{file}", PublicFigures, "An organisation's score by round: trend.svg|png", get(files::organization_chart), files::CHART_QUERY),
    route!(GET "/users", ADMINS, "Every user", get(admin::users)),
    route!(POST "/users", ADMINS, "Create a user", post(admin::create_user), &[], JSON),
    route!(PATCH "/users/{id}", ADMINS, "Change a user's role or end their access", patch(admin::update_user), &[], JSON),
    route!(GET "/audit", ADMINS, "The audit trail", get(admin::audit), AUDIT_QUERY),
    route!(GET "/audit/verify", ADMINS, "Recompute the audit hash chain and name the first broken entry", get(admin::verify_audit)),
];

/// The router of every API route, each behind its access check.
pub fn api() -> Router<AppState> {
    ROUTES
        .iter()
        .fold(Router::new(), |router, spec| {
            let access = spec.access;
            let guard =
                axum::middleware::from_fn(move |request, next| auth::check_access(access, request, next));
            router.route(spec.path, (spec.handler)().route_layer(guard))
        })
        .fallback(unknown_route)
        // Every body is held to the JSON limit; the import route sets its own, larger one
        // (issue 7: the 64 KiB limit was only named in a message, and axum's 2 MB applied).
        .layer(DefaultBodyLimit::max(body::JSON_LIMIT_BYTES))
        .layer(axum::middleware::from_fn(crate::error::plain_errors_as_problems))
        .layer(encoding::on_the_fly())
}

async fn health() -> axum::Json<scorecard_api::Health> {
    axum::Json(scorecard_api::Health {
        status: "ok".to_owned(),
    })
}

async fn ready(State(state): State<AppState>) -> Result<axum::Json<scorecard_api::Health>, ApiError> {
    state
        .store()
        .ping()
        .await
        .map_err(|error| ApiError::from(scorecard_service::ServiceError::Store(error)))?;
    Ok(health().await)
}

async fn unknown_route() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "Not Found",
        "Không có đường dẫn API này; xem /api/v1/openapi.json.",
        "There is no such API route; see /api/v1/openapi.json.",
        None,
    )
}
