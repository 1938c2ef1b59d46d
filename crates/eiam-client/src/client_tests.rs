//! Unit tests of the client configuration: redaction and endpoint rules.

use secrecy::SecretString;

use super::*;

fn config(endpoint: &str) -> ClientConfig {
    ClientConfig::new(
        endpoint,
        "idaas_1",
        "app_1",
        "app_1",
        SecretString::from("s3cr3t-value".to_owned()),
    )
}

#[test]
fn debug_never_shows_the_secret() {
    let c = config("https://eiam-developerapi.cn-hangzhou.aliyuncs.com");
    let text = format!("{c:?} {c:#?}");
    assert!(!text.contains("s3cr3t-value"), "{text}");
    assert!(text.contains("[redacted]"));
    let client = Client::new(c).unwrap();
    assert!(!format!("{client:?}").contains("s3cr3t-value"));
}

#[test]
fn endpoint_rules() {
    for ok in [
        "https://eiam-developerapi.cn-hangzhou.aliyuncs.com",
        "https://eiam-developerapi.cn-hangzhou.aliyuncs.com/",
        "http://127.0.0.1:8080",
        "http://[::1]:8080",
        "http://localhost:9000/prefix/",
    ] {
        assert!(Client::new(config(ok)).is_ok(), "{ok}");
    }
    for bad in [
        "http://eiam.example.com",
        "http://10.0.0.1:8080",
        "ftp://127.0.0.1",
        "not a url",
        "https://user:pw@host",
        "https://host/?q=1",
    ] {
        let e = Client::new(config(bad)).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid eiam client configuration"),
            "{bad}: {e}"
        );
    }
    let mut c = config("https://h");
    c.max_concurrency = 0;
    assert!(
        Client::new(c)
            .unwrap_err()
            .to_string()
            .contains("max_concurrency")
    );
    let mut c = config("https://h");
    c.instance_id = " ".into();
    assert!(
        Client::new(c)
            .unwrap_err()
            .to_string()
            .contains("instance_id is empty")
    );
}
