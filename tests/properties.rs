//! Property tests (proptest), issue 12: the fast front matter path agrees with serde_yaml
//! wherever it reads a text; any input reads without a panic; and the reader's output
//! grows linearly with its input (a deterministic stand-in for linear time: timing is the
//! business of `benches/hostile.sh`).

use hindsight::dialect::links::{self, Place};
use hindsight::dialect::{self, ReadOptions};
use hindsight::discover::SourceText;
use hindsight::yaml::node::Node;
use proptest::prelude::*;

fn file(text: String) -> SourceText {
    SourceText {
        source: "0007-prop.md".into(),
        display: "0007-prop.md".into(),
        package: None,
        text,
    }
}

/// Front-matter-like text: keys, flow and block lists, quotes, numbers, odd characters.
fn yamlish() -> impl Strategy<Value = String> {
    let scalar = prop_oneof![
        "[a-z]{1,8}",
        "[0-9]{1,6}",
        Just(".inf".to_string()),
        Just(".NaN".to_string()),
        Just("yes".to_string()),
        Just("~".to_string()),
        Just("2024-01-01".to_string()),
        "\"[^\"\\\\]{0,8}\"",
        "'[^']{0,8}'",
        "[ -~\u{a0}\u{85}\u{0}\u{1b}é]{1,10}",
        Just(":a".to_string()),
    ];
    let value = prop_oneof![
        scalar.clone(),
        prop::collection::vec(scalar.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
        prop::collection::vec(scalar.clone(), 1..3)
            .prop_map(|v| v.iter().map(|s| format!("\n  - {s}")).collect::<String>()),
    ];
    prop::collection::vec(("[a-z_]{1,6}", value), 1..6).prop_map(|kv| {
        kv.into_iter()
            .map(|(k, v)| {
                if v.starts_with('\n') {
                    format!("{k}:{v}\n")
                } else {
                    format!("{k}: {v}\n")
                }
            })
            .collect()
    })
}

/// Markdown-like text made of the pieces the reader looks for.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("Superseded by ".to_string()),
        Just("supersedes ".to_string()),
        Just("[ADR-1](0001-x.md)".to_string()),
        Just("## Status\n".to_string()),
        Just("* Status: ".to_string()),
        Just("# T\n".to_string()),
        Just("[".to_string()),
        Just("](".to_string()),
        Just(")".to_string()),
        Just("<a href=\"x\">".to_string()),
        Just("<!--".to_string()),
        Just("`".to_string()),
        Just("```\n".to_string()),
        Just("\n".to_string()),
        Just("| Status | Date |\n".to_string()),
        Just("Chosen option: \"x\", because y\n".to_string()),
        Just("---\n".to_string()),
        "[ -~é—‑Ü𝄞\u{a0}]{0,12}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn fast_path_agrees_with_serde_yaml_where_it_reads(text in yamlish()) {
        if let Some(fast) = hindsight::yaml::parse_plain(&text) {
            let full: serde_yaml::Value = serde_yaml::from_str(&text)
                .map_err(|e| TestCaseError::fail(format!("fast path read what serde rejects ({e}): {text:?}")))?;
            prop_assert_eq!(Node::Map(fast), Node::from_yaml(full), "{:?}", text);
        }
    }

    #[test]
    fn any_text_reads_without_a_panic(body in markdownish(), fm in yamlish()) {
        for text in [body.clone(), format!("---\n{fm}---\n{body}")] {
            let _ = dialect::read(&file(text), &ReadOptions::default());
        }
        for line in body.split('\n') {
            let _ = links::scan_line(line, 1, 0, Place::Status);
            let _ = links::scan_line(line, 1, 0, Place::Prose);
        }
    }

    #[test]
    fn any_bytes_read_without_a_panic(bytes in prop::collection::vec(any::<u8>(), 0..300)) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let _ = dialect::read(&file(text.clone()), &ReadOptions::default());
        let _ = hindsight::yaml::parse_plain(&text);
    }

    /// Repeating a text on one line k times: what is read (references and the bytes of
    /// diagnostics) grows at most k times, never k squared.
    #[test]
    fn what_is_read_grows_linearly(unit in markdownish()) {
        let unit = unit.replace('\n', " ");
        let measure = |k: usize| {
            let text = format!("# T\n\n## Status\n\n{}\n", unit.repeat(k));
            let r = dialect::read(&file(text), &ReadOptions::default());
            let diagnostics: usize = r.diagnostics.iter().map(|d| {
                hindsight::diagnostic::render_human(std::slice::from_ref(d), false).len()
            }).sum();
            let refs = match &r.read_as {
                dialect::ReadAs::Record(rec) => rec.supersedes.len() + rec.superseded_by.len() + rec.relates.len(),
                dialect::ReadAs::Skipped(_) => 0,
            };
            (diagnostics, refs)
        };
        let (d1, r1) = measure(8);
        let (d2, r2) = measure(64);
        prop_assert!(r2 <= r1 * 8 + 8, "references {} then {}", r1, r2);
        prop_assert!(d2 <= d1 * 8 + 4096, "diagnostics {} then {} bytes", d1, d2);
    }
}
