//! Start-up budgets (listed in docs/performance.md), met the way a user meets them: the release binary runs
//! `gapwalk open FILE` in a 120x40 pseudo-terminal, and the clock runs from spawning it until
//! the status bar of the first frame has arrived on the terminal. Resident memory is the
//! process's peak (`VmHWM` in `/proc/PID/status`), read once the first frame is up and again
//! after a jump, a dashboard and a page through the list. The sessions come from the same
//! generator as `workshop.rs`. Run with `cargo bench --bench startup`; arguments filter the
//! cases by name (`cargo bench --bench startup -- rich`), `STARTUP_RUNS=N` sets the runs per case,
//! and `STARTUP_FILES_IN=DIR` only writes the cases' files there, to profile one start by hand.

mod generate;

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const COLS: u16 = 120;
const ROWS: u16 = 40;

/// One row of the report: what is opened and its budgets (docs/performance.md).
struct Case {
    name: &'static str,
    controls: usize,
    rich: bool,
    /// First frame (ms) and peak resident memory (MB); none is set at 1,000.
    budgets: Option<(f64, f64)>,
}

const CASES: [Case; 4] = [
    Case {
        name: "121",
        controls: 121,
        rich: false,
        budgets: Some((50.0, 15.0)),
    },
    Case {
        name: "1000",
        controls: 1_000,
        rich: false,
        budgets: None,
    },
    Case {
        name: "10000",
        controls: 10_000,
        rich: false,
        budgets: Some((150.0, 30.0)),
    },
    // Every control assessed in full: the ~20 MB file the hardening budget names.
    Case {
        name: "10000-rich",
        controls: 10_000,
        rich: true,
        budgets: Some((150.0, 30.0)),
    },
];

/// What one start of the program came to.
struct Run {
    first_frame: Duration,
    /// Peak resident set in kB once the first frame was up, and after the keys.
    peak_at_first_frame: u64,
    peak_after_keys: u64,
}

/// The program in a pseudo-terminal, its screen kept by a vt100 parser on a reader thread that
/// also notes the moment the status bar first appears.
struct Terminal {
    parser: Arc<Mutex<vt100::Parser>>,
    status_bar_at: Arc<Mutex<Option<Instant>>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    // Closing the master side hangs the child up; kept until the run ends.
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Terminal {
    /// Spawns the binary with `args` in `dir` (also its home and XDG folders) and returns the
    /// moment of the spawn, the clock's zero.
    fn spawn(args: &[&str], dir: &Path) -> (Terminal, Instant) {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: ROWS,
                cols: COLS,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gapwalk"));
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", dir);
        cmd.env("XDG_CONFIG_HOME", dir.join("config"));
        cmd.env("XDG_STATE_HOME", dir.join("state"));
        cmd.env("XDG_DATA_HOME", dir.join("data"));
        cmd.env("USER", "bench");
        cmd.env_remove("NO_COLOR");
        let size = |n: u16| std::num::NonZeroU16::new(n).unwrap();
        let parser = Arc::new(Mutex::new(vt100::Parser::new(size(ROWS), size(COLS), 0)));
        let status_bar_at = Arc::new(Mutex::new(None));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let writer = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let start = Instant::now();
        let child = pair.slave.spawn_command(cmd).unwrap();
        // Reads only end once the child side is closed here too.
        drop(pair.slave);
        let (screen, seen, answer) = (
            Arc::clone(&parser),
            Arc::clone(&status_bar_at),
            Arc::clone(&writer),
        );
        std::thread::spawn(move || {
            let mut buf = [0u8; 16384];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let mut parser = screen.lock().unwrap();
                parser.process(&buf[..n]);
                let mut seen = seen.lock().unwrap();
                if seen.is_none() && status_bar(parser.screen()) {
                    *seen = Some(Instant::now());
                }
                // A terminal answers the cursor-position query; so does this one.
                if buf[..n].windows(4).any(|w| w == b"\x1b[6n") {
                    let (row, col) = parser.screen().cursor_position();
                    let mut w = answer.lock().unwrap();
                    let _ = write!(w, "\x1b[{};{}R", row + 1, col + 1);
                    let _ = w.flush();
                }
            }
        });
        (
            Terminal {
                parser,
                status_bar_at,
                writer,
                child,
                _master: pair.master,
            },
            start,
        )
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Polls `check` on the screen until it holds; a run that stalls is a broken bench, not a
    /// slow one, so it panics with the screen after 30 s.
    fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if check(&screen) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(2));
        }
    }

    fn send(&self, keys: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    fn pid(&self) -> u32 {
        self.child.process_id().unwrap()
    }

    /// Waits for the program to end, killing it if it does not.
    fn finish(mut self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while self.child.try_wait().unwrap().is_none() {
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("gapwalk did not quit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }
}

/// The status bar is the last row the first frame draws: progress on the left, key hints on
/// the right.
fn status_bar(screen: &vt100::Screen) -> bool {
    let last = screen.contents_between(ROWS - 1, 0, ROWS - 1, COLS);
    last.contains(" assessed · ") && last.contains("quit")
}

/// `VmHWM` (peak resident set) of a live process, in kB.
fn peak_resident_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// One start: open the session, wait for the first frame, then use it a little (jump to a
/// control by fuzzy search, open and close the dashboard, page down the list) and quit.
fn run_once(session: &Path, dir: &Path) -> Run {
    let file = session.file_name().unwrap().to_str().unwrap();
    let (term, start) = Terminal::spawn(&["open", file], dir);
    term.wait_for("the first frame", |s| s.contains(" assessed · "));
    let first_frame = term.status_bar_at.lock().unwrap().unwrap() - start;
    let peak_at_first_frame = peak_resident_kb(term.pid());
    term.send("/");
    term.wait_for("the jump popup", |s| s.contains("Jump to a control"));
    // Letters that appear together nowhere else on screen, so the echo proves all were read.
    term.send("bkup");
    term.wait_for("the query", |s| s.contains("bkup"));
    term.send("\r");
    term.wait_for("the jump", |s| !s.contains("Jump to a control"));
    term.send("d");
    term.wait_for("the dashboard", |s| s.contains("Gaps by priority"));
    term.send("d");
    term.wait_for("the list again", |s| !s.contains("Gaps by priority"));
    for _ in 0..5 {
        term.send("\x1b[6~");
    }
    term.send("?");
    term.wait_for("the help", |s| s.contains("Help · keys"));
    let peak_after_keys = peak_resident_kb(term.pid());
    term.send("\x1b");
    std::thread::sleep(Duration::from_millis(300));
    term.send("q");
    term.finish();
    Run {
        first_frame,
        peak_at_first_frame,
        peak_after_keys,
    }
}

/// The process floor: `gapwalk --version` in the same pseudo-terminal, spawn to exit.
fn floor_once(dir: &Path) -> Duration {
    let (term, start) = Terminal::spawn(&["--version"], dir);
    term.wait_for("the version", |s| s.contains("gapwalk"));
    let elapsed = start.elapsed();
    term.finish();
    elapsed
}

fn median_and_spread(mut values: Vec<f64>) -> (f64, f64, f64) {
    values.sort_by(f64::total_cmp);
    let n = values.len();
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        (values[n / 2 - 1] + values[n / 2]) / 2.0
    };
    (median, values[0], values[n - 1])
}

fn main() {
    // Cargo passes `--bench`; anything else not starting with `-` filters the cases.
    let filters: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let runs: usize = std::env::var("STARTUP_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20);
    let wanted = |name: &str| filters.is_empty() || filters.iter().any(|f| name.contains(f));
    // For profiling one start by hand (valgrind, tmux): write the cases' files and stop.
    if let Some(dir) = std::env::var_os("STARTUP_FILES_IN") {
        for case in CASES.iter().filter(|c| wanted(c.name)) {
            let dir = Path::new(&dir).join(case.name);
            std::fs::create_dir_all(&dir).unwrap();
            let session = generate::write_session_files(&dir, case.controls, case.rich);
            println!("{}", session.display());
        }
        return;
    }
    println!(
        "startup: `gapwalk open FILE`, release binary, {COLS}x{ROWS} pseudo-terminal, {runs} runs per case"
    );
    println!("median [min–max]; MB = 10^6 bytes of peak resident set (VmHWM)");
    println!(
        "{:<11} {:>7} │ {:<28} │ {:<20} │ {:<28}",
        "case", "file MB", "first frame ms (budget)", "MB at first frame", "MB after keys (budget)"
    );
    let spread = |(median, min, max): (f64, f64, f64)| format!("{median:.1} [{min:.1}–{max:.1}]");
    if wanted("floor") {
        let dir = tempfile::tempdir().unwrap();
        let times = (0..runs)
            .map(|_| floor_once(dir.path()).as_secs_f64() * 1e3)
            .collect();
        println!(
            "{:<11} {:>7} │ {:<28} │ `gapwalk --version`: process start to exit",
            "floor",
            "-",
            spread(median_and_spread(times)),
        );
    }
    for case in CASES.iter().filter(|c| wanted(c.name)) {
        let dir = tempfile::tempdir().unwrap();
        let session = generate::write_session_files(dir.path(), case.controls, case.rich);
        let size = std::fs::metadata(&session).unwrap().len() as f64 / 1e6;
        // One unmeasured start warms the page cache, as a file just saved or pulled would be.
        run_once(&session, dir.path());
        let results: Vec<Run> = (0..runs).map(|_| run_once(&session, dir.path())).collect();
        let frame = median_and_spread(
            results
                .iter()
                .map(|r| r.first_frame.as_secs_f64() * 1e3)
                .collect(),
        );
        let mb = |kb: u64| kb as f64 * 1024.0 / 1e6;
        let first = median_and_spread(results.iter().map(|r| mb(r.peak_at_first_frame)).collect());
        let keys = median_and_spread(results.iter().map(|r| mb(r.peak_after_keys)).collect());
        let judged = |(median, ..): (f64, f64, f64), budget: Option<f64>| match budget {
            Some(b) if median <= b => format!("({b:.0}) ok"),
            Some(b) => format!("({b:.0}) OVER"),
            None => "(none named)".into(),
        };
        println!(
            "{:<11} {size:>7.1} │ {:<28} │ {:<20} │ {:<28}",
            case.name,
            format!(
                "{} {}",
                spread(frame),
                judged(frame, case.budgets.map(|b| b.0))
            ),
            spread(first),
            format!(
                "{} {}",
                spread(keys),
                judged(keys, case.budgets.map(|b| b.1))
            ),
        );
    }
}
