//! `cargo xtask bench`: this project, Pagefind and MiniSearch side by side on the same
//! content, at scale ×1, ×10 and ×100, in one run on one machine.
//!
//! 1. `bench-browser prepare` (release): the report scaled, our app with each scaled
//!    bundle, the flat documents, native timings ([`crate`] `tests/src/bin/bench-browser`);
//! 2. [`peers`]: the Pagefind site (indexed by its CLI) and the MiniSearch page;
//! 3. `bench-browser measure`: headless Chromium, plain and throttled;
//! 4. at ×1, [`pages`]: a shared activity link opened cold, and Lighthouse on the home
//!    and an activity page (`dist/` as built);
//! 5. [`report`]: `docs/bench/results.json` and the tables in BENCHMARKS.md.
//!
//! `--pages` runs step 4 alone (and writes only its section).
//!
//! `--quality` runs [`quality`] alone instead: the relevance of the three engines on
//! the same questions (`docs/bench/quality.json`).
//!
//! Everything runs from what `scripts/setup-test.sh` installed; nothing is downloaded.

mod deliveries;
mod pages;
mod peers;
mod quality;
mod report;
mod sizes;

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Options {
    pub scales: Vec<usize>,
    /// One run of each kind: to try the benchmark, not to publish.
    pub quick: bool,
    /// Leave BENCHMARKS.md and docs/bench/results.json alone (print only).
    pub no_write: bool,
    /// Only the sizes of dist/ and the deliveries (see `report::write_sizes`).
    pub sizes_only: bool,
    /// Measure the sites already in target/bench (skip building the corpus and peers).
    pub reuse: bool,
    /// Write the report from the figures already in target/bench (measure nothing).
    pub report_only: bool,
    /// The relevance benchmark only ([`quality`]).
    pub quality: bool,
    /// The prerendered pages only ([`pages`]): the shared activity link and Lighthouse.
    pub pages: bool,
}

pub fn run(opts: &Options) -> Result<(), String> {
    let root = xtask::root();
    if opts.quality {
        return quality::run(&root, opts.no_write);
    }
    let dist = root.join("dist");
    if !dist.join("index.html").exists() {
        return Err("dist/ is missing: run `cargo xtask dist` first".into());
    }
    if opts.sizes_only {
        return report::write_sizes(&root, &dist, opts.no_write);
    }
    let out = root.join("target/bench");
    if opts.pages {
        std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
        if !opts.report_only {
            pages::measure(&root, &bench_browser(&root)?, &out, opts.quick)?;
        }
        return report::write_pages(&root, &out, opts.quick, opts.no_write);
    }
    check_peers(&root)?;
    let scales: Vec<String> = opts.scales.iter().map(|n| n.to_string()).collect();
    let bench_bin = bench_browser(&root)?;
    let peers_json = out.join("peers.json");
    let peer_builds = if (opts.reuse || opts.report_only) && peers_json.exists() && out.join("prepare.json").exists() {
        eprintln!("bench: measuring the sites already in {}", out.display());
        serde_json::from_slice(&std::fs::read(&peers_json).map_err(|e| e.to_string())?).map_err(|e| e.to_string())?
    } else {
        eprintln!("bench: preparing the corpus at scales {scales:?}");
        xtask::run(Command::new(&bench_bin).arg("prepare").arg(&out).args(&scales))?;
        let mut peer_builds = serde_json::Map::new();
        for n in &opts.scales {
            let dir = out.join(format!("x{n}"));
            eprintln!("bench: x{n}: Pagefind pages and index, MiniSearch page");
            let pagefind_ms = peers::pagefind(&dir)?;
            peers::minisearch(&dir)?;
            peer_builds.insert(format!("x{n}"), serde_json::json!({ "pagefind_build_ms": pagefind_ms }));
        }
        let v = serde_json::Value::Object(peer_builds);
        std::fs::write(&peers_json, serde_json::to_vec_pretty(&v).unwrap()).map_err(|e| e.to_string())?;
        v
    };
    if opts.report_only {
        return report::write(&root, &out, &dist, opts, peer_builds);
    }
    let mut measure = Command::new(&bench_bin);
    measure.arg("measure").arg(&out).args(&scales);
    if opts.quick {
        measure.env("BENCH_RUNS", "quick");
    }
    xtask::run(&mut measure)?;
    if opts.scales.contains(&1) {
        pages::measure(&root, &bench_bin, &out, opts.quick)?;
    }
    report::write(&root, &out, &dist, opts, peer_builds)
}

/// The peers scripts/setup-test.sh installs.
fn check_peers(root: &Path) -> Result<(), String> {
    for (what, path) in [
        ("pagefind", peers::pagefind_binary()),
        ("minisearch", root.join(".tools/node_modules/minisearch/dist/umd/index.js")),
    ] {
        if !path.exists() {
            return Err(format!("{what} is missing ({}): run `bash scripts/setup-test.sh`", path.display()));
        }
    }
    Ok(())
}

/// Builds the measuring binary (release); returns its path.
fn bench_browser(root: &Path) -> Result<PathBuf, String> {
    xtask::run(Command::new("cargo").current_dir(root).args([
        "build",
        "--quiet",
        "--release",
        "-p",
        "e2e",
        "--bin",
        "bench-browser",
    ]))?;
    Ok(root.join("target/release/bench-browser"))
}

/// First line of a command's output, or "?" (versions for the report).
fn version(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(|l| l.trim().to_string()))
        .unwrap_or_else(|| "?".into())
}

fn npm_version(root: &Path, package: &str) -> String {
    std::fs::read_to_string(root.join(format!(".tools/node_modules/{package}/package.json")))
        .ok()
        .and_then(|s| serde_json::from_str::<serde_json::Value>(&s).ok())
        .and_then(|v| v["version"].as_str().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

fn lock_version(root: &Path, krate: &str) -> String {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    let needle = format!("name = \"{krate}\"\nversion = \"");
    lock.find(&needle)
        .map(|i| lock[i + needle.len()..].split('"').next().unwrap_or("?").to_string())
        .unwrap_or_else(|| "?".into())
}
