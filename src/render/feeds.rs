//! Feeds: `feed.xml` (Atom, RFC 4287) and `revisits.ics` (iCalendar, RFC 5545).
//!
//! Both are deterministic: every timestamp comes from the records (their dates, what git
//! says about them) or from `--today`, never from the clock, so the same input gives the
//! same bytes. Links are absolute when `base_url` is configured; without it the feed's
//! links are relative to `feed.xml` (which sits at the site root) and the calendar names
//! the page's path.

use std::fmt::Write as _;

use super::RenderSettings;
use super::markdown::slug;
use crate::date::Date;
use crate::record::{Kind, Status};
use crate::resolve::{Model, Resolved};
use crate::revisit::RevisitState;
use crate::url_path::encode_path;

/// How many records the Atom feed carries (the newest).
pub const FEED_ENTRIES: usize = 100;

/// The site's base URL with exactly one trailing `/`, when configured.
fn base(settings: &RenderSettings<'_>) -> Option<String> {
    let b = settings.site.base_url.as_deref()?.trim();
    if b.is_empty() {
        return None;
    }
    Some(format!("{}/", b.trim_end_matches('/')))
}

/// The last time anything about record `i` changed that the site knows of: its own date,
/// its last commit, and the dates of the retrospectives that review it.
fn last_change(model: &Model, settings: &RenderSettings<'_>, r: &Resolved) -> Option<Date> {
    let git = settings
        .history
        .and_then(|h| h.get(&r.record.source))
        .map(|h| h.changed);
    let retros = r
        .retrospectives
        .iter()
        .filter_map(|&j| model.records[j].record.date);
    [r.record.date, git]
        .into_iter()
        .flatten()
        .chain(retros)
        .max()
}

// ---------------------------------------------------------------- Atom

/// Text safe inside XML: escaped, and without the characters XML 1.0 forbids.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if (c as u32) < 0x20 || c == '\u{fffe}' || c == '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}

fn rfc3339(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

/// The Atom feed of the site: the newest records first (by their date), each entry's
/// `updated` the last change the site knows of, the feed's the latest of those.
pub fn atom(model: &Model, settings: &RenderSettings<'_>) -> String {
    let base = base(settings);
    let link = |rel_url: &str| match &base {
        Some(b) => format!("{b}{rel_url}"),
        None => rel_url.to_string(),
    };
    let site_slug = slug(&settings.site.title);
    let site_slug = if site_slug.is_empty() {
        "decisions".to_string()
    } else {
        site_slug
    };
    let entry_id = |r: &Resolved| match &base {
        Some(b) => format!("{b}{}", r.url),
        None => format!("urn:hindsight:{site_slug}:{}", encode_path(&r.record.id)),
    };

    let mut order: Vec<&Resolved> = model.records.iter().collect();
    order.sort_by(|a, b| {
        b.record
            .date
            .cmp(&a.record.date)
            .then(b.record.number.cmp(&a.record.number))
            .then(a.record.id.cmp(&b.record.id))
    });
    order.truncate(FEED_ENTRIES);
    let entries: Vec<(&Resolved, Date)> = order
        .into_iter()
        .map(|r| (r, last_change(model, settings, r).unwrap_or(model.today)))
        .collect();
    let updated = entries.iter().map(|(_, d)| *d).max().unwrap_or(model.today);

    let mut out = String::with_capacity(512 + entries.len() * 700);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    let _ = writeln!(out, "  <title>{}</title>", xml(&settings.site.title));
    out.push_str("  <subtitle>Decision records, newest first</subtitle>\n");
    let feed_id = match &base {
        Some(b) => b.clone(),
        None => format!("urn:hindsight:{site_slug}"),
    };
    let _ = writeln!(out, "  <id>{}</id>", xml(&feed_id));
    let _ = writeln!(out, "  <updated>{}</updated>", rfc3339(updated));
    let _ = writeln!(
        out,
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
        xml(&link("index.html"))
    );
    if let Some(b) = &base {
        let _ = writeln!(
            out,
            "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>",
            xml(&format!("{b}feed.xml"))
        );
    }
    let _ = writeln!(
        out,
        "  <author><name>{}</name></author>",
        xml(&settings.site.title)
    );
    let _ = writeln!(
        out,
        "  <generator version=\"{}\">hindsight</generator>",
        env!("CARGO_PKG_VERSION")
    );
    for (r, updated) in &entries {
        let rec = &r.record;
        out.push_str("  <entry>\n");
        let title = match rec.number {
            Some(n) => format!("{n}. {}", rec.title),
            None => rec.title.clone(),
        };
        let _ = writeln!(out, "    <title>{}</title>", xml(&title));
        let _ = writeln!(out, "    <id>{}</id>", xml(&entry_id(r)));
        let _ = writeln!(
            out,
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>",
            xml(&rec.home.clone().unwrap_or_else(|| link(&r.url)))
        );
        if let Some(d) = rec.date {
            let _ = writeln!(out, "    <published>{}</published>", rfc3339(d));
        }
        let _ = writeln!(out, "    <updated>{}</updated>", rfc3339(*updated));
        for person in &rec.deciders {
            let _ = writeln!(out, "    <author><name>{}</name></author>", xml(person));
        }
        for tag in &rec.tags {
            let _ = writeln!(out, "    <category term=\"{}\"/>", xml(tag));
        }
        let _ = writeln!(
            out,
            "    <summary type=\"text\">{}</summary>",
            xml(&summary(model, r))
        );
        out.push_str("  </entry>\n");
    }
    out.push_str("</feed>\n");
    out
}

/// One line about a record for the feed: what it is, its status, what was chosen and why.
fn summary(model: &Model, r: &Resolved) -> String {
    let rec = &r.record;
    let mut parts: Vec<String> = Vec::new();
    match rec.kind {
        Kind::Retrospective => {
            let verdict = rec.verdict.map_or("no verdict", |v| v.label());
            match r.reviews.map(|j| &model.records[j].record) {
                Some(d) => parts.push(format!("Retrospective of “{}”: {verdict}.", d.title)),
                None => parts.push(format!("Retrospective: {verdict}.")),
            }
        }
        Kind::Decision => parts.push(format!("Status: {}.", rec.status.as_str())),
    }
    if let Some(o) = &rec.outcome {
        if let Some(c) = &o.chosen {
            parts.push(format!("Chosen: {c}."));
        }
        if let Some(why) = &o.rationale {
            parts.push(why.trim().to_string());
        }
    }
    if rec.status == Status::Superseded {
        let by: Vec<&str> = r
            .superseded_by
            .iter()
            .map(|&j| model.records[j].record.title.as_str())
            .collect();
        if !by.is_empty() {
            parts.push(format!("Superseded by {}.", by.join(", ")));
        }
    }
    parts.join(" ")
}

// ---------------------------------------------------------------- iCalendar

/// Escapes an iCalendar TEXT value (RFC 5545 §3.3.11).
fn ics_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded at 75 octets (never inside a UTF-8 character), with CRLF.
fn ics_line(out: &mut String, line: &str) {
    if line.is_ascii() {
        // One byte a character: 75 octets, then 74 after each fold's leading space.
        let (first, mut rest) = line.split_at(line.len().min(75));
        out.push_str(first);
        while !rest.is_empty() {
            let (chunk, tail) = rest.split_at(rest.len().min(74));
            out.push_str("\r\n ");
            out.push_str(chunk);
            rest = tail;
        }
        out.push_str("\r\n");
        return;
    }
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// The revisit calendar: one all-day event per planned revisit (overdue, due or
/// scheduled), with a UID made from the record id so a subscription follows the event
/// when its date moves.
pub fn ics(model: &Model, settings: &RenderSettings<'_>) -> String {
    calendar(model, settings, None)
}

/// The revisit calendar of one package (`revisits/<package>.ics`): the events of
/// [`ics`] for that package's records only.
pub fn package_ics(model: &Model, settings: &RenderSettings<'_>, package: &str) -> String {
    calendar(model, settings, Some(package))
}

fn calendar(model: &Model, settings: &RenderSettings<'_>, package: Option<&str>) -> String {
    let base = base(settings);
    let domain = base
        .as_deref()
        .and_then(|b| b.split_once("://").map(|(_, rest)| rest))
        .and_then(|rest| rest.split(['/', '?', '#']).next())
        .map(|host| host.rsplit('@').next().unwrap_or(host).to_ascii_lowercase())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "hindsight.invalid".to_string());

    let mut planned: Vec<(&Resolved, Date)> = model
        .records
        .iter()
        .filter(|r| package.is_none() || r.record.package.as_deref() == package)
        .filter(|r| {
            matches!(
                r.revisit.state,
                Some(RevisitState::Overdue | RevisitState::Due | RevisitState::Scheduled)
            )
        })
        .filter_map(|r| r.revisit.date.map(|d| (r, d)))
        .collect();
    planned.sort_by(|(a, da), (b, db)| da.cmp(db).then(a.record.id.cmp(&b.record.id)));

    let mut out = String::with_capacity(256 + planned.len() * 500);
    ics_line(&mut out, "BEGIN:VCALENDAR");
    ics_line(&mut out, "VERSION:2.0");
    ics_line(&mut out, "PRODID:-//hindsight//decision revisits//EN");
    ics_line(&mut out, "CALSCALE:GREGORIAN");
    ics_line(&mut out, "METHOD:PUBLISH");
    ics_line(
        &mut out,
        &format!(
            "X-WR-CALNAME:{}",
            ics_text(&match package {
                Some(p) => format!("{}: {p} revisits", settings.site.title),
                None => format!("{}: revisits", settings.site.title),
            })
        ),
    );
    ics_line(
        &mut out,
        &format!(
            "X-WR-CALDESC:{}",
            ics_text("Decisions due for revisit, one all-day event each.")
        ),
    );
    for (r, date) in planned {
        let rec = &r.record;
        let stamp = last_change(model, settings, r).unwrap_or(model.today);
        // A record of another site: its page there.
        let page = match (&rec.home, &base) {
            (Some(home), _) => home.clone(),
            (None, Some(b)) => format!("{b}{}", r.url),
            (None, None) => r.url.clone(),
        };
        let mut description = String::new();
        let label = match rec.number {
            Some(n) => format!("Revisit decision {n}: {}", rec.title),
            None => format!("Revisit decision: {}", rec.title),
        };
        description.push_str(&label);
        if let Some(when) = &rec.revisit.when {
            let _ = write!(description, "\nTrigger: {}", when.trim());
        }
        if let Some(note) = crate::revisit::source_note(r.revisit.source, model.review_after) {
            let _ = write!(description, "\nDate: {note}");
        }
        if !rec.deciders.is_empty() {
            let _ = write!(description, "\nDeciders: {}", rec.deciders.join(", "));
        }
        let _ = write!(description, "\n{page}");

        ics_line(&mut out, "BEGIN:VEVENT");
        ics_line(
            &mut out,
            &format!(
                "UID:{}",
                ics_text(&format!("revisit-{}@{domain}", encode_path(&rec.id)))
            ),
        );
        ics_line(&mut out, &format!("DTSTAMP:{}T000000Z", stamp.compact()));
        ics_line(&mut out, &format!("DTSTART;VALUE=DATE:{}", date.compact()));
        ics_line(
            &mut out,
            &format!("DTEND;VALUE=DATE:{}", date.add_days(1).compact()),
        );
        ics_line(&mut out, &format!("SUMMARY:{}", ics_text(&rec.title)));
        ics_line(&mut out, &format!("DESCRIPTION:{}", ics_text(&description)));
        if base.is_some() {
            ics_line(&mut out, &format!("URL:{page}"));
        }
        if !rec.tags.is_empty() {
            let tags: Vec<String> = rec.tags.iter().map(|t| ics_text(t)).collect();
            ics_line(&mut out, &format!("CATEGORIES:{}", tags.join(",")));
        }
        ics_line(&mut out, "TRANSP:TRANSPARENT");
        ics_line(&mut out, "END:VEVENT");
    }
    ics_line(&mut out, "END:VCALENDAR");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let long = format!("SUMMARY:{}", "é".repeat(60));
        ics_line(&mut out, &long);
        for line in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        let unfolded = out.trim_end_matches("\r\n").replace("\r\n ", "");
        assert_eq!(unfolded, long);
    }

    #[test]
    fn ascii_lines_fold_exactly_like_any_other() {
        // The ASCII fast path against folding character by character, at every length
        // around the fold points.
        let by_chars = |line: &str| {
            let (mut out, mut width) = (String::new(), 0);
            for c in line.chars() {
                if width + c.len_utf8() > 75 {
                    out.push_str("\r\n ");
                    width = 1;
                }
                out.push(c);
                width += c.len_utf8();
            }
            out + "\r\n"
        };
        for len in [0, 1, 74, 75, 76, 148, 149, 150, 151, 223, 224, 225, 400] {
            let line: String = (0..len).map(|i| (b'a' + (i % 26) as u8) as char).collect();
            let mut fast = String::new();
            ics_line(&mut fast, &line);
            assert_eq!(fast, by_chars(&line), "length {len}");
        }
    }

    #[test]
    fn escapes_text_values() {
        assert_eq!(ics_text("a, b; c\\d\ne"), "a\\, b\\; c\\\\d\\ne");
        assert_eq!(
            xml("<a href=\"x\">&\u{1}</a>"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
        );
    }
}
