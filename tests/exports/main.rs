//! Exports: every view and format read back by a real reader (calamine, a docx reader, csv, JSON Schema, trestle), the 27001:2022 SoA and document control, and `check`.
//!
//! One test binary per feature (not one per file): linking is most of a test build.

#[path = "../common/mod.rs"]
mod common;
#[path = "../export_support/mod.rs"]
mod export_support;

mod annex_a_ids;
mod check_five_elements;
mod cli;
mod crm_editions;
mod csv_pandas;
mod docx;
mod docx_print;
mod finding_seats;
mod json_schemas;
mod offerings;
mod oscal;
mod oscal_offerings;
mod print;
mod responsibility_rows;
mod rules;
mod snapshots;
mod soa_2022_example;
mod soa_2022_rows;
mod soa_document_control;
mod xlsx;
mod xlsx_long_cells;
