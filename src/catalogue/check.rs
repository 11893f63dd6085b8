//! The checks `gapwalk catalogue check` runs on a parsed catalogue, each problem located in the
//! file's text. A hostile file can hold hundreds of thousands of controls, so every lookup here
//! is indexed and the text is scanned a fixed number of times, however many problems there are.
//! It reads the catalogue only; loading and the model live in the parent module.

use std::collections::{BTreeMap, BTreeSet};

use super::{CATALOGUE_FORMAT_VERSION, Catalogue, annex_a_2022_ids};
use crate::location::{Literals, Located, line_columns};

/// Where in the text a problem points.
enum Anchor<'c> {
    /// The start of the file.
    Start,
    /// The `nth` quoted occurrence of a value.
    Literal(&'c str, usize),
    /// The first quoted `value` after the first occurrence of `owner` (a control's id).
    After(&'c str, &'c str),
}

impl Catalogue {
    /// Everything `catalogue check` reports, each located in `text`.
    pub(super) fn problems(&self, text: &str, file: &str) -> Vec<Located> {
        let mut found: Vec<(Anchor, String)> = Vec::new();
        if self.format_version > CATALOGUE_FORMAT_VERSION {
            found.push((
                Anchor::Start,
                format!(
                    "catalogue format_version {} is newer than this gapwalk understands ({})",
                    self.format_version, CATALOGUE_FORMAT_VERSION
                ),
            ));
        }
        let annex_a: BTreeSet<&str> = annex_a_2022_ids().iter().copied().collect();
        let clauses: BTreeSet<&str> = self.clauses.iter().map(|c| c.id.as_str()).collect();
        let themes: BTreeSet<&str> = self.themes.iter().map(|t| t.id.as_str()).collect();
        let mut categories: BTreeMap<&str, &str> = BTreeMap::new();
        for category in &self.categories {
            categories
                .entry(category.id.as_str())
                .or_insert(category.clause.as_str());
        }
        let mut seen_clause: BTreeSet<&str> = BTreeSet::new();
        for clause in &self.clauses {
            if !seen_clause.insert(&clause.id) {
                found.push((
                    Anchor::Literal(&clause.id, 0),
                    format!("duplicate clause id {:?}", clause.id),
                ));
            }
        }
        for category in &self.categories {
            if !clauses.contains(category.clause.as_str()) {
                found.push((
                    Anchor::Literal(&category.clause, 0),
                    format!(
                        "category {} names clause {:?}, which is not in `clauses`",
                        category.id, category.clause
                    ),
                ));
            }
        }
        let ids: BTreeSet<&str> = self.controls.iter().map(|c| c.id.as_str()).collect();
        let mut seen: BTreeMap<&str, usize> = BTreeMap::new();
        for control in &self.controls {
            let n = seen.entry(&control.id).or_insert(0);
            *n += 1;
            let nth = *n - 1;
            let here = || Anchor::Literal(&control.id, nth);
            if control.id.trim().is_empty() {
                found.push((here(), "control with an empty id".into()));
            }
            if nth > 0 {
                found.push((
                    here(),
                    format!(
                        "duplicate control id {:?} (first defined earlier in the file)",
                        control.id
                    ),
                ));
            }
            if control.title.trim().is_empty() {
                found.push((here(), format!("control {} has no title", control.id)));
            }
            if !clauses.contains(control.clause.as_str()) {
                found.push((
                    here(),
                    format!(
                        "control {} names clause {:?}, which is not in `clauses`",
                        control.id, control.clause
                    ),
                ));
            }
            if let Some(category) = &control.category {
                match categories.get(category.as_str()) {
                    None => found.push((
                        here(),
                        format!(
                            "control {} names category {:?}, which is not in `categories`",
                            control.id, category
                        ),
                    )),
                    Some(clause) if *clause != control.clause => found.push((
                        here(),
                        format!(
                            "control {} is in clause {} but its category {} is in clause {}",
                            control.id, control.clause, category, clause
                        ),
                    )),
                    Some(_) => {}
                }
            }
            for target in &control.iso27001_2022 {
                if !annex_a.contains(target.as_str()) {
                    found.push((
                        Anchor::After(&control.id, target),
                        format!(
                            "control {} maps to {:?}, which is not an ISO/IEC 27001:2022 Annex A control (expected an id from 5.1 to 8.34)",
                            control.id, target
                        ),
                    ));
                }
            }
            for related in &control.related {
                if !ids.contains(related.as_str()) {
                    found.push((
                        Anchor::After(&control.id, related),
                        format!(
                            "control {} names related control {:?}, which is not in this catalogue",
                            control.id, related
                        ),
                    ));
                }
            }
            for theme in &control.themes {
                if !themes.contains(theme.as_str()) {
                    found.push((
                        Anchor::After(&control.id, theme),
                        format!(
                            "control {} has theme {:?}, which is not in `themes`",
                            control.id, theme
                        ),
                    ));
                }
            }
        }
        locate(text, file, found)
    }
}

/// Turns anchors into file positions with one pass to find the literals and one to count lines.
fn locate(text: &str, file: &str, found: Vec<(Anchor, String)>) -> Vec<Located> {
    if found.is_empty() {
        return Vec::new();
    }
    let mut wanted: BTreeSet<&str> = BTreeSet::new();
    for (anchor, _) in &found {
        match anchor {
            Anchor::Start => {}
            Anchor::Literal(value, _) => {
                wanted.insert(value);
            }
            Anchor::After(owner, value) => {
                wanted.insert(owner);
                wanted.insert(value);
            }
        }
    }
    let literals = Literals::find(text, &wanted);
    let offsets: Vec<Option<usize>> = found
        .iter()
        .map(|(anchor, _)| match anchor {
            Anchor::Start => None,
            Anchor::Literal(value, nth) => literals.nth(value, *nth),
            Anchor::After(owner, value) => {
                let owner_at = literals.nth(owner, 0).unwrap_or(0);
                Some(literals.first_after(value, owner_at).unwrap_or(owner_at))
            }
        })
        .collect();
    let positions = line_columns(
        text,
        &offsets.iter().map(|o| o.unwrap_or(0)).collect::<Vec<_>>(),
    );
    found
        .into_iter()
        .zip(offsets)
        .zip(positions)
        .map(|(((_, message), offset), (line, column))| {
            let (line, column) = if offset.is_some() {
                (line, column)
            } else {
                (1, 1)
            };
            Located::new(file, line, column, message)
        })
        .collect()
}
