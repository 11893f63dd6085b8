//! Snapshots of the exports of `sessions/example.ron`, the realistic demo session, with the
//! generated-at time fixed: what an auditor or a reviewer receives, reviewed as text. A change to
//! any output shows up here as a diff to accept or reject.

use crate::export_support;

use export_support::{example, options, render_text};
use gapwalk::export::{Audience, Format, Numbering, View};

/// The crate version moves on every release; the snapshots should not.
fn assert_export(name: &str, text: &str) {
    insta::with_settings!({filters => vec![(r"gapwalk \d+\.\d+\.\d+(-[0-9A-Za-z.]+)?", "gapwalk [version]")]}, {
        insta::assert_snapshot!(name, text);
    });
}

fn snapshot(
    name: &str,
    view: View,
    format: Format,
    numbering: Option<Numbering>,
    audience: Audience,
) {
    let (session, catalogue) = example();
    let text = render_text(
        &session,
        &catalogue,
        &options(Some(view), format, numbering, audience),
    );
    assert_export(name, &text);
}

#[test]
fn soa_markdown() {
    snapshot("soa_md", View::Soa, Format::Md, None, Audience::Internal);
}

#[test]
fn soa_csv_with_its_byte_order_mark_and_crlf_line_ends() {
    let (session, catalogue) = example();
    let text = render_text(
        &session,
        &catalogue,
        &options(Some(View::Soa), Format::Csv, None, Audience::Internal),
    );
    let body = text.strip_prefix('\u{feff}').expect("csv opens with a BOM");
    assert!(body.starts_with("Control,Combines,Title,"));
    assert!(
        body.split("\r\n").count() > 93,
        "records end with CRLF (RFC 4180)"
    );
    let lone_newlines_outside_quotes = body.replace("\r\n", "").matches('\n').count();
    let quoted_newlines = body
        .split('"')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.replace("\r\n", "").matches('\n').count())
        .sum::<usize>();
    assert_eq!(
        lone_newlines_outside_quotes, quoted_newlines,
        "a bare newline only appears inside a quoted multi-line cell"
    );
    assert_export("soa_csv", &body.replace("\r\n", "\n"));
}

#[test]
fn soa_html() {
    snapshot(
        "soa_html",
        View::Soa,
        Format::Html,
        None,
        Audience::Internal,
    );
}

#[test]
fn soa_json() {
    snapshot(
        "soa_json",
        View::Soa,
        Format::Json,
        None,
        Audience::Internal,
    );
}

#[test]
fn soa_under_the_catalogue_numbering_markdown() {
    snapshot(
        "soa_iso27017_md",
        View::Soa,
        Format::Md,
        Some(Numbering::Iso27017),
        Audience::Internal,
    );
}

#[test]
fn gaps_markdown() {
    snapshot("gaps_md", View::Gaps, Format::Md, None, Audience::Internal);
}

#[test]
fn gaps_external_json() {
    snapshot(
        "gaps_external_json",
        View::Gaps,
        Format::Json,
        None,
        Audience::External,
    );
}

#[test]
fn responsibility_csv() {
    let (session, catalogue) = example();
    let text = render_text(
        &session,
        &catalogue,
        &options(
            Some(View::Responsibility),
            Format::Csv,
            None,
            Audience::Internal,
        ),
    );
    assert_export(
        "responsibility_csv",
        &text.trim_start_matches('\u{feff}').replace("\r\n", "\n"),
    );
}

#[test]
fn minutes_markdown() {
    snapshot(
        "minutes_md",
        View::Minutes,
        Format::Md,
        None,
        Audience::Internal,
    );
}

#[test]
fn minutes_external_html() {
    snapshot(
        "minutes_external_html",
        View::Minutes,
        Format::Html,
        None,
        Audience::External,
    );
}
