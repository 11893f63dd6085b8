//! OSCAL (1.2) for the toolchains that exchange shared responsibility by machine: the SoA as a
//! system security plan (SSP), the gap register as a plan of action and milestones (POA&M),
//! and the catalog and profile (ids and titles only) the SSP imports. Built from the same rows
//! as every other format; nothing is recomputed here.
//!
//! Ids: an OSCAL id must start with a letter, so a control id that starts with a digit gets
//! `c-` (`c-5.1.1`); the others keep their letters (`cld.6.3.1`, `a.5.10`), all lower case.
//! UUIDs are derived from the session's id and what they name, so every export of the same
//! session gives the same UUIDs.
//!
//! Implementation status (a by-component's `implementation-status`):
//! implemented → `implemented`, partially implemented → `partial`, planned → `planned`,
//! not applicable (excluded) → `not-applicable`; not implemented, unknown and undecided have no
//! OSCAL value and are left without one. Every requirement also carries gapwalk's own words in
//! the props `gapwalk-applicable` and `gapwalk-status`.
//!
//! By-components: one component for the system in scope (`this-system`) and one per provider
//! (`service`). Per provider, the customer's by-component names the provider line: what is
//! inherited from the provider (`inherited`), what the customer still does (`satisfied`), and
//! the owners on each side (`responsible-roles` with parties); the provider's by-component
//! states what it provides (`export.provided`) and the customer's share
//! (`export.responsibilities`).
//!
//! A provider's session (role `csp` or `both`) also has one component per offering it provides
//! (`service`, prop `gapwalk-seat` = `offering`), and per control a by-component for it written
//! as a provider's SSP is for the customers that leverage it: what we provide
//! (`export.provided`, on the lines we hold all or part of), what our customers must do
//! (`export.responsibilities`), us as the `provider` (the organisation as a party), the holder,
//! the evidence we give and whom customers ask in the description and props.

use serde_json::{Value, json};

use super::gaps::GapsView;
use super::meta::MetaBlock;
use super::responsibility::ResponsibilityRow;
use super::soa::{Applicable, SoaRow};
use super::{Audience, ExportError, Source, View};
use crate::session::{Status, derived_uuid};

/// The OSCAL version written (and validated in the tests with compliance-trestle).
pub const OSCAL_VERSION: &str = "1.2.1";

/// A control id as an OSCAL token.
pub fn control_id(shown: &str) -> String {
    let lower = shown.to_ascii_lowercase();
    let token: String = lower
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || "._-".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect();
    if token.starts_with(|c: char| c.is_ascii_alphabetic()) {
        token
    } else {
        format!("c-{token}")
    }
}

/// The words of an OSCAL implementation state, where OSCAL has one.
pub fn implementation_state(
    applicable: Applicable,
    status: Option<Status>,
) -> Option<&'static str> {
    match (applicable, status) {
        (Applicable::No, _) => Some("not-applicable"),
        (Applicable::Yes, Some(Status::Implemented)) => Some("implemented"),
        (Applicable::Yes, Some(Status::Partial)) => Some("partial"),
        (Applicable::Yes, Some(Status::Planned)) => Some("planned"),
        _ => None,
    }
}

struct Ids<'a> {
    session: &'a str,
}

impl Ids<'_> {
    fn uuid(&self, name: &str) -> String {
        derived_uuid(self.session, name)
    }
}

fn session_id(source: &Source) -> String {
    if source.session.id.is_empty() {
        crate::session::migrated_session_id(source.session)
    } else {
        source.session.id.clone()
    }
}

/// Text OSCAL requires to be non-empty and without line breaks at the ends.
fn text(s: &str, otherwise: &str) -> String {
    let t = s.trim();
    if t.is_empty() {
        otherwise.to_string()
    } else {
        t.to_string()
    }
}

/// A one-line title (OSCAL titles hold no line break).
fn title(s: &str, otherwise: &str) -> String {
    text(&s.replace(['\n', '\r'], " "), otherwise)
}

fn metadata(meta: &MetaBlock, what: &str, ids: &Ids, parties: Vec<Value>) -> Value {
    let mut m = json!({
        "title": title(&format!("{what}: {}", meta.title), what),
        "last-modified": meta.generated_at.to_string(),
        "version": meta.session_updated.to_string(),
        "oscal-version": OSCAL_VERSION,
        "props": [
            {"name": "marking", "value": meta.edition},
            {"name": "gapwalk-document-status", "ns": NS, "value": meta.document.status},
        ],
        "roles": [
            {"id": "customer", "title": "Cloud service customer"},
            {"id": "provider", "title": "Cloud service provider"},
        ],
    });
    let _ = ids;
    if !parties.is_empty() {
        m["parties"] = Value::Array(parties);
    }
    m
}

/// The namespace of gapwalk's own props.
pub const NS: &str = "https://gapwalk.invalid/ns/oscal";

pub fn catalog(source: &Source, meta: &MetaBlock, rows: &[SoaRow]) -> Value {
    let ids = Ids {
        session: &session_id(source),
    };
    let controls: Vec<Value> = rows
        .iter()
        .map(|r| json!({"id": control_id(&r.id), "title": title(&r.title, &r.id)}))
        .collect();
    json!({"catalog": {
        "uuid": ids.uuid("catalog"),
        "metadata": metadata(meta, &format!("Catalogue {} (ids and titles)", meta.catalogue.id), &ids, Vec::new()),
        "controls": controls,
    }})
}

pub fn profile(source: &Source, meta: &MetaBlock, catalog_href: &str) -> Value {
    let ids = Ids {
        session: &session_id(source),
    };
    json!({"profile": {
        "uuid": ids.uuid("profile"),
        "metadata": metadata(meta, "Profile: every control of the catalogue", &ids, Vec::new()),
        "imports": [{"href": catalog_href, "include-all": {}}],
    }})
}

fn party(ids: &Ids, name: &str) -> Value {
    json!({"uuid": ids.uuid(&format!("party:{name}")), "type": "person", "name": name})
}

pub fn ssp(
    source: &Source,
    meta: &MetaBlock,
    rows: &[SoaRow],
    lines: &[ResponsibilityRow],
    profile_href: &str,
) -> Value {
    let ids = Ids {
        session: &session_id(source),
    };
    let this_system = ids.uuid("component:this-system");
    let provider_uuid = |p: &str| ids.uuid(&format!("component:provider:{p}"));
    let mut components = vec![json!({
        "uuid": this_system,
        "type": "this-system",
        "title": title(&meta.title, "The system in scope"),
        "description": text(&meta.scope, "The system in scope of the workshop."),
        "status": {"state": "operational"},
    })];
    for p in &meta.providers {
        components.push(json!({
            "uuid": provider_uuid(&p.name),
            "type": "service",
            "title": title(&p.name, "Provider"),
            "description": text(&p.services.join(", "), "Cloud services of this provider."),
            "props": [{"name": "gapwalk-seat", "ns": NS, "value": "provider"}],
            "status": {"state": "operational"},
        }));
    }
    let offering_uuid = |o: &str| ids.uuid(&format!("component:offering:{o}"));
    for o in meta.offerings.iter().flatten() {
        components.push(json!({
            "uuid": offering_uuid(&o.name),
            "type": "service",
            "title": title(&o.name, "Offering"),
            "description": text(&o.description, "An offering we provide to our customers."),
            "props": [{"name": "gapwalk-seat", "ns": NS, "value": "offering"}],
            "status": {"state": "operational"},
        }));
    }
    // We are the provider of our offerings: the organisation is the party in that role.
    let organisation = title(&meta.organisation, "Our organisation");
    let organisation_uuid = ids.uuid("organisation-party");
    let mut organisation_named = false;
    let mut party_names: Vec<String> = Vec::new();
    let mut requirements = Vec::new();
    // Each control's lines, found once rather than by a search per row.
    let mut by_control: std::collections::HashMap<&str, Vec<&ResponsibilityRow>> =
        std::collections::HashMap::new();
    for line in lines {
        by_control
            .entry(line.control.as_str())
            .or_default()
            .push(line);
    }
    for row in rows {
        let cid = control_id(&row.id);
        let state = implementation_state(row.applicable, row.status);
        let mut props =
            vec![json!({"name": "gapwalk-applicable", "ns": NS, "value": row.applicable.label()})];
        if let Some(s) = row.status {
            props.push(json!({"name": "gapwalk-status", "ns": NS, "value": s.key()}));
        }
        let justification: Vec<String> = row.justification.iter().map(|j| j.text.clone()).collect();
        let mut own = json!({
            "component-uuid": this_system,
            "uuid": ids.uuid(&format!("by:{cid}:this-system")),
            "description": text(&justification.join("\n\n"), "No justification recorded."),
        });
        if let Some(state) = state {
            own["implementation-status"] = json!({"state": state});
        }
        let mut by_components = vec![own];
        for line in by_control.get(row.id.as_str()).into_iter().flatten() {
            // Only a recorded line has a holder, and it has one provider or one offering.
            let Some(holder) = line.holder else { continue };
            if let Some([offering]) = line.offerings.as_deref() {
                organisation_named = true;
                by_components.push(offered(
                    &ids,
                    &cid,
                    offering,
                    line,
                    holder,
                    offering_uuid(offering),
                    &organisation_uuid,
                    state,
                ));
                continue;
            }
            let [provider] = line.providers.as_slice() else {
                continue;
            };
            let key = format!("{cid}:{provider}");
            let mut roles = Vec::new();
            for (role, owner) in [
                ("customer", &line.customer_owner),
                ("provider", &line.provider_owner),
            ] {
                if owner.trim().is_empty() {
                    continue;
                }
                if !party_names.contains(owner) {
                    party_names.push(owner.clone());
                }
                roles.push(
                    json!({"role-id": role, "party-uuids": [ids.uuid(&format!("party:{owner}"))]}),
                );
            }
            let provided = ids.uuid(&format!("provided:{key}"));
            let responsibility = ids.uuid(&format!("responsibility:{key}"));
            let mut by = json!({
                "component-uuid": provider_uuid(provider),
                "uuid": ids.uuid(&format!("by:{key}")),
                "description": format!("{provider}: {}", holder.label()),
                "props": [{"name": "gapwalk-holder", "ns": NS, "value": holder.key()}],
            });
            let mut export = serde_json::Map::new();
            if holder.inherits_from_provider() && !line.inherited.trim().is_empty() {
                export.insert(
                    "provided".into(),
                    json!([{"uuid": provided, "description": text(&line.inherited, "-")}]),
                );
                by["inherited"] = json!([{
                    "uuid": ids.uuid(&format!("inherited:{key}")),
                    "provided-uuid": provided,
                    "description": text(&line.inherited, "-"),
                }]);
            }
            if !line.customer_duty.trim().is_empty() {
                export.insert("responsibilities".into(), json!([{"uuid": responsibility, "description": text(&line.customer_duty, "-")}]));
                by["satisfied"] = json!([{
                    "uuid": ids.uuid(&format!("satisfied:{key}")),
                    "responsibility-uuid": responsibility,
                    "description": text(&line.customer_duty, "-"),
                }]);
            }
            if !export.is_empty() {
                by["export"] = Value::Object(export);
            }
            if !roles.is_empty() {
                by["responsible-roles"] = Value::Array(roles);
            }
            if let Some(state) = state {
                by["implementation-status"] = json!({"state": state});
            }
            by_components.push(by);
        }
        requirements.push(json!({
            "uuid": ids.uuid(&format!("requirement:{cid}")),
            "control-id": cid,
            "props": props,
            "by-components": by_components,
        }));
    }
    let mut parties: Vec<Value> = party_names.iter().map(|n| party(&ids, n)).collect();
    if organisation_named {
        parties
            .push(json!({"uuid": organisation_uuid, "type": "organization", "name": organisation}));
    }
    json!({"system-security-plan": {
        "uuid": ids.uuid("ssp"),
        "metadata": metadata(meta, "System security plan", &ids, parties),
        "import-profile": {"href": profile_href},
        "system-characteristics": {
            "system-ids": [{"identifier-type": NS, "id": session_id(source)}],
            "system-name": title(&meta.title, "System"),
            "description": text(&meta.scope, "The system in scope of the workshop."),
            "system-information": {"information-types": [{
                "uuid": ids.uuid("information-type"),
                "title": "Information in scope",
                "description": text(&meta.scope, "The information the system in scope processes."),
            }]},
            "status": {"state": "operational"},
            "authorization-boundary": {"description": text(&meta.scope, "The scope of the workshop.")},
        },
        "system-implementation": {"components": components},
        "control-implementation": {
            "description": format!("Statement of Applicability of {}, catalogue {}.", title(&meta.title, "the session"), meta.catalogue.id),
            "implemented-requirements": requirements,
        },
    }})
}

/// The by-component of an offering we provide, for one control: what we provide and what our
/// customers must do, as a leveraged system states them for its customers.
#[allow(clippy::too_many_arguments)]
fn offered(
    ids: &Ids,
    cid: &str,
    offering: &str,
    line: &ResponsibilityRow,
    holder: crate::session::Holder,
    component: String,
    organisation: &str,
    state: Option<&str>,
) -> Value {
    let key = format!("{cid}:offering:{offering}");
    let mut description = format!("{offering}: {}", holder.label());
    if !line.provider_evidence.trim().is_empty() {
        description.push_str(&format!(
            "\n\nEvidence we give our customers: {}",
            line.provider_evidence.trim()
        ));
    }
    let contact = line.contact_role.as_deref().unwrap_or_default().trim();
    if !contact.is_empty() {
        description.push_str(&format!("\n\nOur customers ask: {contact}"));
    }
    let mut props = vec![json!({"name": "gapwalk-holder", "ns": NS, "value": holder.key()})];
    if !contact.is_empty() {
        props.push(json!({"name": "gapwalk-contact-role", "ns": NS, "value": title(contact, "-")}));
    }
    let mut by = json!({
        "component-uuid": component,
        "uuid": ids.uuid(&format!("by:{key}")),
        "description": description,
        "props": props,
        "responsible-roles": [{"role-id": "provider", "party-uuids": [organisation]}],
    });
    let mut export = serde_json::Map::new();
    let provided = ids.uuid(&format!("provided:{key}"));
    let provides = holder.inherits_from_provider() && !line.inherited.trim().is_empty();
    if provides {
        export.insert(
            "provided".into(),
            json!([{
                "uuid": provided,
                "description": text(&line.inherited, "-"),
                "responsible-roles": [{"role-id": "provider", "party-uuids": [organisation]}],
            }]),
        );
    }
    if !line.customer_duty.trim().is_empty() {
        let mut responsibility = json!({
            "uuid": ids.uuid(&format!("responsibility:{key}")),
            "description": text(&line.customer_duty, "-"),
            "responsible-roles": [{"role-id": "customer"}],
        });
        // What our customers must do goes with what we provide, when we provide something.
        if provides {
            responsibility["provided-uuid"] = json!(provided);
        }
        export.insert("responsibilities".into(), json!([responsibility]));
    }
    if !export.is_empty() {
        by["export"] = Value::Object(export);
    }
    if let Some(state) = state {
        by["implementation-status"] = json!({"state": state});
    }
    by
}

pub fn poam(source: &Source, meta: &MetaBlock, gaps: &GapsView) -> Result<Value, ExportError> {
    let ids = Ids {
        session: &session_id(source),
    };
    let items: Vec<Value> = gaps
        .register
        .iter()
        .map(|g| {
            let cid = control_id(&g.control);
            let mut description = g.gap.clone().unwrap_or_default();
            if let Some(action) = g.action.as_deref().filter(|a| !a.trim().is_empty()) {
                description = format!("{description}\n\nPlanned action: {action}");
            }
            let mut props = vec![json!({"name": "gapwalk-status", "ns": NS, "value": g.status.key()})];
            if let Some(p) = g.priority {
                props.push(json!({"name": "gapwalk-priority", "ns": NS, "value": p.key()}));
            }
            if let Some(d) = g.due {
                props.push(json!({"name": "gapwalk-due", "ns": NS, "value": d.to_string()}));
            }
            if !g.owner.trim().is_empty() {
                props.push(json!({"name": "gapwalk-owner", "ns": NS, "value": g.owner.trim()}));
            }
            json!({
                "uuid": ids.uuid(&format!("poam-item:{cid}")),
                "title": title(&format!("{} {}", g.control, g.title), &g.control),
                "description": text(&description, "Gap recorded in the workshop (details in the internal edition)."),
                "props": props,
            })
        })
        .collect();
    if items.is_empty() {
        return Err(ExportError::NoGaps);
    }
    Ok(json!({"plan-of-action-and-milestones": {
        "uuid": ids.uuid("poam"),
        "metadata": metadata(meta, "Plan of action and milestones", &ids, Vec::new()),
        "poam-items": items,
    }}))
}

/// The file names of the profile and catalog an SSP imports, written beside it.
pub fn companion_files(source: &Source) -> (String, String) {
    let id = control_id(&source.catalogue.id);
    (format!("{id}.profile.json"), format!("{id}.catalog.json"))
}

fn bytes(value: &Value) -> Result<Vec<u8>, ExportError> {
    let mut out = serde_json::to_vec_pretty(value)?;
    out.push(b'\n');
    Ok(out)
}

/// The SSP (`View::Soa`) or the POA&M (`View::Gaps`).
pub fn render(
    source: &Source,
    meta: &MetaBlock,
    view: View,
    audience: Audience,
) -> Result<Vec<u8>, ExportError> {
    let internal = audience == Audience::Internal;
    match view {
        View::Soa => {
            let (profile_href, _) = companion_files(source);
            let rows = super::soa::rows(source, internal);
            let lines = super::responsibility::build(source);
            bytes(&ssp(source, meta, &rows, &lines, &profile_href))
        }
        View::Gaps => bytes(&poam(source, meta, &super::gaps::build(source, internal))?),
        other => Err(ExportError::OscalView(other.key())),
    }
}

/// Writes the profile and catalog an SSP written to `ssp` imports, beside it, refusing any
/// name that is the session file or one of its sidecars; the paths written, in order.
pub fn write_companions(
    ssp: &std::path::Path,
    session_path: &std::path::Path,
    source: &Source,
    audience: Audience,
) -> Result<Vec<std::path::PathBuf>, ExportError> {
    let folder = ssp.parent().unwrap_or(std::path::Path::new(""));
    let mut written = Vec::new();
    for (name, bytes) in companions(source, audience)? {
        let path = folder.join(&name);
        super::refuse_session_path(&path, session_path)?;
        super::write(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// Whether an export with these options is an SSP, which imports companions written beside it.
pub fn has_companions(options: &super::ExportOptions) -> bool {
    options.format == super::Format::Oscal && options.view == Some(View::Soa)
}

/// The profile and catalog an SSP imports, as (file name, bytes), to write beside it.
pub fn companions(
    source: &Source,
    audience: Audience,
) -> Result<Vec<(String, Vec<u8>)>, ExportError> {
    let meta = MetaBlock::new(
        source,
        super::Numbering::default_for(source.catalogue),
        audience,
    );
    let (profile_file, catalog_file) = companion_files(source);
    let rows = super::soa::rows(source, audience == Audience::Internal);
    Ok(vec![
        (profile_file, bytes(&profile(source, &meta, &catalog_file))?),
        (catalog_file, bytes(&catalog(source, &meta, &rows))?),
    ])
}
