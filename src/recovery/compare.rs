//! What a recovery copy would change, in words a person can check before accepting it: each
//! differing field with both values, and which side changed it since the version the copy was
//! made from (when that version is known). Also the one edit that takes a session to another.
//! Nothing here reads files or renders.

use serde_json::Value;

use crate::catalogue::Catalogue;
use crate::sanitise::one_line;
use crate::session::{Assessment, Edit, Session};

/// One line of the differences, and whether it is work of the copy's (a line that only says
/// the file changed since is not something the copy offers).
pub(super) struct Difference {
    pub text: String,
    pub from_copy: bool,
}

/// What a copy changes against the file, in catalogue order: which details, which controls and
/// which of their fields, with both values, and the decision log. Who changed a record and when
/// is left out. Without the version the copy was made from, the copy's values are the ones used.
pub fn differences(file: &Session, copy: &Session, catalogue: &Catalogue) -> Vec<String> {
    compare(None, file, copy, catalogue)
        .into_iter()
        .map(|d| d.text)
        .collect()
}

/// Like [`differences`], and with `base` (the version the copy was made from) each line says
/// who changed the field since: the copy (applied), the file (kept), or both (a conflict).
pub(super) fn compare(
    base: Option<&Session>,
    file: &Session,
    copy: &Session,
    catalogue: &Catalogue,
) -> Vec<Difference> {
    let mut out = Vec::new();
    let mut file_meta = file.meta.clone();
    file_meta.updated = copy.meta.updated;
    let base_meta = base.map(|b| {
        let mut m = b.meta.clone();
        m.updated = copy.meta.updated;
        m
    });
    fields(
        "session details",
        base_meta.as_ref().map(json),
        Some(json(&file_meta)),
        Some(json(&copy.meta)),
        base.is_some(),
        None,
        &mut out,
    );
    for control in &catalogue.controls {
        let id = &control.id;
        let (a, b) = (
            file.assessment(id, catalogue),
            copy.assessment(id, catalogue),
        );
        if a.is_none() && b.is_none() {
            continue;
        }
        let before = base.and_then(|s| s.assessment(id, catalogue));
        fields(
            &one_line(id),
            before.map(|x| json(&comparable(x))),
            a.map(|x| json(&comparable(x))),
            b.map(|x| json(&comparable(x))),
            base.is_some(),
            Some(json(&comparable(&Assessment::new(id)))),
            &mut out,
        );
    }
    if file.decisions != copy.decisions {
        let common = file
            .decisions
            .iter()
            .zip(&copy.decisions)
            .take_while(|(a, b)| a == b)
            .count();
        let entries = |n: usize| match n {
            1 => "1 entry".to_string(),
            n => format!("{n} entries"),
        };
        let only_copy = copy.decisions.len() - common;
        out.push(Difference {
            text: format!(
                "decision log: {} only in the copy, {} only in the file",
                entries(only_copy),
                entries(file.decisions.len() - common)
            ),
            from_copy: only_copy > 0,
        });
    }
    if file.approvals != copy.approvals {
        let only = |a: &Session, b: &Session| {
            a.approvals
                .iter()
                .filter(|x| !b.approvals.contains(x))
                .count()
        };
        let only_copy = only(copy, file);
        out.push(Difference {
            text: format!(
                "approvals: {only_copy} only in the copy, {} only in the file",
                only(file, copy)
            ),
            from_copy: only_copy > 0 || base.is_none_or(|b| b.approvals != copy.approvals),
        });
    }
    out
}

fn json<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// The lines for one record (`None`: not recorded on that side), field by field. A record on
/// one side only is described by its fields that differ from `blank`, a record never filled in.
fn fields(
    label: &str,
    base: Option<Value>,
    file: Option<Value>,
    copy: Option<Value>,
    base_known: bool,
    blank: Option<Value>,
    out: &mut Vec<Difference>,
) {
    let object = |v: &Option<Value>| match v {
        Some(Value::Object(map)) => map.clone(),
        _ => serde_json::Map::new(),
    };
    let (b, f, c) = (object(&base), object(&file), object(&copy));
    let blank = object(&blank);
    let filled = |record: &serde_json::Map<String, Value>| {
        let set: Vec<String> = record
            .iter()
            .filter(|(k, v)| blank.get(*k) != Some(*v))
            .map(|(k, v)| format!("{k} {}", shown(Some(v))))
            .collect();
        if set.is_empty() {
            String::new()
        } else {
            format!(": {}", set.join(", "))
        }
    };
    match (&file, &copy) {
        (None, Some(_)) => {
            let why = match (base_known, base.is_some()) {
                (false, _) => "",
                (true, false) => " (added there)",
                (true, true) => " (the file has removed it since; the copy's record is kept)",
            };
            out.push(Difference {
                text: format!("{label}: recorded only in the copy{why}{}", filled(&c)),
                from_copy: true,
            });
            return;
        }
        (Some(_), None) => {
            let (why, from_copy) = match (base_known, base.is_some()) {
                (false, _) => (" (using the copy removes it)", true),
                (true, true) => (" (the copy removed it; the file's record is kept)", true),
                (true, false) => (" (added there since; kept)", false),
            };
            out.push(Difference {
                text: format!("{label}: recorded only in the file{why}{}", filled(&f)),
                from_copy,
            });
            return;
        }
        _ => {}
    }
    let mut keys: Vec<&String> = f.keys().chain(c.keys()).collect();
    keys.sort();
    keys.dedup();
    for key in keys {
        let (fv, cv) = (f.get(key), c.get(key));
        if fv == cv {
            continue;
        }
        let bv = b.get(key);
        let (text, from_copy) = if !base_known {
            (
                format!(
                    "the file has {}, the copy {}; the copy's is used",
                    shown(fv),
                    shown(cv)
                ),
                true,
            )
        } else if bv == fv {
            (
                format!("{} → {} in the copy; applied", shown(fv), shown(cv)),
                true,
            )
        } else if bv == cv {
            (
                format!("{} → {} in the file since; kept", shown(cv), shown(fv)),
                false,
            )
        } else {
            (
                format!(
                    "changed on both sides: the file has {}, the copy {} (both were {}); a conflict to choose",
                    shown(fv),
                    shown(cv),
                    shown(bv)
                ),
                true,
            )
        };
        out.push(Difference {
            text: format!("{label}, {key}: {text}"),
            from_copy,
        });
    }
}

/// A field's value in a few words: text quoted and cut, lists by their length when long.
fn shown(value: Option<&Value>) -> String {
    const WIDTH: usize = 40;
    let text = match value {
        None | Some(Value::Null) => return "(empty)".into(),
        Some(Value::String(s)) if s.is_empty() => return "(empty)".into(),
        Some(Value::Array(items)) if items.is_empty() => return "(none)".into(),
        Some(Value::String(s)) => format!("{s:?}"),
        Some(v) => v.to_string(),
    };
    let text = one_line(&text).into_owned();
    if text.chars().count() <= WIDTH {
        return text;
    }
    match value {
        Some(Value::Array(items)) => format!("{} item(s)", items.len()),
        _ => {
            let cut: String = text.chars().take(WIDTH - 1).collect();
            format!("{cut}…")
        }
    }
}

/// The edit that turns `current` into `target` (same catalogue): its details, where to resume,
/// each differing assessment and the decision log, as one change that undo takes back whole.
/// Accepting a recovery copy applies it.
pub fn edit_towards(current: &Session, target: &Session, catalogue: &Catalogue) -> Edit {
    let mut edits = Vec::new();
    if current.meta != target.meta {
        edits.push(Edit::SetMetadata(Box::new(target.meta.clone())));
    }
    if current.resume_at != target.resume_at {
        edits.push(Edit::SetResumeAt(target.resume_at.clone()));
    }
    if current.approvals != target.approvals {
        edits.push(Edit::SetApprovals(target.approvals.clone()));
    }
    let ids = current
        .assessments
        .iter()
        .chain(&target.assessments)
        .map(|a| &a.control);
    let mut seen = std::collections::BTreeSet::new();
    for id in ids {
        if !seen.insert(id) {
            continue;
        }
        let (now, wanted) = (
            current.assessment(id, catalogue),
            target.assessment(id, catalogue),
        );
        if now != wanted {
            edits.push(Edit::SetAssessment {
                control: id.clone(),
                assessment: wanted.cloned().map(Box::new),
            });
        }
    }
    if current.decisions != target.decisions {
        edits.extend(
            (0..current.decisions.len())
                .rev()
                .map(|index| Edit::RemoveDecision { index }),
        );
        edits.extend(
            target
                .decisions
                .iter()
                .enumerate()
                .map(|(index, d)| Edit::InsertDecision {
                    index,
                    decision: d.clone(),
                }),
        );
    }
    Edit::Batch(edits)
}

fn comparable(a: &Assessment) -> Assessment {
    let mut a = a.clone();
    a.changed_by.clear();
    a.changed_at = None;
    a
}
