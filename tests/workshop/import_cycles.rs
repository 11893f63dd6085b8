//! The workshop screen's modules import one way: the vocabulary (`tui::room`), the rooms, the
//! registry (`tui::popup`), the app; only the views read the app (they draw it). A newcomer can
//! then read a room without the app, and a change to the app cannot break a room's build. This
//! reads `src/tui` the way `rustc` resolves `crate::tui::…`, `super::…` and `mod x;` and fails
//! on any cycle, naming the modules in it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Module path (`walk/update`, `popup`, `tui` for the folder's own mod.rs) → its source, with
/// comments and the `#[cfg(test)]` tail cut off (tests may import anything).
fn modules(root: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(root).unwrap().with_extension("");
            let mut parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let name = if parts.is_empty() {
                "tui".to_string()
            } else {
                parts.join("/")
            };
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap();
            let code: String = code
                .lines()
                .map(|l| l.split("//").next().unwrap())
                .collect::<Vec<_>>()
                .join("\n");
            found.insert(name, code);
        }
    }
    found
}

/// The module a path such as `super::popup::park::ParkPopup` names, seen from `from`: the
/// longest prefix that is a module of the folder.
fn resolve(from: &str, path: &[&str], names: &BTreeSet<String>) -> Option<String> {
    let (mut base, mut rest): (Vec<&str>, &[&str]) = match path.first() {
        Some(&"crate") if path.get(1) == Some(&"tui") => (Vec::new(), &path[2..]),
        Some(&"super") => {
            let mut base: Vec<&str> = if from == "tui" {
                Vec::new()
            } else {
                from.split('/').collect()
            };
            base.pop();
            (base, &path[1..])
        }
        Some(&"self") if from != "tui" => (from.split('/').collect(), &path[1..]),
        _ => return None,
    };
    while rest.first() == Some(&"super") {
        base.pop();
        rest = &rest[1..];
    }
    // An item of the module the path starts from (`super::App`) counts as that module.
    let start = if base.is_empty() {
        "tui".to_string()
    } else {
        base.join("/")
    };
    let mut best = names.contains(&start).then_some(start);
    for n in 1..=rest.len() {
        let candidate = base
            .iter()
            .chain(&rest[..n])
            .copied()
            .collect::<Vec<_>>()
            .join("/");
        if names.contains(&candidate) {
            best = Some(candidate);
        }
    }
    best
}

/// Every path in `code` that starts at `crate`, `super` or `self`, with `use x::{a, b::c}`
/// groups spelled out.
fn paths(code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
    let split = |s: &[u8]| -> Vec<String> {
        String::from_utf8_lossy(s)
            .split("::")
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let at_word = i == 0 || !word(bytes[i - 1]);
        let rooted = [&b"crate::"[..], b"super::", b"self::"]
            .iter()
            .any(|p| bytes[i..].starts_with(p));
        if !(at_word && rooted) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < bytes.len() && (word(bytes[j]) || bytes[j] == b':') {
            j += 1;
        }
        let prefix = split(&bytes[i..j]);
        if bytes.get(j) == Some(&b'{') {
            let end = bytes[j..]
                .iter()
                .position(|&c| c == b'}')
                .map_or(bytes.len(), |e| j + e);
            for item in bytes[j + 1..end].split(|&c| c == b',') {
                let mut path = prefix.clone();
                path.extend(split(item));
                out.push(path);
            }
            i = end;
        } else {
            out.push(prefix);
            i = j;
        }
    }
    out
}

fn imports(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let modules = modules(root);
    let names: BTreeSet<String> = modules.keys().cloned().collect();
    let mut edges = BTreeMap::new();
    for (name, code) in &modules {
        let mut to = BTreeSet::new();
        for path in paths(code) {
            let path: Vec<&str> = path.iter().map(String::as_str).collect();
            if let Some(target) = resolve(name, &path, &names) {
                to.insert(target);
            }
        }
        // `mod x;` makes the child part of this module's build.
        for line in code.lines() {
            let line = line.trim();
            let line = line.strip_prefix("pub ").unwrap_or(line);
            if let Some(child) = line.strip_prefix("mod ").and_then(|l| l.strip_suffix(';')) {
                let child = if name == "tui" {
                    child.to_string()
                } else {
                    format!("{name}/{child}")
                };
                if names.contains(&child) {
                    to.insert(child);
                }
            }
        }
        to.remove(name);
        // A submodule reads its parent's items (`super::…`): they are one module split over
        // files, as `mod x;` says. Cycles between other modules are what this test is about.
        to.retain(|target| !name.starts_with(&format!("{target}/")));
        edges.insert(name.clone(), to);
    }
    edges
}

/// The modules `start` reaches through `edges`.
fn reach(start: &str, edges: &BTreeMap<String, BTreeSet<String>>) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut todo = vec![start.to_string()];
    while let Some(m) = todo.pop() {
        for next in &edges[&m] {
            if seen.insert(next.clone()) {
                todo.push(next.clone());
            }
        }
    }
    seen
}

#[test]
fn the_workshop_screens_modules_import_one_way_except_views_reading_the_app() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/tui");
    let mut edges = imports(&root);
    // Sanity: the reader sees the edges it must, so a broken reader cannot pass quietly.
    assert!(edges["app"].contains("popup"), "{:?}", edges["app"]);
    assert!(
        edges["walk/update"].contains("room"),
        "{:?}",
        edges["walk/update"]
    );
    assert!(
        edges["popup"].contains("popup/park"),
        "{:?}",
        edges["popup"]
    );
    // The one allowed way back: drawing reads the app.
    for (name, to) in edges.iter_mut() {
        if name == "view" || name.starts_with("view/") {
            to.remove("app");
        }
    }
    let cycles: Vec<String> = edges
        .keys()
        .filter(|m| reach(m, &edges).contains(*m))
        .map(|m| {
            let back: Vec<&String> = edges[m]
                .iter()
                .filter(|n| reach(n, &edges).contains(m))
                .collect();
            format!("{m} -> {back:?} -> … -> {m}")
        })
        .collect();
    assert!(
        cycles.is_empty(),
        "import cycles in src/tui:\n{}",
        cycles.join("\n")
    );
}
