//! The live bindings: which section applies ([`Mode`]), and what a key does in it, for input,
//! hints and the help overlay.

use std::collections::BTreeMap;

use super::keys::{Key, is_printable};
use crate::tui::action::Command;

/// Which section of bindings applies: the context the keys are pressed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    /// The control list (the file's `list`, formerly `workshop`).
    List,
    Walk,
    /// The edit form and the session details form, while no text field is open.
    Form,
    Jump,
    Export,
    /// Every other popup: help, filter, conflicts, the safety questions.
    Dialog,
    /// A text field being edited: only what is listed here is a command.
    Text,
    /// The start screen (recent sessions, the new-session form, a path to open). While one of
    /// its text boxes has the keys, printable keys type there and only its other keys are
    /// commands.
    Start,
}

impl Mode {
    pub const ALL: [Mode; 8] = [
        Mode::List,
        Mode::Walk,
        Mode::Form,
        Mode::Jump,
        Mode::Export,
        Mode::Dialog,
        Mode::Text,
        Mode::Start,
    ];

    /// The contexts a keymap file's `popup` section applies to.
    pub const POPUPS: [Mode; 5] = [
        Mode::Walk,
        Mode::Form,
        Mode::Jump,
        Mode::Export,
        Mode::Dialog,
    ];

    /// The section's name in `keymap.ron`.
    pub fn name(self) -> &'static str {
        match self {
            Mode::List => "list",
            Mode::Walk => "walk",
            Mode::Form => "form",
            Mode::Jump => "jump",
            Mode::Export => "export",
            Mode::Dialog => "dialog",
            Mode::Text => "text",
            Mode::Start => "start",
        }
    }

    /// How the help overlay heads the section.
    pub fn title(self) -> &'static str {
        match self {
            Mode::List => "On the control list",
            Mode::Walk => "In the walk",
            Mode::Form => "In the forms",
            Mode::Jump => "In the jump popup",
            Mode::Export => "In the export dialog",
            Mode::Dialog => "In other popups",
            Mode::Text => "In a text field (every other key types)",
            Mode::Start => "On the start screen",
        }
    }
}

/// The live bindings: in each context, each key is one command at most.
#[derive(Debug, Clone)]
pub struct Keymap {
    pub(super) bindings: BTreeMap<Mode, Vec<(Command, Vec<Key>)>>,
    /// What the user's file does that they may not expect, said before the workshop starts.
    pub(super) warnings: Vec<String>,
}

impl Keymap {
    /// What the user's file does that they may not expect, one line each.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }

    /// Where a user's keymap lives.
    pub fn user_file() -> Option<std::path::PathBuf> {
        directories::ProjectDirs::from("", "", "gapwalk").map(|d| d.config_dir().join("keymap.ron"))
    }

    /// Commands bound to a key in a mode, in binding order.
    pub fn commands(&self, mode: Mode, key: &Key) -> Vec<Command> {
        self.bindings
            .get(&mode)
            .map(|list| {
                list.iter()
                    .filter(|(_, keys)| keys.contains(key))
                    .map(|(c, _)| *c)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The bindings of a mode, for the help overlay.
    pub fn bindings(&self, mode: Mode) -> &[(Command, Vec<Key>)] {
        self.bindings.get(&mode).map_or(&[], |v| v.as_slice())
    }

    /// The first key of a command, for hints (`w walk`).
    pub fn hint(&self, mode: Mode, command: Command) -> String {
        self.keys(mode, command)
            .first()
            .map(Key::label)
            .unwrap_or_else(|| "(unbound)".into())
    }

    /// The first key of a command that does not type a character, for hints shown while a text
    /// box has the keys (the start screen's F1 where `?` would type).
    pub fn hint_while_typing(&self, mode: Mode, command: Command) -> String {
        self.keys(mode, command)
            .iter()
            .find(|k| !is_printable(k))
            .map(Key::label)
            .unwrap_or_else(|| "(unbound)".into())
    }

    /// Every key of a command in a mode, in binding order.
    pub fn keys(&self, mode: Mode, command: Command) -> &[Key] {
        self.bindings(mode)
            .iter()
            .find(|(c, _)| *c == command)
            .map_or(&[], |(_, keys)| keys.as_slice())
    }
}
