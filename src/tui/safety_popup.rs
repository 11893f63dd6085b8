//! The two questions gapwalk may ask when a session opens, before any work starts: the session
//! is open in another gapwalk (look at it read-only here, or quit), and a recovery copy newer
//! than the file is waiting (use it, keep the file, or look at the differences first). Each is a
//! popup that owns the keyboard until answered; each is a room (it sees the model, never the
//! app): answering changes state only through `update` and asks the runner for any file work.
//! Every text from a file is drawn through `fit`/`one_line`.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use super::action::{Action, Command, Effect};
use super::draw::{centred, fit, open};
use super::keymap::{Keymap, Mode};
use super::model::Model;
use super::room::{Context, InputMode, ListKeys, Outcome, Request, Room};
use super::theme::Theme;
use crate::recovery::Offer;
use crate::sanitise::one_line;

/// Another gapwalk holds the session; this one opened read-only.
#[derive(Debug, Clone)]
pub struct LockedPopup {
    /// Who holds it, from the lock file.
    pub message: String,
}

/// No lock can be taken (a read-only folder, a file system without locks): the session opened
/// read-only, and the user may go on unlocked.
#[derive(Debug, Clone)]
pub struct UnlockablePopup {
    /// Why, from the lock.
    pub message: String,
}

pub const UNLOCKABLE_CHOICES: [&str; 3] = [
    "read-only: look, filter and export; nothing is changed or saved",
    "go on unlocked: a second gapwalk on this file would not be noticed",
    "quit",
];

/// A recovery copy is offered; nothing is applied until the user picks.
#[derive(Debug, Clone)]
pub struct RecoveryPopup {
    pub offer: Offer,
    /// Showing the differences instead of the choices.
    pub looking: bool,
    pub scroll: u16,
    /// Shown after a key that is not an answer.
    pub hint: Option<String>,
    /// The list's keys its messages name (the offer closes onto the list).
    pub keys: ListKeys,
}

pub const LOCKED_CHOICES: [&str; 2] = [
    "look at it read-only here (nothing can be changed or saved)",
    "quit",
];

pub const RECOVERY_CHOICES: [&str; 3] = [
    "use the recovery copy (one change: undo takes it back)",
    "keep the file as it is (the copy is set aside, not deleted)",
    "look at the differences first",
];

impl RecoveryPopup {
    pub fn new(offer: Offer, keymap: &Keymap) -> RecoveryPopup {
        RecoveryPopup {
            offer,
            looking: false,
            scroll: 0,
            hint: None,
            keys: ListKeys::new(keymap),
        }
    }
}

impl Room for LockedPopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        match action {
            Action::Choose(0) | Action::Command(Command::Confirm) => {
                model.message = model.read_only.as_ref().map(|reason| {
                    format!("read-only ({reason}): look, filter and export; nothing is saved")
                });
                Outcome::close()
            }
            Action::Choose(1) | Action::Command(Command::Cancel) => {
                Outcome::close().with_effect(Effect::Quit)
            }
            _ => Outcome::stay(),
        }
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let area = centred(screen, 76, 12);
        let inner = open(frame, theme, area, " Open in another gapwalk ".into());
        let [text, options] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(3)]).areas(inner);
        let message = format!(
            "{}\n\nOnly one gapwalk may change a session at a time.",
            one_line(&self.message)
        );
        frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), text);
        let width = options.width as usize;
        let mut lines = vec![Line::raw("")];
        lines.extend(choices(&LOCKED_CHOICES, width, theme));
        frame.render_widget(Paragraph::new(lines), options);
    }

    fn input_mode(&self) -> InputMode {
        InputMode::Choice
    }
}

impl Room for UnlockablePopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        match action {
            Action::Choose(0) | Action::Command(Command::Confirm | Command::Cancel) => {
                model.message = Some(
                    "read-only (no lock can be taken here): look, filter and export; nothing is saved"
                        .into(),
                );
                // A recovery copy waits for a workshop that can save what it takes.
                Outcome::close().asking(Request::WithdrawRecoveryOffer)
            }
            Action::Choose(1) => {
                model.read_only = None;
                model.message = Some(
                    "unlocked: saves go ahead, but another gapwalk on this file would not be noticed"
                        .into(),
                );
                Outcome::close()
            }
            Action::Choose(2) => Outcome::close().with_effect(Effect::Quit),
            _ => Outcome::stay(),
        }
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let area = centred(screen, 80, 13);
        let inner = open(frame, theme, area, " No lock can be taken here ".into());
        let [text, options] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(4)]).areas(inner);
        let message = format!(
            "{}\n\nWithout a lock, two gapwalks could change this session at once without knowing. It is open read-only unless you choose otherwise.",
            one_line(&self.message)
        );
        frame.render_widget(Paragraph::new(message).wrap(Wrap { trim: true }), text);
        let width = options.width as usize;
        let mut lines = vec![Line::raw("")];
        // The key that takes the first choice, from the live keymap.
        let first = format!(
            "{} ({})",
            UNLOCKABLE_CHOICES[0],
            cx.keymap.hint(Mode::Dialog, Command::Confirm)
        );
        let labels = [first.as_str(), UNLOCKABLE_CHOICES[1], UNLOCKABLE_CHOICES[2]];
        lines.extend(choices(&labels, width, theme));
        frame.render_widget(Paragraph::new(lines), options);
    }

    fn input_mode(&self) -> InputMode {
        InputMode::Choice
    }
}

impl Room for RecoveryPopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        self.hint = None;
        match action {
            Action::Choose(0) => {
                let edit = crate::recovery::edit_towards(
                    &model.session,
                    &self.offer.session,
                    &model.catalogue,
                );
                model.apply_edit(edit);
                model.message = Some(format!(
                    "recovery copy applied ({} difference(s)); it is saved to the file next; {} undoes it",
                    self.offer.differences.len(),
                    self.keys.undo
                ));
                Outcome::close()
            }
            Action::Choose(1) => Outcome::close().with_effect(model.set_aside_recovery()),
            Action::Choose(2) => {
                self.looking = !self.looking;
                self.scroll = 0;
                Outcome::stay()
            }
            Action::Command(Command::SelectNext | Command::NextField) if self.looking => {
                self.scroll = self.scroll.saturating_add(1);
                Outcome::stay()
            }
            Action::Command(Command::SelectPrevious | Command::PreviousField) if self.looking => {
                self.scroll = self.scroll.saturating_sub(1);
                Outcome::stay()
            }
            Action::Command(Command::Cancel) if self.looking => {
                self.looking = false;
                Outcome::stay()
            }
            Action::Command(_) | Action::Choose(_) | Action::Type(_) | Action::Paste(_) => {
                self.hint = Some("choose 1, 2 or 3: the copy stays until you do".into());
                Outcome::stay()
            }
            _ => Outcome::stay(),
        }
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let height = if self.looking {
            screen.height.saturating_sub(4).max(12)
        } else {
            15
        };
        let area = centred(screen, 84, height);
        let inner = open(
            frame,
            theme,
            area,
            " Unsaved work was kept in a recovery copy ".into(),
        );
        let width = inner.width as usize;
        let [head, body, foot] = Layout::vertical([
            Constraint::Length(6),
            Constraint::Min(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        let head_text = format!(
            "An earlier gapwalk could not write this session to its file and kept the work in {}, {}",
            one_line(&self.offer.copy.display().to_string()),
            one_line(&self.offer.summary)
        );
        frame.render_widget(Paragraph::new(head_text).wrap(Wrap { trim: true }), head);
        if self.looking {
            let lines: Vec<Line> = self
                .offer
                .differences
                .iter()
                .skip(self.scroll as usize)
                .map(|d| Line::raw(format!("  {}", one_line(d))))
                .collect();
            // A difference names a field and both its values: wrapped, never cut.
            frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), body);
        } else {
            let mut lines = vec![Line::raw("")];
            lines.extend(choices(&RECOVERY_CHOICES, width, theme));
            frame.render_widget(Paragraph::new(lines), body);
        }
        let hint = match (&self.hint, self.looking) {
            (Some(h), _) => Line::styled(fit(h, width), theme.error()),
            (None, true) => Line::styled(
                fit(
                    &format!(
                        "{}{} scroll · 1 use the copy · 2 keep the file · 3 or {} back",
                        cx.keymap.hint(Mode::Dialog, Command::PreviousField),
                        cx.keymap.hint(Mode::Dialog, Command::NextField),
                        cx.keymap.hint(Mode::Dialog, Command::Cancel)
                    ),
                    width,
                ),
                theme.muted(),
            ),
            (None, false) => Line::styled(fit("digits choose", width), theme.muted()),
        };
        frame.render_widget(Paragraph::new(hint), foot);
    }

    fn input_mode(&self) -> InputMode {
        InputMode::Choice
    }
}

fn choices<'a>(options: &[&str], width: usize, theme: &Theme) -> Vec<Line<'a>> {
    options
        .iter()
        .enumerate()
        .map(|(i, o)| Line::styled(fit(&format!(" {}  {o}", i + 1), width), theme.label()))
        .collect()
}
