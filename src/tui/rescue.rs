//! Leaving when the work exists only in memory: neither the session file nor a recovery copy
//! could take it (a full disk, an unwritable state folder). `q` then does not end the
//! workshop: a popup says so and offers a path to write the work to; Esc goes back to the
//! workshop. An end nobody can answer (a signal, a closed terminal) writes the work to the
//! first place that takes it. Changes state only through `update`; the runner writes.

use std::path::{Path, PathBuf};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::action::{Action, Command, Effect};
use super::draw::{centred, draw_input, fit, open};
use super::keymap::Mode;
use super::line_edit::{input_text, line_input, paste_into, type_into};
use super::model::Model;
use super::room::{Context, InputMode, Outcome, Room};
use crate::sanitise::one_line;

/// Where to write the work, asked on the way out.
pub struct RescuePopup {
    /// Why nothing could take the work.
    pub why: String,
    pub path: TextArea<'static>,
    /// What the last attempt came to.
    pub error: Option<String>,
}

pub use super::save::RescueJob;

impl RescuePopup {
    /// Asks where to write the work, offering the first of `paths`.
    pub fn new(why: String, paths: &[PathBuf]) -> RescuePopup {
        let suggestion = paths
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        RescuePopup {
            why,
            path: line_input(&suggestion),
            error: None,
        }
    }
}

/// What writing the work somewhere came to.
pub enum Rescued {
    /// The work went somewhere: quit, saying where (the farewell after "could not save FILE: ").
    Written(String),
    /// Nobody is there to ask again: quit, saying what was lost.
    Lost(String),
    /// The place typed did not take it: the popup says why and asks again.
    Refused(String),
}

impl Rescued {
    /// Reads a rescue's result for the session file `file`; `unattended` when nobody can answer.
    pub fn from_result(result: Result<PathBuf, String>, file: &Path, unattended: bool) -> Rescued {
        let file = file.display();
        match result {
            Ok(path) => Rescued::Written(format!(
                "your work is in {} (open it with gapwalk open, or copy it over {file} once that can be written)",
                path.display()
            )),
            Err(why) if unattended => Rescued::Lost(format!(
                "nothing could keep the work ({why}): the changes since the last save are lost"
            )),
            Err(why) => Rescued::Refused(why),
        }
    }
}

impl Room for RescuePopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        match action {
            Action::Command(Command::Cancel) => {
                model.message = Some(
                    "not quit: your work is only in this screen; q asks again where to write it"
                        .into(),
                );
                Outcome::close()
            }
            Action::Command(Command::Confirm) => {
                let path = input_text(&self.path).trim().to_string();
                if path.is_empty() {
                    self.error = Some("type where to write the work".into());
                    return Outcome::stay();
                }
                self.error = Some(format!("writing {path}…"));
                Outcome::stay().with_effect(Effect::Rescue(Box::new(RescueJob {
                    paths: vec![PathBuf::from(path)],
                    session: model.session.clone(),
                })))
            }
            Action::Type(key) => {
                type_into(&mut self.path, key);
                Outcome::stay()
            }
            Action::Paste(text) => {
                paste_into(&mut self.path, &text);
                Outcome::stay()
            }
            _ => Outcome::stay(),
        }
    }

    /// The way out when the work exists only here: where to write it.
    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let area = centred(screen, 84, 14);
        let inner = open(
            frame,
            theme,
            area,
            " Your work is only in this screen ".into(),
        );
        let width = inner.width as usize;
        let [text, label, input, error, foot] = Layout::vertical([
            Constraint::Min(1),
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(2),
            Constraint::Length(1),
        ])
        .areas(inner);
        let message = format!(
            "Nothing could take the changes: {}. Quitting now would lose them.",
            one_line(&self.why)
        );
        frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), text);
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(
                    "Write them to this new file (on another disk, if this one is full):",
                    width,
                ),
                theme.label(),
            )),
            label,
        );
        draw_input(frame, theme, &self.path, input);
        if let Some(e) = &self.error {
            frame.render_widget(
                Paragraph::new(Line::styled(one_line(e).into_owned(), theme.error()))
                    .wrap(Wrap { trim: true }),
                error,
            );
        }
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(
                    &format!(
                        "{} writes it and quits · {} goes back to the workshop",
                        cx.keymap.hint(Mode::Text, Command::Confirm),
                        cx.keymap.hint(Mode::Text, Command::Cancel)
                    ),
                    width,
                ),
                theme.muted(),
            )),
            foot,
        );
    }

    fn input_mode(&self) -> InputMode {
        InputMode::Text
    }
}
