//! Speed budgets of DESIGN.md §6, at 121, 1,000 and 10,000 controls: a key handled and a frame
//! drawn (at 120x40 and at 200x60, the largest screen DESIGN names), a fuzzy-jump keystroke,
//! loading and saving a session, merge and diff; exports at 121 and 1,000. The time to the
//! first frame and resident memory are in `startup.rs`. Run with `cargo bench`.

mod generate;

use std::io::Write;
use std::path::PathBuf;

use divan::Bencher;
use gapwalk::catalogue::Catalogue;
use gapwalk::session::*;
use gapwalk::tui::action::{Action, Command};
use gapwalk::tui::app::App;
use gapwalk::tui::keymap::Keymap;
use gapwalk::tui::theme::Theme;
use generate::{SIZES, catalogue, rich_session, session, write_session_files};
use ratatui::backend::CrosstermBackend;
use ratatui::layout::Rect;
use ratatui::{Terminal, TerminalOptions, Viewport};

fn main() {
    divan::main();
}

/// Stands in for the terminal: takes the escape sequences a frame writes and drops them.
struct Discard;

impl Write for Discard {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// One key and one frame, the way the runner does them: `update` handles the key, then the frame
/// is rendered, its cells sanitised, diffed against the previous one and encoded as crossterm
/// escape sequences for a `width` x `height` terminal. The keys alternate between `first` and
/// `second`, starting on a control in the middle of the list.
fn key_then_frame(
    bencher: Bencher,
    mut s: Session,
    cat: Catalogue,
    (width, height): (u16, u16),
    [first, second]: [Command; 2],
) {
    let middle = cat.controls.len() / 2 / 3 * 3;
    s.resume_at = Some(cat.controls[middle].id.clone());
    let mut app = App::new(
        s,
        cat,
        PathBuf::from("b.ron"),
        Keymap::default(),
        "b".into(),
        Timestamp::from_unix(0).unwrap(),
    );
    app.update(Action::Resize(width, height));
    let viewport = Viewport::Fixed(Rect::new(0, 0, width, height));
    let mut terminal =
        Terminal::with_options(CrosstermBackend::new(Discard), TerminalOptions { viewport })
            .unwrap();
    let theme = Theme { color: true };
    let mut odd = true;
    bencher.bench_local(|| {
        let c = if odd { first } else { second };
        odd = !odd;
        app.update(Action::Command(c));
        terminal
            .draw(|f| gapwalk::tui::view::render(&app, &theme, f))
            .unwrap();
    });
}

/// Down, then up: each frame redraws two list rows and the whole detail pane.
const MOVE: [Command; 2] = [Command::SelectNext, Command::SelectPrevious];

/// The typical session (a third of the controls assessed) on a 120x40 terminal.
#[divan::bench(args = SIZES)]
fn key_and_frame(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    key_then_frame(bencher, session(&cat), cat, (120, 40), MOVE);
}

#[divan::bench(args = SIZES)]
fn key_and_frame_200x60(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    key_then_frame(bencher, session(&cat), cat, (200, 60), MOVE);
}

/// Every control assessed with long text in every field: the fullest detail pane, which wraps
/// and scrolls (its wrapped height is measured on every frame).
#[divan::bench(args = SIZES)]
fn key_and_frame_rich(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    key_then_frame(bencher, rich_session(&cat), cat, (120, 40), MOVE);
}

#[divan::bench(args = SIZES)]
fn key_and_frame_rich_200x60(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    key_then_frame(bencher, rich_session(&cat), cat, (200, 60), MOVE);
}

/// A key that changes the session (park the control, then unpark it: an undoable edit that
/// also rebuilds the list's rows), with the frame after it, on the fully assessed session.
#[divan::bench(args = SIZES)]
fn edit_key_and_frame(bencher: Bencher, n: usize) {
    let cat = catalogue(n);
    let toggle = [Command::ToggleFlag, Command::ToggleFlag];
    key_then_frame(bencher, rich_session(&cat), cat, (120, 40), toggle);
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
