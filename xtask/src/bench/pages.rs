//! The prerendered pages, measured (`cargo xtask bench --pages`, and part of the full
//! run at ×1): `dist/` as built, no other site.
//!
//! 1. `bench-browser pages`: the shared activity link `attivita/9-3-1/` opened cold,
//!    time until its objective and indicator values are painted, plain and with mobile
//!    throttling (and its old link `?a=m9-p3-a1`, for comparison): `OUT/pages.json`;
//! 2. [`lighthouse`]: npm `lighthouse` (its default mobile profile, headless Chromium)
//!    on the home and on that activity page, and on Pagefind's search page when a
//!    previous run left it in `OUT/x1/pagefind` or `OUT/quality/pagefind`:
//!    `OUT/lighthouse.json`, each run's whole report in `OUT/lighthouse/`.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The activity page measured (the same as `bench-browser pages`).
pub const ACTIVITY_PAGE: &str = "attivita/9-3-1/";

/// The categories Lighthouse scores, as they are named in its report.
pub const CATEGORIES: [(&str, &str); 4] = [
    ("performance", "performance"),
    ("accessibility", "accessibility"),
    ("best-practices", "best practices"),
    ("seo", "SEO"),
];

pub fn lighthouse_binary(root: &Path) -> PathBuf {
    root.join(".tools/node_modules/.bin/lighthouse")
}

/// Both measurements; figures in `out`.
pub fn measure(root: &Path, bench_bin: &Path, out: &Path, quick: bool) -> Result<(), String> {
    let lighthouse = lighthouse_binary(root);
    if !lighthouse.exists() {
        return Err(format!("lighthouse is missing ({}): run `bash scripts/setup-test.sh`", lighthouse.display()));
    }
    eprintln!("bench: pages: the activity link {ACTIVITY_PAGE} opened cold");
    let mut cmd = Command::new(bench_bin);
    cmd.arg("pages").arg(out);
    if quick {
        cmd.env("BENCH_RUNS", "quick");
    }
    xtask::run(&mut cmd)?;
    let figures = run_lighthouse(root, out, if quick { 1 } else { 3 })?;
    std::fs::write(out.join("lighthouse.json"), serde_json::to_vec_pretty(&figures).unwrap())
        .map_err(|e| e.to_string())?;
    Ok(())
}

/// Serves `dir` on a free local port until the returned server is stopped.
fn serve(dir: PathBuf) -> Result<(std::sync::Arc<xtask::http::Server>, String), String> {
    let server = xtask::http::Server::bind("127.0.0.1:0")?;
    let base = format!("http://127.0.0.1:{}/", server.addr().port());
    let s = server.clone();
    std::thread::spawn(move || xtask::serve_with(s, dir, None));
    Ok((server, base))
}

/// One page Lighthouse measures.
struct Target {
    key: &'static str,
    label: &'static str,
    site: PathBuf,
    /// Below the site's root (with a query string for Pagefind's search page).
    path: &'static str,
    /// DevTools throttling (the browser really slowed down) instead of Lighthouse's
    /// default simulation: a cross-check, one run.
    devtools: bool,
}

/// Lighthouse `runs` times on each page (its default profile), then once on each of
/// our pages with DevTools throttling; per page, the run with the median performance
/// score, and every run's figures. A run that fails is kept with its error.
fn run_lighthouse(root: &Path, out: &Path, runs: usize) -> Result<Value, String> {
    let reports = out.join("lighthouse");
    let _ = std::fs::remove_dir_all(&reports);
    std::fs::create_dir_all(&reports).map_err(|e| e.to_string())?;
    let dist = root.join("dist");
    let target =
        |key, label, site: &Path, path, devtools| Target { key, label, site: site.to_path_buf(), path, devtools };
    let mut targets = vec![
        target("home", "Rendiconto Aperto: home `./`", &dist, "", false),
        target("activity", "Rendiconto Aperto: activity `attivita/9-3-1/`", &dist, ACTIVITY_PAGE, false),
    ];
    // Pagefind's search page over the report's items, as the last full run (×1) or the
    // last `--quality` run built it (the same documents and page), showing the results
    // of the benchmark's first query (with no query it paints no content at all).
    let built = |dir: &Path| dir.join("index.html").exists() && dir.join("pagefind/pagefind.js").exists();
    match [out.join("x1/pagefind"), out.join("quality/pagefind")].into_iter().find(|d| built(d)) {
        Some(site) => targets.push(target(
            "pagefind",
            "Pagefind: its search page `./?q=piste+ciclabili`",
            &site,
            "?q=piste+ciclabili",
            false,
        )),
        None => eprintln!("bench: lighthouse: no Pagefind site in {} (`cargo xtask bench` builds it)", out.display()),
    }
    targets.push(target("home_devtools", "home, DevTools throttling", &dist, "", true));
    targets.push(target("activity_devtools", "activity, DevTools throttling", &dist, ACTIVITY_PAGE, true));
    let mut figures = serde_json::Map::new();
    for t in targets {
        let (server, base) = serve(t.site.clone())?;
        let url = format!("{base}{}", t.path);
        let n = if t.devtools { 1 } else { runs };
        let mut all = Vec::new();
        for r in 1..=n {
            let file = reports.join(format!("{}-{r}.json", t.key));
            eprintln!("bench: lighthouse: {}, run {r} of {n}", t.label);
            let mut cmd = Command::new(lighthouse_binary(root));
            cmd.env("CHROME_PATH", "/usr/bin/chromium")
                .arg(&url)
                .arg("--output=json")
                .arg(format!("--output-path={}", file.display()))
                .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu")
                .arg("--quiet");
            if t.devtools {
                cmd.arg("--throttling-method=devtools");
            }
            let status = cmd.status().map_err(|e| format!("cannot run lighthouse: {e}"))?;
            let report = super::report::read_json(&file);
            all.push(match (status.success(), report) {
                (true, Ok(lhr)) => summary(&lhr),
                (_, Ok(lhr)) if lhr["runtimeError"]["code"].is_string() => {
                    json!({ "error": lhr["runtimeError"]["code"].clone() })
                }
                (_, _) => json!({ "error": format!("lighthouse {status}") }),
            });
        }
        server.stop();
        let mut order: Vec<usize> = (0..all.len()).collect();
        order.sort_by(|&a, &b| {
            let p = |i: usize| all[i]["performance"].as_f64().unwrap_or(-1.0);
            p(a).total_cmp(&p(b))
        });
        let median = all[order[(order.len() - 1) / 2]].clone();
        figures.insert(
            t.key.to_string(),
            json!({
                "label": t.label,
                "path": t.path,
                "throttling": if t.devtools { "devtools" } else { "simulate" },
                "median_run": median,
                "runs": all,
            }),
        );
    }
    Ok(json!({
        "lighthouse": super::npm_version(root, "lighthouse"),
        "profile": "default (mobile: simulated slow 4G, 4× CPU slowdown, Moto G Power screen)",
        "chrome_flags": "--headless=new --no-sandbox --disable-gpu",
        "runs": runs,
        "pages": figures,
    }))
}

/// What BENCHMARKS.md shows of one Lighthouse report, and what keeps a category
/// below 100.
fn summary(lhr: &Value) -> Value {
    let mut v = serde_json::Map::new();
    for (id, _) in CATEGORIES {
        let score = lhr["categories"][id]["score"].as_f64().map(|s| (s * 100.0).round());
        v.insert(id.replace('-', "_"), json!(score));
    }
    let numeric = |audit: &str| lhr["audits"][audit]["numericValue"].clone();
    v.insert("cls".into(), numeric("cumulative-layout-shift"));
    v.insert("lcp_ms".into(), numeric("largest-contentful-paint"));
    v.insert("fcp_ms".into(), numeric("first-contentful-paint"));
    v.insert("tbt_ms".into(), numeric("total-blocking-time"));
    v.insert("speed_index_ms".into(), numeric("speed-index"));
    v.insert(
        "lcp_element".into(),
        lhr["audits"]["largest-contentful-paint-element"]["details"]["items"][0]["items"][0]["node"]["snippet"].clone(),
    );
    // Audits that cost points outside performance: scored, weighted, below 1.
    let mut failing = Vec::new();
    for (id, _) in &CATEGORIES[1..] {
        for r in lhr["categories"][id]["auditRefs"].as_array().into_iter().flatten() {
            let audit = &lhr["audits"][r["id"].as_str().unwrap_or("")];
            if r["weight"].as_f64().unwrap_or(0.0) > 0.0 && audit["score"].as_f64().is_some_and(|s| s < 1.0) {
                failing.push(json!(format!("{id}: {}", r["id"].as_str().unwrap_or("?"))));
            }
        }
    }
    v.insert("failing".into(), Value::Array(failing));
    v.insert("runtime_error".into(), lhr["runtimeError"]["message"].clone());
    v.insert("warnings".into(), lhr["runWarnings"].clone());
    v.insert("final_url".into(), lhr["finalDisplayedUrl"].clone());
    Value::Object(v)
}
