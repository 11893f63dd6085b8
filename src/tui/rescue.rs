//! Leaving when the work exists only in memory: neither the session file nor a recovery copy
//! could take it (a full disk, an unwritable state folder). `q` then does not end the
//! workshop: a popup says so and offers a path to write the work to; Esc goes back to the
//! workshop. An end nobody can answer (a signal, a closed terminal) writes the work to the
//! first place that takes it. Changes state only through `update`; the runner writes.

use std::path::PathBuf;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use ratatui_textarea::TextArea;

use super::action::{Action, Command, Effect};
use super::app::App;
use super::draw::{centred, draw_input, fit, open};
use super::keymap::Mode;
use super::model::Model;
use super::popup::{
    Context, InputMode, Outcome, Popup, Room, input_text, line_input, paste_into, type_into,
};
use crate::recovery::{rescue_paths, write_rescue};
use crate::sanitise::one_line;
use crate::session::Session;

/// Where to write the work, asked on the way out.
pub struct RescuePopup {
    /// Why nothing could take the work.
    pub why: String,
    pub path: TextArea<'static>,
    /// What the last attempt came to.
    pub error: Option<String>,
}

/// Writing the work to the first of `paths` that takes it.
#[derive(Debug, Clone, PartialEq)]
pub struct RescueJob {
    pub paths: Vec<PathBuf>,
    pub session: Session,
}

impl RescueJob {
    /// Where the work went, or why no place took it.
    pub fn run(&self) -> Result<PathBuf, String> {
        let mut failures = Vec::new();
        for path in &self.paths {
            match write_rescue(path, &self.session) {
                Ok(()) => return Ok(path.clone()),
                Err(e) => failures.push(e.to_string()),
            }
        }
        Err(failures.join("; "))
    }
}

impl App {
    /// Nothing could take the work and the workshop was about to end (`why`). Attended, it
    /// stays open and asks where to write the work; unattended, the work goes to the first
    /// place that takes it.
    pub(super) fn rescue(&mut self, why: String) -> Vec<Effect> {
        let paths = rescue_paths(&self.path, self.now());
        if self.unattended {
            return vec![Effect::Rescue(Box::new(RescueJob {
                paths,
                session: self.session.clone(),
            }))];
        }
        self.save.stay();
        let suggestion = paths
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default();
        self.popups.push(Popup::Rescue(Box::new(RescuePopup {
            why,
            path: line_input(&suggestion),
            error: None,
        })));
        Vec::new()
    }

    /// What writing the work somewhere came to.
    pub(super) fn rescued(&mut self, result: Result<PathBuf, String>) -> Vec<Effect> {
        let file = self.path.display().to_string();
        match result {
            Ok(path) => {
                self.popups.retain(|p| !matches!(p, Popup::Rescue(_)));
                // The farewell starts "could not save FILE: ".
                self.save.rescued(Err(format!(
                    "your work is in {} (open it with gapwalk open, or copy it over {file} once that can be written)",
                    path.display()
                )));
                vec![Effect::Quit]
            }
            Err(why) if self.unattended => {
                self.save.rescued(Err(format!(
                    "nothing could keep the work ({why}): the changes since the last save are lost"
                )));
                vec![Effect::Quit]
            }
            Err(why) => {
                if let Some(Popup::Rescue(popup)) = self
                    .popups
                    .iter_mut()
                    .rev()
                    .find(|p| matches!(p, Popup::Rescue(_)))
                {
                    popup.error = Some(why);
                }
                Vec::new()
            }
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
