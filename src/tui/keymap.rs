//! Key bindings: defaults in code, one section per context of the screen (the control list,
//! the walk, the forms, the jump popup, the export dialog, other popups, a text field, the
//! start screen), and an optional `keymap.ron` in the config folder that overrides only the
//! commands it names. `crate::tui::input::mode` picks the context from the state (the start
//! screen's is always `start`). In a text field only the keys its section lists are commands;
//! every other key is typing. Key presses and repeats count, releases do not, and Shift is
//! folded into the character: both decided here, once.

use std::collections::BTreeMap;
use std::path::Path;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};
use serde::Deserialize;

use super::action::Command;
use crate::location::{Located, line_column};

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

/// The live bindings: in each context, each key is one command at most.
#[derive(Debug, Clone)]
pub struct Keymap {
    bindings: BTreeMap<Mode, Vec<(Command, Vec<Key>)>>,
    /// What the user's file does that they may not expect, said before the workshop starts.
    warnings: Vec<String>,
}

const LIST_DEFAULTS: &[(Command, &[&str])] = &[
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

/// Every popup context and a text field start from these: no printable key among them, so a
/// text field types every character. Each popup takes the commands it has a use for.
const POPUP_DEFAULTS: &[(Command, &[&str])] = &[
    (Command::Confirm, &["enter"]),
    (Command::Cancel, &["esc", "ctrl-c"]),
    (Command::Skip, &["tab"]),
    (Command::Back, &["backtab"]),
    (Command::NextField, &["down"]),
    (Command::PreviousField, &["up"]),
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

/// The start screen's keys. Its printable keys act on the list of sessions only: in the
/// new-session form and the path box they type.
const START_DEFAULTS: &[(Command, &[&str])] = &[
    (Command::SelectNext, &["down", "j"]),
    (Command::SelectPrevious, &["up", "k"]),
    (Command::Confirm, &["enter"]),
    (Command::Cancel, &["esc"]),
    (Command::Skip, &["tab"]),
    (Command::Back, &["backtab"]),
    (Command::NewSession, &["n"]),
    (Command::OpenFile, &["o"]),
    (Command::Help, &["?", "f1"]),
    (Command::Quit, &["q", "ctrl-c"]),
];

/// The other popups (no text field of their own has the keys there) also take Space: it ticks
/// an entry of a checklist.
const DIALOG_EXTRA: &[(Command, &[&str])] = &[(Command::Toggle, &["space"])];

fn defaults(mode: Mode) -> impl Iterator<Item = &'static (Command, &'static [&'static str])> {
    let (own, extra) = match mode {
        Mode::List => (LIST_DEFAULTS, &[][..]),
        Mode::Start => (START_DEFAULTS, &[][..]),
        Mode::Dialog => (POPUP_DEFAULTS, DIALOG_EXTRA),
        Mode::Walk | Mode::Form | Mode::Jump | Mode::Export | Mode::Text => {
            (POPUP_DEFAULTS, &[][..])
        }
    };
    own.iter().chain(extra)
}

/// A user's keymap file: one table of `command: [keys]` per context. `workshop` is the old
/// name of `list`; `popup` (the old second section) applies to every popup context, not to a
/// text field.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct KeymapFile {
    #[serde(default)]
    workshop: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    popup: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    list: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    walk: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    form: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    jump: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    export: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    dialog: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    text: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    start: BTreeMap<String, Vec<String>>,
}

/// One section of the file, read.
struct Section {
    /// The section's name in the file.
    name: &'static str,
    bindings: Vec<(Command, Vec<Key>)>,
    /// Where each binding is in the file, beside `bindings`: the command's quoted name and each
    /// key's quoted text (byte offsets).
    places: Vec<(usize, Vec<usize>)>,
}

impl Default for Keymap {
    fn default() -> Keymap {
        let bindings = Mode::ALL
            .into_iter()
            .map(|mode| {
                let list = defaults(mode)
                    .map(|(c, keys)| (*c, keys.iter().filter_map(|k| Key::parse(k)).collect()))
                    .collect();
                (mode, list)
            })
            .collect();
        Keymap {
            bindings,
            warnings: Vec::new(),
        }
    }
}

/// A key that types a character in a text field.
pub fn is_printable(key: &Key) -> bool {
    matches!(key.code, KeyCode::Char(_)) && !key.ctrl && !key.alt
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

    /// Reads a keymap file. A section applies over the defaults of its contexts, the old
    /// `popup` section first and a context's own section last; a key a section binds is taken
    /// from whatever command had it before. One key bound to two commands in one section is
    /// refused with its place.
    pub fn from_ron(text: &str, file: &str) -> Result<Keymap, Located> {
        let parsed: KeymapFile = ron::Options::default()
            .from_str(text)
            .map_err(|e| Located::from_ron(file, text, &e))?;
        let read = |name: &'static str, table: &BTreeMap<String, Vec<String>>| {
            read_section(text, file, name, table)
        };
        let workshop = read("workshop", &parsed.workshop)?;
        let list = read("list", &parsed.list)?;
        let popup = read("popup", &parsed.popup)?;
        let own = [
            (Mode::Walk, read("walk", &parsed.walk)?),
            (Mode::Form, read("form", &parsed.form)?),
            (Mode::Jump, read("jump", &parsed.jump)?),
            (Mode::Export, read("export", &parsed.export)?),
            (Mode::Dialog, read("dialog", &parsed.dialog)?),
            (Mode::Text, read("text", &parsed.text)?),
            (Mode::Start, read("start", &parsed.start)?),
        ];
        let mut keymap = Keymap::default();
        keymap.apply(Mode::List, &workshop);
        keymap.apply(Mode::List, &list);
        // The jump popup's search is a text field too: a printable key types there.
        let popup_typing = Section {
            name: popup.name,
            places: Vec::new(),
            bindings: popup
                .bindings
                .iter()
                .map(|(c, keys)| {
                    (
                        *c,
                        keys.iter().copied().filter(|k| !is_printable(k)).collect(),
                    )
                })
                .collect(),
        };
        for mode in Mode::POPUPS {
            let section = if mode == Mode::Jump {
                &popup_typing
            } else {
                &popup
            };
            keymap.apply(mode, section);
        }
        for (mode, section) in &own {
            keymap.apply(*mode, section);
        }
        // A text field's own section, and the jump popup's (its search is typed into), take a
        // printable key away from typing: allowed, since the user asked, but said.
        for (mode, section) in &own {
            if !matches!(mode, Mode::Text | Mode::Jump) {
                continue;
            }
            for (command, keys) in &section.bindings {
                for key in keys.iter().filter(|k| is_printable(k)) {
                    keymap.warnings.push(format!(
                        "{file}: {} binds the printable key {:?} to {}: {} it no longer types that character",
                        mode.name(),
                        key.label(),
                        command.name(),
                        if *mode == Mode::Text {
                            "in a text field"
                        } else {
                            "in the jump popup's search"
                        }
                    ));
                }
            }
        }
        for (command, keys) in &popup.bindings {
            for key in keys.iter().filter(|k| is_printable(k)) {
                keymap.warnings.push(format!(
                    "{file}: popup binds the printable key {:?} to {}: it is a command in popups, but in a text field and in the jump popup's search it types (bind commands for text fields under text)",
                    key.label(),
                    command.name()
                ));
            }
        }
        // A keymap that leaves no key to quit the workshop or the start screen would trap the
        // user: refused at the binding that left quit without a key.
        let start = own
            .iter()
            .find(|(mode, _)| *mode == Mode::Start)
            .map(|(_, section)| section)
            .expect("the start section is read");
        for (mode, sections, place) in [
            (Mode::List, [&workshop, &list].as_slice(), "the workshop"),
            (Mode::Start, [start].as_slice(), "the start screen"),
        ] {
            let trapped = keymap
                .bindings(mode)
                .iter()
                .all(|(c, keys)| *c != Command::Quit || keys.is_empty());
            if trapped {
                let (offset, message) = match quit_emptied(mode, sections) {
                    Some(QuitEmptied::Empty { at }) => (
                        at + 1,
                        format!(
                            "\"quit\" needs at least one key (e.g. [\"q\"]); without one there is no way out of {place}"
                        ),
                    ),
                    Some(QuitEmptied::Taken {
                        section,
                        command,
                        key,
                        at,
                    }) => (
                        at,
                        format!(
                            "{section}: binding {:?} to {} leaves quit without a key (its other keys are bound to other commands as well); there would be no way out of {place}: give quit a key of its own (e.g. \"quit\": [\"ctrl-q\"])",
                            key.label(),
                            command.name()
                        ),
                    ),
                    None => (
                        0,
                        format!("quit has no key; there would be no way out of {place}"),
                    ),
                };
                let (line, column) = line_column(text, offset);
                return Err(Located::new(file, line, column, message));
            }
        }
        Ok(keymap)
    }

    /// Binds a section's commands in one context: each named command gets exactly the keys
    /// named, and loses them from any other command of that context.
    fn apply(&mut self, mode: Mode, section: &Section) {
        let list = self.bindings.entry(mode).or_default();
        for (command, keys) in &section.bindings {
            for (other, other_keys) in list.iter_mut() {
                if other != command {
                    other_keys.retain(|k| !keys.contains(k));
                }
            }
            match list.iter_mut().find(|(c, _)| c == command) {
                Some(entry) => entry.1 = keys.clone(),
                None => list.push((*command, keys.clone())),
            }
        }
    }

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

/// What left a context's quit without a key, for the error that refuses the keymap.
enum QuitEmptied {
    /// A section binds quit to no key (`"quit": []`); `at` is its quoted name.
    Empty { at: usize },
    /// A section binds quit's last key to another command; `at` is the key's quoted text.
    Taken {
        section: &'static str,
        command: Command,
        key: Key,
        at: usize,
    },
}

/// Replays the sections applied to a context, as [`Keymap::apply`] does, following quit's keys
/// only: the last step that left it without a key, if any did.
fn quit_emptied(mode: Mode, sections: &[&Section]) -> Option<QuitEmptied> {
    let mut keys: Vec<Key> = defaults(mode)
        .filter(|(c, _)| *c == Command::Quit)
        .flat_map(|(_, keys)| keys.iter().filter_map(|k| Key::parse(k)))
        .collect();
    let mut cause = None;
    for section in sections {
        for ((command, bound), (at, key_places)) in section.bindings.iter().zip(&section.places) {
            if *command == Command::Quit {
                keys = bound.clone();
                cause = keys.is_empty().then_some(QuitEmptied::Empty { at: *at });
                continue;
            }
            for (key, at) in bound.iter().zip(key_places) {
                if keys.contains(key) {
                    keys.retain(|k| k != key);
                    if keys.is_empty() {
                        cause = Some(QuitEmptied::Taken {
                            section: section.name,
                            command: *command,
                            key: *key,
                            at: *at,
                        });
                    }
                }
            }
        }
    }
    cause
}

/// Where a section of a keymap file starts: its name followed by a colon.
fn section_start(text: &str, name: &str) -> Option<usize> {
    text.match_indices(name)
        .find(|(i, _)| text[i + name.len()..].trim_start().starts_with(':'))
        .map(|(i, _)| i)
}

/// Reads one section of a keymap file, checking every name and key, and that no key is bound
/// to two commands in it. Places are found by the quoted text in the file.
fn read_section(
    text: &str,
    file: &str,
    name: &'static str,
    table: &BTreeMap<String, Vec<String>>,
) -> Result<Section, Located> {
    // Where the section starts, so places are looked for inside it.
    let start = section_start(text, name).unwrap_or(0);
    let place = |value: &str, from: usize| -> (usize, usize, usize) {
        let offset = text[from..]
            .find(&format!("\"{value}\""))
            .map_or(from, |i| from + i);
        let (line, column) = line_column(text, offset);
        (offset, line, column)
    };
    // In the file's order, so a key bound twice is reported where it is bound the second time.
    let mut entries: Vec<(usize, &String, &Vec<String>)> = table
        .iter()
        .map(|(name, keys)| (place(name, start).0, name, keys))
        .collect();
    entries.sort_by_key(|(offset, _, _)| *offset);
    let mut bindings: Vec<(Command, Vec<Key>)> = Vec::new();
    let mut places = Vec::new();
    for (_, command_name, keys) in entries {
        let (at_command, line, column) = place(command_name, start);
        let Some(command) = Command::from_name(command_name) else {
            let names: Vec<&str> = Command::ALL.iter().map(|c| c.name()).collect();
            return Err(Located::new(
                file,
                line,
                column,
                format!(
                    "unknown command {command_name:?}; expected one of: {}",
                    names.join(", ")
                ),
            ));
        };
        let mut parsed = Vec::new();
        let mut key_places = Vec::new();
        for key_text in keys {
            let (at_key, line, column) = place(key_text, at_command);
            let Some(key) = Key::parse(key_text) else {
                return Err(Located::new(
                    file,
                    line,
                    column,
                    format!(
                        "cannot read key {key_text:?}; write a character (\"w\", \"?\"), a name (enter, esc, tab, backtab, up, down, left, right, home, end, pgup, pgdn, space, f1) or ctrl-/alt- and one of those"
                    ),
                ));
            };
            if let Some((other, _)) = bindings.iter().find(|(_, ks)| ks.contains(&key)) {
                return Err(Located::new(
                    file,
                    line,
                    column,
                    format!(
                        "{name}: the key {:?} is bound to both {} and {}; one key does one thing in a context",
                        key.label(),
                        other.name(),
                        command.name()
                    ),
                ));
            }
            if !parsed.contains(&key) {
                parsed.push(key);
                key_places.push(at_key);
            }
        }
        bindings.push((command, parsed));
        places.push((at_command, key_places));
    }
    Ok(Section {
        name,
        bindings,
        places,
    })
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
            km.commands(Mode::List, &press(KeyCode::Char('P'), KeyModifiers::SHIFT)),
            [Command::TogglePresenter]
        );
        assert_eq!(
            km.commands(
                Mode::List,
                &press(KeyCode::Char('r'), KeyModifiers::CONTROL)
            ),
            [Command::Redo]
        );
        assert_eq!(
            km.commands(Mode::Walk, &press(KeyCode::Tab, KeyModifiers::SHIFT)),
            [Command::Back]
        );
    }

    #[test]
    fn a_user_file_overrides_only_what_it_names() {
        let km = Keymap::from_ron(r#"(workshop: {"walk": ["W", "ctrl-w"]})"#, "k.ron").unwrap();
        let w = press(KeyCode::Char('w'), KeyModifiers::NONE);
        assert!(km.commands(Mode::List, &w).is_empty());
        assert_eq!(
            km.commands(Mode::List, &press(KeyCode::Char('W'), KeyModifiers::SHIFT)),
            [Command::Walk]
        );
        assert_eq!(km.hint(Mode::List, Command::Quit), "q");
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
