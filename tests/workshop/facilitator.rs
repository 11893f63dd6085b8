//! What a facilitator's run through the real binary found on the workshop screen (tmux, 80x24
//! and 120x40): each a regression journey through a pseudo-terminal.

use crate::common::{Pty, new_aws_session};

/// Parking asks why, and the list showed only ⚑: the reason was nowhere on the screen until
/// the parking-lot review at the end. The detail pane now shows it (not in presenter view: the
/// follow-up note is internal).
#[test]
fn the_detail_pane_shows_why_a_control_was_parked_but_not_in_presenter_view() {
    let dir = tempfile::tempdir().unwrap();
    new_aws_session(dir.path());
    let mut pty = Pty::open_session(dir.path(), 120, 40);
    pty.park("Ask IT whether MFA covers break-glass");
    pty.wait_text("Parked, why");
    pty.wait_text("Ask IT whether MFA covers break-glass");
    pty.send("P");
    pty.wait_for("presenter view without the note", |s| {
        s.contains("PRESENTER") && !s.contains("break-glass")
    });
    pty.send("P");
    pty.wait_text("Ask IT whether MFA covers break-glass");
    pty.quit_past_parking_lot();
    assert_eq!(pty.wait_exit(), 0);
}
