//! The guided walk: one question at a time, in the order a facilitator talks a control through,
//! at the session's depth (a triage pass or the full record), over the agenda or the active
//! filter. Between controls a card says what was recorded and which control comes next: nothing
//! typed there, and no key that is not an option on a choice question, is ever an answer.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use ratatui::crossterm::event::{KeyCode, KeyModifiers};
use ratatui_textarea::TextArea;

use super::action::{Action, Command};
use super::app::{App, Filter};
use super::field::{Field, Kind};
use super::popup::{InputMode, Popup, paste_into, type_into};
use crate::session::{Applicability, Assessment, Edit, Holder, Reason, Status};
use crate::walkplan::{Depth, agenda_order, needs_walk, provider_holds_part};

/// Where the walk stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stage {
    /// A question of `control` is open.
    Asking,
    /// Between controls: what was recorded on `from`, and the control Enter begins.
    Card {
        from: Option<usize>,
        next: Option<usize>,
    },
    /// Esc on a half-typed answer that would replace a recorded one: keep it or not?
    ConfirmLeave,
}

/// The walk popup's state: the control, the question, the answer being typed.
#[derive(Debug, Clone)]
pub struct WalkPopup {
    pub control: usize,
    pub field: Field,
    /// Questions already passed on this control, for going back.
    pub history: Vec<Field>,
    pub input: TextArea<'static>,
    pub error: Option<String>,
    /// Whether the person typed, pasted or took a suggestion in this question: only then is
    /// there an answer of theirs to keep when they leave it by another key than Enter.
    pub touched: bool,
    /// A name the session does not know, typed and Entered once: a second Enter keeps it.
    pub new_name: Option<String>,
    pub stage: Stage,
    pub depth: Depth,
    /// The controls in the order this walk takes them (the filter's list or the agenda).
    pub order: Vec<usize>,
    /// What the order follows, in words ("the agenda", "the filter: theme: network").
    pub following: String,
    /// Controls left with an applicability decided, and controls left undecided.
    pub done: BTreeSet<usize>,
    pub skipped: BTreeSet<usize>,
    /// Controls begun in this walk, in the order they were begun.
    pub visited: Vec<usize>,
    /// Keys typed on a choice question or the card that are not options: shown, never kept.
    pub stray: String,
    /// `+` on the reasons: digits toggle until Enter.
    pub several: bool,
    /// When the current control began (the app's clock), for the timebox.
    pub control_started: Duration,
    /// Values given earlier in this walk, offered again: `customer_owner`,
    /// `provider_owner:AWS`, `remediation_owner`, `next_review`.
    pub given: BTreeMap<String, String>,
    /// The provider whose line `=` filled on this control: its copied answers are not asked.
    pub copied: Option<String>,
}

impl WalkPopup {
    pub fn new(control: usize, a: &Assessment) -> WalkPopup {
        let mut walk = WalkPopup {
            control,
            field: Field::Applicability,
            history: Vec::new(),
            input: TextArea::default(),
            error: None,
            touched: false,
            new_name: None,
            stage: Stage::Asking,
            depth: Depth::Full,
            order: Vec::new(),
            following: String::new(),
            done: BTreeSet::new(),
            skipped: BTreeSet::new(),
            visited: vec![control],
            stray: String::new(),
            several: false,
            control_started: Duration::ZERO,
            given: BTreeMap::new(),
            copied: None,
        };
        walk.prefill(a);
        walk
    }

    /// Starts the input with the recorded answer, so Enter keeps it.
    pub fn prefill(&mut self, a: &Assessment) {
        self.error = None;
        self.touched = false;
        self.new_name = None;
        self.stray.clear();
        self.several = false;
        let text = match self.field.kind() {
            _ if self.field == Field::AddEvidence => String::new(),
            Kind::Choice => String::new(),
            _ => self.field.editable_text(a),
        };
        self.input = TextArea::new(vec![text]);
        self.input.move_cursor(ratatui_textarea::CursorMove::End);
    }

    /// The typed answer (one line).
    pub fn text(&self) -> String {
        self.input.lines().join(" ")
    }

    /// Moves to `field`, remembering where we were.
    pub fn go_to(&mut self, field: Field, a: &Assessment) {
        let previous = std::mem::replace(&mut self.field, field);
        self.history.push(previous);
        self.prefill(a);
    }

    pub fn go_back(&mut self, a: &Assessment) -> bool {
        match self.history.pop() {
            Some(field) => {
                self.field = field;
                self.prefill(a);
                true
            }
            None => false,
        }
    }

    /// Controls walked to a decision in this walk.
    pub fn completed(&self) -> usize {
        self.done.len()
    }

    pub fn on_card(&self) -> bool {
        matches!(self.stage, Stage::Card { .. })
    }

    /// Where the key that offered a value is kept, for the current question.
    fn offer_key(&self) -> Option<String> {
        Some(match &self.field {
            Field::AccountableOwner => "accountable_owner".into(),
            Field::CustomerOwner(_) => "customer_owner".into(),
            Field::ProviderOwner(p) => format!("provider_owner:{p}"),
            Field::RemediationOwner => "remediation_owner".into(),
            Field::AcceptedBy => "accepted_by".into(),
            Field::NextReview => "next_review".into(),
            Field::RemediationDue => "remediation_due".into(),
            _ => return None,
        })
    }

    /// A value given earlier in this walk for this kind of question, while nothing is typed.
    pub fn offer(&self) -> Option<&str> {
        if !self.text().trim().is_empty() {
            return None;
        }
        self.given.get(&self.offer_key()?).map(String::as_str)
    }
}

/// The questions for a record after `field` has been answered, at `depth`; `None` when the
/// control is done. The lines follow the role: each provider we use (the customer's seat),
/// then each offering we provide (the provider's seat, asked with the catalogue's own
/// question for a provider), then the control's own status and the rest.
pub fn next_field(
    field: &Field,
    a: &Assessment,
    providers: &[String],
    offerings: &[String],
    depth: Depth,
) -> Option<Field> {
    let full = depth == Depth::Full;
    let after_offerings = |index: Option<usize>| -> Field {
        match offerings.get(index.map_or(0, |i| i + 1)) {
            Some(o) => Field::OfferingHolder(o.clone()),
            None => Field::Status,
        }
    };
    let offering_index = |o: &str| offerings.iter().position(|x| x == o);
    let offering_holder = |o: &str| a.offering(o).map(|l| l.holder).unwrap_or_default();
    let holder = |p: &str| a.responsibility(p).map(|r| r.holder).unwrap_or_default();
    // One provider's line: its holder, then (full pass) what its holder calls for.
    let line = |p: &str| -> Vec<Field> {
        let h = holder(p);
        let mut fields = vec![Field::Holder(p.to_string())];
        if full {
            if h.needs_customer_owner() {
                fields.push(Field::CustomerOwner(p.to_string()));
            }
            if h.needs_provider_owner() {
                fields.push(Field::ProviderOwner(p.to_string()));
            }
            if provider_holds_part(h) {
                fields.push(Field::Inherited(p.to_string()));
                fields.push(Field::CustomerDuty(p.to_string()));
                fields.push(Field::ProviderEvidence(p.to_string()));
            }
        }
        fields
    };
    let after_line = |p: &str, current: &Field| -> Field {
        let fields = line(p);
        match fields.iter().position(|f| f == current) {
            Some(k) if k + 1 < fields.len() => fields[k + 1].clone(),
            _ => {
                let index = providers.iter().position(|x| x == p);
                match index.and_then(|i| providers.get(i + 1)) {
                    Some(next) => Field::Holder(next.clone()),
                    None => after_offerings(None),
                }
            }
        }
    };
    let first_line = || match providers.first() {
        Some(p) => Field::Holder(p.clone()),
        None => after_offerings(None),
    };
    Some(match field {
        Field::Applicability => match a.applicability {
            Applicability::Undecided => return None,
            Applicability::Applicable => Field::Reason,
            // An exclusion has reasons of its own.
            Applicability::NotApplicable => Field::ExclusionReason,
        },
        Field::Reason | Field::ExclusionReason if full => Field::Justification,
        // The full pass names who answers for an included control on our side, whoever runs
        // it, before the lines of who runs it.
        Field::Justification if full && a.applicability == Applicability::Applicable => {
            Field::AccountableOwner
        }
        Field::Reason | Field::ExclusionReason | Field::Justification | Field::AccountableOwner => {
            match a.applicability {
                Applicability::Applicable => first_line(),
                _ => return None,
            }
        }
        Field::Holder(p)
        | Field::CustomerOwner(p)
        | Field::ProviderOwner(p)
        | Field::Inherited(p)
        | Field::CustomerDuty(p)
        | Field::ProviderEvidence(p) => after_line(p, field),
        // The provider's seat: a triage asks who holds it; nothing more is asked of a line we
        // have not decided, or of an offering that has nothing to do with the control.
        Field::OfferingHolder(o) => match offering_holder(o) {
            _ if !full => after_offerings(offering_index(o)),
            Holder::Undecided | Holder::NotApplicable => after_offerings(offering_index(o)),
            _ => Field::OfferingWeDo(o.clone()),
        },
        Field::OfferingWeDo(o) => {
            if offering_holder(o).needs_customer_owner() {
                Field::OfferingCustomerMust(o.clone())
            } else {
                Field::OfferingEvidence(o.clone())
            }
        }
        Field::OfferingCustomerMust(o) => Field::OfferingEvidence(o.clone()),
        Field::OfferingEvidence(o) => Field::OfferingContact(o.clone()),
        Field::OfferingContact(o) => after_offerings(offering_index(o)),
        Field::Status if !full => return None,
        Field::Status => match a.status {
            Status::Implemented | Status::Partial => Field::AddEvidence,
            _ if a.is_gap() => Field::Gap,
            _ => return field.next_closing(),
        },
        Field::AddEvidence | Field::Evidence(_) | Field::EvidenceAsOf(_) => {
            if a.is_gap() {
                Field::Gap
            } else {
                return field.next_closing();
            }
        }
        Field::Gap => Field::Treatment,
        Field::Treatment => {
            if a.risk_acceptance.is_some() && a.remediation.is_none() {
                Field::AcceptedBy
            } else {
                Field::RemediationAction
            }
        }
        Field::RemediationAction => Field::RemediationOwner,
        Field::RemediationOwner => Field::RemediationDue,
        Field::RemediationDue => Field::RemediationPriority,
        Field::RemediationPriority => return field.next_closing(),
        Field::AcceptedBy => Field::AcceptanceRationale,
        Field::AcceptanceRationale => Field::AcceptanceExpires,
        // The closing questions, in the domain table's order.
        Field::AcceptanceExpires => return field.next_closing(),
        _ if field.is_closing() => return field.next_closing(),
        _ => return None,
    })
}

/// Every question the walk asks of this record as it stands, in order.
pub fn questions(
    a: &Assessment,
    providers: &[String],
    offerings: &[String],
    depth: Depth,
) -> Vec<Field> {
    let mut out = vec![Field::Applicability];
    let mut field = Field::Applicability;
    while let Some(next) = next_field(&field, a, providers, offerings, depth) {
        if out.contains(&next) {
            break;
        }
        out.push(next.clone());
        field = next;
    }
    out
}

/// Whether a choice's recorded value is one a person stated (so Enter may keep it), not the
/// value a blank record starts with.
pub fn stated_option(field: &Field, a: &Assessment) -> Option<usize> {
    let stated = match field {
        Field::Applicability => a.applicability != Applicability::Undecided,
        Field::Reason => !a.reasons.is_empty(),
        Field::ExclusionReason => !a.exclusion_reasons.is_empty(),
        Field::Holder(p) => a
            .responsibility(p)
            .is_some_and(|r| r.holder != Holder::Undecided),
        Field::Status => a.status != Status::Unknown,
        Field::RemediationPriority => a.remediation.as_ref().is_some_and(|r| !r.is_empty()),
        _ => true,
    };
    if stated {
        field.current_option(a)
    } else {
        None
    }
}

/// Names that complete what has been typed: participants first, then earlier answers.
pub fn suggestions(typed: &str, names: &[String]) -> Vec<String> {
    let typed = typed.trim().to_lowercase();
    names
        .iter()
        .filter(|n| {
            let lower = n.to_lowercase();
            typed.is_empty()
                || (lower.starts_with(&typed) && lower != typed)
                || lower
                    .split_whitespace()
                    .any(|w| w.starts_with(&typed) && lower != typed)
        })
        .take(6)
        .cloned()
        .collect()
}

impl WalkPopup {
    pub fn input_mode(&self) -> InputMode {
        match self.stage {
            Stage::Card { .. } | Stage::ConfirmLeave => InputMode::Strict,
            Stage::Asking => match self.field.kind() {
                Kind::Choice => InputMode::Strict,
                _ => InputMode::Text,
            },
        }
    }

    /// The names offered for the current question, if it asks for a name.
    pub fn name_suggestions(&self, names: &[String]) -> Vec<String> {
        match self.field.kind() {
            Kind::Text { names: true } => suggestions(&self.text(), names),
            _ => Vec::new(),
        }
    }
}

impl App {
    /// Opens the walk on control `index`, over the active filter or else the agenda.
    pub fn start_walk(&mut self, index: usize) {
        // A session nothing is recorded in yet starts where its agenda starts.
        let fresh = *self.list.filter() == Filter::All && self.progress().0 == 0;
        let mut walk = WalkPopup::new(index, &self.assessment(index));
        walk.depth = self.session.meta.walk_depth;
        if *self.list.filter() == Filter::All {
            walk.order = agenda_order(&self.catalogue, &self.session.meta.agenda);
            walk.following = if self.session.meta.agenda.is_empty() {
                "the default agenda".into()
            } else {
                "the session's agenda".into()
            };
        } else {
            walk.order = self.list.controls();
            walk.following = format!("the filter: {}", self.list.filter().label());
        }
        // Where to begin: the selected control if it still has something to ask at this
        // depth, else the next one that has (a resumed walk goes on where it stopped); a
        // session with nothing recorded yet begins where its order begins.
        let providers = self.session.provider_names();
        let start = if fresh {
            walk.order.first().copied().unwrap_or(index)
        } else if needs_walk(walk.depth, &self.assessment(index), &providers) {
            index
        } else {
            walk.visited.clear();
            self.next_in_order(&walk, index).unwrap_or(index)
        };
        walk.visited = vec![start];
        walk.control = start;
        walk.prefill(&self.assessment(start));
        walk.control_started = self.clock;
        self.select_control(start);
        self.message = Some(format!(
            "walk ({} pass) follows {}",
            walk.depth.key(),
            walk.following
        ));
        self.dashboard = false;
        self.popups.push(Popup::Walk(Box::new(walk)));
    }

    /// The control after `from` in the walk's order that still has something to ask at the
    /// walk's depth and has not been begun in this walk (wrapping round once).
    fn next_in_order(&self, walk: &WalkPopup, from: usize) -> Option<usize> {
        let providers = self.session.provider_names();
        let n = walk.order.len();
        let start = walk.order.iter().position(|&i| i == from);
        (1..=n)
            .map(|k| match start {
                Some(s) => walk.order[(s + k) % n],
                None => walk.order[k - 1],
            })
            .find(|&i| {
                !walk.visited.contains(&i)
                    && needs_walk(walk.depth, &self.assessment(i), &providers)
            })
    }

    /// The neighbour of `from` in the walk's order, whatever it holds (PgDn, PgUp).
    fn neighbour(walk: &WalkPopup, from: usize, forward: bool) -> Option<usize> {
        let at = walk.order.iter().position(|&i| i == from)?;
        if forward {
            walk.order.get(at + 1).copied()
        } else {
            at.checked_sub(1).map(|k| walk.order[k])
        }
    }

    /// Begins control `index` at its first question.
    fn begin_control(&mut self, walk: &mut WalkPopup, index: usize) {
        let a = self.assessment(index);
        walk.copied = None;
        walk.control = index;
        walk.field = Field::Applicability;
        walk.history.clear();
        walk.stage = Stage::Asking;
        walk.prefill(&a);
        walk.control_started = self.clock;
        walk.visited.retain(|&i| i != index);
        walk.visited.push(index);
        self.select_control(index);
        if !walk.order.contains(&index) {
            self.message = Some(format!(
                "{} is outside {}: walked because you asked for it",
                a.control, walk.following
            ));
        }
    }

    /// Leaves the current control for the card: it counts as done when its applicability is
    /// decided, as skipped when not.
    fn finish_control(&mut self, walk: &mut WalkPopup) {
        let c = walk.control;
        let mut a = self.assessment(c);
        if a.is_assessed() {
            if a.reconfirm {
                // Walked to its end: what was carried over is confirmed for this cycle.
                a.reconfirm = false;
                a.reviewed_by = self.user.clone();
                a.reviewed_on = Some(self.today());
                self.commit(a);
            }
            walk.skipped.remove(&c);
            walk.done.insert(c);
        } else {
            walk.done.remove(&c);
            walk.skipped.insert(c);
        }
        let next = self.next_in_order(walk, c);
        walk.stage = Stage::Card {
            from: Some(c),
            next,
        };
        if let Some(n) = next {
            // A workshop closed on the card resumes at the control it offered.
            self.select_control(n);
        }
        walk.error = None;
        walk.stray.clear();
    }

    /// Shows the card for `next` (from PgDn, PgUp, the jump) after leaving the current question.
    fn card_for(&mut self, walk: &mut WalkPopup, next: Option<usize>) {
        if walk.stage == Stage::Asking {
            self.finish_control(walk);
        }
        let from = match walk.stage {
            Stage::Card { from, .. } => from,
            _ => Some(walk.control),
        };
        walk.stage = Stage::Card { from, next };
        walk.error = None;
        walk.stray.clear();
        if let Some(n) = next {
            self.select_control(n);
        }
    }

    /// Moves the walk past the current question; at the end of a control, on to the card.
    fn advance_walk(&mut self, walk: &mut WalkPopup) {
        let a = self.assessment(walk.control);
        let providers = self.session.provider_names();
        let offerings = self.session.meta.seats().offerings;
        let mut field = walk.field.clone();
        loop {
            match next_field(&field, &a, &providers, &offerings, walk.depth) {
                // Answers `=` copied from the line before are not asked again.
                Some(next)
                    if matches!(
                        &next,
                        Field::CustomerOwner(p) | Field::Inherited(p) | Field::CustomerDuty(p)
                            if walk.copied.as_deref() == Some(p.as_str())
                    ) && !next.value(&a).trim().is_empty() =>
                {
                    field = next;
                }
                Some(next) => return walk.go_to(next, &a),
                None => return self.finish_control(walk),
            }
        }
    }

    /// Records the text typed into the current question when it differs from what is recorded
    /// (evidence only when something was typed). False when the text does not parse; the
    /// question then shows why.
    fn keep_typed_answer(&mut self, walk: &mut WalkPopup) -> bool {
        // An untouched prefill may be stale (a merge from disk changed the field): never
        // write it back.
        if walk.stage != Stage::Asking || walk.input_mode() != InputMode::Text || !walk.touched {
            return true;
        }
        let a = self.assessment(walk.control);
        let text = walk.text();
        let unchanged = if walk.field == Field::AddEvidence {
            text.trim().is_empty()
        } else {
            text.trim() == walk.field.editable_text(&a).trim()
        };
        if unchanged {
            return true;
        }
        self.record_text(walk, &text)
    }

    fn record_text(&mut self, walk: &mut WalkPopup, text: &str) -> bool {
        let mut a = self.assessment(walk.control);
        let today = self.today();
        match walk.field.set_text(&mut a, text, &self.user.clone(), today) {
            Ok(()) => {
                if let Some(key) = walk.offer_key()
                    && !text.trim().is_empty()
                {
                    walk.given
                        .insert(key, walk.field.editable_text(&a).trim().to_string());
                }
                self.commit(a);
                walk.touched = false;
                true
            }
            Err(e) => {
                walk.error = Some(e);
                false
            }
        }
    }

    /// Whether Esc would replace a recorded answer with a half-typed one.
    fn would_replace(&self, walk: &WalkPopup) -> bool {
        if walk.input_mode() != InputMode::Text || !walk.touched || walk.field == Field::AddEvidence
        {
            return false;
        }
        let recorded = walk.field.editable_text(&self.assessment(walk.control));
        !recorded.trim().is_empty() && walk.text().trim() != recorded.trim()
    }

    fn leave_walk(&mut self, walk: &WalkPopup) -> bool {
        self.message = Some(format!(
            "left the walk at {} ({} walked, {} skipped)",
            self.catalogue.controls[walk.control].id,
            walk.done.len(),
            walk.skipped.len()
        ));
        false
    }

    fn options_hint(walk: &WalkPopup) -> String {
        format!("pick 1 to {}", walk.field.options().len())
    }

    /// A key on a choice question or the card that is not an option: shown and refused.
    fn refuse_stray(&mut self, walk: &mut WalkPopup, c: char) {
        walk.stray.push(c);
        let shown: String = crate::sanitise::one_line(&walk.stray).into_owned();
        walk.error = Some(match &walk.stage {
            Stage::Card { next, .. } => {
                let key = |c: Command| self.keymap.hint(super::keymap::Mode::Walk, c);
                let begin = match next {
                    Some(n) => format!(
                        "{} begins {}",
                        key(Command::Confirm),
                        self.catalogue.controls[*n].id
                    ),
                    None => format!("{} ends the walk", key(Command::Confirm)),
                };
                format!(
                    "nothing typed here is recorded (\"{shown}\"): {begin} · {} stops · / jumps",
                    key(Command::Cancel)
                )
            }
            _ => format!(
                "\"{shown}\" is not an option: nothing recorded; {} (Backspace clears)",
                Self::options_hint(walk)
            ),
        });
    }

    pub(super) fn update_walk(&mut self, walk: &mut WalkPopup, action: Action) -> bool {
        if walk.stage == Stage::Asking && self.selected() != Some(walk.control) {
            self.select_control(walk.control);
        }
        // Keys that work wherever the walk stands.
        match action {
            Action::Command(Command::ToggleDepth) => {
                let mut meta = self.session.meta.clone();
                meta.walk_depth = walk.depth.other();
                self.apply_edit(Edit::SetMetadata(Box::new(meta)));
                walk.depth = self.session.meta.walk_depth;
                self.message = Some(match walk.depth {
                    Depth::Triage => "triage pass: applicable, reason, who holds it, status".into(),
                    Depth::Full => "full pass: every field of the record".into(),
                });
                return true;
            }
            Action::Command(c @ (Command::NextControl | Command::PreviousControl)) => {
                if !self.keep_typed_answer(walk) {
                    return true;
                }
                let from = match walk.stage {
                    Stage::Card { next: Some(n), .. } => n,
                    _ => walk.control,
                };
                let target = Self::neighbour(walk, from, c == Command::NextControl);
                match target {
                    Some(t) => self.card_for(walk, Some(t)),
                    None => {
                        walk.error = Some(format!(
                            "no control {} this one in {}",
                            if c == Command::NextControl {
                                "after"
                            } else {
                                "before"
                            },
                            walk.following
                        ))
                    }
                }
                return true;
            }
            Action::Command(Command::OpenJump) => return self.walk_open_jump(walk),
            Action::Command(Command::Park) => {
                if !self.keep_typed_answer(walk) {
                    return true;
                }
                let control = match walk.stage {
                    Stage::Card { from: Some(f), .. } => f,
                    _ => walk.control,
                };
                let park = super::popup::ParkPopup::new(control, &self.model);
                self.popups.push(Popup::Park(Box::new(park)));
                return true;
            }
            _ => {}
        }
        match walk.stage.clone() {
            Stage::Card { from, next } => self.update_card(walk, action, from, next),
            Stage::ConfirmLeave => match action {
                Action::Command(Command::Confirm) => {
                    walk.stage = Stage::Asking;
                    let text = walk.text();
                    if self.record_text(walk, &text) {
                        self.leave_walk(walk)
                    } else {
                        true
                    }
                }
                Action::Command(Command::Cancel) => self.leave_walk(walk),
                _ => {
                    walk.stage = Stage::Asking;
                    walk.error = None;
                    true
                }
            },
            Stage::Asking => self.update_question(walk, action),
        }
    }

    fn walk_open_jump(&mut self, walk: &mut WalkPopup) -> bool {
        if !self.keep_typed_answer(walk) {
            return true;
        }
        let mut jump = Popup::jump(self);
        if let Popup::Jump(j) = &mut jump {
            j.for_walk = true;
        }
        self.popups.push(jump);
        true
    }

    /// The jump, opened from the walk, picked `index`: the card now offers it.
    pub(super) fn walk_jump_to(&mut self, index: usize) {
        let Some(Popup::Walk(mut walk)) = self.popups.pop() else {
            return;
        };
        self.card_for(&mut walk, Some(index));
        if !walk.order.contains(&index) {
            self.message = Some(format!(
                "{} is outside {}: Enter walks it anyway",
                self.catalogue.controls[index].id, walk.following
            ));
        }
        self.popups.push(Popup::Walk(walk));
    }

    fn update_card(
        &mut self,
        walk: &mut WalkPopup,
        action: Action,
        from: Option<usize>,
        next: Option<usize>,
    ) -> bool {
        match action {
            Action::Command(Command::Confirm) => match next {
                Some(n) => {
                    self.begin_control(walk, n);
                    true
                }
                None => {
                    self.message = Some(format!(
                        "walk finished: nothing left to ask in {} at the {} pass ({} walked, {} skipped)",
                        walk.following,
                        walk.depth.key(),
                        walk.done.len(),
                        walk.skipped.len()
                    ));
                    false
                }
            },
            Action::Command(Command::Cancel) => {
                if !walk.stray.is_empty() {
                    walk.stray.clear();
                    walk.error = None;
                    return true;
                }
                self.leave_walk(walk)
            }
            Action::Command(Command::Skip) => {
                if let Some(n) = next {
                    walk.skipped.insert(n);
                    walk.visited.push(n);
                    let after = self.next_in_order(walk, n);
                    walk.stage = Stage::Card { from, next: after };
                    walk.error = None;
                    walk.stray.clear();
                    self.message = Some(format!(
                        "{} skipped: left unassessed",
                        self.catalogue.controls[n].id
                    ));
                }
                true
            }
            Action::Command(Command::Back) => {
                if let Some(f) = from {
                    if f != walk.control {
                        self.begin_control(walk, f);
                    } else {
                        // Back to the last question of the control just left.
                        walk.stage = Stage::Asking;
                        let a = self.assessment(f);
                        walk.prefill(&a);
                        walk.control_started = self.clock;
                    }
                }
                true
            }
            Action::Type(key) => {
                match key.code {
                    KeyCode::Char('/') if walk.stray.is_empty() => {
                        return self.walk_open_jump(walk);
                    }
                    KeyCode::Backspace => {
                        walk.stray.pop();
                        if walk.stray.is_empty() {
                            walk.error = None;
                        }
                    }
                    KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                        walk.stray.clear();
                        walk.error = None;
                    }
                    KeyCode::Char(c) => self.refuse_stray(walk, c),
                    _ => {}
                }
                true
            }
            Action::Choose(n) => {
                let digit = char::from_digit(n as u32 + 1, 10).unwrap_or('?');
                self.refuse_stray(walk, digit);
                true
            }
            Action::Paste(text) => {
                for c in crate::sanitise::one_line(&text).chars().take(40) {
                    walk.stray.push(c);
                }
                self.refuse_stray(walk, ' ');
                true
            }
            _ => true,
        }
    }

    fn update_question(&mut self, walk: &mut WalkPopup, action: Action) -> bool {
        let choice = walk.field.kind() == Kind::Choice;
        match action {
            Action::Command(Command::Cancel) => {
                if !walk.stray.is_empty() {
                    walk.stray.clear();
                    walk.error = None;
                    return true;
                }
                if walk.error.is_some() && walk.touched {
                    // Esc again on an answer that does not parse leaves without it.
                    return self.leave_walk(walk);
                }
                if self.would_replace(walk) {
                    walk.stage = Stage::ConfirmLeave;
                    return true;
                }
                if !self.keep_typed_answer(walk) {
                    if let Some(e) = walk.error.as_mut() {
                        e.push_str(" (Esc again leaves without it)");
                    }
                    return true;
                }
                self.leave_walk(walk)
            }
            Action::Command(Command::Skip) => {
                if !self.keep_typed_answer(walk) {
                    return true;
                }
                let a = self.assessment(walk.control);
                if walk.field == Field::Applicability && !a.is_assessed() {
                    self.finish_control(walk);
                } else {
                    self.advance_walk(walk);
                }
                true
            }
            Action::Command(Command::Back) => {
                if !self.keep_typed_answer(walk) {
                    return true;
                }
                let a = self.assessment(walk.control);
                if !walk.go_back(&a) {
                    // The first question: back to the control walked before this one.
                    let before = walk
                        .visited
                        .iter()
                        .rev()
                        .find(|&&i| i != walk.control)
                        .copied()
                        .or_else(|| Self::neighbour(walk, walk.control, false));
                    match before {
                        Some(b) => {
                            let here = walk.control;
                            if !self.assessment(here).is_assessed() {
                                walk.skipped.insert(here);
                            }
                            walk.visited.retain(|&i| i != here);
                            self.begin_control(walk, b);
                            walk.visited.retain(|&i| i != b);
                            walk.visited.push(b);
                        }
                        None => walk.error = Some("this is the first control of the walk".into()),
                    }
                }
                true
            }
            Action::Choose(n) if choice => {
                if !walk.stray.is_empty() {
                    let digit = char::from_digit(n as u32 + 1, 10).unwrap_or('?');
                    self.refuse_stray(walk, digit);
                    return true;
                }
                self.choose_in_walk(walk, n);
                true
            }
            Action::Command(Command::Confirm) if choice => {
                if !walk.stray.is_empty() {
                    walk.error = Some(format!(
                        "\"{}\" is not an answer: Backspace or Esc clears it, then {}",
                        crate::sanitise::one_line(&walk.stray),
                        Self::options_hint(walk)
                    ));
                    return true;
                }
                let a = self.assessment(walk.control);
                if walk.several {
                    let none = if walk.field == Field::ExclusionReason {
                        a.exclusion_reasons.is_empty()
                    } else {
                        a.reasons.is_empty()
                    };
                    if none {
                        walk.error = Some("pick at least one reason, then Enter".into());
                    } else {
                        // The hint about toggling belongs to this question only.
                        self.message = None;
                        self.advance_walk(walk);
                    }
                    return true;
                }
                match stated_option(&walk.field, &a) {
                    Some(_) => {
                        // On a provider's imported statement Enter is the workshop's
                        // confirmation: one key per provider triages an imported control.
                        if let Field::Holder(p) = &walk.field
                            && a.responsibility(p).is_some_and(|r| r.unconfirmed)
                        {
                            let mut a = a.clone();
                            a.responsibility_mut(p).unconfirmed = false;
                            self.commit(a);
                        }
                        self.advance_walk(walk)
                    }
                    None => {
                        walk.error = Some(format!(
                            "nothing is recorded here yet: {} ({} skips)",
                            Self::options_hint(walk),
                            self.keymap.hint(super::keymap::Mode::Walk, Command::Skip)
                        ))
                    }
                }
                true
            }
            Action::Type(key) if choice => {
                self.type_on_choice(walk, key);
                true
            }
            Action::Paste(_) if choice => {
                walk.error = Some(format!(
                    "pasted text is not an option: nothing recorded; {}",
                    Self::options_hint(walk)
                ));
                true
            }
            Action::Command(Command::Confirm) => {
                let mut text = walk.text();
                // A name: the start of exactly one known name is that name; the start of
                // several, or a name nobody has used yet, is kept as typed only when Entered
                // twice (the first Enter says which, so a slip never adds a person).
                if walk.touched
                    && let Some(asking) = walk.field.asking()
                {
                    use crate::session::NameMatch;
                    let known = self.session.names_for(&asking);
                    let typed = text.trim().to_string();
                    match crate::session::match_name(&text, &known) {
                        NameMatch::Known(name) | NameMatch::Only(name) => {
                            text = name.clone();
                            walk.input = super::popup::line_input(&name);
                        }
                        NameMatch::Several(names) if walk.new_name.as_deref() != Some(&typed) => {
                            walk.error = Some(format!(
                                "{typed:?} starts several names ({}): type more, or Enter again to keep {typed:?} as a new name",
                                names.join(", ")
                            ));
                            walk.new_name = Some(typed);
                            return true;
                        }
                        _ if typed.is_empty() => {}
                        NameMatch::New if walk.new_name.as_deref() != Some(&typed) => {
                            walk.error = Some(format!(
                                "{typed:?} is not a name this session knows: Enter again to add it as a new name, or type another"
                            ));
                            walk.new_name = Some(typed);
                            return true;
                        }
                        _ => self.message = Some(format!("{typed:?} recorded as a new name")),
                    }
                }
                if walk.field == Field::AddEvidence && !text.trim().is_empty() {
                    if !self.record_text(walk, &text) {
                        return true;
                    }
                    let a = self.assessment(walk.control);
                    // The new pointer is the last one whose location is the text typed.
                    let index = a
                        .evidence
                        .iter()
                        .rposition(|e| e.location == text.trim())
                        .unwrap_or(a.evidence.len().saturating_sub(1));
                    walk.go_to(Field::EvidenceAsOf(index), &a);
                    let kind = a.evidence.get(index).map(|e| e.kind.label()).unwrap_or("");
                    self.message = Some(format!(
                        "evidence added as a {kind} (guessed from what was typed)"
                    ));
                    return true;
                }
                if !self.record_text(walk, &text) {
                    return true;
                }
                if let Field::EvidenceAsOf(_) = walk.field {
                    // Ask again, for more evidence; an empty Enter moves on.
                    let a = self.assessment(walk.control);
                    walk.go_to(Field::AddEvidence, &a);
                    self.message = Some("evidence kept; add more or press Enter".into());
                    return true;
                }
                self.advance_walk(walk);
                true
            }
            Action::Command(Command::AcceptSuggestion) => {
                let offer = walk.offer().map(str::to_string);
                let names = walk.field.names(&self.session);
                let name = walk.name_suggestions(&names).first().cloned();
                match offer.or(name) {
                    Some(value) if walk.input_mode() == InputMode::Text => {
                        walk.input = super::popup::line_input(&value);
                        walk.touched = true;
                    }
                    _ => walk
                        .input
                        .move_cursor(ratatui_textarea::CursorMove::Forward),
                }
                true
            }
            // On a shared screen the answer of a hidden question would be typed blind into text
            // nobody can see: refused, as the form refuses its editor.
            Action::Type(_) | Action::Paste(_) if self.presenter && walk.field.is_internal() => {
                walk.error = Some(
                    "hidden in presenter view: Tab skips it, or leave it (P) to answer".into(),
                );
                true
            }
            Action::Type(key) => {
                type_into(&mut walk.input, key);
                walk.error = None;
                walk.touched = true;
                true
            }
            Action::Paste(text) => {
                paste_into(&mut walk.input, &text);
                walk.touched = true;
                true
            }
            _ => true,
        }
    }

    /// A digit on a choice question.
    fn choose_in_walk(&mut self, walk: &mut WalkPopup, n: usize) {
        let mut a = self.assessment(walk.control);
        if n >= walk.field.options().len() {
            walk.error = Some(format!(
                "{} is not an option: nothing recorded; {}",
                n + 1,
                Self::options_hint(walk)
            ));
            return;
        }
        if walk.field.is_reasons() && !walk.several {
            // One key for one reason: it is the reason, and the walk moves on.
            if walk.field == Field::ExclusionReason {
                a.exclusion_reasons = vec![crate::session::Exclusion::ALL[n]];
            } else {
                a.reasons = vec![Reason::ALL[n]];
            }
            self.commit(a);
            self.advance_walk(walk);
            return;
        }
        if !walk.field.choose(&mut a, n) {
            walk.error = Some(Self::options_hint(walk));
            return;
        }
        self.commit(a);
        walk.error = None;
        if walk.several {
            // Several reasons: stay until Enter.
            return;
        }
        match walk.field {
            Field::Applicability if n == 2 => {
                // Undecided: nothing to ask; the control stays unassessed.
                self.finish_control(walk);
            }
            Field::Treatment => {
                // Go where the answer points, not where existing records point.
                let next = if n == 1 {
                    Field::AcceptedBy
                } else {
                    Field::RemediationAction
                };
                let a = self.assessment(walk.control);
                walk.go_to(next, &a);
            }
            _ => self.advance_walk(walk),
        }
    }

    /// A key that is not a digit on a choice question: `+` asks for several reasons, `=` copies
    /// the line of the provider before, `/` jumps; anything else is refused and shown.
    fn type_on_choice(&mut self, walk: &mut WalkPopup, key: ratatui::crossterm::event::KeyEvent) {
        let plain = walk.stray.is_empty();
        match key.code {
            KeyCode::Backspace => {
                walk.stray.pop();
                if walk.stray.is_empty() {
                    walk.error = None;
                }
            }
            KeyCode::Char('u') if key.modifiers.contains(KeyModifiers::CONTROL) => {
                walk.stray.clear();
                walk.error = None;
            }
            KeyCode::Char('+') if plain && walk.field.is_reasons() => {
                walk.several = true;
                walk.error = None;
                self.message = Some("several reasons: digits toggle, Enter when done".into());
            }
            KeyCode::Char('=') if plain && self.copy_source(walk).is_some() => {
                self.copy_line(walk);
            }
            KeyCode::Char('/') if plain => {
                self.walk_open_jump(walk);
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.refuse_stray(walk, c)
            }
            _ => {}
        }
    }

    /// The provider whose line `=` copies on this question: the one before, when this is a
    /// later provider's holder question and that line is recorded.
    pub fn copy_source(&self, walk: &WalkPopup) -> Option<String> {
        let Field::Holder(p) = &walk.field else {
            return None;
        };
        let providers = self.session.provider_names();
        let at = providers.iter().position(|x| x == p)?;
        let before = providers.get(at.checked_sub(1)?)?;
        let a = self.assessment(walk.control);
        a.responsibility(before)
            .filter(|r| r.holder != Holder::Undecided)
            .map(|_| before.clone())
    }

    /// Copies the earlier provider's line to this one (who holds it, our owner, what is
    /// inherited, what we must still do) and moves on to what is the provider's own.
    fn copy_line(&mut self, walk: &mut WalkPopup) {
        let (Some(source), Field::Holder(p)) = (self.copy_source(walk), walk.field.clone()) else {
            return;
        };
        let mut a = self.assessment(walk.control);
        let Some(from) = a.responsibility(&source).cloned() else {
            return;
        };
        let line = a.responsibility_mut(&p);
        line.holder = from.holder;
        line.customer_owner = from.customer_owner;
        line.inherited = from.inherited;
        line.customer_duty = from.customer_duty;
        self.commit(a);
        self.message = Some(format!("{p}: same as {source} ({})", from.holder.label()));
        // The questions the copy answered are passed over; the provider's own owner and
        // evidence remain.
        walk.copied = Some(p);
        self.advance_walk(walk);
    }
}

/// The walk's status line: depth, question k of n, counts, what it follows, the timebox.
/// The flag says the control is over its time.
pub fn status_line(app: &App, walk: &WalkPopup) -> (String, bool) {
    let mut parts = vec![format!("{} pass", walk.depth.key())];
    if walk.stage != Stage::Asking && !matches!(walk.stage, Stage::ConfirmLeave) {
        parts.push(format!("follows {}", walk.following));
    } else {
        let mut a = app.assessment(walk.control);
        if a.applicability == Applicability::Undecided {
            // Count the questions an applicable control would take.
            a.applicability = Applicability::Applicable;
        }
        let asked = questions(
            &a,
            &app.session.provider_names(),
            &app.session.meta.seats().offerings,
            walk.depth,
        );
        let here = match walk.field {
            Field::EvidenceAsOf(_) | Field::Evidence(_) => Field::AddEvidence,
            ref f => f.clone(),
        };
        let k = asked
            .iter()
            .position(|f| *f == here)
            .map(|k| k + 1)
            .unwrap_or(walk.history.len() + 1);
        parts.push(format!("question {k} of {}", asked.len().max(k)));
    }
    parts.push(format!("{} done", walk.done.len()));
    if !walk.skipped.is_empty() {
        parts.push(format!("{} skipped", walk.skipped.len()));
    }
    let mut over = false;
    if let Some(minutes) = app.session.meta.timebox_minutes
        && walk.stage
            != (Stage::Card {
                from: None,
                next: None,
            })
        && !walk.on_card()
    {
        let limit = u64::from(minutes) * 60;
        let spent = app.clock.saturating_sub(walk.control_started).as_secs();
        if spent <= limit {
            let left = limit - spent;
            parts.push(format!("⏱ {}:{:02} left", left / 60, left % 60));
        } else {
            let by = spent - limit;
            over = true;
            parts.push(format!("⚠ OVER TIME by {}:{:02}", by / 60, by % 60));
        }
    }
    (parts.join(" · "), over)
}

/// What is recorded on a control, in one line, for the card.
pub fn summary(app: &App, control: usize) -> String {
    let a = app.assessment(control);
    if !a.is_assessed() {
        return format!("{}: left unassessed (skipped)", a.control);
    }
    let mut first = a.applicability.label().to_string();
    // The reasons that go with the decision: why it is in, or why it is left out.
    let reasons: Vec<&str> = if a.applicability == Applicability::Applicable {
        a.reasons.iter().map(|r| r.label()).collect()
    } else {
        a.exclusion_reasons.iter().map(|r| r.label()).collect()
    };
    if !reasons.is_empty() {
        first.push_str(&format!(" ({})", reasons.join(", ")));
    }
    let mut rest = vec![first];
    if a.applicability == Applicability::Applicable {
        for p in app.session.provider_names() {
            let h = a.responsibility(&p).map(|r| r.holder).unwrap_or_default();
            rest.push(format!("{p}: {}", h.label()));
        }
        rest.push(a.status.label().to_string());
    }
    format!("{}: {}", a.control, rest.join(" · "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shared_aws_provider_gcp() -> Assessment {
        let mut a = Assessment::new("12.3.1");
        a.applicability = Applicability::Applicable;
        a.responsibility_mut("AWS").holder = Holder::Shared;
        a.responsibility_mut("GCP").holder = Holder::Provider;
        a
    }

    #[test]
    fn the_full_pass_asks_what_a_shared_line_needs_for_each_provider() {
        let providers = vec!["AWS".to_string(), "GCP".to_string()];
        let a = shared_aws_provider_gcp();
        assert_eq!(
            questions(&a, &providers, &[], Depth::Full),
            [
                Field::Applicability,
                Field::Reason,
                Field::Justification,
                Field::AccountableOwner,
                Field::Holder("AWS".into()),
                Field::CustomerOwner("AWS".into()),
                Field::ProviderOwner("AWS".into()),
                Field::Inherited("AWS".into()),
                Field::CustomerDuty("AWS".into()),
                Field::ProviderEvidence("AWS".into()),
                Field::Holder("GCP".into()),
                Field::ProviderOwner("GCP".into()),
                Field::Inherited("GCP".into()),
                Field::CustomerDuty("GCP".into()),
                Field::ProviderEvidence("GCP".into()),
                Field::Status,
                Field::NextReview,
                Field::ChangeTrigger,
                Field::Escalation,
            ]
        );
    }

    #[test]
    fn the_triage_pass_asks_applicability_reason_holders_and_status() {
        let providers = vec!["AWS".to_string(), "GCP".to_string()];
        let a = shared_aws_provider_gcp();
        assert_eq!(
            questions(&a, &providers, &[], Depth::Triage),
            [
                Field::Applicability,
                Field::Reason,
                Field::Holder("AWS".into()),
                Field::Holder("GCP".into()),
                Field::Status,
            ]
        );
    }

    #[test]
    fn a_provider_seat_asks_its_offering_lines_after_the_providers_it_uses() {
        let providers = vec!["AWS".to_string()];
        let offerings = vec!["Payroll".to_string(), "Portal".to_string()];
        let mut a = Assessment::new("12.3.1");
        a.applicability = Applicability::Applicable;
        a.responsibility_mut("AWS").holder = Holder::Customer;
        a.offering_mut("Payroll").holder = Holder::Shared;
        a.offering_mut("Portal").holder = Holder::NotApplicable;
        let o = |f: fn(String) -> Field, name: &str| f(name.to_string());
        let asked = questions(&a, &providers, &offerings, Depth::Full);
        let from = asked
            .iter()
            .position(|f| *f == o(Field::OfferingHolder, "Payroll"));
        assert_eq!(
            asked[from.expect("asks the offering")..][..7],
            [
                o(Field::OfferingHolder, "Payroll"),
                o(Field::OfferingWeDo, "Payroll"),
                // Shared: our customers hold part of it, so they are told what.
                o(Field::OfferingCustomerMust, "Payroll"),
                o(Field::OfferingEvidence, "Payroll"),
                o(Field::OfferingContact, "Payroll"),
                // Not applicable to this offering: nothing more to ask.
                o(Field::OfferingHolder, "Portal"),
                Field::Status,
            ]
        );
        // A triage asks only who holds it, and a provider with no providers of its own goes
        // from the reason to its offerings.
        assert_eq!(
            questions(&a, &[], &offerings, Depth::Triage),
            [
                Field::Applicability,
                Field::Reason,
                o(Field::OfferingHolder, "Payroll"),
                o(Field::OfferingHolder, "Portal"),
                Field::Status,
            ]
        );
    }

    #[test]
    fn an_excluded_control_stops_after_its_reason_or_justification() {
        let mut a = Assessment::new("11.1.1");
        a.applicability = Applicability::NotApplicable;
        assert_eq!(
            next_field(&Field::Justification, &a, &[], &[], Depth::Full),
            None
        );
        assert_eq!(
            next_field(&Field::Reason, &a, &[], &[], Depth::Triage),
            None
        );
        // An exclusion is asked in its own words: why it is left out, then (full) the
        // justification; nobody is asked to own a control that is left out.
        assert_eq!(
            questions(&a, &[], &[], Depth::Full),
            [
                Field::Applicability,
                Field::ExclusionReason,
                Field::Justification
            ]
        );
        assert_eq!(
            questions(&a, &[], &[], Depth::Triage),
            [Field::Applicability, Field::ExclusionReason]
        );
        assert_eq!(
            Field::ExclusionReason.options(),
            [
                "no such asset or activity in scope",
                "risk not present",
                "met by another control of the ISMS"
            ]
        );
    }

    #[test]
    fn only_a_stated_choice_can_be_kept_with_enter() {
        let mut a = Assessment::new("5.1.1");
        assert_eq!(stated_option(&Field::Applicability, &a), None);
        assert_eq!(stated_option(&Field::Status, &a), None);
        assert_eq!(stated_option(&Field::Holder("AWS".into()), &a), None);
        a.applicability = Applicability::NotApplicable;
        a.status = Status::Planned;
        assert_eq!(stated_option(&Field::Applicability, &a), Some(1));
        assert_eq!(stated_option(&Field::Status, &a), Some(2));
    }

    #[test]
    fn names_complete_on_any_word() {
        let names = vec!["Ana Lima".to_string(), "Bruno Costa".to_string()];
        assert_eq!(suggestions("co", &names), ["Bruno Costa"]);
        assert_eq!(suggestions("ana lima", &names), Vec::<String>::new());
    }
}
