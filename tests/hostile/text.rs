//! Text from session files is data wherever gapwalk prints it: `diff --format json` writes C1
//! controls, DEL, bidi overrides, the Arabic letter mark and the Unicode line separators as
//! `\uXXXX` escapes (a script decodes the same text, a terminal shows no control), and the
//! sanitiser drops or breaks on them in text output. Checked on the raw bytes of stdout.

use crate::common;

use std::path::Path;

use gapwalk::persist::save;
use gapwalk::session::*;

/// Every character a terminal or a JSON consumer could trip on, inside ordinary words.
const HOSTILE: &str = "ok \u{9b}2J csi \u{85}nel \u{7f}del \u{202e}gnp.exe \u{061c}alm \u{2028}ls \u{2029}ps \u{1b}[31mred \u{2066}iso";

fn run(dir: &Path, args: &[&str]) -> (i32, Vec<u8>) {
    let out = crate::common::gapwalk(dir)
        .args(args)
        .output()
        .expect("run gapwalk");
    (out.status.code().unwrap_or(-1), out.stdout)
}

/// Two versions of the fixture: the new one puts hostile text in a note, an evidence line, a
/// participant's role and a decision.
fn hostile_pair(dir: &Path) {
    let (old, cat) = common::fixture();
    let mut new = old.clone();
    let mut a = new
        .assessment("9.2.3", &cat)
        .cloned()
        .unwrap_or_else(|| Assessment::new("9.2.3"));
    a.notes = HOSTILE.into();
    a.evidence.push(Evidence {
        location: HOSTILE.into(),
        ..Evidence::default()
    });
    new.apply(
        Edit::SetAssessment {
            control: "9.2.3".into(),
            assessment: Some(Box::new(a)),
        },
        &cat,
    );
    new.meta.participants[0].role = HOSTILE.into();
    new.decisions.push(Decision {
        at: Timestamp::from_unix(1_795_000_000).unwrap(),
        by: HOSTILE.into(),
        control: None,
        text: HOSTILE.into(),
    });
    save(&dir.join("old.ron"), &old).unwrap();
    save(&dir.join("new.ron"), &new).unwrap();
}

/// Byte sequences that must never reach stdout: ESC, DEL, the UTF-8 forms of C1 controls
/// (C2 80..C2 9F), of U+061C (D8 9C) and of U+2028/2029 and the bidi controls (E2 80 xx,
/// E2 81 A6..A9).
fn assert_no_control_bytes(bytes: &[u8], what: &str) {
    let text = String::from_utf8_lossy(bytes);
    for (i, w) in bytes.windows(3).enumerate() {
        let bad = matches!(w, [0xC2, 0x80..=0x9F, _])
            || matches!(w, [0xD8, 0x9C, _])
            || matches!(w, [0xE2, 0x80, 0xA8..=0xAE])
            || matches!(w, [0xE2, 0x80, 0x8E | 0x8F])
            || matches!(w, [0xE2, 0x81, 0xA6..=0xA9]);
        assert!(!bad, "{what}: raw control bytes {w:02x?} at {i}:\n{text}");
    }
    assert!(
        !bytes
            .iter()
            .any(|&b| b == 0x1b || b == 0x7f || (b < 0x20 && b != b'\n')),
        "{what}: raw C0 control or DEL:\n{text}"
    );
}

#[test]
fn diff_json_escapes_every_control_and_decodes_to_the_same_text() {
    let dir = tempfile::tempdir().unwrap();
    hostile_pair(dir.path());
    let (code, json) = run(
        dir.path(),
        &["diff", "old.ron", "new.ron", "--format", "json"],
    );
    assert_eq!(code, 1, "{}", String::from_utf8_lossy(&json));
    assert_no_control_bytes(&json, "diff --format json");
    // The escapes decode to exactly what the file holds: nothing is lost for a script.
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let changes = value["changes"].as_array().unwrap();
    let notes = changes
        .iter()
        .find(|c| c["field"] == "notes")
        .expect("the notes change");
    assert_eq!(notes["new"], HOSTILE);
    assert!(
        changes
            .iter()
            .any(|c| c["field"] == "participant.role" && c["new"] == HOSTILE),
        "{changes:?}"
    );
}

#[test]
fn diff_text_drops_the_controls_and_keeps_the_words() {
    let dir = tempfile::tempdir().unwrap();
    hostile_pair(dir.path());
    let (code, text) = run(dir.path(), &["diff", "old.ron", "new.ron"]);
    assert_eq!(code, 1);
    assert_no_control_bytes(&text, "diff");
    let text = String::from_utf8(text).unwrap();
    assert!(text.contains("gnp.exe"), "{text}");
    assert!(text.contains("alm"), "{text}");
    // The separators become spaces on a line, so the words around them stay apart.
    assert!(text.contains("ls  ps"), "{text}");
}
