//! `gapwalk approve FILE --by NAME [--role ROLE]`: records that someone approved the session's
//! content as it is (who, when, and the hash of the assessments and document-control fields),
//! following `set`'s rules: refused while a workshop has the file open, `FILE.bak` kept,
//! canonical output. Exports say DRAFT until then, and "changed since approval" after a later
//! change; `gapwalk check` reports that too.

use std::path::PathBuf;

use clap::Args;

use super::write::write_session;
use super::{EXIT_OK, fail};
use crate::sanitise::one_line;
use crate::session::{Approval, ApprovalState, Timestamp, content_hash};

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The session file
    pub file: PathBuf,
    /// Who approves (required: an approval names a person)
    #[arg(long, value_name = "NAME")]
    pub by: String,
    /// The approver's role (e.g. CISO, ISMS owner)
    #[arg(long, value_name = "ROLE")]
    pub role: Option<String>,
}

pub fn approve(args: &ApproveArgs) -> u8 {
    let file = args.file.display();
    let by = args.by.trim();
    if by.is_empty() {
        return fail(format!(
            "{file}: --by needs the approver's name; the file was not changed"
        ));
    }
    let (_lock, loaded) = match super::guard::lock_and_load(&args.file, "gapwalk approve") {
        Ok(held) => held,
        Err(code) => return code,
    };
    let mut session = loaded.session;
    let conflicts = session.meta.conflicts.len()
        + session
            .assessments
            .iter()
            .map(|a| a.conflicts.len())
            .sum::<usize>();
    if conflicts > 0 {
        return fail(format!(
            "{file}: {conflicts} merge conflict(s) are still recorded (see `gapwalk check`); resolve them before approving; the file was not changed"
        ));
    }
    let role = args.role.as_deref().map(str::trim).unwrap_or_default();
    if let ApprovalState::Approved(latest) = session.approval_state()
        && latest.by == by
        && latest.role == role
    {
        eprintln!(
            "{file}: {} already approved this content on {}; nothing to change",
            one_line(by),
            latest.at
        );
        return EXIT_OK;
    }
    let now = Timestamp::now();
    let content = content_hash(&session);
    session.approvals.push(Approval {
        at: now,
        by: by.to_string(),
        role: role.to_string(),
        content: content.clone(),
    });
    session.meta.updated = now;
    if let Err(e) = write_session(&args.file, &session, true) {
        return fail(e);
    }
    let version = &session.meta.document.version;
    let version = if version.is_empty() {
        String::new()
    } else {
        format!(" (version {})", one_line(version))
    };
    eprintln!(
        "{file}: approved by {}{version} at {now}; content {content}",
        one_line(by)
    );
    EXIT_OK
}
