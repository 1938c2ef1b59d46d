//! `[[notify.webhooks]]` is checked like every other key: unknown keys, formats, URLs, secret
//! files; the URL's token never shows in `config check` or in Debug output.

use std::path::Path;

use eiam_sync::config::{Settings, load_with_env};

use crate::store::config_load::{Dir, VALID};

fn problems(d: &Dir, webhooks: &str) -> Vec<String> {
    let path = d.write("c.toml", &format!("{VALID}\n{webhooks}"));
    load_with_env(&path, Vec::new()).unwrap_err().problems()
}

fn load(d: &Dir, webhooks: &str) -> Settings {
    let path = d.write("c.toml", &format!("{VALID}\n{webhooks}"));
    load_with_env(&path, Vec::new()).unwrap()
}

fn secret(d: &Dir) -> String {
    d.write("hook.secret", "s3cret\n").display().to_string()
}

#[test]
fn a_complete_entry_loads_with_every_event_by_default() {
    let d = Dir::new();
    let s = load(
        &d,
        &format!(
            "[[notify.webhooks]]\nurl = \"https://oapi.dingtalk.com/robot/send?access_token=tok\"\nformat = \"dingtalk\"\nsecret_file = \"{}\"\n\n[[notify.webhooks]]\nurl = \"http://127.0.0.1:9/hook\"\nevents = [\"refused\", \"leader\"]\n",
            secret(&d)
        ),
    );
    let hooks = eiam_sync::notify::webhooks(&s.notify).unwrap();
    assert_eq!(hooks.len(), 2);
    assert!(hooks[0].wants(eiam_sync::config::NotifyEvent::InDoubt));
    assert!(!hooks[1].wants(eiam_sync::config::NotifyEvent::Failed));
    assert_eq!(hooks[1].format, eiam_sync::config::WebhookFormat::Json);
}

#[test]
fn unknown_keys_in_an_entry_are_named_with_its_index() {
    let d = Dir::new();
    let got = problems(
        &d,
        "[[notify.webhooks]]\nurl = \"https://h.example.com/x\"\n\n[[notify.webhooks]]\nurl = \"https://h.example.com/y\"\nformt = \"json\"\n",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].starts_with("unknown key `notify.webhooks[1].formt`")
            && got[0].ends_with("did you mean `notify.webhooks[1].format`?"),
        "{got:?}"
    );
    let got = problems(&d, "[notify]\nhooks = []\n");
    assert!(got[0].starts_with("unknown key `notify.hooks`"), "{got:?}");
}

#[test]
fn bad_formats_urls_events_and_secret_files_are_refused() {
    let d = Dir::new();
    let got = problems(
        &d,
        "[[notify.webhooks]]\nurl = \"https://h.example.com/x\"\nformat = \"teams\"\n",
    );
    assert!(
        got.iter()
            .any(|p| p.contains("notify") && p.contains("teams")),
        "{got:?}"
    );
    let cases = [
        (
            "url = \"http://hooks.example.com/x?token=tok\"".to_owned(),
            "`notify.webhooks[0].url` uses http:// for a host that is not a loopback address",
        ),
        (
            "url = \"ftp://hooks.example.com/x\"".to_owned(),
            "`notify.webhooks[0].url` has scheme `ftp`",
        ),
        (
            "format = \"json\"".to_owned(),
            "`notify.webhooks[0]`: no URL: set `url` or `url_file`",
        ),
        (
            format!(
                "url = \"https://h.example.com/x\"\nurl_file = \"{}\"",
                secret(&d)
            ),
            "`url` and `url_file` are both set",
        ),
        (
            "url = \"https://h.example.com/x\"\nsecret_file = \"/nonexistent/hook.secret\""
                .to_owned(),
            "cannot read `notify.webhooks.secret_file` file /nonexistent/hook.secret",
        ),
        (
            "url_file = \"/nonexistent/hook.url\"".to_owned(),
            "cannot read `notify.webhooks.url_file` file /nonexistent/hook.url",
        ),
        (
            format!(
                "url = \"https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=k\"\nformat = \"wecom\"\nsecret_file = \"{}\"",
                secret(&d)
            ),
            "`notify.webhooks[0].secret_file` is set, but `format = \"wecom\"` messages are not signed",
        ),
        (
            "url = \"https://h.example.com/x\"\nevents = []".to_owned(),
            "`notify.webhooks[0].events` is empty",
        ),
        (
            "url = \"https://h.example.com/x\"\nevents = [\"leader\", \"leader\"]".to_owned(),
            "`notify.webhooks[0].events` names an event twice",
        ),
    ];
    for (entry, expected) in cases {
        let got = problems(&d, &format!("[[notify.webhooks]]\n{entry}\n"));
        assert!(got.iter().any(|p| p.contains(expected)), "{entry}: {got:?}");
        assert!(!got.iter().any(|p| p.contains("tok")), "{got:?}");
    }
    let got = problems(
        &d,
        "[[notify.webhooks]]\nurl = \"https://h.example.com/x\"\nevents = [\"succeeded\"]\n",
    );
    assert!(got.iter().any(|p| p.contains("succeeded")), "{got:?}");
}

#[test]
fn the_url_token_never_shows_in_config_check_or_debug_output() {
    let d = Dir::new();
    let s = load(
        &d,
        &format!(
            "[[notify.webhooks]]\nurl = \"https://oapi.dingtalk.com/robot/send?access_token=t0ken\"\nformat = \"dingtalk\"\nsecret_file = \"{}\"\n",
            secret(&d)
        ),
    );
    let shown = s.to_redacted_toml();
    assert!(shown.contains("[[notify.webhooks]]"), "{shown}");
    assert!(
        shown.contains("https://oapi.dingtalk.com/[redacted]"),
        "{shown}"
    );
    let debug = format!("{s:?}");
    for text in [&shown, &debug] {
        assert!(
            !text.contains("t0ken") && !text.contains("s3cret"),
            "{text}"
        );
    }
    let hooks = eiam_sync::notify::webhooks(&s.notify).unwrap();
    let debug = format!("{hooks:?}");
    assert!(
        !debug.contains("t0ken") && !debug.contains("s3cret"),
        "{debug}"
    );
    assert!(Path::new(&secret(&d)).exists());
}
