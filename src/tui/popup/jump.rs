//! The fuzzy jump: type part of an id, a title or a recorded note, pick a control. Choosing one
//! asks the list to show it (leaving a filter that hides it).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::{CursorMove, TextArea};

use crate::search::{Hit, Searcher, haystack_line};
use crate::tui::action::{Action, Command};
use crate::tui::draw::{centred, draw_input, fit, open};
use crate::tui::line_edit::{edit_field, input_text};
use crate::tui::model::Model;
use crate::tui::room::{Context, InputMode, Outcome, Request, Room};

/// How many ranked controls the list holds.
const JUMP_LIMIT: usize = 200;

pub struct JumpPopup {
    pub input: TextArea<'static>,
    pub searcher: Searcher,
    pub hits: Vec<Hit>,
    pub selected: usize,
    /// Opened from the walk: the pick becomes the walk's next control, the filter stays.
    pub for_walk: bool,
}

impl JumpPopup {
    /// In presenter view the internal notes are not searched, so the hits cannot reveal what
    /// they say.
    pub fn new(model: &Model) -> JumpPopup {
        let searcher = if model.presenter {
            Searcher::external(&model.catalogue, &model.session)
        } else {
            Searcher::new(&model.catalogue, &model.session)
        };
        let hits = searcher.rank("", JUMP_LIMIT);
        JumpPopup {
            input: TextArea::default(),
            searcher,
            hits,
            selected: 0,
            for_walk: false,
        }
    }
}

impl Room for JumpPopup {
    fn update(&mut self, _model: &mut Model, action: Action) -> Outcome {
        match action {
            Action::Command(Command::Cancel) => return Outcome::close(),
            Action::Command(Command::Confirm) => {
                let outcome = Outcome::close();
                return match self.hits.get(self.selected) {
                    Some(hit) if self.for_walk => outcome.asking(Request::WalkTo(hit.index)),
                    Some(hit) => outcome.asking(Request::Reveal(hit.index)),
                    None => outcome,
                };
            }
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                if self.selected + 1 < self.hits.len() {
                    self.selected += 1;
                }
                return Outcome::stay();
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                self.selected = self.selected.saturating_sub(1);
                return Outcome::stay();
            }
            Action::Command(Command::AcceptSuggestion) => {
                self.input.move_cursor(CursorMove::Forward);
                return Outcome::stay();
            }
            _ => {
                if !edit_field(&mut self.input, &action) {
                    return Outcome::stay();
                }
            }
        }
        self.hits = self.searcher.rank(&input_text(&self.input), JUMP_LIMIT);
        self.selected = 0;
        Outcome::stay()
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let area = centred(screen, 76, screen.height.saturating_sub(4).max(8));
        let inner = open(frame, theme, area, " Jump to a control ".into());
        let [input, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
        draw_input(frame, theme, &self.input, input);
        let width = list.width as usize;
        let height = list.height as usize;
        let start = self.selected.saturating_sub(height.saturating_sub(1));
        let mut lines = Vec::new();
        for (k, hit) in self.hits.iter().enumerate().skip(start).take(height) {
            let text: Vec<char> = fit(&haystack_line(&cx.model.catalogue, hit.index), width)
                .chars()
                .collect();
            let spans: Vec<Span> = text
                .iter()
                .enumerate()
                .map(|(p, c)| {
                    if hit.positions.contains(&p) {
                        Span::styled(c.to_string(), theme.highlight())
                    } else {
                        Span::raw(c.to_string())
                    }
                })
                .collect();
            let mut line = Line::from(spans);
            if let Some(source) = hit.matched_in {
                line.push_span(Span::styled(format!("  ({source})"), theme.muted()));
            }
            if k == self.selected {
                line = line.style(theme.selected());
            }
            lines.push(line);
        }
        if self.hits.is_empty() {
            lines.push(Line::styled("no control matches", theme.muted()));
        }
        frame.render_widget(Paragraph::new(lines), list);
    }

    fn input_mode(&self) -> InputMode {
        InputMode::Text
    }
}
