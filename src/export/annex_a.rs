//! The SoA regrouped under ISO/IEC 27001:2022 numbering: one row for each of the 93 Annex A
//! controls, exactly once and in Annex A order, then the session's controls that ISO maps to
//! nothing (the seven CLD controls of ISO/IEC 27017) as additional necessary controls.
//!
//! A 2022 row combines the session's controls that the ISO correspondence (`mapping: iso`)
//! maps to it; gapwalk's own relations never combine. It is applicable if any of them is, not
//! applicable only if all of them are excluded, otherwise undecided. Its status is the weakest
//! among the applicable ones (not implemented < unknown < planned < partial < implemented:
//! unknown ranks below planned because it might be anything), and there is none while any of
//! them is still undecided: the note names those. Justifications, owners and evidence keep the
//! id they were recorded against; the same piece from several of them is listed once. A 2022 control nothing maps to is
//! undecided, to be decided outside this workshop. Nothing here renders.

use super::soa::{
    self, Applicable, SoaRow, attributed, evidence_refs, justification, last_review, offered_lines,
    offering_names, owner_lines, push_unique,
};
use std::hash::Hash;

use indexmap::IndexMap;
use indexmap::map::Entry;

use super::text::line;
use super::{ExportError, Source};
use crate::catalogue::{self, Catalogue, Control, MappingSource};
use crate::fields::FieldKey;
use crate::session::{Applicability, Assessment, Status};

/// How strongly a status shows the control is in place; the lowest wins when combining.
pub fn strength(status: Status) -> u8 {
    match status {
        Status::NotImplemented => 0,
        Status::Unknown => 1,
        Status::Planned => 2,
        Status::Partial => 3,
        Status::Implemented => 4,
    }
}

/// Whether a control's 2022 relation is the published ISO correspondence.
fn iso_mapped(control: &Control) -> bool {
    control.mapping == MappingSource::Iso && !control.iso27001_2022.is_empty()
}

/// The embedded Annex A catalogue, for the 93 ids, their order and titles.
pub fn annex_a() -> Result<Catalogue, ExportError> {
    catalogue::embedded(super::ANNEX_A_CATALOGUE).ok_or(ExportError::NoAnnexA)
}

pub fn rows(source: &Source, annex: &Catalogue, internal: bool) -> Vec<SoaRow> {
    each_row(*source, annex, internal).collect()
}

/// [`rows`] one by one, each made when it is asked for, so a writer never holds them all.
pub fn each_row<'a>(
    source: Source<'a>,
    annex: &'a Catalogue,
    internal: bool,
) -> impl Iterator<Item = SoaRow> + 'a {
    let combined = annex
        .controls
        .iter()
        .map(move |target| annex_row(&source, target, internal));
    let additional = source
        .catalogue
        .controls
        .iter()
        .filter(|c| !iso_mapped(c))
        .map(move |control| additional_row(&source, control, internal));
    combined.chain(additional)
}

/// A control ISO maps to nothing, listed after Annex A as an additional necessary control.
fn additional_row(source: &Source, control: &Control, internal: bool) -> SoaRow {
    let mut row = soa::control_row(source, control, internal);
    row.additional = true;
    row.source = format!("{} (additional necessary control)", row.source);
    if !row.iso27001_2022.is_empty() {
        let related = format!(
            "gapwalk relates it to {} (not an ISO mapping)",
            row.iso27001_2022.join(", ")
        );
        row.note = [row.note.as_str(), related.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
    }
    row
}

fn annex_row(source: &Source, target: &Control, internal: bool) -> SoaRow {
    let catalogue = source.catalogue;
    let mapped: Vec<(&Control, Option<&Assessment>)> = catalogue
        .controls
        .iter()
        .filter(|c| iso_mapped(c) && c.iso27001_2022.contains(&target.id))
        .map(|c| (c, source.session.assessment(&c.id, catalogue)))
        .collect();
    let offerings = offering_names(source);
    let mut row = SoaRow {
        id: line(&catalogue::annex_a_label(&target.id)),
        iso27001_2022: vec![line(&catalogue::annex_a_label(&target.id))],
        mapping: Some(MappingSource::Iso),
        combines: mapped
            .iter()
            .map(|(c, _)| line(&catalogue.shown_id(&c.id)))
            .collect(),
        title: line(&target.title),
        source: "ISO/IEC 27001:2022 Annex A".into(),
        additional: false,
        applicable: Applicable::Undecided,
        reasons: Vec::new(),
        exclusion_reasons: Vec::new(),
        justification: Vec::new(),
        status: None,
        accountable_owner: Vec::new(),
        responsibilities: Vec::new(),
        offerings: offerings.as_ref().map(|_| Vec::new()),
        evidence: Vec::new(),
        documents: Vec::new(),
        risks: FieldKey::Risks.in_edition(internal).then(Vec::new),
        last_reviewed: None,
        next_review: None,
        change_trigger: Vec::new(),
        note: String::new(),
    };
    // gapwalk's own relations (the CLD controls) are named, never combined.
    let related: Vec<String> = catalogue
        .controls
        .iter()
        .filter(|c| !iso_mapped(c) && c.iso27001_2022.contains(&target.id))
        .map(|c| line(&catalogue.shown_id(&c.id)))
        .collect();
    let for_information = (!related.is_empty()).then(|| {
        format!(
            "for information, gapwalk relates {} to it",
            related.join(", ")
        )
    });
    if mapped.is_empty() {
        row.note = format!(
            "no control of catalogue {} maps to it: decide outside this workshop",
            line(&catalogue.id)
        );
        if let Some(info) = &for_information {
            row.note.push_str(&format!(" ({info})"));
        }
        return row;
    }
    let applicability =
        |a: &Option<&Assessment>| a.map_or(Applicability::Undecided, |a| a.applicability);
    let any_applicable = mapped
        .iter()
        .any(|(_, a)| applicability(a) == Applicability::Applicable);
    let all_excluded = mapped
        .iter()
        .all(|(_, a)| applicability(a) == Applicability::NotApplicable);
    row.applicable = if any_applicable {
        Applicable::Yes
    } else if all_excluded {
        Applicable::No
    } else {
        Applicable::Undecided
    };
    // Tag a piece only when it came from a control with another id than the row's.
    let from = |c: &Control| (c.id != target.id).then(|| line(&catalogue.shown_id(&c.id)));
    let providers = source.session.provider_names();
    // Each piece is made untagged and folded as it is met, so a row combining thousands of
    // controls holds one copy of what they say in common, not a copy per control.
    let mut justifications = Repeats::default();
    let mut owners = Repeats::default();
    let mut lines = Repeats::default();
    let mut offered = Repeats::default();
    let mut evidence = Repeats::default();
    let mut triggers = Repeats::default();
    for (i, (c, a)) in mapped.iter().enumerate() {
        let agrees = match row.applicable {
            Applicable::Yes => applicability(a) == Applicability::Applicable,
            Applicable::No => true,
            Applicable::Undecided => true,
        };
        if agrees && let Some(a) = a {
            row.reasons.extend(a.reasons_in_force().iter().copied());
            if row.applicable == Applicable::No {
                row.exclusion_reasons
                    .extend(a.exclusion_reasons.iter().copied());
            }
        }
        justifications.add(i, justification(*a, None));
        owners.add(i, attributed(*a, None, |a| &a.accountable_owner));
        lines.add(i, owner_lines(*a, &providers, None));
        if let Some(names) = offerings.as_ref() {
            offered.add(i, offered_lines(*a, names, None));
        }
        evidence.add(i, evidence_refs(*a, None));
        if let Some(a) = a {
            push_unique(&mut row.documents, &a.documents);
            if let Some(risks) = row.risks.as_mut() {
                push_unique(risks, &a.risks);
            }
        }
        if let Some(review) = last_review(*a, from(c).as_deref())
            && row.last_reviewed.as_ref().is_none_or(|r| review.on > r.on)
        {
            row.last_reviewed = Some(review);
        }
        triggers.add(i, attributed(*a, None, |a| &a.change_trigger));
        if let Some(next) = a.and_then(|a| a.next_review) {
            row.next_review = Some(row.next_review.map_or(next, |d| d.min(next)));
        }
    }
    row.reasons.sort();
    row.reasons.dedup();
    row.exclusion_reasons.sort();
    row.exclusion_reasons.dedup();
    if row.applicable == Applicable::Yes {
        row.status = mapped
            .iter()
            .filter_map(|(_, a)| *a)
            .filter(|a| a.applicability == Applicability::Applicable)
            .map(|a| a.status)
            .min_by_key(|s| strength(*s));
    }
    let undecided: Vec<String> = mapped
        .iter()
        .filter(|(_, a)| applicability(a) == Applicability::Undecided)
        .map(|(c, _)| line(&catalogue.shown_id(&c.id)))
        .collect();
    let sources: Vec<Option<String>> = mapped.iter().map(|(c, _)| from(c)).collect();
    row.responsibilities = lines.tagged(&sources, |o| &mut o.from);
    if offerings.is_some() {
        row.offerings = Some(offered.tagged(&sources, |o| &mut o.from));
    }
    row.evidence = evidence.tagged(&sources, |e| &mut e.from);
    row.justification = justifications.tagged(&sources, |j| &mut j.from);
    row.accountable_owner = owners.tagged(&sources, |o| &mut o.from);
    row.change_trigger = triggers.tagged(&sources, |t| &mut t.from);
    if !undecided.is_empty() {
        // A status over some of the inputs would claim more than was decided.
        row.status = None;
        row.note = if undecided.len() == mapped.len()
            && mapped.len() == 1
            && mapped[0].0.id == target.id
        {
            "not assessed yet".into()
        } else {
            format!("still undecided: {}", undecided.join(", "))
        };
    }
    if let Some(info) = for_information {
        row.note = [row.note.as_str(), info.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
    }
    row
}

/// The pieces of a combined row (owners, lines, evidence…), each kept once however many of its
/// inputs say it (everything but the control it came from alike), with the inputs that said it
/// by their place in the row's list of inputs: a combined row lists an owner once, not once per
/// 2013 control. Pieces are added untagged, input by input in order, and kept in the order
/// first met.
struct Repeats<T> {
    pieces: IndexMap<T, Inputs>,
}

/// The inputs that said a piece, in order: most pieces have one, kept without an allocation.
struct Inputs {
    first: usize,
    more: Vec<usize>,
}

impl Inputs {
    fn last(&self) -> usize {
        self.more.last().copied().unwrap_or(self.first)
    }

    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        std::iter::once(self.first).chain(self.more.iter().copied())
    }
}

impl<T> Default for Repeats<T> {
    fn default() -> Self {
        Repeats {
            pieces: IndexMap::new(),
        }
    }
}

impl<T: Hash + Eq> Repeats<T> {
    /// What input `input` says; inputs come in order, each once.
    fn add(&mut self, input: usize, pieces: impl IntoIterator<Item = T>) {
        for piece in pieces {
            match self.pieces.entry(piece) {
                Entry::Occupied(mut seen) => {
                    let inputs = seen.get_mut();
                    if inputs.last() != input {
                        inputs.more.push(input);
                    }
                }
                Entry::Vacant(new) => {
                    new.insert(Inputs {
                        first: input,
                        more: Vec::new(),
                    });
                }
            }
        }
    }

    /// The pieces in the order first met, each tagged with the ids of the inputs that said it
    /// (`sources`: each input's id, `None` for the control that has the row's own id), or left
    /// untagged when every input of the row says it or the control with the row's id does.
    fn tagged(
        self,
        sources: &[Option<String>],
        from: impl Fn(&mut T) -> &mut Option<String>,
    ) -> Vec<T> {
        let id = |i: usize| sources.get(i).and_then(Option::as_deref);
        self.pieces
            .into_iter()
            .map(|(mut piece, inputs)| {
                let everywhere = sources.len() > 1 && 1 + inputs.more.len() == sources.len();
                *from(&mut piece) = if everywhere || inputs.iter().any(|i| id(i).is_none()) {
                    // Said by every input, or by the control that has the row's own id.
                    None
                } else {
                    Some(inputs.iter().filter_map(id).collect::<Vec<_>>().join(", "))
                };
                piece
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_ranks_below_planned_and_above_not_implemented() {
        let mut all = Status::ALL.to_vec();
        all.sort_by_key(|s| strength(*s));
        assert_eq!(
            all,
            [
                Status::NotImplemented,
                Status::Unknown,
                Status::Planned,
                Status::Partial,
                Status::Implemented
            ]
        );
    }
}
