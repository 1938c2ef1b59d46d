//! The admin API (docs/contract.md §5 plus the extensions of docs/emulator.md): state, reset,
//! stats, request log, faults, provisioning scope, application switches, extended-field
//! definitions, readings of the API's open questions, device approval. Loopback only, never
//! counted, never subject to faults; errors use the same JSON body as the API.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::{ConnectInfo, Query, Request, State};
use axum::http::StatusCode;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::config::{Faults, Readings};
use super::error::ApiError;
use super::pipeline::request_id;
use super::server::ConnInfo;
use super::shared::{AppSettings, Shared};
use super::store::Directory;

/// Admin bodies can carry a whole directory.
const ADMIN_BODY_LIMIT: usize = 1 << 30;

type AdminResult = Result<Response, ApiError>;

fn bad(message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, "InvalidAdminRequest", message)
}

async fn body<T: DeserializeOwned>(body: Body) -> Result<T, ApiError> {
    let bytes = axum::body::to_bytes(body, ADMIN_BODY_LIMIT)
        .await
        .map_err(|_| ApiError::payload_too_large(ADMIN_BODY_LIMIT))?;
    serde_json::from_slice(&bytes).map_err(|e| bad(format!("invalid body: {e}")))
}

async fn loopback_only(
    ConnectInfo(conn): ConnectInfo<ConnInfo>,
    req: Request,
    next: Next,
) -> Response {
    if conn.is_loopback() {
        return next.run(req).await;
    }
    ApiError::new(
        StatusCode::FORBIDDEN,
        "Forbidden",
        "The admin API answers only to loopback clients.".to_owned(),
    )
    .into_response(&request_id())
}

/// The admin routes, under `/_emulator`.
pub fn routes() -> Router<Arc<Shared>> {
    Router::new()
        .route("/_emulator/state", get(get_state).put(put_state))
        .route("/_emulator/reset", post(reset))
        .route("/_emulator/stats", get(stats))
        .route("/_emulator/stats/reset", post(reset_stats))
        .route("/_emulator/requests", get(requests))
        .route("/_emulator/faults", get(get_faults).put(put_faults))
        .route("/_emulator/scope", get(get_scope).put(put_scope))
        .route(
            "/_emulator/application",
            get(get_application).put(put_application),
        )
        .route(
            "/_emulator/custom_fields",
            get(get_custom_fields).put(put_custom_fields),
        )
        .route("/_emulator/readings", get(get_readings).put(put_readings))
        .route("/_emulator/device/approve", post(approve_device))
        .route_layer(middleware::from_fn(loopback_only))
}

fn wrap(r: AdminResult) -> Response {
    r.unwrap_or_else(|e| e.into_response(&request_id()))
}

async fn get_state(State(s): State<Arc<Shared>>) -> Response {
    Json(s.dir().export()).into_response()
}

async fn put_state(State(s): State<Arc<Shared>>, req: Request) -> Response {
    wrap(
        async {
            let state = body(req.into_body()).await?;
            let dir = Directory::import(&s.instance_id, state).map_err(bad)?;
            let root = dir.root_id().to_owned();
            *s.dir_mut() = dir;
            Ok(Json(json!({"rootOrganizationalUnitId": root})).into_response())
        }
        .await,
    )
}

async fn reset(State(s): State<Arc<Shared>>) -> Response {
    s.reset();
    Json(json!({"rootOrganizationalUnitId": s.dir().root_id()})).into_response()
}

async fn stats(State(s): State<Arc<Shared>>) -> Response {
    Json(s.stats.snapshot()).into_response()
}

async fn reset_stats(State(s): State<Arc<Shared>>) -> Response {
    s.stats.reset();
    s.requests.clear();
    Json(json!({})).into_response()
}

async fn requests(State(s): State<Arc<Shared>>) -> Response {
    Json(s.requests.snapshot()).into_response()
}

async fn get_faults(State(s): State<Arc<Shared>>) -> Response {
    Json(s.faults.get()).into_response()
}

async fn put_faults(State(s): State<Arc<Shared>>, req: Request) -> Response {
    wrap(
        async {
            let faults: Faults = body(req.into_body()).await?;
            faults.validate().map_err(|e| bad(e.to_string()))?;
            s.faults.set(faults.clone());
            Ok(Json(faults).into_response())
        }
        .await,
    )
}

async fn get_readings(State(s): State<Arc<Shared>>) -> Response {
    Json(s.readings()).into_response()
}

/// A PUT replaces every reading (missing fields take their defaults); unknown fields and
/// values are refused.
async fn put_readings(State(s): State<Arc<Shared>>, req: Request) -> Response {
    wrap(
        async {
            let readings: Readings = body(req.into_body()).await?;
            s.set_readings(readings);
            Ok(Json(readings).into_response())
        }
        .await,
    )
}

/// `GET`/`PUT /_emulator/scope`: an application's provisioning scope.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase", deny_unknown_fields)]
pub struct ScopeBody {
    /// Default: the main application.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application_id: Option<String>,
    pub organizational_unit_ids: Vec<String>,
    pub group_ids: Vec<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AppQuery {
    application_id: Option<String>,
}

async fn get_scope(State(s): State<Arc<Shared>>, Query(q): Query<AppQuery>) -> Response {
    let app = q.application_id.unwrap_or_else(|| s.main_app.clone());
    let (ous, groups) = s.dir().provisioning_scope(&app);
    Json(ScopeBody {
        application_id: Some(app),
        organizational_unit_ids: ous,
        group_ids: groups,
    })
    .into_response()
}

async fn put_scope(State(s): State<Arc<Shared>>, req: Request) -> Response {
    wrap(
        async {
            let b: ScopeBody = body(req.into_body()).await?;
            let app = b.application_id.unwrap_or_else(|| s.main_app.clone());
            if s.app(&app).is_none() {
                return Err(bad(format!("unknown application `{app}`")));
            }
            s.dir_mut()
                .set_scope(&app, &b.organizational_unit_ids, &b.group_ids)
                .map_err(bad)?;
            Ok(Json(json!({})).into_response())
        }
        .await,
    )
}

async fn get_application(State(s): State<Arc<Shared>>, Query(q): Query<AppQuery>) -> Response {
    let id = q.application_id.unwrap_or_else(|| s.main_app.clone());
    wrap(match s.app(&id) {
        Some(app) => Ok(Json(AppSettings {
            application_id: Some(app.id),
            ..app.settings
        })
        .into_response()),
        None => Err(bad(format!("unknown application `{id}`"))),
    })
}

async fn put_application(State(s): State<Arc<Shared>>, req: Request) -> Response {
    wrap(
        async {
            let settings: AppSettings = body(req.into_body()).await?;
            let id = settings
                .application_id
                .clone()
                .unwrap_or_else(|| s.main_app.clone());
            if !s.set_app_settings(settings) {
                return Err(bad(format!("unknown application `{id}`")));
            }
            Ok(Json(json!({})).into_response())
        }
        .await,
    )
}

/// One extended-field definition of `GET`/`PUT /_emulator/custom_fields`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CustomFieldDefinition {
    pub field_name: String,
}

async fn get_custom_fields(State(s): State<Arc<Shared>>) -> Response {
    let defs: Vec<CustomFieldDefinition> = s
        .custom_fields()
        .into_iter()
        .map(|field_name| CustomFieldDefinition { field_name })
        .collect();
    Json(defs).into_response()
}

async fn put_custom_fields(State(s): State<Arc<Shared>>, req: Request) -> Response {
    wrap(
        async {
            let defs: Vec<CustomFieldDefinition> = body(req.into_body()).await?;
            let names = check_definitions(defs).map_err(bad)?;
            s.set_custom_fields(names);
            Ok(Json(json!({})).into_response())
        }
        .await,
    )
}

/// Definition names must be non-empty, unique and free of control characters.
pub fn check_definitions(defs: Vec<CustomFieldDefinition>) -> Result<Vec<String>, String> {
    let mut names: Vec<String> = Vec::with_capacity(defs.len());
    for d in defs {
        let name = d.field_name;
        if name.trim().is_empty() || name.chars().any(char::is_control) {
            return Err(format!("invalid extended field name {name:?}"));
        }
        if names.contains(&name) {
            return Err(format!("extended field `{name}` is defined twice"));
        }
        names.push(name);
    }
    Ok(names)
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Approval {
    user_code: String,
    user_id: String,
}

/// `POST /_emulator/device/approve`: the user approves a device authorization.
async fn approve_device(State(s): State<Arc<Shared>>, req: Request) -> Response {
    wrap(
        async {
            let a: Approval = body(req.into_body()).await?;
            if s.dir().find_user(&a.user_id).is_none() {
                return Err(bad(format!("unknown user `{}`", a.user_id)));
            }
            if !s.tokens().approve_device(&a.user_code, &a.user_id) {
                return Err(ApiError::new(
                    StatusCode::NOT_FOUND,
                    "InvalidAdminRequest",
                    format!(
                        "no pending device authorization with user code `{}`",
                        a.user_code
                    ),
                ));
            }
            Ok(Json(json!({})).into_response())
        }
        .await,
    )
}
