//! The tabular form every view is reduced to for md, csv, xlsx and html: titled sections of
//! columns and typed cells. The views decide the content; the format writers only lay it out.
//! Cells hold cleaned text; escaping for a format happens in that format's writer.

use chrono::NaiveDate;

/// One value in a table.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    /// Written as a real date where the format has them (xlsx), as ISO text elsewhere.
    Date(NaiveDate),
    Number(f64),
}

impl Cell {
    /// Text, or empty when blank.
    pub fn text(text: impl Into<String>) -> Cell {
        let text = text.into();
        if text.is_empty() {
            Cell::Empty
        } else {
            Cell::Text(text)
        }
    }

    pub fn date(date: Option<NaiveDate>) -> Cell {
        date.map_or(Cell::Empty, Cell::Date)
    }

    pub fn count(n: usize) -> Cell {
        Cell::Number(n as f64)
    }

    /// The cell as text, for formats without types.
    pub fn as_text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Text(t) => t.clone(),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Number(n) => format_number(*n),
        }
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// A column: its header, how wide it is in a spreadsheet (in characters), and whether a page
/// too narrow for every column may show it as a labelled line under its row instead.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub header: &'static str,
    pub width: f64,
    pub detail: bool,
}

pub const fn col(header: &'static str, width: f64) -> Column {
    Column {
        header,
        width,
        detail: false,
    }
}

impl Column {
    /// A column a screen-sized page (html) folds under its row: spreadsheets, csv, json and
    /// Word keep it as a column.
    pub const fn detail(mut self) -> Column {
        self.detail = true;
        self
    }
}

/// One titled table of a view.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    /// A sentence shown under the title (what is left out, what a rule means).
    pub note: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    pub fn new(title: impl Into<String>, columns: Vec<Column>) -> Table {
        Table {
            title: title.into(),
            note: None,
            columns,
            rows: Vec::new(),
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Table {
        self.note = Some(note.into());
        self
    }

    /// Adds a row; rows shorter than the header are padded so every format sees a rectangle.
    pub fn push(&mut self, mut row: Vec<Cell>) {
        row.resize(self.columns.len(), Cell::Empty);
        self.rows.push(row);
    }
}

/// A view reduced to tables, with the metadata block every output opens with.
#[derive(Debug, Clone, PartialEq)]
pub struct Report {
    pub view: super::View,
    pub sections: Vec<Table>,
}

/// Lines joined for one cell: one entry per line.
pub fn lines<I, S>(items: I) -> String
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    let mut out = String::new();
    for item in items {
        let item = item.as_ref();
        if item.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(item);
    }
    out
}
