//! What the file-system edge tests share: the real binary run with a time limit (a hang is a
//! failure, not a stuck test), and the mechanisms that make hostile file systems for real:
//! FIFOs, device nodes, small tmpfs mounts, read-only mounts, another user. They need root
//! (CI runs as root); where one is refused the test fails and says why, it never skips.
#![allow(dead_code)]

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub struct Run {
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    pub fn expect_code(&self, code: i32, what: &str) {
        assert_eq!(
            self.code,
            Some(code),
            "{what}: expected exit {code}\nstdout: {}\nstderr: {}",
            self.stdout,
            self.stderr
        );
    }
}

/// The command for the built binary with a private environment under `dir`.
pub fn gapwalk_command(args: &[&str], dir: &Path) -> Command {
    let mut cmd = crate::common::gapwalk(dir);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// Runs a command; one still running after `limit` is killed and the test fails: gapwalk must
/// never hang on what it finds at a path.
pub fn run_within(mut cmd: Command, limit: Duration) -> Run {
    let mut child = cmd.spawn().expect("start gapwalk");
    let (mut out, mut err) = (child.stdout.take().unwrap(), child.stderr.take().unwrap());
    let out_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = out.read_to_string(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = String::new();
        let _ = err.read_to_string(&mut s);
        s
    });
    let start = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if start.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "gapwalk {:?} hung: still running after {limit:?}",
                cmd.get_args().collect::<Vec<_>>()
            );
        }
        std::thread::sleep(Duration::from_millis(10));
    };
    Run {
        code: status.code(),
        stdout: out_reader.join().unwrap(),
        stderr: err_reader.join().unwrap(),
    }
}

pub fn gapwalk(args: &[&str], dir: &Path) -> Run {
    run_within(gapwalk_command(args, dir), Duration::from_secs(20))
}

/// Runs a system tool the test needs; its failure fails the test with the reason.
pub fn tool(program: &str, args: &[&str], why: &str) {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("cannot run {program} ({why}): {e}"));
    assert!(
        out.status.success(),
        "{program} {args:?} failed ({why}): {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Fails the test unless it runs as root: device nodes, mounts and another user need it.
pub fn need_root(what: &str) {
    let out = Command::new("id").arg("-u").output().expect("run id");
    let uid = String::from_utf8_lossy(&out.stdout).trim().to_string();
    assert_eq!(
        uid, "0",
        "this test needs root to {what} (CI runs as root); run it as root rather than skip it"
    );
}

pub fn mkfifo(path: &Path) {
    tool("mkfifo", &[path.to_str().unwrap()], "make a FIFO");
}

/// A character device node; `minor` 3 is /dev/null's, 7 /dev/full's (major 1).
pub fn mknod_char(path: &Path, minor: u32) {
    need_root("make a device node");
    tool(
        "mknod",
        &[path.to_str().unwrap(), "c", "1", &minor.to_string()],
        "make a character device",
    );
}

pub fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

pub fn is_char_device(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_char_device())
}

pub fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::symlink_metadata(path)
        .unwrap()
        .permissions()
        .mode()
        & 0o777
}

/// A tmpfs mounted on a folder inside a test's temporary folder; unmounted when dropped, even
/// when the test fails.
pub struct Mount {
    pub path: PathBuf,
}

impl Mount {
    /// A tmpfs of `size` (mount's syntax: `64k`, `1m`).
    pub fn tmpfs(path: &Path, size: &str) -> Mount {
        need_root("mount a small tmpfs (a full disk)");
        std::fs::create_dir_all(path).unwrap();
        tool(
            "mount",
            &[
                "-t",
                "tmpfs",
                "-o",
                &format!("size={size},mode=0755"),
                "tmpfs",
                path.to_str().unwrap(),
            ],
            "mount a tmpfs",
        );
        Mount {
            path: path.to_path_buf(),
        }
    }

    /// Makes the mount read-only: root ignores permission bits, a read-only mount it cannot.
    pub fn read_only(&self) {
        tool(
            "mount",
            &["-o", "remount,ro", self.path.to_str().unwrap()],
            "remount read-only",
        );
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        // Lazy, so a file still open in a failed test does not keep it mounted.
        let _ = Command::new("umount")
            .args(["-l", self.path.to_str().unwrap()])
            .status();
    }
}

/// Fills the file system holding `dir` until a write fails.
pub fn fill(dir: &Path) {
    use std::io::Write;
    let mut f = std::fs::File::create(dir.join("filler")).unwrap();
    let block = vec![b'x'; 4096];
    while f.write_all(&block).is_ok() {}
    let _ = f.sync_all();
}

/// A session `s.ron` in `dir` with one control recorded; returns its path.
pub fn session(dir: &Path) -> PathBuf {
    gapwalk(
        &["new", "s.ron", "--title", "Edges", "--provider", "AWS"],
        dir,
    )
    .expect_code(0, "gapwalk new");
    let path = dir.join("s.ron");
    gapwalk(&["set", "s.ron", "9.2.3", "status=partial"], dir).expect_code(0, "first set");
    path
}

/// The uid of `nobody`, the second user of the tests.
pub fn nobody() -> u32 {
    let out = Command::new("id").args(["-u", "nobody"]).output().unwrap();
    String::from_utf8_lossy(&out.stdout)
        .trim()
        .parse()
        .expect("the user nobody exists")
}
