//! `cargo xtask dist [--input FILE]`, `cargo xtask serve`, `cargo xtask bench`.

mod bench;

use clap::{Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(name = "xtask", about = "Build, serve and measure Rendiconto Aperto")]
struct Cli {
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Build the static app and its search bundle into dist/.
    Dist {
        /// Report text to index (default: the bundled 2023 report).
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// Serve dist/ (build it first unless --no-build).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        #[arg(long)]
        no_build: bool,
        #[arg(long)]
        input: Option<PathBuf>,
    },
    /// Measure this app, Pagefind and MiniSearch side by side (sizes, first result,
    /// keystroke latency, index build) at scale x1, x10, x100; writes BENCHMARKS.md and
    /// docs/bench/results.json. Needs `cargo xtask dist` and scripts/setup.sh first.
    Bench {
        /// Corpus scales (the report repeated as other years).
        #[arg(long, value_delimiter = ',', default_value = "1,10,100")]
        scales: Vec<usize>,
        /// One run of each kind, to try the benchmark out.
        #[arg(long)]
        quick: bool,
        /// Print the tables only; leave BENCHMARKS.md and docs/bench/results.json alone.
        #[arg(long)]
        no_write: bool,
        /// Only the byte sizes of dist/ and of every delivery (exact, no browser run):
        /// rewrites those two tables and their figures in results.json.
        #[arg(long)]
        sizes_only: bool,
        /// Measure again the sites a previous run left in target/bench.
        #[arg(long)]
        reuse: bool,
        /// Write BENCHMARKS.md and results.json from the figures of the last run.
        #[arg(long)]
        report_only: bool,
        /// Only the relevance benchmark: the three engines on the questions of
        /// tests/relevance/questions.tsv (hits@5, MRR, zero results); writes
        /// docs/bench/quality.json and its table in BENCHMARKS.md. Needs no dist/.
        #[arg(long)]
        quality: bool,
    },
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Cmd::Dist { input } => xtask::dist(input.as_deref()).map(|d| eprintln!("built {}", d.display())),
        Cmd::Serve { addr, no_build, input } => {
            let dir = if no_build { Ok(xtask::root().join("dist")) } else { xtask::dist(input.as_deref()) };
            dir.and_then(|d| {
                eprintln!("Rendiconto Aperto: http://{addr}/  (Ctrl-C to stop)");
                xtask::serve(&d, &addr)
            })
        }
        Cmd::Bench { scales, quick, no_write, sizes_only, reuse, report_only, quality } => {
            bench::run(&bench::Options { scales, quick, no_write, sizes_only, reuse, report_only, quality })
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}
