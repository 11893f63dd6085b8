//! Speed budget of `gapwalk import` (issue 15): reading a provider's 121-control responsibility
//! matrix, and a 200-row CAIQ workbook with its mapping, and laying either over a customer
//! session, each well under 50 ms. The inputs are built here (no CSA content). Run with
//! `cargo bench --bench import`.

use divan::Bencher;
use gapwalk::catalogue::default_catalogue;
use gapwalk::import::{Crm, CrmCatalogue, CrmLine, Origin, plan, read_mapping, read_matrix};
use gapwalk::session::{Holder, Provenance, Provider, Session, Timestamp};

fn main() {
    divan::main();
}

fn customer() -> Session {
    let mut s = Session::new(
        "bench",
        &default_catalogue(),
        Timestamp::from_unix(0).unwrap(),
    );
    s.meta.providers.push(Provider {
        name: "Acme".into(),
        services: Vec::new(),
    });
    s
}

fn origin() -> Origin {
    Origin {
        provenance: Provenance {
            file: "m".into(),
            date: None,
            sha256: "0".repeat(64),
        },
        file: "m".into(),
        by: "bench".into(),
        at: Timestamp::from_unix(1_790_000_000).unwrap(),
    }
}

/// The json export of a matrix covering every control of the default catalogue.
fn crm_json() -> Vec<u8> {
    let cat = default_catalogue();
    let holders = [Holder::Provider, Holder::Shared, Holder::Customer];
    let crm = Crm {
        crm_version: 1,
        catalogue: CrmCatalogue {
            id: cat.id.clone(),
            version: cat.version.clone(),
            hash: cat.content_hash(),
        },
        provider: "Acme".into(),
        offering: "Acme Cloud".into(),
        controls: cat
            .controls
            .iter()
            .enumerate()
            .map(|(i, c)| CrmLine {
                control: c.id.clone(),
                title: c.title.clone(),
                holder: holders[i % 3],
                provider_does: format!("We run {} for every tenant, reviewed yearly.", c.title),
                customer_must: "- configure it for your users\n- review it quarterly".into(),
                evidence: "SOC 2 Type II, section 4".into(),
                contact_role: "Security desk".into(),
                status: None,
                gap: None,
            })
            .collect(),
    };
    serde_json::to_vec_pretty(
        &serde_json::json!({ "format_version": 1, "view": "crm", "crm": crm }),
    )
    .unwrap()
}

/// A 200-question CAIQ workbook below title rows, and a mapping of its control ids.
fn caiq() -> (Vec<u8>, String) {
    let cat = default_catalogue();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet.write(0, 0, "CAIQ").unwrap();
    let header = [
        "Question ID",
        "SSRM Control Ownership",
        "CSP Implementation Description",
        "CSC Responsibilities",
        "CCM Control ID",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write(2, c as u16, *h).unwrap();
    }
    let owners = [
        "CSP-owned",
        "Shared CSP and CSC",
        "CSC-owned",
        "Third-party outsourced",
    ];
    let mut mapping = String::from("CCM,ISO\n");
    for i in 0..200u32 {
        let control = format!("DOM-{:02}", i / 2);
        let row = 3 + i;
        sheet
            .write(row, 0, format!("{control}.{}", i % 2 + 1))
            .unwrap();
        // Rows of one control agree on its ownership.
        sheet.write(row, 1, owners[(i / 2) as usize % 4]).unwrap();
        sheet
            .write(
                row,
                2,
                "The provider encrypts data at rest with managed keys.",
            )
            .unwrap();
        sheet
            .write(row, 3, "Customers manage their own user accounts.")
            .unwrap();
        sheet.write(row, 4, &control).unwrap();
        if i % 2 == 0 {
            let target = &cat.controls[(i / 2) as usize % cat.controls.len()].id;
            mapping.push_str(&format!("{control},{target}\n"));
        }
    }
    (book.save_to_buffer().unwrap(), mapping)
}

#[divan::bench]
fn import_crm_121_controls(bencher: Bencher) {
    let (cat, session, bytes, origin) = (default_catalogue(), customer(), crm_json(), origin());
    bencher.bench_local(|| {
        let matrix = read_matrix(&bytes, "crm.json").unwrap();
        divan::black_box(plan(&session, &cat, "Acme", &matrix, None, &origin, false).unwrap());
    });
}

#[divan::bench]
fn import_caiq_200_rows(bencher: Bencher) {
    let (cat, session, origin) = (default_catalogue(), customer(), origin());
    let (book, mapping) = caiq();
    bencher.bench_local(|| {
        let matrix = read_matrix(&book, "caiq.xlsx").unwrap();
        let mapping = read_mapping(mapping.as_bytes(), "map.csv", &cat).unwrap();
        divan::black_box(
            plan(
                &session,
                &cat,
                "Acme",
                &matrix,
                Some(&mapping),
                &origin,
                false,
            )
            .unwrap(),
        );
    });
}
