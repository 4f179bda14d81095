//! The manager's view: `due`, `check` with its lints and formats, the revisit dashboard and
//! trade-offs page, `feed.xml` and `revisits.ics` (read back with real parsers), and what
//! git says about each record.

mod common;

use common::copy_dir;
use std::collections::BTreeSet;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use serde_json::Value;

const TODAY: &str = "2026-11-23";

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/managers")
        .join(name)
}

/// Copies a fixture folder into a fresh temporary folder (outside any git repository, so
/// the worktree's own history cannot leak into the results).
fn copy_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let dest = tmp.path().join(name);
    copy_dir(&fixture(name), &dest);
    (tmp, dest)
}

fn hindsight(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("hindsight").unwrap();
    c.current_dir(dir).arg("--color").arg("never");
    c
}

fn run(dir: &Path, args: &[&str]) -> Output {
    hindsight(dir).args(args).output().unwrap()
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

fn code(o: &Output) -> i32 {
    o.status.code().unwrap()
}

// ---------------------------------------------------------------- due

fn due_json(dir: &Path, extra: &[&str]) -> Value {
    let mut args = vec!["due", "src", "--today", TODAY, "--format", "json"];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn revisits_project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    copy_dir(&fixture("revisits"), &tmp.path().join("src"));
    let root = tmp.path().to_path_buf();
    (tmp, root)
}

#[test]
fn due_lists_overdue_first_then_due_at_a_fixed_today() {
    let (_t, dir) = revisits_project();
    let v = due_json(&dir, &[]);
    assert_eq!(v["today"], TODAY);
    assert_eq!(v["within"], 30);
    let items = v["items"].as_array().unwrap();
    let ids: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        ids,
        [
            "0007-feature-flags", // 2026-09-01, number 7
            "0011-same-day",      // 2026-09-01, number 11
            "0001-store-events",  // 2026-10-01
            "0009-logging",       // 2026-11-30, set by its retrospective
            "0002-cache-at-the-edge",
        ]
    );
    let states: Vec<&str> = items.iter().map(|i| i["state"].as_str().unwrap()).collect();
    assert_eq!(states, ["overdue", "overdue", "overdue", "due", "due"]);
    assert_eq!(
        (v["overdue"].as_u64(), v["due"].as_u64()),
        (Some(3), Some(2))
    );
    let first = &items[0];
    assert_eq!(first["date"], "2026-09-01");
    assert_eq!(first["days_late"], 83);
    assert_eq!(first["days_until"], -83);
    assert_eq!(first["deciders"], serde_json::json!(["wei", "li"]));
    assert_eq!(items[4]["days_late"], 0);
    assert_eq!(items[4]["days_until"], 8);
    assert_eq!(items[4]["when"], "the CDN bill passes $10k a month");
}

#[test]
fn due_ids_are_the_ids_of_decisions_json() {
    let (_t, dir) = revisits_project();
    let due = due_json(&dir, &["--within", "365"]);
    let o = run(&dir, &["export", "src", "--today", TODAY]);
    let export: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let exported: BTreeSet<&str> = export["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    let items = due["items"].as_array().unwrap();
    // A year ahead also lists the scheduled revisit of 3, never the rejected 8 or the unplanned 4.
    assert_eq!(items.len(), 6);
    assert!(items.iter().any(|i| i["id"] == "0003-adopt-grpc"));
    for i in items {
        assert!(exported.contains(i["id"].as_str().unwrap()), "{i}");
    }
}

#[test]
fn due_window_comes_from_the_flag_then_the_configuration() {
    let (_t, dir) = revisits_project();
    let narrow = due_json(&dir, &["--within", "7"]);
    let ids: Vec<&str> = narrow["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "0007-feature-flags",
            "0011-same-day",
            "0001-store-events",
            "0009-logging"
        ]
    );
    std::fs::write(dir.join("hindsight.toml"), "due_window = 3\n").unwrap();
    let configured = due_json(&dir, &[]);
    assert_eq!(configured["within"], 3);
    assert_eq!(configured["items"].as_array().unwrap().len(), 3);
}

#[test]
fn due_table_and_csv_say_how_late() {
    let (_t, dir) = revisits_project();
    let o = run(&dir, &["due", "src", "--today", TODAY]);
    let table = stdout(&o);
    let lines: Vec<&str> = table.lines().collect();
    assert!(lines[0].starts_with("STATE"), "{table}");
    assert!(lines[1].contains("83 days late") && lines[1].contains("Build our own feature flags"));
    assert!(lines[1].contains("wei, li"), "{table}");
    assert!(lines[4].contains("in 7 days"), "{table}");
    assert!(table.contains("3 overdue, 2 due within 30 days"), "{table}");

    let o = run(&dir, &["due", "src", "--today", TODAY, "--format", "csv"]);
    let csv = stdout(&o);
    let rows: Vec<&str> = csv.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(
        rows[0],
        "state,date,days_until,days_late,id,number,title,deciders,when,url,revisit_source"
    );
    assert_eq!(rows.len(), 6);
    // The title has a `;` and a `,`: quoted, not split.
    assert!(
        rows[3].contains("\"Store events in PostgreSQL; one database, for state and events\""),
        "{}",
        rows[3]
    );
    assert!(rows[3].starts_with("overdue,2026-10-01,-53,53,0001-store-events,1,"));
}

#[test]
fn due_fails_on_overdue_only_when_asked() {
    let (_t, dir) = revisits_project();
    let args = ["due", "src", "--today", TODAY];
    assert_eq!(code(&run(&dir, &args)), 0);
    let failing = [&args[..], &["--fail-on", "overdue"]].concat();
    assert_eq!(code(&run(&dir, &failing)), 1);
    // Long before anything was due.
    let o = run(
        &dir,
        &[
            "due",
            "src",
            "--today",
            "2024-01-01",
            "--fail-on",
            "overdue",
        ],
    );
    assert_eq!(code(&o), 0, "{}", stdout(&o));
    assert!(stdout(&o).contains("Nothing is overdue"), "{}", stdout(&o));
    // `--fail-on due` also fails on what is merely due.
    let o = run(
        &dir,
        &[
            "due",
            "src",
            "--today",
            "2026-11-25",
            "--within",
            "6",
            "--fail-on",
            "due",
        ],
    );
    assert_eq!(code(&o), 1);
    assert_eq!(code(&run(&dir, &["due", "missing-folder"])), 2);
}

// ---------------------------------------------------------------- check

fn check_json(dir: &Path, extra: &[&str]) -> (i32, Value) {
    let mut args = vec!["check", "lints", "--today", TODAY, "--format", "json"];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    (code(&o), serde_json::from_str(&stdout(&o)).unwrap())
}

fn lints_project() -> (tempfile::TempDir, PathBuf) {
    let (t, dir) = copy_fixture("lints");
    let root = dir.parent().unwrap().to_path_buf();
    (t, root)
}

/// `(code, file name, line)` of every diagnostic.
fn found(report: &Value) -> BTreeSet<(String, String, Option<u64>)> {
    report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["file"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .to_string(),
                d["line"].as_u64(),
            )
        })
        .collect()
}

#[test]
fn check_reports_every_lint_with_its_position() {
    let (_t, dir) = lints_project();
    let (code, report) = check_json(&dir, &[]);
    assert_eq!(code, 0, "warnings alone do not fail: {report}");
    let found = found(&report);
    let expect = [
        ("accepted-without-revisit", "0001-no-revisit.md", Some(3)),
        ("overdue-revisit", "0002-overdue.md", Some(5)),
        ("duplicate-number", "0003-first.md", Some(1)),
        ("duplicate-number", "0003-second.md", Some(1)),
        ("missing-date", "0004-undated.md", Some(1)),
        (
            "superseded-without-successor",
            "0005-superseded-alone.md",
            Some(3),
        ),
        (
            "retrospective-without-verdict",
            "0006-review-without-verdict.md",
            Some(1),
        ),
        ("revisit-before-date", "0007-revisit-before.md", Some(5)),
        ("dangling-reference", "0008-dangling.md", Some(5)),
        ("broken-link", "0008-dangling.md", Some(8)),
        ("supersede-cycle", "0009-cycle-a.md", None),
        ("near-miss-key", "0012-replaces-eleven.md", Some(6)),
        ("missing-title", "0013-no-title.md", Some(1)),
    ];
    for (c, f, l) in expect {
        assert!(
            found.contains(&(c.to_string(), f.to_string(), l)),
            "{c} in {f}:{l:?} missing from {found:#?}"
        );
    }
    assert!(
        found
            .iter()
            .any(|(c, f, _)| c == "status-disagrees" && f == "0011-disagrees.md")
    );
    // Nothing reported twice, and only what is wrong: the clean records 1 and 11 are not overdue.
    assert_eq!(
        report["warnings"].as_u64().unwrap() as usize,
        report["diagnostics"].as_array().unwrap().len()
    );
    assert!(!found.contains(&(
        "overdue-revisit".into(),
        "0011-disagrees.md".into(),
        Some(5)
    )));
    // The overdue warning marks the date itself.
    let overdue = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "overdue-revisit")
        .unwrap();
    assert_eq!(overdue["column"], 10);
    assert!(
        overdue["message"]
            .as_str()
            .unwrap()
            .contains("was due on 2026-01-01, 326 days ago")
    );
}

#[test]
fn check_deny_warnings_allow_and_the_configuration() {
    let (_t, dir) = lints_project();
    let (code, _) = check_json(&dir, &["--deny", "warnings"]);
    assert_eq!(code, 1);
    let (_, all) = check_json(&dir, &[]);
    let codes: BTreeSet<String> = found(&all).into_iter().map(|(c, _, _)| c).collect();
    let mut args = vec!["--deny", "warnings"];
    for c in &codes {
        args.push("--allow");
        args.push(c);
    }
    let (code, report) = check_json(&dir, &args);
    assert_eq!(code, 0, "{report}");
    assert_eq!(report["diagnostics"].as_array().unwrap().len(), 0);

    std::fs::write(dir.join("hindsight.toml"), "require_revisit = false\n").unwrap();
    let (_, report) = check_json(&dir, &[]);
    let codes: BTreeSet<String> = found(&report).into_iter().map(|(c, _, _)| c).collect();
    assert!(!codes.contains("accepted-without-revisit"), "{codes:?}");
    assert!(codes.contains("overdue-revisit"));
}

#[test]
fn check_github_format_is_workflow_annotations() {
    let (_t, dir) = lints_project();
    let o = run(
        &dir,
        &["check", "lints", "--today", TODAY, "--format", "github"],
    );
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().collect();
    let (_, report) = check_json(&dir, &[]);
    assert_eq!(lines.len(), report["diagnostics"].as_array().unwrap().len());
    for l in &lines {
        assert!(l.starts_with("::warning file=lints/"), "{l}");
    }
    assert!(lines.contains(
        &"::warning file=lints/0002-overdue.md,line=5,col=10,title=overdue-revisit::revisit of “Overdue revisit” was due on 2026-01-01, 326 days ago%0Ahelp: review the decision and record the result as a retrospective (`kind: retrospective`, `reviews:`, `verdict:`), or move the revisit date"
    ), "{out}");
}

#[test]
fn check_human_format_and_exit_codes() {
    let (_t, dir) = lints_project();
    let o = run(&dir, &["check", "lints", "--today", TODAY]);
    let err = stderr(&o);
    assert!(
        err.contains("warning[duplicate-number]: number 3 is also used by `0003-second.md`"),
        "{err}"
    );
    assert!(err.contains("--> lints/0003-first.md:1:1"), "{err}");
    assert!(err.contains("Checked 13 records"), "{err}");

    let (_t2, clean) = copy_fixture("clean");
    let o = run(
        clean.parent().unwrap(),
        &["check", "clean", "--today", TODAY, "--deny", "warnings"],
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(stderr(&o).contains("0 errors, 0 warnings"));

    let (_t3, errors) = copy_fixture("errors");
    let o = run(
        errors.parent().unwrap(),
        &["check", "errors", "--format", "github"],
    );
    assert_eq!(code(&o), 1);
    assert!(stdout(&o).starts_with("::error file=errors/0001-broken-yaml.md,line=2,col=8"));

    let o = run(&dir, &["check", "no-such-folder"]);
    assert_eq!(code(&o), 2);
    let o = run(&dir, &["check", "lints", "--format", "xml"]);
    assert_eq!(code(&o), 2);
}

// ---------------------------------------------------------------- site pages

fn build(dir: &Path, extra: &[&str]) -> PathBuf {
    let mut args = vec!["build", "src", "-o", "site", "--today", TODAY];
    args.extend_from_slice(extra);
    let o = run(dir, &args);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    dir.join("site")
}

fn read(p: PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The `data-id`s inside the section that starts at `id="{section}"`.
fn ids_in_section(html: &str, section: &str) -> Vec<String> {
    let start = html
        .find(&format!("id=\"{section}\""))
        .unwrap_or_else(|| panic!("no section {section}"));
    let rest = &html[start..];
    let end = rest.find("</section>").unwrap();
    rest[..end]
        .split("data-id=\"")
        .skip(1)
        .map(|s| s.split('"').next().unwrap().to_string())
        .collect()
}

#[test]
fn the_dashboard_orders_and_groups_revisits() {
    let (_t, dir) = revisits_project();
    let site = build(&dir, &[]);
    let html = read(site.join("revisits.html"));
    assert_eq!(
        ids_in_section(&html, "overdue"),
        ["0007-feature-flags", "0011-same-day", "0001-store-events"]
    );
    assert_eq!(
        ids_in_section(&html, "due"),
        ["0009-logging", "0002-cache-at-the-edge"]
    );
    assert_eq!(ids_in_section(&html, "unplanned"), ["0004-use-rust"]);
    assert_eq!(ids_in_section(&html, "scheduled"), ["0003-adopt-grpc"]);
    assert!(html.contains("<h3>June 2027</h3>"), "scheduled by month");
    // How reviewed decisions turned out, by verdict: 5 held up, 9 revised.
    assert_eq!(
        ids_in_section(&html, "outcomes"),
        ["0005-monorepo", "0009-logging"]
    );
    assert!(html.contains("<span class=\"n\">1</span> held up"));
    assert!(html.contains("<span class=\"n\">1</span> revised"));
    assert!(html.contains("<span class=\"n\">0</span> reversed"));
    assert!(html.contains("83 days</span>"), "how late");
    // Badges on the index rows and on record pages.
    let index = read(site.join("index.html"));
    assert!(index.contains("<span class=\"badge revisit-overdue\">overdue by 83 days</span>"));
    let page = read(site.join("decisions/0002-cache-at-the-edge.html"));
    assert!(page.contains("<span class=\"badge revisit-due\">due in 8 days</span>"));
}

#[test]
fn the_tradeoffs_page_groups_and_shows_verdicts() {
    let (_t, dir) = revisits_project();
    let site = build(&dir, &[]);
    let html = read(site.join("tradeoffs.html"));
    // `speed over quality` and `Speed over Quality` are one group of three decisions.
    assert!(
        html.contains("<h2 id=\"speed-over-quality\"><strong>speed</strong> over <strong>quality</strong>: 3 decisions</h2>"),
        "{html}"
    );
    assert_eq!(
        ids_in_section(&html, "speed-over-quality"),
        [
            "0002-cache-at-the-edge",
            "0001-store-events",
            "0005-monorepo"
        ]
    );
    let group = &html[html.find("id=\"speed-over-quality\"").unwrap()..];
    let group = &group[..group.find("</section>").unwrap()];
    assert!(
        group.contains("href=\"decisions/0006-monorepo-review.html\""),
        "verdict links to its retrospective"
    );
    assert!(
        group.contains("1 held up") || group.contains("held up</span> 1"),
        "{group}"
    );
    assert!(group.contains("2 not reviewed yet"), "{group}");
    assert!(
        group.contains("href=\"#quality-over-speed\""),
        "the opposite trade-off"
    );
    assert!(html.contains("<h2 id=\"quality-over-speed\"><strong>quality</strong> over <strong>speed</strong>: 1 decision</h2>"));
}

// ---------------------------------------------------------------- feeds

/// Unescapes an iCalendar TEXT value.
fn ics_unescape(v: &str) -> String {
    let mut out = String::new();
    let mut chars = v.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            match chars.next() {
                Some('n') | Some('N') => out.push('\n'),
                Some(x) => out.push(x),
                None => {}
            }
        } else {
            out.push(c);
        }
    }
    out
}

fn prop<'a>(props: &'a [ical::property::Property], name: &str) -> Option<&'a str> {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

#[test]
fn the_revisit_calendar_parses_and_has_one_event_per_planned_revisit() {
    let (_t, dir) = revisits_project();
    let site = build(&dir, &["--base-url", "https://adr.example.org/team/"]);
    let bytes = std::fs::read(site.join("revisits.ics")).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    // Every line ends in CRLF and is at most 75 octets.
    assert!(text.ends_with("END:VCALENDAR\r\n"));
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
        assert!(!line.contains('\n') && !line.contains('\r'));
    }
    assert!(text.contains("\r\n "), "long lines are folded");

    let mut parser = ical::IcalParser::new(BufReader::new(&bytes[..]));
    let cal = parser.next().expect("a calendar").expect("that parses");
    assert!(parser.next().is_none());
    assert_eq!(prop(&cal.properties, "VERSION"), Some("2.0"));
    assert!(prop(&cal.properties, "PRODID").is_some());
    let uids: Vec<&str> = cal
        .events
        .iter()
        .map(|e| prop(&e.properties, "UID").unwrap())
        .collect();
    // Overdue, due and scheduled revisits; not the unplanned, reviewed or rejected ones.
    assert_eq!(
        uids,
        [
            "revisit-0007-feature-flags@adr.example.org",
            "revisit-0011-same-day@adr.example.org",
            "revisit-0001-store-events@adr.example.org",
            "revisit-0009-logging@adr.example.org",
            "revisit-0002-cache-at-the-edge@adr.example.org",
            "revisit-0003-adopt-grpc@adr.example.org",
        ]
    );
    let event = &cal.events[2];
    let start = event
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    assert_eq!(start.value.as_deref(), Some("20261001"));
    assert_eq!(
        start.params.as_ref().unwrap()[0],
        ("VALUE".to_string(), vec!["DATE".to_string()])
    );
    assert_eq!(prop(&event.properties, "DTEND"), Some("20261002"));
    assert_eq!(
        ics_unescape(prop(&event.properties, "SUMMARY").unwrap()),
        "Store events in PostgreSQL; one database, for state and events"
    );
    let description = ics_unescape(prop(&event.properties, "DESCRIPTION").unwrap());
    assert!(
        description.contains(
            "Trigger: write volume passes 5k events/s, or the team doubles in size and the on-call load with it"
        ),
        "{description}"
    );
    assert!(description.contains("https://adr.example.org/team/decisions/0001-store-events.html"));
    assert_eq!(
        prop(&event.properties, "URL"),
        Some("https://adr.example.org/team/decisions/0001-store-events.html")
    );
    // DTSTAMP comes from the record (its date), not the clock.
    assert_eq!(prop(&event.properties, "DTSTAMP"), Some("20260302T000000Z"));
    // Same input, same bytes; and a moved revisit keeps its UID.
    let again = build(&dir, &["--base-url", "https://adr.example.org/team/"]);
    assert_eq!(std::fs::read(again.join("revisits.ics")).unwrap(), bytes);
    let path = dir.join("src/0001-store-events.md");
    let moved = read(path.clone()).replace("date: 2026-10-01", "date: 2027-02-01");
    std::fs::write(&path, moved).unwrap();
    let site = build(&dir, &["--base-url", "https://adr.example.org/team/"]);
    let text = read(site.join("revisits.ics"));
    let cal = ical::IcalParser::new(BufReader::new(text.as_bytes()))
        .next()
        .unwrap()
        .unwrap();
    let e = cal
        .events
        .iter()
        .find(|e| prop(&e.properties, "UID") == Some("revisit-0001-store-events@adr.example.org"))
        .unwrap();
    assert_eq!(prop(&e.properties, "DTSTART"), Some("20270201"));
}

fn atom_ns(n: &roxmltree::Node<'_, '_>, name: &str) -> bool {
    n.is_element()
        && n.tag_name().name() == name
        && n.tag_name().namespace() == Some("http://www.w3.org/2005/Atom")
}

fn child_text<'a>(n: &roxmltree::Node<'a, '_>, name: &str) -> Option<&'a str> {
    n.children()
        .find(|c| atom_ns(c, name))
        .and_then(|c| c.text())
}

fn parse_rfc3339(s: &str) -> jiff::Timestamp {
    s.parse()
        .unwrap_or_else(|e| panic!("`{s}` is not RFC 3339: {e}"))
}

/// The Atom rules of RFC 4287 §4.1 that a validator checks, on a parsed document.
fn assert_valid_atom(doc: &roxmltree::Document<'_>) {
    let feed = doc.root_element();
    assert!(atom_ns(&feed, "feed"));
    for required in ["id", "title", "updated"] {
        assert_eq!(
            feed.children().filter(|c| atom_ns(c, required)).count(),
            1,
            "feed needs one {required}"
        );
    }
    parse_rfc3339(child_text(&feed, "updated").unwrap());
    let feed_author = feed.children().any(|c| atom_ns(&c, "author"));
    for e in feed.children().filter(|c| atom_ns(c, "entry")) {
        for required in ["id", "title", "updated"] {
            assert_eq!(
                e.children().filter(|c| atom_ns(c, required)).count(),
                1,
                "entry needs one {required}"
            );
        }
        parse_rfc3339(child_text(&e, "updated").unwrap());
        if let Some(p) = child_text(&e, "published") {
            parse_rfc3339(p);
        }
        assert!(feed_author || e.children().any(|c| atom_ns(&c, "author")));
        assert!(
            e.children()
                .any(|c| atom_ns(&c, "link") && c.attribute("rel") == Some("alternate")),
            "an entry without content needs an alternate link"
        );
        for a in e.children().filter(|c| atom_ns(c, "author")) {
            assert!(child_text(&a, "name").is_some_and(|n| !n.is_empty()));
        }
    }
}

#[test]
fn the_atom_feed_is_valid_newest_first_and_deterministic() {
    let (_t, dir) = revisits_project();
    // A title with markup and a control character must still give well-formed XML.
    std::fs::write(
        dir.join("src/0012-markup.md"),
        "---\ntitle: \"Use <b>bold</b> & \\\"quotes\\\" \\u0001 here\"\nstatus: proposed\ndate: 2026-11-01\n---\n\nBody.\n",
    )
    .unwrap();
    let site = build(&dir, &["--base-url", "https://adr.example.org/team"]);
    let text = read(site.join("feed.xml"));
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    assert_valid_atom(&doc);
    let feed = doc.root_element();
    assert_eq!(
        child_text(&feed, "id"),
        Some("https://adr.example.org/team/")
    );
    let entries: Vec<roxmltree::Node<'_, '_>> =
        feed.children().filter(|c| atom_ns(c, "entry")).collect();
    assert_eq!(entries.len(), 12);
    let titles: Vec<&str> = entries
        .iter()
        .map(|e| child_text(e, "title").unwrap())
        .collect();
    assert_eq!(titles[0], "12. Use <b>bold</b> & \"quotes\"  here");
    // Newest first, by the records' dates.
    let published: Vec<jiff::Timestamp> = entries
        .iter()
        .map(|e| parse_rfc3339(child_text(e, "published").unwrap()))
        .collect();
    assert!(published.windows(2).all(|w| w[0] >= w[1]), "{published:?}");
    let ids: BTreeSet<&str> = entries
        .iter()
        .map(|e| child_text(e, "id").unwrap())
        .collect();
    assert_eq!(ids.len(), entries.len(), "ids are unique");
    assert!(ids.contains("https://adr.example.org/team/decisions/0001-store-events.html"));
    // A decision's entry is updated when a retrospective reviews it.
    let monorepo = entries
        .iter()
        .find(|e| child_text(e, "title") == Some("5. Keep one repository"))
        .unwrap();
    assert_eq!(
        child_text(monorepo, "published"),
        Some("2024-01-15T00:00:00Z")
    );
    assert_eq!(
        child_text(monorepo, "updated"),
        Some("2025-01-10T00:00:00Z")
    );
    // The feed's updated is its newest entry's, not the clock.
    let newest = entries
        .iter()
        .map(|e| parse_rfc3339(child_text(e, "updated").unwrap()))
        .max()
        .unwrap();
    assert_eq!(parse_rfc3339(child_text(&feed, "updated").unwrap()), newest);
    let again = build(&dir, &["--base-url", "https://adr.example.org/team"]);
    assert_eq!(read(again.join("feed.xml")), text);
}

#[test]
fn without_a_base_url_feed_links_are_relative_and_ids_stable() {
    let (_t, dir) = revisits_project();
    let site = build(&dir, &[]);
    let text = read(site.join("feed.xml"));
    let doc = roxmltree::Document::parse(&text).unwrap();
    assert_valid_atom(&doc);
    let entry = doc
        .root_element()
        .children()
        .find(|c| atom_ns(c, "entry"))
        .unwrap();
    let link = entry.children().find(|c| atom_ns(c, "link")).unwrap();
    assert!(link.attribute("href").unwrap().starts_with("decisions/"));
    assert!(
        child_text(&entry, "id")
            .unwrap()
            .starts_with("urn:hindsight:decisions:")
    );
    let ics = read(site.join("revisits.ics"));
    assert!(ics.contains("UID:revisit-0001-store-events@hindsight.invalid\r\n"));
    assert!(!ics.contains("\r\nURL:"));
}

// ---------------------------------------------------------------- git

fn git(dir: &Path, args: &[&str], date: &str, author: &str) {
    let o = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", author)
        .env("GIT_AUTHOR_EMAIL", "a@example.org")
        .env("GIT_COMMITTER_NAME", author)
        .env("GIT_COMMITTER_EMAIL", "a@example.org")
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00+00:00"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00+00:00"))
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

fn git_available() -> bool {
    std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// A repository with the records in `docs/adr` and the configuration at the top.
fn git_project() -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let repo = tmp.path().join("repo");
    std::fs::create_dir_all(repo.join("docs/adr")).unwrap();
    std::fs::write(
        repo.join("docs/adr/0001-first.md"),
        "---\ntitle: First\nstatus: accepted\nrevisit: 2027-01-01\n---\n\nNo date in the file.\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("docs/adr/0002-second.md"),
        "---\ntitle: Second\nstatus: proposed\ndate: 2020-02-02\n---\n\nDated.\n",
    )
    .unwrap();
    std::fs::write(
        repo.join("hindsight.toml"),
        "repo_url = \"https://github.com/acme/widgets\"\nbranch = \"trunk\"\n[[sources]]\npath = \"docs/adr\"\n",
    )
    .unwrap();
    git(&repo, &["init", "-q", "-b", "trunk"], "2026-01-10", "Ana");
    git(&repo, &["add", "-A"], "2026-01-10", "Ana");
    git(&repo, &["commit", "-qm", "first"], "2026-01-10", "Ana");
    std::fs::write(
        repo.join("docs/adr/0001-first.md"),
        "---\ntitle: First\nstatus: accepted\nrevisit: 2027-01-01\n---\n\nNo date in the file, edited.\n",
    )
    .unwrap();
    git(
        &repo,
        &["commit", "-qam", "edit"],
        "2026-03-15",
        "Wei Zhang",
    );
    (tmp, repo)
}

#[test]
fn git_gives_dates_authors_and_edit_links() {
    if !git_available() {
        eprintln!("git is not installed; skipping");
        return;
    }
    let (_t, repo) = git_project();
    let o = run(&repo, &["build", "-o", "site", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = read(repo.join("site/decisions/0001-first.html"));
    assert!(
        page.contains("<dt>Last changed</dt><dd><time datetime=\"2026-03-15\">2026-03-15</time> by Wei Zhang</dd>"),
        "{page}"
    );
    assert!(
        page.contains("href=\"https://github.com/acme/widgets/edit/trunk/docs/adr/0001-first.md\""),
        "{page}"
    );
    // The date rule: no date in the file, so the first commit's; a stated date wins.
    let json: Value = serde_json::from_str(&read(repo.join("site/decisions.json"))).unwrap();
    let date = |id: &str| {
        json["records"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["id"] == id)
            .unwrap()["date"]
            .clone()
    };
    assert_eq!(date("0001-first"), "2026-01-10");
    assert_eq!(date("0002-second"), "2020-02-02");
    // The feed entry is updated by the later commit.
    let feed = read(repo.join("site/feed.xml"));
    let doc = roxmltree::Document::parse(&feed).unwrap();
    let first = doc
        .root_element()
        .children()
        .filter(|c| atom_ns(c, "entry"))
        .find(|e| child_text(e, "title") == Some("1. First"))
        .unwrap();
    assert_eq!(child_text(&first, "updated"), Some("2026-03-15T00:00:00Z"));
    assert_eq!(
        child_text(&first, "published"),
        Some("2026-01-10T00:00:00Z")
    );
    // `check` still says the file has no date, and which date the site uses.
    let o = run(&repo, &["check", "--format", "json", "--today", TODAY]);
    let report: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let missing = report["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["code"] == "missing-date")
        .unwrap();
    assert!(missing["file"].as_str().unwrap().ends_with("0001-first.md"));
    assert!(missing["hint"].as_str().unwrap().contains("2026-01-10"));
}

#[test]
fn a_shallow_clone_warns_and_no_git_still_builds() {
    if !git_available() {
        eprintln!("git is not installed; skipping");
        return;
    }
    let (t, repo) = git_project();
    let clone = t.path().join("clone");
    let url = format!("file://{}", repo.display());
    git(
        t.path(),
        &["clone", "-q", "--depth", "1", &url, clone.to_str().unwrap()],
        "2026-04-01",
        "Ana",
    );
    let o = run(&clone, &["build", "-o", "site", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    assert!(
        stderr(&o).contains("warning[shallow-clone]"),
        "{}",
        stderr(&o)
    );
    // `check` reports records, not the clone: the shallow warning does not fail a CI check.
    let o = run(&clone, &["check", "--format", "github", "--today", TODAY]);
    assert!(!stdout(&o).contains("shallow-clone"));

    // Without git on the PATH the site builds, with no dates from git.
    let empty = t.path().join("empty-path");
    std::fs::create_dir_all(&empty).unwrap();
    let o = hindsight(&repo)
        .env("PATH", &empty)
        .args(["build", "-o", "site2", "--today", TODAY])
        .output()
        .unwrap();
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = read(repo.join("site2/decisions/0001-first.html"));
    assert!(!page.contains("Last changed"));
}

// ---------------------------------------------------------------- review policy

/// (id, revisit date, state, source) of every record in an export.
fn revisits(export: &Value) -> Vec<(String, String, String, String)> {
    export["records"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let v = &r["revisit"];
            let s = |x: &Value| x.as_str().unwrap_or("-").to_string();
            (s(&r["id"]), s(&v["date"]), s(&v["state"]), s(&v["source"]))
        })
        .collect()
}

/// `review_after` (or `--review-after`) gives every accepted decision with no revisit date
/// of its own an implied one, its date plus the interval, shown "by policy"; the review
/// fields teams already write (`review_in` with `last_reviewed_on`, `review_in` alone,
/// `Review date:`, `next-review`) are revisit dates from a review.
#[test]
fn review_policy_and_review_fields_fill_the_managers_view() {
    let (_tmp, dir) = copy_fixture("policy");
    let root = dir.parent().unwrap();
    let s = |x: &str| x.to_string();
    let row =
        |id: &str, date: &str, state: &str, source: &str| (s(id), s(date), s(state), s(source));
    let with_review_fields = [
        row("0003-use-rust", "2027-05-01", "scheduled", "record"),
        row("0004-use-entra-id", "2026-12-01", "due", "review"),
        row("0005-adopt-grpc", "2026-11-01", "overdue", "review"),
        row("0006-monorepo", "2027-01-15", "scheduled", "review"),
        row("0007-try-kafka", "-", "-", "-"),
        row("0008-feature-flags", "2026-11-15", "overdue", "review"),
    ];
    // No policy: the two decisions with no date of their own are unplanned.
    let o = run(root, &["export", "policy", "--today", TODAY]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let mut want = vec![
        row("0001-store-events", "-", "unplanned", "-"),
        row("0002-cache-at-the-edge", "-", "unplanned", "-"),
    ];
    want.extend(with_review_fields.iter().cloned());
    assert_eq!(revisits(&common::json(&o.stdout)), want);
    // `--review-after 12 months`: date plus twelve months, by policy.
    let o = run(
        root,
        &[
            "export",
            "policy",
            "--today",
            TODAY,
            "--review-after",
            "12 months",
        ],
    );
    let mut want = vec![
        row("0001-store-events", "2026-10-01", "overdue", "policy"),
        row("0002-cache-at-the-edge", "2026-12-10", "due", "policy"),
    ];
    want.extend(with_review_fields.iter().cloned());
    assert_eq!(revisits(&common::json(&o.stdout)), want);
    // The same from hindsight.toml.
    std::fs::write(
        root.join("hindsight.toml"),
        "review_after = \"12 months\"\n",
    )
    .unwrap();
    let o = run(root, &["export", "policy", "--today", TODAY]);
    assert_eq!(revisits(&common::json(&o.stdout)), want);

    // `due` says which dates are by policy.
    let o = run(root, &["due", "policy", "--today", TODAY]);
    let table = stdout(&o);
    assert!(table.contains("2026-10-01 by policy"), "{table}");
    assert!(table.contains("3 overdue, 2 due within 30 days"), "{table}");
    let o = run(
        root,
        &["due", "policy", "--today", TODAY, "--format", "json"],
    );
    let items = common::json(&o.stdout)["items"].clone();
    assert_eq!(items[0]["id"], "0001-store-events");
    assert_eq!(items[0]["revisit_source"], "policy");
    // `check` no longer calls them accepted without revisit.
    let o = run(root, &["check", "policy", "--today", TODAY]);
    assert!(
        !stderr(&o).contains("accepted-without-revisit"),
        "{}",
        stderr(&o)
    );

    // The site: the record page, the dashboard and the calendar say "by policy".
    let o = run(root, &["build", "policy", "--today", TODAY, "-o", "out"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let page = std::fs::read_to_string(root.join("out/decisions/0001-store-events.html")).unwrap();
    assert!(
        page.contains("by policy (12 months after the decision)"),
        "{page}"
    );
    let page = std::fs::read_to_string(root.join("out/decisions/0004-use-entra-id.html")).unwrap();
    assert!(page.contains("from the review date"));
    let dashboard = std::fs::read_to_string(root.join("out/revisits.html")).unwrap();
    assert!(dashboard.contains("by policy"));
    let ics = std::fs::read_to_string(root.join("out/revisits.ics")).unwrap();
    // Long lines are folded (RFC 5545): unfold them to read the description.
    let ics = ics.replace("\r\n ", "");
    assert!(
        ics.contains("Date: by policy (12 months after the decision)"),
        "{ics}"
    );

    // A bad interval is a usage error that says how to write one.
    let o = run(root, &["due", "policy", "--review-after", "a while"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("`a while` is not an interval"),
        "{}",
        stderr(&o)
    );
    std::fs::write(root.join("hindsight.toml"), "review_after = \"soon\"\n").unwrap();
    let o = run(root, &["due", "policy"]);
    assert_eq!(code(&o), 2);
    assert!(
        stderr(&o).contains("`soon` is not an interval"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn check_allow_refuses_an_unknown_code_with_the_closest_one() {
    let (_t, dir) = lints_project();
    let o = run(&dir, &["check", "lints", "--allow", "overdue-revist"]);
    assert_eq!(code(&o), 2, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("no diagnostic code `overdue-revist` (did you mean `overdue-revisit`?)"),
        "{err}"
    );
    let o = run(&dir, &["check", "lints", "--allow", "overdue-revisit"]);
    assert_ne!(code(&o), 2, "{}", stderr(&o));
}
