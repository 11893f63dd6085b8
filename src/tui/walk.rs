//! The guided walk: which question comes next for a control, given what is already recorded.
//! One question at a time; the order follows how a facilitator talks a control through.

use ratatui_textarea::TextArea;

use super::action::{Action, Command};
use super::app::App;
use super::field::{Field, Kind};
use super::popup::{InputMode, paste_into, type_into};
use crate::session::{Applicability, Assessment, Holder, Status};

/// The walk popup's state: the control, the question, the answer being typed.
#[derive(Debug, Clone)]
pub struct WalkPopup {
    pub control: usize,
    pub field: Field,
    /// Questions already passed on this control, for going back.
    pub history: Vec<Field>,
    pub input: TextArea<'static>,
    pub error: Option<String>,
    /// Controls completed in this walk, shown as encouragement and used by tests.
    pub completed: usize,
    /// Whether the person typed, pasted or took a suggestion in this question: only then is
    /// there an answer of theirs to keep when they leave it by another key than Enter.
    pub touched: bool,
    /// A name the session does not know, typed and Entered once: a second Enter keeps it.
    pub new_name: Option<String>,
}

impl WalkPopup {
    pub fn new(control: usize, a: &Assessment) -> WalkPopup {
        let mut walk = WalkPopup {
            new_name: None,
            control,
            field: Field::Applicability,
            history: Vec::new(),
            input: TextArea::default(),
            error: None,
            completed: 0,
            touched: false,
        };
        walk.prefill(a);
        walk
    }

    /// Starts the input with the recorded answer, so Enter keeps it.
    pub fn prefill(&mut self, a: &Assessment) {
        self.error = None;
        self.touched = false;
        self.new_name = None;
        let text = match self.field.kind() {
            Kind::Choice | Kind::Text { .. } | Kind::Date if self.field == Field::AddEvidence => {
                String::new()
            }
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

    /// Moves to `field` (or back), remembering where we were.
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
}

/// The question after `field` for this record, or `None` when the control is done. The lines
/// follow the role: each provider we use (the customer's seat), then each offering we provide
/// (the provider's seat), then the control's own status and the rest.
pub fn next_field(
    field: &Field,
    a: &Assessment,
    providers: &[String],
    offerings: &[String],
) -> Option<Field> {
    let after_offerings = |index: Option<usize>| -> Field {
        match offerings.get(index.map_or(0, |i| i + 1)) {
            Some(o) => Field::OfferingHolder(o.clone()),
            None => Field::Status,
        }
    };
    let offering_index = |o: &str| offerings.iter().position(|x| x == o);
    let offering_holder = |o: &str| a.offering(o).map(|l| l.holder).unwrap_or_default();
    let after_providers = |index: usize| -> Field {
        match providers.get(index + 1) {
            Some(p) => Field::Holder(p.clone()),
            None => after_offerings(None),
        }
    };
    let provider_index = |p: &str| providers.iter().position(|x| x == p).unwrap_or(0);
    let holder = |p: &str| a.responsibility(p).map(|r| r.holder).unwrap_or_default();
    Some(match field {
        Field::Applicability => match a.applicability {
            Applicability::Undecided => return None,
            _ => Field::Reason,
        },
        Field::Reason => Field::Justification,
        Field::Justification => match a.applicability {
            Applicability::Applicable => match providers.first() {
                Some(p) => Field::Holder(p.clone()),
                None => after_offerings(None),
            },
            _ => return None,
        },
        Field::Holder(p) => {
            let h = holder(p);
            if h.needs_customer_owner() {
                Field::CustomerOwner(p.clone())
            } else if h.needs_provider_owner() {
                Field::ProviderOwner(p.clone())
            } else {
                after_providers(provider_index(p))
            }
        }
        Field::CustomerOwner(p) => {
            if holder(p).needs_provider_owner() {
                Field::ProviderOwner(p.clone())
            } else {
                after_providers(provider_index(p))
            }
        }
        Field::ProviderOwner(p) => after_providers(provider_index(p)),
        // The provider's seat: nothing more to ask of a line we have not decided, or of an
        // offering that has nothing to do with the control.
        Field::OfferingHolder(o) => match offering_holder(o) {
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
        Field::Status => match a.status {
            Status::Implemented | Status::Partial => Field::AddEvidence,
            _ if a.is_gap() => Field::Gap,
            _ => Field::NextReview,
        },
        Field::AddEvidence | Field::Evidence(_) => {
            if a.is_gap() {
                Field::Gap
            } else {
                Field::NextReview
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
        Field::RemediationPriority => Field::NextReview,
        Field::AcceptedBy => Field::AcceptanceRationale,
        Field::AcceptanceRationale => Field::AcceptanceExpires,
        Field::AcceptanceExpires => Field::NextReview,
        Field::NextReview => Field::ChangeTrigger,
        _ => return None,
    })
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
        match self.field.kind() {
            Kind::Choice => InputMode::Choice,
            _ => InputMode::Text,
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
    /// Moves the walk past the current question; at the end of a control, on to the next
    /// unassessed one. Returns false when the walk is over.
    fn advance_walk(&mut self, walk: &mut WalkPopup) -> bool {
        let a = self.assessment(walk.control);
        let providers = self.session.provider_names();
        let offerings = self.session.meta.seats().offerings;
        match next_field(&walk.field, &a, &providers, &offerings) {
            Some(next) => {
                walk.go_to(next, &a);
                true
            }
            None => {
                walk.completed += 1;
                match self.next_unassessed(walk.control) {
                    Some(next) if next != walk.control => {
                        let done = self.catalogue.controls[walk.control].id.clone();
                        self.select_control(next);
                        let a = self.assessment(next);
                        let completed = walk.completed;
                        *walk = WalkPopup::new(next, &a);
                        walk.completed = completed;
                        self.message = Some(format!("{done} done; on to {}", a.control));
                        true
                    }
                    _ => {
                        self.message = Some("walk finished: every control is assessed".into());
                        false
                    }
                }
            }
        }
    }

    /// Records the text typed into the current question when it differs from what is recorded
    /// (evidence only when something was typed). False when the text does not parse; the
    /// question then shows why.
    fn keep_typed_answer(&mut self, walk: &mut WalkPopup) -> bool {
        // An untouched prefill may be stale (a merge from disk changed the field): never
        // write it back.
        if walk.input_mode() != InputMode::Text || !walk.touched {
            return true;
        }
        let mut a = self.assessment(walk.control);
        let text = walk.text();
        let unchanged = if walk.field == Field::AddEvidence {
            text.trim().is_empty()
        } else {
            text.trim() == walk.field.editable_text(&a).trim()
        };
        if unchanged {
            return true;
        }
        let today = self.today();
        match walk
            .field
            .set_text(&mut a, &text, &self.user.clone(), today)
        {
            Ok(()) => {
                self.commit(a);
                true
            }
            Err(e) => {
                walk.error = Some(e);
                false
            }
        }
    }

    pub(super) fn update_walk(&mut self, walk: &mut WalkPopup, action: Action) -> bool {
        if self.selected() != Some(walk.control) {
            self.select_control(walk.control);
        }
        // Leaving a question any way but Enter still keeps what was typed into it: the room
        // agreed on that sentence. An answer that does not parse keeps the question open.
        // Esc pressed again on an answer that does not parse leaves without it.
        let leaving_again = action == Action::Command(Command::Cancel) && walk.error.is_some();
        if matches!(
            action,
            Action::Command(Command::Cancel | Command::Skip | Command::Back)
        ) && !leaving_again
            && !self.keep_typed_answer(walk)
        {
            if action == Action::Command(Command::Cancel)
                && let Some(e) = walk.error.as_mut()
            {
                e.push_str(" (Esc again leaves without it)");
            }
            return true;
        }
        match action {
            Action::Command(Command::Cancel) => {
                self.message = Some(format!(
                    "left the walk at {} ({} control(s) walked)",
                    self.catalogue.controls[walk.control].id, walk.completed
                ));
                false
            }
            Action::Command(Command::Skip) => self.advance_walk(walk),
            Action::Command(Command::Back) => {
                let a = self.assessment(walk.control);
                walk.go_back(&a);
                true
            }
            Action::Choose(n) if walk.input_mode() == InputMode::Choice => {
                let mut a = self.assessment(walk.control);
                if walk.field.choose(&mut a, n) {
                    self.commit(a);
                    if walk.field == Field::Treatment {
                        // Go where the answer points, not where existing records point.
                        let next = if n == 1 {
                            Field::AcceptedBy
                        } else {
                            Field::RemediationAction
                        };
                        let a = self.assessment(walk.control);
                        walk.go_to(next, &a);
                        return true;
                    }
                    if walk.field.is_multiple() {
                        // Several reasons can hold at once: stay until Enter.
                        walk.error = None;
                        return true;
                    }
                    self.advance_walk(walk)
                } else {
                    walk.error = Some(format!("pick 1 to {}", walk.field.options().len()));
                    true
                }
            }
            Action::Command(Command::Confirm) => {
                if walk.input_mode() == InputMode::Choice {
                    // Enter keeps the recorded choice, if there is one. On a provider's
                    // imported statement it is the workshop's confirmation: one key per
                    // provider triages an imported control.
                    let mut a = self.assessment(walk.control);
                    return match walk.field.current_option(&a) {
                        Some(_) => {
                            if let Field::Holder(p) = &walk.field
                                && a.responsibility(p).is_some_and(|r| r.unconfirmed)
                            {
                                a.responsibility_mut(p).unconfirmed = false;
                                self.commit(a);
                            }
                            self.advance_walk(walk)
                        }
                        None => {
                            walk.error =
                                Some("pick an option with its number, or Tab to skip".into());
                            true
                        }
                    };
                }
                let mut a = self.assessment(walk.control);
                let mut text = walk.text();
                // A name: the start of exactly one known name is that name; a name nobody
                // has used yet is kept only when Entered twice.
                if walk.touched
                    && let Some(asking) = walk.field.asking()
                {
                    let known = self.session.names_for(&asking);
                    match crate::session::match_name(&text, &known) {
                        crate::session::NameMatch::Known(name)
                        | crate::session::NameMatch::Only(name) => text = name,
                        _ if text.trim().is_empty()
                            || walk.new_name.as_deref() == Some(text.trim()) => {}
                        other => {
                            let typed = text.trim().to_string();
                            walk.error = Some(match other {
                                crate::session::NameMatch::Several(names) => format!(
                                    "{typed:?} starts several names ({}): type more, or Enter again to keep {typed:?} as a new name",
                                    names.join(", ")
                                ),
                                _ => format!(
                                    "{typed:?} is a new name (no participant or earlier answer): Enter again to keep it"
                                ),
                            });
                            walk.new_name = Some(typed);
                            return true;
                        }
                    }
                }
                let today = self.today();
                match walk
                    .field
                    .set_text(&mut a, &text, &self.user.clone(), today)
                {
                    Ok(()) => {
                        let adding_evidence =
                            walk.field == Field::AddEvidence && !text.trim().is_empty();
                        self.commit(a.clone());
                        if adding_evidence {
                            // Ask again, for more evidence; an empty Enter moves on.
                            walk.prefill(&a);
                            self.message = Some("evidence added; add more or press Enter".into());
                            true
                        } else {
                            self.advance_walk(walk)
                        }
                    }
                    Err(e) => {
                        walk.error = Some(e);
                        true
                    }
                }
            }
            Action::Command(Command::AcceptSuggestion) => {
                let names = walk.field.names(&self.session);
                match walk.name_suggestions(&names).first() {
                    Some(name) if walk.input_mode() == InputMode::Text => {
                        walk.input = super::popup::line_input(name);
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
            Action::Type(key) if walk.input_mode() == InputMode::Text => {
                type_into(&mut walk.input, key);
                walk.error = None;
                walk.touched = true;
                true
            }
            Action::Paste(text) if walk.input_mode() == InputMode::Text => {
                paste_into(&mut walk.input, &text);
                walk.touched = true;
                true
            }
            _ => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shared_control_asks_both_owners_for_each_provider() {
        let providers = vec!["AWS".to_string(), "GCP".to_string()];
        let mut a = Assessment::new("12.3.1");
        a.applicability = Applicability::Applicable;
        a.responsibility_mut("AWS").holder = Holder::Shared;
        a.responsibility_mut("GCP").holder = Holder::Provider;
        let mut field = Field::Applicability;
        let mut seen = Vec::new();
        while let Some(next) = next_field(&field, &a, &providers, &[]) {
            seen.push(next.clone());
            field = next;
        }
        assert_eq!(
            seen,
            [
                Field::Reason,
                Field::Justification,
                Field::Holder("AWS".into()),
                Field::CustomerOwner("AWS".into()),
                Field::ProviderOwner("AWS".into()),
                Field::Holder("GCP".into()),
                Field::ProviderOwner("GCP".into()),
                Field::Status,
                Field::NextReview,
                Field::ChangeTrigger,
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
        let mut field = Field::Justification;
        let mut seen = Vec::new();
        while let Some(next) = next_field(&field, &a, &providers, &offerings) {
            seen.push(next.clone());
            field = next;
        }
        let o = |f: fn(String) -> Field, name: &str| f(name.to_string());
        assert_eq!(
            seen,
            [
                Field::Holder("AWS".into()),
                Field::CustomerOwner("AWS".into()),
                o(Field::OfferingHolder, "Payroll"),
                o(Field::OfferingWeDo, "Payroll"),
                // Shared: our customers hold part of it, so they are told what.
                o(Field::OfferingCustomerMust, "Payroll"),
                o(Field::OfferingEvidence, "Payroll"),
                o(Field::OfferingContact, "Payroll"),
                // Not applicable to this offering: nothing more to ask.
                o(Field::OfferingHolder, "Portal"),
                Field::Status,
                Field::NextReview,
                Field::ChangeTrigger,
            ]
        );
        // A provider with no providers of its own goes from the justification to its offerings.
        assert_eq!(
            next_field(&Field::Justification, &a, &[], &offerings),
            Some(o(Field::OfferingHolder, "Payroll"))
        );
        a.offering_mut("Payroll").holder = Holder::Provider;
        assert_eq!(
            next_field(&o(Field::OfferingWeDo, "Payroll"), &a, &[], &offerings),
            Some(o(Field::OfferingEvidence, "Payroll"))
        );
    }

    #[test]
    fn excluded_control_stops_after_justification() {
        let mut a = Assessment::new("11.1.1");
        a.applicability = Applicability::NotApplicable;
        assert_eq!(next_field(&Field::Justification, &a, &[], &[]), None);
    }

    #[test]
    fn names_complete_on_any_word() {
        let names = vec!["Ana Lima".to_string(), "Bruno Costa".to_string()];
        assert_eq!(suggestions("co", &names), ["Bruno Costa"]);
        assert_eq!(suggestions("ana lima", &names), Vec::<String>::new());
    }
}
