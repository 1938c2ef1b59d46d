//! Error parsing and classification.

use super::detail::MAX_RAW_BODY;
use super::*;

fn api(status: u16, body: &str) -> EiamError {
    EiamError::Api(Box::new(ApiError::from_response(
        "GetUser",
        status,
        body.as_bytes(),
        "client-nonce",
        None,
    )))
}

#[test]
fn reads_the_alibaba_convention() {
    let e = api(
        404,
        r#"{"code":"ResourceNotFound.User","message":"The specified User resource: u1 not found.","requestId":"R1"}"#,
    );
    assert_eq!(e.code(), Some("ResourceNotFound.User"));
    assert_eq!(
        e.message(),
        Some("The specified User resource: u1 not found.")
    );
    assert_eq!(e.request_id(), Some("R1"));
    assert!(e.is_not_found());
    assert_eq!(
        e.to_string(),
        "GetUser failed with http 404 ResourceNotFound.User: The specified User resource: u1 not found. (request id R1)"
    );
}

#[test]
fn reads_the_oauth_convention_and_capitalised_keys() {
    let e = api(
        400,
        r#"{"error":"invalid_token","error_description":"Access token is not valid"}"#,
    );
    assert_eq!(e.code(), Some("invalid_token"));
    assert_eq!(e.message(), Some("Access token is not valid"));
    // No server id: the client's nonce stands in.
    assert_eq!(e.request_id(), Some("client-nonce"));
    assert!(e.is_auth());

    let e = api(
        400,
        r#"{"Code":"MissingParameter.Username","Message":"required","RequestId":"R2"}"#,
    );
    assert_eq!(e.code(), Some("MissingParameter.Username"));
    assert_eq!(e.request_id(), Some("R2"));
    assert!(!e.is_auth() && !e.is_not_found() && !e.is_retryable());
}

#[test]
fn a_non_json_body_still_explains_itself() {
    let e = api(502, "<html>\n  <body>Bad   Gateway</body>\n</html>");
    assert_eq!(e.code(), None);
    assert_eq!(
        e.message(),
        Some("non-json body: <html> <body>Bad Gateway</body> </html>")
    );
    // A gateway error may come after the request was passed on: retryable for idempotent
    // calls, an unknown outcome for a create.
    assert!(e.is_retryable() && e.is_unknown_outcome());
    assert!(e.to_string().contains("http 502"));

    let e = api(500, "");
    assert_eq!(e.message(), None);
    assert!(e.to_string().contains("empty body"), "{e}");
    assert!(e.is_unknown_outcome());
}

#[test]
fn raw_bodies_are_truncated_on_a_char_boundary() {
    let body = "é".repeat(5000);
    let e = api(500, &body);
    let raw = e.raw_body().unwrap();
    assert!(raw.len() <= MAX_RAW_BODY + '…'.len_utf8());
    assert!(raw.ends_with('…'));
}

#[test]
fn classification_table() {
    // (status, code, message, not_found, conflict, auth, retryable, unknown_outcome)
    let cases: &[(u16, &str, &str, [bool; 5])] = &[
        (
            404,
            "ResourceNotFound.User",
            "",
            [true, false, false, false, false],
        ),
        (
            400,
            "ResourceNotFound.UserId",
            "",
            [true, false, false, false, false],
        ),
        (
            400,
            "OrganizationUnitIdNotInScopes",
            "",
            [false, false, false, false, false],
        ),
        (
            404,
            "application_not_found",
            "",
            [false, false, true, false, false],
        ),
        (
            404,
            "instance_not_found",
            "",
            [false, false, true, false, false],
        ),
        (
            403,
            "ResourceDuplicated.Username",
            "",
            [false, true, false, false, false],
        ),
        (
            400,
            "ResourceDuplicated.OrganizationalUnitName",
            "",
            [false, true, false, false, false],
        ),
        (400, "invalid_token", "", [false, false, true, false, false]),
        (
            400,
            "invalid_client",
            "",
            [false, false, true, false, false],
        ),
        (
            400,
            "invalid_request",
            "Access token application id not match",
            [false, false, true, false, false],
        ),
        (
            400,
            "invalid_request",
            "Application is not OIDC application",
            [false, false, false, false, false],
        ),
        (
            403,
            "permission_denied",
            "Require scopes",
            [false, false, true, false, false],
        ),
        (
            403,
            "application_api_disabled",
            "",
            [false, false, true, false, false],
        ),
        (429, "Throttling", "", [false, false, false, true, false]),
        (
            500,
            "Internal Server Error",
            "",
            [false, false, false, true, true],
        ),
        (502, "BadGateway", "", [false, false, false, true, true]),
        (
            503,
            "ServiceUnavailable",
            "",
            [false, false, false, true, false],
        ),
        (504, "GatewayTimeout", "", [false, false, false, true, true]),
        (
            501,
            "NotImplemented",
            "",
            [false, false, false, false, false],
        ),
    ];
    for (status, code, message, want) in cases {
        let body = serde_json::json!({"code": code, "message": message}).to_string();
        let e = api(*status, &body);
        let got = [
            e.is_not_found(),
            e.is_conflict(),
            e.is_auth(),
            e.is_retryable(),
            e.is_unknown_outcome(),
        ];
        assert_eq!(&got, want, "{status} {code} {message}");
    }
}

#[test]
fn chain_includes_causes() {
    let source = serde_json::from_str::<u32>("x").unwrap_err();
    let e = EiamError::Decode(Box::new(DecodeError::new(
        "ListUsers",
        200,
        "R9".into(),
        b"x",
        source,
    )));
    let chain = e.chain();
    assert!(chain.starts_with("ListUsers answered http 200 with a body that is not"));
    assert!(chain.contains("expected value"), "{chain}");
    assert!(e.is_unknown_outcome());
}
