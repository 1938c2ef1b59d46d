//! `eiam-sync doctor`: print the diagnosis, exit 0 when a sync can run, 1 when it cannot.

use std::path::Path;

use crate::doctor::examine;
use crate::out;

use super::DoctorFormat;

pub async fn run(path: &Path, output: DoctorFormat) -> i32 {
    let diagnosis = examine(path).await;
    match output {
        DoctorFormat::Text => out!("{}", diagnosis.to_text()),
        DoctorFormat::Json => out!("{}\n", diagnosis.to_json()),
    };
    diagnosis.exit_code()
}
