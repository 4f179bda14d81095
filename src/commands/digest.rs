//! `hindsight digest`: what a manager sends upward each week or month, as markdown that
//! pastes cleanly into an email or a chat, a self-contained HTML page, or JSON.

use std::fmt::Write as _;
use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use hindsight::date::Date;
use hindsight::diagnostic::{Code, Diagnostic};
use hindsight::digest::{Digest, Entry, digest};
use hindsight::render::escape::escape;
use hindsight::wording::plural;

use super::{EXIT_RECORDS, EXIT_USAGE, Env, SourceArgs, parse_date};

#[derive(Debug, Args)]
pub struct DigestArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// First day of the period, as YYYY-MM-DD
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub since: Date,
    /// Last day of the period [default: --today, else today]; revisits are as of this day
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub until: Option<Date>,
    /// How to print the digest
    #[arg(long, value_enum, default_value = "markdown")]
    pub format: DigestFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DigestFormat {
    /// Markdown for an email or a chat
    Markdown,
    /// One self-contained HTML page
    Html,
    /// One JSON object
    Json,
}

pub fn run(env: &Env, args: DigestArgs) -> anyhow::Result<ExitCode> {
    let project = match args.source.project(env) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let until = args.until.or(args.source.today).unwrap_or_else(Date::today);
    if args.since > until {
        env.report(&[Diagnostic::error(
            Code::Usage,
            format!("--since {} is after --until {until}", args.since),
        )
        .hint("give a period whose first day comes before its last")]);
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let loaded = hindsight::load(&project, until, None);
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    env.report(&errors);
    let d = digest(&loaded.model, args.since, until, project.config.stale_after);
    let base = project.config.base_url.as_deref();
    let text = match args.format {
        DigestFormat::Markdown => markdown(&d, base),
        DigestFormat::Html => html(&d, base, &project.config.title),
        DigestFormat::Json => {
            let mut s = serde_json::to_string_pretty(&serde_json::json!({
                "schema": 1,
                "digest": d,
            }))?;
            s.push('\n');
            s
        }
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e.into());
    }
    Ok(if errors.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_RECORDS)
    })
}

/// The one-line summary both formats start with.
fn summary(d: &Digest<'_>) -> String {
    let judged = d.hits + d.misses;
    let mut parts = vec![
        format!("{} decided", d.decided.len()),
        format!("{} proposed and waiting", d.proposed.len()),
        format!("{} superseded", d.superseded.len()),
        format!("{} reviewed", d.reviewed.len()),
    ];
    if judged > 0 {
        parts.push(format!(
            "{} of {} expectation{} hit",
            d.hits,
            judged,
            if judged == 1 { "" } else { "s" }
        ));
    }
    parts.push(format!("{} overdue", d.overdue.len()));
    parts.push(format!("{} due soon", d.due.len()));
    if !d.stale.is_empty() {
        parts.push(plural(d.stale.len(), "stale proposal", "stale proposals"));
    }
    parts.join(" · ")
}

/// Markdown-escapes text from a record, so that it pastes as written.
fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '`' | '<' | '>' | '#' | '|'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn name(e: &Entry<'_>) -> String {
    match e.number {
        Some(n) => format!("{n} {}", e.title),
        None => e.title.to_string(),
    }
}

/// A record's name, linked to its page when the site's address is known.
fn md_link(e: &Entry<'_>, base: Option<&str>) -> String {
    match base {
        _ if is_absolute(e.url) => format!("[{}]({})", md(&name(e)), e.url),
        Some(b) => format!("[{}]({}/{})", md(&name(e)), b.trim_end_matches('/'), e.url),
        None => md(&name(e)),
    }
}

/// A record of another site (`[[sources]] json`) links to its page there.
fn is_absolute(url: &str) -> bool {
    url.starts_with("https://") || url.starts_with("http://")
}

fn date(d: Option<Date>) -> String {
    d.map(|d| d.to_string()).unwrap_or_else(|| "no date".into())
}

fn people(e: &Entry<'_>) -> String {
    if e.deciders.is_empty() {
        String::new()
    } else {
        format!(" ({})", e.deciders.join(", "))
    }
}

/// One line of text per section item, shared by both formats (`link` formats a record).
fn lines(
    d: &Digest<'_>,
    link: &dyn Fn(&Entry<'_>) -> String,
    text: &dyn Fn(&str) -> String,
) -> Vec<(String, Vec<String>)> {
    let mut sections = Vec::new();
    let mut add = |title: &str, items: Vec<String>| {
        if !items.is_empty() {
            sections.push((title.to_string(), items));
        }
    };
    add(
        "Decided",
        d.decided
            .iter()
            .map(|e| {
                format!(
                    "{}: {} {}{}",
                    link(e),
                    e.status,
                    date(e.date),
                    text(&people(e))
                )
            })
            .collect(),
    );
    add(
        "Proposed and waiting (oldest first)",
        d.proposed
            .iter()
            .map(|e| {
                format!(
                    "{}: proposed {}{}{}",
                    link(e),
                    date(e.date),
                    e.days
                        .map(|n| format!(", waiting {}", plural(n.max(0) as usize, "day", "days")))
                        .unwrap_or_default(),
                    text(&people(e))
                )
            })
            .collect(),
    );
    add(
        "Superseded",
        d.superseded
            .iter()
            .map(|e| format!("{}: superseded {}", link(e), date(e.date)))
            .collect(),
    );
    add(
        "Reviewed",
        d.reviewed
            .iter()
            .map(|r| {
                let mut s = format!(
                    "{} ({})",
                    link(&r.retrospective),
                    date(r.retrospective.date)
                );
                if let Some(dec) = &r.decision {
                    let _ = write!(s, " reviews {}", link(dec));
                }
                let verdicts: Vec<String> = r
                    .verdict
                    .map(|v| v.replace('-', " "))
                    .into_iter()
                    .chain(r.process.map(|p| format!("process {p}")))
                    .collect();
                if !verdicts.is_empty() {
                    let _ = write!(s, ": {}", verdicts.join(", "));
                }
                s
            })
            .collect(),
    );
    add(
        "Expectations judged",
        d.judged
            .iter()
            .map(|j| {
                let mark = match j.result {
                    "hit" => "✓ hit",
                    "miss" => "✗ miss",
                    _ => "? unclear",
                };
                let mut s = format!("{mark}: {}", text(j.claim));
                if let Some(c) = j.confidence {
                    let _ = write!(s, " ({}% sure)", (c * 100.0).round());
                }
                let _ = write!(s, ", in {}", link(&j.decision));
                if let Some(n) = j.note {
                    let _ = write!(s, "; {}", text(n));
                }
                s
            })
            .collect(),
    );
    add(
        "Overdue for revisit",
        d.overdue
            .iter()
            .map(|e| {
                format!(
                    "{}: was due {}, {} late{}",
                    link(e),
                    date(e.date),
                    plural(e.days.unwrap_or(0).unsigned_abs() as usize, "day", "days"),
                    text(&people(e))
                )
            })
            .collect(),
    );
    add(
        "Due soon",
        d.due
            .iter()
            .map(|e| format!("{}: due {}{}", link(e), date(e.date), text(&people(e))))
            .collect(),
    );
    add(
        "Stale proposals",
        d.stale
            .iter()
            .map(|e| {
                format!(
                    "{}: proposed {}, {} ago",
                    link(e),
                    date(e.date),
                    plural(e.days.unwrap_or(0).max(0) as usize, "day", "days")
                )
            })
            .collect(),
    );
    sections
}

/// The digest as markdown.
pub fn markdown(d: &Digest<'_>, base: Option<&str>) -> String {
    let mut out = format!(
        "# Decisions, {} to {}\n\n**{}**\n",
        d.since,
        d.until,
        summary(d)
    );
    for (title, items) in lines(d, &|e| md_link(e, base), &md) {
        let _ = write!(out, "\n## {title}\n\n");
        for i in items {
            let _ = writeln!(out, "- {i}");
        }
    }
    out
}

/// The digest as one self-contained HTML page.
pub fn html(d: &Digest<'_>, base: Option<&str>, site_title: &str) -> String {
    let link = |e: &Entry<'_>| match base {
        _ if is_absolute(e.url) => {
            format!("<a href=\"{}\">{}</a>", escape(e.url), escape(&name(e)))
        }
        Some(b) => format!(
            "<a href=\"{}/{}\">{}</a>",
            escape(b.trim_end_matches('/')),
            escape(e.url),
            escape(&name(e))
        ),
        None => escape(&name(e)),
    };
    let title = format!("{}, {} to {}", site_title, d.since, d.until);
    let mut out = format!(
        "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{t}</title>\n<style>body{{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1b1f24;background:#fff}}h1{{font-size:1.5rem}}h2{{font-size:1.15rem;margin-top:1.6rem;border-bottom:1px solid #ddd}}li{{margin:.25rem 0}}.summary{{font-weight:600}}a{{color:#2451b7}}@media (prefers-color-scheme:dark){{body{{background:#15181c;color:#e6e8eb}}a{{color:#8fb0ff}}h2{{border-color:#333}}}}</style>\n</head>\n<body>\n<h1>{t}</h1>\n<p class=\"summary\">{s}</p>\n",
        t = escape(&title),
        s = escape(&summary(d))
    );
    for (title, items) in lines(d, &link, &escape) {
        let _ = write!(out, "<h2>{}</h2>\n<ul>\n", escape(&title));
        for i in items {
            let _ = writeln!(out, "<li>{i}</li>");
        }
        out.push_str("</ul>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}
