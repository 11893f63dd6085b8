//! The conflict picker: each merge conflict of a control (or of the session details) with
//! ours, theirs and the base; a digit keeps ours or takes theirs. Settling is an ordinary edit
//! of the model, so undo takes it back; the picker closes when nothing is left to settle.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::fields::Pick;
use crate::sanitise::one_line;
use crate::tui::action::{Action, Command};
use crate::tui::conflict::{ConflictTarget, conflict_label, is_internal, shown};
use crate::tui::draw::{centred, fit, open};
use crate::tui::keymap::Mode;
use crate::tui::model::Model;
use crate::tui::room::{Context, InputMode, Outcome, Room};

/// Lines each conflict takes: its field, ours, theirs, the base.
const BLOCK: usize = 4;

pub struct ResolvePopup {
    pub target: ConflictTarget,
    /// Index into the target's conflicts.
    pub selected: usize,
}

impl ResolvePopup {
    /// The picker on a target's conflicts, starting at `selected`; `None`, with a message saying
    /// so, when it has none.
    pub fn open(
        model: &mut Model,
        target: ConflictTarget,
        selected: usize,
    ) -> Option<ResolvePopup> {
        let count = model.conflicts(target).len();
        if count == 0 {
            model.message = Some(match target {
                ConflictTarget::Session => "the session details have no merge conflicts".into(),
                ConflictTarget::Control(i) => {
                    format!("{} has no merge conflicts", model.catalogue.controls[i].id)
                }
            });
            return None;
        }
        Some(ResolvePopup {
            target,
            selected: selected.min(count - 1),
        })
    }
}

impl Room for ResolvePopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        let count = model.conflicts(self.target).len();
        match action {
            Action::Command(Command::Cancel) => return Outcome::close(),
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip)
                if self.selected + 1 < count =>
            {
                self.selected += 1;
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                self.selected = self.selected.saturating_sub(1);
            }
            Action::Choose(n @ (0 | 1)) => {
                let pick = if n == 0 { Pick::Ours } else { Pick::Theirs };
                model.resolve_conflict(self.target, self.selected, pick);
                let left = model.conflicts(self.target).len();
                if left == 0 {
                    return Outcome::close();
                }
                self.selected = self.selected.min(left - 1);
            }
            _ => {}
        }
        Outcome::stay()
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let (model, theme) = (cx.model, cx.theme);
        let conflicts = model.conflicts(self.target);
        let wanted = (conflicts.len() * BLOCK + 3).min(u16::MAX as usize) as u16;
        let area = centred(
            screen,
            80,
            wanted.min(screen.height.saturating_sub(2)).max(6),
        );
        let title = match self.target {
            ConflictTarget::Session => " Merge conflicts · session details ".to_string(),
            ConflictTarget::Control(i) => {
                let control = &model.catalogue.controls[i];
                format!(
                    " Merge conflicts · {} {} ",
                    one_line(&control.id),
                    fit(&control.title, 40)
                )
            }
        };
        let inner = open(frame, theme, area, title);
        let [list, footer] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(1)]).areas(inner);
        let width = list.width as usize;
        let mut lines = Vec::new();
        for (k, c) in conflicts.iter().enumerate() {
            let chosen = k == self.selected;
            let marker = if chosen { "▸ " } else { "  " };
            let heading = Line::from(vec![
                Span::styled(marker, theme.accent()),
                Span::styled(
                    fit(&conflict_label(c), width.saturating_sub(2)),
                    theme.label(),
                ),
            ]);
            lines.push(if chosen {
                heading.style(theme.selected())
            } else {
                heading
            });
            let hidden = cx.presenter && is_internal(c);
            for (label, value) in [
                ("1 keep ours   ", &c.ours),
                ("2 take theirs ", &c.theirs),
                ("  base was    ", &c.base),
            ] {
                let value = if hidden {
                    "(hidden in presenter view)".to_string()
                } else {
                    shown(value)
                };
                lines.push(Line::from(vec![
                    Span::raw("    "),
                    Span::styled(label, theme.muted()),
                    Span::raw(fit(&value, width.saturating_sub(18))),
                ]));
            }
        }
        let height = list.height as usize;
        let start = (self.selected * BLOCK + BLOCK).saturating_sub(height);
        let visible: Vec<Line> = lines.into_iter().skip(start).take(height).collect();
        frame.render_widget(Paragraph::new(visible), list);
        let hint = format!(
            "1 keep ours · 2 take theirs · {} next · {} close, then {} undoes a pick",
            cx.keymap.hint(Mode::Dialog, Command::Skip),
            cx.keymap.hint(Mode::Dialog, Command::Cancel),
            cx.keymap.hint(Mode::List, Command::Undo)
        );
        frame.render_widget(
            Paragraph::new(Line::styled(
                fit(&hint, footer.width as usize),
                theme.muted(),
            )),
            footer,
        );
    }

    fn input_mode(&self) -> InputMode {
        InputMode::Choice
    }
}
