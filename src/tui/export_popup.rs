//! The export dialog (`e`): view, format, audience, numbering, paper, the offering (a
//! provider's session) and where to write. Its choices are the export module's own lists
//! (`View::ALL`, `Format::ALL`, …, the words the command line takes), and what it refuses is
//! what `export::supported` refuses, so the dialog offers exactly what `gapwalk export` does.
//! A room: it sees the model, never the app. The runner performs the export and reports back
//! where it wrote.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::action::{Action, Command, Effect};
use super::draw::{centred, draw_input, open};
use super::export::ExportRequest;
use super::keymap::Mode;
use super::line_edit::{edit_field, input_text, line_input};
use super::model::Model;
use super::room::{Context, InputMode, Outcome, Room, typing_or};
use crate::export::{self, Audience, Format, Numbering, Paper, View};

/// The view choice that writes every view, one sheet each (xlsx only).
pub const EVERY_VIEW: &str = "all";

/// The rows of choices, in the dialog's order; the offering row is there only when the
/// session provides offerings.
pub const VIEW: usize = 0;
pub const FORMAT: usize = 1;
pub const AUDIENCE: usize = 2;
pub const NUMBERING: usize = 3;
pub const PAPER: usize = 4;
pub const OFFERING: usize = 5;

pub struct ExportPopup {
    /// Selected option per row (see [`ExportPopup::rows`]).
    pub choices: Vec<usize>,
    /// A row of choices, or `rows().len()`: the path.
    pub selected: usize,
    pub path: TextArea<'static>,
    pub path_edited: bool,
    pub error: Option<String>,
    stem: PathBuf,
    /// The offerings the session provides (a provider's seat), for the CRM.
    offerings: Vec<String>,
    /// Why the session has no CRM to export (a customer's session, no offering named).
    no_crm: Option<String>,
}

fn position<T: PartialEq>(all: &[T], wanted: T) -> usize {
    all.iter().position(|v| *v == wanted).unwrap_or(0)
}

impl ExportPopup {
    /// The dialog over the model's session; in presenter view it starts on the external
    /// edition.
    pub fn new(model: &Model) -> ExportPopup {
        let stem = model.path.with_extension("");
        let numbering = position(Numbering::ALL, Numbering::default_for(&model.catalogue));
        // While the screen is shared in presenter view, offer the edition that hides the same.
        let audience = position(
            Audience::ALL,
            if model.presenter {
                Audience::External
            } else {
                Audience::Internal
            },
        );
        let meta = &model.session.meta;
        let offerings: Vec<String> = if meta.role.is_provider() {
            meta.offerings.iter().map(|o| o.name.clone()).collect()
        } else {
            Vec::new()
        };
        let mut choices = vec![
            position(View::ALL, View::Soa),
            position(Format::ALL, Format::Xlsx),
            audience,
            numbering,
            position(Paper::ALL, Paper::A4),
        ];
        if !offerings.is_empty() {
            choices.push(0);
        }
        let mut popup = ExportPopup {
            choices,
            selected: 0,
            path: TextArea::default(),
            path_edited: false,
            error: None,
            stem,
            no_crm: offerings
                .is_empty()
                .then(|| export::offering_for(&model.session, None).err())
                .flatten()
                .map(|e| e.to_string()),
            offerings,
        };
        popup.refresh_path();
        popup
    }

    /// Each row's label and its options, as the command line spells them (offering names
    /// cleaned for the screen).
    pub fn rows(&self) -> Vec<(&'static str, Vec<String>)> {
        let words = |keys: Vec<&'static str>| keys.into_iter().map(String::from).collect();
        let mut views: Vec<String> = words(View::keys());
        views.push(EVERY_VIEW.into());
        let mut rows = vec![
            ("View", views),
            ("Format", words(Format::keys())),
            ("Audience", words(Audience::keys())),
            ("Numbering", words(Numbering::keys())),
            ("Paper", words(Paper::keys())),
        ];
        if !self.offerings.is_empty() {
            rows.push((
                "Offering",
                self.offerings
                    .iter()
                    .map(|o| crate::sanitise::one_line(o).into_owned())
                    .collect(),
            ));
        }
        rows
    }

    /// The index of the path row (after the rows of choices).
    pub fn path_row(&self) -> usize {
        self.choices.len()
    }

    /// The chosen view; `None` is every view.
    pub fn view(&self) -> Option<View> {
        View::ALL.get(self.choices[VIEW]).copied()
    }

    pub fn format(&self) -> Format {
        Format::ALL[self.choices[FORMAT]]
    }

    /// The default file name follows the choices until the user types their own.
    fn refresh_path(&mut self) {
        if self.path_edited {
            return;
        }
        let view = self.view().map_or(EVERY_VIEW, View::key);
        let audience = if Audience::ALL[self.choices[AUDIENCE]] == Audience::External {
            "-external"
        } else {
            ""
        };
        let name = format!(
            "{}-{view}{audience}.{}",
            self.stem
                .file_name()
                .map(|s| s.to_string_lossy())
                .unwrap_or_default(),
            self.format().extension()
        );
        let path = self.stem.with_file_name(name);
        self.path = line_input(&path.display().to_string());
    }

    fn request(&self) -> Result<ExportRequest, String> {
        let view = self.view();
        let format = self.format();
        let audience = Audience::ALL[self.choices[AUDIENCE]];
        // The same refusals, in the same words, as `gapwalk export`.
        export::supported(view, format, audience).map_err(|e| e.to_string())?;
        if view == Some(View::Crm)
            && let Some(why) = &self.no_crm
        {
            return Err(why.clone());
        }
        let path = input_text(&self.path).trim().to_string();
        if path.is_empty() {
            return Err("where should the file go?".into());
        }
        Ok(ExportRequest {
            view: view.map(|v| v.key().to_string()),
            format: format.key().into(),
            audience: audience.key().into(),
            numbering: Numbering::ALL[self.choices[NUMBERING]].key().into(),
            paper: Paper::ALL[self.choices[PAPER]].key().into(),
            offering: self
                .choices
                .get(OFFERING)
                .and_then(|i| self.offerings.get(*i))
                .cloned(),
            path: PathBuf::from(path),
        })
    }
}

impl Room for ExportPopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        let path_row = self.path_row();
        match action {
            Action::Command(Command::Cancel) => return Outcome::close(),
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                self.selected = (self.selected + 1).min(path_row)
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                self.selected = self.selected.saturating_sub(1)
            }
            Action::Choose(n) if self.selected < path_row => {
                let options = self.rows()[self.selected].1.len();
                // A digit chooses on its row and stays there: ↓ or Enter moves on. Moving on by
                // itself made `4 ↓ 2 ↓ 1` land the last digit in the file name.
                if n < options {
                    self.choices[self.selected] = n;
                    self.error = None;
                    self.refresh_path();
                }
            }
            Action::Command(Command::Confirm) => {
                if self.selected < path_row {
                    self.selected += 1;
                } else {
                    match self.request() {
                        Ok(request) => {
                            model.message = Some("exporting…".into());
                            let job = model.export_job(request);
                            return Outcome::close().with_effect(Effect::Export(Box::new(job)));
                        }
                        Err(e) => self.error = Some(e),
                    }
                }
            }
            Action::Command(Command::AcceptSuggestion) if self.selected == path_row => {
                self.path.move_cursor(ratatui_textarea::CursorMove::Forward)
            }
            _ if self.selected == path_row && edit_field(&mut self.path, &action) => {
                self.path_edited = true;
            }
            _ => {}
        }
        Outcome::stay()
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let width = screen.width.clamp(20, 78);
        // Options wrap under their row when they do not fit on one line.
        let label_width = 11u16;
        let room = width.saturating_sub(2 + label_width + 2).max(8) as usize;
        let mut lines = Vec::new();
        for (k, (label, options)) in self.rows().iter().enumerate() {
            let mut line = vec![Span::styled(format!("{label:<10} "), theme.label())];
            let mut used = 0;
            for (i, o) in options.iter().enumerate() {
                let text = format!(
                    "{}{} {o} ",
                    if self.choices[k] == i { "●" } else { " " },
                    i + 1
                );
                let w = text.chars().count();
                if used > 0 && used + w > room {
                    lines.push(Line::from(std::mem::take(&mut line)));
                    line.push(Span::raw(" ".repeat(label_width as usize)));
                    used = 0;
                }
                used += w;
                // The choice is marked by a glyph as well as by its style, as in the walk.
                if self.choices[k] == i {
                    line.push(Span::styled(text, theme.selected()));
                } else {
                    line.push(Span::raw(text));
                }
            }
            if self.selected == k {
                line.push(Span::styled(" ◂", theme.accent()));
            }
            lines.push(Line::from(line));
        }
        let height = (lines.len() as u16 + 6).min(screen.height);
        let area = centred(screen, width, height);
        let inner = open(frame, theme, area, " Export ".into());
        let [choices, path_label, path, status] = Layout::vertical([
            Constraint::Length(lines.len() as u16),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Min(0),
        ])
        .areas(inner);
        frame.render_widget(Paragraph::new(lines), choices);
        frame.render_widget(
            Paragraph::new(Line::styled("Write to:", theme.label())),
            path_label,
        );
        draw_input(frame, theme, &self.path, path);
        let mode = typing_or(Mode::Export, Room::input_mode(self));
        let key = |c: Command| cx.keymap.hint(mode, c);
        let msg = match &self.error {
            Some(e) => Line::styled(e.clone(), theme.error()),
            None => Line::styled(
                format!(
                    "digits choose · {}{} move · {} on the path exports · {} closes",
                    key(Command::PreviousField),
                    key(Command::NextField),
                    key(Command::Confirm),
                    key(Command::Cancel)
                ),
                theme.muted(),
            ),
        };
        frame.render_widget(Paragraph::new(msg).wrap(Wrap { trim: true }), status);
    }

    fn input_mode(&self) -> InputMode {
        if self.selected == self.path_row() {
            InputMode::Text
        } else {
            InputMode::Choice
        }
    }
}
