//! The record page's view: options compared, trade-offs, the supersede chain, previous
//! and next records, and the sections and table of contents of the body.

use serde::Serialize;
use tera::Value;

use super::graph;
use super::markdown::Section;
use crate::date::Date;
use crate::record::{Choice, Outcome};
use crate::resolve::{Model, Resolved};

#[derive(Serialize)]
pub(super) struct OptionView<'a> {
    pub(super) name: &'a str,
    pub(super) summary: Option<&'a str>,
    pub(super) pros: &'a [String],
    pub(super) cons: &'a [String],
    pub(super) chosen: bool,
}

#[derive(Serialize)]
pub(super) struct TradeoffView<'a> {
    pub(super) favor: &'a str,
    pub(super) over: &'a str,
    pub(super) why: Option<&'a str>,
    pub(super) slug: String,
}

#[derive(Serialize)]
pub(super) struct RelationGroup {
    /// The words from this record (`Amends`, `Amended by`, `Relates to`).
    pub(super) words: String,
    pub(super) records: Vec<Value>,
}

/// `r`'s relations grouped by their words, in the order each wording first appears.
pub(super) fn relation_groups(r: &Resolved, card: impl Fn(usize) -> Value) -> Vec<RelationGroup> {
    let mut groups: Vec<RelationGroup> = Vec::new();
    for l in &r.links {
        match groups.iter_mut().find(|g| g.words == l.link) {
            Some(g) => g.records.push(card(l.to)),
            None => groups.push(RelationGroup {
                words: l.link.clone(),
                records: vec![card(l.to)],
            }),
        }
    }
    groups
}

#[derive(Serialize)]
pub(super) struct TagView<'a> {
    pub(super) name: &'a str,
    pub(super) slug: &'a str,
}

#[derive(Serialize)]
pub(super) struct RevisitView<'a> {
    pub(super) date: Option<Date>,
    pub(super) when: Option<&'a str>,
    pub(super) state: Option<&'static str>,
    pub(super) label: Option<String>,
    /// `record`, `review`, `retrospective` or `policy`.
    pub(super) source: Option<&'static str>,
    /// Shown beside the date when it is not the record's own: `by policy (...)`.
    pub(super) note: Option<String>,
}

#[derive(Serialize)]
pub(super) struct RecordView<'a> {
    pub(super) id: &'a str,
    pub(super) number: Option<u32>,
    pub(super) title: &'a str,
    pub(super) kind: &'static str,
    pub(super) status: Option<&'static str>,
    pub(super) status_raw: Option<&'a str>,
    pub(super) date: Option<Date>,
    pub(super) draft: bool,
    pub(super) source: &'a str,
    pub(super) package: Option<&'a str>,
    pub(super) deciders: &'a [String],
    pub(super) consulted: &'a [String],
    pub(super) informed: &'a [String],
    pub(super) tags: Vec<TagView<'a>>,
    pub(super) options: Vec<OptionView<'a>>,
    pub(super) tradeoffs: Vec<TradeoffView<'a>>,
    pub(super) outcome: Option<&'a Outcome>,
    pub(super) revisit: RevisitView<'a>,
    pub(super) next_revisit: Option<Date>,
    pub(super) verdict: Option<&'static str>,
    // Cards of other records, as template values serialized once per build and shared.
    pub(super) supersedes: Vec<Value>,
    pub(super) superseded_by: Vec<Value>,
    /// Relations grouped by their words from this record (`Amends`, `Relates to`).
    pub(super) relates: Vec<RelationGroup>,
    pub(super) reviews: Option<Value>,
    pub(super) retrospectives: Vec<Value>,
    pub(super) chain: Vec<Value>,
    pub(super) body_html: String,
    /// The page's sections, for a table of contents; empty on short pages.
    pub(super) toc: Vec<Section>,
    /// Whether the body has a diagram (the page then loads the scripts that draw it).
    pub(super) diagrams: bool,
    /// The records before and after this one, by number within its package.
    pub(super) previous: Option<Value>,
    pub(super) next: Option<Value>,
    /// This record's row on the index page it is on (`index/37.html#r-0042`).
    pub(super) list_url: String,
    pub(super) edit_url: Option<String>,
    /// For a record of a git source: which repository and commit it was read from.
    pub(super) origin: Option<OriginView<'a>>,
    /// For a record of another site (`[[sources]] json`): its page there.
    pub(super) remote: Option<RemoteView<'a>>,
    /// Governed paths and citations in the code.
    pub(super) code: Option<super::code::CodeView<'a>>,
    pub(super) graph: Option<graph::Drawing>,
    pub(super) last_changed: Option<Date>,
    pub(super) last_author: Option<&'a str>,
    /// Confidence, door, claims and their results; process verdict and judgements.
    pub(super) expectations: Option<super::expectations::ExpectationsView<'a>>,
}

/// The git source a record was read from: its package, the commit read, and whether
/// that is an old copy (the repository could not be fetched: the page says "as of").
#[derive(Serialize)]
pub(super) struct OriginView<'a> {
    pub(super) package: &'a str,
    pub(super) commit: &'a str,
    pub(super) date: Option<Date>,
    pub(super) stale: bool,
}

impl<'a> OriginView<'a> {
    pub(super) fn of(f: &'a crate::federation::Fetched) -> OriginView<'a> {
        OriginView {
            package: &f.package,
            commit: f.short(),
            date: f.date,
            stale: f.stale,
        }
    }
}

/// The site a record of a JSON source comes from: its page there, the site's name, and
/// when the copy read was fetched (`stale`: the site could not be reached, the page says
/// "as of" that day).
#[derive(Serialize)]
pub(super) struct RemoteView<'a> {
    /// `None` when the export gave an address that is not http(s) (never linked).
    pub(super) url: Option<&'a str>,
    pub(super) site: &'a str,
    pub(super) fetched_on: Option<Date>,
    pub(super) stale: bool,
}

impl<'a> RemoteView<'a> {
    /// The view of `rec` when it was read from another site's export.
    pub(super) fn of(model: &'a Model, rec: &'a crate::record::Record) -> Option<RemoteView<'a>> {
        let site = model
            .sites
            .iter()
            .find(|s| rec.package.as_deref() == Some(s.package.as_str()))?;
        Some(RemoteView {
            url: rec.home.as_deref(),
            site: site.title.as_deref().unwrap_or(&site.package),
            fetched_on: site.fetched_on,
            stale: site.stale,
        })
    }
}

/// Is `option` the one the outcome names?
pub(super) fn is_chosen(option: &Choice, outcome: Option<&Outcome>) -> bool {
    let Some(chosen) = outcome.and_then(|o| o.chosen.as_deref()) else {
        return false;
    };
    let norm = |s: &str| s.trim().trim_matches(['"', '“', '”', '\'']).to_lowercase();
    let (c, n) = (norm(chosen), norm(&option.name));
    c == n || (!n.is_empty() && c.starts_with(&n) && c[n.len()..].starts_with([' ', ',', ':', '(']))
}

/// The supersede chain through a record: its predecessors (oldest first), itself, its successors.
pub(super) fn chain(model: &Model, i: usize) -> Vec<usize> {
    let mut before = Vec::new();
    let mut cur = i;
    while let Some(&p) = model.records[cur].supersedes.first() {
        if p == i || before.contains(&p) || before.len() > 50 {
            break;
        }
        before.push(p);
        cur = p;
    }
    before.reverse();
    before.push(i);
    let mut cur = i;
    while let Some(&n) = model.records[cur].superseded_by.first() {
        if before.contains(&n) || before.len() > 100 {
            break;
        }
        before.push(n);
        cur = n;
    }
    before
}

/// For each record, the records before and after it by number within its package
/// (unnumbered records last, by id).
pub(super) fn previous_and_next(model: &Model) -> Vec<(Option<usize>, Option<usize>)> {
    let key = |i: usize| {
        let r = &model.records[i].record;
        (
            r.package.as_deref(),
            r.number.is_none(),
            r.number,
            r.id.as_str(),
        )
    };
    let mut order: Vec<usize> = (0..model.records.len()).collect();
    order.sort_by(|&a, &b| key(a).cmp(&key(b)));
    let mut out = vec![(None, None); model.records.len()];
    for w in order.windows(2) {
        if model.records[w[0]].record.package == model.records[w[1]].record.package {
            out[w[1]].0 = Some(w[0]);
            out[w[0]].1 = Some(w[1]);
        }
    }
    out
}

/// What a record page shows of the records around it in the lists, by record id: the
/// previous and next records (by number within its package) and the index page and row it
/// links back to. When a record is created, deleted or renumbered, records whose
/// surroundings change need their pages rendered again (`serve`'s invalidation).
pub fn surroundings(model: &Model) -> std::collections::HashMap<String, Surroundings> {
    let neighbours = previous_and_next(model);
    let places = super::lists::index_places(model);
    let id = |j: Option<usize>| j.map(|j| model.records[j].record.id.clone());
    model
        .records
        .iter()
        .zip(neighbours)
        .zip(places)
        .map(|((r, (previous, next)), place)| {
            (
                r.record.id.clone(),
                Surroundings {
                    previous: id(previous),
                    next: id(next),
                    place,
                },
            )
        })
        .collect()
}

/// See [`surroundings`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surroundings {
    pub previous: Option<String>,
    pub next: Option<String>,
    /// `index/37.html#r-0042`.
    pub place: String,
}

/// Every section of a record page in order: the record's own (options, trade-offs,
/// outcome), its body's headings, then retrospectives, the supersede chain, related
/// records and links, with the ids `record.html` gives them.
pub(super) fn view_sections(
    rec: &crate::record::Record,
    r: &Resolved,
    body: &[Section],
) -> Vec<Section> {
    let own = |id: &str, text: &str| Section {
        level: 2,
        id: id.to_string(),
        text: text.to_string(),
    };
    let mut out = Vec::with_capacity(body.len() + 6);
    if !rec.options.is_empty() {
        out.push(own("options-h", "Options considered"));
    }
    if !rec.tradeoffs.is_empty() {
        out.push(own("tradeoffs-h", "Trade-offs accepted"));
    }
    if rec.outcome.is_some() {
        out.push(own("outcome-h", "Outcome"));
    }
    out.extend(body.iter().cloned());
    if !r.retrospectives.is_empty() {
        out.push(own("retros-h", "Retrospectives"));
    }
    if !r.supersedes.is_empty() || !r.superseded_by.is_empty() {
        out.push(own("chain-h", "Supersede chain"));
    }
    if !r.supersedes.is_empty() || !r.relates.is_empty() {
        out.push(own("related-h", "Related records"));
    }
    let linked = !r.supersedes.is_empty()
        || !r.superseded_by.is_empty()
        || !r.relates.is_empty()
        || r.reviews.is_some()
        || !r.retrospectives.is_empty();
    if linked {
        out.push(own("graph-h", "Links"));
    }
    out
}

/// Sections a page lists in its table of contents: a long page (over [`TOC_MIN_CHARS`]
/// of text) with at least [`TOC_MIN_SECTIONS`] sections gets one; a short one needs none.
pub(super) fn contents(sections: &[Section], text_len: usize) -> Vec<Section> {
    if sections.len() >= TOC_MIN_SECTIONS && text_len >= TOC_MIN_CHARS {
        sections.to_vec()
    } else {
        Vec::new()
    }
}

/// A record page gets a table of contents when it has this many sections...
pub const TOC_MIN_SECTIONS: usize = 4;
/// ... and this much text in its body.
pub const TOC_MIN_CHARS: usize = 2500;
