//! The control catalogue: the model, loading from RON, the embedded default catalogues and the
//! checks `gapwalk catalogue check` runs. A catalogue is read-only reference data; it knows nothing
//! of sessions or terminals.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::location::Located;
use crate::textfile::{MAX_CATALOGUE_BYTES, ReadError};

mod check;
mod revision;

pub use revision::{Changes, Pin};

/// The catalogue file format this build reads and writes.
pub const CATALOGUE_FORMAT_VERSION: u32 = 1;

/// The id of the catalogue used when none is named.
pub const DEFAULT_CATALOGUE: &str = "iso27017-2015";

/// The clause of a 27017 catalogue that holds the ISO/IEC 27001:2022 controls with no 2013
/// predecessor, walked after the CLD controls.
pub const NEW_IN_2022_CLAUSE: &str = "2022";

const EMBEDDED: [(&str, &str); 2] = [
    (
        "iso27017-2015",
        include_str!("../assets/catalogues/iso27017-2015.ron"),
    ),
    (
        "iso27001-2022",
        include_str!("../assets/catalogues/iso27001-2022.ron"),
    ),
];

/// A set of controls a workshop walks through, in the order it walks them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub format_version: u32,
    /// Stable identifier sessions refer to, e.g. `iso27017-2015`.
    pub id: String,
    pub version: String,
    /// The content revision within `version`: the wording of prompts and themes, controls added
    /// from a newer edition. 0 for catalogues that never counted revisions.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub revision: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// What each revision changed, oldest first, so a session pinned to an earlier revision is
    /// recognised by its content hash and told what is new.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<RevisionNote>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<Theme>,
    pub clauses: Vec<Clause>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub categories: Vec<Category>,
    pub controls: Vec<Control>,
    #[serde(skip)]
    index: HashMap<String, usize>,
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// One revision of a catalogue: the content hash of the revision it replaces and the controls
/// it added, changed or removed. Control ids only: the words themselves live in the catalogue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RevisionNote {
    pub revision: u32,
    /// `content_hash` of the revision before this one, as sessions recorded it.
    pub replaces: String,
    /// One line on what the revision is about, shown with the notice.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    /// Controls whose words or facts (prompts, themes, category, guidance) changed.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changed: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Clause {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Category {
    pub id: String,
    pub clause: String,
    pub title: String,
}

/// Who ISO/IEC 27017 addresses cloud-specific guidance to for a control.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Guidance {
    Customer,
    Provider,
    Both,
    None,
    /// The reference tables could not confirm it; gapwalk does not guess.
    Unknown,
}

impl Guidance {
    pub fn as_str(self) -> &'static str {
        match self {
            Guidance::Customer => "customer",
            Guidance::Provider => "provider",
            Guidance::Both => "both",
            Guidance::None => "none",
            Guidance::Unknown => "unknown",
        }
    }
}

/// A yes-or-no fact about a control that the reference tables may not have confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Known {
    Yes,
    No,
    /// The reference tables could not confirm it; gapwalk does not guess.
    Unknown,
}

impl Known {
    pub fn as_str(self) -> &'static str {
        match self {
            Known::Yes => "yes",
            Known::No => "no",
            Known::Unknown => "unknown",
        }
    }
}

/// Who stands behind a control's ISO/IEC 27001:2022 relation.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum MappingSource {
    /// The correspondence table published with ISO/IEC 27002:2022, or the control is itself an
    /// ISO/IEC 27001:2022 Annex A control.
    #[default]
    Iso,
    /// gapwalk's own judgement (the CLD controls have no ISO mapping).
    Gapwalk,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Control {
    pub id: String,
    pub title: String,
    pub clause: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// ISO/IEC 27001:2022 Annex A controls this control corresponds to.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub iso27001_2022: Vec<String>,
    #[serde(default)]
    pub mapping: MappingSource,
    /// Cloud guidance in ISO/IEC 27017; absent for catalogues that are not about 27017.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guidance: Option<Guidance>,
    /// Whether ISO/IEC 27017 adds other information for cloud services to the control, beside
    /// or instead of guidance (18.1.4 has no guidance but points to ISO/IEC 27018).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub other_cloud_information: Option<Known>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    /// The question the facilitator asks the cloud service customer.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub customer_prompt: String,
    /// The question the facilitator asks about the cloud service provider.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provider_prompt: String,
    /// The question a cloud service provider asks itself about its own service, and what it
    /// tells its customers: the prompt for a workshop held in the provider's seat.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub provider_seat_prompt: String,
    /// Controls of this catalogue a control relates to, named as information only (the
    /// ISO/IEC 27001:2022 controls with no 2013 predecessor name the CLD controls they touch).
    /// Never combined into one row of a statement of applicability.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub related: Vec<String>,
    /// Longer text, for users who load a catalogue made from a licensed copy.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
}

impl Control {
    /// Whether this is one of the cloud controls ISO/IEC 27017 adds.
    pub fn is_cloud_extension(&self) -> bool {
        self.id.starts_with("CLD.")
    }

    /// Whether this is an ISO/IEC 27001:2022 control with no 2013 predecessor, carried in a
    /// 27017 catalogue under its 2022 id and title.
    pub fn is_new_in_2022(&self) -> bool {
        self.clause == NEW_IN_2022_CLAUSE
    }

    /// The control's ISO/IEC 27001:2022 ids as every output writes them ([`annex_a_label`]).
    pub fn annex_a_labels(&self) -> Vec<String> {
        self.iso27001_2022
            .iter()
            .map(|i| annex_a_label(i))
            .collect()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("{path}: cannot read: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{0}")]
    Syntax(Located),
    #[error("{file}: {count} problem(s) in the catalogue:\n{list}", list = .problems.iter().map(|p| format!("  {p}")).collect::<Vec<_>>().join("\n"), count = .problems.len())]
    Invalid {
        file: String,
        problems: Vec<Located>,
    },
    #[error(
        "no catalogue named {0:?}; run `gapwalk catalogue list` to see the names, or pass a file path"
    )]
    NotFound(String),
}

impl Catalogue {
    /// Parses and validates catalogue text; `file` names it in messages.
    pub fn from_ron(text: &str, file: &str) -> Result<Catalogue, CatalogueError> {
        let parsed: Catalogue = ron::Options::default()
            .from_str(text)
            .map_err(|e| CatalogueError::Syntax(Located::from_ron(file, text, &e)))?;
        let problems = parsed.problems(text, file);
        if !problems.is_empty() {
            return Err(CatalogueError::Invalid {
                file: file.to_string(),
                problems,
            });
        }
        Ok(parsed.indexed())
    }

    pub fn load(path: &Path) -> Result<Catalogue, CatalogueError> {
        let text =
            crate::textfile::read_text(path, MAX_CATALOGUE_BYTES, "a gapwalk catalogue in RON")
                .map_err(|e| match e {
                    ReadError::Io(source) => CatalogueError::Read {
                        path: path.to_path_buf(),
                        source,
                    },
                    ReadError::Invalid(located) => CatalogueError::Syntax(located),
                })?;
        Catalogue::from_ron(&text, &path.display().to_string())
    }

    fn indexed(mut self) -> Catalogue {
        self.index = self
            .controls
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.clone(), i))
            .collect();
        self
    }

    /// Builds a catalogue in code (generators, tests); the caller keeps ids unique.
    pub fn from_parts(
        id: &str,
        version: &str,
        title: &str,
        clauses: Vec<Clause>,
        categories: Vec<Category>,
        controls: Vec<Control>,
    ) -> Catalogue {
        Catalogue {
            format_version: CATALOGUE_FORMAT_VERSION,
            id: id.to_string(),
            version: version.to_string(),
            revision: 0,
            title: title.to_string(),
            description: String::new(),
            history: Vec::new(),
            themes: Vec::new(),
            clauses,
            categories,
            controls,
            index: HashMap::new(),
        }
        .indexed()
    }

    /// Position of a control in walk order.
    pub fn position(&self, control_id: &str) -> Option<usize> {
        self.index.get(control_id).copied()
    }

    pub fn control(&self, control_id: &str) -> Option<&Control> {
        self.position(control_id).map(|i| &self.controls[i])
    }

    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }

    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }

    pub fn theme(&self, id: &str) -> Option<&Theme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// A fingerprint of the catalogue's content, independent of layout and comments: the SHA-256
    /// of its compact RON. The RON is hashed as it is written, never held whole, which would
    /// add its size to the peak of a load (docs/performance.md).
    pub fn content_hash(&self) -> String {
        struct Hashing(Sha256);
        impl std::fmt::Write for Hashing {
            fn write_str(&mut self, s: &str) -> std::fmt::Result {
                self.0.update(s.as_bytes());
                Ok(())
            }
        }
        let mut hashing = Hashing(Sha256::new());
        let digest = match ron::Options::default().to_writer(&mut hashing, self) {
            Ok(()) => hashing.0.finalize(),
            // As before this was streamed: a catalogue that cannot be written hashes as empty.
            Err(_) => Sha256::digest(b""),
        };
        let hex: String = digest.iter().map(|b| format!("{b:02x}")).collect();
        format!("sha256:{hex}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Sessions record this hash: a change in how it is taken would warn on every session
    /// ever started ("catalogue has changed"), so it must stay the hash of the compact RON.
    #[test]
    fn content_hash_is_the_sha256_of_the_compact_ron() {
        for catalogue in [default_catalogue(), embedded("iso27001-2022").unwrap()] {
            let text = ron::to_string(&catalogue).unwrap();
            let hex: String = Sha256::digest(text.as_bytes())
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert_eq!(catalogue.content_hash(), format!("sha256:{hex}"));
        }
    }

    #[test]
    fn the_example_session_still_matches_the_embedded_catalogue() {
        let example = include_str!("../sessions/example.ron");
        assert!(example.contains(&default_catalogue().content_hash()));
    }
}

/// The ids of the 93 ISO/IEC 27001:2022 Annex A controls, read from the embedded catalogue.
pub fn annex_a_2022_ids() -> &'static [&'static str] {
    static IDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    IDS.get_or_init(|| {
        let mut ids = Vec::new();
        // The embedded text is static, so the ids can borrow from it.
        let text: &'static str = EMBEDDED[1].1;
        let mut rest = text;
        while let Some(at) = rest.find("id: \"") {
            let start = at + 5;
            let Some(len) = rest[start..].find('"') else {
                break;
            };
            let id = &rest[start..start + len];
            if id.chars().next().is_some_and(|c| c.is_ascii_digit()) && id.matches('.').count() == 1
            {
                ids.push(id);
            }
            rest = &rest[start + len..];
        }
        ids.sort_unstable();
        ids.dedup();
        ids
    })
}

/// Names of the catalogues built into the binary.
pub fn embedded_names() -> Vec<&'static str> {
    EMBEDDED.iter().map(|(name, _)| *name).collect()
}

/// One of the catalogues built into the binary, parsed.
pub fn embedded(name: &str) -> Option<Catalogue> {
    let (_, text) = EMBEDDED.iter().find(|(n, _)| *n == name)?;
    // The embedded files are checked by the test suite, so a parse failure is a build defect.
    Catalogue::from_ron(text, &format!("<embedded {name}>")).ok()
}

/// The embedded default catalogue (ISO/IEC 27017:2015).
pub fn default_catalogue() -> Catalogue {
    static DEFAULT: OnceLock<Option<Catalogue>> = OnceLock::new();
    DEFAULT
        .get_or_init(|| embedded(DEFAULT_CATALOGUE))
        .clone()
        .unwrap_or_else(|| Catalogue::from_parts("empty", "0", "empty", vec![], vec![], vec![]))
}

/// The folder where users keep their own catalogue files.
pub fn user_catalogue_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "gapwalk").map(|d| d.config_dir().join("catalogues"))
}

/// Where a catalogue came from, for `catalogue list`.
#[derive(Debug, Clone)]
pub struct CatalogueEntry {
    pub name: String,
    pub title: String,
    pub controls: usize,
    pub source: String,
}

/// The embedded catalogues and those in the user's catalogue folder.
pub fn list() -> Vec<CatalogueEntry> {
    let mut entries: Vec<CatalogueEntry> = embedded_names()
        .into_iter()
        .filter_map(embedded)
        .map(|c| CatalogueEntry {
            name: c.id.clone(),
            title: c.title.clone(),
            controls: c.controls.len(),
            source: "embedded".into(),
        })
        .collect();
    if let Some(dir) = user_catalogue_dir()
        && let Ok(read) = std::fs::read_dir(&dir)
    {
        let mut paths: Vec<PathBuf> = read
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "ron"))
            .collect();
        paths.sort();
        for path in paths {
            let source = path.display().to_string();
            match Catalogue::load(&path) {
                Ok(c) => entries.push(CatalogueEntry {
                    name: c.id.clone(),
                    title: c.title.clone(),
                    controls: c.controls.len(),
                    source,
                }),
                Err(e) => entries.push(CatalogueEntry {
                    name: path
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    title: format!("(does not load: {})", first_line(&e.to_string())),
                    controls: 0,
                    source,
                }),
            }
        }
    }
    entries
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// Resolves a catalogue by embedded name, by name in the user's folder, or by file path.
pub fn resolve(name_or_path: &str) -> Result<Catalogue, CatalogueError> {
    let path = Path::new(name_or_path);
    let looks_like_path = name_or_path.contains(std::path::MAIN_SEPARATOR)
        || name_or_path.contains('/')
        || name_or_path.ends_with(".ron");
    if looks_like_path || path.is_file() {
        return Catalogue::load(path);
    }
    if let Some(c) = embedded(name_or_path) {
        return Ok(c);
    }
    if let Some(dir) = user_catalogue_dir() {
        let candidate = dir.join(format!("{name_or_path}.ron"));
        if candidate.is_file() {
            return Catalogue::load(&candidate);
        }
        // Sessions record a catalogue's id, which need not be its file name.
        if let Some(found) = find_by_id(&dir, name_or_path) {
            return Ok(found);
        }
    }
    Err(CatalogueError::NotFound(name_or_path.to_string()))
}

/// The catalogue in `dir` whose id is `id`, when its file is named otherwise.
fn find_by_id(dir: &Path, id: &str) -> Option<Catalogue> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "ron"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|p| Catalogue::load(&p).ok())
        .find(|c| c.id == id)
}

/// The id of the embedded ISO/IEC 27001:2022 Annex A catalogue.
pub const ANNEX_A_ID: &str = "iso27001-2022";

/// An ISO/IEC 27001:2022 Annex A id as every output writes it, `5.10` as `A.5.10`: written
/// bare, a spreadsheet reads it as the number 5.1, and 5.1 and 5.10 collide. Anything that is
/// not one of the 93 Annex A ids is returned as it is.
pub fn annex_a_label(id: &str) -> String {
    if annex_a_2022_ids().binary_search(&id).is_ok() {
        format!("A.{id}")
    } else {
        id.to_string()
    }
}

impl Catalogue {
    /// A control id of this catalogue as outputs write it: on the Annex A catalogue with the
    /// `A.` prefix ([`annex_a_label`]), otherwise the catalogue's own id.
    pub fn shown_id(&self, control_id: &str) -> String {
        if self.id == ANNEX_A_ID {
            annex_a_label(control_id)
        } else {
            control_id.to_string()
        }
    }

    /// The control a person or script names: the catalogue's own id, or its shown form (`A.5.10`
    /// on the Annex A catalogue), letter case aside.
    pub fn find_id(&self, typed: &str) -> Option<&str> {
        let bare = match typed.get(..2) {
            Some(p) if self.id == ANNEX_A_ID && p.eq_ignore_ascii_case("A.") => &typed[2..],
            _ => typed,
        };
        self.position(bare)
            .or_else(|| {
                self.controls
                    .iter()
                    .position(|c| c.id.eq_ignore_ascii_case(bare))
            })
            .map(|i| self.controls[i].id.as_str())
    }
}

#[cfg(test)]
mod annex_a_label_tests {
    use super::*;

    #[test]
    fn annex_a_ids_get_their_letter_and_other_ids_stay_as_they_are() {
        assert_eq!(annex_a_label("5.10"), "A.5.10");
        assert_eq!(annex_a_label("8.2"), "A.8.2");
        assert_eq!(annex_a_label("5.1.1"), "5.1.1");
        assert_eq!(annex_a_label("CLD.6.3.1"), "CLD.6.3.1");
        assert_eq!(annex_a_label("9.99"), "9.99");
        let annex = embedded(ANNEX_A_ID).unwrap();
        assert_eq!(annex.shown_id("7.10"), "A.7.10");
        assert_eq!(default_catalogue().shown_id("5.1.1"), "5.1.1");
    }

    #[test]
    fn a_control_is_found_by_its_own_id_or_its_shown_one() {
        let annex = embedded(ANNEX_A_ID).unwrap();
        assert_eq!(annex.find_id("5.10"), Some("5.10"));
        assert_eq!(annex.find_id("A.5.10"), Some("5.10"));
        assert_eq!(annex.find_id("a.5.10"), Some("5.10"));
        assert_eq!(annex.find_id("A.99.1"), None);
        let own = default_catalogue();
        assert_eq!(own.find_id("cld.6.3.1"), Some("CLD.6.3.1"));
        // The prefix means Annex A only on the Annex A catalogue.
        assert_eq!(own.find_id("A.5.1.1"), None);
    }
}
