//! The export dialog (`e`): view, format, audience, numbering and where to write. The runner
//! performs the export and reports back where it wrote.

use std::path::PathBuf;

use ratatui_textarea::TextArea;

use super::action::{Action, Command, Effect};
use super::app::App;
use super::export::ExportRequest;
use super::popup::{InputMode, edit_field, input_text, line_input};

pub const VIEWS: [&str; 5] = ["soa", "gaps", "responsibility", "minutes", "all"];
pub const FORMATS: [&str; 5] = ["xlsx", "md", "csv", "html", "json"];
pub const AUDIENCES: [&str; 2] = ["internal", "external"];
pub const NUMBERINGS: [&str; 2] = ["iso27017", "iso27001-2022"];

pub struct ExportPopup {
    /// Selected option per row: view, format, audience, numbering.
    pub choices: [usize; 4],
    /// 0..=3 the choice rows, 4 the path.
    pub selected: usize,
    pub path: TextArea<'static>,
    pub path_edited: bool,
    pub error: Option<String>,
    stem: PathBuf,
}

impl ExportPopup {
    pub fn new(app: &App) -> ExportPopup {
        let stem = app.path.with_extension("");
        let default = crate::export::Numbering::default_for(&app.catalogue).key();
        let numbering = NUMBERINGS.iter().position(|k| *k == default).unwrap_or(0);
        // While the screen is shared in presenter view, offer the edition that hides the same.
        let audience = usize::from(app.presenter);
        let mut popup = ExportPopup {
            choices: [0, 0, audience, numbering],
            selected: 0,
            path: TextArea::default(),
            path_edited: false,
            error: None,
            stem,
        };
        popup.refresh_path();
        popup
    }

    pub fn rows(&self) -> [(&'static str, &'static [&'static str]); 4] {
        [
            ("View", &VIEWS),
            ("Format", &FORMATS),
            ("Audience", &AUDIENCES),
            ("Numbering", &NUMBERINGS),
        ]
    }

    /// The default file name follows the choices until the user types their own.
    fn refresh_path(&mut self) {
        if self.path_edited {
            return;
        }
        let view = VIEWS[self.choices[0]];
        let format = FORMATS[self.choices[1]];
        let audience = if self.choices[2] == 1 {
            "-external"
        } else {
            ""
        };
        let name = format!(
            "{}-{view}{audience}.{format}",
            self.stem
                .file_name()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default()
        );
        let path = self.stem.with_file_name(name);
        self.path = line_input(&path.display().to_string());
    }

    pub fn input_mode(&self) -> InputMode {
        if self.selected == 4 {
            InputMode::Text
        } else {
            InputMode::Choice
        }
    }

    fn request(&self) -> Result<ExportRequest, String> {
        let view = VIEWS[self.choices[0]];
        let format = FORMATS[self.choices[1]];
        if view == "all" && format != "xlsx" {
            return Err("every view at once needs xlsx (one sheet per view)".into());
        }
        let path = input_text(&self.path).trim().to_string();
        if path.is_empty() {
            return Err("where should the file go?".into());
        }
        Ok(ExportRequest {
            view: (view != "all").then(|| view.to_string()),
            format: format.into(),
            audience: AUDIENCES[self.choices[2]].into(),
            numbering: NUMBERINGS[self.choices[3]].into(),
            path: PathBuf::from(path),
        })
    }
}

impl App {
    pub(super) fn update_export(
        &mut self,
        popup: &mut ExportPopup,
        action: Action,
        effects: &mut Vec<Effect>,
    ) -> bool {
        match action {
            Action::Command(Command::Cancel) => return false,
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                popup.selected = (popup.selected + 1).min(4)
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                popup.selected = popup.selected.saturating_sub(1)
            }
            Action::Choose(n) if popup.selected < 4 => {
                let options = popup.rows()[popup.selected].1;
                if n < options.len() {
                    popup.choices[popup.selected] = n;
                    popup.refresh_path();
                    popup.selected += 1;
                }
            }
            Action::Command(Command::Confirm) => {
                if popup.selected < 4 {
                    popup.selected += 1;
                } else {
                    match popup.request() {
                        Ok(request) => {
                            effects.push(Effect::Export(Box::new(self.export_job(request))));
                            self.message = Some("exporting…".into());
                            return false;
                        }
                        Err(e) => popup.error = Some(e),
                    }
                }
            }
            Action::Command(Command::AcceptSuggestion) if popup.selected == 4 => popup
                .path
                .move_cursor(ratatui_textarea::CursorMove::Forward),
            _ if popup.selected == 4 && edit_field(&mut popup.path, &action) => {
                popup.path_edited = true;
            }
            _ => {}
        }
        true
    }
}
