//! npm `lighthouse` (its default mobile profile, headless Chromium) on the home and on
//! the shared activity page of `dist/`, and on Pagefind's search page when a previous run
//! left it in `OUT/x1/pagefind` or `OUT/quality/pagefind`: `OUT/lighthouse.json`, each
//! run's whole report in `OUT/lighthouse/`.

use crate::figures::read_json;
use rendiconto_site::http::Server;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Arc;

/// The categories Lighthouse scores, as they are named in its report.
pub const CATEGORIES: [(&str, &str); 4] = [
    ("performance", "performance"),
    ("accessibility", "accessibility"),
    ("best-practices", "best practices"),
    ("seo", "SEO"),
];

fn binary(root: &Path) -> PathBuf {
    root.join(".tools/node_modules/.bin/lighthouse")
}

/// Lighthouse is installed (scripts/setup-test.sh).
pub fn check(root: &Path) -> Result<(), String> {
    let lighthouse = binary(root);
    if !lighthouse.exists() {
        return Err(format!("lighthouse is missing ({}): run `bash scripts/setup-test.sh`", lighthouse.display()));
    }
    Ok(())
}

/// Serves `dir` on a free local port until the returned server is stopped.
fn serve(dir: PathBuf) -> Result<(Arc<Server>, String), String> {
    let server = Server::bind("127.0.0.1:0")?;
    let base = format!("http://127.0.0.1:{}/", server.addr().port());
    let s = server.clone();
    std::thread::spawn(move || rendiconto_site::serve_with(s, dir, None));
    Ok((server, base))
}

/// One page Lighthouse measures.
struct Target {
    key: &'static str,
    label: String,
    site: PathBuf,
    /// Below the site's root (with a query string for Pagefind's search page).
    path: &'static str,
    /// DevTools throttling (the browser really slowed down) instead of Lighthouse's
    /// default simulation: a cross-check, one run.
    devtools: bool,
}

/// Lighthouse `runs` times on each page (its default profile: the home and `activity`,
/// a page of `dist/`), then once on each of our pages with DevTools throttling; per page,
/// the run with the median performance score, and every run's figures. A run that fails
/// is kept with its error.
pub fn run(root: &Path, out: &Path, runs: usize, activity: &'static str) -> Result<Value, String> {
    let reports = out.join("lighthouse");
    let _ = std::fs::remove_dir_all(&reports);
    std::fs::create_dir_all(&reports).map_err(|e| e.to_string())?;
    let dist = root.join("dist");
    let target = |key, label: &str, site: &Path, path, devtools| Target {
        key,
        label: label.to_string(),
        site: site.to_path_buf(),
        path,
        devtools,
    };
    let mut targets = vec![
        target("home", "Rendiconto Aperto: home `./`", &dist, "", false),
        target("activity", &format!("Rendiconto Aperto: activity `{activity}`"), &dist, activity, false),
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
    targets.push(target("activity_devtools", "activity, DevTools throttling", &dist, activity, true));
    let mut figures = serde_json::Map::new();
    for t in targets {
        let (server, base) = serve(t.site.clone())?;
        let url = format!("{base}{}", t.path);
        let n = if t.devtools { 1 } else { runs };
        let mut all = Vec::new();
        for r in 1..=n {
            let file = reports.join(format!("{}-{r}.json", t.key));
            eprintln!("bench: lighthouse: {}, run {r} of {n}", t.label);
            let mut cmd = Command::new(binary(root));
            cmd.env("CHROME_PATH", e2e::CHROMIUM)
                .arg(&url)
                .arg("--output=json")
                .arg(format!("--output-path={}", file.display()))
                .arg("--chrome-flags=--headless=new --no-sandbox --disable-gpu")
                .arg("--quiet");
            if t.devtools {
                cmd.arg("--throttling-method=devtools");
            }
            let status = cmd.status().map_err(|e| format!("cannot run lighthouse: {e}"))?;
            let report = read_json(&file);
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
        "lighthouse": crate::machine::npm_version(root, "lighthouse"),
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
