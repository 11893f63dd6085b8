//! What a person is shown of each field of an assessment: its label, the question the walk asks,
//! how the answer is given, the options of a choice, and where the edit form and the walk's
//! closing questions place it. One table keyed by [`FieldKey`], beside the field's name, kind,
//! getter and setter (`key.rs`) and its internal/external class ([`FieldKey::is_internal`]), so
//! a new field is described here and nowhere else. The workshop screen adds only its own steps
//! (evidence lines, remediate-or-accept); it keeps no labels or questions of its own. No
//! terminal code here.

use super::FieldKey;
use crate::session::{Exclusion, Holder, Priority, Reason, Status};

/// How an answer to a field is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    /// One of numbered options ([`FieldKey::options`]).
    Choice,
    /// Free text.
    Text,
    /// A person's name: the names the session knows are offered.
    Name,
    /// A date, as the one date parser reads it (`crate::dates`).
    Date,
}

/// One row of the table.
struct Wording {
    /// The label; a per-line field's label follows the line's name (`AWS: who holds it`).
    label: &'static str,
    /// The walk's question; `None` asks the label. A per-line question follows `For AWS: `.
    question: Option<&'static str>,
    answer: Answer,
    /// Whether the edit form shows it (in [`FieldKey::ALL`]'s order).
    form: bool,
}

const fn row(label: &'static str, question: &'static str, answer: Answer) -> Wording {
    Wording {
        label,
        question: Some(question),
        answer,
        form: true,
    }
}

/// A field the form does not show (a whole record, a stamp, a mark set elsewhere).
const fn unasked(label: &'static str, answer: Answer) -> Wording {
    Wording {
        label,
        question: None,
        answer,
        form: false,
    }
}

/// The closing questions of a full pass, in the order the walk asks them after the status, the
/// evidence and the treatment; a full pass needs each of them answered (`walkplan`).
pub const CLOSING_QUESTIONS: [FieldKey; 3] = [
    FieldKey::NextReview,
    FieldKey::ChangeTrigger,
    FieldKey::Escalation,
];

impl FieldKey {
    fn wording(self) -> Wording {
        use Answer::{Choice, Date, Name, Text};
        match self {
            FieldKey::Applicability => row("Applicable?", "Does this control apply to us?", Choice),
            FieldKey::Reasons => row(
                "Reason",
                "Why? A digit picks the reason (+ first for several)",
                Choice,
            ),
            FieldKey::ExclusionReasons => row(
                "Exclusion reasons",
                "Why is it left out? A digit picks the reason (+ first for several)",
                Choice,
            ),
            FieldKey::Justification => {
                row("Justification", "Justification, in a sentence or two", Text)
            }
            FieldKey::AccountableOwner => row(
                "Accountable owner",
                "Who on our side is accountable for it, whoever runs it?",
                Name,
            ),
            FieldKey::Responsibility => unasked("responsibility line", Text),
            FieldKey::Holder => row("who holds it", "who holds this control?", Choice),
            FieldKey::CustomerOwner => row(
                "customer-side owner",
                "who owns it on our (customer) side?",
                Name,
            ),
            FieldKey::ProviderOwner => row(
                "provider-side owner",
                "who owns it on the provider side?",
                Name,
            ),
            FieldKey::Inherited => row(
                "inherited from provider",
                "what do we inherit from the provider?",
                Text,
            ),
            FieldKey::CustomerDuty => row(
                "customer must still do",
                "what must we still do ourselves?",
                Text,
            ),
            FieldKey::ProviderEvidence => row(
                "provider evidence",
                "the provider's evidence (attestation, certificate, matrix)",
                Text,
            ),
            FieldKey::ProviderAssurance => unasked("provider assurance", Text),
            FieldKey::Provenance => unasked("read from", Text),
            FieldKey::Unconfirmed => unasked("unconfirmed", Text),
            FieldKey::Offering => unasked("offering line", Text),
            FieldKey::OfferingHolder => row(
                "who holds it",
                "who holds it between us and our customers?",
                Choice,
            ),
            FieldKey::OfferingWeDo => row("what we do", "what do we do for our customers?", Text),
            FieldKey::OfferingCustomerMust => row(
                "customers must do",
                "what must our customers do themselves?",
                Text,
            ),
            FieldKey::OfferingEvidence => row(
                "evidence for customers",
                "what evidence do we give customers (a report, a certificate, a section)?",
                Text,
            ),
            FieldKey::OfferingContactRole => {
                row("customers ask", "whom do customers ask (a role)?", Text)
            }
            FieldKey::Status => row(
                "Implementation status",
                "How far is it implemented?",
                Choice,
            ),
            FieldKey::Documents => unasked("Documents", Text),
            FieldKey::Risks => unasked("Risk register references", Text),
            FieldKey::Gap => row("Gap", "What exactly is missing?", Text),
            FieldKey::Remediation => unasked("remediation", Text),
            FieldKey::RemediationAction => row(
                "Remediation action",
                "Remediation: what will be done?",
                Text,
            ),
            FieldKey::RemediationOwner => {
                row("Remediation owner", "Who owns the remediation?", Name)
            }
            FieldKey::RemediationDue => row(
                "Remediation due",
                "Due date (YYYY-MM-DD, today, +90d, +3m, eoq, q1-q4)",
                Date,
            ),
            FieldKey::RemediationPriority => row(
                "Remediation priority",
                "Priority of the remediation",
                Choice,
            ),
            FieldKey::RiskAcceptance => unasked("risk acceptance", Text),
            FieldKey::RiskAcceptedBy => row("Risk accepted by", "Who accepts the risk?", Name),
            FieldKey::RiskRationale => row(
                "Risk acceptance rationale",
                "Why is the risk acceptable?",
                Text,
            ),
            FieldKey::RiskDate => unasked("Risk accepted on", Date),
            FieldKey::RiskExpires => row(
                "Risk acceptance expires",
                "Acceptance expires (YYYY-MM-DD, +1y, q4...)",
                Date,
            ),
            FieldKey::ChangeTrigger => row(
                "Change trigger",
                "What event forces a re-review (change trigger)?",
                Text,
            ),
            FieldKey::Escalation => row(
                "Escalation path",
                "Escalation path: who is told, and how, when it fails?",
                Text,
            ),
            FieldKey::NextReview => row(
                "Next review",
                "Next review date (YYYY-MM-DD, +6m, q2...)",
                Date,
            ),
            FieldKey::ReviewedBy => unasked("Reviewed by", Name),
            FieldKey::ReviewedOn => unasked("Reviewed on", Date),
            FieldKey::Notes => Wording {
                form: true,
                ..unasked("Notes", Text)
            },
            FieldKey::Flagged => Wording {
                form: true,
                ..unasked("Follow-up flag", Choice)
            },
            FieldKey::Reconfirm => unasked("To re-confirm", Text),
            FieldKey::FollowUp => unasked("Follow-up", Text),
        }
    }

    /// The field's label; `line` names the provider or offering of a per-line field.
    pub fn label(self, line: &str) -> String {
        let label = self.wording().label;
        if self.per_line() {
            format!("{line}: {label}")
        } else {
            label.to_string()
        }
    }

    /// The question the walk asks about the field.
    pub fn question(self, line: &str) -> String {
        let w = self.wording();
        match w.question {
            Some(q) if self.per_line() => format!("For {line}: {q}"),
            Some(q) => q.to_string(),
            None => self.label(line),
        }
    }

    /// How an answer is given.
    pub fn answer(self) -> Answer {
        self.wording().answer
    }

    /// Whether the edit form shows the field.
    pub fn in_form(self) -> bool {
        self.wording().form
    }

    /// Whether a choice takes several options at once (digits toggle them).
    pub fn takes_several(self) -> bool {
        matches!(self, FieldKey::Reasons | FieldKey::ExclusionReasons)
    }

    /// The options of a choice, in the order digits pick them (1 = first).
    pub fn options(self) -> Vec<&'static str> {
        match self {
            FieldKey::Applicability => vec!["applicable", "not applicable", "undecided"],
            FieldKey::Reasons => Reason::ALL.iter().map(|r| r.label()).collect(),
            FieldKey::ExclusionReasons => Exclusion::ALL.iter().map(|r| r.label()).collect(),
            FieldKey::Holder | FieldKey::OfferingHolder => {
                Holder::ALL.iter().map(|h| h.label()).collect()
            }
            FieldKey::Status => Status::ALL.iter().map(|s| s.label()).collect(),
            FieldKey::RemediationPriority => Priority::ALL.iter().map(|p| p.label()).collect(),
            FieldKey::Flagged => vec!["flagged for follow-up", "not flagged"],
            _ => Vec::new(),
        }
    }

    /// Where the field stands among the walk's closing questions, if it is one.
    pub fn closing_index(self) -> Option<usize> {
        CLOSING_QUESTIONS.iter().position(|k| *k == self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_choice_has_options_and_nothing_else_does() {
        for key in FieldKey::ALL {
            let choice = key.answer() == Answer::Choice;
            assert_eq!(choice, !key.options().is_empty(), "{}", key.name());
        }
    }

    #[test]
    fn a_per_line_field_names_its_line() {
        assert_eq!(FieldKey::Holder.label("AWS"), "AWS: who holds it");
        assert_eq!(
            FieldKey::CustomerOwner.question("AWS"),
            "For AWS: who owns it on our (customer) side?"
        );
        assert_eq!(FieldKey::Notes.question(""), "Notes");
        assert_eq!(FieldKey::Gap.label("AWS"), "Gap");
    }

    #[test]
    fn closing_questions_are_in_the_form_and_asked_as_text_or_date() {
        for key in CLOSING_QUESTIONS {
            assert!(key.in_form(), "{}", key.name());
            assert!(!key.per_line(), "{}", key.name());
            assert!(matches!(key.answer(), Answer::Text | Answer::Date));
        }
    }
}
