//! JSON for stdout that is safe to print on a terminal. serde_json escapes the C0 controls but
//! writes C1 controls (`U+009B` starts an escape sequence on many terminals) and bidirectional
//! overrides as they are; this writes those as `\uXXXX` escapes too, so a consumer decodes the
//! same data and a terminal shows only text.

use std::fmt::Write;

use serde::Serialize;

use crate::sanitise::is_unsafe;

/// Pretty JSON with every terminal-unsafe character escaped.
pub fn to_string_pretty<T: Serialize>(value: &T) -> serde_json::Result<String> {
    let text = serde_json::to_string_pretty(value)?;
    // Raw characters below DEL in the output are the layout's own newlines: serde_json has
    // already escaped every control character inside strings.
    let escape = |c: char| c >= '\u{7f}' && is_unsafe(c);
    if !text.chars().any(escape) {
        return Ok(text);
    }
    let mut out = String::with_capacity(text.len() + 32);
    for c in text.chars() {
        if escape(c) {
            let _ = write!(out, "\\u{:04x}", c as u32);
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unsafe_characters_are_escaped_and_decode_to_the_same_text() {
        let hostile = vec!["a\u{1b}]0;x\u{7}b\u{9b}2J\u{202e}c\u{7f}漢".to_string()];
        let json = to_string_pretty(&hostile).unwrap();
        assert!(!json.chars().any(|c| c != '\n' && is_unsafe(c)), "{json:?}");
        let back: Vec<String> = serde_json::from_str(&json).unwrap();
        assert_eq!(back, hostile);
    }
}
