//! What an import changes: a provider's statements, mapped to the catalogue's controls, laid
//! over that provider's responsibility lines. Only what the session has not decided is filled;
//! a recorded value the statement contradicts is reported and left alone unless `replace`;
//! rows that map to one control and name different holders are a disagreement among
//! themselves and fill nothing. Every line the import writes records where its values came
//! from and is marked as the provider's statement, not yet confirmed. Pure: it returns the new
//! session, the caller writes it or not.

use std::collections::BTreeMap;

use super::{ImportError, Kind, Mapping, Matrix, Place, Statement};
use crate::catalogue::Catalogue;
use crate::session::{Assessment, Holder, Provenance, Responsibility, Session, Timestamp};

/// Where an import's values came from, and who runs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    pub provenance: Provenance,
    /// The name in messages (the path as given).
    pub file: String,
    pub by: String,
    pub at: Timestamp,
}

/// A value the statement gives that the session (or another row) contradicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disagreement {
    pub control: String,
    /// The field in `gapwalk set` words.
    pub field: &'static str,
    /// What the session records (empty when the rows disagree among themselves).
    pub recorded: String,
    /// What the provider states, or the rows' different values.
    pub stated: String,
    /// Whether `--replace` wrote the statement over the recorded value.
    pub replaced: bool,
}

/// The outcome of laying a matrix over a session.
#[derive(Debug, Clone)]
pub struct ImportPlan {
    pub session: Session,
    pub disagreements: Vec<Disagreement>,
    /// Rows whose ids the mapping does not list (a mapping usually covers part of a CAIQ).
    pub unmapped: Vec<Place>,
    /// How many controls the matrix speaks about.
    pub controls: usize,
}

/// One field of a responsibility line that an import fills.
struct Field {
    name: &'static str,
    stated: fn(&Statement) -> &str,
    slot: fn(&mut Responsibility) -> &mut String,
}

const TEXT_FIELDS: [Field; 4] = [
    Field {
        name: "inherited",
        stated: |s| &s.provider_does,
        slot: |r| &mut r.inherited,
    },
    Field {
        name: "customer_duty",
        stated: |s| &s.customer_must,
        slot: |r| &mut r.customer_duty,
    },
    Field {
        name: "provider_evidence",
        stated: |s| &s.evidence,
        slot: |r| &mut r.provider_evidence,
    },
    Field {
        name: "provider_owner",
        stated: |s| &s.contact_role,
        slot: |r| &mut r.provider_owner,
    },
];

/// Maps every statement to catalogue controls: through the mapping when given, else as the
/// catalogue's own ids. Unknown ids are errors (all of them, located); ids the mapping does not
/// list are skipped and returned.
#[allow(clippy::type_complexity)]
fn resolve<'m>(
    matrix: &'m Matrix,
    catalogue: &Catalogue,
    mapping: Option<&Mapping>,
    file: &str,
) -> Result<(BTreeMap<usize, Vec<&'m Statement>>, Vec<Place>), Vec<ImportError>> {
    let mut by_control: BTreeMap<usize, Vec<&Statement>> = BTreeMap::new();
    let mut unmapped = Vec::new();
    let mut errors = Vec::new();
    for statement in &matrix.statements {
        let targets: Vec<String> = match mapping {
            Some(mapping) => match statement.ids.iter().find_map(|id| mapping.targets(id)) {
                Some(targets) => targets.to_vec(),
                None => {
                    unmapped.push(statement.place.clone());
                    continue;
                }
            },
            None => match super::mapping::catalogue_id(catalogue, &statement.ids[0]) {
                Some(id) => vec![id],
                None => {
                    errors.push(ImportError::new(
                        file,
                        Some(statement.place.clone()),
                        format!(
                            "unknown control id {:?}: catalogue {} has no such control",
                            statement.ids[0], catalogue.id
                        ),
                    ));
                    continue;
                }
            },
        };
        for id in targets {
            if let Some(position) = catalogue.position(&id) {
                by_control.entry(position).or_default().push(statement);
            }
        }
    }
    if errors.is_empty() {
        Ok((by_control, unmapped))
    } else {
        Err(errors)
    }
}

/// Checks that the matrix fits the session: a gapwalk CRM made on the same catalogue, or a
/// CAIQ with a mapping.
fn check_fit(
    matrix: &Matrix,
    catalogue: &Catalogue,
    mapping: Option<&Mapping>,
    file: &str,
) -> Result<(), Vec<ImportError>> {
    if let Some((id, _)) = &matrix.catalogue
        && *id != catalogue.id
    {
        return Err(vec![ImportError::new(
            file,
            None,
            format!(
                "this matrix was made on catalogue {id}, the session on {}: its control ids mean something else here, so nothing was imported",
                catalogue.id
            ),
        )]);
    }
    if matrix.kind == Kind::Caiq && mapping.is_none() {
        return Err(vec![ImportError::new(
            file,
            None,
            "a CAIQ or CCM sheet names CSA's ids, not the catalogue's: give a mapping file with --mapping MAP (see the README)",
        )]);
    }
    Ok(())
}

/// The distinct non-empty values of a field over several rows, in row order.
fn distinct<'s>(rows: &[&'s Statement], get: impl Fn(&'s Statement) -> &'s str) -> Vec<&'s str> {
    let mut out: Vec<&str> = Vec::new();
    for row in rows {
        let value = get(row).trim();
        if !value.is_empty() && !out.contains(&value) {
            out.push(value);
        }
    }
    out
}

/// Lays `matrix` over `provider`'s lines of `session`.
#[allow(clippy::too_many_arguments)]
pub fn plan(
    session: &Session,
    catalogue: &Catalogue,
    provider: &str,
    matrix: &Matrix,
    mapping: Option<&Mapping>,
    origin: &Origin,
    replace: bool,
) -> Result<ImportPlan, Vec<ImportError>> {
    check_fit(matrix, catalogue, mapping, &origin.file)?;
    let (by_control, unmapped) = resolve(matrix, catalogue, mapping, &origin.file)?;
    let mut new = session.clone();
    let mut disagreements = Vec::new();
    for (&position, rows) in &by_control {
        let control = &catalogue.controls[position].id;
        let before = session
            .assessment(control, catalogue)
            .cloned()
            .unwrap_or_else(|| Assessment::new(control));
        let mut after = before.clone();
        let line = after.responsibility_mut(provider);
        let mut wrote = false;
        let mut disagree = |field: &'static str, recorded: String, stated: String, replaced| {
            disagreements.push(Disagreement {
                control: control.clone(),
                field,
                recorded,
                stated,
                replaced,
            })
        };
        let holders: Vec<Holder> = {
            let mut out: Vec<Holder> = Vec::new();
            for h in rows.iter().filter_map(|r| r.holder) {
                if !out.contains(&h) {
                    out.push(h);
                }
            }
            out
        };
        match holders.as_slice() {
            [] => {}
            [stated] if line.holder == Holder::Undecided => {
                line.holder = *stated;
                wrote = true;
            }
            [stated] if line.holder == *stated => {}
            [stated] => {
                disagree(
                    "holder",
                    line.holder.key().to_string(),
                    stated.key().to_string(),
                    replace,
                );
                if replace {
                    line.holder = *stated;
                    wrote = true;
                }
            }
            several => disagree(
                "holder",
                line.holder.key().to_string(),
                format!(
                    "the matrix's rows for it say {}",
                    several
                        .iter()
                        .map(|h| h.key())
                        .collect::<Vec<_>>()
                        .join(" / ")
                ),
                false,
            ),
        }
        for field in &TEXT_FIELDS {
            // Several rows (CAIQ questions) mapped to one control each describe a part of it:
            // their texts are kept together, one paragraph each.
            let stated = distinct(rows, field.stated).join("\n");
            if stated.is_empty() {
                continue;
            }
            let slot = (field.slot)(line);
            if slot.trim().is_empty() {
                *slot = stated;
                wrote = true;
            } else if slot.trim() != stated {
                disagree(field.name, slot.clone(), stated.clone(), replace);
                if replace {
                    *slot = stated;
                    wrote = true;
                }
            }
        }
        if wrote {
            line.provenance = Some(origin.provenance.clone());
            line.unconfirmed = true;
            after.tidy();
            after.changed_by = origin.by.clone();
            after.changed_at = Some(origin.at);
            new.apply(
                crate::session::Edit::SetAssessment {
                    control: control.clone(),
                    assessment: Some(Box::new(after)),
                },
                catalogue,
            );
        }
    }
    if new != *session {
        new.meta.updated = origin.at;
    }
    Ok(ImportPlan {
        session: new,
        disagreements,
        unmapped,
        controls: by_control.len(),
    })
}
