//! The command line as adr-tools' own suite tests it: each case in
//! `tests/fixtures/adr-tools/*.txt` is a script of commands run in an empty temporary
//! folder (a repository root: it holds `.git`), each followed by its exact expected output.
//!
//! Script lines: `$ hindsight ARGS` runs the binary; `$ mkdir -p DIR`, `$ cd DIR`,
//! `$ echo TEXT > FILE`, `$ printf TEXT > FILE` (with `\n`), `$ cat FILE` and
//! `$ git-root DIR` (a nested repository root) shape the folder. Expected output: standard
//! output as printed, each standard-error line prefixed with `! `, and `[exit N]` when the
//! exit code is not 0. `HINDSIGHT_BLESS=1` rewrites the expectations from what runs.

mod common;

use std::path::{Path, PathBuf};

const CASES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/adr-tools");

/// Splits a command line into words, with `"..."` (where `\"` and `\\` escape) and
/// `'...'` quoting.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match quote {
            Some('"') if c == '\\' && matches!(chars.peek(), Some('"' | '\\')) => {
                cur.extend(chars.next());
            }
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                any = true;
            }
            None if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
                any = false;
            }
            None => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Runs one script; returns the transcript in the expectation format.
fn run_script(script: &str) -> String {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join(".git")).unwrap();
    let mut cwd: PathBuf = tmp.path().to_path_buf();
    let mut out = String::new();
    for line in script.lines().filter_map(|l| l.strip_prefix("$ ")) {
        out.push_str(&format!("$ {line}\n"));
        let w = words(line);
        let arg = |i: usize| w.get(i).cloned().unwrap_or_default();
        match w[0].as_str() {
            "mkdir" => std::fs::create_dir_all(cwd.join(arg(2))).unwrap(),
            "git-root" => std::fs::create_dir_all(cwd.join(arg(1)).join(".git")).unwrap(),
            "cd" => cwd = cwd.join(arg(1)),
            "echo" | "printf" => {
                let text = if w[0] == "echo" {
                    format!("{}\n", arg(1))
                } else {
                    arg(1).replace("\\n", "\n")
                };
                assert_eq!(arg(2), ">", "{line}");
                std::fs::write(cwd.join(arg(3)), text).unwrap();
            }
            "cat" => out.push_str(&std::fs::read_to_string(cwd.join(arg(1))).unwrap()),
            "hindsight" => {
                let o = common::hindsight(&cwd)
                    .args(&w[1..])
                    .env("NO_COLOR", "1")
                    .output()
                    .unwrap();
                out.push_str(&String::from_utf8_lossy(&o.stdout));
                for l in String::from_utf8_lossy(&o.stderr).lines() {
                    out.push_str(&format!("! {l}\n"));
                }
                let code = o.status.code().unwrap_or(-1);
                if code != 0 {
                    out.push_str(&format!("[exit {code}]\n"));
                }
            }
            other => panic!("unknown script command `{other}` in `{line}`"),
        }
    }
    out
}

fn check_case(name: &str) {
    let path = Path::new(CASES).join(format!("{name}.txt"));
    let expected = std::fs::read_to_string(&path).unwrap();
    let actual = run_script(&expected);
    if std::env::var_os("HINDSIGHT_BLESS").is_some() {
        std::fs::write(&path, &actual).unwrap();
        return;
    }
    assert_eq!(
        expected, actual,
        "case {name}: expected (left) and actual (right) transcripts differ"
    );
}

macro_rules! cases {
    ($($name:ident),* $(,)?) => {
        $(#[test] fn $name() { check_case(&stringify!($name).replace('_', "-")); })*

        /// Every expectation file is run by a test above.
        #[test]
        fn every_case_file_has_a_test() {
            let known: Vec<String> = vec![$(stringify!($name).replace('_', "-")),*];
            for e in std::fs::read_dir(CASES).unwrap() {
                let name = e.unwrap().file_name().to_string_lossy().trim_end_matches(".txt").to_string();
                assert!(known.contains(&name), "no test runs tests/fixtures/adr-tools/{name}.txt");
            }
        }
    };
}

cases!(
    init_adr_tools,
    new_in_fresh_adr_dir,
    new_in_empty_doc_adr,
    from_a_subfolder,
    stops_at_the_repository_root,
    supersede_prints_one_path,
    list_formats,
    graph_dot,
    index_markdown,
    index_write_and_check,
    new_date_formats,
    supersede_an_unfilled_stub,
    new_with_named_links,
    named_links_in_a_native_folder,
    named_links_in_madr_records,
    named_link_in_a_status_table,
    named_link_to_a_missing_record,
    link_two_records,
);
