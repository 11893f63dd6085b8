//! Turns terminal events into actions, in one place: which keymap applies, digits in choices,
//! typing in text fields, paste and resize.

use ratatui::crossterm::event::{Event, KeyCode, MouseButton, MouseEventKind};

use super::action::Action;
use super::app::App;
use super::keymap::{Key, Mode};
use super::popup::InputMode;

pub fn translate(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(event) => {
            let key = Key::from_event(&event)?;
            let mode = if app.popups.is_empty() {
                Mode::Workshop
            } else {
                Mode::Popup
            };
            let command = app.keymap.commands(mode, &key).first().copied();
            match app.input_mode() {
                InputMode::Commands => command.map(Action::Command),
                InputMode::Choice => match key.code {
                    KeyCode::Char(c @ '1'..='9') if !key.ctrl && !key.alt => {
                        Some(Action::Choose(c as usize - '1' as usize))
                    }
                    _ => command.map(Action::Command),
                },
                InputMode::Text => Some(command.map_or(Action::Type(event), Action::Command)),
                InputMode::Strict => match key.code {
                    KeyCode::Char(c @ '1'..='9') if !key.ctrl && !key.alt => {
                        Some(Action::Choose(c as usize - '1' as usize))
                    }
                    _ => Some(command.map_or(Action::Type(event), Action::Command)),
                },
            }
        }
        Event::Paste(text) => Some(Action::Paste(text)),
        Event::Resize(w, h) => Some(Action::Resize(w, h)),
        Event::Mouse(m) => match m.kind {
            MouseEventKind::Down(MouseButton::Left) => Some(Action::Click(m.column, m.row)),
            MouseEventKind::ScrollDown => Some(Action::Wheel(m.column, m.row, 1)),
            MouseEventKind::ScrollUp => Some(Action::Wheel(m.column, m.row, -1)),
            _ => None,
        },
        _ => None,
    }
}
