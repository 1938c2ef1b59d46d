//! Damaged answers: a processed request whose success answer is spoilt on the way back —
//! cut short, retyped, stripped of fields, padded, looped — as a broken gateway or a buggy
//! server would send it. Only success answers are damaged; an error answer passes as it is.

use axum::body::Body;
use axum::http::header::CONTENT_TYPE;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

/// How an answer is damaged.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Damage {
    /// The JSON cut in the middle.
    Truncated,
    /// HTTP 200 with no body at all.
    EmptyBody,
    /// `null` instead of an object.
    NullBody,
    /// `[]` instead of an object.
    ArrayBody,
    /// An HTML error page with HTTP 200.
    Html200,
    /// An HTML error page with HTTP 502 (a gateway's).
    Html502,
    /// The body as it was, labelled `text/plain`.
    TextPlain,
    /// The list's `data` removed.
    NoData,
    /// `data: null`.
    NullData,
    /// `data` a string instead of a list.
    DataNotList,
    /// `totalCount` a string.
    TotalNotNumber,
    /// Every id field of the items removed.
    NoItemIds,
    /// The first item's id a number.
    NumericId,
    /// Only the first half of the items.
    ShortPage,
    /// No items, `totalCount` kept.
    EmptyPage,
    /// The items repeated fifty times.
    HugePage,
    /// The first item twice.
    DuplicateItem,
    /// `totalCount` raised by 1000.
    InflatedTotal,
    /// `totalCount` 1 while more items are listed.
    DeflatedTotal,
    /// `nextToken` pointing at a page that never ends the listing (the same token again).
    TokenLoop,
    /// A user without `organizationalUnits`.
    NoOrganizationalUnits,
    /// A user without `primaryOrganizationalUnitId`.
    NoPrimary,
    /// An object without any of its fields: `{}`.
    EmptyObject,
}

const ID_FIELDS: &[&str] = &["userId", "organizationalUnitId", "groupId"];

fn raw(status: StatusCode, content_type: &'static str, body: Vec<u8>) -> Response {
    let mut r = Response::new(Body::from(body));
    *r.status_mut() = status;
    r.headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    r
}

fn json_response(v: &Value) -> Response {
    raw(
        StatusCode::OK,
        "application/json",
        v.to_string().into_bytes(),
    )
}

const HTML: &str =
    "<html><head><title>502 Bad Gateway</title></head><body>bad gateway</body></html>";

/// Damage `body`, a success answer, the way `kind` says.
pub fn damage(kind: Damage, body: &[u8]) -> Response {
    let text = || body.to_vec();
    match kind {
        Damage::Truncated => {
            return raw(
                StatusCode::OK,
                "application/json",
                body[..body.len() / 2].to_vec(),
            );
        }
        Damage::EmptyBody => return raw(StatusCode::OK, "application/json", Vec::new()),
        Damage::NullBody => return raw(StatusCode::OK, "application/json", b"null".to_vec()),
        Damage::ArrayBody => return raw(StatusCode::OK, "application/json", b"[]".to_vec()),
        Damage::Html200 => return raw(StatusCode::OK, "text/html", HTML.into()),
        Damage::Html502 => return raw(StatusCode::BAD_GATEWAY, "text/html", HTML.into()),
        Damage::TextPlain => return raw(StatusCode::OK, "text/plain", text()),
        Damage::EmptyObject => return json_response(&json!({})),
        _ => {}
    }
    let Ok(mut v) = serde_json::from_slice::<Value>(body) else {
        return raw(StatusCode::OK, "application/json", text());
    };
    if let Some(obj) = v.as_object_mut() {
        reshape(kind, obj);
    }
    json_response(&v)
}

fn reshape(kind: Damage, obj: &mut serde_json::Map<String, Value>) {
    let total = obj.get("totalCount").and_then(Value::as_i64);
    let items = obj.get_mut("data").and_then(Value::as_array_mut);
    match (kind, items) {
        (Damage::NoData, _) => drop(obj.remove("data")),
        (Damage::NullData, _) => drop(obj.insert("data".into(), Value::Null)),
        (Damage::DataNotList, _) => drop(obj.insert("data".into(), json!("oops"))),
        (Damage::TotalNotNumber, _) => drop(obj.insert("totalCount".into(), json!("many"))),
        (Damage::NoItemIds, Some(items)) => {
            for it in items.iter_mut().filter_map(Value::as_object_mut) {
                for f in ID_FIELDS {
                    it.remove(*f);
                }
            }
        }
        (Damage::NumericId, Some(items)) => {
            if let Some(it) = items.first_mut().and_then(Value::as_object_mut) {
                for f in ID_FIELDS {
                    if it.contains_key(*f) {
                        it.insert((*f).to_owned(), json!(12345));
                    }
                }
            }
        }
        (Damage::ShortPage, Some(items)) => items.truncate(items.len() / 2),
        (Damage::EmptyPage, Some(items)) => items.clear(),
        (Damage::HugePage, Some(items)) => {
            let one = items.clone();
            for _ in 0..49 {
                items.extend(one.iter().cloned());
            }
        }
        (Damage::DuplicateItem, Some(items)) => {
            if let Some(first) = items.first().cloned() {
                items.push(first);
            }
        }
        (Damage::InflatedTotal, _) => {
            obj.insert("totalCount".into(), json!(total.unwrap_or(0) + 1000));
        }
        (Damage::DeflatedTotal, _) => drop(obj.insert("totalCount".into(), json!(1))),
        (Damage::TokenLoop, _) => {
            // The next page is announced under a token the listing has already been given
            // (or, on the first page, one that leads nowhere).
            let token = obj
                .get("nextToken")
                .and_then(Value::as_str)
                .map_or_else(|| "NTloop".to_owned(), str::to_owned);
            obj.insert("nextToken".into(), json!(token));
            obj.insert("totalCount".into(), Value::Null);
        }
        (Damage::NoOrganizationalUnits, _) => drop(obj.remove("organizationalUnits")),
        (Damage::NoPrimary, _) => drop(obj.remove("primaryOrganizationalUnitId")),
        _ => {}
    }
}
