//! The native dialect: YAML front matter with the keys of docs/contract.md §1 and a markdown body.
//!
//! Native files go through the same reader as every dialect ([`crate::dialect::read`]), so a
//! native record may also carry MADR sections or a `## Status` section; this module holds
//! the tests of reading native front matter.

#[cfg(test)]
mod tests {
    use crate::diagnostic::Diagnostic;
    use crate::dialect::{ReadAs, ReadOptions, read};
    use crate::discover::SourceText;
    use crate::record::{Kind, Record, Status, Verdict};

    fn file(text: &str) -> SourceText {
        SourceText {
            source: "0012-store-events.md".into(),
            display: "decisions/0012-store-events.md".into(),
            package: None,
            text: text.into(),
        }
    }

    fn record(text: &str) -> (Record, Vec<Diagnostic>) {
        let r = read(&file(text), &ReadOptions::default());
        match r.read_as {
            ReadAs::Record(rec) => (*rec, r.diagnostics),
            ReadAs::Skipped(s) => panic!("skipped: {s:?} {:?}", r.diagnostics),
        }
    }

    #[test]
    fn reads_every_field_of_the_native_format() {
        let (r, d) = record(
            r#"---
title: Store events in PostgreSQL
status: accepted
date: 2026-03-02
deciders: [ana, wei]
tags: [storage, backend]
options:
  - name: PostgreSQL
    summary: One database for state and events
    pros: [Team runs it today, Transactions across state and events]
    cons: [Vertical scaling only]
  - name: Kafka
    pros: [Replay, Throughput]
    cons: [New operational burden]
tradeoffs:
  - favor: consistency
    over: throughput
    why: The audit trail must be exact.
outcome:
  chosen: PostgreSQL
  rationale: Fewest moving parts for the volume we have.
revisit:
  date: 2027-03-01
  when: write volume passes 5k events/s
supersedes: [7]
relates: [3, 0011-retention]
nav_order: 0002
---

## Context
See [retention](0011-retention.md).
"#,
        );
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(r.id, "0012-store-events");
        assert_eq!(r.number, Some(12));
        assert_eq!(r.title, "Store events in PostgreSQL");
        assert_eq!(r.status, Status::Accepted);
        assert_eq!(r.date.unwrap().to_string(), "2026-03-02");
        assert_eq!(r.deciders, ["ana", "wei"]);
        assert_eq!(r.options.len(), 2);
        assert_eq!(r.options[0].pros.len(), 2);
        assert_eq!(r.options[1].cons, ["New operational burden"]);
        assert_eq!(r.tradeoffs[0].favor, "consistency");
        assert_eq!(
            r.outcome.as_ref().unwrap().chosen.as_deref(),
            Some("PostgreSQL")
        );
        assert_eq!(r.revisit.date.unwrap().to_string(), "2027-03-01");
        assert_eq!(
            r.revisit.when.as_deref(),
            Some("write volume passes 5k events/s")
        );
        assert_eq!(r.supersedes[0].text, "7");
        assert_eq!(r.supersedes[0].span.line, 25);
        assert_eq!(r.relates.len(), 2);
        assert_eq!(r.links[0].dest, "0011-retention.md");
        assert_eq!(r.links[0].span.line, 31);
    }

    #[test]
    fn reads_retrospectives_and_the_short_revisit_form() {
        let (r, _) = record(
            "---\nkind: retrospective\nreviews: 12\nverdict: held-up\ndate: 2027-03-05\nnext_revisit: 2028-03-01\n---\n# One year of events in PostgreSQL\n",
        );
        assert_eq!(r.kind, Kind::Retrospective);
        assert_eq!(r.verdict, Some(Verdict::HeldUp));
        assert_eq!(r.reviews.unwrap().text, "12");
        assert_eq!(r.next_revisit.unwrap().to_string(), "2028-03-01");
        assert_eq!(r.title, "One year of events in PostgreSQL");
        let (r, _) = record("---\ntitle: x\nrevisit: 2027-03-01\n---\n");
        assert_eq!(r.revisit.date.unwrap().to_string(), "2027-03-01");
    }

    #[test]
    fn near_miss_keys_are_warned_with_the_key_meant() {
        let (_, d) = record("---\ntitle: x\nrevist: 2027-03-01\nsupersede: 3\nslug: fine\n---\n");
        let msgs: Vec<_> = d
            .iter()
            .map(|d| (d.line, d.hint.clone().unwrap_or_default()))
            .collect();
        assert_eq!(
            msgs,
            vec![
                (Some(3), "did you mean `revisit`?".to_string()),
                (Some(4), "did you mean `supersedes`?".to_string())
            ]
        );
    }

    #[test]
    fn broken_yaml_is_an_error_at_its_line() {
        let r = read(
            &file("---\ntitle: x\ntags: [a, b\n---\n# x\n"),
            &ReadOptions::default(),
        );
        assert!(matches!(r.read_as, ReadAs::Skipped(_)));
        assert_eq!(r.diagnostics[0].code, "front-matter");
        assert!(
            r.diagnostics[0].line.unwrap() >= 3,
            "{:?}",
            r.diagnostics[0]
        );
    }

    #[test]
    fn title_falls_back_to_the_first_h1_without_its_number() {
        let (r, _) = record("# 12. Use **Kafka**\n\nBody\n");
        assert_eq!(r.title, "Use Kafka");
        assert_eq!(r.number, Some(12));
    }
}
