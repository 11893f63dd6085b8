//! Reading a user's `keymap.ron`: its sections (with the old `workshop` and `popup` ones),
//! applied over the defaults; a bad name or key, a key bound twice in a section, or quit left
//! without a key is refused with its `file:line:col`; what may surprise is said as a warning.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::bindings::{Keymap, Mode};
use super::defaults::defaults;
use super::keys::{Key, is_printable};
use crate::location::{Located, line_column};
use crate::tui::action::Command;

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
                        others,
                    }) => {
                        let others: Vec<String> =
                            others.iter().map(|k| format!("{:?}", k.label())).collect();
                        let also = if others.is_empty() {
                            String::new()
                        } else {
                            format!(" (its other keys, {}, are taken too)", others.join(", "))
                        };
                        (
                            at,
                            format!(
                                "{section}: binding {:?} to {} leaves quit without a key{also}; there would be no way out of {place}: give quit a key of its own (e.g. \"quit\": [\"ctrl-q\"])",
                                key.label(),
                                command.name()
                            ),
                        )
                    }
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
}

/// What left a context's quit without a key, for the error that refuses the keymap.
enum QuitEmptied {
    /// A section binds quit to no key (`"quit": []`); `at` is its quoted name.
    Empty { at: usize },
    /// A section binds quit's last key to another command; `at` is the key's quoted text.
    /// `others` are quit's keys taken before it.
    Taken {
        section: &'static str,
        command: Command,
        key: Key,
        at: usize,
        others: Vec<Key>,
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
    // Quit's keys other commands took since quit was last bound.
    let mut lost: Vec<Key> = Vec::new();
    for section in sections {
        for ((command, bound), (at, key_places)) in section.bindings.iter().zip(&section.places) {
            if *command == Command::Quit {
                keys = bound.clone();
                lost.clear();
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
                            others: lost.clone(),
                        });
                    }
                    lost.push(*key);
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
    use crate::tui::keymap::keys::press;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

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
