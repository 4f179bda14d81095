//! `hindsight list`: the records for shell scripts, one path a line in number order (as
//! `adr list` prints them), or as an aligned table or JSON.

use std::process::ExitCode;

use clap::Args;
use hindsight::record::Status;

use super::{EXIT_RECORDS, Env, SourceArgs, in_number_order, print_out, shown_path};

#[derive(Debug, Args)]
pub struct ListArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Only records with this status (proposed, accepted, rejected, deprecated,
    /// superseded, unknown). Repeatable: any of them
    #[arg(long, value_name = "STATUS", value_parser = parse_status)]
    pub status: Vec<Status>,
    /// paths: one path a line, relative to the current folder; table: number, status, date,
    /// title and path in columns; json: an array of {number, id, title, status, date, path}
    #[arg(long, value_name = "FORMAT", default_value = "paths")]
    pub format: ListFormat,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum ListFormat {
    Paths,
    Table,
    Json,
}

fn parse_status(s: &str) -> Result<Status, String> {
    let lower = s.trim().to_ascii_lowercase();
    Status::ALL
        .into_iter()
        .find(|st| st.as_str() == lower)
        .ok_or_else(|| {
            format!("`{s}` is not a status; use proposed, accepted, rejected, deprecated, superseded or unknown")
        })
}

pub fn run(env: &Env, args: ListArgs) -> anyhow::Result<ExitCode> {
    let project = match args.source.project(env) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let loaded = hindsight::load(&project, args.source.today(), None);
    env.report(&loaded.diagnostics);
    let records: Vec<_> = in_number_order(&loaded.model)
        .into_iter()
        .map(|i| &loaded.model.records[i])
        .filter(|r| args.status.is_empty() || args.status.contains(&r.record.status))
        .collect();
    let mut text = String::new();
    match args.format {
        ListFormat::Paths => {
            for r in &records {
                text.push_str(&shown_path(&project, &r.record.source));
                text.push('\n');
            }
        }
        ListFormat::Table => {
            let rows: Vec<[String; 5]> = records
                .iter()
                .map(|r| {
                    [
                        r.record.number.map(|n| n.to_string()).unwrap_or_default(),
                        r.record.status.as_str().to_string(),
                        r.record.date.map(|d| d.to_string()).unwrap_or_default(),
                        r.record.title.clone(),
                        shown_path(&project, &r.record.source),
                    ]
                })
                .collect();
            let head = ["NUMBER", "STATUS", "DATE", "TITLE", "PATH"].map(String::from);
            let mut widths = [0usize; 5];
            for row in std::iter::once(&head).chain(&rows) {
                for (w, cell) in widths.iter_mut().zip(row) {
                    *w = (*w).max(cell.chars().count());
                }
            }
            for row in std::iter::once(&head).chain(&rows) {
                let mut line = String::new();
                for (i, (w, cell)) in widths.iter().zip(row).enumerate() {
                    if i + 1 == row.len() {
                        line.push_str(cell);
                    } else {
                        line.push_str(&format!("{cell:<w$}  "));
                    }
                }
                text.push_str(line.trim_end());
                text.push('\n');
            }
        }
        ListFormat::Json => {
            let items: Vec<serde_json::Value> = records
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "number": r.record.number,
                        "id": r.record.id,
                        "title": r.record.title,
                        "status": r.record.status.as_str(),
                        "date": r.record.date.map(|d| d.to_string()),
                        "path": shown_path(&project, &r.record.source),
                    })
                })
                .collect();
            text = serde_json::to_string_pretty(&items)?;
            text.push('\n');
        }
    }
    print_out(&text)?;
    Ok(if loaded.has_errors() {
        ExitCode::from(EXIT_RECORDS)
    } else {
        ExitCode::SUCCESS
    })
}
