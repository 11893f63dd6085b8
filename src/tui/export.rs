//! Performs an export the dialog asked for, through the domain `export` module, off the
//! drawing thread. The job carries a snapshot of the session as it is in memory (unsaved
//! changes included) and never writes the session itself. Errors come back as text for the
//! status line.

use std::path::PathBuf;
use std::sync::Arc;

use crate::catalogue::Catalogue;
use crate::export::{self, Audience, ExportOptions, Format, Numbering, Paper, Source, View};
use crate::session::Session;

/// What the dialog asks to export, in its own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportRequest {
    /// `None` writes every view (xlsx only).
    pub view: Option<String>,
    pub format: String,
    pub audience: String,
    pub numbering: String,
    pub paper: String,
    /// The offering a customer responsibility matrix is about (a provider's session).
    pub offering: Option<String>,
    pub path: PathBuf,
}

/// An export with everything it needs to run on its own thread.
#[derive(Debug, Clone, PartialEq)]
pub struct ExportJob {
    pub request: ExportRequest,
    pub session: Session,
    pub catalogue: Arc<Catalogue>,
    /// The session's own file, which an export must never write over.
    pub session_path: PathBuf,
}

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
    let paper = Paper::from_key(&request.paper)
        .ok_or_else(|| format!("unknown paper {:?}", request.paper))?;
    Ok(ExportOptions {
        view,
        format,
        numbering: Some(numbering),
        audience,
        paper,
    })
}

impl ExportJob {
    /// Writes the export; where it went, or why it did not.
    pub fn run(&self) -> Result<PathBuf, String> {
        let request = &self.request;
        let options = options(request)?;
        export::refuse_session_path(&request.path, &self.session_path)
            .map_err(|e| e.to_string())?;
        let generated_at = export::generated_at().map_err(|e| e.to_string())?;
        let session_file = self
            .session_path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let source = Source {
            session: &self.session,
            catalogue: &self.catalogue,
            session_file: &session_file,
            generated_at,
        };
        export::write_rendered(
            &request.path,
            &source,
            &options,
            request.offering.as_deref(),
        )
        .map_err(|e| e.to_string())?;
        // An OSCAL SSP is written with the profile and catalog it imports beside it.
        if export::oscal::has_companions(&options) {
            export::oscal::write_companions(
                &request.path,
                &self.session_path,
                &source,
                options.audience,
            )
            .map_err(|e| e.to_string())?;
        }
        Ok(request.path.clone())
    }
}
