//! Parking a control for follow-up asks why, in one line: what must happen before the room can
//! decide. The answer is kept as the control's follow-up note, and the control is flagged.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;

use crate::sanitise::one_line;
use crate::tui::action::{Action, Command};
use crate::tui::draw::{centred, draw_input, open};
use crate::tui::keymap::Mode;
use crate::tui::line_edit::{edit_field, input_text};
use crate::tui::model::Model;
use crate::tui::room::{Context, InputMode, Outcome, Room};

pub struct ParkPopup {
    /// The catalogue index of the control being parked.
    pub control: usize,
    pub input: TextArea<'static>,
    pub error: Option<String>,
    /// The note kept from an earlier parking is internal: in presenter view the question opens
    /// empty instead of showing it, and says so.
    pub note_hidden: bool,
}

impl ParkPopup {
    pub fn new(control: usize, model: &Model) -> ParkPopup {
        let kept = model.assessment(control).follow_up;
        let note_hidden = model.presenter && !kept.trim().is_empty();
        ParkPopup {
            control,
            input: super::line_input(if note_hidden { "" } else { &kept }),
            error: None,
            note_hidden,
        }
    }
}

impl Room for ParkPopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        match action {
            Action::Command(Command::Cancel) => Outcome::close(),
            Action::Command(Command::Confirm) => {
                let why = input_text(&self.input).trim().to_string();
                if why.is_empty() {
                    self.error = Some("say in one line what must happen first".into());
                    return Outcome::stay();
                }
                let mut a = model.assessment(self.control);
                a.flagged = true;
                a.follow_up = why;
                let id = a.control.clone();
                model.commit(a);
                model.message = Some(format!("{id} parked for follow-up"));
                Outcome::close()
            }
            _ => {
                edit_field(&mut self.input, &action);
                self.error = None;
                Outcome::stay()
            }
        }
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        let theme = cx.theme;
        let area = centred(screen, 70, 6);
        let id = &cx.model.catalogue.controls[self.control].id;
        let inner = open(
            frame,
            theme,
            area,
            format!(" Park {} for follow-up: why? ", one_line(id)),
        );
        let [text, error, hint] = Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length(1),
        ])
        .areas(inner);
        draw_input(frame, theme, &self.input, text);
        if let Some(e) = &self.error {
            frame.render_widget(
                Paragraph::new(Line::styled(e.clone(), theme.error())),
                error,
            );
        } else if self.note_hidden {
            frame.render_widget(
                Paragraph::new(Line::styled(
                    "the note kept before is hidden in presenter view: this one replaces it",
                    theme.muted(),
                )),
                error,
            );
        }
        frame.render_widget(
            Paragraph::new(Line::styled(
                format!(
                    "{} parks it with this note · {} leaves it unparked",
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
