//! Speed budget of the exports of the example session (issue 16): the OSCAL system security
//! plan with the profile and catalog it imports, the OSCAL plan of action and milestones, and
//! the Word SoA, gap register and minutes, each rendered and written atomically, each well
//! under 50 ms. `sessions/example.ron` is the realistic demo (132 controls, two providers and
//! an offering). Run with `cargo bench --bench exports`.

use std::path::{Path, PathBuf};

use divan::Bencher;
use gapwalk::export::{self, Audience, ExportOptions, Format, Paper, Source, View};
use gapwalk::session::Timestamp;

fn main() {
    divan::main();
}

fn example() -> gapwalk::persist::Loaded {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron");
    gapwalk::persist::load(&path).expect("the example loads")
}

fn export(bencher: Bencher, view: View, format: Format) {
    let loaded = example();
    let dir = tempfile::tempdir().unwrap();
    let out: PathBuf = dir.path().join(format!("out.{}", format.extension()));
    let session_path = dir.path().join("example.ron");
    let options = ExportOptions {
        view: Some(view),
        format,
        numbering: None,
        audience: Audience::Internal,
        paper: Paper::A4,
    };
    bencher.bench_local(|| {
        let source = Source {
            session: &loaded.session,
            catalogue: &loaded.catalogue,
            session_file: "example.ron",
            generated_at: Timestamp::from_unix(1_795_000_000).unwrap(),
        };
        let bytes = export::render(&source, &options).unwrap();
        export::write(&out, &bytes).unwrap();
        if export::oscal::has_companions(&options) {
            export::oscal::write_companions(&out, &session_path, &source, options.audience)
                .unwrap();
        }
    });
}

/// The SSP and, beside it, its profile and catalog.
#[divan::bench]
fn oscal_ssp_with_profile_and_catalog(bencher: Bencher) {
    export(bencher, View::Soa, Format::Oscal);
}

#[divan::bench]
fn oscal_poam(bencher: Bencher) {
    export(bencher, View::Gaps, Format::Oscal);
}

#[divan::bench]
fn docx_soa(bencher: Bencher) {
    export(bencher, View::Soa, Format::Docx);
}

#[divan::bench]
fn docx_gaps(bencher: Bencher) {
    export(bencher, View::Gaps, Format::Docx);
}

#[divan::bench]
fn docx_minutes(bencher: Bencher) {
    export(bencher, View::Minutes, Format::Docx);
}

/// What the SSP costs without the disk: the plan, its profile and its catalog rendered to
/// bytes, nothing written (the writes above are atomic, each with an fsync).
#[divan::bench]
fn oscal_ssp_render_only(bencher: Bencher) {
    let loaded = example();
    let options = ExportOptions {
        view: Some(View::Soa),
        format: Format::Oscal,
        numbering: None,
        audience: Audience::Internal,
        paper: Paper::A4,
    };
    bencher.bench_local(|| {
        let source = Source {
            session: &loaded.session,
            catalogue: &loaded.catalogue,
            session_file: "example.ron",
            generated_at: Timestamp::from_unix(1_795_000_000).unwrap(),
        };
        let ssp = export::render(&source, &options).unwrap();
        let companions = export::oscal::companions(&source, options.audience).unwrap();
        divan::black_box((ssp, companions))
    });
}

/// The Word SoA rendered to bytes, nothing written.
#[divan::bench]
fn docx_soa_render_only(bencher: Bencher) {
    let loaded = example();
    let options = ExportOptions {
        view: Some(View::Soa),
        format: Format::Docx,
        numbering: None,
        audience: Audience::Internal,
        paper: Paper::A4,
    };
    bencher.bench_local(|| {
        let source = Source {
            session: &loaded.session,
            catalogue: &loaded.catalogue,
            session_file: "example.ron",
            generated_at: Timestamp::from_unix(1_795_000_000).unwrap(),
        };
        divan::black_box(export::render(&source, &options).unwrap())
    });
}
