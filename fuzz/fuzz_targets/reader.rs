//! The reader of every dialect: any text, as a record file under several names (plain,
//! numbered, dated, a folder's README), is read, its body's links scanned, and its body
//! rendered to HTML; nothing may panic.
#![no_main]

use hindsight::dialect::{self, ReadOptions};
use hindsight::discover::SourceText;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let text = hindsight::discover::normalise_text(text.to_string());
    for source in [
        "0007-fuzzed.md",
        "20230515-fuzzed.md",
        "0012-topic/README.md",
        "notes.md",
    ] {
        let file = SourceText {
            source: source.to_string(),
            display: source.to_string(),
            package: None,
            text: text.clone(),
        };
        let reading = dialect::read(&file, &ReadOptions::default());
        for d in &reading.diagnostics {
            let _ = hindsight::diagnostic::render_human(std::slice::from_ref(d), false);
        }
    }
    let _ = hindsight::document::plain_text(&text);
    let _ = hindsight::render::markdown::bound_nesting(&text);
});
