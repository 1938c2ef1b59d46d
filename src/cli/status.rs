//! `eiam-sync status`: what the state store knows, as text or one JSON object; never calls EIAM.

use crate::config::Settings;
use crate::errors::chain;
use crate::state::StateStore;
use crate::status::{Status, render_text};
use crate::{errln, out, outln};

use super::{StatusArgs, StatusFormat, exit};

/// Exit 0, or 1 when the state store cannot be read.
pub async fn run(settings: &Settings, args: &StatusArgs) -> i32 {
    let gathered = async {
        let store = StateStore::open_current(&settings.state).await?;
        let sync = &settings.sync;
        Status::gather(
            &store,
            args.runs,
            sync.delete_after_days,
            settings.state.history_days,
        )
        .await
    }
    .await;
    match gathered {
        Ok(status) => {
            match args.output {
                StatusFormat::Json => outln!("{}", status.to_json()),
                StatusFormat::Text => out!("{}", render_text(&status)),
            };
            exit::OK
        }
        Err(e) => {
            let text = chain(&e);
            errln!("error: {text}");
            if args.output == StatusFormat::Json {
                outln!("{}", serde_json::json!({ "error": text }));
            }
            exit::FATAL
        }
    }
}
