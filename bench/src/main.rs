//! `cargo xtask bench`: this project, Pagefind and MiniSearch side by side on the same
//! content, at scale ×1, ×10 and ×100, in one run on one machine, in this one process:
//!
//! 1. [`native`] timings and the [`corpus`]: the report scaled, our app with each scaled
//!    bundle, the flat documents for the peers (`OUT/prepare.json`);
//! 2. [`peers`]: the Pagefind site (indexed by its CLI) and the MiniSearch page;
//! 3. [`browser`]: headless Chromium on the three sites of each scale, plain and
//!    throttled (`OUT/browser.json`);
//! 4. at ×1, [`pages`]: a shared activity link opened cold, and [`lighthouse`] on the
//!    home and an activity page (`dist/` as built);
//! 5. [`report`]: `docs/bench/results.json` and the tables in BENCHMARKS.md.
//!
//! `--pages` runs step 4 alone (and writes only its section); `--sizes-only` only the
//! [`sizes`] tables. `--quality` runs [`quality`] alone instead: the relevance of the
//! three engines on the same questions (`docs/bench/quality.json`). `OUT` is
//! `target/bench`.
//!
//! A package of its own at the top (`bench/`, beside `tests/`, whose browser harness it
//! drives), not a module of `xtask`: it is built in release, as the timings it makes of
//! our engine (parse, bundle build, queries) must be, and `cargo xtask dist` need not
//! compile the engine and the browser harness. `cargo xtask bench ARGS` runs it.
//!
//! `BENCH_PEERS=ours,pagefind` measures only those peers in the browser; `BENCH_DIST=DIR`
//! measures the app built in DIR (another checkout's `dist/`) with this run's bundles,
//! for before/after figures.
//!
//! Everything runs from what `scripts/setup-test.sh` installed; nothing is downloaded.

mod browser;
mod corpus;
mod devtools;
mod figures;
mod lighthouse;
mod machine;
mod native;
mod pages;
mod peers;
mod quality;
mod report;
mod sizes;

use clap::Parser;
use serde_json::json;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "cargo xtask bench",
    bin_name = "cargo xtask bench",
    about = "Measure this app, Pagefind and MiniSearch side by side (sizes, first result, keystroke latency, \
             index build) at scale x1, x10, x100; writes BENCHMARKS.md and docs/bench/results.json. Needs \
             `cargo xtask dist` and scripts/setup-test.sh first."
)]
pub struct Options {
    /// Corpus scales (the report repeated as other years).
    #[arg(long, value_delimiter = ',', default_value = "1,10,100")]
    pub scales: Vec<usize>,
    /// One run of each kind, to try the benchmark out.
    #[arg(long)]
    pub quick: bool,
    /// Print the tables only; leave BENCHMARKS.md and docs/bench/results.json alone.
    #[arg(long)]
    pub no_write: bool,
    /// Only the byte sizes of dist/ and of every delivery (exact, no browser run):
    /// rewrites those two tables and their figures in results.json.
    #[arg(long)]
    pub sizes_only: bool,
    /// Measure again the sites a previous run left in target/bench.
    #[arg(long)]
    pub reuse: bool,
    /// Write BENCHMARKS.md and results.json from the figures of the last run.
    #[arg(long)]
    pub report_only: bool,
    /// Only the relevance benchmark: the three engines on the questions of
    /// tests/relevance/questions.tsv (hits@5, MRR, zero results); writes
    /// docs/bench/quality.json and its table in BENCHMARKS.md. Needs no dist/.
    #[arg(long)]
    pub quality: bool,
    /// Only the prerendered pages, on dist/ as it is (x1, no peers): a shared
    /// activity link opened cold (plain and throttled) and Lighthouse on the home
    /// and an activity page; writes their section of BENCHMARKS.md and their keys in
    /// docs/bench/results.json. Needs scripts/setup-test.sh (lighthouse).
    #[arg(long)]
    pub pages: bool,
}

async fn run(opts: &Options) -> Result<(), String> {
    let root = rendiconto_site::root();
    if opts.quality {
        return quality::run(&root, opts.no_write).await;
    }
    let dist = root.join("dist");
    if !dist.join("index.html").exists() {
        return Err("dist/ is missing: run `cargo xtask dist` first".into());
    }
    if opts.sizes_only {
        return report::write_sizes(&root, &dist, opts.no_write);
    }
    let out = root.join("target/bench");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    if opts.pages {
        if !opts.report_only {
            pages::measure(&root, &out, opts.quick).await?;
        }
        return report::write_pages(&root, &out, opts.quick, opts.no_write);
    }
    peers::check(&root)?;
    let peers_json = out.join("peers.json");
    let peer_builds = if (opts.reuse || opts.report_only) && peers_json.exists() && out.join("prepare.json").exists() {
        eprintln!("bench: measuring the sites already in {}", out.display());
        figures::read_json(&peers_json)?
    } else {
        eprintln!("bench: preparing the corpus at scales {:?}", opts.scales);
        let native = native::run();
        let corpus = corpus::prepare(&out, &opts.scales);
        figures::write(out.join("prepare.json"), &json!({ "native": native, "ours_build": corpus }));
        let mut peer_builds = serde_json::Map::new();
        for n in &opts.scales {
            let dir = out.join(format!("x{n}"));
            eprintln!("bench: x{n}: Pagefind pages and index, MiniSearch page");
            let pagefind_ms = peers::pagefind(&dir)?;
            peers::minisearch(&dir)?;
            peer_builds.insert(format!("x{n}"), json!({ "pagefind_build_ms": pagefind_ms }));
        }
        let v = serde_json::Value::Object(peer_builds);
        std::fs::write(&peers_json, serde_json::to_vec_pretty(&v).unwrap()).map_err(|e| e.to_string())?;
        v
    };
    if opts.report_only {
        return report::write(&root, &out, &dist, opts, peer_builds);
    }
    browser::measure_scales(&out, &opts.scales, opts.quick).await;
    if opts.scales.contains(&1) {
        pages::measure(&root, &out, opts.quick).await?;
    }
    report::write(&root, &out, &dist, opts, peer_builds)
}

#[tokio::main]
async fn main() -> ExitCode {
    match run(&Options::parse()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: {e}");
            ExitCode::FAILURE
        }
    }
}
