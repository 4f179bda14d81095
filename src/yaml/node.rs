//! Front matter as a small tree borrowed from the record's text: what the readers of
//! [`crate::dialect::front_matter`] need, and nothing more.
//!
//! Scalars are kept in the text form hindsight reads them in (strings unquoted, numbers as
//! serde_yaml prints them, booleans as `true`/`false`), so reading a field is a borrow, not
//! a conversion; the fast path of [`crate::yaml::parse_plain`] builds this tree without
//! copying a single plain scalar. Mappings keep their string keys in written order (other
//! keys are never read and are dropped). Front matter the fast path does not take is read
//! by serde_yaml, or by `toml` for `+++` front matter, and converted once with
//! [`Node::from_yaml`] and [`Node::from_toml`].
//!
//! The tree keeps what serde_yaml's `Value` told the old readers about local tags
//! (`!thing value`), so that every record reads exactly as it did: a tagged value is
//! [`Node::Tagged`], and a tagged key is found when walking a mapping's keys but not by
//! [`Map::get`].

use std::borrow::Cow;

use serde_yaml::Value;

/// One value of front matter.
#[derive(Debug, Clone, PartialEq)]
pub enum Node<'a> {
    /// `key:`, `~`, `null`.
    Null,
    /// A string, number or boolean, as text.
    Scalar(Cow<'a, str>),
    /// A list.
    Seq(Vec<Node<'a>>),
    /// A mapping with string keys.
    Map(Map<'a>),
    /// A value with a local tag (`!thing value`); only the full parser makes these.
    Tagged(Box<Node<'a>>),
}

/// A mapping's string keys and their values, in the order written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map<'a> {
    entries: Vec<Entry<'a>>,
}

/// One `key: value` of a [`Map`].
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    pub key: Cow<'a, str>,
    pub value: Node<'a>,
    /// The key was written with a local tag (`!thing key: value`).
    pub tagged_key: bool,
}

impl<'a> Node<'a> {
    /// The value under its tags.
    pub fn untagged(&self) -> &Node<'a> {
        let mut node = self;
        while let Node::Tagged(inner) = node {
            node = inner;
        }
        node
    }

    /// Null, tagged or not.
    pub fn is_null(&self) -> bool {
        matches!(self.untagged(), Node::Null)
    }

    /// A scalar as text (numbers and booleans too); `None` for null, lists and mappings.
    pub fn text(&self) -> Option<&str> {
        match self.untagged() {
            Node::Scalar(s) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` when this is a mapping (tagged or not).
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        match self.untagged() {
            Node::Map(m) => m.get(key),
            _ => None,
        }
    }

    /// Converts what serde_yaml read; keys that are not strings are dropped.
    pub fn from_yaml(value: Value) -> Node<'static> {
        match value {
            Value::Null => Node::Null,
            Value::Bool(b) => Node::Scalar(Cow::Borrowed(if b { "true" } else { "false" })),
            Value::Number(n) => Node::Scalar(Cow::Owned(n.to_string())),
            Value::String(s) => Node::Scalar(Cow::Owned(s)),
            Value::Sequence(items) => Node::Seq(items.into_iter().map(Node::from_yaml).collect()),
            Value::Mapping(m) => Node::Map(Map::from_yaml(m)),
            Value::Tagged(t) => Node::Tagged(Box::new(Node::from_yaml(t.value))),
        }
    }

    /// Converts a TOML value, with numbers printed as serde_yaml prints them.
    pub fn from_toml(value: toml::Value) -> Node<'static> {
        let owned = |s: String| Node::Scalar(Cow::Owned(s));
        match value {
            toml::Value::String(s) => owned(s),
            toml::Value::Integer(i) => owned(i.to_string()),
            toml::Value::Float(f) => owned(serde_yaml::Number::from(f).to_string()),
            toml::Value::Boolean(b) => {
                Node::Scalar(Cow::Borrowed(if b { "true" } else { "false" }))
            }
            toml::Value::Datetime(d) => owned(d.to_string()),
            toml::Value::Array(a) => Node::Seq(a.into_iter().map(Node::from_toml).collect()),
            toml::Value::Table(t) => Node::Map(Map::from_toml(t)),
        }
    }
}

impl<'a> Map<'a> {
    pub fn new() -> Map<'a> {
        Map {
            entries: Vec::new(),
        }
    }

    /// All entries, tagged keys included, in the order written.
    pub fn entries(&self) -> &[Entry<'a>] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The value of the plain (untagged) string key `key`, null included.
    pub fn get(&self, key: &str) -> Option<&Node<'a>> {
        self.entries
            .iter()
            .find(|e| !e.tagged_key && e.key == key)
            .map(|e| &e.value)
    }

    /// Whether a plain key `key` is already there.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Adds an entry at the end (the caller keeps keys unique).
    pub fn push(&mut self, key: Cow<'a, str>, value: Node<'a>) {
        self.entries.push(Entry {
            key,
            value,
            tagged_key: false,
        });
    }

    /// Converts a mapping serde_yaml read, keeping its string keys (tagged or not).
    pub fn from_yaml(m: serde_yaml::Mapping) -> Map<'static> {
        let entries = m
            .into_iter()
            .filter_map(|(k, v)| {
                let (key, tagged_key) = match k {
                    Value::String(s) => (s, false),
                    Value::Tagged(t) => {
                        let mut inner = t.value;
                        while let Value::Tagged(t) = inner {
                            inner = t.value;
                        }
                        match inner {
                            Value::String(s) => (s, true),
                            _ => return None,
                        }
                    }
                    _ => return None,
                };
                Some(Entry {
                    key: Cow::Owned(key),
                    value: Node::from_yaml(v),
                    tagged_key,
                })
            })
            .collect();
        Map { entries }
    }

    /// Converts a TOML table (Hugo's `+++` front matter).
    pub fn from_toml(t: toml::Table) -> Map<'static> {
        let entries = t
            .into_iter()
            .map(|(k, v)| Entry {
                key: Cow::Owned(k),
                value: Node::from_toml(v),
                tagged_key: false,
            })
            .collect();
        Map { entries }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::parse_plain;

    /// The tree of `text` as the fast path reads it, or as serde_yaml does when the fast
    /// path leaves it; `None` when serde_yaml rejects it. Both must agree when both read.
    fn tree(text: &str) -> Option<Node<'_>> {
        let full = serde_yaml::from_str::<Value>(text)
            .ok()
            .map(Node::from_yaml);
        match parse_plain(text) {
            Some(fast) => {
                assert_eq!(
                    Some(Node::Map(fast.clone())),
                    full,
                    "fast path differs on {text:?}"
                );
                Some(Node::Map(fast))
            }
            None => full,
        }
    }

    fn scalar(s: &str) -> Node<'_> {
        Node::Scalar(Cow::Borrowed(s))
    }

    #[test]
    fn empty_values_are_null_and_empty_strings_are_text() {
        let t = tree("a:\nb: ''\nc: \"\"\nd: ~\ne: null\nf: []\n").unwrap();
        assert_eq!(t.get("a"), Some(&Node::Null));
        assert_eq!(t.get("b").and_then(Node::text), Some(""));
        assert_eq!(t.get("c").and_then(Node::text), Some(""));
        assert!(t.get("d").unwrap().is_null() && t.get("e").unwrap().is_null());
        assert_eq!(t.get("f"), Some(&Node::Seq(Vec::new())));
        assert_eq!(t.get("missing"), None);
        assert_eq!(tree(""), Some(Node::Null));
        assert_eq!(tree("# only a comment\n"), Some(Node::Null));
    }

    #[test]
    fn scalars_read_as_serde_yaml_prints_them() {
        let t = tree("n: 0012\nf: 1.50\ni: -0\nb: yes\nt: true\nh: 0x1F\nd: 2026-03-02\n").unwrap();
        let text = |k| t.get(k).and_then(Node::text).map(str::to_string);
        assert_eq!(text("n").as_deref(), Some("0012"));
        assert_eq!(text("f").as_deref(), Some("1.5"));
        assert_eq!(text("i").as_deref(), Some("0"));
        assert_eq!(text("b").as_deref(), Some("yes"));
        assert_eq!(text("t").as_deref(), Some("true"));
        assert_eq!(text("h").as_deref(), Some("31"));
        assert_eq!(text("d").as_deref(), Some("2026-03-02"));
        // Too big for serde_yaml's integers: the fast path leaves it to serde_yaml.
        assert!(parse_plain("big: 99999999999999999999\n").is_none());
        let _ = tree("big: 99999999999999999999\n");
        let t = tree("i: -0\nj: -12\nk: 7\n").unwrap();
        assert_eq!(t.get("i"), Some(&scalar("0")));
        assert_eq!(t.get("j"), Some(&scalar("-12")));
    }

    #[test]
    fn plain_scalars_are_borrowed_on_the_fast_path() {
        let m = parse_plain("title: A title\ntags: [a, \"b\"]\nq: 'it''s'\n").unwrap();
        assert!(matches!(
            m.get("title"),
            Some(Node::Scalar(Cow::Borrowed("A title")))
        ));
        let Some(Node::Seq(tags)) = m.get("tags") else {
            panic!("tags")
        };
        assert!(
            tags.iter()
                .all(|t| matches!(t, Node::Scalar(Cow::Borrowed(_))))
        );
        assert_eq!(m.get("q").and_then(Node::text), Some("it's"));
    }

    #[test]
    fn nested_lists_of_maps() {
        let t = tree(
            "options:\n  - name: A\n    pros: [x, y]\n    cons:\n      - z\n  - name: B\n    nested:\n      - - deep\n        - er\n      - k: v\n",
        )
        .unwrap();
        let Some(Node::Seq(options)) = t.get("options") else {
            panic!("options")
        };
        assert_eq!(options.len(), 2);
        assert_eq!(options[0].get("name").and_then(Node::text), Some("A"));
        assert_eq!(options[0].get("cons"), Some(&Node::Seq(vec![scalar("z")])));
        let Some(Node::Seq(nested)) = options[1].get("nested") else {
            panic!("nested")
        };
        assert_eq!(nested[0], Node::Seq(vec![scalar("deep"), scalar("er")]));
        assert_eq!(nested[1].get("k").and_then(Node::text), Some("v"));
    }

    #[test]
    fn quoted_and_odd_keys() {
        let t = tree("\"quoted key\": 1\n'single': 2\n\"\": empty\nkey with spaces: 3\n").unwrap();
        assert_eq!(t.get("quoted key").and_then(Node::text), Some("1"));
        assert_eq!(t.get("single").and_then(Node::text), Some("2"));
        assert_eq!(t.get("").and_then(Node::text), Some("empty"));
        assert_eq!(t.get("key with spaces").and_then(Node::text), Some("3"));
    }

    #[test]
    fn keys_that_are_not_strings_are_dropped() {
        let Some(Node::Map(m)) = tree("1: one\ntrue: yes\n~: nothing\n[a, b]: list\ntitle: T\n")
        else {
            panic!("map")
        };
        assert_eq!(m.len(), 1);
        assert_eq!(m.entries()[0].key, "title");
        let Some(Node::Map(m)) = tree("{1: a, 2: b}\n") else {
            panic!("map")
        };
        assert!(m.is_empty());
    }

    #[test]
    fn tags_are_kept_as_serde_yaml_had_them() {
        let Some(Node::Map(m)) = tree("!k title: T\nstatus: !s accepted\nnothing: !n ~\n") else {
            panic!("map")
        };
        // A tagged key is a key when walking the mapping, but not for `get`.
        assert_eq!(m.entries()[0].key, "title");
        assert!(m.entries()[0].tagged_key);
        assert_eq!(m.get("title"), None);
        let status = m.get("status").unwrap();
        assert!(matches!(status, Node::Tagged(_)));
        assert_eq!(status.text(), Some("accepted"));
        let nothing = m.get("nothing").unwrap();
        assert!(nothing.is_null() && !matches!(nothing, Node::Null));
    }

    #[test]
    fn duplicate_keys_are_left_to_serde_yaml() {
        assert!(parse_plain("a: 1\na: 2\n").is_none());
        assert_eq!(tree("a: 1\na: 2\n"), None);
        assert!(parse_plain("o:\n  - x: 1\n    x: 2\n").is_none());
        // Past the linear check, a hash set finds them.
        let many: String = (0..100).map(|i| format!("k{i}: {i}\n")).collect();
        assert_eq!(parse_plain(&many).map(|m| m.len()), Some(100));
        assert!(parse_plain(&format!("{many}k7: again\n")).is_none());
        assert!(parse_plain(&format!("{many}k99: again\n")).is_none());
        assert_eq!(tree(&format!("{many}k7: again\n")), None);
    }

    #[test]
    fn tabs_and_carriage_returns() {
        assert!(parse_plain("a:\n\t- b\n").is_none());
        assert!(parse_plain("a: b\tc\n").is_none());
        let _ = tree("a:\n\t- b\n");
        let _ = tree("a: b\tc\n");
        let _ = tree("a: b\t\n");
        // Text is normalised to `\n` before it gets here, but a stray `\r` must not hurt.
        let t = tree("a: b\r\nc: d\r\n").unwrap();
        assert_eq!(t.get("a").and_then(Node::text), Some("b"));
        let _ = tree("a: b\rc: d\r");
    }

    /// `depth` mappings, each a line indented one space further than the last.
    fn nested(depth: usize) -> String {
        let mut text = String::new();
        for d in 0..depth {
            text.push_str(&" ".repeat(d));
            text.push_str("k:\n");
        }
        text.push_str(&" ".repeat(depth));
        text.push_str("k: v\n");
        text
    }

    #[test]
    fn very_deep_nesting_never_overflows() {
        for depth in [10, 100, 127] {
            assert!(tree(&nested(depth)).is_some());
        }
        // serde_yaml refuses nesting past 128 levels; the fast path reads it, as it always
        // has, up to a limit that keeps its recursion well within a thread's stack, and
        // then leaves it to serde_yaml's error.
        for depth in [128, 200, crate::yaml::MAX_DEPTH - 1] {
            assert!(parse_plain(&nested(depth)).is_some(), "{depth}");
        }
        assert!(serde_yaml::from_str::<Value>(&nested(200)).is_err());
        for depth in [crate::yaml::MAX_DEPTH, 2_900] {
            assert!(parse_plain(&nested(depth)).is_none(), "{depth}");
            assert_eq!(tree(&nested(depth)), None);
        }
        for depth in [10, 65, 129, 1_000] {
            let list: String = (0..depth)
                .map(|d| format!("{}-\n", " ".repeat(d * 2)))
                .collect();
            let _ = tree(&format!("k:\n{list}"));
            let flow = format!("k: {}{}\n", "[".repeat(depth), "]".repeat(depth));
            let _ = tree(&flow);
            let items: String = (0..depth)
                .map(|d| format!("{}- k:\n", " ".repeat(d * 2)))
                .collect();
            let _ = parse_plain(&format!("k:\n{items}"));
        }
    }

    #[test]
    fn huge_lines_and_many_items() {
        let long = "x".repeat(1 << 20);
        let text = format!("title: {long}\n");
        let t = tree(&text).unwrap();
        assert_eq!(
            t.get("title").and_then(Node::text).map(str::len),
            Some(1 << 20)
        );
        let items = vec!["item"; 50_000].join(", ");
        let text = format!("tags: [{items}]\n");
        let t = tree(&text).unwrap();
        assert!(matches!(t.get("tags"), Some(Node::Seq(s)) if s.len() == 50_000));
        let _ = tree(&format!("title: \"{long}\n"));
        let _ = tree(&format!("title: '{long}''\n"));
        let _ = tree(&"- \n".repeat(10_000));
        let _ = tree(&":\n".repeat(1_000));
    }

    #[test]
    fn odd_inputs_never_panic() {
        for text in [
            "-",
            ":",
            "- :",
            "? a\n: b\n",
            "a: [",
            "a: ]",
            "a: '",
            "a: \"",
            "a: 'x'y",
            "a: \"x\" # c",
            "a: [b, , c]",
            "a: [b,]",
            "a: - b",
            "é: ü\n",
            "a:\n  b: 1\n c: 2\n",
            "a:\n- b\n- c: d\n  e: f\n",
            "a: b # c: d\n",
            "---\n",
            "...\n",
            "%YAML 1.2\n",
            "a: &x 1\nb: *x\n",
            "a: !!str 0012\n",
            "- a\n- b\n",
            "just text\n",
            "a: |\n  block\n",
            "\u{feff}a: b\n",
            "  a: b\n",
            "a:b\n",
        ] {
            let _ = tree(text);
        }
    }

    #[test]
    fn what_serde_yaml_reads_differently_is_left_to_it() {
        // Issue 12, item 9: non-ASCII spaces, control characters, `.inf` / `.nan` spellings
        // and flow scalars starting with `:`.
        for text in [
            "a: x\u{a0}\n",
            "status: \u{a0}\n",
            "title: a\u{0}b\n",
            "title: a\u{1b}b\n",
            "title: a\u{7f}b\n",
            "title: a\u{85}b\n",
            "title: a\u{fffe}b\n",
            "x: .Inf\n",
            "x: -.inf\n",
            "x: .NaN\n",
            "x: .nAn\n",
            "tags: [:a, b]\n",
            // Found by tests/properties.rs: a carriage return inside quotes is a line break.
            "_: ['\r']\n",
            // Found by fuzz/yaml_fast_path: keys that are no strings to serde_yaml.
            "TRUE: 29\ntitle: x\ntags: [Accepted]\n",
            "Null: 1\n",
            "12: x\n",
            "authors: [a,b:c]\n",
            "authors: [a, x::::b]\n",
            "x: :a\n",
        ] {
            assert!(parse_plain(text).is_none(), "{text:?}");
            let _ = tree(text);
        }
    }

    #[test]
    fn toml_front_matter_converts() {
        let t: toml::Table = "title = \"T\"\nid = 12\nratio = 1.0\nok = true\ndate = 2026-03-02\ntags = [\"a\", 2]\n[outcome]\nchosen = \"X\"\n"
            .parse()
            .unwrap();
        let m = Map::from_toml(t);
        assert_eq!(m.get("id").and_then(Node::text), Some("12"));
        assert_eq!(m.get("ratio").and_then(Node::text), Some("1.0"));
        assert_eq!(m.get("ok").and_then(Node::text), Some("true"));
        assert_eq!(m.get("date").and_then(Node::text), Some("2026-03-02"));
        assert_eq!(
            m.get("tags"),
            Some(&Node::Seq(vec![scalar("a"), scalar("2")]))
        );
        assert_eq!(
            m.get("outcome")
                .and_then(|o| o.get("chosen"))
                .and_then(Node::text),
            Some("X")
        );
    }
}
