//! Both sides of the boundary: the provider example, reading CRM and CAIQ files into a customer session.
//!
//! One test binary per feature (not one per file): linking is most of a test build.

#[path = "../common/mod.rs"]
mod common;

mod caiq_import;
mod crm_import;
mod import_rules;
mod provider_example;
mod walk_statement;
