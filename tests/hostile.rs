//! Issue 12: nothing a record does can crash hindsight, and every stage is linear in its
//! input. Each numbered item of the issue has a test here (or names the file that has it).
//! Time is never asserted: linearity is checked with deterministic counts (bytes of
//! output, diagnostics), and `benches/hostile.sh` times records of every shape.

use std::path::Path;

use hindsight::dialect::links::{self, Place};
use hindsight::dialect::{self, ReadOptions};
use hindsight::discover::SourceText;

mod common;

fn file(source: &str, text: &str) -> SourceText {
    SourceText {
        source: source.into(),
        display: source.into(),
        package: None,
        text: text.into(),
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

/// Item 1: a multi-byte character after a supersede keyword killed build, check, export
/// and serve with `byte index is not a char boundary`.
#[test]
fn multi_byte_text_after_supersede_keywords_reads() {
    for line in [
        "status: superseded by é",
        "Superseded by — ADR 3",
        "* Status: superseded by ADR\u{2011}0005",
        "Supersedes: ADR 3 (Überarbeitung)",
        "superseded by ADR-é7 and ADR 𝄞9",
        "replaces #é, amends 0012-ü.md",
    ] {
        for place in [Place::Status, Place::Prose] {
            let _ = links::scan_line(line, 1, 0, place);
        }
    }
    let found = links::scan_line("Supersedes: ADR 3 (Überarbeitung)", 1, 0, Place::Status);
    assert_eq!(found[0].reference.text, "3");
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("decisions");
    write(
        &src,
        "0001-a.md",
        "# 1. A\n\nDate: 2024-01-01\n\n## Status\n\nSuperseded by — ADR 3\n",
    );
    write(
        &src,
        "0002-b.md",
        "---\ntitle: B\nstatus: superseded by é\n---\n",
    );
    write(
        &src,
        "0003-c.md",
        "# C\n\n* Status: superseded by ADR\u{2011}0005\n* Date: 2024-01-01\n",
    );
    write(
        &src,
        "0004-d.md",
        "# 4. D\n\nDate: 2024-01-01\n\n## Status\n\nSupersedes: ADR 3 (Überarbeitung)\n",
    );
    for cmd in [vec!["build", "-o"], vec!["check"], vec!["export"]] {
        let mut c = common::hindsight(dir.path());
        c.args(&cmd);
        if cmd.len() == 2 {
            c.arg(dir.path().join("site"));
        }
        let out = c.arg(&src).output().unwrap();
        assert!(
            out.status.code().is_some_and(|c| c < 100),
            "{cmd:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// Item 3: diagnostics of many links on one long line quote a window of the line, and a
/// file shows the first 20 diagnostics of each code and a count of the rest, so the output
/// stays the same size however many links (or references in the front matter) are broken.
#[test]
fn repeated_diagnostics_show_the_first_twenty_and_a_count() {
    let out_for = |n: usize| {
        let body = "[x](missing.md) ".repeat(n);
        let refs: Vec<String> = (100..100 + n).map(|i| i.to_string()).collect();
        let dir = tempfile::tempdir().unwrap();
        write(
            dir.path(),
            "0001-a.md",
            &format!(
                "---\ntitle: A\ndate: 2024-01-01\nrelates: [{}]\n---\n{body}\n",
                refs.join(", ")
            ),
        );
        write(
            dir.path(),
            "0002-b.md",
            "---\ntitle: B\ndate: 2024-01-01\n---\n[x](gone.md) [y](gone.md)\n",
        );
        let out = common::hindsight(dir.path())
            .args(["check", "."])
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        let head = &err[..3000.min(err.len())];
        // 20 in 0001-a.md, 2 in 0002-b.md, and the count.
        assert_eq!(err.matches("warning[broken-link]").count(), 23, "{head}");
        assert_eq!(
            err.matches("warning[dangling-reference]").count(),
            21,
            "{head}"
        );
        assert!(
            err.contains(&format!(
                "warning[broken-link]: {} more `broken-link` warnings in this file not shown",
                n - 20
            )),
            "{head}"
        );
        assert!(
            err.contains(&format!(
                "warning[dangling-reference]: {} more `dangling-reference` warnings in this file not shown",
                n - 20
            )),
            "{head}"
        );
        // The count comes after the ones shown, and names the file.
        let shown = err.rfind("`missing.md` points at no record").unwrap();
        let count = err.find("more `broken-link` warnings").unwrap();
        assert!(shown < count, "{head}");
        assert!(
            err[count..]
                .lines()
                .nth(1)
                .unwrap_or("")
                .ends_with("0001-a.md"),
            "{}",
            &err[count..]
        );
        // Lints `check` adds are counted the same way.
        assert_eq!(
            err.matches("warning[flow-list-comma]").count(),
            21,
            "{head}"
        );
        err.len()
    };
    let (small, big) = (out_for(500), out_for(5000));
    // Ten times the links: the same output, give or take the digits of the counts.
    assert!(
        big < small + 100,
        "{small} bytes for 500 links, {big} for 5000"
    );
}

/// Item 3: the reader of every dialect is linear; deterministic stand-ins for time: nested
/// brackets and unclosed markup must not blow the stack, and what is read is the same
/// whatever the size.
#[test]
fn hostile_shapes_read_without_panics_or_deep_recursion() {
    let n = 200_000;
    let shapes = [
        "[".repeat(n),
        "]".repeat(n),
        format!("{}{}", "[".repeat(n), "]".repeat(n)),
        format!("{}x{}", "[".repeat(n / 8), "](a.md)".repeat(n / 8)),
        "[a](".repeat(n / 4),
        "<".repeat(n),
        "< ".repeat(n),
        ">".repeat(n),
        "## Status\nsuperseded by 1\n".repeat(n / 20),
        "# h\n".repeat(n / 4),
        format!("# [Superseded by {}] T", "[x](a.md) ".repeat(n / 10)),
        format!("# {}", "[".repeat(n)),
        "superseded by é — ".repeat(n / 20),
        "## Pros and Cons of the Options\n### A\n".repeat(n / 40),
        "## Considered Options\n* a\n".repeat(n / 30),
        (0..n / 20)
            .map(|i| format!("### Option {i}\n\n* Good, because x\n\n"))
            .collect(),
    ];
    for body in &shapes {
        for text in [
            format!("---\ntitle: T\n---\n{body}\n"),
            format!("# T\n\n## Status\n\n{body}\n"),
        ] {
            let r = dialect::read(&file("0001-t.md", &text), &ReadOptions::default());
            drop(r);
            let _ = hindsight::document::plain_text(body);
        }
    }
}

/// Item 2: symbolic links never publish files from outside the source folder.
#[cfg(unix)]
#[test]
fn symbolic_links_out_of_the_source_folder_are_not_read_or_copied() {
    use std::os::unix::fs::symlink;
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("src");
    write(&dir.path().join("outside"), "secret.txt", "TOKEN=hunter2\n");
    write(
        &dir.path().join("outside/adr"),
        "0009-outside.md",
        "---\ntitle: Outside record\n---\nTOKEN=hunter2\n",
    );
    write(
        &src,
        "0001-a.md",
        "---\ntitle: A\ndate: 2024-01-01\n---\n[env](env.txt) [host](host.txt) [s](secret.txt) [i](inside.txt) [o](sub/0009-outside.md)\n",
    );
    write(&src, "real.txt", "inside\n");
    symlink("/proc/self/environ", src.join("env.txt")).unwrap();
    symlink("/etc/hostname", src.join("host.txt")).unwrap();
    symlink(
        dir.path().join("outside/secret.txt"),
        src.join("secret.txt"),
    )
    .unwrap();
    symlink(dir.path().join("outside/adr"), src.join("sub")).unwrap();
    symlink(src.join("real.txt"), src.join("inside.txt")).unwrap();
    let site = dir.path().join("site");
    let out = common::hindsight(dir.path())
        .arg("build")
        .arg(&src)
        .arg("-o")
        .arg(&site)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    for name in ["env.txt", "host.txt", "secret.txt", "sub"] {
        assert!(!site.join("files").join(name).exists(), "{name} was copied");
        assert!(
            err.contains("warning[link-outside-source]") && err.contains(name),
            "no warning naming {name}: {err}"
        );
    }
    assert!(
        site.join("files/inside.txt").exists(),
        "a link inside the folder is kept"
    );
    let tree = common::snapshot_tree(&site);
    for (path, bytes) in &tree {
        assert!(
            !String::from_utf8_lossy(bytes).contains("hunter2"),
            "{path} holds a file from outside"
        );
    }
}

/// Item 6: ten `hindsight new` at once in one folder take ten different numbers.
#[test]
fn concurrent_new_records_take_distinct_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("decisions");
    write(
        &src,
        "0200-last.md",
        "# 200. Last\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n",
    );
    let bin = assert_cmd::cargo::cargo_bin("hindsight");
    let children: Vec<_> = (0..10)
        .map(|i| {
            std::process::Command::new(&bin)
                .current_dir(dir.path())
                .args(["new", &format!("Concurrent record {i}"), "--dir"])
                .arg(&src)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for c in children {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let mut numbers: Vec<String> = std::fs::read_dir(&src)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .map(|n| n[..4].to_string())
        .collect();
    numbers.sort();
    let expected: Vec<String> = (200..=210).map(|n| format!("{n:04}")).collect();
    assert_eq!(numbers, expected);
    let claims = std::fs::read_dir(&src)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("claim")
        })
        .count();
    assert_eq!(claims, 0, "claims are released");
}

/// Item 5: an edit saved to the superseded record between the plan and the write is never
/// lost: nothing is written (the new record is removed again) and the error says so.
#[test]
fn new_supersedes_never_overwrites_an_edit_saved_meanwhile() {
    use hindsight::author::{self, AuthorError, NewRequest};
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("decisions");
    let old = "# 1. Old\n\nDate: 2024-01-01\n\n## Status\n\nAccepted\n";
    write(&src, "0001-old.md", old);
    let project = hindsight::project::Project::locate(
        Some(&src),
        Some(&dir.path().join("no-such-hindsight.toml")),
    )
    .unwrap();
    let req = NewRequest {
        title: "New".into(),
        dir: src.clone(),
        supersedes: vec!["1".into()],
        reviews: None,
        date: hindsight::date::Date::parse_iso("2024-02-01").unwrap(),
        number: None,
        number_from: 0,
        links: Vec::new(),
        applies_to: Vec::new(),
    };
    let plan = author::plan_new(&project, &req).unwrap();
    assert_eq!(plan.edits.len(), 1);
    let edited = format!("{old}\nAn edit saved by an editor meanwhile.\n");
    std::fs::write(src.join("0001-old.md"), &edited).unwrap();
    let err = author::apply(&plan).unwrap_err();
    assert!(matches!(err, AuthorError::Setup(_)), "exit 2");
    assert!(err.diagnostics()[0].code == "edited-meanwhile");
    assert_eq!(
        std::fs::read_to_string(src.join("0001-old.md")).unwrap(),
        edited
    );
    assert!(!plan.path.exists(), "nothing written");
    let left: Vec<_> = std::fs::read_dir(&src).unwrap().collect();
    assert_eq!(left.len(), 1, "no temporary file left");
}

/// Item 9: control characters in any value are removed with a warning, never written raw
/// into the site; the fast path leaves what serde_yaml reads differently to serde_yaml.
#[test]
fn control_characters_never_reach_the_site() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("decisions");
    write(
        &src,
        "0001-a.md",
        "---\ntitle: a\u{0}b\nstatus: acc\u{1b}epted\ntags: [x\u{7f}y, \u{85}z]\n---\nBody \u{0} with\u{fffe} NUL.\n",
    );
    write(
        &src,
        "0002-b.md",
        "# 2. Heading \u{1}with SOH\n\nDate: 2024-01-01\n",
    );
    let site = dir.path().join("site");
    let out = common::hindsight(dir.path())
        .arg("build")
        .arg(&src)
        .arg("-o")
        .arg(&site)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert_eq!(
        err.matches("warning[control-character]").count(),
        2,
        "{err}"
    );
    for (path, bytes) in common::snapshot_tree(&site) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text
                .chars()
                .any(|c| (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffe}'),
            "{path} holds a control character"
        );
    }
    let export = common::hindsight(dir.path())
        .arg("export")
        .arg(&src)
        .output()
        .unwrap();
    let json = common::json(&export.stdout);
    assert_eq!(common::record(&json, "0001-a")["title"], "ab");
    assert_eq!(common::record(&json, "0001-a")["status"], "accepted");
}

/// Item 8: a 251-character tag gets a bounded, stable file name; twins that differ only in
/// letter case or Unicode normalisation get distinct pages and a warning.
#[test]
fn long_tags_and_file_name_twins_build() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("decisions");
    let long = "t".repeat(251);
    write(
        &src,
        "0001-a.md",
        &format!("---\ntitle: A\ndate: 2024-01-01\ntags: [{long}, \"{long}!\"]\n---\n"),
    );
    write(&src, "A.md", "---\ntitle: Upper\ndate: 2024-01-01\n---\n");
    write(&src, "a.md", "---\ntitle: Lower\ndate: 2024-01-01\n---\n");
    write(
        &src,
        "0003-caf\u{e9}.md",
        "---\ntitle: NFC\ndate: 2024-01-01\n---\n",
    );
    write(
        &src,
        "0003-cafe\u{301}.md",
        "---\ntitle: NFD\ndate: 2024-01-01\n---\n",
    );
    let build = |out: &str| {
        let site = dir.path().join(out);
        let o = common::hindsight(dir.path())
            .arg("build")
            .arg(&src)
            .arg("-o")
            .arg(&site)
            .output()
            .unwrap();
        (o, site)
    };
    let (out, site) = build("site");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    let tags: Vec<String> = std::fs::read_dir(site.join("tags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(tags.iter().all(|t| t.len() <= 100), "{tags:?}");
    assert_eq!(
        tags.iter().filter(|t| t.starts_with("tttt")).count(),
        2,
        "{tags:?}"
    );
    let (_, again) = build("site2");
    let mut tags2: Vec<String> = std::fs::read_dir(again.join("tags"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let mut tags = tags;
    tags.sort();
    tags2.sort();
    assert_eq!(tags, tags2, "slugs are stable");
    assert_eq!(err.matches("warning[page-name-twin]").count(), 2, "{err}");
    let mut folded: Vec<String> = std::fs::read_dir(site.join("decisions"))
        .unwrap()
        .map(|e| {
            use unicode_normalization::UnicodeNormalization;
            e.unwrap()
                .file_name()
                .to_string_lossy()
                .nfc()
                .collect::<String>()
                .to_lowercase()
        })
        .collect();
    let n = folded.len();
    folded.sort();
    folded.dedup();
    assert_eq!(
        folded.len(),
        n,
        "page names collide once case and normalisation are ignored"
    );
    assert_eq!(n, 5);
}

/// Item 8: a full disk (every write failing) reports the first few errors and a count.
#[test]
fn a_full_disk_reports_a_few_errors_and_a_count() {
    struct Full;
    impl hindsight::render::Sink for Full {
        fn put(
            &self,
            f: hindsight::render::OutputFile,
        ) -> Result<(), hindsight::diagnostic::Diagnostic> {
            Err(hindsight::diagnostic::Diagnostic::error(
                hindsight::diagnostic::Code::Io,
                format!(
                    "cannot write `{}`: No space left on device (os error 28)",
                    f.path
                ),
            ))
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("decisions");
    for i in 1..=60 {
        write(
            &src,
            &format!("{i:04}-r.md"),
            &format!("---\ntitle: R{i}\ndate: 2024-01-01\n---\n"),
        );
    }
    let project =
        hindsight::project::Project::locate(Some(&src), Some(&dir.path().join("none.toml")))
            .unwrap();
    let loaded = hindsight::load(
        &project,
        hindsight::date::Date::parse_iso("2024-02-01").unwrap(),
        None,
    );
    let templates = hindsight::templates_for(&project).unwrap();
    let settings = hindsight::render_settings(&project, &templates, None);
    let errors = hindsight::render::render_into(&loaded.model, &settings, &Full).unwrap_err();
    assert!(
        errors.len() <= hindsight::render::pages::MAX_IO_ERRORS + 2,
        "{} errors",
        errors.len()
    );
    assert!(
        errors
            .iter()
            .any(|e| e.message.starts_with("and ") && e.message.contains("more files")),
        "{errors:?}"
    );
}

/// Item 3: a body is rendered as it is parsed, never collected event by event (a million
/// `[` made a million events and 1.3 GB); what the page shows is unchanged: the title's
/// heading is dropped, headings get unique anchors, links in headings are rewritten, runs
/// of brackets and `<` are text.
#[test]
fn bodies_of_brackets_and_headings_render_as_text_with_anchors() {
    let n = 50_000;
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("decisions");
    write(
        &src,
        "0001-target.md",
        "---\ntitle: Target\ndate: 2024-01-01\n---\nx\n",
    );
    let body = format!(
        "# Brackets\n\n{}\n\n{}\n\n## Part\n\n## Part\n\n## See [the target](0001-target.md) *now* {}\n\n{}x{}\n",
        "[".repeat(n),
        "<".repeat(n),
        "[".repeat(n),
        "[".repeat(n / 8),
        "](0001-target.md)".repeat(n / 8),
    );
    write(
        &src,
        "0002-brackets.md",
        &format!("---\ntitle: Brackets\ndate: 2024-01-01\n---\n{body}"),
    );
    let out = common::hindsight(dir.path())
        .args(["build", "decisions", "-o", "site", "--today", "2026-01-01"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page =
        std::fs::read_to_string(dir.path().join("site/decisions/0002-brackets.html")).unwrap();
    assert!(
        !page.contains("<h1 id=\"brackets\""),
        "the title's heading is dropped"
    );
    assert!(page.contains(&format!("<p>{}</p>", "[".repeat(n))));
    assert!(page.contains(&format!("<p>{}</p>", "&lt;".repeat(n))));
    assert!(page.contains("<h2 id=\"part\">Part</h2>"));
    assert!(page.contains("<h2 id=\"part-1\">Part</h2>"));
    assert!(
        page.contains(&format!(
            "<h2 id=\"see-the-target-now\">See <a href=\"../decisions/0001-target.html\">the target</a> <em>now</em> {}</h2>",
            "[".repeat(n)
        )),
        "{}",
        &page[page.find("see-the").unwrap_or(0)..][..300]
    );
    // The innermost bracket pair is the link; the rest stay text.
    assert_eq!(
        page.matches("<a href=\"../decisions/0001-target.html\">")
            .count(),
        2
    );
}

/// Item 3: MADR option sections fold behind the option cards in one pass (finding where
/// each of 10,000 `## Pros and Cons` sections ends took minutes); the sections after them
/// still show.
#[test]
fn many_option_sections_fold_and_the_rest_still_shows() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("decisions");
    let body = format!(
        "# Pick one\n\n## Status\n\naccepted\n\n## Considered Options\n\n* Alpha\n* Beta\n\n{}## Links\n\n* Only this stays\n",
        "## Pros and Cons of the Options\n\n### Alpha\n\n* Good, because fast\n\n".repeat(5_000)
    );
    write(&src, "0001-pick-one.md", &body);
    let out = common::hindsight(dir.path())
        .args(["build", "decisions", "-o", "site", "--today", "2026-01-01"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let page =
        std::fs::read_to_string(dir.path().join("site/decisions/0001-pick-one.html")).unwrap();
    assert!(page.contains("Only this stays"));
    assert!(
        !page.contains("Pros and Cons of the Options</h2>"),
        "folded behind the cards"
    );
    assert!(page.contains("Alpha") && page.contains("Beta"));
}

/// Item 3: a MADR record reads 64 options at most (comparing each new one with those read
/// stays linear); the rest are counted in a warning naming the file, never dropped silently.
#[test]
fn options_past_the_cap_are_reported() {
    let dir = tempfile::tempdir().unwrap();
    let options: String = (1..=100)
        .map(|i| format!("* Store {i:03} engine\n"))
        .collect();
    write(
        dir.path(),
        "0001-many.md",
        &format!(
            "# Many\n\n## Status\n\naccepted\n\n## Considered Options\n\n{options}\n## Decision Outcome\n\nChosen option: \"Store 001 engine\", because it is first.\n"
        ),
    );
    let out = common::hindsight(dir.path())
        .args(["check", "."])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(
            "warning[too-many-options]: the first 64 options are read; 36 more are left out"
        ),
        "{err}"
    );
    assert!(err.contains("0001-many.md"), "{err}");
    // 64 options: no warning.
    let options: String = (1..=64)
        .map(|i| format!("* Store {i:03} engine\n"))
        .collect();
    write(
        dir.path(),
        "0001-many.md",
        &format!("# Many\n\n## Status\n\naccepted\n\n## Considered Options\n\n{options}"),
    );
    let out = common::hindsight(dir.path())
        .args(["check", "."])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("too-many-options"));
}

/// Item 3: front matter with too many entries for serde_yaml (anchors, escapes: what the fast
/// reader does not take) is refused with an error at its first line, before serde_yaml builds a tree
/// several times its size; the same keys in plain YAML are read whatever the length.
#[test]
fn long_front_matter_needing_the_full_yaml_reader_is_refused_at_its_line() {
    let anchors: String = "---\na: &a [x, y]\n".to_string()
        + &(0..120_000)
            .map(|i| format!("b{i}: *a\n"))
            .collect::<String>()
        + "title: T\n---\n# T\n";
    let r = dialect::read(&file("0001-t.md", &anchors), &ReadOptions::default());
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == hindsight::diagnostic::Code::FrontMatter)
        .expect("a front-matter error");
    assert!(d.is_error());
    assert!(
        d.message.contains("too long for the full reader"),
        "{}",
        d.message
    );
    assert_eq!(d.line, Some(2), "{d:?}");
    // A long text in one value (a block scalar, which the fast reader does not take) is one
    // entry, and is read.
    let block = "---\ntitle: |\n".to_string() + &"  line\n".repeat(200_000) + "---\nBody.\n";
    let r = dialect::read(&file("0001-t.md", &block), &ReadOptions::default());
    assert!(
        r.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        r.diagnostics
    );
    // Short front matter with an anchor is still read by serde_yaml.
    let short = "---\na: &a [x, y]\nb: *a\ntitle: Anchored\n---\nBody.\n";
    let r = dialect::read(&file("0001-t.md", short), &ReadOptions::default());
    assert!(
        r.diagnostics.iter().all(|d| !d.is_error()),
        "{:?}",
        r.diagnostics
    );
    assert!(matches!(r.read_as, dialect::ReadAs::Record(rec) if rec.title == "Anchored"));
}

/// Item 3: a record stating 100,000 trade-offs keeps the first 64 and says how many were
/// left out, at the `tradeoffs:` line (the trade-offs page would otherwise list them all).
#[test]
fn trade_offs_past_the_cap_are_reported_at_their_key() {
    let text = "---\ntitle: T\ntradeoffs:\n".to_string()
        + &(0..100_000)
            .map(|i| format!("  - favor: a{i}\n    over: b{i}\n"))
            .collect::<String>()
        + "---\nBody.\n";
    let r = dialect::read(&file("0001-t.md", &text), &ReadOptions::default());
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == hindsight::diagnostic::Code::TooManyTradeoffs)
        .expect("a too-many-tradeoffs warning");
    assert!(d.message.contains("99936 more"), "{}", d.message);
    assert_eq!(d.line, Some(3), "{d:?}");
    let dialect::ReadAs::Record(rec) = r.read_as else {
        panic!("not a record")
    };
    assert_eq!(rec.tradeoffs.len(), 64);
    assert_eq!(rec.tradeoffs[63].favor, "a63");
}

/// Item 3: a body of 60,000 headings is read for its metadata from the first 50,000, with a
/// warning at the first heading left out; a status section among the first is still read,
/// and the text after the cut still renders.
#[test]
fn headings_past_the_cap_are_reported_and_the_first_still_read() {
    let text = "# Store events in Postgres\n\n## Status\n\nAccepted\n\n".to_string()
        + &"## Part\n\nText.\n\n".repeat(60_000);
    let r = dialect::read(&file("0001-t.md", &text), &ReadOptions::default());
    let d = r
        .diagnostics
        .iter()
        .find(|d| d.code == hindsight::diagnostic::Code::TooManyHeadings)
        .expect("a too-many-headings warning");
    assert!(d.message.contains("10002 more"), "{}", d.message);
    // Headings: the title (line 1), `## Status` (line 3), then a `## Part` every 4 lines
    // from line 7: the 50,001st heading is the 49,999th part.
    assert_eq!(d.line, Some(7 + 4 * 49_998), "{d:?}");
    let dialect::ReadAs::Record(rec) = r.read_as else {
        panic!("not a record")
    };
    assert_eq!(rec.title, "Store events in Postgres");
    assert_eq!(rec.status, hindsight::record::Status::Accepted);
    assert!(rec.folded.iter().all(|f| f.end <= text.len()));
}
