//! Finding, by number, a record that is still an unfilled template stub. The site leaves
//! stubs out (they hold no decision yet), but authoring must still find them: `new
//! --supersedes 3` on a stub someone created and never filled in supersedes it.

use std::path::Path;

use crate::record::{Record, Skipped};

/// The reason the reader gives when it leaves a stub out.
const STUB: &str = "unfilled template stub";

/// The stub among `skipped` whose file name carries the number `text` (`3`, `0003`), as a
/// record with its id, number, source and the title of its first heading (or file name).
pub fn by_number(skipped: &[Skipped], text: &str, root: &Path) -> Option<Record> {
    let n: u32 = text.trim().parse().ok()?;
    let stub = skipped.iter().find(|s| {
        s.reason == STUB
            && crate::dialect::filename::number_from_file_name(
                s.source.rsplit('/').next().unwrap_or(&s.source),
            ) == Some(n)
    })?;
    let text = std::fs::read_to_string(root.join(&stub.source)).unwrap_or_default();
    let title = text
        .lines()
        .find_map(|l| l.strip_prefix("# "))
        .map(|t| {
            let t = t.trim();
            // `# 3. Title` as adr-tools writes it.
            t.split_once(". ")
                .filter(|(num, _)| num.bytes().all(|b| b.is_ascii_digit()))
                .map_or(t, |(_, rest)| rest)
                .to_string()
        })
        .unwrap_or_else(|| crate::dialect::id_for(&stub.source));
    Some(Record {
        id: crate::dialect::id_for(&stub.source),
        source: stub.source.clone(),
        number: Some(n),
        title,
        ..Record::default()
    })
}
