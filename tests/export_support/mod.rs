//! Helpers shared by the export tests: the example session, rendering with a fixed clock, and
//! reading every format back as text so a test can search it.
#![allow(dead_code)]

use std::io::Cursor;
use std::path::{Path, PathBuf};

use calamine::{Data, Reader, Xlsx, open_workbook_from_rs};
use gapwalk::catalogue::Catalogue;
use gapwalk::export::{self, Audience, ExportOptions, Format, Numbering, Source, View};
use gapwalk::persist;
use gapwalk::session::{Session, Timestamp};

/// 2026-11-18T11:06:40Z: after the example's last meeting, before its remediation due dates.
pub const GENERATED_AT: i64 = 1_795_000_000;

pub fn example_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron")
}

pub fn example() -> (Session, Catalogue) {
    let loaded = persist::load(&example_path()).expect("sessions/example.ron loads");
    (loaded.session, loaded.catalogue)
}

pub fn options(
    view: Option<View>,
    format: Format,
    numbering: Option<Numbering>,
    audience: Audience,
) -> ExportOptions {
    ExportOptions {
        view,
        format,
        numbering,
        audience,
        paper: gapwalk::export::Paper::A4,
    }
}

pub fn render(session: &Session, catalogue: &Catalogue, options: &ExportOptions) -> Vec<u8> {
    let source = Source {
        session,
        catalogue,
        session_file: "example.ron",
        generated_at: Timestamp::from_unix(GENERATED_AT).unwrap(),
    };
    let bytes = export::render(&source, options).expect("export renders");
    if options.format == Format::Json {
        let doc = serde_json::from_slice(&bytes).expect("json export parses");
        assert_valid("export", &doc);
    }
    bytes
}

/// Checks a json document against the schema `gapwalk schema NAME` prints.
pub fn assert_valid(name: &str, doc: &serde_json::Value) {
    let schema = gapwalk::cli::schema(name).expect("a schema of that name");
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| e.to_string())
        .take(10)
        .collect();
    assert!(
        errors.is_empty(),
        "the {name} json breaks its schema: {errors:#?}"
    );
}

pub fn render_text(session: &Session, catalogue: &Catalogue, options: &ExportOptions) -> String {
    String::from_utf8(render(session, catalogue, options)).expect("text formats are UTF-8")
}

/// Every sheet of a workbook as (name, rows of cells).
pub fn read_xlsx(bytes: &[u8]) -> Vec<(String, Vec<Vec<Data>>)> {
    let mut book: Xlsx<_> = open_workbook_from_rs(Cursor::new(bytes.to_vec())).expect("xlsx opens");
    let names = book.sheet_names();
    names
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).expect("sheet reads");
            let rows = range.rows().map(|r| r.to_vec()).collect();
            (name, rows)
        })
        .collect()
}

/// What a reader can see in an export, as text: the file itself, or every cell of a workbook.
/// The text of a Word document's body and footer, one paragraph a line (XML entities decoded).
pub fn docx_text(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("docx is a zip");
    let mut out = String::new();
    for part in ["word/document.xml", "word/footer1.xml"] {
        let mut xml = String::new();
        zip.by_name(part)
            .expect("the part exists")
            .read_to_string(&mut xml)
            .unwrap();
        for paragraph in xml.split("</w:p>") {
            for run in paragraph.split("<w:t").skip(1) {
                let Some(start) = run.find('>') else { continue };
                let Some(end) = run.find("</w:t>") else {
                    continue;
                };
                out.push_str(
                    &run[start + 1..end]
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&#39;", "'")
                        .replace("&amp;", "&"),
                );
            }
            out.push('\n');
        }
    }
    out
}

pub fn visible_text(format: Format, bytes: &[u8]) -> String {
    if format == Format::Docx {
        return docx_text(bytes);
    }
    if format == Format::Xlsx {
        let mut out = String::new();
        for (name, rows) in read_xlsx(bytes) {
            out.push_str(&name);
            out.push('\n');
            for row in rows {
                for cell in row {
                    out.push_str(&cell.to_string());
                    out.push('\t');
                }
                out.push('\n');
            }
        }
        out
    } else {
        String::from_utf8(bytes.to_vec()).expect("text formats are UTF-8")
    }
}

/// Every view each format can write: each view alone, and for xlsx all of them at once.
pub fn every_export(audience: Audience) -> Vec<ExportOptions> {
    let mut out = Vec::new();
    for format in Format::ALL {
        for view in View::ALL {
            // Left out: the pairs the export refuses with a reason (tested on their own).
            if gapwalk::export::supported(Some(*view), *format, audience).is_ok() {
                out.push(options(Some(*view), *format, None, audience));
            }
        }
        out.push(options(
            Some(View::Soa),
            *format,
            Some(Numbering::Iso27001_2022),
            audience,
        ));
    }
    out.push(options(None, Format::Xlsx, None, audience));
    out
}
