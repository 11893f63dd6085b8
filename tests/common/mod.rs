//! Shared fixtures: a small realistic session built in code, and a pseudo-terminal driver that
//! runs the real binary and reads its screen through a vt100 parser.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use gapwalk::catalogue::{Catalogue, default_catalogue};
use gapwalk::session::*;

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A session with two providers, participants and a handful of assessed controls.
pub fn fixture() -> (Session, Catalogue) {
    let cat = default_catalogue();
    let mut s = Session::new(
        "Northwind payroll cloud review",
        &cat,
        Timestamp::from_unix(1_790_000_000).unwrap(),
    );
    s.meta.organisation = "Northwind Payroll Ltd".into();
    s.meta.facilitator = "Ana Lima".into();
    s.meta.providers = vec![
        Provider {
            name: "AWS".into(),
            services: vec!["EC2".into(), "S3".into()],
        },
        Provider {
            name: "Google Cloud".into(),
            services: vec!["BigQuery".into()],
        },
    ];
    s.meta.participants = vec![
        Participant {
            name: "Ana Lima".into(),
            role: "CISO".into(),
            side: Side::Customer,
            speaks_for: String::new(),
        },
        Participant {
            name: "Bruno Costa".into(),
            role: "Platform lead".into(),
            side: Side::Customer,
            speaks_for: String::new(),
        },
    ];
    let mut a = Assessment::new("9.2.3");
    a.applicability = Applicability::Applicable;
    a.reasons = vec![Reason::RiskAssessment];
    a.justification = "Admin access to production is our top risk".into();
    let r = a.responsibility_mut("AWS");
    r.holder = Holder::Shared;
    r.customer_owner = "Bruno Costa".into();
    r.provider_owner = "AWS IAM".into();
    let r = a.responsibility_mut("Google Cloud");
    r.holder = Holder::Customer;
    r.customer_owner = "Bruno Costa".into();
    a.status = Status::Partial;
    a.gap = "Break-glass accounts are not reviewed".into();
    a.notes = "INTERNAL: auditor asked twice".into();
    a.remediation = Some(Remediation {
        action: "Quarterly review of break-glass accounts".into(),
        owner: "Bruno Costa".into(),
        due: Some(date("2027-02-28")),
        priority: Priority::High,
    });
    a.next_review = Some(date("2027-06-01"));
    a.flagged = true;
    let mut b = Assessment::new("12.3.1");
    b.applicability = Applicability::Applicable;
    b.justification = "Payroll data must be restorable".into();
    b.status = Status::Implemented;
    b.responsibility_mut("AWS").holder = Holder::Customer;
    b.responsibility_mut("AWS").customer_owner = "Bruno Costa".into();
    b.evidence.push(Evidence {
        kind: EvidenceKind::Url,
        location: "https://wiki.northwind.example/restore-test".into(),
        description: "restore test".into(),
        as_of: Some(date("2026-09-01")),
        added_by: "Ana Lima".into(),
    });
    b.change_trigger = "New region".into();
    let mut c = Assessment::new("11.1.1");
    c.applicability = Applicability::NotApplicable;
    c.justification = "No premises of our own: fully remote company".into();
    let mut d = Assessment::new("CLD.12.4.5");
    d.applicability = Applicability::Applicable;
    d.status = Status::NotImplemented;
    d.risk_acceptance = Some(RiskAcceptance {
        accepted_by: "Ana Lima".into(),
        rationale: "Low volume until launch".into(),
        date: Some(date("2026-11-01")),
        expires: Some(date("2027-03-01")),
    });
    for x in [a, b, c, d] {
        s.apply(
            Edit::SetAssessment {
                control: x.control.clone(),
                assessment: Some(Box::new(x)),
            },
            &cat,
        );
    }
    s.resume_at = Some("9.2.3".into());
    (s, cat)
}

fn nz(n: u16) -> std::num::NonZeroU16 {
    std::num::NonZeroU16::new(n.max(1)).unwrap()
}

/// The real binary in a pseudo-terminal, its screen kept current by a reader thread.
pub struct Pty {
    pub parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the program wrote, for assertions on what reached the terminal raw.
    pub raw: Arc<Mutex<Vec<u8>>>,
    writer: Arc<Mutex<Box<dyn Write + Send>>>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    master: Box<dyn portable_pty::MasterPty + Send>,
    /// Says when the reader thread has read the program's last byte.
    reader_done: std::sync::mpsc::Receiver<()>,
}

impl Pty {
    pub fn spawn(args: &[&str], dir: &Path, cols: u16, rows: u16) -> Pty {
        Pty::spawn_with_env(args, dir, cols, rows, &[])
    }

    /// Like `spawn`, with extra environment variables set last.
    pub fn spawn_with_env(
        args: &[&str],
        dir: &Path,
        cols: u16,
        rows: u16,
        env: &[(&str, &str)],
    ) -> Pty {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .expect("open a pty");
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_gapwalk"));
        cmd.args(args);
        cmd.cwd(dir);
        cmd.env("TERM", "xterm-256color");
        for (key, value) in isolated_env(dir) {
            cmd.env(key, value);
        }
        cmd.env("USER", "tester");
        cmd.env_remove("NO_COLOR");
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).expect("spawn gapwalk");
        // Reads only end once the child side is closed here too.
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(nz(rows), nz(cols), 0)));
        let mut reader = pair.master.try_clone_reader().expect("reader");
        let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("writer")));
        let sink = Arc::clone(&parser);
        let raw = Arc::new(Mutex::new(Vec::new()));
        let raw_sink = Arc::clone(&raw);
        let answer = Arc::clone(&writer);
        let (done, reader_done) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                let chunk = &buf[..n];
                // A terminal answers the cursor-position query; so does this one.
                if chunk.windows(4).any(|w| w == b"\x1b[6n") {
                    let (row, col) = sink.lock().unwrap().screen().cursor_position();
                    let mut w = answer.lock().unwrap();
                    let _ = write!(w, "\x1b[{};{}R", row + 1, col + 1);
                    let _ = w.flush();
                }
                raw_sink.lock().unwrap().extend_from_slice(chunk);
                sink.lock().unwrap().process(chunk);
            }
            let _ = done.send(());
        });
        Pty {
            parser,
            raw,
            writer,
            child,
            master: pair.master,
            reader_done,
        }
    }

    pub fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    /// Waits until the screen satisfies `check`, failing with the screen after `secs`.
    pub fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let screen = self.screen();
            if check(&screen) {
                return;
            }
            if Instant::now() > deadline {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub fn wait_text(&self, text: &str) {
        self.wait_for(text, |s| s.contains(text));
    }

    /// `q` at the end of a meeting that parked a control with a reason: the parking-lot
    /// review it offers first is left with its own `q`, then who attended with Esc (what is
    /// recorded stays); the workshop then saves and quits.
    pub fn quit_past_parking_lot(&mut self) {
        self.send("q");
        self.wait_text("parked for follow-up ─");
        self.send("q");
        self.leave_attendance_as_recorded();
    }

    /// `q` at the end of a meeting this workshop recorded: who attended is left with Esc
    /// (what is recorded stays); the workshop then saves and quits.
    pub fn quit_past_attendance(&mut self) {
        self.send("q");
        self.leave_attendance_as_recorded();
    }

    /// Answers the end of a meeting's "who attended?" with Esc: what is recorded stays.
    pub fn leave_attendance_as_recorded(&mut self) {
        self.wait_text("who attended?");
        esc(self);
    }

    /// Parks the selected control as a person does on the list: `p`, the reason it asks
    /// for, Enter; returns once the question has closed.
    pub fn park(&mut self, why: &str) {
        self.send("p");
        self.wait_text("for follow-up: why?");
        self.send(why);
        self.send("\r");
        self.wait_for("the park question to close", |s| {
            !s.contains("for follow-up: why?")
        });
    }

    pub fn send(&mut self, keys: &str) {
        let mut w = self.writer.lock().unwrap();
        w.write_all(keys.as_bytes()).unwrap();
        w.flush().unwrap();
    }

    pub fn resize(&self, cols: u16, rows: u16) {
        self.master
            .resize(portable_pty::PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        self.parser
            .lock()
            .unwrap()
            .screen_mut()
            .set_size(nz(rows), nz(cols));
    }

    /// Everything written to the terminal so far.
    pub fn raw_output(&self) -> Vec<u8> {
        self.raw.lock().unwrap().clone()
    }

    /// Sends a signal by name (`TERM`, `HUP`) to the program, as `kill -NAME` does.
    pub fn signal(&self, name: &str) {
        let pid = self.child.process_id().expect("a pid");
        let status = std::process::Command::new("kill")
            .args([format!("-{name}"), pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -{name} failed");
    }

    /// Kills the program the way a crash or power cut does: no chance to save or clean up.
    pub fn kill_hard(&mut self) {
        let pid = self.child.process_id().expect("a pid");
        let status = std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
            .expect("run kill");
        assert!(status.success());
        let deadline = Instant::now() + Duration::from_secs(15);
        while self.child.try_wait().unwrap().is_none() {
            assert!(Instant::now() < deadline, "the process survived SIGKILL");
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Waits for the program to end, and for everything it wrote to be read and parsed (the
    /// screen is then final), and returns its exit code.
    pub fn wait_exit(&mut self) -> u32 {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // The reader stops at the end of the output, once no one holds the terminal.
                let _ = self.reader_done.recv_timeout(Duration::from_secs(10));
                return status.exit_code();
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!("gapwalk did not exit; screen:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

/// The workshop screen's state on the fixture session, as `gapwalk open` starts it but with no
/// terminal: facilitator Ana Lima, a fixed clock, the default keys.
pub fn workshop(path: impl Into<std::path::PathBuf>) -> gapwalk::tui::app::App {
    let (session, catalogue) = fixture();
    gapwalk::tui::app::App::new(
        session,
        catalogue,
        path.into(),
        gapwalk::tui::keymap::Keymap::default(),
        "Ana Lima".into(),
        Timestamp::from_unix(1_795_000_000).unwrap(),
    )
}

/// The workshop screen as drawn at the app's size, without colour: one quoted line per row
/// (ratatui's test backend).
pub fn screen(app: &gapwalk::tui::app::App) -> String {
    let (width, height) = app.size();
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| gapwalk::tui::view::render(app, &gapwalk::tui::theme::Theme { color: false }, f))
        .unwrap();
    terminal.backend().to_string()
}

/// Puts a control's record into the session as a file would have it (no undo step, no save)
/// and selects the control.
pub fn put_and_select(app: &mut gapwalk::tui::app::App, assessment: Assessment) {
    let catalogue = app.catalogue.clone();
    let index = catalogue.position(&assessment.control).unwrap();
    app.session.apply(
        Edit::SetAssessment {
            control: assessment.control.clone(),
            assessment: Some(Box::new(assessment)),
        },
        &catalogue,
    );
    app.select_control(index);
}

/// Types text into whatever input has the keyboard, one key at a time.
pub fn type_text(app: &mut gapwalk::tui::app::App, text: &str) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for c in text.chars() {
        app.update(gapwalk::tui::action::Action::Type(KeyEvent::new(
            KeyCode::Char(c),
            KeyModifiers::NONE,
        )));
    }
}

/// Empties the input that has the keyboard, as a user would: Backspace until nothing is left.
pub fn clear_input(app: &mut gapwalk::tui::app::App) {
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    for _ in 0..400 {
        app.update(gapwalk::tui::action::Action::Type(KeyEvent::new(
            KeyCode::Backspace,
            KeyModifiers::NONE,
        )));
    }
}

/// splitmix64: small and seeded, so a random test takes the same path on every machine.
pub struct Rng(pub u64);

impl Rng {
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number below `n` (0 when `n` is 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// An index into something of length `len`.
    pub fn index(&mut self, len: usize) -> usize {
        self.below(len as u64) as usize
    }

    pub fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.index(items.len())]
    }
}

/// Creates `s.ron` in `dir` with `gapwalk new`, with the extra arguments given.
pub fn new_session_file(dir: &Path, args: &[&str]) {
    let out = gapwalk(dir)
        .args(["new", "s.ron"])
        .args(args)
        .output()
        .expect("run gapwalk new");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Esc, then a pause: a key sent right after it would arrive as Alt+key.
pub fn esc(pty: &mut Pty) {
    pty.send("\x1b");
    std::thread::sleep(Duration::from_millis(300));
}

/// Every folder gapwalk could read or write besides its working folder, pointed into `dir`:
/// the one isolation policy of the tests that run the built binary (`gapwalk`, `Pty`).
pub fn isolated_env(dir: &Path) -> Vec<(&'static str, std::path::PathBuf)> {
    vec![
        ("HOME", dir.to_path_buf()),
        ("XDG_CONFIG_HOME", dir.join("config")),
        ("XDG_STATE_HOME", dir.join("state")),
        ("XDG_DATA_HOME", dir.join("data")),
        ("XDG_CACHE_HOME", dir.join("cache")),
    ]
}

/// The built binary, to run in `dir` with the isolation policy and a known user name.
pub fn gapwalk(dir: &Path) -> std::process::Command {
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_gapwalk"));
    cmd.current_dir(dir)
        .env("USER", "tester")
        .env_remove("NO_COLOR");
    for (key, value) in isolated_env(dir) {
        cmd.env(key, value);
    }
    cmd
}

/// The terminal event of a key named as a keymap file names it: `"w"`, `"G"`, `"enter"`,
/// `"esc"`, `"ctrl-u"`, `"alt-b"`, `"shift-tab"`.
pub fn key_event(key: &str) -> ratatui::crossterm::event::Event {
    use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
    let parsed = gapwalk::tui::keymap::Key::parse(key)
        .unwrap_or_else(|| panic!("{key:?} is not a key name a keymap file could use"));
    let mut modifiers = KeyModifiers::NONE;
    if parsed.ctrl {
        modifiers |= KeyModifiers::CONTROL;
    }
    if parsed.alt {
        modifiers |= KeyModifiers::ALT;
    }
    match parsed.code {
        KeyCode::BackTab => modifiers |= KeyModifiers::SHIFT,
        KeyCode::Char(c) if c.is_uppercase() => modifiers |= KeyModifiers::SHIFT,
        _ => {}
    }
    Event::Key(KeyEvent::new(parsed.code, modifiers))
}

/// Presses a key as a person does, through the app's real keymap and key translation (key
/// names as in [`key_event`]). Returns the effects `update` asked for.
pub fn press(app: &mut gapwalk::tui::app::App, key: &str) -> Vec<gapwalk::tui::action::Effect> {
    match gapwalk::tui::input::translate(app, key_event(key)) {
        Some(action) => app.update(action),
        None => Vec::new(),
    }
}

/// Presses a key on the start screen, through its keymap section and key translation.
pub fn press_start(
    screen: &mut gapwalk::tui::start::StartScreen,
    key: &str,
) -> gapwalk::tui::start::StartOutcome {
    match gapwalk::tui::input::translate_start(screen, key_event(key)) {
        Some(action) => screen.update(action),
        None => gapwalk::tui::start::StartOutcome::Stay,
    }
}

/// Parks the selected control as a person does on the list: `p`, why, Enter.
pub fn park(app: &mut gapwalk::tui::app::App, why: &str) {
    press(app, "p");
    assert!(
        matches!(
            app.popups().last(),
            Some(gapwalk::tui::popup::Popup::Park(_))
        ),
        "p did not ask why (is the selected control parked already?)"
    );
    press_text(app, why);
    press(app, "enter");
}

/// `q` on the list, going through the end of a meeting as one who reviewed it already: the
/// parking-lot review, when it is offered, is left with its own `q`, and who attended, when it
/// is asked, with Esc (what is recorded stays). Returns the effects of the key that left.
pub fn quit_meeting(app: &mut gapwalk::tui::app::App) -> Vec<gapwalk::tui::action::Effect> {
    use gapwalk::tui::popup::Popup;
    let mut effects = press(app, "q");
    if matches!(app.popups().last(), Some(Popup::ParkingLot(_))) {
        effects = press(app, "q");
    }
    if matches!(app.popups().last(), Some(Popup::Attendance(_))) {
        effects = press(app, "esc");
    }
    effects
}

/// Types text key by key through `press` (each character its own key).
pub fn press_text(app: &mut gapwalk::tui::app::App, text: &str) {
    for c in text.chars() {
        let name = if c == ' ' {
            "space".to_string()
        } else {
            c.to_string()
        };
        press(app, &name);
    }
}

/// What a run of the built binary left: its exit code (-1 when a signal ended it) and its output
/// as text.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs a command made by [`gapwalk`] to its end and keeps what it printed.
pub fn run(cmd: &mut std::process::Command) -> Run {
    let out = cmd.output().expect("run gapwalk");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Runs `gapwalk ARGS` in `dir` (isolated as [`gapwalk`]) and asserts it succeeded, showing
/// what it printed when it did not.
pub fn gapwalk_ok(dir: &Path, args: &[&str]) -> Run {
    let r = run(gapwalk(dir).args(args));
    assert_eq!(r.code, 0, "gapwalk {args:?}: {}{}", r.stdout, r.stderr);
    r
}

/// `s.ron` in `dir`: a customer's session with AWS as its provider, Ana Lima facilitating.
pub fn new_aws_session(dir: &Path) {
    new_session_file(dir, &["--provider", "AWS", "--facilitator", "Ana Lima"]);
}

/// `file` in `dir`: the session of a provider, Northwind, offering `offering`.
pub fn new_provider_session(dir: &Path, file: &str, offering: &str) {
    gapwalk_ok(
        dir,
        &[
            "new",
            file,
            "--role",
            "csp",
            "--org",
            "Northwind",
            "--offering",
            offering,
        ],
    );
}

impl Pty {
    /// `gapwalk open s.ron` in `dir` at `cols`x`rows`, once the workshop list is up.
    pub fn open_session(dir: &Path, cols: u16, rows: u16) -> Pty {
        let pty = Pty::spawn(&["open", "s.ron"], dir, cols, rows);
        pty.wait_text("assessed");
        pty
    }
}
