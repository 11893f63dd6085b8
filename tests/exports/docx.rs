//! Word documents read back as a reader does: the parts of the zip, the body's tables (one row
//! per record under a header row that repeats on every page), a landscape page, the
//! document-control block, and a footer with the edition and "Page N of M".

use crate::export_support;

use std::io::{Cursor, Read};

use export_support::{docx_text, example, options, render};
use gapwalk::export::{Audience, Format, View};

fn part(bytes: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("docx is a zip");
    let mut text = String::new();
    zip.by_name(name)
        .unwrap_or_else(|_| panic!("{name} in the docx"))
        .read_to_string(&mut text)
        .unwrap();
    text
}

fn docx(view: View, audience: Audience) -> Vec<u8> {
    let (session, catalogue) = example();
    render(
        &session,
        &catalogue,
        &options(Some(view), Format::Docx, None, audience),
    )
}

/// The tables of the body, each as its rows, each row as the text of its cells.
fn tables(document_xml: &str) -> Vec<Vec<Vec<String>>> {
    document_xml
        .split("<w:tbl>")
        .skip(1)
        .map(|t| {
            let t = &t[..t.find("</w:tbl>").unwrap()];
            t.split("<w:tr>")
                .skip(1)
                .map(|row| row.split("<w:tc>").skip(1).map(docx_text_of).collect())
                .collect()
        })
        .collect()
}

fn docx_text_of(xml: &str) -> String {
    xml.split("<w:t")
        .skip(1)
        .filter_map(|r| Some(&r[r.find('>')? + 1..r.find("</w:t>")?]))
        .collect::<Vec<_>>()
        .join("")
}

#[test]
fn the_soa_is_a_landscape_document_with_one_real_table_row_per_control() {
    let bytes = docx(View::Soa, Audience::Internal);
    let content_types = part(&bytes, "[Content_Types].xml");
    assert!(content_types.contains("wordprocessingml.document.main+xml"));
    let document = part(&bytes, "word/document.xml");
    assert!(document.contains(r#"w:orient="landscape""#));
    let all = tables(&document);
    // Document control, about this export, then the SoA.
    assert_eq!(all.len(), 3);
    assert_eq!(all[0][0], ["Field", "Value"]);
    assert!(all[0].iter().any(|r| r[0] == "Status"), "{:?}", all[0]);
    let soa = &all[2];
    assert_eq!(soa[0][0], "Control");
    let rows = &soa[1..];
    assert!(rows.len() >= 93, "{}", rows.len());
    assert!(
        rows.iter().any(|r| r[0] == "A.8.2"),
        "2022 numbering with its letter"
    );
    // Every table's first row repeats on each page; no row splits across pages.
    let tables_count = document.matches("<w:tbl>").count();
    assert_eq!(document.matches("<w:tblHeader/>").count(), tables_count);
    assert!(document.matches("<w:cantSplit/>").count() > rows.len());
}

#[test]
fn the_footer_carries_the_edition_the_status_and_page_n_of_m() {
    for (audience, marking) in [
        // The short marking, so the footer stays one line with the status and the page.
        (
            Audience::Internal,
            "INTERNAL edition: not for sharing before review",
        ),
        (Audience::External, "External edition"),
    ] {
        let bytes = docx(View::Gaps, audience);
        let footer = part(&bytes, "word/footer1.xml");
        assert!(footer.contains(" PAGE "), "{footer}");
        assert!(footer.contains(" NUMPAGES "), "{footer}");
        assert!(footer.contains(marking), "{footer}");
        assert!(
            footer.contains("DRAFT"),
            "the example is not approved: {footer}"
        );
        let document = part(&bytes, "word/document.xml");
        assert!(document.contains(r#"<w:footerReference w:type="default" r:id="rId2"/>"#));
        assert!(part(&bytes, "word/_rels/document.xml.rels").contains(r#"Target="footer1.xml""#));
    }
}

#[test]
fn the_minutes_and_gaps_read_back_with_their_sections_and_the_external_edition_withholds() {
    let minutes = docx_text(&docx(View::Minutes, Audience::Internal));
    assert!(minutes.contains("Decision log"));
    assert!(minutes.contains("Participants"));
    let internal = docx_text(&docx(View::Gaps, Audience::Internal));
    let external = docx_text(&docx(View::Gaps, Audience::External));
    assert!(internal.contains("Risk acceptances"));
    assert!(!external.contains("Risk acceptances"));
    assert!(internal.contains("break-glass accounts are never reviewed"));
    assert!(!external.contains("break-glass accounts are never reviewed"));
}

#[test]
fn hostile_text_is_escaped_xml() {
    let (mut session, catalogue) = example();
    session.meta.title = "<w:t>&amp; \"quoted\" 'single' </w:p>".into();
    let bytes = render(
        &session,
        &catalogue,
        &options(Some(View::Soa), Format::Docx, None, Audience::Internal),
    );
    let document = part(&bytes, "word/document.xml");
    assert!(!document.contains("<w:t>&amp; \""));
    assert!(docx_text(&bytes).contains("<w:t>&amp; \"quoted\" 'single' </w:p>"));
}
