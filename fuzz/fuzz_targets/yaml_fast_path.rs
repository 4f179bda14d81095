//! Differential: where the fast front matter reader takes a text, serde_yaml must read it
//! too, to the same tree; the fast path may only ever say "use serde_yaml".
#![no_main]

use hindsight::yaml::node::Node;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Some(fast) = hindsight::yaml::parse_plain(text) else {
        return;
    };
    let full: serde_yaml::Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => panic!("fast path took what serde_yaml rejects ({e}): {text:?}"),
    };
    assert_eq!(
        Node::Map(fast),
        Node::from_yaml(full),
        "trees differ on {text:?}"
    );
});
