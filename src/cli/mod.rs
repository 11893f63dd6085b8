//! The command line: argument parsing and the headless subcommands. Data goes to stdout,
//! messages to stderr. Nothing here touches the terminal beyond printing lines.
//!
//! Exit codes: 0 success; 1 the command ran and has something to report (findings, a file not in
//! canonical form, merge conflicts, differences); 2 bad usage or an unreadable/invalid file.

mod approve_cmd;
mod catalogue_cmd;
mod diff_cmd;
mod export_cmd;
mod git;
pub mod guard;
mod import_cmd;
mod json;
mod merge_cmd;
mod portfolio;
mod schema_cmd;
mod session_cmd;
mod set_cmd;
mod write;

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

pub use crate::session::{NewSession, new_session};
pub use approve_cmd::ApproveArgs;
pub use diff_cmd::DiffArgs;
pub use export_cmd::ExportArgs;
pub use import_cmd::ImportArgs;
pub use merge_cmd::MergeArgs;
pub use schema_cmd::{SCHEMAS, SchemaArgs, schema, schema_text};
pub use set_cmd::SetArgs;

pub use crate::exit::{EXIT_FINDINGS, EXIT_INVALID, EXIT_OK};

#[derive(Debug, Parser)]
#[command(
    name = "gapwalk",
    version,
    about = "Run ISO/IEC 27017 cloud security gap-analysis workshops in the terminal",
    long_about = "gapwalk walks a team through every control of the ISO/IEC 27017 catalogue, records who \
owns each control on the customer and provider side, applicability, status, gaps and evidence, \
and keeps it all in a RON session file that diffs and merges in git.\n\n\
With no command it opens the workshop screen. Exit codes: 0 success, 1 findings or differences \
to report, 2 bad usage or an unreadable or invalid file."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
    /// Let the mouse select controls and scroll (the terminal's own text selection then needs
    /// Shift in most terminals)
    #[arg(long)]
    pub mouse: bool,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Open a session in the workshop screen
    Open(OpenArgs),
    /// Create a new session file
    New(NewArgs),
    /// List what a session still lacks (exit 1 when anything does)
    Check(CheckArgs),
    /// Print progress, gaps and the responsibility split of a session
    Stats(StatsArgs),
    /// Rewrite a session file in canonical form
    Fmt(FmtArgs),
    /// Write the SoA draft, gap register, responsibility matrix or minutes (md, csv, xlsx, html, json)
    Export(ExportArgs),
    /// Record fields of one control from a script (exit 2 on a bad key or value, file untouched)
    Set(SetArgs),
    /// Record an approval of the session's content: who, when and a hash of what was approved
    /// (refused while a workshop has the file open)
    Approve(ApproveArgs),
    /// Show what changed between two session files, per control and field (exit 1 when they differ)
    Diff(DiffArgs),
    /// Three-way merge of session files, as git's merge driver (exit 1 when conflicts were recorded)
    Merge(MergeArgs),
    /// Read a provider's responsibility matrix (gapwalk CRM or CSA CAIQ) into its lines of a session (exit 1 on disagreements)
    Import(ImportArgs),
    /// List, show and check control catalogues; move a session onto a newer catalogue revision
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
    /// Set up git for a folder of sessions: attributes, ignore lines, this clone's drivers
    GitSetup(git::GitSetupArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell)
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the JSON Schema of a json output (export, check, stats, portfolio, diff)
    Schema(SchemaArgs),
    /// Print the manual page (roff), or write one page per command into a folder
    Man {
        /// Write gapwalk.1 and gapwalk-COMMAND.1 here instead of printing gapwalk.1
        #[arg(long, value_name = "FOLDER")]
        dir: Option<PathBuf>,
    },
}

#[derive(Debug, Args)]
pub struct OpenArgs {
    /// The session file
    pub file: PathBuf,
    /// Let the mouse select controls and scroll (the terminal's own text selection then needs
    /// Shift in most terminals)
    #[arg(long)]
    pub mouse: bool,
    /// Look without changing anything: nothing is saved, and the session is not locked, so
    /// another gapwalk may keep working on it
    #[arg(long)]
    pub read_only: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// We are the cloud service customer
    Csc,
    /// We are the cloud service provider
    Csp,
    /// We are both (a provider building on other providers)
    Both,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// The session file to create (must not exist)
    pub file: PathBuf,
    /// Title of the workshop
    #[arg(long)]
    pub title: Option<String>,
    /// Organisation being assessed
    #[arg(long)]
    pub org: Option<String>,
    /// Which side of the shared responsibility we are on
    #[arg(long, value_enum, default_value = "csc")]
    pub role: RoleArg,
    /// A cloud provider in scope; repeat for several
    #[arg(long = "provider", value_name = "NAME")]
    pub providers: Vec<String>,
    /// An offering we provide to our customers (role csp or both); repeat for several
    #[arg(long = "offering", value_name = "NAME")]
    pub offerings: Vec<String>,
    /// The scope statement (what the assessment covers)
    #[arg(long)]
    pub scope: Option<String>,
    /// Who facilitates the workshop
    #[arg(long)]
    pub facilitator: Option<String>,
    /// Catalogue name (see `gapwalk catalogue list`) or a catalogue file
    #[arg(long, value_name = "NAME|FILE", default_value = crate::catalogue::DEFAULT_CATALOGUE)]
    pub catalogue: String,
    /// Start the next review cycle from last cycle's session: every answer kept and marked to
    /// re-confirm, on the same catalogue (the other options replace what they name)
    #[arg(long, value_name = "LAST", conflicts_with_all = ["catalogue", "role"])]
    pub from: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum OutputFormat {
    #[default]
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The session file; `-` reads it from standard input
    pub file: PathBuf,
    /// Judge evidence and review dates as of this date (YYYY-MM-DD, today, +90d, eoq, q1-q4...;
    /// default today)
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub as_of: Option<NaiveDate>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
#[command(
    after_help = "With several files: a row per session and a total (a portfolio); progress by \
clause only when every session uses the same catalogue."
)]
pub struct StatsArgs {
    /// The session file(s); `-` reads one from standard input
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value = "text")]
    pub format: OutputFormat,
}

#[derive(Debug, Args)]
pub struct FmtArgs {
    /// The session file
    pub file: PathBuf,
    /// Do not write; exit 1 when the file is not in canonical form
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// List the embedded catalogues and those in your catalogue folder
    List,
    /// Print a catalogue's controls
    Show {
        /// Catalogue name or file
        #[arg(value_name = "NAME|FILE")]
        catalogue: String,
        /// Output format
        #[arg(long, value_enum, default_value = "text")]
        format: OutputFormat,
    },
    /// Check a catalogue file: duplicate ids, missing titles, unknown mapping targets
    Check {
        /// The catalogue file
        file: PathBuf,
    },
    /// Move a session onto the current revision of its catalogue (refused while the session is
    /// open; keeps FILE.bak)
    Upgrade {
        /// The session file
        file: PathBuf,
    },
    /// Move a session onto another catalogue through the ISO mapping (27017 onto 27001:2022),
    /// into a new file; the session itself is left as it is (exit 1 when combined controls
    /// disagree and conflicts were recorded)
    Move {
        /// The session file
        file: PathBuf,
        /// The catalogue to move onto: an embedded name or a catalogue file
        #[arg(long)]
        to: String,
        /// The new session file (never written over)
        #[arg(long)]
        out: PathBuf,
    },
}

/// A date option, read by the one date parser counting from the local date.
fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::dates::parse(s, crate::dates::local_today())?
        .ok_or_else(|| format!("{s:?} is not a date; expected {}", crate::dates::SYNTAX))
}

/// Runs a headless command. Returns `None` for commands the terminal UI handles.
pub fn run(command: &Command) -> Option<ExitCode> {
    let code = match command {
        Command::Open(_) => return None,
        Command::New(args) => session_cmd::new(args),
        Command::Check(args) => session_cmd::check(args),
        Command::Stats(args) => session_cmd::stats(args),
        Command::Fmt(args) => session_cmd::fmt(args),
        Command::Export(args) => export_cmd::run(args),
        Command::Set(args) => set_cmd::set(args),
        Command::Approve(args) => approve_cmd::approve(args),
        Command::Diff(args) => diff_cmd::diff_files(args),
        Command::Merge(args) => merge_cmd::merge_files(args),
        Command::Import(args) => import_cmd::run(args),
        Command::Catalogue(cmd) => catalogue_cmd::run(cmd),
        Command::GitSetup(args) => git::setup(args),
        Command::Completions { shell } => completions(*shell),
        Command::Schema(args) => schema_cmd::run(args),
        Command::Man { dir } => man(dir.as_deref()),
    };
    Some(ExitCode::from(code))
}

/// The command line as clap sees it, with the help clap cannot derive: `set --help` lists the
/// keys from the field tables, so it never goes stale.
pub fn command() -> clap::Command {
    use clap::CommandFactory;
    Cli::command().mut_subcommand("set", |set| set.after_long_help(set_cmd::keys_help()))
}

/// Parses the process's arguments (exits with clap's message on a bad one).
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    Cli::from_arg_matches(&command().get_matches()).unwrap_or_else(|e| e.exit())
}

fn completions(shell: clap_complete::Shell) -> u8 {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command(), "gapwalk", &mut script);
    match stdout_bytes(&script) {
        Ok(()) => EXIT_OK,
        Err(e) => fail(format!("cannot write to stdout: {e}")),
    }
}

fn man(dir: Option<&std::path::Path>) -> u8 {
    let command = command();
    if let Some(dir) = dir {
        let written =
            std::fs::create_dir_all(dir).and_then(|()| clap_mangen::generate_to(command, dir));
        return match written {
            Ok(()) => {
                eprintln!("wrote the manual pages to {}", dir.display());
                EXIT_OK
            }
            Err(e) => fail(format!("{}: {e}", dir.display())),
        };
    }
    let mut page = Vec::new();
    if let Err(e) = clap_mangen::Man::new(command).render(&mut page) {
        return fail(e);
    }
    match stdout_bytes(&page) {
        Ok(()) => EXIT_OK,
        Err(e) => fail(format!("cannot write to stdout: {e}")),
    }
}

/// Exit status when the reader of stdout went away: what a shell reports for a program ended by
/// SIGPIPE (128 + 13), so a cut-short `gapwalk check | head` never reads as "no findings".
pub const EXIT_BROKEN_PIPE: i32 = 141;

/// Writes bytes to stdout. A reader that went away early (`gapwalk check | head`, a pager
/// quit) ends the program quietly with [`EXIT_BROKEN_PIPE`] instead of the panic `println!`
/// gives on a closed pipe. Any other failure to write is returned.
pub(crate) fn stdout_bytes(bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    match stdout.write_all(bytes).and_then(|()| stdout.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            std::process::exit(EXIT_BROKEN_PIPE)
        }
        other => other,
    }
}

/// `println!` for data on stdout, through [`stdout_bytes`]; a failed write ends the program
/// with the invalid exit code and a message.
macro_rules! outln {
    ($($arg:tt)*) => {{
        let mut text = format!($($arg)*);
        text.push('\n');
        if let Err(e) = $crate::cli::stdout_bytes(text.as_bytes()) {
            eprintln!("gapwalk: cannot write to stdout: {e}");
            std::process::exit(i32::from($crate::cli::EXIT_INVALID));
        }
    }};
}
pub(crate) use outln;

/// Prints an error to stderr and returns the invalid-input exit code.
pub(crate) fn fail(message: impl std::fmt::Display) -> u8 {
    // Messages quote file names and file content; neither may drive the terminal.
    eprintln!(
        "gapwalk: {}",
        crate::sanitise::multi_line(&message.to_string())
    );
    EXIT_INVALID
}
