//! The link scanner: supersede wording and inline links on any line, in status and prose
//! places, and the links of a body; nothing may panic, and every position it reports lies
//! on a character of the line.
#![no_main]

use hindsight::dialect::links::{self, Place};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for line in text.split('\n') {
        for place in [Place::Status, Place::Prose] {
            for f in links::scan_line(line, 1, 0, place) {
                assert!(f.reference.span.column >= 1);
                assert!(f.reference.span.column <= line.chars().count() + 1);
            }
        }
        for l in links::inline_links(line) {
            assert!(line.is_char_boundary(l.start) && line.is_char_boundary(l.end));
            assert!(line.is_char_boundary(l.dest_at));
        }
    }
    let _ = hindsight::document::scan_links(text, 1);
});
