//! CSA CAIQ v4 and CCM-style sheets: a question or control id, the SSRM control ownership, the
//! provider's implementation description and the customer's responsibilities, in columns
//! found by their header names wherever the header row sits and on whichever sheet has them.
//! Ownership words are read as CSA writes them ("CSP-owned", "Shared CSP and CSC"…), and as
//! gapwalk writes its own holder classes.

use super::grid::{Grid, Wanted, find_header, words};
use super::{ImportError, Kind, Matrix, Statement};
use crate::session::Holder;

/// An ownership cell in words no reader knows (the messages list [`OWNERSHIP_WORDS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnknownOwnership;

/// Who holds a control, from an ownership cell: CSA's words, or gapwalk's holder keys and
/// labels. `Ok(None)` for a blank (or "undecided") cell; `Err` for words it does not know.
pub fn holder_from_text(text: &str) -> Result<Option<Holder>, UnknownOwnership> {
    let w = words(text);
    let holder = match w.as_str() {
        "" | "undecided" | "not recorded" | "tbd" => return Ok(None),
        "csp owned" | "csp" | "provider owned" => Holder::Provider,
        "csc owned" | "csc" | "customer owned" => Holder::Customer,
        "shared csp and csc" | "shared csc and csp" | "shared csp csc" => Holder::Shared,
        "third party outsourced" | "3rd party outsourced" | "third party owned" => {
            Holder::ThirdParty
        }
        "shared csp and third party" | "shared csp and 3rd party" | "shared csp 3rd party" => {
            Holder::SharedProviderThirdParty
        }
        "not applicable" | "n a" | "na" | "not applicable to this provider" => {
            Holder::NotApplicable
        }
        other => {
            let key = other.replace(' ', "_");
            match Holder::from_key(&key)
                .or_else(|| Holder::ALL.into_iter().find(|h| words(h.label()) == other))
            {
                Some(Holder::Undecided) => return Ok(None),
                Some(h) => h,
                None => return Err(UnknownOwnership),
            }
        }
    };
    Ok(Some(holder))
}

/// The ownership words a cell may hold, for messages.
pub const OWNERSHIP_WORDS: &str = "CSP-owned, CSC-owned, Shared CSP and CSC, Third-party outsourced, Shared CSP and 3rd-party, Not applicable (or gapwalk's: customer, provider, shared, third_party, shared_provider_third_party, not_applicable)";

const QUESTION_ID: usize = 0;
const CONTROL_ID: usize = 1;
const OWNERSHIP: usize = 2;
const IMPLEMENTATION: usize = 3;
const CUSTOMER: usize = 4;

fn columns() -> [Wanted; 5] {
    [
        Wanted {
            matches: |h| h == "question id" || h.ends_with(" question id"),
        },
        Wanted {
            matches: |h| h == "control id" || h.ends_with(" control id"),
        },
        Wanted {
            matches: |h| h.contains("ownership"),
        },
        Wanted {
            matches: |h| {
                h.contains("implementation description") || h.contains("csp implementation")
            },
        },
        Wanted {
            matches: |h| h.contains("csc responsibilit") || h.contains("customer responsibilit"),
        },
    ]
}

/// Reads the first sheet whose header names an id column and an ownership column.
pub fn from_grids(grids: &[Grid], file: &str) -> Result<Matrix, ImportError> {
    let wanted = columns();
    let found = grids.iter().find_map(|grid| {
        find_header(grid, &wanted, &[QUESTION_ID, OWNERSHIP])
            .or_else(|| find_header(grid, &wanted, &[CONTROL_ID, OWNERSHIP]))
            .map(|header| (grid, header))
    });
    let Some((grid, (header_row, cols))) = found else {
        return Err(ImportError::new(
            file,
            None,
            "no header row found: expected a gapwalk responsibility matrix (columns Control, Held by, Provider does, Customer must do) or a CAIQ / CCM sheet with a \"Question ID\" or \"Control ID\" column and an \"SSRM Control Ownership\" column",
        ));
    };
    let header_text = |c: Option<usize>| c.map_or("", |c| grid.cell(header_row, c));
    let mut statements = Vec::new();
    for row in header_row + 1..grid.rows.len() {
        if grid.rows[row].iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |c: Option<usize>| c.map_or("", |c| grid.cell(row, c)).trim();
        let mut ids: Vec<String> = Vec::new();
        for c in [cols[QUESTION_ID], cols[CONTROL_ID]] {
            let id = crate::sanitise::one_line(get(c)).trim().to_string();
            if !id.is_empty() && !ids.contains(&id) {
                ids.push(id);
            }
        }
        let id_column = cols[QUESTION_ID].or(cols[CONTROL_ID]).unwrap_or(0);
        let place = |c: usize| grid.place(row, c, header_text(Some(c)));
        if ids.is_empty() {
            // A row of CSA's sheet that only continues a domain heading has no ownership
            // either; one that states an ownership must say for what.
            if get(cols[OWNERSHIP]).is_empty() {
                continue;
            }
            return Err(ImportError::new(
                file,
                Some(place(id_column)),
                "an ownership is given but no question or control id",
            ));
        }
        let ownership = cols[OWNERSHIP].unwrap_or(0);
        let holder = holder_from_text(get(cols[OWNERSHIP])).map_err(|UnknownOwnership| {
            ImportError::new(
                file,
                Some(place(ownership)),
                format!(
                    "{:?} is not an ownership gapwalk knows; expected one of: {OWNERSHIP_WORDS}",
                    get(cols[OWNERSHIP])
                ),
            )
        })?;
        statements.push(Statement {
            ids,
            place: place(id_column),
            holder,
            provider_does: get(cols[IMPLEMENTATION]).to_string(),
            customer_must: get(cols[CUSTOMER]).to_string(),
            evidence: String::new(),
            contact_role: String::new(),
        });
    }
    Ok(Matrix {
        kind: Kind::Caiq,
        catalogue: None,
        statements,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csa_ownership_words_map_to_holder_classes() {
        let cases = [
            ("CSP-owned", Some(Holder::Provider)),
            ("CSC-owned", Some(Holder::Customer)),
            ("Shared CSP and CSC", Some(Holder::Shared)),
            ("Third-party outsourced", Some(Holder::ThirdParty)),
            (
                "Shared CSP and 3rd-party",
                Some(Holder::SharedProviderThirdParty),
            ),
            ("N/A", Some(Holder::NotApplicable)),
            ("Not applicable", Some(Holder::NotApplicable)),
            (
                "provider and third party",
                Some(Holder::SharedProviderThirdParty),
            ),
            (
                "shared_provider_third_party",
                Some(Holder::SharedProviderThirdParty),
            ),
            ("", None),
        ];
        for (text, holder) in cases {
            assert_eq!(holder_from_text(text), Ok(holder), "{text}");
        }
        assert_eq!(holder_from_text("mostly ours"), Err(UnknownOwnership));
    }
}
