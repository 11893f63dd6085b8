//! `gapwalk export`: writes the SoA draft or another workshop output from a session file. The
//! session is only read; a bad session or bad options exit 2 before anything is written.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use clap::builder::PossibleValue;
use clap::{Args, ValueEnum};

use super::{EXIT_OK, fail};
use crate::export::{self, Audience, ExportOptions, Format, Numbering, Paper, Source, View};
use crate::persist;

/// Clap reads the export options with their own words and help lines.
macro_rules! value_enum {
    ($ty:ty) => {
        impl ValueEnum for $ty {
            fn value_variants<'a>() -> &'a [Self] {
                <$ty>::ALL
            }
            fn to_possible_value(&self) -> Option<PossibleValue> {
                Some(PossibleValue::new(self.key()).help(self.help()))
            }
        }
    };
}

value_enum!(View);
value_enum!(Format);
value_enum!(Numbering);
value_enum!(Audience);
value_enum!(Paper);

#[derive(Debug, Args)]
#[command(
    after_help = "Without --view, xlsx writes every view as its own sheet and the other \
formats write the SoA. Set SOURCE_DATE_EPOCH to fix the \"generated at\" time (reproducible \
output). Exit codes: 0 written, 2 bad usage or an invalid session (nothing written)."
)]
pub struct ExportArgs {
    /// The session file; `-` reads it from standard input
    pub file: PathBuf,
    /// Output format
    #[arg(long, value_enum)]
    pub format: Format,
    /// Where to write; `-` writes to stdout (not xlsx to a terminal)
    #[arg(long, value_name = "PATH")]
    pub out: PathBuf,
    /// What to export [default: soa; every view for xlsx]
    #[arg(long, value_enum)]
    pub view: Option<View>,
    /// Control numbering of the SoA (the other views keep the catalogue's ids) [default: the
    /// session catalogue's]
    #[arg(long, value_enum)]
    pub numbering: Option<Numbering>,
    /// Who may read it
    #[arg(long, value_enum, default_value = "internal")]
    pub audience: Audience,
    /// The offering a customer responsibility matrix (--view crm) is about, when the session
    /// provides several
    #[arg(long, value_name = "NAME")]
    pub offering: Option<String>,
    /// The paper an xlsx workbook is set up to print on
    #[arg(long, value_enum, default_value = "a4")]
    pub paper: Paper,
}

pub fn run(args: &ExportArgs) -> u8 {
    let to_stdout = args.out == Path::new("-");
    if to_stdout && !args.format.is_text() && std::io::stdout().is_terminal() {
        return fail(
            "an xlsx workbook is binary and stdout is a terminal; give --out a file name, or pipe the output",
        );
    }
    if !to_stdout && let Err(e) = export::refuse_session_path(&args.out, &args.file) {
        return fail(e);
    }
    let loaded = match persist::load_input(&args.file) {
        Ok(l) => l,
        Err(e) => return super::guard::unloadable(&args.file, e),
    };
    for w in &loaded.warnings {
        eprintln!("gapwalk: warning: {w}");
    }
    let generated_at = match export::generated_at() {
        Ok(t) => t,
        Err(e) => return fail(e),
    };
    let session_file = if crate::textfile::is_stdin(&args.file) {
        crate::textfile::STDIN_NAME.to_string()
    } else {
        args.file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let source = Source {
        session: &loaded.session,
        catalogue: &loaded.catalogue,
        session_file: &session_file,
        generated_at,
    };
    let view = match (args.view, args.format) {
        (Some(v), _) => Some(v),
        (None, Format::Xlsx) => None,
        (None, _) => Some(View::Soa),
    };
    let options = ExportOptions {
        view,
        format: args.format,
        numbering: args.numbering,
        audience: args.audience,
        paper: args.paper,
    };
    let ssp = export::oscal::has_companions(&options);
    if ssp && to_stdout {
        return fail(
            "an OSCAL system security plan is written with the profile and catalog it imports beside it; give --out a file name",
        );
    }
    if let Some(asked) = args.numbering
        && args.format == Format::Oscal
        && asked != Numbering::default_for(&loaded.catalogue)
    {
        eprintln!(
            "gapwalk: note: OSCAL lists the session catalogue's own controls; --numbering is not applied"
        );
    }
    if let (Some(asked), Some(v)) = (args.numbering, view)
        && args.format != Format::Oscal
        && v != View::Soa
        && asked != Numbering::default_for(&loaded.catalogue)
    {
        eprintln!(
            "gapwalk: note: --numbering renumbers the SoA only; the {} view lists the catalogue's own control ids, each with its ISO/IEC 27001:2022 controls beside it",
            v.key()
        );
    }
    let what = match view {
        Some(v) => v.key().to_string(),
        None => "every view".to_string(),
    };
    let offering = args.offering.as_deref();
    // The export is written as it is made (never held whole); anything that refuses it is
    // found before its first byte.
    if to_stdout {
        let mut out = StdoutStream(std::io::BufWriter::new(std::io::stdout().lock()));
        let written = export::render_into(&source, &options, offering, &mut out)
            .and_then(|()| std::io::Write::flush(&mut out).map_err(export::ExportError::from));
        if let Err(e) = written {
            return fail(e);
        }
        eprintln!(
            "wrote {what} ({}, {} edition) to stdout",
            args.format.key(),
            args.audience.key()
        );
        return EXIT_OK;
    }
    if let Err(e) = export::write_rendered(&args.out, &source, &options, offering) {
        return fail(e);
    }
    if ssp {
        let written =
            match export::oscal::write_companions(&args.out, &args.file, &source, args.audience) {
                Ok(w) => w,
                Err(e) => return fail(e),
            };
        for path in written {
            let name = path.to_string_lossy();
            eprintln!(
                "wrote the OSCAL {} it imports to {}",
                if name.ends_with(".profile.json") {
                    "profile"
                } else {
                    "catalog"
                },
                path.display()
            );
        }
    }
    eprintln!(
        "wrote {what} ({}, {} edition) to {}",
        args.format.key(),
        args.audience.key(),
        args.out.display()
    );
    EXIT_OK
}

/// Stdout for an export written as it is made: a reader that goes away (`| head`) ends the
/// program quietly, as every other command's output does (`super::stdout_bytes`).
struct StdoutStream<W>(W);

impl<W: std::io::Write> std::io::Write for StdoutStream<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        quiet_on_broken_pipe(self.0.write(buf))
    }

    fn flush(&mut self) -> std::io::Result<()> {
        quiet_on_broken_pipe(self.0.flush())
    }
}

fn quiet_on_broken_pipe<T>(result: std::io::Result<T>) -> std::io::Result<T> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
            std::process::exit(super::EXIT_BROKEN_PIPE)
        }
        other => other,
    }
}
