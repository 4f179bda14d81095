//! What version control says about each record: when it was created and last changed, and by whom.

use std::collections::HashMap;

use crate::date::Date;

/// The history of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileHistory {
    pub created: Date,
    pub created_by: String,
    pub changed: Date,
    pub changed_by: String,
}

/// History by source path (below the source root, `/`-separated).
pub type History = HashMap<String, FileHistory>;
