//! The links between records as a Graphviz DOT graph (`hindsight graph --format dot`), in
//! the shape `adr generate graph` prints: one node per record, labelled with its number
//! and title and linking to its page, an arrow for each supersession and review, an
//! undirected line for each relation.

use crate::resolve::{Model, Resolved};

/// DOT text of `model`: nodes in `order` (indices into `model.records`), each node's `URL`
/// the record's page after `link_prefix`.
pub fn dot(model: &Model, order: &[usize], link_prefix: &str) -> String {
    let mut out = String::from("digraph {\n  node [shape=plaintext];\n");
    let node = |i: usize| format!("_{i}");
    for &i in order {
        let r = &model.records[i];
        out.push_str(&format!(
            "  {} [label=\"{}\"; URL=\"{}{}\"];\n",
            node(i),
            quote(&label(r)),
            quote(link_prefix),
            quote(&r.url)
        ));
    }
    for &i in order {
        let r = &model.records[i];
        for &old in &r.supersedes {
            out.push_str(&format!(
                "  {} -> {} [label=\"Supersedes\"];\n",
                node(i),
                node(old)
            ));
        }
        if let Some(d) = r.reviews {
            out.push_str(&format!(
                "  {} -> {} [label=\"Reviews\"];\n",
                node(i),
                node(d)
            ));
        }
        for l in &r.links {
            // A relation is drawn once: from the side whose words are active (`Amends`
            // rather than `Amended by`), else from the lower index; symmetric words
            // (`Relates to`) undirected.
            let passive = |w: &str| w.to_lowercase().ends_with(" by");
            let from_here = if passive(&l.link) != passive(&l.reverse) {
                !passive(&l.link)
            } else {
                i < l.to
            };
            if !from_here || l.to == i {
                continue;
            }
            let dir = if l.link == l.reverse {
                "; dir=none"
            } else {
                ""
            };
            out.push_str(&format!(
                "  {} -> {} [label=\"{}\"{dir}; style=dashed];\n",
                node(i),
                node(l.to),
                quote(&l.link)
            ));
        }
    }
    out.push_str("}\n");
    out
}

fn label(r: &Resolved) -> String {
    match r.record.number {
        Some(n) => format!("{n}. {}", r.record.title),
        None => r.record.title.clone(),
    }
}

/// A DOT quoted-string body: `"` and `\` escaped, line breaks as spaces.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::quote;

    #[test]
    fn quotes_escape_what_dot_reads_specially() {
        assert_eq!(quote("a \"b\" \\ c\nd"), "a \\\"b\\\" \\\\ c d");
    }
}
