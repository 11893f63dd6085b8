//! Small edges of what gapwalk reads and prints: a byte-order mark is accepted (it only says
//! the file is UTF-8), a keymap that leaves no way to quit is refused with its place, a merge
//! names the file a problem is in, and `check` prints a hostile file name inert.

use crate::common;

use std::path::Path;

use gapwalk::persist::{load, save};

fn gapwalk(dir: &Path, args: &[&str]) -> (i32, Vec<u8>, String) {
    let out = crate::common::gapwalk(dir)
        .args(args)
        .output()
        .expect("run gapwalk");
    (
        out.status.code().unwrap_or(-1),
        out.stdout,
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_session_with_a_byte_order_mark_loads_and_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = common::fixture();
    let path = dir.path().join("bom.ron");
    save(&path, &s).unwrap();
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend(std::fs::read(&path).unwrap());
    std::fs::write(&path, &bytes).unwrap();
    let loaded = load(&path).expect("a BOM is accepted");
    assert_eq!(loaded.session.meta.title, s.meta.title);
    let (code, _, err) = gapwalk(dir.path(), &["check", "bom.ron"]);
    assert_ne!(code, 2, "{err}");
    // The merge driver reads its three files itself; it accepts the mark too.
    std::fs::write(dir.path().join("theirs.ron"), &bytes).unwrap();
    std::fs::copy(&path, dir.path().join("base.ron")).unwrap();
    let (code, _, err) = gapwalk(dir.path(), &["merge", "base.ron", "bom.ron", "theirs.ron"]);
    assert_eq!(code, 0, "{err}");
}

#[test]
fn a_merge_names_the_file_that_does_not_read() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = common::fixture();
    save(&dir.path().join("ours.ron"), &s).unwrap();
    save(&dir.path().join("base.ron"), &s).unwrap();
    std::fs::write(dir.path().join("theirs.ron"), "(format_version: 1, junk").unwrap();
    let (code, _, err) = gapwalk(dir.path(), &["merge", "base.ron", "ours.ron", "theirs.ron"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("theirs.ron (theirs)"), "{err}");
    assert!(!err.contains("ours.ron (theirs)"), "{err}");
    // A broken base is named as the base file, not as ours.
    std::fs::write(dir.path().join("theirs.ron"), "").unwrap();
    save(&dir.path().join("theirs.ron"), &s).unwrap();
    std::fs::write(dir.path().join("base.ron"), "(format_version: 1, junk").unwrap();
    let (code, _, err) = gapwalk(dir.path(), &["merge", "base.ron", "ours.ron", "theirs.ron"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("base.ron (base)"), "{err}");
    // With git's --path, every side is named by the repository path and its role.
    let (_, _, err) = gapwalk(
        dir.path(),
        &[
            "merge",
            "base.ron",
            "ours.ron",
            "theirs.ron",
            "--path",
            "reviews/q4.ron",
        ],
    );
    assert!(err.contains("reviews/q4.ron (base)"), "{err}");
}

#[test]
fn check_prints_a_hostile_file_name_without_its_controls() {
    let dir = tempfile::tempdir().unwrap();
    let (s, _) = common::fixture();
    let name = "evil\u{1b}]0;pwned\u{7}\u{1b}[2J\u{9b}31m\u{202e}.ron";
    save(&dir.path().join(name), &s).unwrap();
    let (code, out, err) = gapwalk(dir.path(), &["check", name]);
    assert_ne!(code, 2, "{err}");
    for bytes in [out.as_slice(), err.as_bytes()] {
        assert!(!bytes.contains(&0x1b), "ESC printed raw");
        assert!(!bytes.contains(&0x07), "BEL printed raw");
        let text = String::from_utf8_lossy(bytes);
        assert!(
            !text.contains('\u{9b}') && !text.contains('\u{202e}'),
            "{text}"
        );
    }
    assert!(err.contains("evil]0;pwned"), "{err}");
}

#[cfg(feature = "tui")]
#[test]
fn a_keymap_without_a_key_to_quit_is_refused_with_its_place() {
    use gapwalk::tui::keymap::Keymap;
    let text = "(\n    workshop: {\n        \"quit\": [],\n    },\n)\n";
    let Err(err) = Keymap::from_ron(text, "keymap.ron") else {
        panic!("a keymap without a key to quit was accepted");
    };
    assert_eq!((err.line, err.column), (3, 10), "{err}");
    assert!(err.message.contains("quit"), "{err}");
    // Rebinding quit to another key is fine.
    let text = "(workshop: {\"quit\": [\"ctrl-q\"]})";
    assert!(Keymap::from_ron(text, "keymap.ron").is_ok());
}
