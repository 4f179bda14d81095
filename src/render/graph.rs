//! The links graph as SVG, drawn at build time so it needs no JavaScript: each record's
//! neighbourhood on its page, and every linked group of records on the graph page.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use crate::resolve::Model;

/// The kinds of link drawn.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum EdgeKind {
    Supersedes,
    Relates,
    Reviews,
}

impl EdgeKind {
    fn class(self) -> &'static str {
        match self {
            EdgeKind::Supersedes => "supersedes",
            EdgeKind::Relates => "relates",
            EdgeKind::Reviews => "reviews",
        }
    }
}

/// Directed edges `(from, to, kind)` touching record `i`.
fn edges_of(model: &Model, i: usize) -> Vec<(usize, usize, EdgeKind)> {
    let r = &model.records[i];
    let mut e = Vec::new();
    e.extend(r.supersedes.iter().map(|&j| (i, j, EdgeKind::Supersedes)));
    e.extend(
        r.superseded_by
            .iter()
            .map(|&j| (j, i, EdgeKind::Supersedes)),
    );
    e.extend(
        r.relates
            .iter()
            .map(|&j| (i.min(j), i.max(j), EdgeKind::Relates)),
    );
    e.extend(r.reviews.iter().map(|&j| (i, j, EdgeKind::Reviews)));
    e.extend(r.retrospectives.iter().map(|&j| (j, i, EdgeKind::Reviews)));
    e
}

/// Most neighbours drawn around one record.
const MAX_NEIGHBOURS: usize = 16;
/// Most records drawn in one group on the graph page.
const MAX_GROUP: usize = 120;
/// Most groups drawn on the graph page.
const MAX_GROUPS: usize = 80;

const NODE_W: f64 = 170.0;
const NODE_H: f64 = 34.0;

/// The SVG of record `i` and the records it links to, or `None` when it links to none.
pub fn neighbourhood(model: &Model, i: usize, root: &str) -> Option<String> {
    let edges = edges_of(model, i);
    let mut others: Vec<usize> = Vec::new();
    for &(a, b, _) in &edges {
        for x in [a, b] {
            if x != i && !others.contains(&x) {
                others.push(x);
            }
        }
    }
    if others.is_empty() {
        return None;
    }
    others.truncate(MAX_NEIGHBOURS);
    let mut nodes = vec![i];
    nodes.extend(&others);
    let edges: Vec<_> = edges
        .into_iter()
        .filter(|(a, b, _)| nodes.contains(a) && nodes.contains(b))
        .collect();
    let n = others.len() as f64;
    let rx = (120.0 + 30.0 * n).min(330.0);
    let ry = (70.0 + 12.0 * n).min(170.0);
    let (w, h) = (2.0 * rx + NODE_W + 20.0, 2.0 * ry + NODE_H + 20.0);
    let mut pos = vec![(w / 2.0, h / 2.0)];
    for k in 0..others.len() {
        let a = -std::f64::consts::FRAC_PI_2 + 2.0 * std::f64::consts::PI * k as f64 / n;
        pos.push((w / 2.0 + rx * a.cos(), h / 2.0 + ry * a.sin()));
    }
    Some(draw(
        model,
        &nodes,
        &pos,
        &edges,
        w,
        h,
        root,
        Some(i),
        &format!("Links of {}", model.records[i].record.title),
    ))
}

/// One SVG per group of linked records, largest first.
pub fn components(model: &Model, root: &str) -> Vec<String> {
    let n = model.records.len();
    let mut seen = vec![false; n];
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for start in 0..n {
        if seen[start] || edges_of(model, start).is_empty() {
            continue;
        }
        let mut group = Vec::new();
        let mut stack = vec![start];
        seen[start] = true;
        while let Some(v) = stack.pop() {
            group.push(v);
            for (a, b, _) in edges_of(model, v) {
                for x in [a, b] {
                    if !seen[x] {
                        seen[x] = true;
                        stack.push(x);
                    }
                }
            }
        }
        group.sort_unstable();
        groups.push(group);
    }
    groups.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    groups.truncate(MAX_GROUPS);
    groups
        .into_iter()
        .map(|mut g| {
            g.truncate(MAX_GROUP);
            let set: BTreeSet<usize> = g.iter().copied().collect();
            let mut edges: Vec<(usize, usize, EdgeKind)> = g
                .iter()
                .flat_map(|&v| edges_of(model, v))
                .filter(|(a, b, _)| set.contains(a) && set.contains(b))
                .collect();
            edges.sort_unstable_by_key(|e| (e.0, e.1, e.2));
            edges.dedup_by(|x, y| x.0 == y.0 && x.1 == y.1 && x.2 == y.2);
            // Lay the group out in columns by supersede depth: older records to the left.
            let depth = depths(model, &g);
            let columns = depth.iter().copied().max().unwrap_or(0) + 1;
            let mut rows_in = vec![0usize; columns];
            let mut pos = Vec::with_capacity(g.len());
            for (k, _) in g.iter().enumerate() {
                let c = depth[k];
                pos.push((
                    20.0 + NODE_W / 2.0 + c as f64 * (NODE_W + 50.0),
                    20.0 + NODE_H / 2.0 + rows_in[c] as f64 * (NODE_H + 16.0),
                ));
                rows_in[c] += 1;
            }
            let w = 40.0 + columns as f64 * (NODE_W + 50.0) - 50.0;
            let h = 40.0 + *rows_in.iter().max().unwrap_or(&1) as f64 * (NODE_H + 16.0) - 16.0;
            draw(model, &g, &pos, &edges, w, h, root, None, "Linked records")
        })
        .collect()
}

/// Column of each node: how many supersede steps lead to it from an older record in the group.
fn depths(model: &Model, group: &[usize]) -> Vec<usize> {
    let mut depth = vec![0usize; group.len()];
    let index = |x: usize| group.iter().position(|&g| g == x);
    for _ in 0..group.len().min(12) {
        let mut changed = false;
        for (k, &v) in group.iter().enumerate() {
            let r = &model.records[v];
            let mut d = 0;
            for &older in r.supersedes.iter().chain(r.reviews.iter()) {
                if let Some(o) = index(older) {
                    d = d.max(depth[o] + 1);
                }
            }
            if d > depth[k] && d < group.len() {
                depth[k] = d;
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    depth
}

#[allow(clippy::too_many_arguments)]
fn draw(
    model: &Model,
    nodes: &[usize],
    pos: &[(f64, f64)],
    edges: &[(usize, usize, EdgeKind)],
    w: f64,
    h: f64,
    root: &str,
    center: Option<usize>,
    label: &str,
) -> String {
    let (w, h) = (w.round() as i32, h.round() as i32);
    let mut s = String::with_capacity(256 + nodes.len() * 400);
    let _ = write!(
        s,
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" aria-label=""#
    );
    escape_into(&mut s, label);
    s.push_str(r#""><defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z" fill="currentColor"/></marker></defs>"#);
    let at = |x: usize| nodes.iter().position(|&n| n == x).map(|k| pos[k]);
    for &(a, b, kind) in edges {
        let (Some((x1, y1)), Some((x2, y2))) = (at(a), at(b)) else {
            continue;
        };
        let (ex, ey) = clip(x1, y1, x2, y2);
        let (sx, sy) = clip(x2, y2, x1, y1);
        let marker = if kind == EdgeKind::Relates {
            ""
        } else {
            r#" marker-end="url(#arrow)""#
        };
        s.push_str(r#"<line class="edge "#);
        s.push_str(kind.class());
        s.push_str(r#"" x1=""#);
        push_int(&mut s, sx);
        s.push_str(r#"" y1=""#);
        push_int(&mut s, sy);
        s.push_str(r#"" x2=""#);
        push_int(&mut s, ex);
        s.push_str(r#"" y2=""#);
        push_int(&mut s, ey);
        s.push('"');
        s.push_str(marker);
        s.push_str("><title>");
        escape_into(&mut s, &model.records[a].record.title);
        s.push(' ');
        s.push_str(kind.class());
        s.push(' ');
        escape_into(&mut s, &model.records[b].record.title);
        s.push_str("</title></line>");
    }
    for (k, &v) in nodes.iter().enumerate() {
        let r = &model.records[v];
        let (x, y) = pos[k];
        let class = if Some(v) == center {
            "node center"
        } else {
            "node"
        };
        s.push_str(r#"<g class=""#);
        s.push_str(class);
        s.push_str(" status-");
        s.push_str(r.record.shown_status().map_or("none", |s| s.as_str()));
        s.push_str(r#""><a href=""#);
        escape_into(&mut s, root);
        escape_into(&mut s, &r.url);
        s.push_str(r#""><title>"#);
        if let Some(n) = r.record.number {
            push_int(&mut s, f64::from(n));
            s.push_str(" · ");
        }
        escape_into(&mut s, &r.record.title);
        s.push_str(r#"</title><rect x=""#);
        push_int(&mut s, x - NODE_W / 2.0);
        s.push_str(r#"" y=""#);
        push_int(&mut s, y - NODE_H / 2.0);
        s.push_str(r#"" width=""#);
        push_int(&mut s, NODE_W);
        s.push_str(r#"" height=""#);
        push_int(&mut s, NODE_H);
        s.push_str(r#"" rx="6"/><text x=""#);
        push_int(&mut s, x);
        s.push_str(r#"" y=""#);
        push_int(&mut s, y + 4.0);
        s.push_str(r#"" text-anchor="middle">"#);
        let label = match r.record.number {
            Some(n) => format!("{n} · {}", r.record.title),
            None => r.record.title.clone(),
        };
        escape_into(&mut s, &truncate(&label, 24));
        s.push_str("</text></a></g>");
    }
    s.push_str("</svg>");
    s
}

/// Appends `v` rounded to a whole number (coordinates are integers in the SVG; this is the
/// hot part of drawing ten thousand neighbourhoods, where `write!` cost a third).
fn push_int(s: &mut String, v: f64) {
    let n = v.round() as i64;
    if n < 0 {
        s.push('-');
    }
    let mut digits = [0u8; 20];
    let mut m = n.unsigned_abs();
    let mut k = digits.len();
    loop {
        k -= 1;
        digits[k] = b'0' + (m % 10) as u8;
        m /= 10;
        if m == 0 {
            break;
        }
    }
    s.push_str(std::str::from_utf8(&digits[k..]).expect("ASCII digits"));
}

/// Where the segment from (x1,y1) to (x2,y2) enters the node box around (x2,y2).
fn clip(x1: f64, y1: f64, x2: f64, y2: f64) -> (f64, f64) {
    let (dx, dy) = (x1 - x2, y1 - y2);
    if dx == 0.0 && dy == 0.0 {
        return (x2, y2);
    }
    let tx = if dx != 0.0 {
        (NODE_W / 2.0 + 2.0) / dx.abs()
    } else {
        f64::INFINITY
    };
    let ty = if dy != 0.0 {
        (NODE_H / 2.0 + 2.0) / dy.abs()
    } else {
        f64::INFINITY
    };
    let t = tx.min(ty).min(1.0);
    (x2 + dx * t, y2 + dy * t)
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut t: String = s.chars().take(max - 1).collect();
    t.push('…');
    t
}

/// Escapes text for XML content and attributes.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s);
    out
}

/// Appends `s` to `out`, escaped for XML content and attributes.
fn escape_into(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}
