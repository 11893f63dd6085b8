//! Performs an export the dialog asked for, through the `export` module.

use std::path::PathBuf;

use super::app::App;
use super::export_popup::ExportRequest;

pub fn perform(_app: &App, request: &ExportRequest) -> Result<PathBuf, String> {
    Err(format!(
        "exporting {} is not wired yet",
        request.path.display()
    ))
}
