//! `hindsight due`: the decisions overdue for revisit and those due soon, for people and for
//! scheduled CI jobs.

use std::io::Write;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use hindsight::date::Date;
use hindsight::diagnostic::{self, Diagnostic};
use hindsight::due::Item;
use hindsight::wording::plural;
use serde::Serialize;

use super::{EXIT_RECORDS, Env, SourceArgs};

#[derive(Debug, Args)]
pub struct DueArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// List revisits due within this many days from today [default: `due_window` in
    /// hindsight.toml, else 30]
    #[arg(long, value_name = "DAYS")]
    pub within: Option<u32>,
    /// How to print the list
    #[arg(long, value_enum, default_value = "table")]
    pub format: DueFormat,
    /// Exit with code 1 when anything is overdue (`overdue`) or listed at all (`due`)
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Option<FailOn>,
    /// Only the records of this package (a team's repository, a `[[sources]]` package)
    #[arg(long, value_name = "NAME")]
    pub package: Option<String>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum DueFormat {
    /// Aligned columns for people
    Table,
    /// One JSON object with every item
    Json,
    /// Comma-separated values with a header row
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum FailOn {
    /// Any decision overdue for revisit
    Overdue,
    /// Any decision overdue or due within the window
    Due,
}

pub fn run(env: &Env, args: DueArgs) -> anyhow::Result<ExitCode> {
    let project = match args.source.project(env) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let within = args.within.unwrap_or(project.config.due_window);
    // Revisit dates do not depend on git, so `due` does not read it.
    let loaded = hindsight::load_keeping(
        &project,
        args.source.today(),
        None,
        None,
        hindsight::Keep::Metadata,
    );
    let errors: Vec<Diagnostic> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .cloned()
        .collect();
    env.report(&errors);
    let mut items = hindsight::due::items(&loaded.model, within);
    if let Some(package) = &args.package {
        let known = loaded.model.index.packages();
        if !known.contains(&package.as_str()) {
            let names: Vec<String> = known.iter().map(|p| format!("`{p}`")).collect();
            env.report(&[Diagnostic::error(
                hindsight::diagnostic::Code::UnknownPackage,
                format!("`--package {package}`: no record has this package"),
            )
            .hint(if names.is_empty() {
                "no record has a package here".to_string()
            } else {
                format!("the packages are {}", names.join(", "))
            })]);
            return Ok(ExitCode::from(super::EXIT_USAGE));
        }
        items.retain(|i| i.package == Some(package.as_str()));
    }
    let overdue = items.iter().filter(|i| i.state == "overdue").count();
    let soon = items.len() - overdue;
    let text = match args.format {
        DueFormat::Table => table(&items, loaded.model.today, within),
        DueFormat::Json => json(&items, loaded.model.today, within, overdue, soon)?,
        DueFormat::Csv => csv(&items),
    };
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(text.as_bytes()).and_then(|_| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e.into());
    }
    let warnings = loaded.diagnostics.len() - errors.len();
    if warnings > 0 && matches!(args.format, DueFormat::Table) {
        eprintln!(
            "note: the records have {}; run `hindsight check` to see them",
            diagnostic::summary(&loaded.diagnostics)
        );
    }
    let failed = !errors.is_empty()
        || match args.fail_on {
            Some(FailOn::Overdue) => overdue > 0,
            Some(FailOn::Due) => !items.is_empty(),
            None => false,
        };
    drop(items);
    // The process exits next: freeing 50,000 records one string at a time would only
    // cost time, and the system takes the memory
    // back at exit all the same.
    std::mem::forget(loaded);
    Ok(if failed {
        ExitCode::from(EXIT_RECORDS)
    } else {
        ExitCode::SUCCESS
    })
}

/// `12 days late`, `due today`, `in 5 days`.
fn how_late(item: &Item<'_>) -> String {
    match item.days_until {
        d if d < 0 => format!("{} late", plural(-d, "day", "days")),
        0 => "today".to_string(),
        d => format!("in {}", plural(d, "day", "days")),
    }
}

fn table(items: &[Item<'_>], today: Date, within: u32) -> String {
    let window = plural(within, "day", "days");
    if items.is_empty() {
        return format!("Nothing is overdue or due within {window} (as of {today}).\n");
    }
    let header = ["STATE", "DATE", "WHEN", "#", "TITLE", "DECIDERS"];
    let rows: Vec<[String; 6]> = items
        .iter()
        .map(|i| {
            [
                i.state.to_string(),
                match i.revisit_source {
                    "policy" => format!("{} by policy", i.date),
                    _ => i.date.to_string(),
                },
                how_late(i),
                i.number.map_or_else(|| i.id.to_string(), |n| n.to_string()),
                i.title.to_string(),
                i.deciders.join(", "),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    // Keep titles readable on a terminal: very long ones are cut with an ellipsis.
    widths[4] = widths[4].min(60);
    let mut out = String::new();
    let mut line = |cells: &[String]| {
        let mut l = String::new();
        for (k, cell) in cells.iter().enumerate() {
            let mut cell = clean(cell);
            if k == 4 && cell.chars().count() > widths[4] {
                cell = cell.chars().take(widths[4] - 1).collect::<String>() + "…";
            }
            if k + 1 == cells.len() {
                l.push_str(&cell);
            } else {
                l.push_str(&cell);
                let pad = widths[k] - cell.chars().count();
                l.push_str(&" ".repeat(pad + 2));
            }
        }
        out.push_str(l.trim_end());
        out.push('\n');
    };
    line(&header.map(String::from));
    for row in &rows {
        line(row);
    }
    let overdue = items.iter().filter(|i| i.state == "overdue").count();
    out.push_str(&format!(
        "\n{} overdue, {} due within {window} (as of {today}).\n",
        overdue,
        items.len() - overdue
    ));
    out
}

/// Removes control characters (a title cannot move the cursor of the terminal it is shown in).
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn json(
    items: &[Item<'_>],
    today: Date,
    within: u32,
    overdue: usize,
    due: usize,
) -> anyhow::Result<String> {
    #[derive(Serialize)]
    struct Report<'a> {
        schema: u32,
        today: Date,
        within: u32,
        overdue: usize,
        due: usize,
        items: &'a [Item<'a>],
    }
    let mut s = serde_json::to_string_pretty(&Report {
        schema: 1,
        today,
        within,
        overdue,
        due,
        items,
    })?;
    s.push('\n');
    Ok(s)
}

/// A CSV cell (RFC 4180), with text that a spreadsheet would run as a formula defused.
fn cell(text: &str, is_text: bool) -> String {
    let mut t = text.to_string();
    if is_text && t.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        t.insert(0, '\'');
    }
    if t.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", t.replace('"', "\"\""))
    } else {
        t
    }
}

fn csv(items: &[Item<'_>]) -> String {
    let mut out = String::from(
        "state,date,days_until,days_late,id,number,title,deciders,when,url,revisit_source\r\n",
    );
    for i in items {
        let row = [
            cell(i.state, false),
            cell(&i.date.to_string(), false),
            cell(&i.days_until.to_string(), false),
            cell(&i.days_late.to_string(), false),
            cell(i.id, true),
            cell(&i.number.map(|n| n.to_string()).unwrap_or_default(), false),
            cell(i.title, true),
            cell(&i.deciders.join("; "), true),
            cell(i.when.unwrap_or(""), true),
            cell(i.url, true),
            cell(i.revisit_source, false),
        ];
        out.push_str(&row.join(","));
        out.push_str("\r\n");
    }
    out
}
