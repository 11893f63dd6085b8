//! Providers renamed in the session details take their responsibility lines and data locations
//! with them, so a rename ("AWS" to "Amazon Web Services", or a session's first provider taking
//! over the lines recorded before any provider was named) never cuts a control off from what was
//! recorded for it. Pure: it builds the edit, the caller applies it.

use super::{Edit, Metadata, Session};

/// The name responsibility lines carry while a session names no provider.
pub const PLACEHOLDER: &str = "provider";

/// Provider names as the session uses them: the placeholder when none is named.
pub(super) fn names(meta: &Metadata) -> Vec<String> {
    if meta.providers.is_empty() {
        vec![PLACEHOLDER.to_string()]
    } else {
        meta.providers.iter().map(|p| p.name.clone()).collect()
    }
}

/// Pairs (old, new) that a change of the provider list renames: a name replaced at the same
/// position by one that was not in scope before, while the old name leaves the scope.
pub fn renamed(before: &[String], after: &[String]) -> Vec<(String, String)> {
    before
        .iter()
        .zip(after)
        .filter(|(old, new)| old != new && !after.contains(old) && !before.contains(new))
        .map(|(old, new)| (old.clone(), new.clone()))
        .collect()
}

impl Session {
    /// The edit that replaces the session details with `meta`, renaming responsibility lines
    /// and data locations of renamed providers as part of the same undoable change. Returns
    /// the renames, for the message the caller shows.
    pub fn change_metadata(&self, mut meta: Metadata) -> (Edit, Vec<(String, String)>) {
        let renames = renamed(&names(&self.meta), &names(&meta));
        if renames.is_empty() {
            return (Edit::SetMetadata(Box::new(meta)), renames);
        }
        let rename = |name: &mut String| {
            if let Some((_, new)) = renames.iter().find(|(old, _)| old == name) {
                *name = new.clone();
            }
        };
        for location in &mut meta.data_locations {
            rename(&mut location.provider);
        }
        let mut edits = vec![Edit::SetMetadata(Box::new(meta))];
        for a in &self.assessments {
            let mut changed = a.clone();
            let mut moved: Vec<String> = Vec::new();
            for r in &mut changed.responsibilities {
                // A line already kept under the new name wins; the old one stays as it was.
                let taken = a.responsibilities.iter().any(|other| {
                    renames
                        .iter()
                        .any(|(old, new)| &r.provider == old && &other.provider == new)
                });
                if !taken && renames.iter().any(|(old, _)| *old == r.provider) {
                    moved.push(r.provider.clone());
                    rename(&mut r.provider);
                }
            }
            // A conflict on a moved line names its provider: it follows the line, or settling
            // it later would bring a line back under the old name.
            for c in changed
                .conflicts
                .iter_mut()
                .filter(|c| moved.contains(&c.item))
            {
                rename(&mut c.item);
            }
            if changed != *a {
                edits.push(Edit::SetAssessment {
                    control: a.control.clone(),
                    assessment: Some(Box::new(changed)),
                });
            }
        }
        (Edit::Batch(edits), renames)
    }

    /// Providers that responsibility lines name although they are not in scope (a provider
    /// removed from the session details), with how many lines name each.
    pub fn providers_out_of_scope(&self) -> Vec<(String, usize)> {
        let scope = names(&self.meta);
        let mut out: Vec<(String, usize)> = Vec::new();
        for r in self.assessments.iter().flat_map(|a| &a.responsibilities) {
            if scope.contains(&r.provider) {
                continue;
            }
            match out.iter_mut().find(|(name, _)| *name == r.provider) {
                Some((_, n)) => *n += 1,
                None => out.push((r.provider.clone(), 1)),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn a_name_replaced_in_place_is_a_rename_and_a_reorder_is_not() {
        assert_eq!(
            renamed(&v(&["AWS", "GCP"]), &v(&["Amazon Web Services", "GCP"])),
            [("AWS".to_string(), "Amazon Web Services".to_string())]
        );
        assert!(renamed(&v(&["AWS", "GCP"]), &v(&["GCP", "AWS"])).is_empty());
        assert!(renamed(&v(&["AWS", "GCP"]), &v(&["AWS"])).is_empty());
        assert_eq!(
            renamed(&v(&[PLACEHOLDER]), &v(&["Azure"])),
            [(PLACEHOLDER.to_string(), "Azure".to_string())]
        );
    }
}
