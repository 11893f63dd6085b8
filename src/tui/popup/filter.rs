//! Choosing what the control list shows. The popup lists the filters the session offers
//! (states, holders, themes, people); choosing one asks the list to apply it.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use crate::session::Holder;
use crate::tui::action::{Action, Command};
use crate::tui::draw::{centred, fit, open};
use crate::tui::model::Model;
use crate::tui::room::{Context, InputMode, Outcome, Request, Room};
use crate::tui::rows::Filter;

pub struct FilterPopup {
    pub options: Vec<Filter>,
    pub selected: usize,
}

impl FilterPopup {
    /// The filters this session offers, with `current` selected.
    pub fn new(model: &Model, current: &Filter) -> FilterPopup {
        let mut options = vec![
            Filter::All,
            Filter::Gaps,
            Filter::Unassessed,
            Filter::Flagged,
            Filter::Incomplete,
            Filter::Conflicts,
        ];
        options.extend(
            [
                Holder::Customer,
                Holder::Provider,
                Holder::Shared,
                Holder::ThirdParty,
            ]
            .into_iter()
            .map(Filter::Holder),
        );
        options.extend(
            model
                .catalogue
                .themes
                .iter()
                .map(|t| Filter::Theme(t.id.clone())),
        );
        options.extend(model.session.known_names().into_iter().map(Filter::Owner));
        let selected = options.iter().position(|f| f == current).unwrap_or(0);
        FilterPopup { options, selected }
    }

    fn choose(&self, index: usize) -> Option<Outcome> {
        let filter = self.options.get(index)?.clone();
        Some(Outcome::close().asking(Request::Filter(filter)))
    }
}

impl Room for FilterPopup {
    fn update(&mut self, _model: &mut Model, action: Action) -> Outcome {
        match action {
            Action::Command(Command::Cancel) => Outcome::close(),
            Action::Command(Command::Confirm) => {
                self.choose(self.selected).unwrap_or_else(Outcome::close)
            }
            Action::Choose(n) => self.choose(n).unwrap_or_else(Outcome::stay),
            Action::Command(Command::NextField | Command::SelectNext | Command::Skip) => {
                if self.selected + 1 < self.options.len() {
                    self.selected += 1;
                }
                Outcome::stay()
            }
            Action::Command(Command::PreviousField | Command::SelectPrevious | Command::Back) => {
                self.selected = self.selected.saturating_sub(1);
                Outcome::stay()
            }
            _ => Outcome::stay(),
        }
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let height = (self.options.len() as u16 + 2).min(screen.height);
        let area = centred(screen, 44, height);
        let inner = open(frame, theme, area, " Show ".into());
        let start = self
            .selected
            .saturating_sub((inner.height as usize).saturating_sub(1));
        let lines: Vec<Line> = self
            .options
            .iter()
            .enumerate()
            .skip(start)
            .take(inner.height as usize)
            .map(|(k, f)| {
                let key = if k < 9 {
                    format!("{} ", k + 1)
                } else {
                    "  ".into()
                };
                let line = Line::raw(fit(&format!("{key}{}", f.label()), inner.width as usize));
                if k == self.selected {
                    line.style(theme.selected())
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn input_mode(&self) -> InputMode {
        InputMode::Choice
    }
}
