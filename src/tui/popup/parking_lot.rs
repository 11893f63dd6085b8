//! The end of a meeting: quitting a workshop that changed the session while the parking lot
//! holds a control parked with a reason (parking asks why, wherever it is done) offers the
//! parking lot first. A control flagged with no reason (by `gapwalk set`, or in an older file)
//! joins the list but does not make the offer on its own. Each parked control with why it was
//! parked; Enter goes to the chosen one and stays in the workshop, `q` (or Tab) goes on to the
//! end of the meeting (who attended, then save and quit), Esc goes back.

use ratatui::Frame;
use ratatui::crossterm::event::KeyCode;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::sanitise::one_line;
use crate::tui::action::{Action, Command};
use crate::tui::draw::{centred, fit, numbered_row, open};
use crate::tui::keymap::Mode;
use crate::tui::model::Model;
use crate::tui::room::{Context, InputMode, Outcome, Request, Room};

pub struct ParkingLotPopup {
    /// Catalogue indexes of the parked controls, in catalogue order.
    pub parked: Vec<usize>,
    pub selected: usize,
    /// Why the last key did nothing: a key that is no option is refused visibly.
    pub error: Option<String>,
}

impl ParkingLotPopup {
    /// The review, when a control is parked with a reason to come back to.
    pub fn new(model: &Model) -> Option<ParkingLotPopup> {
        let parked = || model.session.assessments.iter().filter(|a| a.flagged);
        let with_reason = parked().any(|a| !a.follow_up.trim().is_empty());
        let parked: Vec<usize> = parked()
            .filter_map(|a| model.catalogue.position(&a.control))
            .collect();
        with_reason.then_some(ParkingLotPopup {
            parked,
            selected: 0,
            error: None,
        })
    }
}

impl Room for ParkingLotPopup {
    fn update(&mut self, _model: &mut Model, action: Action) -> Outcome {
        match action {
            Action::Command(Command::Cancel) => Outcome::close(),
            Action::Command(Command::Confirm) => {
                Outcome::close().asking(Request::Reveal(self.parked[self.selected]))
            }
            Action::Command(Command::Skip) => Outcome::close().asking(Request::Quit),
            Action::Type(key) if key.code == KeyCode::Char('q') => {
                Outcome::close().asking(Request::Quit)
            }
            Action::Choose(n) if n < self.parked.len() => {
                Outcome::close().asking(Request::Reveal(self.parked[n]))
            }
            Action::Command(Command::NextField | Command::SelectNext) => {
                self.selected = (self.selected + 1).min(self.parked.len() - 1);
                Outcome::stay()
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::stay()
            }
            Action::Type(_) | Action::Paste(_) | Action::Choose(_) => {
                self.error = Some("not an option here: nothing was done".into());
                Outcome::stay()
            }
            _ => Outcome::stay(),
        }
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let key = |c: Command| cx.keymap.hint(Mode::Dialog, c);
        let rows = self.parked.len().min(12) as u16;
        let area = centred(screen, 90, rows + 5);
        let title = format!(
            " End of the meeting: {} parked for follow-up ",
            self.parked.len()
        );
        let inner = open(frame, theme, area, title);
        let [list, said, hint] = Layout::vertical([
            Constraint::Min(0),
            Constraint::Length(1),
            Constraint::Length(2),
        ])
        .areas(inner);
        let width = list.width as usize;
        let height = list.height as usize;
        let start = self.selected.saturating_sub(height.saturating_sub(1));
        let mut lines = Vec::new();
        for (k, &i) in self.parked.iter().enumerate().skip(start).take(height) {
            let control = &cx.model.catalogue.controls[i];
            let a = cx.model.assessment(i);
            // Why it was parked comes before the title, which a narrow screen cuts.
            let why = if cx.model.presenter || a.follow_up.trim().is_empty() {
                String::new()
            } else {
                format!(" why: {} ·", one_line(&a.follow_up))
            };
            let text = format!(
                "{}{why} {}",
                one_line(&control.id),
                one_line(&control.title)
            );
            lines.push(numbered_row(theme, k, self.selected, &text, width));
        }
        frame.render_widget(Paragraph::new(lines), list);
        if let Some(e) = &self.error {
            frame.render_widget(
                Paragraph::new(Line::styled(fit(e, said.width as usize), theme.error())),
                said,
            );
        }
        frame.render_widget(
            Paragraph::new(vec![
                Line::styled(
                    format!(
                        "Review them before leaving? A digit or {} goes to one (you stay),",
                        key(Command::Confirm)
                    ),
                    theme.muted(),
                ),
                Line::styled(
                    format!(
                        "q or {} ends the meeting · {} back",
                        key(Command::Skip),
                        key(Command::Cancel)
                    ),
                    theme.muted(),
                ),
            ]),
            hint,
        );
    }

    fn input_mode(&self) -> InputMode {
        InputMode::Strict
    }
}
