//! `hindsight graph`: the links between records as Graphviz DOT on standard output (as
//! `adr generate graph`), for `dot -Tsvg`.

use std::process::ExitCode;

use clap::Args;

use super::{EXIT_RECORDS, Env, SourceArgs, in_number_order, print_out};

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    pub source: SourceArgs,
    /// Output format (only Graphviz DOT for now)
    #[arg(long, value_name = "FORMAT", default_value = "dot")]
    pub format: GraphFormat,
    /// Put before each node's page (`decisions/0002-x.html`) in its URL, for example the
    /// address the site is published at [default: none, links relative to the site root]
    #[arg(long, value_name = "PREFIX", default_value = "")]
    pub link_prefix: String,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub enum GraphFormat {
    Dot,
}

pub fn run(env: &Env, args: GraphArgs) -> anyhow::Result<ExitCode> {
    let project = match args.source.project(env) {
        Ok(p) => p,
        Err(code) => return Ok(code),
    };
    let loaded = hindsight::load(&project, args.source.today(), None);
    env.report(&loaded.diagnostics);
    let model = &loaded.model;
    let order = in_number_order(model);
    let GraphFormat::Dot = args.format;
    print_out(&hindsight::render::dot::dot(
        model,
        &order,
        &args.link_prefix,
    ))?;
    Ok(if loaded.has_errors() {
        ExitCode::from(EXIT_RECORDS)
    } else {
        ExitCode::SUCCESS
    })
}
