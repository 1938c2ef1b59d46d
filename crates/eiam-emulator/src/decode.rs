//! Decoding of query strings and JSON bodies into the wire types, with serde's complaints turned
//! into the API's codes: a missing field is `MissingParameter.<Field>`, a wrong value or an
//! unknown field is `InvalidParameter.<Field>`, malformed JSON is `InvalidParameter`.

use serde::de::DeserializeOwned;
use serde_path_to_error::{Path, Segment};

use super::error::ApiError;

/// The dotted field path of a serde error (`customFields[0].fieldName` → `customFields.fieldName`).
fn dotted(path: &Path) -> String {
    let mut out = String::new();
    for seg in path.iter() {
        if let Segment::Map { key } | Segment::Enum { variant: key } = seg {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(key);
        }
    }
    out
}

/// The name between the first pair of backticks of a serde message.
fn quoted(msg: &str) -> Option<&str> {
    let start = msg.find('`')? + 1;
    let len = msg[start..].find('`')?;
    Some(&msg[start..start + len])
}

fn join(path: &str, field: &str) -> String {
    if path.is_empty() {
        field.to_owned()
    } else {
        format!("{path}.{field}")
    }
}

/// Maps a data error (not a syntax error) at `path` to the API's code.
fn data_error(path: &str, msg: &str) -> ApiError {
    if msg.starts_with("missing field")
        && let Some(f) = quoted(msg)
    {
        return ApiError::missing(&join(path, f));
    }
    // The path of an unknown field already ends with its name.
    if msg.starts_with("unknown field") {
        return match quoted(msg) {
            Some(f) if !path.ends_with(f) => ApiError::invalid(&join(path, f)),
            _ => ApiError::invalid(path),
        };
    }
    if path.is_empty() {
        return ApiError::invalid_request_body(msg);
    }
    if msg.starts_with("invalid type: null") {
        return ApiError::missing(path);
    }
    ApiError::invalid(path)
}

/// Decodes a URL query string (`+` is a space, as form encoding has it).
pub fn query<Q: DeserializeOwned>(raw: Option<&str>) -> Result<Q, ApiError> {
    let raw = raw.unwrap_or("");
    let de = serde_urlencoded::Deserializer::new(url::form_urlencoded::parse(raw.as_bytes()));
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = dotted(e.path());
        data_error(&path, &e.inner().to_string())
    })
}

/// Decodes a JSON body; an empty body reads as `{}` (then required fields are reported).
pub fn json<B: DeserializeOwned>(bytes: &[u8]) -> Result<B, ApiError> {
    let bytes = if bytes.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        bytes
    };
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = dotted(e.path());
        let inner = e.into_inner();
        // A field problem counts only if the body is JSON at all (`{} x` is malformed).
        let well_formed = serde_json::from_slice::<serde::de::IgnoredAny>(bytes).is_ok();
        if inner.is_data() && well_formed {
            let msg = inner.to_string();
            // serde_json appends the position; the field path says more.
            let msg = msg.split(" at line ").next().unwrap_or(&msg);
            data_error(&path, msg)
        } else {
            ApiError::invalid_request_body(&format!("the body is not valid JSON ({inner})"))
        }
    })?;
    de.end().map_err(|e| {
        ApiError::invalid_request_body(&format!("trailing characters after the JSON body ({e})"))
    })?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use eiam_api::users::{CreateUserRequest, ListUsersQuery};

    fn code(r: Result<CreateUserRequest, ApiError>) -> String {
        r.unwrap_err().code.into_owned()
    }

    #[test]
    fn json_errors_name_the_field() {
        assert_eq!(
            code(json(br#"{"primaryOrganizationalUnitId":"ou_1"}"#)),
            "MissingParameter.Username"
        );
        assert_eq!(
            code(json(b"")),
            "MissingParameter.PrimaryOrganizationalUnitId"
        );
        assert_eq!(
            code(json(
                br#"{"username":5,"primaryOrganizationalUnitId":"ou"}"#
            )),
            "InvalidParameter.Username"
        );
        assert_eq!(
            code(json(
                br#"{"username":null,"primaryOrganizationalUnitId":"ou"}"#
            )),
            "MissingParameter.Username"
        );
        assert_eq!(
            code(json(
                br#"{"username":"a","primaryOrganizationalUnitId":"ou","nickname":"x"}"#
            )),
            "InvalidParameter.Nickname"
        );
        assert_eq!(
            code(json(br#"{"username":"a","primaryOrganizationalUnitId":"ou","customFields":[{"fieldName":1}]}"#)),
            "InvalidParameter.CustomFields.FieldName"
        );
        assert_eq!(code(json(b"{\"username\":")), "InvalidParameter");
        assert_eq!(code(json(b"[1]")), "InvalidParameter");
        assert_eq!(
            code(json(
                br#"{"username":"a","primaryOrganizationalUnitId":"o"} x"#
            )),
            "InvalidParameter"
        );
    }

    #[test]
    fn queries_accept_the_sdk_spellings() {
        let q: ListUsersQuery =
            query(Some("pageNumber=2&pageSize=50&organizationalUnitId=ou+1")).unwrap();
        assert_eq!((q.page_number, q.page_size), (Some(2), Some(50)));
        assert_eq!(q.organizational_unit_id.as_deref(), Some("ou 1"));
        let e = query::<ListUsersQuery>(Some("pageSize=abc")).unwrap_err();
        assert_eq!(e.code, "InvalidParameter.PageSize");
        let e = query::<ListUsersQuery>(Some("foo=1")).unwrap_err();
        assert_eq!(e.code, "InvalidParameter.Foo");
    }
}
