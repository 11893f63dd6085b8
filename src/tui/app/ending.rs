//! Saving and leaving: autosave on the clock, what a save came to, the end of the meeting
//! (parking-lot review, who attended), quitting, and the rescue when nothing could take the
//! work.

use std::path::PathBuf;
use std::time::Duration;

use super::{AUTOSAVE_IDLE, AUTOSAVE_MAX, App};
use crate::recovery::rescue_paths;
use crate::tui::action::Effect;
use crate::tui::popup::Popup;
use crate::tui::rescue::{RescueJob, RescuePopup, Rescued};
use crate::tui::save::{Next, SaveKind, SaveReport};

impl App {
    pub(super) fn tick(&mut self, now: Duration) -> Vec<Effect> {
        self.model.clock = now;
        if self
            .model
            .save
            .due(now, self.model.last_change, AUTOSAVE_IDLE, AUTOSAVE_MAX)
        {
            return self.request_save();
        }
        Vec::new()
    }

    /// Asks the worker to save now (after the save it is running, if any). A read-only
    /// workshop never writes.
    pub(super) fn request_save(&mut self) -> Vec<Effect> {
        self.start_save(SaveKind::Write)
    }

    /// A save of this kind (a recovery copy is kept while the offer of one waits).
    fn start_save(&mut self, kind: SaveKind) -> Vec<Effect> {
        let keep_copy = self.recovery_pending();
        self.model.start_save(kind, keep_copy)
    }

    /// Takes in what a save came to: a write, a version found on disk to merge, a failure.
    pub(super) fn saved(&mut self, report: SaveReport) -> Vec<Effect> {
        let next = self.model.absorb_save(report);
        self.follow(next)
    }

    fn follow(&mut self, next: Next) -> Vec<Effect> {
        match next {
            Next::Nothing => Vec::new(),
            Next::Save => self.request_save(),
            Next::Recover(why) => self.start_save(SaveKind::Recover(why)),
            Next::Quit => vec![Effect::Quit],
            Next::Rescue(why) => self.rescue(why),
            Next::Merge { base, theirs } => {
                let next = self.model.merge_from_disk(*base, *theirs);
                self.follow(next)
            }
        }
    }

    /// `q` on the list: a workshop that changed the session while a control is parked with a
    /// reason offers the parking-lot review first (once); one that recorded a meeting then asks
    /// who attended (once); then it leaves.
    pub(super) fn end_meeting(&mut self) -> Vec<Effect> {
        let changed = self.model.read_only.is_none() && self.model.generation() > 0;
        if changed
            && !self.parking_offered
            && let Some(review) = crate::tui::popup::ParkingLotPopup::new(&self.model)
        {
            self.parking_offered = true;
            self.popups.push(Popup::ParkingLot(Box::new(review)));
            return Vec::new();
        }
        if !self.attendance_offered
            && let Some(ask) = crate::tui::popup::AttendancePopup::new(&self.model, &self.keymap)
        {
            self.attendance_offered = true;
            self.popups.push(Popup::Attendance(Box::new(ask)));
            return Vec::new();
        }
        self.quit()
    }

    /// Leaving: a read-only workshop goes at once; otherwise whatever the file lacks is saved
    /// first (after a save already running reports), and `Effect::Quit` follows once it is in.
    pub(super) fn quit(&mut self) -> Vec<Effect> {
        if self.model.read_only.is_some() {
            return vec![Effect::Quit];
        }
        let next = self.model.save.quit(&self.model.session.resume_at);
        self.follow(next)
    }

    /// Whether a recovery copy is still waiting for an answer (the runner keeps it until then).
    pub fn recovery_pending(&self) -> bool {
        self.popups.iter().any(|p| matches!(p, Popup::Recovery(_)))
    }
}

/// Leaving when nothing could take the work (see `rescue`): the app opens the question and
/// takes back what writing the work somewhere came to.
impl App {
    /// Nothing could take the work and the workshop was about to end (`why`). Attended, it
    /// stays open and asks where to write the work; unattended, the work goes to the first
    /// place that takes it.
    fn rescue(&mut self, why: String) -> Vec<Effect> {
        let paths = rescue_paths(&self.model.path, self.model.now());
        if self.unattended {
            return vec![Effect::Rescue(Box::new(RescueJob {
                paths,
                session: self.model.session.clone(),
            }))];
        }
        self.model.save.stay();
        let popup = RescuePopup::new(why, &paths);
        self.popups.push(Popup::Rescue(Box::new(popup)));
        Vec::new()
    }

    /// What writing the work somewhere came to.
    pub(super) fn rescued(&mut self, result: Result<PathBuf, String>) -> Vec<Effect> {
        match Rescued::from_result(result, &self.model.path, self.unattended) {
            Rescued::Written(farewell) => {
                self.popups.retain(|p| !matches!(p, Popup::Rescue(_)));
                self.model.save.rescued(Err(farewell));
                vec![Effect::Quit]
            }
            Rescued::Lost(farewell) => {
                self.model.save.rescued(Err(farewell));
                vec![Effect::Quit]
            }
            Rescued::Refused(why) => {
                let open = self.popups.iter_mut().rev().find_map(|p| match p {
                    Popup::Rescue(popup) => Some(popup),
                    _ => None,
                });
                if let Some(popup) = open {
                    popup.error = Some(why);
                }
                Vec::new()
            }
        }
    }
}
