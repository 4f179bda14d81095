//! `hindsight index`: a markdown table of the records on standard output, or kept current
//! between `<!-- hindsight:index -->` markers in a file (`--write`), or checked (`--check`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use hindsight::diagnostic::{Code, Diagnostic};
use hindsight::file_path::{absolute, relative};
use hindsight::render::index_table::{self, END, MarkerProblem, Row, START};

use super::{EXIT_RECORDS, EXIT_USAGE, Env, SourceArgs, in_number_order, print_out, shown_path};

#[derive(Debug, Args)]
pub struct IndexArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Rewrite only the part of FILE between `<!-- hindsight:index -->` and
    /// `<!-- /hindsight:index -->`; FILE is left untouched when the index is current
    #[arg(long, value_name = "FILE")]
    pub write: Option<PathBuf>,
    /// With --write: write nothing, exit 1 when the index in FILE is out of date (for CI)
    #[arg(long, requires = "write")]
    pub check: bool,
}

pub fn run(env: &Env, args: IndexArgs) -> anyhow::Result<ExitCode> {
    let project = match args.source.project(env) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let loaded = hindsight::load(&project, args.source.today(), None);
    env.report(&loaded.diagnostics);
    let model = &loaded.model;
    let cwd = std::env::current_dir()?;
    let base = args.write.as_ref().map(|f| {
        absolute(
            &cwd.join(f)
                .parent()
                .map(Path::to_path_buf)
                .unwrap_or_default(),
        )
    });
    let rows: Vec<Row> = in_number_order(model)
        .into_iter()
        .map(|i| {
            let r = &model.records[i].record;
            let shown = shown_path(&project, &r.source);
            let href = match &base {
                Some(b) => relative(b, &absolute(&cwd.join(&shown))),
                None => shown,
            };
            Row {
                number: r.number,
                title: r.title.clone(),
                href,
                status: r.status.as_str().to_string(),
                date: r.date.map(|d| d.to_string()),
                revisit: r.revisit.date.map(|d| d.to_string()),
            }
        })
        .collect();
    let table = index_table::table(&rows);
    let Some(file) = &args.write else {
        print_out(&table)?;
        return Ok(if loaded.has_errors() {
            ExitCode::from(EXIT_RECORDS)
        } else {
            ExitCode::SUCCESS
        });
    };
    let shown = file.display().to_string();
    let text = match std::fs::read_to_string(file) {
        Ok(t) => t,
        Err(e) => {
            env.report(&[Diagnostic::error(
                Code::IndexMarkers,
                format!("cannot read the file: {e}"),
            )
            .in_file(shown)
            .hint(format!(
                "create it with the two lines {START} and {END} where the index goes"
            ))]);
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let updated = match index_table::splice(&text, &table) {
        Ok(u) => u,
        Err(problem) => {
            let message = match problem {
                MarkerProblem::Missing => "the file has no index markers, so it is left as it is",
                MarkerProblem::Repeated => {
                    "an index marker appears more than once, so the file is left as it is"
                }
            };
            env.report(&[Diagnostic::error(Code::IndexMarkers, message)
                .in_file(shown)
                .hint(format!(
                    "put the two lines {START} and {END} once, where the index goes"
                ))]);
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    if updated == text {
        eprintln!("{shown}: the index is current");
        return Ok(ExitCode::SUCCESS);
    }
    if args.check {
        env.report(&[
            Diagnostic::error(Code::IndexStale, "the index is out of date")
                .in_file(shown.clone())
                .hint(format!("run `hindsight index --write {shown}`")),
        ]);
        return Ok(ExitCode::from(EXIT_RECORDS));
    }
    write_replacing(file, &updated)?;
    eprintln!("{shown}: index updated");
    Ok(ExitCode::SUCCESS)
}

/// Writes through a temporary file beside `file`, renamed into place, so a reader never
/// sees half a file.
fn write_replacing(file: &Path, text: &str) -> anyhow::Result<()> {
    let real = std::fs::canonicalize(file)?;
    let dir = real.parent().unwrap_or(Path::new("."));
    let name = real.file_name().unwrap_or_default().to_string_lossy();
    let tmp = dir.join(format!(".{name}.hindsight-{}.tmp", std::process::id()));
    let result = std::fs::write(&tmp, text)
        .and_then(|_| {
            if let Ok(meta) = std::fs::metadata(&real) {
                std::fs::set_permissions(&tmp, meta.permissions())?;
            }
            Ok(())
        })
        .and_then(|_| std::fs::rename(&tmp, &real));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    Ok(result?)
}
