//! The search index, checked from Rust: folding and tokens, field scores, encoding,
//! shards, determinism, escaping and size.

use std::path::{Path, PathBuf};

mod common;

use hindsight::render::search::{self, SearchIndex};
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search/decisions")
}

fn model(dir: &Path) -> hindsight::resolve::Model {
    let project =
        hindsight::project::Project::locate(Some(dir), Some(&dir.join("no-such-hindsight.toml")))
            .expect("project");
    let today = hindsight::date::Date::parse_iso("2026-11-23").expect("date");
    let loaded = hindsight::load(&project, today, None);
    assert!(!loaded.has_errors(), "{:?}", loaded.diagnostics);
    loaded.model
}

fn doc_of(model: &hindsight::resolve::Model, id: &str) -> u32 {
    model
        .records
        .iter()
        .position(|r| r.record.id == id)
        .unwrap_or_else(|| panic!("no record {id}")) as u32
}

/// The JSON argument of a `hindsightSearch.fn(...)` file (after the `n,` for shards and docs).
fn payload(bytes: &[u8], call: &str) -> Value {
    let text = std::str::from_utf8(bytes).expect("utf-8");
    let inner = text
        .strip_prefix(&format!("hindsightSearch.{call}("))
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| panic!("not a {call} call: {}", &text[..text.len().min(80)]));
    let json = if call == "setIndex" {
        inner
    } else {
        inner.split_once(',').expect("n,").1
    };
    serde_json::from_str(json).expect("valid JSON literal")
}

#[test]
fn folding_ignores_case_and_diacritics() {
    assert_eq!(search::fold("Émile Ångström"), "emile angstrom");
    assert_eq!(search::fold("Straße ÆØ Łódź"), "strasse aeo lodz");
    assert_eq!(search::fold("ﬁle Ｆｕｌｌ"), "file full");
    assert_eq!(
        search::tokens("Store events in PostgreSQL (v2.1) — café_au-lait"),
        [
            "store",
            "events",
            "in",
            "postgresql",
            "v2",
            "1",
            "cafe",
            "au",
            "lait"
        ]
    );
    // A decomposed accent stays inside its word.
    assert_eq!(
        search::tokens("cafe\u{301} na\u{308}ive"),
        ["cafe", "naive"]
    );
    // Non-Latin letters are kept.
    assert_eq!(search::tokens("Δοκιμή ΣΟΦΟΣ"), ["δοκιμη", "σοφοσ"]);
    assert!(search::tokens(&"x".repeat(search::MAX_TOKEN + 1)).is_empty());
}

#[test]
fn fields_are_scored_title_then_tags_and_options_then_body() {
    let model = model(&fixture());
    let index = SearchIndex::build(&model);
    let p = index.postings("postgresql").expect("indexed");
    let score = |id: &str| {
        let d = doc_of(&model, id);
        p.iter().find(|(doc, _)| *doc == d).map(|(_, s)| *s)
    };
    let title = score("0001-store-events-in-postgresql").expect("0001");
    let option = score("0002-adopt-a-message-broker").expect("0002");
    let tag = score("0007-backups").expect("0007");
    let body = score("0006-reporting-warehouse").expect("0006");
    assert!(title & search::TITLE != 0);
    assert!(option & search::OPTIONS != 0 && option & search::TITLE == 0);
    assert!(tag & search::OPTIONS != 0 && tag & search::TITLE == 0);
    assert!((1..=search::BODY_MAX).contains(&body));
    assert!(title > option && option > body);
    assert_eq!(score("0003-name-the-cafe-service"), None);
    // Postings are sorted by document.
    assert!(p.windows(2).all(|w| w[0].0 < w[1].0));

    // People, trade-offs and rationale are indexed, folded.
    let zoe = index.postings("zoe").expect("decider indexed");
    assert_eq!(zoe.len(), 1);
    assert!(zoe[0].1 & search::DETAILS != 0);
    assert!(index.postings("consistency").is_some(), "trade-off favor");
    assert!(index.postings("fewest").is_some(), "rationale");
    assert!(index.postings("resume").is_some() && index.postings("résumé").is_none());
    // Link targets and markup are not words of the body.
    assert!(index.postings("md").is_none());
    assert!(index.postings("example").is_none() && index.postings("href").is_none());
    let store = index.postings("store").expect("link text is indexed");
    assert!(
        store
            .iter()
            .any(|(d, _)| *d == doc_of(&model, "0006-reporting-warehouse"))
    );
}

#[test]
fn files_are_deterministic_shards_that_cover_the_dictionary() {
    let model = model(&fixture());
    let a = search::render(&model);
    let b = search::render(&model);
    assert_eq!(a, b, "same input, same bytes");
    assert!(a.iter().all(|f| f.path.starts_with(search::DIR)));
    let manifest = a
        .iter()
        .find(|f| f.path == "search/index.js")
        .expect("manifest");
    let m = payload(&manifest.bytes, "setIndex");
    assert_eq!(m["docs"], model.records.len());
    let shards = m["shards"].as_array().expect("shards");
    assert_eq!(shards[0][0], "");
    // Concatenated shards give every term once, in order, with decodable postings.
    let index = SearchIndex::build(&model);
    let mut seen = Vec::new();
    for (n, s) in shards.iter().enumerate() {
        let f = a
            .iter()
            .find(|f| f.path == format!("search/t/{n}.js"))
            .expect("shard file");
        assert_eq!(s[1], f.bytes.len(), "manifest gives the shard's size");
        let data = payload(&f.bytes, "addShard");
        let parts: Vec<&str> = data.as_str().expect("string").split(' ').collect();
        for pair in parts.chunks(2) {
            let postings = search::decode_postings(pair[1]).expect("decodes");
            assert_eq!(Some(postings), index.postings(pair[0]));
            seen.push(pair[0].to_string());
        }
    }
    let all: Vec<String> = index.terms.iter().map(|(t, _)| t.clone()).collect();
    assert_eq!(seen, all);
    // Facets list their documents.
    let status = m["facets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["name"] == "status")
        .expect("status facet");
    let accepted = status["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v[0] == "accepted")
        .expect("accepted");
    let docs = search::decode_docs(accepted[1].as_str().unwrap()).unwrap();
    let expected: Vec<u32> = model
        .records
        .iter()
        .enumerate()
        .filter(|(_, r)| r.record.status.as_str() == "accepted")
        .map(|(i, _)| i as u32)
        .collect();
    assert_eq!(docs, expected);
}

#[test]
fn record_text_is_data_never_code() {
    let model = model(&fixture());
    let files = search::render(&model);
    let d = doc_of(&model, "0004-escape-everything");
    let f = files
        .iter()
        .find(|f| f.path == format!("search/d/{d}.js"))
        .expect("doc file");
    let v = payload(&f.bytes, "addDoc");
    assert_eq!(
        v["t"],
        "Escape <img src=x onerror=\"window.__xss=1\"> quirks <script>window.__xss=2</script>"
    );
    assert_eq!(v["u"], "decisions/0004-escape-everything.html");
    // The snippet text, in a file of its own, is plain text: markup dropped, words kept.
    let text = files
        .iter()
        .find(|f| f.path == format!("search/x/{d}.js"))
        .expect("text file");
    let x = payload(&text.bytes, "addText")["x"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        !x.contains('<') && x.contains("Quirks") && x.contains("bold"),
        "{x}"
    );
    // Line and paragraph separators cannot end the string literal early.
    let mut weird = model.clone();
    std::sync::Arc::make_mut(&mut weird.records[d as usize].record).title =
        "a\u{2028}b\u{2029}c\"d\\e".into();
    let files = search::render(&weird);
    let f = files
        .iter()
        .find(|f| f.path == format!("search/d/{d}.js"))
        .unwrap();
    let text = std::str::from_utf8(&f.bytes).unwrap();
    assert!(!text.contains('\u{2028}') && !text.contains('\u{2029}'));
    assert_eq!(
        payload(&f.bytes, "addDoc")["t"],
        "a\u{2028}b\u{2029}c\"d\\e"
    );
}

/// gen_corpus.py from the shared bench folder, when it is there.
fn gen_corpus() -> Option<PathBuf> {
    common::shared("bench/gen_corpus.py", "HINDSIGHT_GEN_CORPUS")
}

#[test]
fn a_hundred_records_index_under_50_kb() {
    let Some(script) = gen_corpus() else {
        common::skip_without("../shared/bench/gen_corpus.py (or HINDSIGHT_GEN_CORPUS)");
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let status = std::process::Command::new("python3")
        .arg(&script)
        .arg("100")
        .arg(dir.path())
        .stdout(std::process::Stdio::null())
        .status();
    if !status.is_ok_and(|s| s.success()) {
        common::skip_without("python3 able to run gen_corpus.py");
        return;
    }
    let model = model(dir.path());
    let files = search::render(&model);
    let size = |pred: &dyn Fn(&str) -> bool| -> usize {
        files
            .iter()
            .filter(|f| pred(&f.path))
            .map(|f| f.bytes.len())
            .sum()
    };
    let client = hindsight::render::templates::BUILTIN_STATIC
        .iter()
        .find(|(p, _)| *p == "static/search.js")
        .map(|(_, b)| b.len())
        .unwrap();
    let manifest = size(&|p| p == "search/index.js");
    let shards = size(&|p| p.starts_with("search/t/"));
    let docs = size(&|p| p.starts_with("search/d/"));
    let biggest_doc = files
        .iter()
        .filter(|f| f.path.starts_with("search/d/"))
        .map(|f| f.bytes.len())
        .max()
        .unwrap();
    eprintln!(
        "100 records: client {client} B, manifest {manifest} B, shards {shards} B, doc files {docs} B (largest {biggest_doc} B)"
    );
    // The whole index (manifest and every term shard) is under 50 KB, so even a query
    // that touched every shard loads less; result cards are loaded for shown results only.
    let index = manifest + shards;
    eprintln!("100 records: whole index {index} B; result card at most {biggest_doc} B");
    assert!(index < 50 * 1024, "{index} B");
    assert!(biggest_doc < 2 * 1024, "{biggest_doc} B");
}

/// Times indexing of the folder in `HINDSIGHT_SEARCH_BENCH` (run with `--release --ignored`):
/// `SearchIndex::build` plus writing the files, wall and CPU time (all threads), median and
/// best of `HINDSIGHT_SEARCH_BENCH_RUNS` runs (default 9), with the load average.
#[test]
#[ignore]
fn bench_indexing() {
    let Some(dir) = std::env::var_os("HINDSIGHT_SEARCH_BENCH") else {
        eprintln!("skipped: set HINDSIGHT_SEARCH_BENCH to a folder of records");
        return;
    };
    let runs: usize = std::env::var("HINDSIGHT_SEARCH_BENCH_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(9);
    let model = model(Path::new(&dir));
    // CPU time of every thread of the process, in ms (from /proc, nanosecond resolution).
    let cpu = || -> f64 {
        let mut ns = 0u64;
        for task in std::fs::read_dir("/proc/self/task")
            .into_iter()
            .flatten()
            .flatten()
        {
            let stat = std::fs::read_to_string(task.path().join("schedstat")).unwrap_or_default();
            ns += stat
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
                .unwrap_or(0);
        }
        ns as f64 / 1e6
    };
    let load = || std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load_before = load();
    let (mut build, mut total, mut cpus) = (Vec::new(), Vec::new(), Vec::new());
    let mut summary = String::new();
    for _ in 0..runs {
        let c0 = cpu();
        let t = std::time::Instant::now();
        let index = SearchIndex::build(&model);
        let built = t.elapsed();
        let files = index.files();
        let all = t.elapsed();
        cpus.push(cpu() - c0);
        build.push(built.as_secs_f64() * 1e3);
        total.push(all.as_secs_f64() * 1e3);
        let bytes: usize = files.iter().map(|f| f.bytes.len()).sum();
        summary = format!("{} files, {bytes} bytes", files.len());
    }
    let stats = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        format!("median {:.1} ms, best {:.1} ms", v[v.len() / 2], v[0])
    };
    eprintln!(
        "{} records, {runs} runs on {} threads ({summary}):\n  build: {}\n  build + files (wall): {}\n  build + files (CPU, all threads): {}\n  load average before: {}  after: {}",
        model.records.len(),
        rayon::current_num_threads(),
        stats(&mut build),
        stats(&mut total),
        stats(&mut cpus),
        load_before.trim(),
        load().trim()
    );
}

#[test]
fn large_sites_group_result_cards() {
    let small = model(&fixture());
    let mut big = small.clone();
    while big.records.len() <= search::CARDS_ALONE {
        big.records.extend(small.records.iter().cloned());
    }
    let n = big.records.len();
    let files = search::render(&big);
    let manifest = files.iter().find(|f| f.path == "search/index.js").unwrap();
    assert_eq!(payload(&manifest.bytes, "setIndex")["cards"], 4);
    let cards: Vec<_> = files
        .iter()
        .filter(|f| f.path.starts_with("search/d/"))
        .collect();
    assert_eq!(cards.len(), n.div_ceil(4));
    let last = files
        .iter()
        .find(|f| f.path == format!("search/d/{}.js", (n - 1) / 4))
        .expect("last card file");
    let text = std::str::from_utf8(&last.bytes).unwrap();
    assert!(text.contains(&format!("hindsightSearch.addDoc({},", n - 1)));
    assert!(!text.contains(&format!("hindsightSearch.addDoc({},", (n - 1) / 4 * 4 - 1)));
    // Small sites keep one card per file.
    let files = search::render(&small);
    let m = files.iter().find(|f| f.path == "search/index.js").unwrap();
    assert_eq!(payload(&m.bytes, "setIndex")["cards"], 1);
}

/// The build's own tokenizer (packed words, ASCII table) gives exactly the tokens of
/// `search::tokens`, on text made to catch edge cases: case, diacritics, letters that
/// expand, long runs around the length limit, multi-byte letters, link targets and tags.
#[test]
fn index_terms_are_the_tokens_of_the_text() {
    let base = model(&fixture());
    let mut m = base.clone();
    let d = 2usize;
    let long = |c: &str, n: usize| c.repeat(n);
    let body = format!(
        "Straße ÆSIR ﬁle naïve cafe\u{301} Ωμέγα İstanbul ǅemal x{} y{} {} {} {} {} {} {} 12ab34 a_b-c \
         see [the Ledger](./0001-x.md) and <span class=\"x\">Tagged</span> done",
        long("a", search::MAX_TOKEN - 1),
        long("b", search::MAX_TOKEN),
        long("ж", search::MAX_TOKEN),
        long("ж", search::MAX_TOKEN + 1),
        long("𝔘", search::MAX_TOKEN),
        long("𐐀", search::MAX_TOKEN),
        long("𐐀", search::MAX_TOKEN + 1),
        long("z", 500),
    );
    std::sync::Arc::make_mut(&mut m.records[d].record).body = body.clone();
    std::sync::Arc::make_mut(&mut m.records[d].record).title = "Ünïcödé TITLE ß".into();
    let index = SearchIndex::build(&m);
    let mut expected: Vec<String> = Vec::new();
    let r = &m.records[d].record;
    let mut texts: Vec<String> = vec![r.title.clone(), search::index_text(&r.body).into_owned()];
    texts.extend(r.tags.iter().cloned());
    texts.extend(r.deciders.iter().cloned());
    texts.extend(r.consulted.iter().cloned());
    texts.extend(r.informed.iter().cloned());
    for o in &r.options {
        texts.push(o.name.clone());
        texts.extend(o.summary.iter().cloned());
        texts.extend(o.pros.iter().chain(&o.cons).cloned());
    }
    for t in &r.tradeoffs {
        texts.extend([t.favor.clone(), t.over.clone()]);
        texts.extend(t.why.iter().cloned());
    }
    if let Some(o) = &r.outcome {
        texts.extend(o.chosen.iter().cloned());
        texts.extend(o.rationale.iter().cloned());
    }
    texts.extend(r.revisit.when.iter().cloned());
    texts.extend(r.package.iter().cloned());
    texts.extend(r.number.map(|n| n.to_string()));
    for t in &texts {
        expected.extend(search::tokens(t));
    }
    expected.sort();
    expected.dedup();
    let mut got: Vec<String> = index
        .terms
        .iter()
        .filter(|(_, p)| p.iter().any(|p| p.doc() as usize == d))
        .map(|(t, _)| t.clone())
        .collect();
    got.sort();
    assert_eq!(got, expected);
    for t in [
        "strasse",
        "aesir",
        "file",
        "naive",
        "cafe",
        "ωμεγα",
        "ledger",
        "tagged",
    ] {
        assert!(got.iter().any(|g| g == t), "{t} indexed");
    }
    assert!(
        got.iter()
            .any(|g| g.chars().count() == search::MAX_TOKEN && g.starts_with('ж'))
    );
    // Four-byte letters up to the limit (160 bytes) are kept, one more is dropped.
    assert!(
        got.iter()
            .any(|g| g.chars().count() == search::MAX_TOKEN && g.starts_with('𐐨'))
    );
    assert!(!got.iter().any(|g| g.chars().count() > search::MAX_TOKEN));
    assert!(!got.iter().any(|g| g == "md" || g == "span" || g == "class"));
    // Every other record keeps exactly the postings it had.
    let before = SearchIndex::build(&base);
    for (t, p) in &before.terms {
        let keep: Vec<(u32, u8)> = p
            .iter()
            .map(|p| p.pair())
            .filter(|(doc, _)| *doc as usize != d)
            .collect();
        let now: Vec<(u32, u8)> = index
            .postings(t)
            .unwrap_or_default()
            .into_iter()
            .filter(|(doc, _)| *doc as usize != d)
            .collect();
        assert_eq!(keep, now, "{t}");
    }
}

/// Prefixes whose terms span many shards get one file of merged postings: every such
/// prefix is listed (the client relies on it), and each file holds, per document, the
/// best `score * 2 + exact` over the prefix's terms.
#[test]
fn long_prefix_ranges_have_merged_postings() {
    let base = model(&fixture());
    let mut m = base.clone();
    while m.records.len() < 400 {
        m.records.extend(base.records.iter().cloned());
    }
    for (i, r) in m.records.iter_mut().enumerate() {
        let words: Vec<String> = (0..120)
            .map(|j| format!("w{}q{}", (i * 7 + j * 13) % 1009, j % 5))
            .collect();
        std::sync::Arc::make_mut(&mut r.record).body = format!("{} wq waltz", words.join(" "));
    }
    let index = SearchIndex::build(&m);
    let files = search::render(&m);
    let manifest = payload(
        &files
            .iter()
            .find(|f| f.path == "search/index.js")
            .unwrap()
            .bytes,
        "setIndex",
    );
    let prefixes: Vec<String> = serde_json::from_value(manifest["prefixes"].clone()).unwrap();
    assert!(prefixes.iter().any(|p| p == "w"), "{prefixes:?}");
    let mut sorted = prefixes.clone();
    sorted.sort_by(|a, b| search::cmp_js(a, b));
    assert_eq!(prefixes, sorted, "sorted as the client compares");
    // Which shard each term is in, from the manifest (as the client finds it).
    let shards: Vec<String> = manifest["shards"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[0].as_str().unwrap().to_string())
        .collect();
    let shard_of = |t: &str| shards.iter().rposition(|f| f.as_str() <= t).unwrap();
    // Every prefix of every term: listed exactly when its terms span over MERGE_ABOVE shards.
    let mut seen = std::collections::BTreeSet::new();
    for (t, _) in &index.terms {
        for (end, c) in t.char_indices() {
            seen.insert(t[..end + c.len_utf8()].to_string());
        }
    }
    for p in &seen {
        let with: Vec<&(String, search::Postings)> = index
            .terms
            .iter()
            .filter(|(t, _)| t.starts_with(p.as_str()))
            .collect();
        let span = shard_of(&with.last().unwrap().0) - shard_of(&with[0].0);
        let listed = prefixes.iter().position(|x| x == p);
        assert_eq!(
            listed.is_some(),
            span >= search::MERGE_ABOVE,
            "{p}: span {span}"
        );
        let Some(k) = listed else { continue };
        let f = files
            .iter()
            .find(|f| f.path == format!("search/p/{k}.js"))
            .expect("merged file");
        // The merged postings, then the cards of the first page of a one-word query.
        let text = std::str::from_utf8(&f.bytes).unwrap();
        let first_line = text.split_inclusive('\n').next().unwrap();
        let got = search::decode_merged(
            payload(first_line.as_bytes(), "addPrefix")
                .as_str()
                .unwrap(),
        )
        .expect("decodes");
        let mut ranked = got.clone();
        ranked.sort_by_key(|&(d, v)| (std::cmp::Reverse(v), d));
        let cards: Vec<String> = ranked
            .iter()
            .take(search::PREFIX_CARDS)
            .map(|(d, _)| format!("hindsightSearch.addDoc({d},"))
            .collect();
        let lines: Vec<&str> = text.lines().skip(1).collect();
        assert_eq!(lines.len(), cards.len(), "{p}");
        for (line, card) in lines.iter().zip(&cards) {
            assert!(line.starts_with(card.as_str()), "{p}: {line}");
        }
        let mut best = vec![0u8; index.docs];
        for (t, post) in &with {
            for (d, s) in post.iter().map(|x| x.pair()) {
                let v = s * 2 + u8::from(t == p);
                best[d as usize] = best[d as usize].max(v);
            }
        }
        let expected: Vec<(u32, u8)> = best
            .iter()
            .enumerate()
            .filter(|(_, v)| **v > 0)
            .map(|(d, v)| (d as u32, *v))
            .collect();
        assert_eq!(got, expected, "{p}");
    }
}
