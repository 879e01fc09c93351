//! The OpenAPI 3.1 document, generated from the route table so that it cannot drift from it:
//! every route's parameters, who may call it (the session cookie as the security scheme), its
//! request body and its answers, with the schemas derived from the wire types (`crates/api`,
//! `crates/domain`) by utoipa, the `If-Match`/`ETag` protocol of records with 412 and 428, and
//! the problem+json body of every error.

use std::borrow::Cow;

use axum::Json;
use scorecard_api::evidence::Suggestion;
use scorecard_api::{
    Assign, CreateRound, CreateUser, Figures, FileView, Health, History, ImportSummary, Me, PdfAnalysis,
    Problem, RecordBody, RecordView, ReturnBody, RoundDetail, Session, SetRoundState, SignIn, TrustRootView,
    TrustRoots, UpdateUser, UserView,
};
use scorecard_api::{
    DecisionBody, ExplanationBody, ExplanationView, ExplanationsView, FindingReportBody, FindingReviewBody,
    FindingView, MarkRead, Notices, RoundPhases, SelfAnswer, SelfAnswerBody, SelfAssessmentView, SetPhases,
};
use scorecard_domain::{
    Assignment, AuditEntry, AuditVerdict, Catalog, OrgScore, Organization, Ranking, Round, Summary, User,
};
use serde_json::{Map, Value, json};
use utoipa::ToSchema;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::Schema;

use super::{ROUTES, RouteSpec};
use crate::auth::{Access, session};

/// Component schemas, gathered by name.
type Schemas = Vec<(String, RefOr<Schema>)>;

/// A JSON body described by a schema of `components/schemas`.
#[derive(Clone, Copy)]
pub struct Shape {
    name: fn() -> Cow<'static, str>,
    add: fn(&mut Schemas),
    many: bool,
}

fn add<T: ToSchema>(schemas: &mut Schemas) {
    schemas.push((T::name().into_owned(), T::schema()));
    T::schemas(schemas);
}

fn one<T: ToSchema>() -> Shape {
    Shape {
        name: T::name,
        add: add::<T>,
        many: false,
    }
}

fn many<T: ToSchema>() -> Shape {
    Shape {
        many: true,
        ..one::<T>()
    }
}

impl Shape {
    /// The JSON Schema of the body: a reference to the component, or an array of them.
    pub fn schema(self) -> Value {
        let reference = json!({ "$ref": format!("#/components/schemas/{}", (self.name)()) });
        if self.many {
            json!({ "type": "array", "items": reference })
        } else {
            reference
        }
    }
}

/// What a route answers when it succeeds.
#[derive(Clone, Copy)]
pub enum Answer {
    /// JSON with this status.
    Json(u16, Shape),
    /// JSON of any shape (the document itself).
    AnyJson,
    /// A file of one of these media types.
    File(&'static [&'static str]),
    /// 204 No Content.
    Empty,
}

/// What a route takes as its body.
#[derive(Clone, Copy)]
pub enum Takes {
    Nothing,
    Json(Shape),
    /// A file of one of these media types (imports).
    File(&'static [&'static str]),
    /// A multipart form with these fields: name, whether it is a file, description.
    Form(&'static [(&'static str, bool, &'static str)]),
}

const IMPORTABLE: &[&str] = &[
    "text/csv",
    "application/json",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
];
const PDF: &[&str] = &["application/pdf"];
const ZIP: &[&str] = &["application/zip"];
const ROOTS: &[&str] = &["application/x-pem-file", "application/pkix-cert"];
const EVIDENCE: &[&str] = &[
    "application/pdf",
    "image/png",
    "image/jpeg",
    "image/webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.oasis.opendocument.text",
    "application/vnd.oasis.opendocument.spreadsheet",
    "text/plain",
];
const UPLOAD_FORM: &[(&str, bool, &str)] = &[
    (
        "file",
        true,
        "the file (one per request); its type is read from its content",
    ),
    (
        "document_date",
        false,
        "the date of the document itself, YYYY-MM-DD",
    ),
    (
        "from",
        false,
        "instead of a file: the id of a file of the same organisation to attach again",
    ),
];
const FINDING_FORM: &[(&str, bool, &str)] = &[(
    "file",
    true,
    "the file (one per request); its type is read from its content",
)];
const XLSX: &[&str] = &["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"];
const CSV: &[&str] = &["text/csv"];
const IMAGES: &[&str] = &["image/svg+xml", "image/png"];

/// The body each route takes and what it answers; a route missing here fails the test that
/// every route is documented.
pub fn shapes(method: &str, path: &str) -> Option<(Takes, Answer)> {
    use Answer::{AnyJson, Empty, File, Json};
    let ok = |shape| Json(200, shape);
    let created = |shape| Json(201, shape);
    let record = ok(one::<RecordView>());
    Some(match (method, path) {
        ("GET", "/health") => (Takes::Nothing, ok(one::<Health>())),
        ("GET", "/ready") => (Takes::Nothing, ok(one::<Health>())),
        ("GET", "/openapi.json") => (Takes::Nothing, AnyJson),
        ("POST", "/session") => (Takes::Json(one::<SignIn>()), ok(one::<User>())),
        ("GET", "/session") => (Takes::Nothing, ok(one::<Session>())),
        ("DELETE", "/session") => (Takes::Nothing, Empty),
        ("GET", "/me") => (Takes::Nothing, ok(one::<Me>())),
        ("GET", "/organizations") => (Takes::Nothing, ok(many::<Organization>())),
        ("GET", "/organizations/{org}/history") => (Takes::Nothing, ok(one::<History>())),
        ("GET", "/catalogs") => (Takes::Nothing, ok(many::<Catalog>())),
        ("GET", "/catalogs/{id}") => (Takes::Nothing, ok(one::<Catalog>())),
        ("POST", "/catalogs") => (Takes::Json(one::<Catalog>()), created(one::<Catalog>())),
        ("GET", "/rounds") => (Takes::Nothing, ok(many::<Round>())),
        ("POST", "/rounds") => (Takes::Json(one::<CreateRound>()), created(one::<Round>())),
        ("GET", "/rounds/{round}") => (Takes::Nothing, ok(one::<RoundDetail>())),
        ("POST", "/rounds/{round}/state") => (Takes::Json(one::<SetRoundState>()), ok(one::<Round>())),
        ("GET", "/rounds/{round}/assignments") => (Takes::Nothing, ok(many::<Assignment>())),
        ("PUT", "/rounds/{round}/assignments/{org}") => (Takes::Json(one::<Assign>()), Empty),
        ("GET", "/rounds/{round}/reviewers") => (Takes::Nothing, ok(many::<User>())),
        ("PUT" | "DELETE", "/rounds/{round}/reviewers/{user}") => (Takes::Nothing, Empty),
        ("GET", "/rounds/{round}/ranking") => (Takes::Nothing, ok(one::<Ranking>())),
        ("GET", "/rounds/{round}/summary") => (Takes::Nothing, ok(one::<Summary>())),
        ("GET", "/rounds/{round}/scores") => (Takes::Nothing, ok(many::<OrgScore>())),
        ("GET", "/rounds/{round}/records") => (Takes::Nothing, ok(many::<RecordView>())),
        ("GET", "/rounds/{round}/records/{org}/{criterion}") => (Takes::Nothing, record),
        ("PUT", "/rounds/{round}/records/{org}/{criterion}") => (Takes::Json(one::<RecordBody>()), record),
        ("GET", "/rounds/{round}/records/{org}/{criterion}/history") => {
            (Takes::Nothing, ok(many::<AuditEntry>()))
        }
        (
            "POST",
            "/rounds/{round}/records/{org}/{criterion}/submit"
            | "/rounds/{round}/records/{org}/{criterion}/approve",
        ) => (Takes::Nothing, record),
        ("POST", "/rounds/{round}/records/{org}/{criterion}/return") => {
            (Takes::Json(one::<ReturnBody>()), record)
        }
        ("POST", "/rounds/{round}/import") => (Takes::File(IMPORTABLE), ok(one::<ImportSummary>())),
        ("GET", "/rounds/{round}/template.xlsx") => (Takes::Nothing, File(XLSX)),
        ("GET", "/rounds/{round}/export.csv") => (Takes::Nothing, File(CSV)),
        ("GET", "/rounds/{round}/export.json") => (Takes::Nothing, ok(one::<Figures>())),
        ("GET", "/rounds/{round}/export.pdf") => (Takes::Nothing, File(PDF)),
        ("GET", "/rounds/{round}/export.xlsx") => (Takes::Nothing, File(XLSX)),
        ("GET", "/rounds/{round}/charts/{file}" | "/organizations/{org}/charts/{file}") => {
            (Takes::Nothing, File(IMAGES))
        }
        ("GET", "/rounds/{round}/files") => (Takes::Nothing, ok(many::<FileView>())),
        ("POST", "/rounds/{round}/records/{org}/{criterion}/files") => {
            (Takes::Form(UPLOAD_FORM), created(one::<FileView>()))
        }
        ("GET", "/rounds/{round}/records/{org}/{criterion}/suggestion") => {
            (Takes::Nothing, ok(one::<Suggestion>()))
        }
        ("GET", "/rounds/{round}/evidence.zip") => (Takes::Nothing, File(ZIP)),
        ("GET", "/files/{id}") => (Takes::Nothing, File(EVIDENCE)),
        ("GET", "/files/{id}/analysis") => (Takes::Nothing, ok(one::<PdfAnalysis>())),
        ("DELETE", "/files/{id}") => (Takes::Nothing, ok(one::<FileView>())),
        ("GET", "/trust-roots") => (Takes::Nothing, ok(many::<TrustRootView>())),
        ("GET", "/rounds/{round}/phases") => (Takes::Nothing, ok(one::<RoundPhases>())),
        ("PUT", "/rounds/{round}/phases") => (Takes::Json(one::<SetPhases>()), ok(one::<RoundPhases>())),
        ("GET", "/rounds/{round}/self-assessment/{org}")
        | ("POST", "/rounds/{round}/self-assessment/{org}/submit") => {
            (Takes::Nothing, ok(one::<SelfAssessmentView>()))
        }
        ("GET", "/rounds/{round}/preliminary-notice/{org}") => (Takes::Nothing, File(PDF)),
        ("GET", "/notices") => (Takes::Nothing, ok(one::<Notices>())),
        ("GET", "/rounds/{round}/self-assessments") => (
            Takes::Nothing,
            ok(many::<scorecard_domain::self_assessment::SelfAssessedLine>()),
        ),
        ("POST", "/notices/read") => (Takes::Json(one::<MarkRead>()), ok(one::<Notices>())),
        ("GET", "/findings") => (Takes::Nothing, ok(many::<FindingView>())),
        ("GET", "/findings.xlsx") => (Takes::Nothing, File(XLSX)),
        ("POST", "/findings/{id}/files") => (Takes::Form(FINDING_FORM), created(one::<FindingView>())),
        ("GET", "/findings/files/{id}") => (Takes::Nothing, File(EVIDENCE)),
        ("PUT", "/findings/{id}/due") => (
            Takes::Json(one::<scorecard_api::FindingDueBody>()),
            ok(one::<FindingView>()),
        ),
        ("POST", "/findings/{id}/reports") => {
            (Takes::Json(one::<FindingReportBody>()), ok(one::<FindingView>()))
        }
        ("POST", "/findings/{id}/review") => {
            (Takes::Json(one::<FindingReviewBody>()), ok(one::<FindingView>()))
        }
        ("GET", "/rounds/{round}/explanations/{org}") => (Takes::Nothing, ok(one::<ExplanationsView>())),
        ("PUT", "/rounds/{round}/explanations/{org}/{criterion}") => (
            Takes::Json(one::<ExplanationBody>()),
            ok(one::<ExplanationView>()),
        ),
        ("POST", "/rounds/{round}/explanations/{org}/{criterion}/decision") => {
            (Takes::Json(one::<DecisionBody>()), ok(one::<ExplanationView>()))
        }
        ("PUT", "/rounds/{round}/self-assessment/{org}/{criterion}") => {
            (Takes::Json(one::<SelfAnswerBody>()), ok(one::<SelfAnswer>()))
        }
        ("POST", "/trust-roots") => (Takes::File(ROOTS), ok(one::<TrustRoots>())),
        ("DELETE", "/trust-roots/{sha256}") => (Takes::Nothing, ok(one::<TrustRoots>())),
        ("GET", "/users") => (Takes::Nothing, ok(many::<UserView>())),
        ("POST", "/users") => (Takes::Json(one::<CreateUser>()), created(one::<User>())),
        ("PATCH", "/users/{id}") => (Takes::Json(one::<UpdateUser>()), ok(one::<User>())),
        ("GET", "/audit") => (Takes::Nothing, ok(many::<AuditEntry>())),
        ("GET", "/audit/verify") => (Takes::Nothing, ok(one::<AuditVerdict>())),
        _ => return None,
    })
}

/// Whether a route reads or writes one record by its path, and so speaks `If-Match`/`ETag`.
fn is_record(route: &RouteSpec) -> bool {
    route
        .path
        .starts_with("/rounds/{round}/records/{org}/{criterion}")
        && !route.path.ends_with("/history")
}

/// The schema of a query parameter, as precise as the server's parsing of it, so that a
/// client (or a schema-driven tester) knows which values are taken.
fn query_schema(name: &str) -> Value {
    match name {
        "preliminary" | "dry_run" | "approve" => json!({ "type": "boolean", "default": false }),
        "scope" => {
            json!({ "type": "string", "pattern": "^[a-z0-9_-]+$", "default": "all", "examples": ["all", "ministry"] })
        }
        "lang" => json!({ "type": "string", "enum": ["vi", "en"], "default": "vi" }),
        "width" => json!({ "type": "integer", "minimum": 240, "maximum": 2000, "default": 720 }),
        "limit" => json!({ "type": "integer", "minimum": 0, "maximum": 4294967295u64, "default": 1000 }),
        "org" => json!({ "type": "string", "pattern": "^[a-z0-9_-]{1,64}$", "examples": ["btc"] }),
        "criterion" => json!({ "type": "string", "pattern": "^[A-Z0-9._-]{1,64}$", "examples": ["TC-01"] }),
        "state" => json!({ "type": "string", "enum": ["draft", "submitted", "approved", "returned"] }),
        "since" | "until" => json!({ "type": "string", "examples": ["2026-03-01T00:00:00.000Z"] }),
        _ => json!({ "type": "string" }),
    }
}

fn path_parameters(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| {
            let schema = if matches!(name, "id" | "user") && !path.starts_with("/catalogs") {
                json!({ "type": "integer", "format": "int64" })
            } else {
                json!({ "type": "string" })
            };
            json!({ "name": name, "in": "path", "required": true, "schema": schema })
        })
        .collect()
}

fn operation_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .split(['/', '.', '{', '}'])
        .filter(|w| !w.is_empty())
        .collect();
    format!("{}_{}", method.to_ascii_lowercase(), words.join("_"))
}

fn problem(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
    })
}

/// The error answers a route can give, from who may call it and what it takes.
fn errors(route: &RouteSpec, method: &str, takes: Takes) -> Map<String, Value> {
    let mut errors = Map::new();
    let has_parameters = route.path.contains('{') || !route.query.is_empty();
    if has_parameters || !matches!(takes, Takes::Nothing) {
        errors.insert(
            "400".into(),
            problem("A parameter or the body is not valid; `field` names it"),
        );
    }
    match route.access {
        Access::Public => {}
        Access::PublicFigures => {
            errors.insert(
                "401".into(),
                problem("An unpublished round needs a signed-in user"),
            );
            errors.insert(
                "403".into(),
                problem("The caller's role does not see these figures"),
            );
        }
        Access::SignedIn | Access::Roles(_) => {
            errors.insert("401".into(), problem("Nobody is signed in"));
            errors.insert(
                "403".into(),
                problem("The caller's role or assignment does not allow this"),
            );
        }
    }
    if route.path.contains('{') {
        errors.insert("404".into(), problem("Something the path names does not exist"));
    }
    if method != "GET" && method != "DELETE" && route.path.starts_with("/rounds/") {
        errors.insert(
            "409".into(),
            problem("A rule of the workflow or the round forbids it"),
        );
    }
    if is_record(route) && method != "GET" {
        errors.insert(
            "412".into(),
            problem("`If-Match` names a version that is no longer the stored one; `current_etag` is the stored one"),
        );
    }
    if is_record(route) && method == "PUT" {
        errors.insert(
            "428".into(),
            problem("`If-Match` is missing: send the ETag, or `*` to create"),
        );
    }
    match takes {
        Takes::Json(_) => {
            errors.insert("413".into(), problem("The body is larger than 64 KB"));
            errors.insert(
                "422".into(),
                problem("Fields break the rules; `errors` names each with its reason"),
            );
        }
        Takes::File(_) if route.path == "/trust-roots" => {
            errors.insert("413".into(), problem("The file is larger than 1 MB"));
            errors.insert(
                "400".into(),
                problem("The file holds no certificate that can be read"),
            );
        }
        Takes::Form(_) => {
            errors.insert(
                "413".into(),
                problem("The file is larger than the server's limit (20 MB unless configured)"),
            );
            errors.insert(
                "400".into(),
                problem("The file's content is not an accepted type (PDF, PNG, JPEG, WebP, DOCX, XLSX, ODT, ODS, plain text), or the form is malformed; `detail` says which"),
            );
            errors.insert(
                "409".into(),
                problem("The round is not open, the record is approved (its files are frozen), it holds the most files allowed, or the file is attached already"),
            );
        }
        Takes::File(_) => {
            errors.insert("413".into(), problem("The file is larger than 10 MB"));
            errors.insert(
                "400".into(),
                problem("The file is not text this API reads (a legacy code page): `detail` says which encoding it looks like and how to save it as UTF-8"),
            );
            errors.insert(
                "422".into(),
                problem(
                    "Rows break the rules; `rejected` lists each line with its reasons; nothing was written",
                ),
            );
        }
        Takes::Nothing => {}
    }
    if route.path.ends_with("/self-assessment/{org}/submit") {
        errors.insert(
            "422".into(),
            problem("Something keeps the self-assessment from being submitted: `errors` names each criterion unanswered, or claimed as met without evidence or explanation"),
        );
    }
    if method == "GET"
        && (route.path.starts_with("/rounds/{round}/explanations/")
            || route.path.starts_with("/rounds/{round}/preliminary-notice/"))
    {
        errors.insert(
            "409".into(),
            problem("The preliminary results have not been sent to the unit yet"),
        );
    }
    if route.path == "/session" && method == "POST" {
        errors.insert("401".into(), problem("The user name or password is wrong"));
        errors.insert(
            "429".into(),
            problem("Too many failed sign-ins; `Retry-After` says when to try again"),
        );
    }
    errors.insert(
        "500".into(),
        problem("An internal error; the request id is in `x-request-id`"),
    );
    errors
}

fn operation(route: &RouteSpec, schemas: &mut Schemas) -> Value {
    let method = route.method.as_str();
    let (takes, answer) = shapes(method, route.path).unwrap_or((Takes::Nothing, Answer::AnyJson));
    let mut parameters = path_parameters(route.path);
    parameters.extend(route.query.iter().map(|(name, description)| {
        json!({ "name": name, "in": "query", "required": false, "description": description, "schema": query_schema(name) })
    }));
    if is_record(route) && method != "GET" {
        parameters.push(json!({
            "name": "If-Match", "in": "header", "required": method == "PUT",
            "description": "The ETag of the version the change is made from (`\"v3\"`), or `*` to create",
            "schema": { "type": "string" }, "example": "\"v3\""
        }));
    }
    let mut responses = errors(route, method, takes);
    let etag = json!({ "ETag": { "description": "The record's version: send it back in `If-Match`", "schema": { "type": "string" } } });
    match answer {
        Answer::Json(status, shape) => {
            (shape.add)(schemas);
            let mut ok = json!({
                "description": "Success",
                "content": { "application/json": { "schema": shape.schema() } }
            });
            if is_record(route) {
                ok["headers"] = etag.clone();
            }
            responses.insert(status.to_string(), ok.clone());
            if is_record(route) && method == "PUT" {
                ok["description"] = json!("Created (with `If-Match: *`)");
                responses.insert("201".into(), ok);
            }
        }
        Answer::AnyJson => {
            responses.insert(
                "200".into(),
                json!({ "description": "Success", "content": { "application/json": {} } }),
            );
        }
        Answer::File(types) => {
            let content: Map<String, Value> = types
                .iter()
                .map(|t| {
                    (
                        (*t).to_owned(),
                        json!({ "schema": { "type": "string", "format": "binary" } }),
                    )
                })
                .collect();
            responses.insert(
                "200".into(),
                json!({
                    "description": "The file, with a `Content-Disposition` naming it",
                    "content": content
                }),
            );
        }
        Answer::Empty => {
            responses.insert("204".into(), json!({ "description": "Done" }));
        }
    }
    let mut operation = json!({
        "summary": route.summary,
        "operationId": operation_id(method, route.path),
        "parameters": parameters,
        "responses": responses,
    });
    match route.access {
        Access::Public => operation["security"] = json!([]),
        Access::PublicFigures => operation["security"] = json!([{}, { "session": [] }]),
        Access::SignedIn | Access::Roles(_) => operation["security"] = json!([{ "session": [] }]),
    }
    if let Access::Roles(roles) = route.access {
        let names: Vec<&str> = roles.iter().map(|r| r.as_str()).collect();
        operation["description"] = json!(format!("For: {}.", names.join(", ")));
    }
    match takes {
        Takes::Json(shape) => {
            (shape.add)(schemas);
            operation["requestBody"] = json!({
                "required": true,
                "content": { "application/json": { "schema": shape.schema() } }
            });
        }
        Takes::File(types) => {
            let content: Map<String, Value> = types
                .iter()
                .map(|t| ((*t).to_owned(), json!({ "schema": { "type": "string" } })))
                .collect();
            operation["requestBody"] = json!({ "required": true, "content": content });
        }
        Takes::Form(fields) => {
            let properties: Map<String, Value> = fields
                .iter()
                .map(|(name, file, description)| {
                    let schema = if *file {
                        json!({ "type": "string", "contentMediaType": "application/octet-stream", "description": description })
                    } else {
                        json!({ "type": "string", "description": description })
                    };
                    ((*name).to_owned(), schema)
                })
                .collect();
            operation["requestBody"] = json!({
                "required": true,
                "content": { "multipart/form-data": { "schema": { "type": "object", "properties": properties } } }
            });
        }
        Takes::Nothing => {}
    }
    operation
}

/// The whole API as OpenAPI 3.1.
pub fn build() -> Value {
    let mut paths = Map::new();
    let mut schemas: Schemas = Vec::new();
    add::<Problem>(&mut schemas);
    for route in ROUTES {
        let operation = operation(route, &mut schemas);
        let entry = paths
            .entry(format!("/api/v1{}", route.path))
            .or_insert_with(|| json!({}));
        entry[route.method.as_str().to_ascii_lowercase()] = operation;
    }
    let components: Map<String, Value> = schemas
        .into_iter()
        // Schemas serialize to JSON without failing.
        .map(|(name, schema)| (name, serde_json::to_value(schema).unwrap_or_default()))
        .collect();
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "egov-scorecard API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "E-government compliance inspections: records, scores, rankings and briefings. \
                Every error is application/problem+json with `detail` in Vietnamese and `detail_en` in English. \
                Changes need the session cookie and come from this site's pages (CSRF check on `Origin`)."
        },
        "servers": [{ "url": "/" }],
        "paths": paths,
        "components": {
            "schemas": components,
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": session::COOKIE_NAME,
                    "description": "The session cookie that `POST /api/v1/session` sets (HttpOnly, SameSite=Strict)"
                }
            }
        }
    })
}

pub async fn document() -> Json<Value> {
    Json(build())
}
