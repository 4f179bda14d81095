//! `hindsight why PATH...`: the decisions that govern each path (their `applies_to`
//! globs match it). Exit 0 when every path is governed by some decision, 1 when one is not.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, ValueEnum};
use hindsight::citation::WorkTree;
use hindsight::date::Date;
use hindsight::diagnostic::{Code, Diagnostic};
use hindsight::file_path::relative_to;
use hindsight::governance::{Governance, shown_status, why};
use hindsight::resolve::Model;
use serde::Serialize;

use super::{EXIT_RECORDS, EXIT_USAGE, Env, parse_date};

#[derive(Debug, Args)]
pub struct WhyArgs {
    /// Files or folders, from the current folder
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,
    /// Folder of decision records [default: the configured one, else the first found]
    #[arg(long, value_name = "DIR")]
    pub source: Option<PathBuf>,
    /// How to print the answer
    #[arg(long, value_enum, default_value = "human")]
    pub format: WhyFormat,
    /// Date to compute revisit states against, as YYYY-MM-DD [default: today]
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    pub today: Option<Date>,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum WhyFormat {
    /// One block per path
    Human,
    /// `{"paths": [{"path", "decisions": [...]}]}`
    Json,
}

#[derive(Serialize)]
struct PathJson<'a> {
    path: String,
    decisions: Vec<DecisionJson<'a>>,
}

#[derive(Serialize)]
struct DecisionJson<'a> {
    id: &'a str,
    number: Option<u32>,
    title: &'a str,
    status: &'static str,
    revisit: Option<&'static str>,
    revisit_date: Option<Date>,
    url: String,
    superseded_by: Vec<&'a str>,
}

pub fn run(env: &Env, args: WhyArgs) -> anyhow::Result<ExitCode> {
    let project = match env.project(args.source.as_deref()) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let today = args.today.unwrap_or_else(Date::today);
    let loaded = hindsight::load_with(&project, today, None, None);
    env.report(
        &loaded
            .diagnostics
            .iter()
            .filter(|d| d.is_error() || d.code == "invalid-glob")
            .cloned()
            .collect::<Vec<_>>(),
    );
    let model = &loaded.model;
    let root = WorkTree::new(&project, None).options.root;
    let governance = Governance::new(model);
    let base = project.config.base_url.as_deref().unwrap_or("");
    let mut answers = Vec::new();
    for p in &args.paths {
        let Some(rel) = relative_to(p, &root) else {
            env.report(&[Diagnostic::error(
                Code::Usage,
                format!(
                    "`{}` is outside the work tree {}",
                    p.display(),
                    root.display()
                ),
            )
            .hint("name files of the repository that holds the records")]);
            return Ok(ExitCode::from(EXIT_USAGE));
        };
        let found = why(model, &governance, &rel);
        answers.push(PathJson {
            path: rel,
            decisions: found.iter().map(|&i| decision(model, i, base)).collect(),
        });
    }
    match args.format {
        WhyFormat::Json => println!(
            "{}",
            serde_json::to_string_pretty(&serde_json::json!({ "paths": answers }))?
        ),
        WhyFormat::Human => {
            for a in &answers {
                println!("{}", a.path);
                if a.decisions.is_empty() {
                    println!("  governed by no decision");
                }
                for d in &a.decisions {
                    let number = d.number.map(|n| format!("{n:04} ")).unwrap_or_default();
                    let mut line = format!("  {number}{} [{}]", d.title, d.status);
                    if let Some(state) = d.revisit {
                        line.push_str(&format!(", revisit {state}"));
                        if let Some(date) = d.revisit_date {
                            line.push_str(&format!(" {date}"));
                        }
                    }
                    if !d.superseded_by.is_empty() {
                        line.push_str(&format!(", superseded by {}", d.superseded_by.join(", ")));
                    }
                    println!("{line}\n      {}", d.url);
                }
            }
        }
    }
    let ungoverned = answers.iter().any(|a| a.decisions.is_empty());
    Ok(if ungoverned {
        ExitCode::from(EXIT_RECORDS)
    } else {
        ExitCode::SUCCESS
    })
}

fn decision<'a>(model: &'a Model, i: usize, base: &str) -> DecisionJson<'a> {
    let r = &model.records[i];
    DecisionJson {
        id: &r.record.id,
        number: r.record.number,
        title: &r.record.title,
        status: shown_status(r),
        revisit: r.revisit.state.map(|s| s.as_str()),
        revisit_date: r.revisit.date,
        url: if base.is_empty() {
            r.url.clone()
        } else {
            format!("{}/{}", base.trim_end_matches('/'), r.url)
        },
        superseded_by: r
            .superseded_by
            .iter()
            .map(|&s| model.records[s].record.id.as_str())
            .collect(),
    }
}
