//! Performs an export the dialog asked for, through the domain `export` module. The runner
//! calls it; it reads the session as it is in memory (unsaved changes included) and never
//! writes the session itself. Errors come back as text for the status line.

use std::path::PathBuf;

use super::app::App;
use super::export_popup::ExportRequest;
use crate::export::{self, Audience, ExportOptions, Format, Numbering, Source, View};

/// Turns the dialog's words into export options.
pub fn options(request: &ExportRequest) -> Result<ExportOptions, String> {
    let view = match request.view.as_deref() {
        None => None,
        Some(key) => Some(View::from_key(key).ok_or_else(|| format!("unknown view {key:?}"))?),
    };
    let format = Format::from_key(&request.format)
        .ok_or_else(|| format!("unknown format {:?}", request.format))?;
    let audience = Audience::from_key(&request.audience)
        .ok_or_else(|| format!("unknown audience {:?}", request.audience))?;
    let numbering = Numbering::from_key(&request.numbering)
        .ok_or_else(|| format!("unknown numbering {:?}", request.numbering))?;
    Ok(ExportOptions {
        view,
        format,
        numbering: Some(numbering),
        audience,
        // The dialog offers no paper choice; the command line has --paper.
        paper: export::Paper::A4,
    })
}

pub fn perform(app: &App, request: &ExportRequest) -> Result<PathBuf, String> {
    let options = options(request)?;
    export::refuse_session_path(&request.path, &app.path).map_err(|e| e.to_string())?;
    let generated_at = export::generated_at().map_err(|e| e.to_string())?;
    let session_file = app
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let source = Source {
        session: &app.session,
        catalogue: &app.catalogue,
        session_file: &session_file,
        generated_at,
    };
    let bytes = export::render(&source, &options).map_err(|e| e.to_string())?;
    export::write(&request.path, &bytes).map_err(|e| e.to_string())?;
    Ok(request.path.clone())
}
