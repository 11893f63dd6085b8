//! Positions in text files: every message about a bad file names the file, line and column.

use std::fmt;

/// A message tied to a place in a file (`file:line:column: message`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}

impl std::error::Error for Located {}

impl Located {
    pub fn new(file: &str, line: usize, column: usize, message: impl Into<String>) -> Located {
        Located {
            file: file.to_string(),
            line,
            column,
            message: message.into(),
        }
    }

    /// Turns a RON error into a located message with a plain-words hint.
    pub fn from_ron(file: &str, text: &str, error: &ron::error::SpannedError) -> Located {
        let mut line = error.span.start.line.max(1);
        let mut column = error.span.start.col.max(1);
        let mut message = describe_ron_error(&error.code);
        if matches!(error.code, ron::Error::Eof) {
            // Point at the end of the text, where something more was expected.
            (line, column) = line_column(text, text.len());
            message = "the file ends too early: a closing bracket or a value is missing (is the file truncated?)".into();
        }
        Located {
            file: file.to_string(),
            line,
            column,
            message,
        }
    }
}

fn describe_ron_error(code: &ron::Error) -> String {
    match code {
        ron::Error::NoSuchStructField {
            expected, found, ..
        } => format!(
            "unknown field `{found}`; expected one of: {}",
            expected.join(", ")
        ),
        ron::Error::NoSuchEnumVariant {
            expected, found, ..
        } => format!(
            "unknown value `{found}`; expected one of: {}",
            expected.join(", ")
        ),
        ron::Error::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("`{outer}` is missing the required field `{field}`"),
            None => format!("missing the required field `{field}`"),
        },
        ron::Error::DuplicateStructField { field, .. } => {
            format!("the field `{field}` appears twice")
        }
        other => other.to_string(),
    }
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut boundary = offset;
    while !text.is_char_boundary(boundary) {
        boundary -= 1;
    }
    let before = &text[..boundary];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Byte offset of the `nth` (0-based) string literal whose content is exactly `value`.
pub fn find_string_literal(text: &str, value: &str, nth: usize) -> Option<usize> {
    let needle = format!("\"{value}\"");
    text.match_indices(&needle).nth(nth).map(|(i, _)| i)
}

/// Line and column of the `nth` string literal `value`.
pub fn locate_string(text: &str, value: &str, nth: usize) -> Option<(usize, usize)> {
    find_string_literal(text, value, nth).map(|i| line_column(text, i))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_column_counts_characters_not_bytes() {
        let text = "ab\nçé\"x\"";
        let at = find_string_literal(text, "x", 0).unwrap();
        assert_eq!(line_column(text, at), (2, 3));
    }

    #[test]
    fn nth_literal_is_found() {
        let text = "(id: \"a\")\n(id: \"a\")";
        assert_eq!(locate_string(text, "a", 1), Some((2, 6)));
        assert_eq!(locate_string(text, "a", 2), None);
    }
}
