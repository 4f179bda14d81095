//! `hindsight export`: the resolved model as JSON on standard output.

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

use super::{EXIT_RECORDS, Env, SourceArgs};

#[derive(Debug, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub source: SourceArgs,
}

pub fn run(env: &Env, args: ExportArgs) -> anyhow::Result<ExitCode> {
    let project = match args.source.project(env) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let loaded = hindsight::load(&project, args.source.today(), None);
    env.report(&loaded.diagnostics);
    let site = hindsight::render::SiteView {
        title: project.config.title.clone(),
        base_url: project.config.base_url.clone(),
    };
    let json = hindsight::render::json::export(&loaded.model, &site);
    let mut out = std::io::stdout().lock();
    if let Err(e) = out.write_all(json.as_bytes()).and_then(|_| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e.into());
    }
    Ok(if loaded.has_errors() {
        ExitCode::from(EXIT_RECORDS)
    } else {
        ExitCode::SUCCESS
    })
}
