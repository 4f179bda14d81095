//! `hindsight schema`: the JSON Schema of the native front matter on standard output, for
//! editors (see [`hindsight::dialect::schema`]).

use std::io::Write;
use std::process::ExitCode;

use clap::Args;

#[derive(Debug, Args)]
pub struct SchemaArgs {}

pub fn run(_args: SchemaArgs) -> anyhow::Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    if let Err(e) = out
        .write_all(hindsight::dialect::schema::text().as_bytes())
        .and_then(|_| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        return Err(e.into());
    }
    Ok(ExitCode::SUCCESS)
}
