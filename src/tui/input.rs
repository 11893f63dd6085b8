//! Turns terminal events into actions, in one place: which section of the keymap applies
//! (`mode`, the one function of the state that says), digits in choices, typing in text
//! fields, paste and resize; for the workshop (`translate`) and the start screen
//! (`translate_start`).

use ratatui::crossterm::event::{Event, KeyCode, MouseButton, MouseEventKind};

use super::action::{Action, Command};
use super::app::App;
use super::keymap::{Key, Mode, is_printable};
use super::popup::{InputMode, Popup, typing_or};
use super::start::{StartFocus, StartScreen};

/// The context keys are pressed in, from the state: the control list, or the popup on top.
pub fn mode(app: &App) -> Mode {
    app.popups.last().map_or(Mode::List, popup_mode)
}

/// The context of a popup: a text field being typed in (where only the text section's keys
/// are commands), or the popup's own. The jump popup is a text field with commands of its own.
pub fn popup_mode(popup: &Popup) -> Mode {
    let own = match popup {
        Popup::Jump(_) => return Mode::Jump,
        Popup::Walk(_) => Mode::Walk,
        Popup::Form(_) | Popup::Metadata(_) => Mode::Form,
        Popup::Export(_) => Mode::Export,
        _ => Mode::Dialog,
    };
    typing_or(own, popup.input_mode())
}

pub fn translate(app: &App, event: Event) -> Option<Action> {
    match event {
        Event::Key(event) => {
            let key = Key::from_event(&event)?;
            let mode = mode(app);
            let command = app.keymap.commands(mode, &key).first().copied();
            // `?` (the workshop's help key) also shows and hides help over a popup, wherever
            // no text box has the keys; F1 is bound in every mode.
            let command = command.or_else(|| {
                (mode != Mode::List
                    && app.input_mode() != InputMode::Text
                    && app
                        .keymap
                        .commands(Mode::List, &key)
                        .contains(&Command::Help))
                .then_some(Command::Help)
            });
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

/// The start screen's keys, through the keymap's `start` section. A key that types nothing is
/// its command there wherever it is pressed; a printable key is a command on the list only: in a
/// text box it types, on a choice row a digit picks an option (and the help key shows help),
/// and while help shows or the form asks whether to discard it, it is the answer.
pub fn translate_start(screen: &StartScreen, event: Event) -> Option<Action> {
    match event {
        Event::Key(event) => {
            let key = Key::from_event(&event)?;
            let command = screen.keymap().commands(Mode::Start, &key).first().copied();
            if !is_printable(&key) {
                return Some(command.map_or(Action::Type(event), Action::Command));
            }
            match screen.focus() {
                StartFocus::List => command.map(Action::Command),
                StartFocus::Text | StartFocus::Help => Some(Action::Type(event)),
                StartFocus::Question { on_text_row } => Some(
                    command
                        .filter(|c| *c == Command::Help && !on_text_row)
                        .map_or(Action::Type(event), Action::Command),
                ),
                StartFocus::Choice => match key.code {
                    KeyCode::Char(c @ '1'..='9') => Some(Action::Choose(c as usize - '1' as usize)),
                    // Space steps to the row's next choice.
                    KeyCode::Char(' ') => Some(Action::Type(event)),
                    _ => command.filter(|c| *c == Command::Help).map(Action::Command),
                },
            }
        }
        Event::Paste(text) => Some(Action::Paste(text)),
        // The runner redraws on a resize; the screen's state does not change.
        _ => None,
    }
}
