//! Rows: the records of a list page as HTML, written here rather than by a template loop.
//!
//! The index table and the record lists of the tag, status and package pages show up to a
//! hundred records each, and a site of 10,000 records has hundreds of such pages: rendering
//! each row through tera cost more than the rest of those pages together. The rows are the
//! markup the built-in templates wrote in their loops, byte for byte, escaped as tera's
//! autoescape does; templates get them as `record_rows` (already safe) beside `records`,
//! which a template of one's own can still loop over.

use super::card::Card;
use super::escape::escape_into;
use crate::date::Date;

/// The rows of the index table (`index.html`) for `cards`, each a `<tr>` with the blank
/// lines around it that the template's loop left.
pub(super) fn table_rows<'c>(cards: impl Iterator<Item = &'c Card<'c>>, root: &str) -> String {
    let mut out = String::new();
    for r in cards {
        table_row(&mut out, r, root);
    }
    out
}

/// The items of a record list (`listing.html`) for `cards`, each an `<li>` on its own line.
pub(super) fn list_items<'c>(cards: impl Iterator<Item = &'c Card<'c>>, root: &str) -> String {
    let mut out = String::new();
    for r in cards {
        list_item(&mut out, r, root);
    }
    out
}

fn table_row(out: &mut String, r: &Card<'_>, root: &str) {
    out.push_str("\n  <tr id=\"r-");
    escape_into(out, r.id);
    out.push_str("\" data-status=\"");
    escape_into(out, r.status.unwrap_or(""));
    out.push_str("\" data-kind=\"");
    escape_into(out, r.kind);
    out.push_str("\" data-tags=\"");
    escape_into(out, &r.tags.join("|"));
    out.push_str("\" data-package=\"");
    escape_into(out, r.package.unwrap_or(""));
    out.push_str("\" data-revisit=\"");
    escape_into(out, r.revisit_state.unwrap_or(""));
    out.push_str("\" data-number=\"");
    number_or_empty(out, r.number);
    out.push_str("\" data-date=\"");
    date_or_empty(out, r.date);
    out.push_str("\" data-revisit-date=\"");
    date_or_empty(out, r.revisit_date);
    out.push_str("\">\n    <td class=\"num\">");
    number_or_empty(out, r.number);
    out.push_str("</td>\n    <td><a href=\"");
    href(out, r, root);
    out.push_str("\">");
    escape_into(out, r.title);
    out.push_str("</a>");
    if r.kind == "retrospective" {
        out.push_str(" <span class=\"kind\">retrospective</span>");
    }
    if let Some(p) = r.package.filter(|p| !p.is_empty()) {
        out.push_str(" <span class=\"package\">");
        escape_into(out, p);
        out.push_str("</span>");
    }
    out.push_str("</td>\n    <td>");
    badges(out, r);
    out.push_str("</td>\n    <td>");
    if let Some(d) = r.date {
        time(out, d);
    }
    out.push_str("</td>\n    <td>");
    if let Some(state) = r.revisit_state.filter(|s| !s.is_empty()) {
        out.push_str("<span class=\"badge revisit-");
        escape_into(out, state);
        out.push_str("\">");
        escape_into(out, r.revisit_label.as_deref().unwrap_or(""));
        out.push_str("</span>");
    }
    out.push_str("</td>\n    <td class=\"tags\">");
    for t in r.tags {
        out.push_str("<span class=\"tag\">");
        escape_into(out, t);
        out.push_str("</span> ");
    }
    out.push_str("</td>\n  </tr>\n");
}

fn list_item(out: &mut String, r: &Card<'_>, root: &str) {
    out.push_str("\n  <li><a href=\"");
    href(out, r, root);
    out.push_str("\">");
    if let Some(n) = r.number {
        out.push_str("<span class=\"num\">");
        number(out, n);
        out.push_str("</span> ");
    }
    escape_into(out, r.title);
    out.push_str("</a> ");
    badges(out, r);
    if let Some(d) = r.date {
        out.push(' ');
        time(out, d);
    }
    out.push_str("</li>\n");
}

/// The record's page: on its home site for a record of another site, else on this one.
fn href(out: &mut String, r: &Card<'_>, root: &str) {
    match r.home.filter(|h| !h.is_empty()) {
        Some(home) => escape_into(out, home),
        None => {
            out.push_str(root);
            escape_into(out, r.url);
        }
    }
}

/// The status, draft and verdict badges.
fn badges(out: &mut String, r: &Card<'_>) {
    if let Some(status) = r.status.filter(|s| !s.is_empty()) {
        out.push_str("<span class=\"badge status-");
        escape_into(out, status);
        out.push('"');
        if let Some(raw) = r.status_raw.filter(|raw| !raw.is_empty() && *raw != status) {
            out.push_str(" title=\"");
            escape_into(out, raw);
            out.push('"');
        }
        out.push('>');
        escape_into(out, status);
        out.push_str("</span>");
    }
    if r.draft {
        out.push_str(" <span class=\"badge draft\">draft</span>");
    }
    if let Some(verdict) = r.verdict.filter(|v| !v.is_empty()) {
        out.push_str(" <span class=\"badge verdict-");
        escape_into(out, verdict);
        out.push_str("\">");
        escape_into(out, &verdict.replace('-', " "));
        out.push_str("</span>");
    }
}

fn time(out: &mut String, d: Date) {
    out.push_str("<time datetime=\"");
    date(out, d);
    out.push_str("\">");
    date(out, d);
    out.push_str("</time>");
}

/// `{{ n or "" }}`: zero reads as false in a template, so it is left out as none is.
fn number_or_empty(out: &mut String, n: Option<u32>) {
    if let Some(n) = n.filter(|&n| n != 0) {
        number(out, n);
    }
}

fn date_or_empty(out: &mut String, d: Option<Date>) {
    if let Some(d) = d {
        date(out, d);
    }
}

/// `n` in decimal, without the formatting machinery (rows print ~200,000 numbers and dates
/// at 10,000 records; the graph's SVGs print their coordinates through it too).
pub(super) fn number(out: &mut String, n: impl Into<u64>) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest: u64 = n.into();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    out.extend(digits[at..].iter().map(|&d| char::from(d)));
}

/// `d` as `Display` writes it (`2026-01-02`).
fn date(out: &mut String, d: Date) {
    let (y, m, day) = (d.year(), d.month(), d.day());
    if !(0..=9999).contains(&y) || !(0..=99).contains(&m) || !(0..=99).contains(&day) {
        out.push_str(&d.to_string());
        return;
    }
    let two = |out: &mut String, v: u8| {
        out.push(char::from(b'0' + v / 10));
        out.push(char::from(b'0' + v % 10));
    };
    two(out, (y / 100) as u8);
    two(out, (y % 100) as u8);
    out.push('-');
    two(out, m as u8);
    out.push('-');
    two(out, day as u8);
}

#[cfg(test)]
mod tests {
    use super::*;
    use tera::{Context, Tera, Value};

    /// The loops the built-in templates had before the rows were written here.
    const INDEX_LOOP: &str = r#"{% for r in records %}
  <tr id="r-{{ r.id }}" data-status="{{ r.status or '' }}" data-kind="{{ r.kind }}" data-tags="{{ r.tags | join(sep='|') }}" data-package="{{ r.package or '' }}" data-revisit="{{ r.revisit_state or '' }}" data-number="{{ r.number or '' }}" data-date="{{ r.date or '' }}" data-revisit-date="{{ r.revisit_date or '' }}">
    <td class="num">{{ r.number or "" }}</td>
    <td><a href="{% if r.home %}{{ r.home }}{% else %}{{ root }}{{ r.url }}{% endif %}">{{ r.title }}</a>{% if r.kind == "retrospective" %} <span class="kind">retrospective</span>{% endif %}{% if r.package %} <span class="package">{{ r.package }}</span>{% endif %}</td>
    <td>{% if r.status %}<span class="badge status-{{ r.status }}"{% if r.status_raw and r.status_raw != r.status %} title="{{ r.status_raw }}"{% endif %}>{{ r.status }}</span>{% endif %}{% if r.draft %} <span class="badge draft">draft</span>{% endif %}{% if r.verdict %} <span class="badge verdict-{{ r.verdict }}">{{ r.verdict | replace(from="-", to=" ") }}</span>{% endif %}</td>
    <td>{% if r.date %}<time datetime="{{ r.date }}">{{ r.date }}</time>{% endif %}</td>
    <td>{% if r.revisit_state %}<span class="badge revisit-{{ r.revisit_state }}">{{ r.revisit_label }}</span>{% endif %}</td>
    <td class="tags">{% for t in r.tags %}<span class="tag">{{ t }}</span> {% endfor %}</td>
  </tr>
{% endfor %}"#;
    const LIST_LOOP: &str = r#"{% for r in records %}
  <li><a href="{% if r.home %}{{ r.home }}{% else %}{{ root }}{{ r.url }}{% endif %}">{% if r.number is not none %}<span class="num">{{ r.number }}</span> {% endif %}{{ r.title }}</a> {% if r.status %}<span class="badge status-{{ r.status }}"{% if r.status_raw and r.status_raw != r.status %} title="{{ r.status_raw }}"{% endif %}>{{ r.status }}</span>{% endif %}{% if r.draft %} <span class="badge draft">draft</span>{% endif %}{% if r.verdict %} <span class="badge verdict-{{ r.verdict }}">{{ r.verdict | replace(from="-", to=" ") }}</span>{% endif %}{% if r.date %} <time datetime="{{ r.date }}">{{ r.date }}</time>{% endif %}</li>
{% endfor %}"#;

    fn card<'a>(id: &'a str, title: &'a str, tags: &'a [String]) -> Card<'a> {
        Card {
            id,
            number: Some(7),
            title,
            kind: "decision",
            status: Some("accepted"),
            status_raw: None,
            date: Date::parse_iso("2026-01-02"),
            url: "0007-x.html",
            home: None,
            draft: false,
            verdict: None,
            tags,
            package: None,
            deciders: &[],
            revisit_state: None,
            revisit_date: None,
            revisit_label: None,
            when: None,
            days: None,
            revisit_note: None,
        }
    }

    fn tera_rows(source: &str, cards: &[Card<'_>], root: &str) -> String {
        let mut tera = Tera::new();
        tera.add_raw_template("rows.html", source).unwrap();
        let mut cx = Context::new();
        cx.insert("records", &cards);
        cx.insert_value("root", Value::safe_string(root));
        tera.render("rows.html", &cx).unwrap()
    }

    #[test]
    fn rows_are_what_the_template_loops_wrote() {
        let tags = vec!["a&b".to_string(), "x\"y'z<".to_string()];
        let none: Vec<String> = Vec::new();
        let mut cards = vec![card("0007-x", "Use <b> & \"quotes\" 'too'", &tags)];
        let mut zero = card("0000-zero", "Zero", &none);
        zero.number = Some(0);
        zero.status = Some("superseded");
        zero.status_raw = Some("Superseded by 12");
        zero.draft = true;
        zero.package = Some("pay<ments>");
        zero.revisit_state = Some("overdue");
        zero.revisit_date = Date::parse_iso("2025-05-06");
        zero.revisit_label = Some("overdue by 3 days".into());
        cards.push(zero);
        let mut retro = card("r-1", "Looking back", &none);
        retro.number = None;
        retro.kind = "retrospective";
        retro.status = None;
        retro.date = None;
        retro.verdict = Some("held-up");
        retro.home = Some("https://other.example/adr/1.html?a=1&b=2");
        cards.push(retro);
        let mut plain = card("p", "Plain", &none);
        plain.status_raw = Some("accepted");
        plain.package = Some("");
        plain.home = Some("");
        cards.push(plain);
        for root in ["", "../", "../../"] {
            assert_eq!(
                table_rows(cards.iter(), root),
                tera_rows(INDEX_LOOP, &cards, root)
            );
            assert_eq!(
                list_items(cards.iter(), root),
                tera_rows(LIST_LOOP, &cards, root)
            );
        }
        assert_eq!(table_rows([].iter(), ""), "");
        for n in [0u64, 1, 9, 10, 4_294_967_295] {
            let mut out = String::new();
            number(&mut out, n);
            assert_eq!(out, n.to_string());
        }
        for d in ["0001-01-01", "0999-12-31", "2026-11-23", "9999-09-09"] {
            let mut out = String::new();
            date(&mut out, Date::parse_iso(d).unwrap());
            assert_eq!(out, d);
        }
    }
}
