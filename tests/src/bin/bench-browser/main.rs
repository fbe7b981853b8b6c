//! The measuring half of `cargo xtask bench` (release build; see BENCHMARKS.md):
//!
//! - `bench-browser prepare OUT SCALE…`: the report scaled ×SCALE, our app with that
//!   bundle in `OUT/xSCALE/ours`, the flat documents for the peers in
//!   `OUT/xSCALE/docs.json`, native timings; figures in `OUT/prepare.json`;
//! - `bench-browser measure OUT SCALE…`: headless Chromium on the three sites of each
//!   scale (`ours`, `pagefind`, `minisearch`, built by xtask); figures in `OUT/browser.json`;
//! - `bench-browser pages OUT`: a shared activity link opened cold on `dist/`, plain and
//!   throttled ([`pages`], `cargo xtask bench --pages`); figures in `OUT/pages.json`;
//! - `bench-browser quality-native OUT`, `bench-browser quality-pagefind OUT`: the
//!   relevance benchmark's rankings ([`quality`], `cargo xtask bench --quality`).
//!
//! `BENCH_RUNS=quick` makes one run of each kind (to try the benchmark out);
//! `BENCH_PEERS=ours,pagefind` measures only those.

mod browser;
mod corpus;
mod devtools;
mod native;
mod pages;
mod quality;

use serde_json::{json, Value};
use std::path::PathBuf;
use std::time::Duration;

pub fn median(v: Vec<f64>) -> f64 {
    percentile(&v, 50.0)
}

/// Nearest-rank percentile.
pub fn percentile(v: &[f64], p: f64) -> f64 {
    let mut v = v.to_vec();
    v.sort_by(f64::total_cmp);
    let rank = ((p / 100.0) * v.len() as f64).ceil() as usize;
    v[rank.clamp(1, v.len()) - 1]
}

fn write(path: PathBuf, value: &Value) {
    std::fs::write(&path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
    eprintln!("bench: wrote {}", path.display());
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: bench-browser prepare|measure OUT SCALE…, or pages|quality-native|quality-pagefind OUT";
    let (cmd, out) = (args.first().expect(usage), PathBuf::from(args.get(1).expect(usage)));
    let scales: Vec<usize> = args[2..].iter().map(|s| s.parse().expect(usage)).collect();
    let quick = std::env::var("BENCH_RUNS").is_ok_and(|v| v == "quick");
    std::fs::create_dir_all(&out).unwrap();
    match cmd.as_str() {
        "prepare" => {
            let native = native::run();
            let corpus = corpus::prepare(&out, &scales);
            write(out.join("prepare.json"), &json!({ "native": native, "ours_build": corpus }));
        }
        "measure" => {
            let mut all = serde_json::Map::new();
            for &n in &scales {
                let run = |plain, plain_timeout, throttled, throttled_timeout| browser::Runs {
                    plain,
                    plain_timeout: Duration::from_secs(plain_timeout),
                    throttled,
                    throttled_timeout: Duration::from_secs(throttled_timeout),
                };
                let runs = match (quick, n) {
                    (true, _) => run(1, 60, 1, 120),
                    (false, 1) => run(3, 30, 2, 120),
                    (false, 2..=10) => run(2, 60, 1, 180),
                    _ => run(1, 180, 1, 180),
                };
                let mut scale = serde_json::Map::new();
                let only = std::env::var("BENCH_PEERS").unwrap_or_default();
                for peer in ["ours", "pagefind", "minisearch"] {
                    if !only.is_empty() && !only.split(',').any(|p| p == peer) {
                        continue;
                    }
                    let site = out.join(format!("x{n}")).join(peer);
                    assert!(site.join("index.html").exists(), "{} is missing: run `cargo xtask bench`", site.display());
                    scale.insert(peer.into(), browser::measure(&format!("x{n} {peer}"), &site, &runs).await);
                }
                all.insert(format!("x{n}"), Value::Object(scale));
                // Written after each scale: a long run that stops still leaves figures.
                write(out.join("browser.json"), &Value::Object(all.clone()));
            }
        }
        "pages" => write(out.join("pages.json"), &pages::measure(quick).await),
        "quality-native" => quality::native(&out),
        "quality-pagefind" => quality::pagefind(&out).await,
        _ => panic!("{usage}"),
    }
}
