//! Leaving when the work exists only in memory: neither the session file nor a recovery copy
//! could take it (a full disk, an unwritable state folder). `q` then does not end the
//! workshop: a popup says so and offers a path to write the work to; Esc goes back to the
//! workshop. An end nobody can answer (a signal, a closed terminal) writes the work to the
//! first place that takes it. Changes state only through `update`; the runner writes.

use std::path::PathBuf;

use ratatui_textarea::TextArea;

use super::action::{Action, Command, Effect};
use super::app::App;
use super::popup::{InputMode, Popup, input_text, line_input, paste_into, type_into};
use crate::recovery::{rescue_paths, write_rescue};
use crate::session::Session;

/// Where to write the work, asked on the way out.
pub struct RescuePopup {
    /// Why nothing could take the work.
    pub why: String,
    pub path: TextArea<'static>,
    /// What the last attempt came to.
    pub error: Option<String>,
}

impl RescuePopup {
    pub fn input_mode(&self) -> InputMode {
        InputMode::Text
    }
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

    /// Returns whether the popup stays open.
    pub(super) fn update_rescue(
        &mut self,
        popup: &mut RescuePopup,
        action: Action,
        effects: &mut Vec<Effect>,
    ) -> bool {
        match action {
            Action::Command(Command::Cancel) => {
                self.message = Some(
                    "not quit: your work is only in this screen; q asks again where to write it"
                        .into(),
                );
                false
            }
            Action::Command(Command::Confirm) => {
                let path = input_text(&popup.path).trim().to_string();
                if path.is_empty() {
                    popup.error = Some("type where to write the work".into());
                    return true;
                }
                popup.error = Some(format!("writing {path}…"));
                effects.push(Effect::Rescue(Box::new(RescueJob {
                    paths: vec![PathBuf::from(path)],
                    session: self.session.clone(),
                })));
                true
            }
            Action::Type(key) => {
                type_into(&mut popup.path, key);
                true
            }
            Action::Paste(text) => {
                paste_into(&mut popup.path, &text);
                true
            }
            _ => true,
        }
    }
}
