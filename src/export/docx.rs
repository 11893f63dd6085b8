//! Word (docx, Office Open XML) for auditors: the SoA, the gap register or the minutes as a
//! landscape document with the document-control block, the metadata, then each section as a
//! real table whose header row repeats on every page; the footer carries the edition, the
//! document status and "Page N of M". Written by hand as the few XML parts Word and
//! LibreOffice need; every text passes through `text::html` (XML escaping) after the rows were
//! sanitised when they were built.

use std::io::Write;

use super::ExportError;
use super::md::capitalise;
use super::meta::MetaBlock;
use super::table::{Report, Table};
use super::text::html;

/// A4 landscape in twentieths of a point, with 15 mm margins.
const PAGE_WIDTH: u32 = 16_838;
const PAGE_HEIGHT: u32 = 11_906;
const MARGIN: u32 = 850;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/></Types>"#;

const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

const DOCUMENT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer" Target="footer1.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:cs="Calibri"/><w:sz w:val="18"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="60"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style><w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="120"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="32"/></w:rPr></w:style><w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="240" w:after="80"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/></w:rPr></w:style><w:style w:type="table" w:styleId="Grid"><w:name w:val="Table Grid"/><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:color="A0A0A0"/><w:left w:val="single" w:sz="4" w:color="A0A0A0"/><w:bottom w:val="single" w:sz="4" w:color="A0A0A0"/><w:right w:val="single" w:sz="4" w:color="A0A0A0"/><w:insideH w:val="single" w:sz="4" w:color="A0A0A0"/><w:insideV w:val="single" w:sz="4" w:color="A0A0A0"/></w:tblBorders><w:tblCellMar><w:left w:w="60" w:type="dxa"/><w:right w:w="60" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>"#;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

/// Runs of text, a line break between the lines of a multi-line cell.
fn runs(text: &str, bold: bool) -> String {
    sized_runs(text, bold, None)
}

/// Runs in a font size of their own (half-points), for the cells of a wide table.
fn sized_runs(text: &str, bold: bool, half_points: Option<u32>) -> String {
    let size = half_points.map_or(String::new(), |h| format!(r#"<w:sz w:val="{h}"/>"#));
    let bold = if bold { "<w:b/>" } else { "" };
    let props = if size.is_empty() && bold.is_empty() {
        String::new()
    } else {
        format!("<w:rPr>{bold}{size}</w:rPr>")
    };
    text.split('\n')
        .map(|l| {
            format!(
                r#"<w:r>{props}<w:t xml:space="preserve">{}</w:t></w:r>"#,
                html(l)
            )
        })
        .collect::<Vec<_>>()
        .join("<w:r><w:br/></w:r>")
}

fn paragraph(text: &str, style: Option<&str>, bold: bool) -> String {
    let style = style.map_or(String::new(), |s| {
        format!(r#"<w:pPr><w:pStyle w:val="{s}"/></w:pPr>"#)
    });
    format!("<w:p>{style}{}</w:p>", runs(text, bold))
}

fn cell(text: &str, width: u32, header: bool, half_points: u32) -> String {
    let shade = if header {
        r#"<w:shd w:val="clear" w:color="auto" w:fill="DDE6F0"/>"#
    } else {
        ""
    };
    format!(
        r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{shade}</w:tcPr><w:p>{}</w:p></w:tc>"#,
        sized_runs(text, header, Some(half_points))
    )
}

/// The text size of a table's cells in half-points: smaller as the table has more columns, so
/// that each column can keep its words whole on a landscape page.
pub fn table_half_points(columns: usize) -> u32 {
    match columns {
        0..=8 => 18,
        9..=12 => 16,
        _ => 14,
    }
}

/// The longest word a column is made wide enough for; longer ones (links, hashes) wrap anyway.
pub const WHOLE_WORD: usize = 12;

/// A generous width of one character at `half_points`, in twips (0.55 em), so a word measured
/// with it fits in Calibri or the wider fonts a reader may put in its place.
pub fn char_twips(half_points: u32) -> f64 {
    0.55 * f64::from(half_points) * 10.0
}

/// The cell margins and border of a column, in twips.
const CELL_PADDING: f64 = 150.0;

/// Column widths in twips that fill the page: each column at least as wide as its longest word
/// (header included, up to [`WHOLE_WORD`] characters), so an id such as A.5.10 or a word such as
/// "implemented" never breaks inside; the width left is shared in proportion to the
/// spreadsheet widths. When even the words do not fit, every column shrinks alike.
fn column_twips(
    headers: &[&str],
    widths: &[f64],
    rows: &[Vec<Content>],
    half_points: u32,
) -> Vec<u32> {
    let usable = f64::from(PAGE_WIDTH - 2 * MARGIN);
    let longest_word = |text: &str| {
        text.split_whitespace()
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0)
            .min(WHOLE_WORD)
    };
    let minimum: Vec<f64> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| {
            let words = rows
                .iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.longest_word().min(WHOLE_WORD))
                .chain([longest_word(h)])
                .max()
                .unwrap_or(0);
            words as f64 * char_twips(half_points) + CELL_PADDING
        })
        .collect();
    let needed: f64 = minimum.iter().sum();
    if needed >= usable {
        return minimum
            .iter()
            .map(|m| (m / needed * usable) as u32)
            .collect();
    }
    let total: f64 = widths.iter().sum::<f64>().max(1.0);
    minimum
        .iter()
        .zip(widths)
        .map(|(m, w)| (m + (usable - needed) * w / total) as u32)
        .collect()
}

/// The widest table Word gets as it is; a wider one (the SoA's 17 or 18 columns) keeps the
/// columns that say what a row is and its verdict ([`KEPT`]) and folds the others into one
/// [`DETAILS`] column, a labelled paragraph each, so nothing is left out and no column is too
/// narrow to read.
const WIDEST: usize = 12;
const KEPT: [&str; 6] = [
    "Control",
    "Combines",
    "ISO/IEC 27001:2022",
    "Title",
    "Applicable",
    "Status",
];
pub const DETAILS: &str = "Details";

/// A cell's content: text, or labelled fields (a wide table's folded columns).
enum Content {
    Text(String),
    Fields(Vec<(&'static str, String)>),
}

impl Content {
    fn longest_word(&self) -> usize {
        let words = |t: &str| {
            t.split_whitespace()
                .map(|w| w.chars().count())
                .max()
                .unwrap_or(0)
        };
        match self {
            Content::Text(t) => words(t),
            Content::Fields(f) => f
                .iter()
                .map(|(l, v)| words(l).max(words(v)))
                .max()
                .unwrap_or(0),
        }
    }
}

fn fields_cell(fields: &[(&'static str, String)], width: u32, half_points: u32) -> String {
    let mut paragraphs = String::new();
    for (label, value) in fields {
        paragraphs.push_str(&format!(
            "<w:p>{}{}</w:p>",
            sized_runs(&format!("{label}: "), true, Some(half_points)),
            sized_runs(value, false, Some(half_points))
        ));
    }
    if paragraphs.is_empty() {
        paragraphs.push_str("<w:p/>");
    }
    format!(r#"<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>{paragraphs}</w:tc>"#)
}

/// A table whose first row repeats at the top of every page it runs onto.
fn table(headers: &[&str], widths: &[f64], rows: &[Vec<String>]) -> String {
    let rows: Vec<Vec<Content>> = rows
        .iter()
        .map(|r| r.iter().cloned().map(Content::Text).collect())
        .collect();
    content_table(headers, widths, &rows)
}

/// A table too wide for a page, with its columns beyond [`KEPT`] folded into [`DETAILS`].
fn folded_table(headers: &[&'static str], widths: &[f64], rows: &[Vec<String>]) -> String {
    let kept: Vec<usize> = (0..headers.len())
        .filter(|i| KEPT.contains(&headers[*i]))
        .collect();
    let mut new_headers: Vec<&str> = kept.iter().map(|i| headers[*i]).collect();
    new_headers.push(DETAILS);
    let mut new_widths: Vec<f64> = kept.iter().map(|i| widths[*i]).collect();
    new_widths.push(
        (0..headers.len())
            .filter(|i| !kept.contains(i))
            .map(|i| widths[i])
            .sum::<f64>()
            .min(200.0),
    );
    let folded: Vec<Vec<Content>> = rows
        .iter()
        .map(|r| {
            let mut cells: Vec<Content> = kept
                .iter()
                .map(|i| Content::Text(r.get(*i).cloned().unwrap_or_default()))
                .collect();
            let fields = (0..headers.len())
                .filter(|i| !kept.contains(i))
                .filter_map(|i| {
                    let v = r.get(i).map_or("", String::as_str);
                    (!v.is_empty()).then(|| (headers[i], v.to_string()))
                })
                .collect();
            cells.push(Content::Fields(fields));
            cells
        })
        .collect();
    content_table(&new_headers, &new_widths, &folded)
}

fn content_table(headers: &[&str], widths: &[f64], rows: &[Vec<Content>]) -> String {
    let half_points = table_half_points(headers.len());
    let twips = column_twips(headers, widths, rows, half_points);
    let mut out = String::from(
        r#"<w:tbl><w:tblPr><w:tblStyle w:val="Grid"/><w:tblW w:w="5000" w:type="pct"/><w:tblLayout w:type="fixed"/></w:tblPr><w:tblGrid>"#,
    );
    for t in &twips {
        out.push_str(&format!(r#"<w:gridCol w:w="{t}"/>"#));
    }
    out.push_str("</w:tblGrid><w:tr><w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>");
    for (h, t) in headers.iter().zip(&twips) {
        out.push_str(&cell(h, *t, true, half_points));
    }
    out.push_str("</w:tr>");
    for row in rows {
        out.push_str("<w:tr><w:trPr><w:cantSplit/></w:trPr>");
        for (content, t) in row.iter().zip(&twips) {
            out.push_str(&match content {
                Content::Text(text) => cell(text, *t, false, half_points),
                Content::Fields(fields) => fields_cell(fields, *t, half_points),
            });
        }
        out.push_str("</w:tr>");
    }
    out.push_str("</w:tbl>");
    out
}

fn section(out: &mut String, t: &mut Table) {
    out.push_str(&paragraph(&t.title, Some("Heading2"), false));
    if let Some(note) = &t.note {
        out.push_str(&paragraph(note, None, false));
    }
    let rows: Vec<Vec<String>> = t
        .take_rows()
        .map(|r| r.iter().map(|c| c.as_text()).collect())
        .collect();
    if rows.is_empty() {
        out.push_str(&paragraph("None recorded.", None, false));
        return;
    }
    let headers: Vec<&'static str> = t.columns.iter().map(|c| c.header).collect();
    let widths: Vec<f64> = t.columns.iter().map(|c| c.width).collect();
    if headers.len() > WIDEST {
        out.push_str(&folded_table(&headers, &widths, &rows));
    } else {
        out.push_str(&table(&headers, &widths, &rows));
    }
}

fn pairs_table(pairs: Vec<(&'static str, String)>) -> String {
    let rows: Vec<Vec<String>> = pairs
        .into_iter()
        .map(|(f, v)| vec![f.to_string(), v])
        .collect();
    table(&["Field", "Value"], &[20.0, 90.0], &rows)
}

/// The short marking of the edition, which fits one footer line with the status and page.
fn marking(meta: &MetaBlock) -> &'static str {
    super::Audience::from_key(meta.audience).map_or(meta.edition, super::Audience::marking)
}

fn footer(meta: &MetaBlock) -> String {
    let field = |code: &str| {
        format!(
            r#"<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> {code} </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r>"#
        )
    };
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:ftr {W}><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{}<w:r><w:t xml:space="preserve"> · {} · Page </w:t></w:r>{}<w:r><w:t xml:space="preserve"> of </w:t></w:r>{}</w:p></w:ftr>"#,
        runs(marking(meta), true),
        html(&meta.document.status_text),
        field("PAGE"),
        field("NUMPAGES"),
    )
}

fn document(meta: &MetaBlock, report: &mut Report) -> String {
    let mut body = String::with_capacity(256 * 1024);
    body.push_str(&paragraph(
        &format!("{}: {}", report.view.title(), meta.title),
        Some("Heading1"),
        false,
    ));
    body.push_str(&paragraph(&meta.document.status_text, None, true));
    body.push_str(&paragraph(&capitalise(meta.edition), None, true));
    body.push_str(&paragraph("Document control", Some("Heading2"), false));
    body.push_str(&pairs_table(meta.document_pairs(Some(report.view))));
    body.push_str(&paragraph("About this export", Some("Heading2"), false));
    let mut about = vec![("Title", meta.title.clone())];
    about.extend(meta.about_pairs());
    body.push_str(&pairs_table(about));
    for t in &mut report.sections {
        section(&mut body, t);
    }
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document {W}><w:body>{body}<w:sectPr><w:footerReference w:type="default" r:id="rId2"/><w:pgSz w:w="{PAGE_WIDTH}" w:h="{PAGE_HEIGHT}" w:orient="landscape"/><w:pgMar w:top="{MARGIN}" w:right="{MARGIN}" w:bottom="{MARGIN}" w:left="{MARGIN}" w:header="425" w:footer="425" w:gutter="0"/></w:sectPr></w:body></w:document>"#
    )
}

pub fn write(meta: &MetaBlock, report: &mut Report) -> Result<Vec<u8>, ExportError> {
    let mut zip = zip9::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip9::write::SimpleFileOptions::default()
        .compression_method(zip9::CompressionMethod::Deflated)
        .last_modified_time(zip9::DateTime::default());
    let parts = [
        ("[Content_Types].xml", CONTENT_TYPES.to_string()),
        ("_rels/.rels", RELS.to_string()),
        ("word/_rels/document.xml.rels", DOCUMENT_RELS.to_string()),
        ("word/styles.xml", STYLES.to_string()),
        ("word/footer1.xml", footer(meta)),
        ("word/document.xml", document(meta, report)),
    ];
    for (name, text) in parts {
        zip.start_file(name, options)
            .map_err(|e| ExportError::Docx(e.to_string()))?;
        zip.write_all(text.as_bytes())
            .map_err(|e| ExportError::Docx(e.to_string()))?;
    }
    let cursor = zip.finish().map_err(|e| ExportError::Docx(e.to_string()))?;
    Ok(cursor.into_inner())
}
