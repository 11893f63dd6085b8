//! Markdown for GitHub: a heading, the metadata block as a field/value table, then one table per
//! section. Cells are escaped by `text::markdown` (pipes, markup, entities; newlines become
//! `<br>` so a record stays on one table row).

use std::fmt::Write;

use super::meta::MetaBlock;
use super::sink::Sink;
use super::table::{Report, Table};
use super::text::markdown;

fn table(out: &mut Sink, table: &mut Table) {
    let _ = writeln!(out, "## {}\n", markdown(&table.title));
    if let Some(note) = &table.note {
        let _ = writeln!(out, "_{}_\n", markdown(note));
    }
    let mut rows = table.take_rows();
    if rows.peek().is_none() {
        out.push_str("None recorded.\n\n");
        return;
    }
    let headers: Vec<String> = table.columns.iter().map(|c| markdown(c.header)).collect();
    let _ = writeln!(out, "| {} |", headers.join(" | "));
    let _ = writeln!(
        out,
        "|{}",
        table.columns.iter().map(|_| " --- |").collect::<String>()
    );
    for row in rows {
        let cells: Vec<String> = row.iter().map(|c| markdown(&c.as_text())).collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn pairs(out: &mut Sink, pairs: Vec<(&'static str, String)>) {
    out.push_str("| Field | Value |\n| --- | --- |\n");
    for (field, value) in pairs {
        let _ = writeln!(out, "| {} | {} |", markdown(field), markdown(&value));
    }
    out.push('\n');
}

/// Writes the page into `out` as it is made; each row is written and dropped.
pub fn write(meta: &MetaBlock, report: &mut Report, out: &mut Sink) {
    let _ = writeln!(
        out,
        "# {}: {}\n",
        markdown(report.view.title()),
        markdown(&meta.title)
    );
    let _ = writeln!(out, "**{}**\n", markdown(&meta.document.status_text));
    let _ = writeln!(out, "**{}**\n", markdown(&capitalise(meta.edition)));
    out.push_str("## Document control\n\n");
    pairs(out, meta.document_pairs(Some(report.view)));
    out.push_str("## About this export\n\n");
    let mut about = vec![("Title", meta.title.clone())];
    about.extend(meta.about_pairs());
    pairs(out, about);
    for section in &mut report.sections {
        table(out, section);
    }
}

pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
