//! The OpenAPI document, generated from the route table so that it cannot drift from it.

use axum::Json;
use serde_json::{Map, Value, json};

use super::ROUTES;

fn path_parameters(path: &str) -> Vec<Value> {
    path.split('/')
        .filter_map(|segment| segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
        .map(|name| json!({ "name": name, "in": "path", "required": true, "schema": { "type": "string" } }))
        .collect()
}

fn operation_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .split(['/', '.', '{', '}'])
        .filter(|w| !w.is_empty())
        .collect();
    format!("{}_{}", method.to_ascii_lowercase(), words.join("_"))
}

/// The whole API as OpenAPI 3.1.
pub fn build() -> Value {
    let mut paths = Map::new();
    for route in ROUTES {
        let mut parameters = path_parameters(route.path);
        parameters.extend(route.query.iter().map(|(name, description)| {
            json!({ "name": name, "in": "query", "required": false, "description": description, "schema": { "type": "string" } })
        }));
        let mut operation = json!({
            "summary": route.summary,
            "operationId": operation_id(route.method.as_str(), route.path),
            "parameters": parameters,
            "responses": {
                "200": { "description": "Success" },
                "default": {
                    "description": "A problem: `detail` in Vietnamese, `detail_en` in English, `field` at fault",
                    "content": { "application/problem+json": { "schema": { "$ref": "#/components/schemas/Problem" } } }
                }
            }
        });
        if !route.body.is_empty() {
            let content: Map<String, Value> =
                route.body.iter().map(|t| ((*t).to_owned(), json!({}))).collect();
            operation["requestBody"] = json!({ "required": true, "content": content });
        }
        let entry = paths
            .entry(format!("/api/v1{}", route.path))
            .or_insert_with(|| json!({}));
        entry[route.method.as_str().to_ascii_lowercase()] = operation;
    }
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "egov-scorecard API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "E-government compliance inspections: records, scores, rankings and briefings."
        },
        "paths": paths,
        "components": { "schemas": { "Problem": {
            "type": "object",
            "required": ["type", "title", "status", "detail", "detail_en"],
            "properties": {
                "type": { "type": "string" },
                "title": { "type": "string" },
                "status": { "type": "integer" },
                "detail": { "type": "string", "description": "For people, in Vietnamese" },
                "detail_en": { "type": "string", "description": "For people, in English" },
                "field": { "type": "string", "description": "The field, parameter or column at fault" }
            }
        } } }
    })
}

pub async fn document() -> Json<Value> {
    Json(build())
}
