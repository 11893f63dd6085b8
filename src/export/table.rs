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

/// Rows made one by one while a table is written.
pub type RowStream<'a> = Box<dyn Iterator<Item = Vec<Cell>> + 'a>;

/// One titled table of a view. Its rows are either held (`push`) or made while the table is
/// written (`streamed`), for a view too large to hold whole; writers take them with
/// [`Table::take_rows`].
pub struct Table<'a> {
    pub title: String,
    /// A sentence shown under the title (what is left out, what a rule means).
    pub note: Option<String>,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    stream: Option<RowStream<'a>>,
}

impl std::fmt::Debug for Table<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Table")
            .field("title", &self.title)
            .field("rows", &self.rows.len())
            .field("streamed", &self.stream.is_some())
            .finish()
    }
}

impl<'a> Table<'a> {
    pub fn new(title: impl Into<String>, columns: Vec<Column>) -> Table<'a> {
        Table {
            title: title.into(),
            note: None,
            columns,
            rows: Vec::new(),
            stream: None,
        }
    }

    pub fn with_note(mut self, note: impl Into<String>) -> Table<'a> {
        self.note = Some(note.into());
        self
    }

    /// Rows made only while the table is written, after any held ones.
    pub fn streamed(mut self, rows: impl Iterator<Item = Vec<Cell>> + 'a) -> Table<'a> {
        self.stream = Some(Box::new(rows));
        self
    }

    /// Adds a row; rows shorter than the header are padded so every format sees a rectangle.
    pub fn push(&mut self, mut row: Vec<Cell>) {
        row.resize(self.columns.len(), Cell::Empty);
        self.rows.push(row);
    }

    /// Every row, in order, as wide as the header: the held ones, then the streamed ones made
    /// as they are taken. Taken once; the table has no rows afterwards.
    pub fn take_rows(&mut self) -> std::iter::Peekable<RowStream<'a>> {
        let width = self.columns.len();
        let held = std::mem::take(&mut self.rows).into_iter();
        let streamed = self.stream.take().into_iter().flatten();
        let rows: RowStream<'a> = Box::new(held.chain(streamed).map(move |mut row| {
            row.resize(width, Cell::Empty);
            row
        }));
        rows.peekable()
    }
}

/// A view reduced to tables, with the metadata block every output opens with.
#[derive(Debug)]
pub struct Report<'a> {
    pub view: super::View,
    pub sections: Vec<Table<'a>>,
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
