//! The workshop screen (feature `tui`): a thin layer over the domain. Keys become actions,
//! `App::update` is the only place state changes, views only read, and the runner performs
//! effects. Everything that can fail to load is loaded before the terminal changes mode.

pub mod action;
pub mod app;
pub mod conflict;
pub mod detail;
mod disk_change;
pub mod draw;
pub mod export;
pub mod export_popup;
pub mod field;
pub mod form;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod line_edit;
pub mod model;
pub use crate::fields::list as line_list;
mod opening;
pub mod popup;
pub mod rescue;
pub mod room;
pub mod rows;
mod runner;
pub mod safety_popup;
pub mod save;
pub mod start;
pub mod terminal;
pub mod theme;
pub mod view;
pub mod walk;

use std::path::PathBuf;
use std::process::ExitCode;

use crate::exit::EXIT_INVALID;

/// Entry point of the terminal UI: `gapwalk` (start screen) or `gapwalk open FILE`.
pub fn main(file: Option<PathBuf>, mouse: bool, read_only: bool) -> ExitCode {
    let keymap = match keymap::Keymap::user_file() {
        Some(path) if path.exists() => match keymap::Keymap::from_file(&path) {
            Ok(k) => {
                for warning in k.warnings() {
                    eprintln!("gapwalk: warning: {}", crate::sanitise::one_line(warning));
                }
                k
            }
            Err(e) => {
                eprintln!("gapwalk: {}", crate::sanitise::multi_line(&e.to_string()));
                return ExitCode::from(EXIT_INVALID);
            }
        },
        _ => keymap::Keymap::default(),
    };
    let opened = match &file {
        Some(path) => match crate::persist::load(path) {
            Ok(loaded) => Some((path.clone(), loaded)),
            // The message, and any recovery copy waiting for the file.
            Err(e) => {
                eprintln!("gapwalk: {}", crate::sanitise::multi_line(&e.to_string()));
                if let Some(note) = crate::recovery::unloadable_note(path) {
                    eprintln!("gapwalk: note: {}", crate::sanitise::one_line(&note));
                }
                return ExitCode::from(EXIT_INVALID);
            }
        },
        None => None,
    };
    let theme = theme::Theme::from_env();
    let mut term = match terminal::enter(mouse) {
        Ok(t) => t,
        Err(e) => {
            eprintln!(
                "gapwalk: cannot open the workshop screen ({e}); it needs an interactive terminal. The headless commands (check, stats, fmt, export…) work anywhere: see gapwalk --help"
            );
            return ExitCode::from(EXIT_INVALID);
        }
    };
    let result = (|| -> std::io::Result<Result<String, String>> {
        let opened = match opened {
            Some(o) => Some(o),
            None => runner::start_screen(&mut term, &theme, &keymap)?,
        };
        match opened {
            Some((path, loaded)) => {
                runner::workshop(&mut term, &theme, keymap, path, loaded, read_only)
            }
            None => Ok(Ok(String::new())),
        }
    })();
    terminal::restore();
    // After a closed terminal or a dropped connection there may be nowhere to print: the work
    // is already saved, and a failed farewell must not turn into a panic.
    let say = |text: &str| {
        use std::io::Write;
        let _ = writeln!(std::io::stderr(), "gapwalk: {text}");
    };
    match result {
        Ok(Ok(message)) => {
            if !message.is_empty() {
                say(&crate::sanitise::multi_line(&message));
            }
            ExitCode::SUCCESS
        }
        Ok(Err(message)) => {
            say(&crate::sanitise::multi_line(&message));
            ExitCode::from(EXIT_INVALID)
        }
        Err(e) => {
            say(&format!("terminal error: {e}"));
            ExitCode::from(EXIT_INVALID)
        }
    }
}
