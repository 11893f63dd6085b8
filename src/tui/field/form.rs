//! The edit form's list of steps for one control, in the order the domain's table gives.

use super::Field;
use crate::fields::FieldKey;
use crate::session::{Applicability, Assessment};

/// Every field of a control in form order: the fields the domain's table puts in the form, in
/// its order, one block of line fields per provider (lines kept for a provider no longer in
/// scope last) and per offering we provide, and the evidence lines and adding one right after
/// the status.
pub fn form_fields(a: &Assessment, providers: &[String], offerings: &[String]) -> Vec<Field> {
    // Lines kept for a provider no longer in scope come last, so they can be fixed or cleared.
    let out_of_scope = a
        .responsibilities
        .iter()
        .map(|r| &r.provider)
        .filter(|p| !providers.contains(p));
    let providers: Vec<&String> = providers.iter().chain(out_of_scope).collect();
    // An excluded control is asked why it is left out, any other why it is included.
    let excluded = a.applicability == Applicability::NotApplicable;
    let keys: Vec<FieldKey> = FieldKey::ALL
        .into_iter()
        .filter(|k| k.in_form())
        .filter(|k| match k {
            FieldKey::Reasons => !excluded,
            FieldKey::ExclusionReasons => excluded,
            _ => true,
        })
        .collect();
    let block = |lines: &[&String], of_line: fn(FieldKey) -> bool| -> Vec<Field> {
        lines
            .iter()
            .flat_map(|line| {
                keys.iter()
                    .filter(|k| of_line(**k))
                    .map(|k| Field::from_key(*k, line))
            })
            .collect()
    };
    let mut fields = Vec::new();
    let (mut providers_done, mut offerings_done) = (false, false);
    for key in &keys {
        if key.per_provider() {
            if !std::mem::replace(&mut providers_done, true) {
                fields.extend(block(&providers, FieldKey::per_provider));
            }
        } else if key.per_offering() {
            if !std::mem::replace(&mut offerings_done, true) {
                let offerings: Vec<&String> = offerings.iter().collect();
                fields.extend(block(&offerings, FieldKey::per_offering));
            }
        } else {
            fields.push(Field::from_key(*key, ""));
        }
        if *key == FieldKey::Status {
            fields.extend((0..a.evidence.len()).map(Field::Evidence));
            fields.push(Field::AddEvidence);
        }
    }
    fields
}
