//! The shared-responsibility matrix: for every control not excluded, one row per recorded
//! provider line with who holds it, the owner on each side, what the customer inherits, what it
//! must still do, and the provider's evidence. A provider's session (role `csp` or `both`) adds
//! the lines of the offerings it provides, seen from the provider's seat: what we do, what our
//! customers must do, the evidence we give them and whom they ask. The providers with nothing
//! recorded for a control share one row, and so do the offerings, so a session with many
//! providers and few lines stays as small as what it records. Unassessed controls are listed as
//! undecided so the matrix shows what is still open. Nothing here renders.

use serde::Serialize;

use super::Source;
use super::soa::Applicable;
use super::soa::mapping_text;
use super::table::{Cell, Table, col};
use super::text::{block, line};
use crate::catalogue::{Control, MappingSource};
use crate::session::{Applicability, Assessment, Holder, Responsibility};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct ResponsibilityRow {
    pub control: String,
    pub iso27001_2022: Vec<String>,
    /// Who stands behind `iso27001_2022`: `iso` or `gapwalk`.
    pub mapping: MappingSource,
    pub title: String,
    pub applicable: Applicable,
    /// The providers we use that the row speaks for: the one provider of a recorded line, or
    /// every provider in scope with no line recorded for the control, which share one row.
    /// Empty on an offering's row.
    pub providers: Vec<String>,
    /// The offerings we provide that the row speaks for, where we are the provider: the one
    /// offering of a recorded line, or every offering with no line recorded for the control,
    /// which share one row. Empty on a provider's row, absent in a customer's session (role
    /// `csc`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub offerings: Option<Vec<String>>,
    /// `None` when nothing was recorded for this row. On an offering's row `provider` is us
    /// and `customer` our customers.
    pub holder: Option<Holder>,
    pub customer_owner: String,
    pub provider_owner: String,
    /// What the provider we use does, which we inherit (`null` on an offering's row).
    pub inherited: String,
    /// What we must still do (`null` on an offering's row).
    pub customer_duty: String,
    /// The provider's evidence (`null` on an offering's row).
    pub provider_evidence: String,
    /// On an offering's row: what we do for our customers (`null` on a provider's row; absent
    /// in a customer's session).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub we_do: Option<String>,
    /// On an offering's row: what our customers must do themselves.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_must: Option<String>,
    /// On an offering's row: the evidence we give our customers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_evidence: Option<String>,
    /// Whom our customers ask about the control, by role: on an offering's row; absent in a
    /// customer's session.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_role: Option<String>,
}

/// The matrix as a list (json, OSCAL). A large one is better walked with [`rows`].
pub fn build(source: &Source) -> Vec<ResponsibilityRow> {
    rows(*source).collect()
}

/// The matrix row by row, each made when it is asked for, so a writer never holds it whole.
/// Per control not excluded: a row per recorded provider line, providers in scope in the
/// session's order, the providers with no line sharing one row where the first of them
/// stands, then lines kept for providers no longer in scope; then the offerings' lines the same
/// way. A control has at most one row per recorded line plus two, so the matrix grows with what
/// the session records, never with controls times providers.
pub fn rows<'a>(source: Source<'a>) -> impl Iterator<Item = ResponsibilityRow> + 'a {
    let providers = source.session.provider_names();
    let offerings = super::soa::offering_names(&source);
    source
        .session
        .by_control(source.catalogue)
        .filter(|(_, a)| a.is_none_or(|a| a.applicability != Applicability::NotApplicable))
        .flat_map(move |(control, a)| {
            control_rows(&source, control, a, &providers, offerings.as_deref())
        })
}

/// Who a row speaks for: providers we use, or offerings we provide.
enum Side {
    Providers(Vec<String>),
    Offerings(Vec<String>),
}

/// Names in `scope` order: each recorded one alone (with what `find` gives for it), the
/// unrecorded ones together where the first of them stands, then recorded names not in
/// `scope`.
fn grouped<'l, L>(
    scope: &[String],
    recorded: impl Iterator<Item = (&'l str, &'l L)> + Clone,
) -> Vec<(Vec<String>, Option<&'l L>)> {
    let mut out: Vec<(Vec<String>, Option<&L>)> = Vec::new();
    let mut unrecorded: Option<usize> = None;
    for name in scope {
        match recorded.clone().find(|(n, _)| n == name) {
            Some((_, l)) => out.push((vec![name.clone()], Some(l))),
            None => match unrecorded {
                Some(at) => out[at].0.push(name.clone()),
                None => {
                    unrecorded = Some(out.len());
                    out.push((vec![name.clone()], None));
                }
            },
        }
    }
    for (name, l) in recorded.filter(|(n, _)| !scope.iter().any(|s| s == n)) {
        out.push((vec![name.to_string()], Some(l)));
    }
    out
}

fn control_rows(
    source: &Source,
    control: &Control,
    a: Option<&Assessment>,
    providers: &[String],
    offerings: Option<&[String]>,
) -> Vec<ResponsibilityRow> {
    let applicability = a.map_or(Applicability::Undecided, |a| a.applicability);
    let provides = offerings.is_some();
    let row = |side: Side, holder: Option<Holder>| ResponsibilityRow {
        control: line(&source.catalogue.shown_id(&control.id)),
        iso27001_2022: control.annex_a_labels(),
        mapping: control.mapping,
        title: line(&control.title),
        applicable: Applicable::of(applicability),
        providers: match &side {
            Side::Providers(names) => names.iter().map(|n| line(n)).collect(),
            Side::Offerings(_) => Vec::new(),
        },
        offerings: match &side {
            Side::Offerings(names) => Some(names.iter().map(|n| line(n)).collect()),
            Side::Providers(_) => provides.then(Vec::new),
        },
        holder,
        customer_owner: String::new(),
        provider_owner: String::new(),
        inherited: String::new(),
        customer_duty: String::new(),
        provider_evidence: String::new(),
        we_do: provides.then(String::new),
        customer_must: provides.then(String::new),
        customer_evidence: provides.then(String::new),
        contact_role: provides.then(String::new),
    };
    let lines = a.map_or(&[][..], |a| a.responsibilities.as_slice());
    let mut out = Vec::new();
    for (names, r) in grouped(providers, lines.iter().map(|r| (r.provider.as_str(), r))) {
        let text = |f: fn(&Responsibility) -> &str| r.map_or(String::new(), |r| block(f(r)));
        out.push(ResponsibilityRow {
            customer_owner: text(|r| &r.customer_owner),
            provider_owner: text(|r| &r.provider_owner),
            inherited: text(|r| &r.inherited),
            customer_duty: text(|r| &r.customer_duty),
            provider_evidence: text(|r| &r.provider_evidence),
            ..row(Side::Providers(names), r.map(|r| r.holder))
        });
    }
    let Some(offerings) = offerings else {
        return out;
    };
    let lines = a.map_or(&[][..], |a| a.offerings.as_slice());
    for (names, l) in grouped(offerings, lines.iter().map(|l| (l.offering.as_str(), l))) {
        let offered = l.map(|l| super::soa::offered_line(a, &l.offering, None));
        out.push(match offered {
            Some(o) => ResponsibilityRow {
                we_do: Some(o.we_do),
                customer_must: Some(o.customer_must),
                customer_evidence: Some(o.customer_evidence),
                contact_role: Some(o.contact_role),
                ..row(Side::Offerings(names), o.holder)
            },
            None => row(Side::Offerings(names), None),
        });
    }
    out
}

/// The columns a provider's session adds, filled on an offering's row: which offering, what we
/// do, what our customers must do, the evidence we give them and whom they ask.
const OFFERING: &str = "Offering we provide";
const WE_DO: &str = "We do";
const CUSTOMERS_MUST: &str = "Our customers must";
const EVIDENCE_WE_GIVE: &str = "Evidence we give";
const CONTACT: &str = "Contact role";
const PROVIDER_SEAT: [&str; 5] = [OFFERING, WE_DO, CUSTOMERS_MUST, EVIDENCE_WE_GIVE, CONTACT];

/// The columns and note of the matrix, without rows; `provides`: a provider's session.
fn empty_table<'a>(provides: bool) -> Table<'a> {
    let mut table = Table::new(
        "Shared responsibility by control and provider",
        vec![
            col("Control", 11.0),
            col("ISO/IEC 27001:2022", 14.0),
            col("Title", 36.0),
            col("Applicable", 11.0),
            col("Provider", 16.0),
            col(OFFERING, 22.0),
            col("Held by", 16.0),
            col("Customer owner", 18.0),
            col("Provider owner", 18.0),
            col("Inherited from provider", 36.0),
            col("Customer still does", 36.0),
            col("Provider evidence", 30.0),
            col(WE_DO, 36.0),
            col(CUSTOMERS_MUST, 36.0),
            col(EVIDENCE_WE_GIVE, 30.0),
            col(CONTACT, 18.0),
        ],
    )
    .with_note(if provides {
        "Controls marked not applicable are left out; unassessed ones are listed as undecided. Providers with nothing recorded for a control share one row, and so do offerings. A row with an offering is ours as the provider: there, held by says who holds it between us (provider) and our customers (customer), and its own columns say what we do, what our customers must do, the evidence we give them and whom they ask."
    } else {
        "Controls marked not applicable are left out; unassessed ones are listed as undecided. Providers with nothing recorded for a control share one row."
    });
    if !provides {
        table.columns.retain(|c| !PROVIDER_SEAT.contains(&c.header));
    }
    table
}

fn cells(row: ResponsibilityRow) -> Vec<Cell> {
    let provides = row.offerings.is_some();
    let mut cells = vec![
        Cell::text(row.control),
        Cell::text(mapping_text(&row.iso27001_2022, Some(row.mapping))),
        Cell::text(row.title),
        Cell::text(row.applicable.label()),
        Cell::text(row.providers.join(", ")),
    ];
    if let Some(offerings) = row.offerings {
        cells.push(Cell::text(offerings.join(", ")));
    }
    cells.extend([
        Cell::text(row.holder.map_or("not recorded", |h| h.label())),
        Cell::text(row.customer_owner),
        Cell::text(row.provider_owner),
        Cell::text(row.inherited),
        Cell::text(row.customer_duty),
        Cell::text(row.provider_evidence),
    ]);
    if provides {
        cells.extend([
            Cell::text(row.we_do.unwrap_or_default()),
            Cell::text(row.customer_must.unwrap_or_default()),
            Cell::text(row.customer_evidence.unwrap_or_default()),
            Cell::text(row.contact_role.unwrap_or_default()),
        ]);
    }
    cells
}

/// The matrix of rows already made (json's `Content`), as a table.
pub fn held_table(rows: &[ResponsibilityRow]) -> Table<'static> {
    let provides = rows.iter().any(|r| r.offerings.is_some());
    let mut table = empty_table(provides);
    for row in rows {
        table.push(cells(row.clone()));
    }
    table
}

/// The matrix as a table whose rows are made while it is written.
pub fn table(source: Source<'_>) -> Table<'_> {
    let provides = super::soa::offering_names(&source).is_some();
    empty_table(provides).streamed(rows(source).map(cells))
}
