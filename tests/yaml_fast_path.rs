//! The fast front matter reader must agree with serde_yaml on every front matter it takes:
//! checked over the shared corpus of real folders and over this repository's own records
//! and fixtures, by comparing the front matter trees the readers of records see.

use std::path::Path;

use hindsight::yaml::node::Node;

mod common;

fn front_matter(text: &str) -> Option<String> {
    let text = text.replace("\r\n", "\n");
    let rest = text.strip_prefix("---\n")?;
    let end = rest.find("\n---")?;
    Some(rest[..end + 1].to_string())
}

#[test]
fn fast_path_agrees_with_serde_yaml_on_real_front_matter() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = Vec::new();
    match common::shared("corpus", "HINDSIGHT_CORPUS") {
        Some(corpus) => {
            common::files_with_extensions(&corpus, &["md", "mdx", "markdown"], &mut files)
        }
        None => common::skip_without("the shared corpus (../shared/corpus)"),
    }
    for dir in ["decisions", "tests/fixtures"] {
        common::files_with_extensions(&root.join(dir), &["md", "mdx", "markdown"], &mut files);
    }
    let (mut fast, mut total) = (0, 0);
    for f in &files {
        let Ok(text) = std::fs::read_to_string(f) else {
            continue;
        };
        let Some(yaml) = front_matter(&text) else {
            continue;
        };
        total += 1;
        if let Some(map) = hindsight::yaml::parse_plain(&yaml) {
            fast += 1;
            let full: serde_yaml::Value = serde_yaml::from_str(&yaml).unwrap_or_else(|e| {
                panic!(
                    "fast path accepted what serde_yaml rejects in {}: {e}",
                    f.display()
                )
            });
            assert!(
                full.is_mapping(),
                "fast path read a mapping where serde_yaml did not in {}",
                f.display()
            );
            assert_eq!(
                Node::Map(map),
                Node::from_yaml(full),
                "fast path differs from serde_yaml on {}",
                f.display()
            );
        }
    }
    assert!(total >= 12, "too few front matters found ({total})");
    eprintln!("{fast} of {total} front matters took the fast path");
}
