//! The guided walk: one question at a time, in the order a facilitator talks a control through,
//! at the session's depth (a triage pass or the full record), over the agenda or the active
//! filter. Between controls a card says what was recorded and which control comes next: nothing
//! typed there, and no key that is not an option on a choice question, is ever an answer.
//!
//! The walk is a room (`popup::Room`): it changes the model and asks the app for the rest
//! (`Request::Select` keeps the list on its control). This file holds its state and the order
//! of its questions; `walk/update.rs` its keys, `walk/steps.rs` moving between questions and
//! controls, `walk/render.rs` its drawing. It never sees the app.

use std::collections::{BTreeMap, BTreeSet};
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui_textarea::TextArea;

use super::action::{Action, Command};
use super::field::{Field, Kind};
use super::keymap::{Keymap, Mode};
use super::model::Model;
use super::room::{Context, InputMode, Outcome, Request, Room};
use super::rows::Filter;
use crate::session::{Applicability, Assessment, Holder, Status};
use crate::walkplan::{Depth, agenda_order, needs_walk, provider_holds_part};

mod render;
mod steps;
mod update;

pub use render::{status_line, summary};

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
    /// The keys its messages name.
    pub keys: WalkKeys,
    /// The remediation's priority was said: the remediation was there before this control
    /// began, or the priority was picked here. A remediation the walk creates starts at the
    /// default priority, which nobody said, so Enter must not keep it.
    pub priority_said: bool,
}

impl WalkPopup {
    /// A walk on `control` (whose record is `a`), naming the default keys; `start` opens one
    /// over the workshop's order with the live keys.
    pub fn new(control: usize, a: &Assessment) -> WalkPopup {
        WalkPopup::with_keys(control, a, WalkKeys::default())
    }

    fn with_keys(control: usize, a: &Assessment, keys: WalkKeys) -> WalkPopup {
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
            priority_said: remediation_said(a),
            keys,
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
impl WalkPopup {
    /// The option Enter keeps on the current question, if one was stated: `stated_option`,
    /// except that a priority the walk's own new remediation started with was never said.
    pub fn stated(&self, a: &Assessment) -> Option<usize> {
        if self.field == Field::RemediationPriority && !self.priority_said {
            return None;
        }
        stated_option(&self.field, a)
    }
}

/// A remediation recorded with something in it: its priority, default or not, was kept by
/// whoever recorded it.
pub fn remediation_said(a: &Assessment) -> bool {
    a.remediation.as_ref().is_some_and(|r| !r.is_empty())
}

pub fn stated_option(field: &Field, a: &Assessment) -> Option<usize> {
    let stated = match field {
        Field::Applicability => a.applicability != Applicability::Undecided,
        Field::Reason => !a.reasons.is_empty(),
        Field::ExclusionReason => !a.exclusion_reasons.is_empty(),
        Field::Holder(p) => a
            .responsibility(p)
            .is_some_and(|r| r.holder != Holder::Undecided),
        Field::Status => a.status != Status::Unknown,
        Field::RemediationPriority => remediation_said(a),
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

/// The names of the keys the walk's messages mention, from the live keymap when it began.
#[derive(Debug, Clone)]
pub struct WalkKeys {
    pub confirm: String,
    pub cancel: String,
    pub skip: String,
    /// Confirm, cancel and skip on a text question, where the text field's keys apply.
    pub text_confirm: String,
    pub text_cancel: String,
    pub text_skip: String,
    /// The list's key for presenter view (it is turned off there).
    pub presenter: String,
}

impl WalkKeys {
    pub fn new(keymap: &Keymap) -> WalkKeys {
        let key = |c: Command| keymap.hint(Mode::Walk, c);
        WalkKeys {
            confirm: key(Command::Confirm),
            cancel: key(Command::Cancel),
            skip: key(Command::Skip),
            text_confirm: keymap.hint(Mode::Text, Command::Confirm),
            text_cancel: keymap.hint(Mode::Text, Command::Cancel),
            text_skip: keymap.hint(Mode::Text, Command::Skip),
            presenter: keymap.hint(Mode::List, Command::TogglePresenter),
        }
    }
}

impl Default for WalkKeys {
    fn default() -> WalkKeys {
        WalkKeys::new(&Keymap::default())
    }
}

/// One action's turn through the walk: the model it reads and changes, what it asks of the
/// list (granted by the app once the action is through, in order), and a popup to open over
/// it (the jump, the parking question).
pub(super) struct Turn<'a> {
    model: &'a mut Model,
    requests: Vec<Request>,
    open: Option<Box<dyn Room>>,
}

impl<'a> Turn<'a> {
    fn new(model: &'a mut Model) -> Turn<'a> {
        Turn {
            model,
            requests: Vec::new(),
            open: None,
        }
    }

    /// Selects `index` in the list (the nearest visible control when the filter hides it).
    fn select(&mut self, index: usize) {
        self.requests.push(Request::Select(index));
    }

    /// The outcome of the turn: the walk stays (`keep`) or ends.
    fn outcome(self, keep: bool) -> Outcome {
        let outcome = match self.open {
            Some(room) => Outcome::open_boxed(room),
            None if keep => Outcome::stay(),
            None => Outcome::close(),
        };
        self.requests
            .into_iter()
            .fold(outcome, |outcome, request| outcome.asking(request))
    }
}

impl WalkPopup {
    /// Opens the walk on control `index`, over the controls a filter shows (`filtered`: the
    /// filter and its list's controls, in order) or else the agenda. The app selects the
    /// control it begins on (`control`).
    pub fn start(
        model: &mut Model,
        index: usize,
        filtered: Option<(&Filter, Vec<usize>)>,
        keymap: &Keymap,
    ) -> WalkPopup {
        // A session nothing is recorded in yet starts where its agenda starts.
        let fresh = filtered.is_none() && model.progress().0 == 0;
        let mut walk = WalkPopup::with_keys(index, &model.assessment(index), WalkKeys::new(keymap));
        walk.depth = model.session.meta.walk_depth;
        match filtered {
            None => {
                walk.order = agenda_order(&model.catalogue, &model.session.meta.agenda);
                walk.following = if model.session.meta.agenda.is_empty() {
                    "the default agenda".into()
                } else {
                    "the session's agenda".into()
                };
            }
            Some((filter, order)) => {
                walk.order = order;
                walk.following = format!("the filter: {}", filter.label());
            }
        }
        // Where to begin: the selected control if it still has something to ask at this
        // depth, else the next one that has (a resumed walk goes on where it stopped); a
        // session with nothing recorded yet begins where its order begins.
        let providers = model.session.provider_names();
        let start = if fresh {
            walk.order.first().copied().unwrap_or(index)
        } else if needs_walk(walk.depth, &model.assessment(index), &providers) {
            index
        } else {
            walk.visited.clear();
            walk.next_in_order(model, index).unwrap_or(index)
        };
        walk.visited = vec![start];
        walk.control = start;
        walk.priority_said = remediation_said(&model.assessment(start));
        walk.prefill(&model.assessment(start));
        walk.control_started = model.clock;
        model.message = Some(format!(
            "walk ({} pass) follows {}",
            walk.depth.key(),
            walk.following
        ));
        walk
    }

    /// The jump opened from the walk picked `index`: the card now offers it. Returns what the
    /// walk asks of the list.
    pub fn jumped_to(&mut self, model: &mut Model, index: usize) -> Vec<Request> {
        let mut turn = Turn::new(model);
        self.jump_to(&mut turn, index);
        turn.requests
    }
}

impl Room for WalkPopup {
    fn update(&mut self, model: &mut Model, action: Action) -> Outcome {
        let mut turn = Turn::new(model);
        let keep = self.take(&mut turn, action);
        turn.outcome(keep)
    }

    fn render(&self, cx: &Context, frame: &mut Frame, screen: Rect) {
        render::render(self, cx, frame, screen);
    }

    fn input_mode(&self) -> InputMode {
        WalkPopup::input_mode(self)
    }

    /// While a question is open, the list shows its control selected.
    fn selection(&self) -> Option<usize> {
        (self.stage == Stage::Asking).then_some(self.control)
    }
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

    /// A remediation the walk itself creates (its action typed a question earlier) starts at
    /// the default priority: Enter on the priority question must not keep what nobody said,
    /// while a remediation recorded before the control began keeps its priority with Enter.
    #[test]
    fn a_new_remediations_default_priority_is_not_kept_by_enter() {
        use crate::catalogue::default_catalogue;
        use crate::session::{Remediation, Session, Timestamp};
        let catalogue = default_catalogue();
        let at = Timestamp::from_unix(0).unwrap();
        let session = Session::new("Walk", &catalogue, at);
        let mut model = Model::new(session, catalogue, "walk.ron".into(), "Ana".into(), at);
        let mut walk = WalkPopup::start(&mut model, 3, None, &Keymap::default());
        let control = walk.control;
        // The action is typed in this walk: the remediation is new, its priority the default.
        let mut a = model.assessment(control);
        a.remediation = Some(Remediation {
            action: "Review break-glass accounts".into(),
            ..Remediation::default()
        });
        model.commit(a.clone());
        walk.go_to(Field::RemediationPriority, &a);
        assert_eq!(walk.stated(&a), None);
        let _ = walk.update(&mut model, Action::Command(Command::Confirm));
        assert_eq!(walk.field, Field::RemediationPriority, "Enter moved on");
        assert!(
            walk.error
                .as_deref()
                .unwrap()
                .contains("nothing is recorded here yet")
        );
        // A digit says it and moves on; back on the question, Enter keeps it.
        let _ = walk.update(&mut model, Action::Choose(0));
        assert_ne!(walk.field, Field::RemediationPriority);
        let _ = walk.update(&mut model, Action::Command(Command::Back));
        assert_eq!(walk.field, Field::RemediationPriority);
        let a = model.assessment(control);
        assert!(walk.stated(&a).is_some());
        walk.error = None;
        let _ = walk.update(&mut model, Action::Command(Command::Confirm));
        assert_ne!(walk.field, Field::RemediationPriority, "{:?}", walk.error);

        // On a control whose remediation was recorded before, its priority is a stated value.
        let mut walk = WalkPopup::start(&mut model, control, None, &Keymap::default());
        walk.go_to(Field::RemediationPriority, &a);
        assert_eq!(
            walk.stated(&a),
            stated_option(&Field::RemediationPriority, &a)
        );
        assert!(walk.stated(&a).is_some());
    }

    /// The walk is a room: given the model and never the app, it records answers in the
    /// model and asks the list to follow it.
    #[test]
    fn the_walk_changes_only_the_model_and_asks_the_list_to_follow_it() {
        use crate::catalogue::default_catalogue;
        use crate::session::{Session, Timestamp};
        use crate::tui::popup::Step;
        let catalogue = default_catalogue();
        let at = Timestamp::from_unix(0).unwrap();
        let session = Session::new("Walk", &catalogue, at);
        let mut model = Model::new(session, catalogue, "walk.ron".into(), "Ana".into(), at);
        let mut walk = WalkPopup::start(&mut model, 3, None, &Keymap::default());
        // Nothing recorded yet: the walk begins where the agenda begins, and says so.
        let first = walk.order[0];
        assert_eq!(walk.control, first);
        assert_eq!(walk.selection(), Some(first));
        assert!(
            model
                .message
                .as_deref()
                .unwrap()
                .contains("the default agenda")
        );

        // "Applicable" is recorded at once (one undoable change); the walk stays on the
        // control, so it asks nothing of the list.
        let outcome = walk.update(&mut model, Action::Choose(0));
        assert!(matches!(outcome.step, Step::Stay));
        assert!(outcome.requests.is_empty());
        assert!(model.assessment(first).is_assessed());
        assert_eq!(model.undo.len(), 1);

        // Leaving the control for the card selects, in the list, the control it offers.
        let outcome = walk.update(&mut model, Action::Command(Command::NextControl));
        let Stage::Card {
            from: Some(from),
            next: Some(next),
        } = walk.stage
        else {
            panic!("expected the card, got {:?}", walk.stage);
        };
        assert_eq!(from, first);
        assert!(!outcome.requests.is_empty());
        assert_eq!(outcome.requests.last(), Some(&Request::Select(next)));
        assert_eq!(walk.selection(), None);

        // Esc on the card ends the walk: the room closes and says what was walked.
        let outcome = walk.update(&mut model, Action::Command(Command::Cancel));
        assert!(matches!(outcome.step, Step::Close));
        assert!(
            model
                .message
                .as_deref()
                .unwrap()
                .starts_with("left the walk")
        );
    }
}
