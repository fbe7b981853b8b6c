//! `cargo xtask dist [--input FILE]`, `cargo xtask serve`, `cargo xtask bench`,
//! `cargo xtask wasm-size`.

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
    /// Build the static app, its search bundle and every delivery into dist/. Steps
    /// whose inputs did not change since the last run are skipped (target/xtask-cache).
    Dist {
        /// Report text to index (default: the bundled 2023 report).
        #[arg(long)]
        input: Option<PathBuf>,
        /// Lower compression levels, for development (what is published: without).
        #[arg(long)]
        fast: bool,
        /// The site's public address (canonical links, sitemap.xml, robots.txt);
        /// default https://www.comune.torino.it/rendiconto-aperto/.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Build the site into dist/ and serve it as soon as it is ready; the single file,
    /// the kiosk and the open data are finished meanwhile (--no-build: serve dist/ as it is).
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        #[arg(long)]
        no_build: bool,
        #[arg(long)]
        input: Option<PathBuf>,
        /// Lower compression levels, for development.
        #[arg(long)]
        fast: bool,
        /// The site's public address (canonical links, sitemap.xml, robots.txt);
        /// default https://www.comune.torino.it/rendiconto-aperto/.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Measure this app, Pagefind and MiniSearch side by side (sizes, first result,
    /// keystroke latency, index build) at scale x1, x10, x100; writes BENCHMARKS.md and
    /// docs/bench/results.json. Needs `cargo xtask dist` and scripts/setup-test.sh first.
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
        /// Only the prerendered pages, on dist/ as it is (x1, no peers): a shared
        /// activity link opened cold (plain and throttled) and Lighthouse on the home
        /// and an activity page; writes their section of BENCHMARKS.md and their keys in
        /// docs/bench/results.json. Needs scripts/setup-test.sh (lighthouse).
        #[arg(long)]
        pages: bool,
    },
    /// Size of the app's wasm (raw, brotli 11, gzip 9) and twiggy's items summed by
    /// crate, from the last Trunk build (docs/slim-engine.md). Needs `cargo xtask dist`
    /// and twiggy (`cargo install twiggy`).
    WasmSize {
        /// wasm-bindgen's output before wasm-opt (default: the last Trunk build's,
        /// target/wasm-bindgen/release/app_bg.wasm).
        #[arg(long)]
        bound: Option<PathBuf>,
        /// Rows of the table.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Write every crate's bytes to this CSV file, to compare builds.
        #[arg(long)]
        csv: Option<PathBuf>,
        /// A CSV an earlier run wrote: show its bytes and the change beside.
        #[arg(long)]
        baseline: Option<PathBuf>,
    },
}

/// Serves the site as soon as it is built; the single files and the open data follow
/// on another thread.
fn serve(addr: &str, no_build: bool, build: xtask::Build) -> Result<(), String> {
    let started = std::time::Instant::now();
    let server = xtask::http::Server::bind(addr)?;
    let dist = if no_build {
        xtask::root().join("dist")
    } else {
        let site = xtask::site(&build)?;
        let dist = site.dist.clone();
        std::thread::spawn(move || match site.finish() {
            Ok(()) => eprintln!("dist: the single file, the kiosk and the open data are ready"),
            Err(e) => {
                eprintln!("xtask: the single file, the kiosk or the open data were not built: {e}")
            }
        });
        dist
    };
    eprintln!("Rendiconto Aperto: http://{addr}/  (ready in {:.1} s; Ctrl-C to stop)", started.elapsed().as_secs_f64());
    xtask::serve_with(server, dist, None)
}

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        Cmd::Dist { input, fast, base_url } => xtask::dist(&xtask::Build { input, fast, base_url }).map(|_| ()),
        Cmd::Serve { addr, no_build, input, fast, base_url } => {
            serve(&addr, no_build, xtask::Build { input, fast, base_url })
        }
        Cmd::Bench { scales, quick, no_write, sizes_only, reuse, report_only, quality, pages } => {
            bench::run(&bench::Options { scales, quick, no_write, sizes_only, reuse, report_only, quality, pages })
        }
        Cmd::WasmSize { bound, top, csv, baseline } => {
            xtask::wasm_size::run_cmd(&xtask::wasm_size::Options { bound, top, csv, baseline })
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
