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

/// At 80 columns the status bar kept its figures and cut the message: an export from the
/// dialog said "exported to s-soa.…", hiding where the file went. A message the bar would cut
/// now takes the room of the figures it can do without (the save state stays).
#[test]
fn at_80_columns_the_status_bar_says_in_full_where_an_export_went() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sessions/example.ron"),
        dir.path().join("s.ron"),
    )
    .unwrap();
    let mut pty = Pty::spawn(&["open", "s.ron"], dir.path(), 80, 24);
    pty.wait_text("assessed");
    pty.send("e");
    pty.wait_text("Write to:");
    pty.wait_text("s-soa.xlsx");
    pty.send("\r\r\r\r\r\r\r");
    pty.wait_for("the whole message on the status line", |s| {
        let last = s.lines().last().unwrap_or_default();
        last.contains("exported to s-soa.xlsx") && last.contains("saved")
    });
    pty.send("q");
    assert_eq!(pty.wait_exit(), 0);
}
