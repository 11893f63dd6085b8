//! The decision log's entry line: one sentence, recorded with who, when and the control it was
//! opened on.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_textarea::{CursorMove, TextArea};

use crate::sanitise::one_line;
use crate::session::{Decision, Edit};
use crate::tui::action::{Action, Command};
use crate::tui::draw::{centred, draw_input, open};
use crate::tui::keymap::Mode;
use crate::tui::line_edit::{edit_field, input_text};
use crate::tui::model::Model;
use crate::tui::room::{Context, InputMode, Outcome, Room};

pub struct DecisionPopup {
    /// The control selected when the popup opened, if any.
    pub control: Option<String>,
    pub input: TextArea<'static>,
}

impl DecisionPopup {
    pub fn new(control: Option<String>) -> DecisionPopup {
        DecisionPopup {
            control,
            input: TextArea::default(),
        }
    }
}

impl Room for DecisionPopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        match action {
            Action::Command(Command::Cancel) => Outcome::close(),
            Action::Command(Command::Confirm) => {
                let text = input_text(&self.input).trim().to_string();
                if text.is_empty() {
                    return Outcome::close();
                }
                let decision = Decision {
                    at: model.now(),
                    by: model.user.clone(),
                    control: self.control.clone(),
                    text,
                };
                let index = model.session.decisions.len();
                if model.apply_edit(Edit::InsertDecision { index, decision }) {
                    model.message = Some("decision logged".into());
                }
                Outcome::close()
            }
            Action::Command(Command::AcceptSuggestion) => {
                self.input.move_cursor(CursorMove::Forward);
                Outcome::stay()
            }
            _ => {
                edit_field(&mut self.input, &action);
                Outcome::stay()
            }
        }
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let area = centred(screen, 70, 5);
        let control = self.control.as_deref().unwrap_or_default();
        let inner = open(
            frame,
            theme,
            area,
            format!(" Decision log · {} ", one_line(control)),
        );
        let [text, hint] =
            Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(inner);
        draw_input(frame, theme, &self.input, text);
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "{} records it · {} cancels",
                    cx.keymap.hint(Mode::Text, Command::Confirm),
                    cx.keymap.hint(Mode::Text, Command::Cancel)
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
