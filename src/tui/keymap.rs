//! Key bindings: defaults in code, one section per context of the screen (the control list,
//! the walk, the forms, the jump popup, the export dialog, other popups, a text field, the
//! start screen), and an optional `keymap.ron` in the config folder that overrides only the
//! commands it names. `crate::tui::input::mode` picks the context from the state (the start
//! screen's is always `start`). In a text field only the keys its section lists are commands;
//! every other key is typing. Key presses and repeats count, releases do not, and Shift is
//! folded into the character: both decided once, in `keys`.
//!
//! The pieces: [`Mode`] and the live [`Keymap`] with its lookups and hints (`bindings`), the
//! default tables (`defaults`), reading a user's file (`file`), key names ⇄ key events
//! (`keys`). They import one way (keys, bindings, defaults, file); this module only gathers them.

mod bindings;
mod defaults;
mod file;
mod keys;

pub use bindings::{Keymap, Mode};
pub use keys::{Key, is_printable};
