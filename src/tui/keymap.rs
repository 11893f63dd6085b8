//! Key bindings: defaults in code, per mode, and an optional `keymap.ron` in the config folder
//! that overrides only the commands it names. Key presses and repeats count, releases do not,
//! and Shift is folded into the character: both decided here, once.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::Deserialize;

use super::action::Command;
use crate::location::{Located, find_string_literal, line_column};

/// Which set of bindings applies: the list screen, or any popup on top of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Mode {
    Workshop,
    Popup,
}

impl Mode {
    pub fn name(self) -> &'static str {
        match self {
            Mode::Workshop => "workshop",
            Mode::Popup => "popup",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    pub alt: bool,
}

impl Key {
    /// Normalises a key event; `None` for releases.
    pub fn from_event(event: &KeyEvent) -> Option<Key> {
        if event.kind == KeyEventKind::Release {
            return None;
        }
        let code = match event.code {
            // Shift is already in the character's case.
            KeyCode::Char(c) => KeyCode::Char(c),
            KeyCode::BackTab => KeyCode::BackTab,
            KeyCode::Tab if event.modifiers.contains(KeyModifiers::SHIFT) => KeyCode::BackTab,
            other => other,
        };
        Some(Key {
            code,
            ctrl: event.modifiers.contains(KeyModifiers::CONTROL),
            alt: event.modifiers.contains(KeyModifiers::ALT),
        })
    }

    pub fn parse(text: &str) -> Option<Key> {
        let mut ctrl = false;
        let mut alt = false;
        let mut rest = text;
        loop {
            if let Some(r) = rest.strip_prefix("ctrl-") {
                ctrl = true;
                rest = r;
            } else if let Some(r) = rest.strip_prefix("alt-") {
                alt = true;
                rest = r;
            } else {
                break;
            }
        }
        let code = match rest {
            "enter" => KeyCode::Enter,
            "esc" => KeyCode::Esc,
            "tab" => KeyCode::Tab,
            "backtab" | "shift-tab" => KeyCode::BackTab,
            "backspace" => KeyCode::Backspace,
            "delete" => KeyCode::Delete,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "pageup" | "pgup" => KeyCode::PageUp,
            "pagedown" | "pgdn" => KeyCode::PageDown,
            "space" => KeyCode::Char(' '),
            f if f.starts_with('f') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
            c if c.chars().count() == 1 => KeyCode::Char(c.chars().next()?),
            _ => return None,
        };
        Some(Key { code, ctrl, alt })
    }

    /// How the help overlay writes the key.
    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::BackTab => "Shift-Tab".to_string(),
            KeyCode::Backspace => "Backspace".to_string(),
            KeyCode::Delete => "Delete".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::Left => "←".to_string(),
            KeyCode::Right => "→".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            KeyCode::F(n) => format!("F{n}"),
            _ => "?".to_string(),
        };
        let mut label = String::new();
        if self.ctrl {
            label.push_str("Ctrl-");
        }
        if self.alt {
            label.push_str("Alt-");
        }
        label.push_str(&base);
        label
    }
}

/// The live bindings.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<Mode, Vec<(Command, Vec<Key>)>>,
}

const WORKSHOP_DEFAULTS: &[(Command, &[&str])] = &[
    (Command::Walk, &["w"]),
    (Command::Edit, &["enter"]),
    (Command::OpenJump, &["/"]),
    (Command::SelectNext, &["down", "j"]),
    (Command::SelectPrevious, &["up", "k"]),
    (Command::PageDown, &["pgdn", "ctrl-d"]),
    (Command::PageUp, &["pgup", "ctrl-u"]),
    (Command::SelectFirst, &["home", "g"]),
    (Command::SelectLast, &["end", "G"]),
    (Command::NextUnassessed, &["n"]),
    (Command::ScrollDetailDown, &["J", "ctrl-e"]),
    (Command::ScrollDetailUp, &["K", "ctrl-y"]),
    (Command::ToggleFlag, &["p"]),
    (Command::ResolveConflict, &["c"]),
    (Command::LogDecision, &["l"]),
    (Command::ReadDecisions, &["L"]),
    (Command::OpenFilter, &["f"]),
    (Command::ToggleDashboard, &["d"]),
    (Command::TogglePresenter, &["P"]),
    (Command::EditMetadata, &["m"]),
    (Command::Export, &["e"]),
    (Command::Undo, &["u"]),
    (Command::Redo, &["ctrl-r"]),
    (Command::Save, &["ctrl-s"]),
    (Command::Help, &["?", "f1"]),
    (Command::Quit, &["q", "ctrl-c"]),
];

const POPUP_DEFAULTS: &[(Command, &[&str])] = &[
    (Command::Confirm, &["enter"]),
    (Command::Cancel, &["esc", "ctrl-c"]),
    (Command::Skip, &["tab"]),
    (Command::Back, &["backtab"]),
    (Command::NextField, &["tab", "down"]),
    (Command::PreviousField, &["backtab", "up"]),
    (Command::SelectNext, &["down"]),
    (Command::SelectPrevious, &["up"]),
    (Command::AcceptSuggestion, &["right"]),
    // A one-line text box has no selection to cut, so Ctrl-x is free even while typing.
    (Command::RemoveRecord, &["ctrl-x"]),
    (Command::ResolveConflict, &["ctrl-o"]),
    (Command::Save, &["ctrl-s"]),
    (Command::Undo, &["ctrl-z"]),
    (Command::Redo, &["ctrl-r"]),
    (Command::Help, &["f1"]),
    (Command::NextControl, &["pgdn"]),
    (Command::PreviousControl, &["pgup"]),
    (Command::OpenJump, &["ctrl-g"]),
    (Command::ToggleDepth, &["ctrl-t"]),
    (Command::Park, &["ctrl-p"]),
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    #[serde(default)]
    workshop: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    popup: BTreeMap<String, Vec<String>>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let build = |defaults: &[(Command, &[&str])]| {
            defaults
                .iter()
                .map(|(c, keys)| (*c, keys.iter().filter_map(|k| Key::parse(k)).collect()))
                .collect()
        };
        let mut bindings = BTreeMap::new();
        bindings.insert(Mode::Workshop, build(WORKSHOP_DEFAULTS));
        bindings.insert(Mode::Popup, build(POPUP_DEFAULTS));
        Keymap { bindings }
    }
}

impl Keymap {
    /// The defaults with a user's file applied on top. A bad file is an error with its place.
    pub fn from_file(path: &Path) -> Result<Keymap, Located> {
        let file = path.display().to_string();
        use crate::textfile::{MAX_KEYMAP_BYTES, ReadError, read_text};
        let text =
            read_text(path, MAX_KEYMAP_BYTES, "a gapwalk keymap in RON").map_err(|e| match e {
                ReadError::Io(e) => {
                    Located::new(&file, 1, 1, format!("cannot read the keymap: {e}"))
                }
                ReadError::Invalid(located) => located,
            })?;
        Keymap::from_ron(&text, &file)
    }

    pub fn from_ron(text: &str, file: &str) -> Result<Keymap, Located> {
        let parsed: KeymapFile = ron::Options::default()
            .from_str(text)
            .map_err(|e| Located::from_ron(file, text, &e))?;
        let mut keymap = Keymap::default();
        for (mode, table) in [
            (Mode::Workshop, &parsed.workshop),
            (Mode::Popup, &parsed.popup),
        ] {
            for (name, keys) in table {
                let at = |value: &str| {
                    let offset = find_string_literal(text, value, 0).unwrap_or(0);
                    line_column(text, offset)
                };
                let Some(command) = Command::from_name(name) else {
                    let (line, column) = at(name);
                    let names: Vec<&str> = Command::ALL.iter().map(|c| c.name()).collect();
                    return Err(Located::new(
                        file,
                        line,
                        column,
                        format!(
                            "unknown command {name:?}; expected one of: {}",
                            names.join(", ")
                        ),
                    ));
                };
                let mut parsed_keys = Vec::new();
                for key in keys {
                    match Key::parse(key) {
                        Some(k) => parsed_keys.push(k),
                        None => {
                            let (line, column) = at(key);
                            return Err(Located::new(
                                file,
                                line,
                                column,
                                format!(
                                    "cannot read key {key:?}; write a character (\"w\", \"?\"), a name (enter, esc, tab, backtab, up, down, left, right, home, end, pgup, pgdn, space, f1) or ctrl-/alt- and one of those"
                                ),
                            ));
                        }
                    }
                }
                let list = keymap.bindings.entry(mode).or_default();
                match list.iter_mut().find(|(c, _)| *c == command) {
                    Some(entry) => entry.1 = parsed_keys,
                    None => list.push((command, parsed_keys)),
                }
            }
        }
        // A keymap that leaves no key to quit the workshop (`"quit": []`) would trap the user.
        if keymap
            .bindings(Mode::Workshop)
            .iter()
            .all(|(c, keys)| *c != Command::Quit || keys.is_empty())
        {
            let offset = text.find("quit").unwrap_or(0);
            let (line, column) = line_column(text, offset);
            return Err(Located::new(
                file,
                line,
                column,
                "\"quit\" needs at least one key (e.g. [\"q\"]); without one there is no way out of the workshop",
            ));
        }
        Ok(keymap)
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
        self.bindings(mode)
            .iter()
            .find(|(c, _)| *c == command)
            .and_then(|(_, keys)| keys.first())
            .map(Key::label)
            .unwrap_or_else(|| "(unbound)".into())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::KeyEventState;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> Key {
        Key::from_event(&KeyEvent {
            code,
            modifiers,
            kind: KeyEventKind::Press,
            state: KeyEventState::NONE,
        })
        .unwrap()
    }

    #[test]
    fn defaults_and_shift_folding() {
        let km = Keymap::default();
        assert_eq!(
            km.commands(
                Mode::Workshop,
                &press(KeyCode::Char('P'), KeyModifiers::SHIFT)
            ),
            [Command::TogglePresenter]
        );
        assert_eq!(
            km.commands(
                Mode::Workshop,
                &press(KeyCode::Char('r'), KeyModifiers::CONTROL)
            ),
            [Command::Redo]
        );
        assert_eq!(
            km.commands(Mode::Popup, &press(KeyCode::Tab, KeyModifiers::SHIFT)),
            [Command::Back, Command::PreviousField]
        );
    }

    #[test]
    fn a_user_file_overrides_only_what_it_names() {
        let km = Keymap::from_ron(r#"(workshop: {"walk": ["W", "ctrl-w"]})"#, "k.ron").unwrap();
        let w = press(KeyCode::Char('w'), KeyModifiers::NONE);
        assert!(km.commands(Mode::Workshop, &w).is_empty());
        assert_eq!(
            km.commands(
                Mode::Workshop,
                &press(KeyCode::Char('W'), KeyModifiers::SHIFT)
            ),
            [Command::Walk]
        );
        assert_eq!(km.hint(Mode::Workshop, Command::Quit), "q");
    }

    #[test]
    fn a_bad_file_names_the_place_and_the_choices() {
        let err = Keymap::from_ron("(workshop: {\n  \"wlak\": [\"w\"]})", "k.ron").unwrap_err();
        assert_eq!((err.line, err.column), (2, 3));
        assert!(err.message.contains("unknown command \"wlak\""));
        let err = Keymap::from_ron("(popup: {\"skip\": [\"hyper-x\"]})", "k.ron").unwrap_err();
        assert!(err.to_string().starts_with("k.ron:1:19: cannot read key"));
        let err = Keymap::from_ron("(colours: {})", "k.ron").unwrap_err();
        assert!(err.message.contains("unknown field `colours`"));
    }
}
