//! One self-contained, printable HTML page: the metadata block, a summary drawn as inline SVG
//! (progress and gaps by clause, responsibility split per provider), then one table per section.
//! No scripts and no external resources; a Content-Security-Policy forbids both even if some
//! text slipped through, and every piece of text is escaped by `text::html`. Print CSS puts the
//! data on its own pages in landscape and repeats table headers on every page.

use std::fmt::Write;

use super::Audience;
use super::Source;
use super::charts;
use super::md::capitalise;
use super::meta::MetaBlock;
use super::sink::Sink;
use super::table::{Cell, Column, Report, Table};
use super::text::html;

const STYLE: &str = r#"
:root { color-scheme: light; }
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; margin: 1.2rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .2rem; }
h2 { font-size: 1.2rem; margin: 1.6rem 0 .5rem; }
.subtitle { font-size: 1.1rem; margin: 0 0 .8rem; }
.edition { font-weight: 600; padding: .4rem .7rem; border-left: 5px solid #c0392b; background: #fbeeee; max-width: 60rem; }
.edition.external { border-left-color: #2e8b57; background: #eef7f1; }
.status { font-weight: 700; letter-spacing: .02em; }
.status.draft, .status.changed_since_approval { color: #c0392b; }
.note { font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .4rem 0 1.2rem; }
th, td { border: 1px solid #c8c8c8; padding: .25rem .35rem; vertical-align: top; text-align: left; overflow-wrap: anywhere; hyphens: auto; }
th { overflow-wrap: normal; }
thead th { background: #dde6f0; }
tbody tr:nth-child(even) { background: #f6f8fa; }
table.folded tbody:nth-child(even) { background: #f6f8fa; }
table.folded tbody tr { background: transparent; }
table.folded th, table.folded tr:first-child td { min-width: 6.5em; }
table.folded tr:first-child td { border-bottom: none; }
tr.more td { border-top: none; padding: 0 .35rem .4rem 1.6rem; font-weight: normal; white-space: normal; }
tr.more dl { display: flex; flex-wrap: wrap; gap: .15rem 1.4rem; margin: 0; }
tr.more dl div { max-width: 40rem; }
tr.more dt { display: inline; font-weight: 600; }
tr.more dt::after { content: ": "; }
tr.more dd { display: inline; margin: 0; }
td:first-child { white-space: nowrap; font-weight: 600; }
td.date { white-space: nowrap; }
td.num { text-align: right; }
table.meta { width: auto; max-width: 70rem; }
table.meta th { background: #f0f2f4; white-space: nowrap; }
table.meta td:first-child { font-weight: normal; white-space: normal; }
figure { margin: 0 0 1.2rem; }
figcaption { font-weight: 600; margin-bottom: .3rem; }
svg.chart { max-width: 100%; height: auto; }
svg text { fill: #1a1a1a; font-family: inherit; }
.running { display: none; }
@page { size: A4 landscape; margin: 14mm 12mm 12mm; @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; } }
@media print {
  body { margin: 0; font-size: 9pt; }
  .running { display: block; position: fixed; top: -9mm; left: 0; right: 0; font-size: 8pt; font-weight: 600; text-align: right; }
  section.summary { break-after: page; }
  thead { display: table-header-group; }
  tr, table.folded tbody, figure { break-inside: avoid; }
  h2 { break-after: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

fn cell(text: &str) -> String {
    html(text).replace('\n', "<br>")
}

/// Tables with more columns than this fold their detail columns (see [`Column::detail`]).
const FOLD_ABOVE: usize = 9;

/// The detail columns of one record as "Header: value" lines under its grid row; empty ones
/// are left out.
fn details(out: &mut Sink, columns: &[Column], row: &[Cell], span: usize) {
    let mut items = String::new();
    for (c, value) in columns.iter().zip(row) {
        let text = value.as_text();
        if c.detail && !text.is_empty() {
            let _ = write!(
                items,
                "<div><dt>{}</dt><dd>{}</dd></div>",
                html(c.header),
                cell(&text)
            );
        }
    }
    if !items.is_empty() {
        let _ = writeln!(
            out,
            "<tr class=\"more\"><td colspan=\"{span}\"><dl>{items}</dl></td></tr>"
        );
    }
}

fn table(out: &mut Sink, table: &mut Table) {
    out.push_str("<section class=\"data\">\n");
    let _ = writeln!(out, "<h2>{}</h2>", html(&table.title));
    if let Some(note) = &table.note {
        let _ = writeln!(out, "<p class=\"note\">{}</p>", html(note));
    }
    let mut rows = table.take_rows();
    if rows.peek().is_none() {
        out.push_str("<p>None recorded.</p>\n</section>\n");
        return;
    }
    // A table wider than a laptop screen shows its detail columns as labelled lines under each
    // row (one grid row plus one folded row per record), so nothing is cut or scrolled.
    let columns = &table.columns;
    let fold = columns.len() > FOLD_ABOVE && columns.iter().any(|c| c.detail);
    let shown = |i: usize| !fold || !columns[i].detail;
    let span = (0..columns.len()).filter(|&i| shown(i)).count();
    out.push_str(if fold {
        "<table class=\"folded\">\n<thead><tr>"
    } else {
        "<table>\n<thead><tr>"
    });
    for (i, c) in columns.iter().enumerate() {
        if shown(i) {
            let _ = write!(out, "<th scope=\"col\">{}</th>", html(c.header));
        }
    }
    out.push_str("</tr></thead>\n");
    if !fold {
        out.push_str("<tbody>\n");
    }
    for row in rows {
        // A folded record is its own tbody so the grid row and its details stay together, on
        // screen (one stripe) and in print (never split across pages).
        out.push_str(if fold { "<tbody>\n<tr>" } else { "<tr>" });
        for (i, c) in row.iter().enumerate() {
            if !shown(i) {
                continue;
            }
            match c {
                Cell::Empty => out.push_str("<td></td>"),
                Cell::Number(_) => {
                    let _ = write!(out, "<td class=\"num\">{}</td>", cell(&c.as_text()));
                }
                Cell::Date(_) => {
                    let _ = write!(out, "<td class=\"date\">{}</td>", cell(&c.as_text()));
                }
                other => {
                    let _ = write!(out, "<td>{}</td>", cell(&other.as_text()));
                }
            }
        }
        out.push_str("</tr>\n");
        if fold {
            details(out, columns, &row, span);
            out.push_str("</tbody>\n");
        }
    }
    if !fold {
        out.push_str("</tbody>\n");
    }
    out.push_str("</table>\n</section>\n");
}

/// Writes the page into `out` as it is made; each row is written and dropped.
pub fn write(
    source: &Source,
    meta: &MetaBlock,
    report: &mut Report,
    audience: Audience,
    out: &mut Sink,
) {
    let title = format!("{}: {}", report.view.title(), meta.title);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    let _ = writeln!(
        out,
        "<meta name=\"generator\" content=\"{}\">",
        html(&meta.generator)
    );
    let _ = writeln!(out, "<title>{}</title>", html(&title));
    let _ = writeln!(out, "<style>{STYLE}</style>\n</head>\n<body>");
    // Repeated at the top of every printed page (a fixed element prints on each page).
    let _ = writeln!(
        out,
        "<div class=\"running\" aria-hidden=\"true\">{} · {}</div>\n<header>",
        html(&meta.title),
        html(audience.marking())
    );
    let _ = writeln!(out, "<h1>{}</h1>", html(report.view.title()));
    let _ = writeln!(out, "<p class=\"subtitle\">{}</p>", html(&meta.title));
    let _ = writeln!(
        out,
        "<p class=\"status {}\">{}</p>",
        meta.document.status,
        html(&meta.document.status_text)
    );
    let _ = writeln!(
        out,
        "<p class=\"edition {}\">{}</p>",
        audience.key(),
        html(&capitalise(meta.edition))
    );
    out.push_str("<table class=\"meta\">\n<tbody>\n");
    for (field, value) in meta.pairs(Some(report.view)) {
        let _ = writeln!(
            out,
            "<tr><th scope=\"row\">{}</th><td>{}</td></tr>",
            html(field),
            cell(&value)
        );
    }
    out.push_str("</tbody>\n</table>\n</header>\n<section class=\"summary\">\n<h2>Summary</h2>\n");
    let _ = writeln!(
        out,
        "<figure>\n<figcaption>Progress and gaps by clause</figcaption>\n{}\n</figure>",
        charts::progress_by_clause(source)
    );
    let _ = writeln!(
        out,
        "<figure>\n<figcaption>{}</figcaption>\n{}\n</figure>",
        charts::responsibility_caption(source),
        charts::responsibility_split(source)
    );
    out.push_str("</section>\n");
    for section in &mut report.sections {
        table(out, section);
    }
    out.push_str("</body>\n</html>\n");
}
