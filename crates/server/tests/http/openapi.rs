//! The served OpenAPI document matches what the server does: it is the document built
//! from the handlers, it follows the shared conventions, and real responses fit the
//! schemas it declares (every property declared, every required one present).

use crate::helpers::TestApp;
use continuum_domain::role::Role;
use serde_json::Value;

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/components/schemas/");
            resolve(doc, &doc["components"]["schemas"][name])
        }
        None => schema,
    }
}

fn types(schema: &Value) -> Vec<String> {
    match &schema["type"] {
        Value::String(s) => vec![s.clone()],
        Value::Array(a) => a
            .iter()
            .filter_map(|t| t.as_str().map(str::to_owned))
            .collect(),
        _ => vec![],
    }
}

/// Checks `value` against `schema`, collecting every mismatch with its JSON path.
pub(crate) fn check(
    doc: &Value,
    schema: &Value,
    value: &Value,
    path: &str,
    errs: &mut Vec<String>,
) {
    let schema = resolve(doc, schema);
    if let Some(variants) = schema
        .get("oneOf")
        .or_else(|| schema.get("anyOf"))
        .and_then(Value::as_array)
    {
        let fits = variants.iter().any(|v| {
            let mut e = Vec::new();
            check(doc, v, value, path, &mut e);
            e.is_empty()
        });
        if !fits {
            errs.push(format!("{path}: fits none of the variants"));
        }
        return;
    }
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        // Merge the parts' properties (serde flatten) and check once.
        let mut props = serde_json::Map::new();
        let mut required = Vec::new();
        for p in parts {
            let p = resolve(doc, p);
            if let Some(o) = p["properties"].as_object() {
                props.extend(o.clone());
            }
            if let Some(r) = p["required"].as_array() {
                required.extend(r.clone());
            }
        }
        let merged =
            serde_json::json!({ "type": "object", "properties": props, "required": required });
        return check(doc, &merged, value, path, errs);
    }
    let ts = types(schema);
    if value.is_null() {
        if !ts.iter().any(|t| t == "null") && !ts.is_empty() {
            errs.push(format!("{path}: null where the schema says {ts:?}"));
        }
        return;
    }
    match value {
        Value::Object(obj) => {
            if !ts.is_empty() && !ts.iter().any(|t| t == "object") {
                errs.push(format!("{path}: object where the schema says {ts:?}"));
                return;
            }
            let Some(props) = schema["properties"].as_object() else {
                return;
            };
            for (k, v) in obj {
                match props.get(k) {
                    Some(s) => check(doc, s, v, &format!("{path}.{k}"), errs),
                    None if schema
                        .get("additionalProperties")
                        .is_some_and(|a| a != &Value::Bool(false)) => {}
                    None => errs.push(format!("{path}.{k}: not declared in the schema")),
                }
            }
            for r in schema["required"].as_array().into_iter().flatten() {
                if let Some(r) = r.as_str()
                    && !obj.contains_key(r)
                {
                    errs.push(format!("{path}.{r}: required but missing"));
                }
            }
        }
        Value::Array(items) => {
            if !ts.iter().any(|t| t == "array") {
                errs.push(format!("{path}: array where the schema says {ts:?}"));
                return;
            }
            for (i, v) in items.iter().enumerate() {
                check(doc, &schema["items"], v, &format!("{path}[{i}]"), errs);
            }
        }
        Value::String(_) if !ts.is_empty() && !ts.iter().any(|t| t == "string") => {
            errs.push(format!("{path}: string where {ts:?}"))
        }
        Value::Number(_)
            if !ts.is_empty() && !ts.iter().any(|t| t == "integer" || t == "number") =>
        {
            errs.push(format!("{path}: number where {ts:?}"))
        }
        Value::Bool(_) if !ts.is_empty() && !ts.iter().any(|t| t == "boolean") => {
            errs.push(format!("{path}: boolean where {ts:?}"))
        }
        _ => {}
    }
}

pub(crate) fn response_schema<'a>(
    doc: &'a Value,
    path: &str,
    method: &str,
    status: &str,
) -> &'a Value {
    let op = &doc["paths"][path][method];
    assert!(op.is_object(), "{method} {path} is not in the document");
    let content = &op["responses"][status]["content"];
    let media = content
        .as_object()
        .and_then(|c| c.values().next())
        .unwrap_or_else(|| panic!("{method} {path} {status} has no content"));
    &media["schema"]
}

#[tokio::test]
async fn the_served_document_is_the_one_built_from_the_handlers() {
    let app = TestApp::new().await;
    let served = app.get("/api/v1/openapi.json", None).await;
    assert_eq!(served.status, 200);
    assert_eq!(
        served.json(),
        serde_json::from_str::<Value>(&continuum_server::api::openapi_json()).unwrap()
    );
}

#[tokio::test]
async fn every_operation_declares_version_header_and_problem_errors() {
    let doc: Value = serde_json::from_str(&continuum_server::api::openapi_json()).unwrap();
    assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
    let mut operations = 0;
    for (path, item) in doc["paths"].as_object().unwrap() {
        assert!(!path.ends_with('/'), "{path}");
        for (method, op) in item.as_object().unwrap() {
            operations += 1;
            for (status, res) in op["responses"].as_object().unwrap() {
                if status.starts_with('2') {
                    assert!(
                        res["headers"].get("API-Version").is_some(),
                        "{method} {path} {status}"
                    );
                }
                if status.starts_with('4') || status.starts_with('5') {
                    assert!(
                        res["content"].get("application/problem+json").is_some(),
                        "{method} {path} {status}"
                    );
                }
            }
            assert!(op["responses"].get("500").is_some(), "{method} {path}");
        }
    }
    assert!(operations >= 14, "{operations}");
}

#[tokio::test]
async fn real_responses_fit_the_declared_schemas() {
    let app = TestApp::new().await;
    let r = &app.region;
    let doc: Value = serde_json::from_str(&continuum_server::api::openapi_json()).unwrap();
    let token = app.token(r.so_school, Role::Beheerder).await;
    let cases = [
        (format!("/api/v1/pupils/{}", r.sanne), "/pupils/{id}", "200"),
        (
            format!("/api/v1/pupils/{}/versions", r.sanne),
            "/pupils/{id}/versions",
            "200",
        ),
        (
            format!("/api/v1/pupils/{}/audit-log", r.sanne),
            "/pupils/{id}/audit-log",
            "200",
        ),
        (
            "/api/v1/organisations?pageSize=2".to_owned(),
            "/organisations",
            "200",
        ),
        (
            format!("/api/v1/organisations/{}", r.so_school),
            "/organisations/{id}",
            "200",
        ),
        (
            format!("/api/v1/organisations/{}/versions", r.so_school),
            "/organisations/{id}/versions",
            "200",
        ),
        (
            format!("/api/v1/organisations/{}/classes", r.so_school),
            "/organisations/{id}/classes",
            "200",
        ),
        (
            format!("/api/v1/organisations/{}/pupils", r.so_school),
            "/organisations/{id}/pupils",
            "200",
        ),
        (
            format!("/api/v1/pupils/{}/responsibilities?trace=true", r.sanne),
            "/pupils/{id}/responsibilities",
            "200",
        ),
        (
            format!("/api/v1/organisations/{}/agreements", r.so_school),
            "/organisations/{id}/agreements",
            "200",
        ),
        (
            format!("/api/v1/pupils/{}", uuid::Uuid::new_v4()),
            "/pupils/{id}",
            "404",
        ),
        (
            "/api/v1/organisations?pageSize=9999".to_owned(),
            "/organisations",
            "400",
        ),
    ];
    let mut errs = Vec::new();
    for (url, path, status) in &cases {
        let res = app.get(url, Some(&token)).await;
        assert_eq!(res.status.as_str(), *status, "{url}: {}", res.text());
        check(
            &doc,
            response_schema(&doc, path, "get", status),
            &res.json(),
            &format!("GET {url}"),
            &mut errs,
        );
    }
    assert!(errs.is_empty(), "{errs:#?}");
}

#[test]
fn the_checker_notices_an_undeclared_or_missing_field() {
    let doc = serde_json::json!({ "components": { "schemas": { "A": { "type": "object", "required": ["x"], "properties": { "x": { "type": "integer" } } } } } });
    let schema = serde_json::json!({ "$ref": "#/components/schemas/A" });
    let mut errs = Vec::new();
    check(
        &doc,
        &schema,
        &serde_json::json!({ "y": 1 }),
        "$",
        &mut errs,
    );
    assert_eq!(
        errs,
        vec![
            "$.y: not declared in the schema",
            "$.x: required but missing"
        ]
    );
}

#[tokio::test]
async fn write_answers_fit_the_declared_schemas_too() {
    let app = TestApp::new().await;
    let r = &app.region;
    let doc: Value = serde_json::from_str(&continuum_server::api::openapi_json()).unwrap();
    let swv = app.token(r.swv, Role::Registrator).await;
    let fact = serde_json::json!({ "kind": "tlv", "period": { "start": "2026-08-01" }, "swv": r.swv.0, "tlvCategory": "midden" });
    let mut errs = Vec::new();
    let created = app
        .send_json(
            "POST",
            &format!("/api/v1/pupils/{}/facts", r.sanne),
            &swv,
            &fact,
            None,
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text());
    check(
        &doc,
        response_schema(&doc, "/pupils/{id}/facts", "post", "201"),
        &created.json(),
        "POST facts",
        &mut errs,
    );
    let id = created.json()["id"].as_str().unwrap().to_owned();
    let stale = app
        .send_json(
            "PUT",
            &format!("/api/v1/pupils/{}/facts/{id}", r.sanne),
            &swv,
            &fact,
            Some("\"7\""),
        )
        .await;
    assert_eq!(stale.status, 412);
    check(
        &doc,
        response_schema(&doc, "/pupils/{id}/facts/{factId}", "put", "412"),
        &stale.json(),
        "PUT facts 412",
        &mut errs,
    );
    let municipality = app.token(r.tilburg, Role::Registrator).await;
    let forbidden = app
        .send_json(
            "POST",
            &format!("/api/v1/pupils/{}/facts", r.sanne),
            &municipality,
            &fact,
            None,
        )
        .await;
    assert_eq!(forbidden.status, 403);
    check(
        &doc,
        response_schema(&doc, "/pupils/{id}/facts", "post", "403"),
        &forbidden.json(),
        "POST facts 403",
        &mut errs,
    );
    let bad_login = app
        .send_json(
            "POST",
            "/api/v1/sessions",
            "",
            &serde_json::json!({ "login": "x", "password": "y" }),
            None,
        )
        .await;
    assert_eq!(bad_login.status, 401);
    check(
        &doc,
        response_schema(&doc, "/sessions", "post", "401"),
        &bad_login.json(),
        "POST sessions 401",
        &mut errs,
    );
    assert!(errs.is_empty(), "{errs:#?}");
}
