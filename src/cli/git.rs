//! gapwalk and git without hand set-up: `gapwalk git-setup [FOLDER]` writes the attributes, the
//! ignore lines and the clone's driver config; `merge --from-index` reads git's index stages.
//! Git is run as a program (`git` on PATH); nothing here links to it.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use clap::Args;

use super::{EXIT_OK, fail};

#[derive(Debug, Args)]
#[command(
    after_help = "Commit .gitattributes and .gitignore; the driver config lives in the clone \
(.git/config), so every clone runs `gapwalk git-setup` once. Running it again changes nothing \
that is already there. Exit codes: 0 set up, 2 not in a git repository or a file could not be \
written."
)]
pub struct GitSetupArgs {
    /// The folder that holds the sessions [default: the current folder]; only RON files under
    /// it get the drivers, so catalogue files elsewhere stay plain text
    pub folder: Option<PathBuf>,
}

/// The lines every repository of sessions ignores: a workshop's lock, the backups `set`, `fmt`
/// and `merge --from-index` keep, and an atomic write's temporary file.
pub const IGNORED: [&str; 3] = ["*.gapwalk-lock", "*.ron.bak", ".gapwalk-*.tmp"];

/// Runs git in `dir` and returns its stdout, or what went wrong in words.
fn git(dir: &Path, args: &[&OsStr]) -> Result<Vec<u8>, String> {
    let out = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e} (is git installed and on PATH?)"))?;
    if !out.status.success() {
        return Err(String::from_utf8_lossy(&out.stderr).trim().to_string());
    }
    Ok(out.stdout)
}

/// The folder of `file` to run git in, and the file's name in it.
fn folder_and_name(file: &Path) -> Result<(PathBuf, &OsStr), String> {
    let name = file
        .file_name()
        .ok_or_else(|| "expected a file, not a folder".to_string())?;
    let dir = match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name))
}

/// The content of `file` at index stage `stage` (1 base, 2 ours, 3 theirs) of an unmerged
/// path; `None` when the index has no such stage (a side that added or deleted the file).
pub fn index_stage(file: &Path, stage: u8) -> Result<Option<Vec<u8>>, String> {
    let (dir, name) = folder_and_name(file)?;
    // `-z`: names as they are, never quoted (a non-ASCII name would be).
    let listing = git(
        &dir,
        &[
            OsStr::new("ls-files"),
            OsStr::new("-u"),
            OsStr::new("-z"),
            OsStr::new("--"),
            name,
        ],
    )?;
    let wanted = stage.to_string();
    for entry in listing.split(|b| *b == 0) {
        let entry = String::from_utf8_lossy(entry);
        // "<mode> <object> <stage>\t<path>"
        let Some((head, _path)) = entry.split_once('\t') else {
            continue;
        };
        let mut fields = head.split(' ');
        let (Some(_mode), Some(object), Some(n)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        if n == wanted {
            let blob = git(
                &dir,
                &[
                    OsStr::new("cat-file"),
                    OsStr::new("blob"),
                    OsStr::new(object),
                ],
            )?;
            return Ok(Some(blob));
        }
    }
    Ok(None)
}

/// The attributes pattern for RON files anywhere under `relative` (a folder inside the
/// repository, `/`-separated; empty for the top): glob characters escaped, quoted when the
/// name holds spaces or quotes, as `.gitattributes` reads it.
pub fn attribute_pattern(relative: &str) -> String {
    if relative.is_empty() {
        // Anchored: only the top folder's files, not every RON file in the repository.
        return "/*.ron".to_string();
    }
    let mut escaped = String::new();
    for c in relative.chars() {
        if matches!(c, '*' | '?' | '[' | '\\') {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    let pattern = format!("{escaped}/**/*.ron");
    if pattern.chars().any(|c| c.is_whitespace() || c == '"') {
        let quoted = pattern.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{quoted}\"")
    } else {
        pattern
    }
}

/// How the driver config names gapwalk: `gapwalk` when the one on PATH is this executable,
/// otherwise this executable's path, quoted for the shell git runs drivers in. The second
/// value says which, for the user.
fn program() -> (String, String) {
    let this = std::env::current_exe().and_then(std::fs::canonicalize);
    let on_path = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("gapwalk"))
            .find(|candidate| candidate.is_file())
    });
    match (this, on_path) {
        (Ok(this), Some(found))
            if std::fs::canonicalize(&found).is_ok_and(|found| found == this) =>
        {
            (
                "gapwalk".to_string(),
                format!("the drivers run `gapwalk` from PATH ({})", found.display()),
            )
        }
        (Ok(this), found) => {
            let why = match found {
                Some(other) => format!(
                    "the gapwalk on PATH ({}) is another executable",
                    other.display()
                ),
                None => "no gapwalk is on PATH".to_string(),
            };
            (
                shell_quote(&this.display().to_string()),
                format!(
                    "{why}, so the drivers run this one by its path: {} (run git-setup again if it moves)",
                    this.display()
                ),
            )
        }
        (Err(_), _) => (
            "gapwalk".to_string(),
            "this executable's path is unknown, so the drivers run `gapwalk` from PATH".to_string(),
        ),
    }
}

/// Single-quotes a word for `sh`.
fn shell_quote(word: &str) -> String {
    format!("'{}'", word.replace('\'', r"'\''"))
}

/// Appends the lines `file` lacks, keeping everything it has. Returns the lines added.
fn add_lines(file: &Path, lines: &[String]) -> Result<Vec<String>, String> {
    let existing = match std::fs::read_to_string(file) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(format!("{}: cannot read: {e}", file.display())),
    };
    let have: Vec<&str> = existing.lines().map(str::trim).collect();
    let missing: Vec<String> = lines
        .iter()
        .filter(|l| !have.contains(&l.as_str()))
        .cloned()
        .collect();
    if missing.is_empty() {
        return Ok(missing);
    }
    let mut text = existing.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    for line in &missing {
        text.push_str(line);
        text.push('\n');
    }
    crate::persist::write_atomic(file, text.as_bytes(), false).map_err(|e| e.to_string())?;
    Ok(missing)
}

pub fn setup(args: &GitSetupArgs) -> u8 {
    match try_setup(args.folder.as_deref().unwrap_or(Path::new("."))) {
        Ok(()) => EXIT_OK,
        Err(e) => fail(e),
    }
}

fn try_setup(folder: &Path) -> Result<(), String> {
    let folder = std::fs::canonicalize(folder)
        .map_err(|e| format!("{}: {e}", folder.display()))
        .and_then(|f| {
            if f.is_dir() {
                Ok(f)
            } else {
                Err(format!("{}: not a folder", f.display()))
            }
        })?;
    let top = git(
        &folder,
        &[OsStr::new("rev-parse"), OsStr::new("--show-toplevel")],
    )
    .map_err(|e| {
        format!(
            "{}: not inside a git repository ({e}); run `git init` or clone first",
            folder.display()
        )
    })?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']));
    let top = std::fs::canonicalize(&top).map_err(|e| format!("{}: {e}", top.display()))?;
    let relative = folder.strip_prefix(&top).map_err(|_| {
        format!(
            "{} is not inside the repository at {}",
            folder.display(),
            top.display()
        )
    })?;
    let relative = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    let pattern = attribute_pattern(&relative);
    let attributes = top.join(".gitattributes");
    let added = add_lines(
        &attributes,
        &[format!("{pattern} diff=gapwalk merge=gapwalk")],
    )?;
    report(&attributes, &added);
    let ignore = top.join(".gitignore");
    let lines: Vec<String> = IGNORED.iter().map(|l| l.to_string()).collect();
    report(&ignore, &add_lines(&ignore, &lines)?);
    let (program, how) = program();
    for (key, value) in [
        ("diff.gapwalk.command", format!("{program} diff")),
        ("merge.gapwalk.name", "gapwalk session merge".to_string()),
        (
            "merge.gapwalk.driver",
            format!("{program} merge %O %A %B --path %P"),
        ),
    ] {
        git(
            &top,
            &[
                OsStr::new("config"),
                OsStr::new("--local"),
                OsStr::new(key),
                OsStr::new(&value),
            ],
        )
        .map_err(|e| format!("git config {key}: {e}"))?;
        eprintln!("git config {key} {value}");
    }
    eprintln!("{how}");
    eprintln!(
        "done: commit .gitattributes and .gitignore; other clones run `gapwalk git-setup` once"
    );
    Ok(())
}

fn report(file: &Path, added: &[String]) {
    if added.is_empty() {
        eprintln!("{}: already set up", file.display());
    }
    for line in added {
        eprintln!("{}: added {line}", file.display());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn patterns_name_only_the_sessions_folder() {
        assert_eq!(attribute_pattern(""), "/*.ron");
        assert_eq!(attribute_pattern("sessions"), "sessions/**/*.ron");
        assert_eq!(attribute_pattern("a b/ç"), "\"a b/ç/**/*.ron\"");
        assert_eq!(attribute_pattern("x[1]"), "x\\[1]/**/*.ron");
    }

    #[test]
    fn shell_quoting_survives_a_quote() {
        assert_eq!(shell_quote("/a b/it's"), r"'/a b/it'\''s'");
    }
}
