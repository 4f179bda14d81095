//! Folders that adr-tools conventions name: a folder named in an `.adr-dir` above it, or a
//! `doc/adr` folder. A new record in such a folder that holds no record yet is written in
//! adr-tools' own format (`# 1. Title`, `Date:`, `## Status`), from 0001.

use std::path::Path;

/// Whether adr-tools conventions name `dir` as the records folder.
pub fn named_by_adr_tools(dir: &Path) -> bool {
    let Ok(real) = dir.canonicalize() else {
        return false;
    };
    if real.ends_with("doc/adr") {
        return true;
    }
    let mut up = real.parent();
    while let Some(d) = up {
        if let Ok(text) = std::fs::read_to_string(d.join(".adr-dir")) {
            let named = text.trim();
            return !named.is_empty() && d.join(named).canonicalize().is_ok_and(|p| p == real);
        }
        if d.join(".git").exists() {
            return false;
        }
        up = d.parent();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adr_dir_and_doc_adr_name_adr_tools_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path();
        std::fs::create_dir_all(root.join("doc/adr")).unwrap();
        std::fs::create_dir_all(root.join("architecture/records")).unwrap();
        std::fs::create_dir_all(root.join("decisions")).unwrap();
        assert!(named_by_adr_tools(&root.join("doc/adr")));
        assert!(!named_by_adr_tools(&root.join("architecture/records")));
        std::fs::write(root.join(".adr-dir"), "architecture/records\n").unwrap();
        assert!(named_by_adr_tools(&root.join("architecture/records")));
        assert!(!named_by_adr_tools(&root.join("decisions")));
    }
}
