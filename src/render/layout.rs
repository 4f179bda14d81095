//! A layered drawing of a small graph, left to right (Sugiyama's method): each node gets a
//! column so that ordered edges point rightwards, long edges bend through one point per
//! column they cross, each column's order is chosen to minimise edge crossings, and the
//! nodes are placed close to their neighbours without overlapping.
//!
//! Pure geometry: [`crate::render::graph`] decides what the nodes and edges are and draws
//! them. The graphs drawn are a record's neighbourhood (at most 17 nodes) and the linked
//! groups of the graph page (at most 120), so the crossing count is the plain pairwise
//! one. Why it is written here and not taken from a crate: ADR-0037.

use std::collections::BTreeSet;

/// A node's box.
#[derive(Debug, Clone, Copy)]
pub struct Node {
    pub width: f64,
    pub height: f64,
}

/// An edge between nodes `a` and `b`. An ordered edge puts `a` in a column left of `b`
/// (an older record left of the one that supersedes or reviews it); an unordered one
/// (records that relate) only asks for the two to be near.
#[derive(Debug, Clone, Copy)]
pub struct Edge {
    pub a: usize,
    pub b: usize,
    pub ordered: bool,
}

/// Where everything goes.
#[derive(Debug, Clone)]
pub struct Layout {
    /// Centre of each node.
    pub centers: Vec<(f64, f64)>,
    /// For each edge, the points of its line from `a`'s side to `b`'s side: where it leaves
    /// `a`'s box, one point per column it passes, where it meets `b`'s box. Empty for an
    /// edge from a node to itself.
    pub routes: Vec<Vec<(f64, f64)>>,
    /// The column of each node, 0 on the left.
    pub column: Vec<usize>,
    pub width: f64,
    pub height: f64,
}

/// Space around the drawing.
pub const MARGIN: f64 = 12.0;
/// Space between columns, where the edges run.
const COLUMN_GAP: f64 = 56.0;
/// Space between boxes in a column.
const ROW_GAP: f64 = 14.0;
/// Height given to the bend of a long edge in a column it passes.
const BEND_HEIGHT: f64 = 4.0;

/// Lays out `nodes` and `edges`. `root` (the record a neighbourhood is drawn around) is
/// where unordered edges are followed from; without one, the best-connected node.
pub fn layout(nodes: &[Node], edges: &[Edge], root: Option<usize>) -> Layout {
    let n = nodes.len();
    if n == 0 {
        return Layout {
            centers: Vec::new(),
            routes: vec![Vec::new(); edges.len()],
            column: Vec::new(),
            width: 2.0 * MARGIN,
            height: 2.0 * MARGIN,
        };
    }
    let edges_ok: Vec<&Edge> = edges
        .iter()
        .filter(|e| e.a != e.b && e.a < n && e.b < n)
        .collect();
    let rank = total_order(n, &edges_ok, root);
    // Every edge points forward in the total order, so the graph of oriented edges has no
    // cycle (a supersede cycle in bad input has one edge drawn backwards for layering).
    let oriented: Vec<(usize, usize)> = edges_ok
        .iter()
        .map(|e| {
            if rank[e.a] < rank[e.b] {
                (e.a, e.b)
            } else {
                (e.b, e.a)
            }
        })
        .collect();
    let column = columns(n, &rank, &oriented);

    // The layered graph: real nodes, then one bend per column a long edge passes.
    let mut col: Vec<usize> = column.clone();
    let mut size: Vec<(f64, f64)> = nodes.iter().map(|b| (b.width, b.height)).collect();
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(oriented.len());
    let mut segments: Vec<(usize, usize)> = Vec::new();
    for &(u, v) in &oriented {
        let mut chain = vec![u];
        for c in column[u] + 1..column[v] {
            col.push(c);
            size.push((0.0, BEND_HEIGHT));
            chain.push(col.len() - 1);
        }
        chain.push(v);
        segments.extend(chain.windows(2).map(|w| (w[0], w[1])));
        chains.push(chain);
    }
    let total = col.len();
    let columns_n = col.iter().max().map_or(1, |m| m + 1);
    let mut left: Vec<Vec<usize>> = vec![Vec::new(); total];
    let mut right: Vec<Vec<usize>> = vec![Vec::new(); total];
    for &(u, v) in &segments {
        right[u].push(v);
        left[v].push(u);
    }

    let layers = order_columns(&col, columns_n, &rank, &chains, &left, &right);
    let ys = place_rows(&layers, &size, &left, &right);

    // Columns: each as wide as its widest box.
    let mut col_width = vec![0.0f64; columns_n];
    for v in 0..total {
        col_width[col[v]] = col_width[col[v]].max(size[v].0);
    }
    let mut col_x = vec![0.0; columns_n];
    let mut x = MARGIN;
    for c in 0..columns_n {
        col_x[c] = x + col_width[c] / 2.0;
        x += col_width[c] + COLUMN_GAP;
    }
    let width = x - COLUMN_GAP + MARGIN;
    let top = (0..total)
        .map(|v| ys[v] - size[v].1 / 2.0)
        .fold(f64::INFINITY, f64::min);
    let bottom = (0..total)
        .map(|v| ys[v] + size[v].1 / 2.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let shift = MARGIN - top;
    let at = |v: usize| (col_x[col[v]], ys[v] + shift);

    let centers: Vec<(f64, f64)> = (0..n).map(at).collect();
    let mut routes = Vec::with_capacity(edges.len());
    let mut k = 0;
    for e in edges {
        if !(e.a != e.b && e.a < n && e.b < n) {
            routes.push(Vec::new());
            continue;
        }
        let chain = &chains[k];
        k += 1;
        let mut points: Vec<(f64, f64)> = Vec::with_capacity(chain.len());
        let (first, last) = (chain[0], chain[chain.len() - 1]);
        let (fx, fy) = at(first);
        points.push((fx + size[first].0 / 2.0, fy));
        points.extend(chain[1..chain.len() - 1].iter().map(|&d| at(d)));
        let (lx, ly) = at(last);
        points.push((lx - size[last].0 / 2.0, ly));
        if first != e.a {
            points.reverse();
        }
        routes.push(points);
    }
    Layout {
        centers,
        routes,
        column,
        width,
        height: bottom - top + 2.0 * MARGIN,
    }
}

/// A total order of the nodes that every ordered edge follows (when the edges allow it)
/// and that otherwise goes outwards from the root, breadth first: `rank[v]` is v's place.
fn total_order(n: usize, edges: &[&Edge], root: Option<usize>) -> Vec<usize> {
    let mut adj: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges {
        adj[e.a].push(e.b);
        adj[e.b].push(e.a);
    }
    // Breadth-first depth from the root (each unreached part from its best-connected node).
    let mut depth = vec![usize::MAX; n];
    let mut starts: Vec<usize> = (0..n).collect();
    starts.sort_by_key(|&v| (std::cmp::Reverse(adj[v].len()), v));
    if let Some(r) = root.filter(|&r| r < n) {
        starts.insert(0, r);
    }
    for s in starts {
        if depth[s] != usize::MAX {
            continue;
        }
        depth[s] = 0;
        let mut queue = std::collections::VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            for &w in &adj[v] {
                if depth[w] == usize::MAX {
                    depth[w] = depth[v] + 1;
                    queue.push_back(w);
                }
            }
        }
    }
    // Kahn's algorithm over the ordered edges, nearest the root first.
    let mut incoming = vec![0usize; n];
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); n];
    for e in edges.iter().filter(|e| e.ordered) {
        incoming[e.b] += 1;
        after[e.a].push(e.b);
    }
    let mut ready: BTreeSet<(usize, usize)> = (0..n)
        .filter(|&v| incoming[v] == 0)
        .map(|v| (depth[v], v))
        .collect();
    let mut placed = vec![false; n];
    let mut rank = vec![0usize; n];
    for k in 0..n {
        let v = match ready.pop_first() {
            Some((_, v)) => v,
            // A cycle: take the nearest node left and ignore its remaining incoming edges.
            None => (0..n)
                .filter(|&v| !placed[v])
                .min_by_key(|&v| (depth[v], v))
                .expect("a node is left while k < n"),
        };
        placed[v] = true;
        rank[v] = k;
        for &w in &after[v] {
            if placed[w] {
                continue;
            }
            incoming[w] = incoming[w].saturating_sub(1);
            if incoming[w] == 0 {
                ready.insert((depth[w], w));
            }
        }
    }
    rank
}

/// The column of each node: one right of its furthest predecessor; a node with nothing on
/// its left moves right up to its nearest successor, so its edges stay short.
fn columns(n: usize, rank: &[usize], oriented: &[(usize, usize)]) -> Vec<usize> {
    let mut by_rank: Vec<usize> = (0..n).collect();
    by_rank.sort_by_key(|&v| rank[v]);
    let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
    let mut succs: Vec<Vec<usize>> = vec![Vec::new(); n];
    for &(u, v) in oriented {
        preds[v].push(u);
        succs[u].push(v);
    }
    let mut column = vec![0usize; n];
    for &v in &by_rank {
        column[v] = preds[v].iter().map(|&u| column[u] + 1).max().unwrap_or(0);
    }
    for &v in by_rank.iter().rev() {
        if preds[v].is_empty()
            && let Some(m) = succs[v].iter().map(|&s| column[s]).min()
        {
            column[v] = column[v].max(m.saturating_sub(1));
        }
    }
    column
}

/// Orders each column to minimise crossings: sweeps that sort a column by the mean place
/// of its neighbours in the column before (or after), keeping the best order seen, then
/// swaps of neighbours in a column while a swap removes crossings.
fn order_columns(
    col: &[usize],
    columns_n: usize,
    rank: &[usize],
    chains: &[Vec<usize>],
    left: &[Vec<usize>],
    right: &[Vec<usize>],
) -> Vec<Vec<usize>> {
    let total = col.len();
    // Start from the total order; a bend sorts with the node its edge starts from.
    let mut key = vec![(0usize, 0usize); total];
    for v in 0..rank.len() {
        key[v] = (rank[v], 0);
    }
    for chain in chains {
        for (i, &d) in chain.iter().enumerate().skip(1) {
            if d >= rank.len() {
                key[d] = (rank[chain[0]], i);
            }
        }
    }
    let mut layers: Vec<Vec<usize>> = vec![Vec::new(); columns_n];
    let mut all: Vec<usize> = (0..total).collect();
    all.sort_by_key(|&v| key[v]);
    for v in all {
        layers[col[v]].push(v);
    }
    let mut pos = vec![0usize; total];
    let index = |layers: &[Vec<usize>], pos: &mut Vec<usize>| {
        for l in layers {
            for (i, &v) in l.iter().enumerate() {
                pos[v] = i;
            }
        }
    };
    index(&layers, &mut pos);
    let mut best = layers.clone();
    let mut best_crossings = crossings(&layers, &pos, right);
    // One buffer for every column's sort keys (a drawing is made for each of thousands of
    // record pages; its small vectors were most of its cost).
    let mut keyed: Vec<(f64, usize)> = Vec::new();
    for iteration in 0..12 {
        if best_crossings == 0 {
            break;
        }
        let down = iteration % 2 == 0;
        let near = if down { left } else { right };
        for step in 0..columns_n.saturating_sub(1) {
            let c = if down { step + 1 } else { columns_n - 2 - step };
            keyed.clear();
            keyed.extend(layers[c].iter().map(|&v| {
                let ns = &near[v];
                let k = if ns.is_empty() {
                    pos[v] as f64
                } else {
                    ns.iter().map(|&u| pos[u] as f64).sum::<f64>() / ns.len() as f64
                };
                (k, v)
            }));
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            for (i, &(_, v)) in keyed.iter().enumerate() {
                layers[c][i] = v;
                pos[v] = i;
            }
        }
        let now = crossings(&layers, &pos, right);
        if now < best_crossings {
            best_crossings = now;
            best.clone_from(&layers);
        }
    }
    let mut layers = best;
    index(&layers, &mut pos);
    // Swap neighbours while that removes crossings (bounded: each pass must gain).
    for _ in 0..32 {
        let mut gained = false;
        for layer in layers.iter_mut() {
            for i in 0..layer.len().saturating_sub(1) {
                let (x, y) = (layer[i], layer[i + 1]);
                let before = pair_crossings(x, y, &pos, left) + pair_crossings(x, y, &pos, right);
                let after = pair_crossings(y, x, &pos, left) + pair_crossings(y, x, &pos, right);
                if after < before {
                    layer.swap(i, i + 1);
                    pos[x] = i + 1;
                    pos[y] = i;
                    gained = true;
                }
            }
        }
        if !gained {
            break;
        }
    }
    layers
}

/// Crossings between the segments of consecutive columns.
fn crossings(layers: &[Vec<usize>], pos: &[usize], right: &[Vec<usize>]) -> usize {
    let mut total = 0;
    let mut segs: Vec<(usize, usize)> = Vec::new();
    for l in layers {
        segs.clear();
        segs.extend(
            l.iter()
                .flat_map(|&u| right[u].iter().map(move |&v| (u, v)))
                .map(|(u, v)| (pos[u], pos[v])),
        );
        for i in 0..segs.len() {
            for j in i + 1..segs.len() {
                let (a, b) = (segs[i], segs[j]);
                if (a.0 < b.0 && a.1 > b.1) || (a.0 > b.0 && a.1 < b.1) {
                    total += 1;
                }
            }
        }
    }
    total
}

/// Crossings between the edges of `x` and of `y` on one side, with `x` placed above `y`.
fn pair_crossings(x: usize, y: usize, pos: &[usize], side: &[Vec<usize>]) -> usize {
    let mut c = 0;
    for &p in &side[x] {
        for &q in &side[y] {
            if pos[p] > pos[q] {
                c += 1;
            }
        }
    }
    c
}

/// The vertical centre of every node: each column in its order with room between boxes,
/// moved in sweeps towards the mean height of its neighbours.
fn place_rows(
    layers: &[Vec<usize>],
    size: &[(f64, f64)],
    left: &[Vec<usize>],
    right: &[Vec<usize>],
) -> Vec<f64> {
    let mut y = vec![0.0f64; size.len()];
    for l in layers {
        let mut top = 0.0;
        for &v in l {
            y[v] = top + size[v].1 / 2.0;
            top += size[v].1 + ROW_GAP;
        }
    }
    // Centre the columns on one another before pulling nodes towards their neighbours.
    let tallest = layers
        .iter()
        .map(|l| l.iter().map(|&v| size[v].1 + ROW_GAP).sum::<f64>())
        .fold(0.0, f64::max);
    for l in layers {
        let h: f64 = l.iter().map(|&v| size[v].1 + ROW_GAP).sum();
        for &v in l {
            y[v] += (tallest - h) / 2.0;
        }
    }
    let columns_n = layers.len();
    let (mut want, mut heights, mut fitted) = (Vec::new(), Vec::new(), Vec::new());
    for round in 0..8 {
        for step in 0..columns_n {
            let c = if round % 2 == 0 {
                step
            } else {
                columns_n - 1 - step
            };
            want.clear();
            want.extend(layers[c].iter().map(|&v| {
                let (first, second): (&[usize], &[usize]) = match round {
                    7 => (&left[v], &right[v]),
                    r if r % 2 == 0 => (&left[v], &[]),
                    _ => (&right[v], &[]),
                };
                let count = first.len() + second.len();
                if count == 0 {
                    y[v]
                } else {
                    first.iter().chain(second).map(|&u| y[u]).sum::<f64>() / count as f64
                }
            }));
            heights.clear();
            heights.extend(layers[c].iter().map(|&v| size[v].1));
            fit_in_order(&want, &heights, &mut fitted);
            for (k, &v) in fitted.iter().enumerate() {
                y[layers[c][k]] = v;
            }
        }
    }
    y
}

/// The centres closest (least squares) to `want` that keep the boxes of `heights` in
/// order with [`ROW_GAP`] between them: pool-adjacent-violators on the centres less the
/// room the boxes above need.
fn fit_in_order(want: &[f64], heights: &[f64], out: &mut Vec<f64>) {
    let n = want.len();
    let mut offset = vec![0.0; n];
    for i in 1..n {
        offset[i] = offset[i - 1] + (heights[i - 1] + heights[i]) / 2.0 + ROW_GAP;
    }
    // Blocks of (sum, count) whose means must not decrease.
    let mut blocks: Vec<(f64, usize)> = Vec::with_capacity(n);
    for i in 0..n {
        blocks.push((want[i] - offset[i], 1));
        while blocks.len() > 1 {
            let (s2, c2) = blocks[blocks.len() - 1];
            let (s1, c1) = blocks[blocks.len() - 2];
            if s1 / c1 as f64 > s2 / c2 as f64 {
                blocks.pop();
                let last = blocks.len() - 1;
                blocks[last] = (s1 + s2, c1 + c2);
            } else {
                break;
            }
        }
    }
    out.clear();
    for (s, c) in blocks {
        let mean = s / c as f64;
        for _ in 0..c {
            let i = out.len();
            out.push(mean + offset[i]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn boxes(n: usize) -> Vec<Node> {
        vec![
            Node {
                width: 120.0,
                height: 30.0
            };
            n
        ]
    }

    fn relates(pairs: &[(usize, usize)]) -> Vec<Edge> {
        pairs
            .iter()
            .map(|&(a, b)| Edge {
                a,
                b,
                ordered: false,
            })
            .collect()
    }

    /// Crossings of the drawn lines, counted from the geometry alone: every pair of
    /// segments of different routes that properly intersect (segments meeting at a box
    /// they share do not count). With boxes of one width, the curves drawn between the
    /// same points cross exactly when these straight segments do.
    fn drawn_crossings(l: &Layout) -> usize {
        type Point = (f64, f64);
        let segs: Vec<(usize, Point, Point)> = l
            .routes
            .iter()
            .enumerate()
            .flat_map(|(k, r)| r.windows(2).map(move |w| (k, w[0], w[1])))
            .collect();
        let turn = |a: (f64, f64), b: (f64, f64), c: (f64, f64)| {
            let v = (b.0 - a.0) * (c.1 - a.1) - (b.1 - a.1) * (c.0 - a.0);
            if v.abs() < 1e-9 {
                0
            } else if v > 0.0 {
                1
            } else {
                -1
            }
        };
        let near =
            |p: (f64, f64), q: (f64, f64)| (p.0 - q.0).abs() < 1e-6 && (p.1 - q.1).abs() < 1e-6;
        let mut c = 0;
        for i in 0..segs.len() {
            for j in i + 1..segs.len() {
                let ((ki, a, b), (kj, p, q)) = (segs[i], segs[j]);
                if ki == kj || near(a, p) || near(a, q) || near(b, p) || near(b, q) {
                    continue;
                }
                if turn(a, b, p) * turn(a, b, q) < 0 && turn(p, q, a) * turn(p, q, b) < 0 {
                    c += 1;
                }
            }
        }
        c
    }

    fn no_overlap(nodes: &[Node], l: &Layout) {
        for i in 0..nodes.len() {
            for j in i + 1..nodes.len() {
                let (a, b) = (l.centers[i], l.centers[j]);
                let apart_x = (a.0 - b.0).abs() >= (nodes[i].width + nodes[j].width) / 2.0;
                let apart_y = (a.1 - b.1).abs() >= (nodes[i].height + nodes[j].height) / 2.0;
                assert!(apart_x || apart_y, "nodes {i} and {j} overlap: {a:?} {b:?}");
            }
        }
        for (i, &(x, y)) in l.centers.iter().enumerate() {
            assert!(x - nodes[i].width / 2.0 >= 0.0 && x + nodes[i].width / 2.0 <= l.width);
            assert!(y - nodes[i].height / 2.0 >= 0.0 && y + nodes[i].height / 2.0 <= l.height);
        }
    }

    /// The group of the issue (records 2, 3, 6, 11, 12, 13, 14, 22 related by 2-3, 2-6,
    /// 2-12, 2-13, 2-22, 6-14, 11-13) used to read as a chain; it is a tree, drawn with
    /// no crossing: 2, then its five neighbours in one column, then 14 and 11.
    #[test]
    fn the_issue_group_is_a_tree_without_crossings() {
        let numbers = [2, 3, 6, 11, 12, 13, 14, 22];
        let at = |n: usize| numbers.iter().position(|&x| x == n).unwrap();
        let pairs: Vec<(usize, usize)> =
            [(2, 3), (2, 6), (2, 12), (2, 13), (2, 22), (6, 14), (11, 13)]
                .iter()
                .map(|&(a, b)| (at(a), at(b)))
                .collect();
        let nodes = boxes(numbers.len());
        let l = layout(&nodes, &relates(&pairs), None);
        assert_eq!(drawn_crossings(&l), 0);
        no_overlap(&nodes, &l);
        let col = |n: usize| l.column[at(n)];
        assert_eq!(col(2), 0);
        for n in [3, 6, 12, 13, 22] {
            assert_eq!(col(n), 1, "{n}");
        }
        assert_eq!(col(14), 2);
        assert_eq!(col(11), 2);
        // Not a chain: the drawing is three columns wide and five rows high.
        let ys: BTreeSet<i64> = l.centers.iter().map(|c| c.1.round() as i64).collect();
        assert!(ys.len() >= 5, "{ys:?}");
    }

    /// Ordered edges point rightwards: older records on the left of what supersedes them.
    #[test]
    fn ordered_edges_point_right_and_long_ones_bend_between_boxes() {
        // 0 <- 1 <- 2 <- 3 (a supersede chain, oldest first) and 0 <- 3 directly.
        let edges: Vec<Edge> = [(0, 1), (1, 2), (2, 3), (0, 3)]
            .iter()
            .map(|&(a, b)| Edge {
                a,
                b,
                ordered: true,
            })
            .collect();
        let nodes = boxes(4);
        let l = layout(&nodes, &edges, None);
        assert_eq!(l.column, [0, 1, 2, 3]);
        for (e, r) in edges.iter().zip(&l.routes) {
            assert!(r.first().unwrap().0 < r.last().unwrap().0, "{e:?} {r:?}");
        }
        // The long edge bends once in each column it passes, clear of the boxes there.
        let long = &l.routes[3];
        assert_eq!(long.len(), 4);
        for (k, p) in long[1..3].iter().enumerate() {
            let box_y = l.centers[k + 1].1;
            assert!((p.1 - box_y).abs() >= 15.0 + BEND_HEIGHT / 2.0, "{long:?}");
        }
        assert_eq!(drawn_crossings(&l), 0);
        no_overlap(&nodes, &l);
    }

    /// Graphs that can be drawn without crossings are, whatever order the nodes come in.
    #[test]
    fn planar_layered_fixtures_are_drawn_without_crossings() {
        let fixtures: &[&[(usize, usize)]] = &[
            // Two stars joined at the leaves, numbered to start with every edge crossed.
            &[
                (0, 5),
                (0, 3),
                (0, 1),
                (2, 4),
                (2, 6),
                (5, 7),
                (3, 7),
                (4, 8),
                (6, 8),
            ],
            // A ladder.
            &[
                (0, 1),
                (1, 2),
                (2, 3),
                (4, 5),
                (5, 6),
                (6, 7),
                (0, 4),
                (1, 5),
                (2, 6),
                (3, 7),
            ],
            // A binary tree numbered breadth first backwards.
            &[(6, 5), (6, 4), (5, 3), (5, 2), (4, 1), (4, 0)],
            // A caterpillar with a cross-link.
            &[
                (0, 1),
                (1, 2),
                (2, 3),
                (0, 7),
                (1, 6),
                (2, 5),
                (3, 4),
                (6, 7),
            ],
        ];
        for (k, pairs) in fixtures.iter().enumerate() {
            let n = pairs.iter().map(|&(a, b)| a.max(b)).max().unwrap() + 1;
            let nodes = boxes(n);
            let l = layout(&nodes, &relates(pairs), None);
            assert_eq!(drawn_crossings(&l), 0, "fixture {k}: {:?}", l.centers);
            no_overlap(&nodes, &l);
        }
    }

    /// A graph that needs crossings gets no more than it needs: the complete bipartite
    /// K(3,3) in two columns has 9 in any order (C(3,2) x C(3,2)), and a 2 x 2 grid of
    /// relations plus one diagonal needs none.
    #[test]
    fn unavoidable_crossings_are_kept_to_the_minimum() {
        let mut edges = Vec::new();
        for a in 0..3 {
            for b in 3..6 {
                edges.push(Edge {
                    a,
                    b,
                    ordered: true,
                });
            }
        }
        let l = layout(&boxes(6), &edges, None);
        assert_eq!(drawn_crossings(&l), 9);
        let l = layout(
            &boxes(4),
            &relates(&[(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)]),
            None,
        );
        assert_eq!(drawn_crossings(&l), 0);
    }

    #[test]
    fn cycles_and_self_links_from_bad_input_still_lay_out() {
        let edges = [
            Edge {
                a: 0,
                b: 1,
                ordered: true,
            },
            Edge {
                a: 1,
                b: 2,
                ordered: true,
            },
            Edge {
                a: 2,
                b: 0,
                ordered: true,
            },
            Edge {
                a: 1,
                b: 1,
                ordered: false,
            },
        ];
        let nodes = boxes(3);
        let l = layout(&nodes, &edges, None);
        assert_eq!(l.routes.len(), 4);
        assert!(l.routes[3].is_empty());
        no_overlap(&nodes, &l);
    }

    #[test]
    fn fitting_in_order_keeps_room_and_stays_close() {
        // The buffer is cleared first: what it held before is not kept.
        let mut y = vec![1.0; 5];
        fit_in_order(&[10.0, 10.0, 100.0], &[20.0, 20.0, 20.0], &mut y);
        assert_eq!(y.len(), 3);
        assert!((y[1] - y[0] - 34.0).abs() < 1e-9, "{y:?}");
        assert!((y[2] - 100.0).abs() < 1e-9, "{y:?}");
        assert!(((y[0] + y[1]) / 2.0 - 10.0).abs() < 1e-9, "{y:?}");
    }
}
