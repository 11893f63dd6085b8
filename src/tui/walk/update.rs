//! The walk's keys: those that work wherever it stands, then the card's and the question's.
//! Each answer goes into the model as it is given (one undoable change each); what the walk
//! asks of the list (select the control it is on) goes in the turn's requests.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{Stage, Turn, WalkPopup};
use crate::session::{Edit, Reason};
use crate::tui::action::{Action, Command};
use crate::tui::field::{Field, Kind};
use crate::tui::line_edit::{line_input, paste_into, type_into};
use crate::tui::popup::jump::JumpPopup;
use crate::tui::popup::park::ParkPopup;
use crate::tui::room::InputMode;
use crate::walkplan::Depth;

impl WalkPopup {
    /// Takes one action; false when the walk ends.
    pub(super) fn take(&mut self, t: &mut Turn, action: Action) -> bool {
        // Keys that work wherever the walk stands.
        match action {
            Action::Command(Command::ToggleDepth) => {
                let mut meta = t.model.session.meta.clone();
                meta.walk_depth = self.depth.other();
                t.model.apply_edit(Edit::SetMetadata(Box::new(meta)));
                self.depth = t.model.session.meta.walk_depth;
                t.model.message = Some(match self.depth {
                    Depth::Triage => "triage pass: applicable, reason, who holds it, status".into(),
                    Depth::Full => "full pass: every field of the record".into(),
                });
                return true;
            }
            Action::Command(c @ (Command::NextControl | Command::PreviousControl)) => {
                if !self.keep_typed_answer(t) {
                    return true;
                }
                let from = match self.stage {
                    Stage::Card { next: Some(n), .. } => n,
                    _ => self.control,
                };
                let target = self.neighbour(from, c == Command::NextControl);
                match target {
                    Some(target) => self.card_for(t, Some(target)),
                    None => {
                        self.error = Some(format!(
                            "no control {} this one in {}",
                            if c == Command::NextControl {
                                "after"
                            } else {
                                "before"
                            },
                            self.following
                        ))
                    }
                }
                return true;
            }
            Action::Command(Command::OpenJump) => return self.walk_open_jump(t),
            Action::Command(Command::Park) => {
                if !self.keep_typed_answer(t) {
                    return true;
                }
                let control = match self.stage {
                    Stage::Card { from: Some(f), .. } => f,
                    _ => self.control,
                };
                let park = ParkPopup::new(control, t.model);
                t.open = Some(Box::new(park));
                return true;
            }
            _ => {}
        }
        match self.stage.clone() {
            Stage::Card { from, next } => self.update_card(t, action, from, next),
            Stage::ConfirmLeave => match action {
                Action::Command(Command::Confirm) => {
                    self.stage = Stage::Asking;
                    let text = self.text();
                    if self.record_text(t, &text) {
                        self.leave_walk(t)
                    } else {
                        true
                    }
                }
                Action::Command(Command::Cancel) => self.leave_walk(t),
                _ => {
                    self.stage = Stage::Asking;
                    self.error = None;
                    true
                }
            },
            Stage::Asking => self.update_question(t, action),
        }
    }

    fn walk_open_jump(&mut self, t: &mut Turn) -> bool {
        if !self.keep_typed_answer(t) {
            return true;
        }
        let mut jump = JumpPopup::new(t.model);
        jump.for_walk = true;
        t.open = Some(Box::new(jump));
        true
    }

    fn update_card(
        &mut self,
        t: &mut Turn,
        action: Action,
        from: Option<usize>,
        next: Option<usize>,
    ) -> bool {
        match action {
            Action::Command(Command::Confirm) => match next {
                Some(n) => {
                    self.begin_control(t, n);
                    true
                }
                None => {
                    t.model.message = Some(format!(
                        "walk finished: nothing left to ask in {} at the {} pass ({} walked, {} skipped)",
                        self.following,
                        self.depth.key(),
                        self.done.len(),
                        self.skipped.len()
                    ));
                    false
                }
            },
            Action::Command(Command::Cancel) => {
                if !self.stray.is_empty() {
                    self.stray.clear();
                    self.error = None;
                    return true;
                }
                self.leave_walk(t)
            }
            Action::Command(Command::Skip) => {
                if let Some(n) = next {
                    self.skipped.insert(n);
                    self.visited.push(n);
                    let after = self.next_in_order(t.model, n);
                    self.stage = Stage::Card { from, next: after };
                    self.error = None;
                    self.stray.clear();
                    t.model.message = Some(format!(
                        "{} skipped: left unassessed",
                        t.model.catalogue.controls[n].id
                    ));
                }
                true
            }
            Action::Command(Command::Back) => {
                if let Some(f) = from {
                    if f != self.control {
                        self.begin_control(t, f);
                    } else {
                        // Back to the last question of the control just left.
                        self.stage = Stage::Asking;
                        let a = t.model.assessment(f);
                        self.prefill(&a);
                        self.control_started = t.model.clock;
                    }
                }
                true
            }
            Action::Type(key) => {
                match key.code {
                    KeyCode::Char('/') if self.stray.is_empty() => {
                        return self.walk_open_jump(t);
                    }
                    _ if clears_stray(&key) => self.clear_stray(),
                    KeyCode::Char(c) => self.refuse_stray(t, c),
                    _ => {}
                }
                true
            }
            Action::Choose(n) => {
                let digit = char::from_digit(n as u32 + 1, 10).unwrap_or('?');
                self.refuse_stray(t, digit);
                true
            }
            Action::Paste(text) => {
                for c in crate::sanitise::one_line(&text).chars().take(40) {
                    self.stray.push(c);
                }
                self.refuse_stray(t, ' ');
                true
            }
            _ => true,
        }
    }

    fn update_question(&mut self, t: &mut Turn, action: Action) -> bool {
        let choice = self.field.kind() == Kind::Choice;
        match action {
            Action::Command(Command::Cancel) => {
                if !self.stray.is_empty() {
                    self.stray.clear();
                    self.error = None;
                    return true;
                }
                if self.error.is_some() && self.touched {
                    // Esc again on an answer that does not parse leaves without it.
                    return self.leave_walk(t);
                }
                if self.would_replace(t.model) {
                    self.stage = Stage::ConfirmLeave;
                    return true;
                }
                if !self.keep_typed_answer(t) {
                    if let Some(e) = self.error.as_mut() {
                        e.push_str(&format!(
                            " ({} again leaves without it)",
                            self.keys.text_cancel
                        ));
                    }
                    return true;
                }
                self.leave_walk(t)
            }
            Action::Command(Command::Skip) => {
                if !self.keep_typed_answer(t) {
                    return true;
                }
                let a = t.model.assessment(self.control);
                if self.field == Field::Applicability && !a.is_assessed() {
                    self.finish_control(t);
                } else {
                    self.advance_walk(t);
                }
                true
            }
            Action::Command(Command::Back) => {
                if !self.keep_typed_answer(t) {
                    return true;
                }
                let a = t.model.assessment(self.control);
                if !self.go_back(&a) {
                    // The first question: back to the control walked before this one.
                    let before = self
                        .visited
                        .iter()
                        .rev()
                        .find(|&&i| i != self.control)
                        .copied()
                        .or_else(|| self.neighbour(self.control, false));
                    match before {
                        Some(b) => {
                            let here = self.control;
                            if !t.model.assessment(here).is_assessed() {
                                self.skipped.insert(here);
                            }
                            self.visited.retain(|&i| i != here);
                            self.begin_control(t, b);
                            self.visited.retain(|&i| i != b);
                            self.visited.push(b);
                        }
                        None => self.error = Some("this is the first control of the walk".into()),
                    }
                }
                true
            }
            Action::Choose(n) if choice => {
                if !self.stray.is_empty() {
                    let digit = char::from_digit(n as u32 + 1, 10).unwrap_or('?');
                    self.refuse_stray(t, digit);
                    return true;
                }
                self.choose_in_walk(t, n);
                true
            }
            Action::Command(Command::Confirm) if choice => {
                if !self.stray.is_empty() {
                    self.error = Some(format!(
                        "\"{}\" is not an answer: Backspace or {} clears it, then {}",
                        crate::sanitise::one_line(&self.stray),
                        self.keys.cancel,
                        self.options_hint()
                    ));
                    return true;
                }
                let a = t.model.assessment(self.control);
                if self.several {
                    let none = if self.field == Field::ExclusionReason {
                        a.exclusion_reasons.is_empty()
                    } else {
                        a.reasons.is_empty()
                    };
                    if none {
                        self.error = Some(format!(
                            "pick at least one reason, then {}",
                            self.keys.confirm
                        ));
                    } else {
                        // The hint about toggling belongs to this question only.
                        t.model.message = None;
                        self.advance_walk(t);
                    }
                    return true;
                }
                match self.stated(&a) {
                    Some(_) => {
                        // On a provider's imported statement Enter is the workshop's
                        // confirmation: one key per provider triages an imported control.
                        if let Field::Holder(p) = &self.field
                            && a.responsibility(p).is_some_and(|r| r.unconfirmed)
                        {
                            let mut a = a.clone();
                            a.responsibility_mut(p).unconfirmed = false;
                            t.model.commit(a);
                        }
                        self.advance_walk(t)
                    }
                    None => {
                        self.error = Some(format!(
                            "nothing is recorded here yet: {} ({} skips)",
                            self.options_hint(),
                            self.keys.skip
                        ))
                    }
                }
                true
            }
            Action::Type(key) if choice => {
                self.type_on_choice(t, key);
                true
            }
            Action::Paste(_) if choice => {
                self.error = Some(format!(
                    "pasted text is not an option: nothing recorded; {}",
                    self.options_hint()
                ));
                true
            }
            Action::Command(Command::Confirm) => {
                let mut text = self.text();
                // A name: the start of exactly one known name is that name; the start of
                // several, or a name nobody has used yet, is kept as typed only when Entered
                // twice (the first Enter says which, so a slip never adds a person).
                if self.touched
                    && let Some(asking) = self.field.asking()
                {
                    use crate::session::NameMatch;
                    let known = t.model.session.names_for(&asking);
                    let typed = text.trim().to_string();
                    match crate::session::match_name(&text, &known) {
                        NameMatch::Known(name) | NameMatch::Only(name) => {
                            text = name.clone();
                            self.input = line_input(&name);
                        }
                        NameMatch::Several(names) if self.new_name.as_deref() != Some(&typed) => {
                            self.error = Some(format!(
                                "{typed:?} starts several names ({}): type more, or {} again to keep {typed:?} as a new name",
                                names.join(", "),
                                self.keys.text_confirm
                            ));
                            self.new_name = Some(typed);
                            return true;
                        }
                        _ if typed.is_empty() => {}
                        NameMatch::New if self.new_name.as_deref() != Some(&typed) => {
                            self.error = Some(format!(
                                "{typed:?} is not a name this session knows: {} again to add it as a new name, or type another",
                                self.keys.text_confirm
                            ));
                            self.new_name = Some(typed);
                            return true;
                        }
                        _ => t.model.message = Some(format!("{typed:?} recorded as a new name")),
                    }
                }
                if self.field == Field::AddEvidence && !text.trim().is_empty() {
                    if !self.record_text(t, &text) {
                        return true;
                    }
                    let a = t.model.assessment(self.control);
                    // The new pointer is the last one whose location is the text typed.
                    let index = a
                        .evidence
                        .iter()
                        .rposition(|e| e.location == text.trim())
                        .unwrap_or(a.evidence.len().saturating_sub(1));
                    self.go_to(Field::EvidenceAsOf(index), &a);
                    let kind = a.evidence.get(index).map(|e| e.kind.label()).unwrap_or("");
                    t.model.message = Some(format!(
                        "evidence added as a {kind} (guessed from what was typed)"
                    ));
                    return true;
                }
                if !self.record_text(t, &text) {
                    return true;
                }
                if let Field::EvidenceAsOf(_) = self.field {
                    // Ask again, for more evidence; an empty Enter moves on.
                    let a = t.model.assessment(self.control);
                    self.go_to(Field::AddEvidence, &a);
                    t.model.message = Some(format!(
                        "evidence kept; add more or press {}",
                        self.keys.text_confirm
                    ));
                    return true;
                }
                self.advance_walk(t);
                true
            }
            Action::Command(Command::AcceptSuggestion) => {
                let offer = self.offer().map(str::to_string);
                let names = self.field.names(&t.model.session);
                let name = self.name_suggestions(&names).first().cloned();
                match offer.or(name) {
                    Some(value) if self.input_mode() == InputMode::Text => {
                        self.input = line_input(&value);
                        self.touched = true;
                    }
                    _ => self
                        .input
                        .move_cursor(ratatui_textarea::CursorMove::Forward),
                }
                true
            }
            // On a shared screen the answer of a hidden question would be typed blind into text
            // nobody can see: refused, as the form refuses its editor.
            Action::Type(_) | Action::Paste(_) if t.model.presenter && self.field.is_internal() => {
                self.error = Some(format!(
                    "hidden in presenter view: {} skips it, or leave it ({}) to answer",
                    self.keys.text_skip, self.keys.presenter
                ));
                true
            }
            Action::Type(key) => {
                type_into(&mut self.input, key);
                self.error = None;
                self.touched = true;
                true
            }
            Action::Paste(text) => {
                paste_into(&mut self.input, &text);
                self.touched = true;
                true
            }
            _ => true,
        }
    }

    /// A digit on a choice question.
    fn choose_in_walk(&mut self, t: &mut Turn, n: usize) {
        let mut a = t.model.assessment(self.control);
        if n >= self.field.options().len() {
            self.error = Some(format!(
                "{} is not an option: nothing recorded; {}",
                n + 1,
                self.options_hint()
            ));
            return;
        }
        if self.field == Field::RemediationPriority {
            self.priority_said = true;
        }
        if self.field.is_reasons() && !self.several {
            // One key for one reason: it is the reason, and the walk moves on.
            if self.field == Field::ExclusionReason {
                a.exclusion_reasons = vec![crate::session::Exclusion::ALL[n]];
            } else {
                a.reasons = vec![Reason::ALL[n]];
            }
            t.model.commit(a);
            self.advance_walk(t);
            return;
        }
        if !self.field.choose(&mut a, n) {
            self.error = Some(self.options_hint());
            return;
        }
        t.model.commit(a);
        self.error = None;
        if self.several {
            // Several reasons: stay until Enter.
            return;
        }
        match self.field {
            Field::Applicability if n == 2 => {
                // Undecided: nothing to ask; the control stays unassessed.
                self.finish_control(t);
            }
            Field::Treatment => {
                // Go where the answer points, not where existing records point.
                let next = if n == 1 {
                    Field::AcceptedBy
                } else {
                    Field::RemediationAction
                };
                let a = t.model.assessment(self.control);
                self.go_to(next, &a);
            }
            _ => self.advance_walk(t),
        }
    }

    /// Backspace or Ctrl-U on refused keys takes them all back at once (they are no answer
    /// to edit; the message named them all and said so).
    fn clear_stray(&mut self) {
        self.stray.clear();
        self.error = None;
    }

    /// A key that is not a digit on a choice question: `+` asks for several reasons, `=` copies
    /// the line of the provider before, `/` jumps; anything else is refused and shown.
    fn type_on_choice(&mut self, t: &mut Turn, key: KeyEvent) {
        let plain = self.stray.is_empty();
        match key.code {
            _ if clears_stray(&key) => self.clear_stray(),
            KeyCode::Char('+') if plain && self.field.is_reasons() => {
                self.several = true;
                self.error = None;
                t.model.message = Some(format!(
                    "several reasons: digits toggle, {} when done",
                    self.keys.confirm
                ));
            }
            KeyCode::Char('=') if plain && self.copy_source(t.model).is_some() => {
                self.copy_line(t);
            }
            KeyCode::Char('/') if plain => {
                self.walk_open_jump(t);
            }
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                self.refuse_stray(t, c)
            }
            _ => {}
        }
    }

    /// Copies the earlier provider's line to this one (who holds it, our owner, what is
    /// inherited, what we must still do) and moves on to what is the provider's own.
    fn copy_line(&mut self, t: &mut Turn) {
        let (Some(source), Field::Holder(p)) = (self.copy_source(t.model), self.field.clone())
        else {
            return;
        };
        let mut a = t.model.assessment(self.control);
        let Some(from) = a.responsibility(&source).cloned() else {
            return;
        };
        let line = a.responsibility_mut(&p);
        line.holder = from.holder;
        line.customer_owner = from.customer_owner;
        line.inherited = from.inherited;
        line.customer_duty = from.customer_duty;
        t.model.commit(a);
        t.model.message = Some(format!("{p}: same as {source} ({})", from.holder.label()));
        // The questions the copy answered are passed over; the provider's own owner and
        // evidence remain.
        self.copied = Some(p);
        self.advance_walk(t);
    }
}

/// The keys that clear the refused keys: Backspace, Ctrl-U.
fn clears_stray(key: &KeyEvent) -> bool {
    key.code == KeyCode::Backspace
        || (key.code == KeyCode::Char('u') && key.modifiers.contains(KeyModifiers::CONTROL))
}
