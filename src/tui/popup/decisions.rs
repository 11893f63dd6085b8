//! The decision log, to read and search during the meeting: every entry with when, who and the
//! control it was taken on, newest at the bottom. Typing narrows the list to entries whose text,
//! author, control or time hold every word typed (case-blind); Enter on an entry shows its
//! control in the list.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::{CursorMove, TextArea};

use crate::sanitise::one_line;
use crate::session::Decision;
use crate::tui::action::{Action, Command};
use crate::tui::draw::{centred, draw_input, fit, open};
use crate::tui::keymap::Mode;
use crate::tui::line_edit::{edit_field, input_text};
use crate::tui::model::Model;
use crate::tui::room::{Context, InputMode, Outcome, Request, Room};

pub struct DecisionLogPopup {
    pub input: TextArea<'static>,
    /// Indexes into the session's decisions that match the search, in log order.
    pub shown: Vec<usize>,
    /// Index into `shown`.
    pub selected: usize,
}

/// Whether an entry holds every word of `query`, case-blind, in its text, author, control or
/// time.
pub fn matches(d: &Decision, query: &str) -> bool {
    let haystack = format!(
        "{} {} {} {}",
        d.at,
        d.by,
        d.control.as_deref().unwrap_or_default(),
        d.text
    )
    .to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

impl DecisionLogPopup {
    pub fn new(model: &Model) -> DecisionLogPopup {
        let mut popup = DecisionLogPopup {
            input: TextArea::default(),
            shown: Vec::new(),
            selected: 0,
        };
        popup.search(model);
        popup
    }

    /// Lists what matches the search, the newest entry selected.
    fn search(&mut self, model: &Model) {
        let query = input_text(&self.input);
        self.shown = model
            .session
            .decisions
            .iter()
            .enumerate()
            .filter(|(_, d)| matches(d, &query))
            .map(|(i, _)| i)
            .collect();
        self.selected = self.shown.len().saturating_sub(1);
    }
}

impl Room for DecisionLogPopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        match action {
            Action::Command(Command::Cancel) => Outcome::close(),
            Action::Command(Command::Confirm) => {
                let control = self
                    .shown
                    .get(self.selected)
                    .and_then(|&i| model.session.decisions[i].control.as_deref())
                    .and_then(|c| model.catalogue.position(c));
                match control {
                    Some(index) => Outcome::close().asking(Request::Reveal(index)),
                    None => {
                        model.message = Some("this entry is about the session, no control".into());
                        Outcome::stay()
                    }
                }
            }
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                if self.selected + 1 < self.shown.len() {
                    self.selected += 1;
                }
                Outcome::stay()
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::stay()
            }
            Action::Command(Command::AcceptSuggestion) => {
                self.input.move_cursor(CursorMove::Forward);
                Outcome::stay()
            }
            _ => {
                if edit_field(&mut self.input, &action) {
                    self.search(model);
                }
                Outcome::stay()
            }
        }
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        // Its search is a text field: the text section's keys.
        let key = |c: Command| cx.keymap.hint(Mode::Text, c);
        let decisions = &cx.model.session.decisions;
        let area = centred(screen, 100, screen.height.saturating_sub(4).max(8));
        let title = format!(
            " Decision log · {} of {} · type to search ",
            self.shown.len(),
            decisions.len()
        );
        let inner = open(frame, theme, area, title);
        let [input, list, hint] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Min(0),
            Constraint::Length(1),
        ])
        .areas(inner);
        draw_input(frame, theme, &self.input, input);
        let width = list.width as usize;
        let height = list.height as usize;
        let start = self.selected.saturating_sub(height.saturating_sub(1));
        let mut lines = Vec::new();
        for (k, &i) in self.shown.iter().enumerate().skip(start).take(height) {
            let d = &decisions[i];
            let at = d.at.datetime().format("%Y-%m-%d %H:%M").to_string();
            let head = format!(
                "{at} {} {} ",
                one_line(d.control.as_deref().unwrap_or("session")),
                one_line(&d.by)
            );
            let rest = width.saturating_sub(unicode_width::UnicodeWidthStr::width(head.as_str()));
            let mut line = Line::from(vec![
                Span::styled(head, theme.muted()),
                Span::raw(fit(&one_line(&d.text), rest)),
            ]);
            if k == self.selected {
                line = line.style(theme.selected());
            }
            lines.push(line);
        }
        if self.shown.is_empty() {
            lines.push(Line::styled(
                if decisions.is_empty() {
                    "nothing logged yet (l on the list adds an entry)"
                } else {
                    "no entry matches"
                },
                theme.muted(),
            ));
        }
        frame.render_widget(Paragraph::new(lines), list);
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "{}{} choose · {} shows its control · {} closes",
                    key(Command::PreviousField),
                    key(Command::NextField),
                    key(Command::Confirm),
                    key(Command::Cancel)
                ),
                theme.muted(),
            )),
            hint,
        );
    }

    fn input_mode(&self) -> InputMode {
        InputMode::Text
    }
}
