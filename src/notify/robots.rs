//! The text of the chat-robot formats: a short Markdown message for DingTalk and WeCom, and
//! Slack's `text` and `blocks`. They carry the message, the plan id, the tripped guards and
//! the approve command; the full report goes only to the `json` format.

use std::fmt::Write as _;

use serde_json::{Value, json};

use crate::config::NotifyEvent;

use super::event::Event;

/// WeCom refuses `markdown.content` over 4096 bytes.
pub const WECOM_LIMIT: usize = 4000;
/// DingTalk's limit is larger; a chat message longer than this helps no one.
pub const DINGTALK_LIMIT: usize = 8000;
/// Slack's limit of a section's text.
const SLACK_SECTION_LIMIT: usize = 2900;
/// Operations in doubt listed in a chat message.
const DOUBTS_LISTED: usize = 5;

/// The message's title, with "eiam-sync" in it (robots filtering on a keyword can use it).
pub fn title(event: &Event) -> String {
    let what = match (event.event, event.leader) {
        (NotifyEvent::Refused, _) => "run refused by a safety guard",
        (NotifyEvent::Failed, _) => "run failed",
        (NotifyEvent::InDoubt, _) => "operations in doubt",
        (NotifyEvent::Leader, Some(true)) => "took the leader lease",
        (NotifyEvent::Leader, _) => "lost the leader lease",
    };
    format!("eiam-sync: {what}")
}

/// Markdown for DingTalk and WeCom, within `limit` bytes.
pub fn markdown(event: &Event, limit: usize) -> String {
    let mut out = format!("### {}\n\n", title(event));
    let mut facts = Vec::new();
    if let Some(r) = &event.reconciler {
        facts.push(format!("reconciler `{r}`"));
    }
    if let Some(id) = &event.plan_id {
        facts.push(format!("plan `{id}`"));
    }
    if let Some(code) = event.exit_code {
        facts.push(format!("exit {code}"));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "{}\n", facts.join(" · "));
    }
    let _ = writeln!(out, "{}\n", event.message);
    for line in details(event) {
        let _ = writeln!(out, "- {line}");
    }
    if let Some(cmd) = &event.approve {
        let _ = writeln!(
            out,
            "\nTo let exactly this plan through once, after review:\n\n`{cmd}`"
        );
    }
    let _ = write!(out, "\n###### {} · eiam-sync {}", event.host, event.version);
    cut(out, limit)
}

/// Slack's incoming-webhook message: `text` (the notification's fallback) and `blocks`.
pub fn slack(event: &Event) -> Value {
    let title = title(event);
    let mut blocks = vec![
        json!({"type": "header", "text": {"type": "plain_text", "text": cut(title.clone(), 150)}}),
        section(&escape(&event.message)),
    ];
    let mut fields = Vec::new();
    if let Some(r) = &event.reconciler {
        fields.push(json!({"type": "mrkdwn", "text": format!("*Reconciler*\n{}", escape(r))}));
    }
    if let Some(id) = &event.plan_id {
        fields.push(json!({"type": "mrkdwn", "text": format!("*Plan*\n`{}`", escape(id))}));
    }
    if let Some(code) = event.exit_code {
        fields.push(json!({"type": "mrkdwn", "text": format!("*Exit code*\n{code}")}));
    }
    if !fields.is_empty() {
        blocks.push(json!({"type": "section", "fields": fields}));
    }
    let lines = details(event);
    if !lines.is_empty() {
        let list: Vec<String> = lines.iter().map(|l| format!("• {}", escape(l))).collect();
        blocks.push(section(&list.join("\n")));
    }
    if let Some(cmd) = &event.approve {
        blocks.push(section(&format!(
            "To let exactly this plan through once, after review:\n```{}```",
            escape(cmd)
        )));
    }
    blocks.push(json!({
        "type": "context",
        "elements": [{"type": "mrkdwn", "text": format!("{} · eiam-sync {}", escape(&event.host), event.version)}],
    }));
    json!({
        "text": format!("{title}: {}", escape(&event.message)),
        "blocks": blocks,
    })
}

/// The tripped guards, or the operations in doubt, one line each.
fn details(event: &Event) -> Vec<String> {
    let mut lines = Vec::new();
    for g in event.guards.iter().flatten() {
        lines.push(format!(
            "guard `{}`: {} planned, limit {}",
            g.name, g.planned, g.limit
        ));
    }
    if let Some(d) = &event.in_doubt {
        for op in d.operations.iter().take(DOUBTS_LISTED) {
            lines.push(format!(
                "{} {} `{}` (run {} of {})",
                op.action, op.kind, op.external_id, op.run, op.reconciler
            ));
        }
        if d.count > DOUBTS_LISTED {
            lines.push(format!("and {} more", d.count - DOUBTS_LISTED));
        }
    }
    lines
}

fn section(text: &str) -> Value {
    json!({"type": "section", "text": {"type": "mrkdwn", "text": cut(text.to_owned(), SLACK_SECTION_LIMIT)}})
}

/// Slack's three control characters.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// `text` within `limit` bytes, cut at a character and marked.
fn cut(mut text: String, limit: usize) -> String {
    if text.len() <= limit {
        return text;
    }
    let mut end = limit.saturating_sub('…'.len_utf8());
    while end > 0 && !text.is_char_boundary(end) {
        end -= 1;
    }
    text.truncate(end);
    text.push('…');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_respect_the_limit_and_characters() {
        let long = "é".repeat(5000);
        let out = cut(long, WECOM_LIMIT);
        assert!(out.len() <= WECOM_LIMIT);
        assert!(out.ends_with('…'));
        assert_eq!(escape("a<b>&c"), "a&lt;b&gt;&amp;c");
    }
}
