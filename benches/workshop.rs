//! Speed budgets (listed in docs/performance.md) for the work behind the screen, at 121, 1,000 and 10,000
//! controls: a fuzzy-jump keystroke, loading and saving a session, merge and diff; exports at
//! 121 and 1,000. Keys and frames are in `frame.rs`, the time to the first frame and resident
//! memory in `startup.rs`. Run with `cargo bench`.

mod generate;

use divan::Bencher;
use gapwalk::catalogue::Catalogue;
use gapwalk::session::*;
use generate::{SIZES, catalogue, session, write_session_files};

fn main() {
    divan::main();
}

#[divan::bench(args = SIZES)]
fn fuzzy_jump_keystroke(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let s = session(&cat);
    let searcher = gapwalk::search::Searcher::new(&cat, &s);
    let queries = ["b", "ba", "bac", "back", "backu", "backup"];
    let mut k = 0;
    bencher.bench_local(|| {
        k = (k + 1) % queries.len();
        divan::black_box(searcher.rank(queries[k], 200));
    });
}

#[divan::bench(args = SIZES)]
fn load_session(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let text = gapwalk::persist::to_canonical(&session(&cat)).unwrap();
    bencher.bench_local(|| {
        let s = gapwalk::persist::parse(&text, "b.ron").unwrap();
        divan::black_box(gapwalk::persist::validate(s, &cat, &text, "b.ron").unwrap());
    });
}

#[divan::bench(args = SIZES)]
fn save_session_atomically(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let s = session(&cat);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("b.ron");
    bencher.bench_local(|| gapwalk::persist::save(&path, &s).unwrap());
}

/// The save the workshop's save thread makes: read the file to check it still holds the version
/// last written, then write the session over it atomically (backup, fsync, rename), here for
/// the fully assessed 23 MB session.
#[divan::bench(args = [10_000])]
fn save_rich_session_file_guarded(bencher: Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = write_session_files(dir.path(), n, true);
    let mut expected = std::sync::Arc::new(std::fs::read_to_string(&path).unwrap());
    let s = gapwalk::persist::load(&path).unwrap().session;
    bencher.bench_local(
        || match gapwalk::persist::save_over(&path, &s, &expected).unwrap() {
            gapwalk::persist::Guarded::Written(text) => expected = text,
            other => panic!("the file changed under the bench: {other:?}"),
        },
    );
}

/// What the screen's thread pays when a save starts: the runner hands a copy of the session to
/// the save thread, which does the writing. Autosave starts one after a second of quiet, or
/// every three seconds of steady typing.
#[divan::bench(args = SIZES)]
fn save_snapshot_on_screen_thread(bencher: Bencher, n: usize) {
    let s = session(&catalogue(n));
    bencher.bench_local(|| divan::black_box(s.clone()));
}

#[divan::bench(args = [10_000])]
fn save_snapshot_on_screen_thread_rich(bencher: Bencher, n: usize) {
    let s = generate::rich_session(&catalogue(n));
    bencher.bench_local(|| divan::black_box(s.clone()));
}

const EXPORT_SIZES: [usize; 2] = [121, 1_000];

/// Renders an export and writes it atomically, as `gapwalk export` does after loading.
fn export_to_file(
    bencher: Bencher,
    n: usize,
    view: Option<gapwalk::export::View>,
    format: gapwalk::export::Format,
) {
    use gapwalk::export::{self, Audience, ExportOptions, Source};
    let cat = catalogue(n);
    let s = session(&cat);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(format!("out.{}", format.key()));
    let options = ExportOptions {
        view,
        format,
        numbering: None,
        audience: Audience::Internal,
        paper: export::Paper::A4,
    };
    bencher.bench_local(|| {
        let source = Source {
            session: &s,
            catalogue: &cat,
            session_file: "b.ron",
            generated_at: Timestamp::from_unix(1_795_000_000).unwrap(),
        };
        let bytes = export::render(&source, &options).unwrap();
        export::write(&path, &bytes).unwrap();
    });
}

#[divan::bench(args = EXPORT_SIZES)]
fn export_soa_csv(bencher: Bencher, n: usize) {
    use gapwalk::export::{Format, View};
    export_to_file(bencher, n, Some(View::Soa), Format::Csv);
}

#[divan::bench(args = EXPORT_SIZES)]
fn export_soa_xlsx(bencher: Bencher, n: usize) {
    use gapwalk::export::{Format, View};
    export_to_file(bencher, n, Some(View::Soa), Format::Xlsx);
}

/// The SSP alone (its profile and catalog are written beside it by the command).
#[divan::bench(args = EXPORT_SIZES)]
fn export_soa_oscal(bencher: Bencher, n: usize) {
    use gapwalk::export::{Format, View};
    export_to_file(bencher, n, Some(View::Soa), Format::Oscal);
}

#[divan::bench(args = EXPORT_SIZES)]
fn export_soa_docx(bencher: Bencher, n: usize) {
    use gapwalk::export::{Format, View};
    export_to_file(bencher, n, Some(View::Soa), Format::Docx);
}

#[divan::bench(args = EXPORT_SIZES)]
fn export_every_view_xlsx(bencher: Bencher, n: usize) {
    export_to_file(bencher, n, None, gapwalk::export::Format::Xlsx);
}

/// Two branches of a session: ours re-rates every 7th control, theirs rewrites every 5th
/// justification and also re-rates every 35th, so some fields conflict.
fn branches(cat: &Catalogue) -> (Session, Session, Session) {
    let base = session(cat);
    let mut ours = base.clone();
    let mut theirs = base.clone();
    for (k, a) in ours
        .assessments
        .iter_mut()
        .enumerate()
        .filter(|(k, _)| k % 7 == 0)
    {
        a.status = Status::Planned;
        a.notes = format!("re-rated in meeting {k}");
    }
    for (k, a) in theirs
        .assessments
        .iter_mut()
        .enumerate()
        .filter(|(k, _)| k % 5 == 0)
    {
        a.justification = format!("Rewritten after the audit, item {k}");
        if k % 35 == 0 {
            a.status = Status::NotImplemented;
        }
    }
    (base, ours, theirs)
}

#[divan::bench(args = SIZES)]
fn merge_three_way(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let (base, ours, theirs) = branches(&cat);
    bencher.bench_local(|| divan::black_box(gapwalk::review::merge(&base, &ours, &theirs, &cat)));
}

#[divan::bench(args = SIZES)]
fn diff_two_versions(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let (base, ours, _) = branches(&cat);
    bencher.bench_local(|| divan::black_box(gapwalk::review::diff(&base, &ours, Some(&cat))));
}

/// The whole load a user waits for: read (with the size cap), parse and validate the session and
/// the catalogue file it names.
#[divan::bench(args = [10_000])]
fn load_rich_session_file(bencher: Bencher, n: usize) {
    let dir = tempfile::tempdir().unwrap();
    let path = write_session_files(dir.path(), n, true);
    let size = std::fs::metadata(&path).unwrap().len();
    eprintln!(
        "rich session file: {n} controls, {:.1} MB",
        size as f64 / 1e6
    );
    assert!(size < gapwalk::textfile::MAX_SESSION_BYTES);
    bencher.bench_local(|| {
        let loaded = gapwalk::persist::load(&path).unwrap();
        assert!(loaded.warnings.is_empty());
        divan::black_box(loaded)
    });
}
