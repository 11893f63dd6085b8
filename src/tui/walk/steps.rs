//! Moving through the walk: from question to question, from a control to the card and on to
//! the next control in the walk's order, and keeping what was typed. The keys that call these
//! are in `update.rs`.

use super::{Stage, Turn, WalkPopup, next_field};
use crate::session::Holder;
use crate::tui::field::Field;
use crate::tui::model::Model;
use crate::tui::room::InputMode;
use crate::walkplan::needs_walk;

impl WalkPopup {
    /// The control after `from` in the walk's order that still has something to ask at the
    /// walk's depth and has not been begun in this walk (wrapping round once).
    pub(super) fn next_in_order(&self, m: &Model, from: usize) -> Option<usize> {
        let providers = m.session.provider_names();
        let n = self.order.len();
        let start = self.order.iter().position(|&i| i == from);
        (1..=n)
            .map(|k| match start {
                Some(s) => self.order[(s + k) % n],
                None => self.order[k - 1],
            })
            .find(|&i| {
                !self.visited.contains(&i) && needs_walk(self.depth, &m.assessment(i), &providers)
            })
    }

    /// The neighbour of `from` in the walk's order, whatever it holds (PgDn, PgUp).
    pub(super) fn neighbour(&self, from: usize, forward: bool) -> Option<usize> {
        let at = self.order.iter().position(|&i| i == from)?;
        if forward {
            self.order.get(at + 1).copied()
        } else {
            at.checked_sub(1).map(|k| self.order[k])
        }
    }

    /// Begins control `index` at its first question.
    pub(super) fn begin_control(&mut self, t: &mut Turn, index: usize) {
        let a = t.model.assessment(index);
        self.copied = None;
        self.priority_said = super::remediation_said(&a);
        self.control = index;
        self.field = Field::Applicability;
        self.history.clear();
        self.stage = Stage::Asking;
        self.prefill(&a);
        self.control_started = t.model.clock;
        self.visited.retain(|&i| i != index);
        self.visited.push(index);
        t.select(index);
        if !self.order.contains(&index) {
            t.model.message = Some(format!(
                "{} is outside {}: walked because you asked for it",
                a.control, self.following
            ));
        }
    }

    /// Leaves the current control for the card: it counts as done when its applicability is
    /// decided, as skipped when not.
    pub(super) fn finish_control(&mut self, t: &mut Turn) {
        let c = self.control;
        let mut a = t.model.assessment(c);
        if a.is_assessed() {
            if a.reconfirm {
                // Walked to its end: what was carried over is confirmed for this cycle.
                a.reconfirm = false;
                a.reviewed_by = t.model.user.clone();
                a.reviewed_on = Some(t.model.today());
                t.model.commit(a);
            }
            self.skipped.remove(&c);
            self.done.insert(c);
        } else {
            self.done.remove(&c);
            self.skipped.insert(c);
        }
        let next = self.next_in_order(t.model, c);
        self.stage = Stage::Card {
            from: Some(c),
            next,
        };
        if let Some(n) = next {
            // A workshop closed on the card resumes at the control it offered.
            t.select(n);
        }
        self.error = None;
        self.stray.clear();
    }

    /// Shows the card for `next` (from PgDn, PgUp, the jump) after leaving the current question.
    pub(super) fn card_for(&mut self, t: &mut Turn, next: Option<usize>) {
        if self.stage == Stage::Asking {
            self.finish_control(t);
        }
        let from = match self.stage {
            Stage::Card { from, .. } => from,
            _ => Some(self.control),
        };
        self.stage = Stage::Card { from, next };
        self.error = None;
        self.stray.clear();
        if let Some(n) = next {
            t.select(n);
        }
    }

    /// Moves the walk past the current question; at the end of a control, on to the card.
    pub(super) fn advance_walk(&mut self, t: &mut Turn) {
        let a = t.model.assessment(self.control);
        let providers = t.model.session.provider_names();
        let offerings = t.model.session.meta.seats().offerings;
        let mut field = self.field.clone();
        loop {
            match next_field(&field, &a, &providers, &offerings, self.depth) {
                // Answers `=` copied from the line before are not asked again.
                Some(next)
                    if matches!(
                        &next,
                        Field::CustomerOwner(p) | Field::Inherited(p) | Field::CustomerDuty(p)
                            if self.copied.as_deref() == Some(p.as_str())
                    ) && !next.value(&a).trim().is_empty() =>
                {
                    field = next;
                }
                Some(next) => return self.go_to(next, &a),
                None => return self.finish_control(t),
            }
        }
    }

    /// Records the text typed into the current question when it differs from what is recorded
    /// (evidence only when something was typed). False when the text does not parse; the
    /// question then shows why.
    pub(super) fn keep_typed_answer(&mut self, t: &mut Turn) -> bool {
        // An untouched prefill may be stale (a merge from disk changed the field): never
        // write it back.
        if self.stage != Stage::Asking || self.input_mode() != InputMode::Text || !self.touched {
            return true;
        }
        let a = t.model.assessment(self.control);
        let text = self.text();
        let unchanged = if self.field == Field::AddEvidence {
            text.trim().is_empty()
        } else {
            text.trim() == self.field.editable_text(&a).trim()
        };
        if unchanged {
            return true;
        }
        self.record_text(t, &text)
    }

    pub(super) fn record_text(&mut self, t: &mut Turn, text: &str) -> bool {
        let mut a = t.model.assessment(self.control);
        let today = t.model.today();
        match self
            .field
            .set_text(&mut a, text, &t.model.user.clone(), today)
        {
            Ok(()) => {
                if let Some(key) = self.offer_key()
                    && !text.trim().is_empty()
                {
                    self.given
                        .insert(key, self.field.editable_text(&a).trim().to_string());
                }
                t.model.commit(a);
                self.touched = false;
                true
            }
            Err(e) => {
                self.error = Some(e);
                false
            }
        }
    }

    /// Whether Esc would replace a recorded answer with a half-typed one.
    pub(super) fn would_replace(&self, m: &Model) -> bool {
        if self.input_mode() != InputMode::Text || !self.touched || self.field == Field::AddEvidence
        {
            return false;
        }
        let recorded = self.field.editable_text(&m.assessment(self.control));
        !recorded.trim().is_empty() && self.text().trim() != recorded.trim()
    }

    pub(super) fn leave_walk(&mut self, t: &mut Turn) -> bool {
        t.model.message = Some(format!(
            "left the walk at {} ({} walked, {} skipped)",
            t.model.catalogue.controls[self.control].id,
            self.done.len(),
            self.skipped.len()
        ));
        false
    }

    pub(super) fn options_hint(&self) -> String {
        format!("pick 1 to {}", self.field.options().len())
    }

    /// A key on a choice question or the card that is not an option: shown and refused.
    pub(super) fn refuse_stray(&mut self, t: &mut Turn, c: char) {
        self.stray.push(c);
        let shown: String = crate::sanitise::one_line(&self.stray).into_owned();
        self.error = Some(match &self.stage {
            Stage::Card { next, .. } => {
                let begin = match next {
                    Some(n) => format!(
                        "{} begins {}",
                        self.keys.confirm, t.model.catalogue.controls[*n].id
                    ),
                    None => format!("{} ends the walk", self.keys.confirm),
                };
                format!(
                    "nothing typed here is recorded (\"{shown}\"): {begin} · {} stops · / jumps",
                    self.keys.cancel
                )
            }
            _ => format!(
                "\"{shown}\" is not an option: nothing recorded; {} (Backspace clears)",
                self.options_hint()
            ),
        });
    }

    /// The jump, opened from the walk, picked `index`: the card now offers it.
    pub(super) fn jump_to(&mut self, t: &mut Turn, index: usize) {
        self.card_for(t, Some(index));
        if !self.order.contains(&index) {
            t.model.message = Some(format!(
                "{} is outside {}: {} walks it anyway",
                t.model.catalogue.controls[index].id, self.following, self.keys.confirm
            ));
        }
    }

    /// The provider whose line `=` copies on this question: the one before, when this is a
    /// later provider's holder question and that line is recorded.
    pub fn copy_source(&self, m: &Model) -> Option<String> {
        let Field::Holder(p) = &self.field else {
            return None;
        };
        let providers = m.session.provider_names();
        let at = providers.iter().position(|x| x == p)?;
        let before = providers.get(at.checked_sub(1)?)?;
        let a = m.assessment(self.control);
        a.responsibility(before)
            .filter(|r| r.holder != Holder::Undecided)
            .map(|_| before.clone())
    }
}
