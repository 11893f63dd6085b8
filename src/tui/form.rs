//! Editing outside the walk: the edit form over one control and the session details form are
//! rooms of their own (`popup::form`, `popup::metadata`); the details' rows are the domain's
//! (`fields::MetaField`). Re-exported here under their older path.

pub use super::popup::form::FormPopup;
pub use super::popup::metadata::MetadataPopup;
pub use crate::fields::MetaField;
