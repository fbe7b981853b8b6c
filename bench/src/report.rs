//! The figures of one run: `docs/bench/results.json` (raw) and the tables of
//! BENCHMARKS.md (between the `bench:` markers; the prose around them is kept).

use crate::figures::read_json;
use crate::lighthouse::CATEGORIES;
use crate::machine::machine;
use crate::peers::PEERS;
use crate::sizes;
use serde_json::{json, Value};
use std::path::Path;

fn kb(bytes: &Value) -> String {
    bytes.as_f64().map(|b| format!("{:.0}", b / 1000.0)).unwrap_or("–".into())
}

fn ms(v: &Value) -> String {
    match v.as_f64() {
        Some(x) if x < 10.0 => format!("{x:.1}"),
        Some(x) => format!("{x:.0}"),
        None => "–".into(),
    }
}

/// Median of the runs that finished; None if any timed out before the median.
fn median_runs(runs: &Value) -> (Value, usize, usize) {
    let all = runs.as_array().cloned().unwrap_or_default();
    let mut done: Vec<f64> = all.iter().filter_map(Value::as_f64).collect();
    done.sort_by(f64::total_cmp);
    let n = all.len();
    if n == 0 || done.len() * 2 <= n.saturating_sub(1) || done.is_empty() {
        return (Value::Null, done.len(), n);
    }
    // Timed-out runs count as the slowest.
    let rank = n.div_ceil(2);
    let v = if rank <= done.len() { json!(done[rank - 1]) } else { Value::Null };
    (v, done.len(), n)
}

fn cold_cell(runs: &Value, timeout_ms: &Value) -> String {
    let (m, done, n) = median_runs(runs);
    match m.as_f64() {
        Some(x) if done == n => format!("{x:.0}"),
        Some(x) => format!("{x:.0} ({} of {n} over {} s)", n - done, timeout_ms.as_u64().unwrap_or(0) / 1000),
        None => format!("> {} s", timeout_ms.as_u64().unwrap_or(0) / 1000),
    }
}

pub fn write(root: &Path, out: &Path, dist: &Path, opts: &crate::Options, peer_builds: Value) -> Result<(), String> {
    let prepare = read_json(&out.join("prepare.json"))?;
    let browser = read_json(&out.join("browser.json"))?;
    let (dist_md, dist_json) = sizes::dist_table(dist)?;
    let (deliveries_md, deliveries_json) = sizes::deliveries_table(dist)?;
    let machine = machine(root);
    let cores = machine["cores"].as_u64().unwrap_or(0);
    let mut command = String::from("cargo xtask bench");
    if opts.scales != [1, 10, 100] {
        let s: Vec<String> = opts.scales.iter().map(|n| n.to_string()).collect();
        command.push_str(&format!(" --scales {}", s.join(",")));
    }
    if opts.quick {
        command.push_str(" --quick");
    }
    let mut scales = serde_json::Map::new();
    let mut md = String::new();
    md.push_str(&format!(
        "Measured by `{command}` on {} ({cores} cores, {}), {}; {}, Chromium {}, Pagefind {}, MiniSearch {}, tantivy {}, {}.\n\n",
        machine["date"].as_str().unwrap_or("?"),
        machine["cpu"].as_str().unwrap_or("?"),
        machine["os"].as_str().unwrap_or("?"),
        machine["rustc"].as_str().unwrap_or("?"),
        machine["chromium"].as_str().unwrap_or("?").trim_start_matches("Chromium ").split(' ').next().unwrap_or("?"),
        machine["pagefind"].as_str().unwrap_or("?"),
        machine["minisearch"].as_str().unwrap_or("?"),
        machine["tantivy"].as_str().unwrap_or("?"),
        machine["wasm_opt"].as_str().unwrap_or("?"),
    ));
    for n in &opts.scales {
        let key = format!("x{n}");
        let b = &browser[&key];
        if !b.is_object() {
            // `--report-only` over a run of other scales: show what there is.
            eprintln!("bench: no figures for ×{n} in {}: left out", out.join("browser.json").display());
            continue;
        }
        let dir = out.join(&key);
        let ours_build = &prepare["ours_build"][&key];
        let index_sizes = [
            sizes::of_site_bundle(&dir.join("ours/bundle"))?,
            sizes::of_dir(&dir.join("pagefind/pagefind"))?.1,
            sizes::of_file(&dir.join("minisearch/docs.json"))?,
        ];
        let builds = [
            ours_build["build_ms"].clone(),
            peer_builds[&key]["pagefind_build_ms"].clone(),
            b["minisearch"]["index_in_browser_ms"].clone(),
        ];
        let docs = ours_build["documents"].as_u64().unwrap_or(0);
        md.push_str(&format!("### ×{n}: {docs} documents\n\n| measure |"));
        for (_, name) in PEERS {
            md.push_str(&format!(" {name} |"));
        }
        md.push_str("\n|---|---:|---:|---:|\n");
        let row = |label: &str, cell: &dyn Fn(&str, usize) -> String| {
            let mut line = format!("| {label} |");
            for (i, (id, _)) in PEERS.iter().enumerate() {
                line.push_str(&format!(" {} |", cell(id, i)));
            }
            line + "\n"
        };
        md.push_str(&row("downloaded before the first result, kB brotli (gzip)", &|id, _| {
            let s = &b[id]["before_first_result"];
            format!("{} ({})", kb(&s["brotli"]), kb(&s["gzip"]))
        }));
        let session_label = format!(
            "downloaded in the session (start + {} queries typed), kB brotli (gzip)",
            crate::browser::TYPED.len()
        );
        md.push_str(&row(&session_label, &|id, _| {
            let s = &b[id]["session"];
            format!("{} ({})", kb(&s["brotli"]), kb(&s["gzip"]))
        }));
        md.push_str(&row("first result, no throttling, median (ms)", &|id, _| {
            cold_cell(&b[id]["cold_ms"], &b[id]["plain_timeout_ms"])
        }));
        md.push_str(&row("first result, mobile throttling, median (ms)", &|id, _| {
            cold_cell(&b[id]["cold_throttled_ms"], &b[id]["throttled_timeout_ms"])
        }));
        md.push_str(&row("keystroke → results painted, p50 / p95 (ms)", &|id, _| {
            format!("{} / {}", ms(&b[id]["keystroke_p50_ms"]), ms(&b[id]["keystroke_p95_ms"]))
        }));
        md.push_str(&row("keystroke → results painted, 4× CPU slowdown, p50 / p95 (ms)", &|id, _| {
            percentiles(&b[id], "keystroke_cpu4")
        }));
        md.push_str(&row("typing right after the first result, mobile throttling, p50 / p95 (ms)", &|id, _| {
            percentiles(&b[id], "typing_after_first")
        }));
        md.push_str(&row("memory after ten questions: JS heap / wasm, MB", &|id, _| {
            let m = &b[id]["memory_after_ten_queries"];
            let mb = |v: &Value| v.as_f64().map(|b| format!("{:.1}", b / 1e6)).unwrap_or(NOT_MEASURED.into());
            if m.is_null() {
                NOT_MEASURED.into()
            } else {
                format!("{} / {}", mb(&m["js_heap_bytes"]), mb(&m["wasm_memory_bytes"]))
            }
        }));
        md.push_str(&row("index build (ms)", &|_, i| ms(&builds[i])));
        md.push_str(&row("index + data on disk, kB raw / brotli", &|_, i| {
            format!("{} / {}", kb(&json!(index_sizes[i].raw)), kb(&json!(index_sizes[i].brotli)))
        }));
        md.push('\n');
        let runs = |id: &str, k: &str| b[id][k].as_array().map(|a| a.len()).unwrap_or(0);
        md.push_str(&format!(
            "Runs: {} cold starts without throttling, {} with; {} keystrokes typed, {} painted (ours; a keystroke overtaken by the next one before its results are painted has no figure of its own)",
            runs("ours", "cold_ms"),
            runs("ours", "cold_throttled_ms"),
            b["ours"]["keystrokes_typed"],
            b["ours"]["keystrokes_painted"],
        ));
        if b["ours"]["keystrokes_cpu4_typed"].is_u64() {
            md.push_str(&format!(
                "; then the same queries in the same page with DevTools' 4× CPU slowdown (the page's thread, where all three search; no network throttling): {} typed, {} painted.",
                b["ours"]["keystrokes_cpu4_typed"], b["ours"]["keystrokes_cpu4_painted"],
            ));
        } else {
            md.push_str(". The 4× CPU slowdown was not measured in this run.");
        }
        if b["ours"]["typing_after_first_typed"].as_u64().is_some_and(|n| n > 0) {
            md.push_str(&format!(
                " Typing right after the first result: in each throttled cold start, the same queries typed as soon as the first result is painted, network and 4× CPU throttling still on: {} typed, {} painted.",
                b["ours"]["typing_after_first_typed"], b["ours"]["typing_after_first_painted"],
            ));
        }
        for (id, name) in PEERS {
            if let Some(h) = b[id]["cold_hung"].as_u64().filter(|h| *h > 0) {
                md.push_str(&format!(
                    " {name}: {h} more cold start(s) never showed results within {} s and were run again.",
                    b[id]["plain_timeout_ms"].as_u64().unwrap_or(0) / 1000
                ));
            }
        }
        md.push_str("\n\n");
        scales.insert(
            key.clone(),
            json!({
                "documents": docs,
                "browser": b,
                "index_build_ms": { "ours": builds[0], "pagefind": builds[1], "minisearch_in_browser": builds[2] },
                "index_size": {
                    "ours_bundle": sizes::json(index_sizes[0]),
                    "pagefind_dir": sizes::json(index_sizes[1]),
                    "minisearch_docs_json": sizes::json(index_sizes[2]),
                },
            }),
        );
    }
    md.push_str(&targets(&browser, &opts.scales));
    let mut results = json!({
        "command": command,
        "machine": machine,
        "native": prepare["native"],
        "dist": dist_json,
        "deliveries": deliveries_json,
        "scales": scales,
    });
    // The prerendered pages (×1, `dist/` as built), measured in this run.
    let pages = if opts.scales.contains(&1) { pages_figures(out) } else { None };
    let pages_md = pages.as_ref().map(|(p, l)| {
        results["pages"] = p.clone();
        results["lighthouse"] = l.clone();
        pages_markdown(&machine, &command, p, l)
    });
    println!("{dist_md}\n{deliveries_md}\n{md}\n{}", pages_md.as_deref().unwrap_or(""));
    if opts.no_write {
        return Ok(());
    }
    let json_path = root.join("docs/bench/results.json");
    std::fs::create_dir_all(json_path.parent().unwrap()).map_err(|e| e.to_string())?;
    std::fs::write(&json_path, serde_json::to_string_pretty(&results).unwrap() + "\n").map_err(|e| e.to_string())?;
    let bench_md = root.join("BENCHMARKS.md");
    let mut text = std::fs::read_to_string(&bench_md).map_err(|e| e.to_string())?;
    text = replace_between(&text, "dist", &dist_md)?;
    text = replace_between(&text, "deliveries", &deliveries_md)?;
    text = replace_between(&text, "results", &md)?;
    if let Some(pages_md) = &pages_md {
        text = replace_between(&text, "pages", pages_md)?;
    }
    let native = &prepare["native"];
    let native_md = format!(
        "| native measure ({} build) | value |\n|---|---:|\n| parse the report (median of 5, ms) | {} |\n| open the engine in memory (ms) | {} |\n| query, median of {} (ms) | {:.2} |\n| query, slowest (ms) | {:.2} |\n",
        native["build"].as_str().unwrap_or("?"),
        ms(&native["parse_ms"]),
        ms(&native["open_in_memory_ms"]),
        native["query_runs"],
        native["query_p50_ms"].as_f64().unwrap_or(0.0),
        native["query_max_ms"].as_f64().unwrap_or(0.0),
    );
    text = replace_between(&text, "native", &native_md)?;
    std::fs::write(&bench_md, text).map_err(|e| e.to_string())?;
    eprintln!("bench: wrote {} and {}", json_path.display(), bench_md.display());
    Ok(())
}

/// The two size tables only: sizes are exact for a given build, so they can be
/// refreshed without re-running the timings around them.
pub fn write_sizes(root: &Path, dist: &Path, no_write: bool) -> Result<(), String> {
    let (dist_md, dist_json) = sizes::dist_table(dist)?;
    let (deliveries_md, deliveries_json) = sizes::deliveries_table(dist)?;
    println!("{dist_md}\n{deliveries_md}");
    if no_write {
        return Ok(());
    }
    let json_path = root.join("docs/bench/results.json");
    if let Ok(text) = std::fs::read_to_string(&json_path) {
        let mut results: Value = serde_json::from_str(&text).map_err(|e| format!("{}: {e}", json_path.display()))?;
        results["dist"] = dist_json;
        results["deliveries"] = deliveries_json;
        std::fs::write(&json_path, serde_json::to_string_pretty(&results).unwrap() + "\n")
            .map_err(|e| e.to_string())?;
    }
    let bench_md = root.join("BENCHMARKS.md");
    let mut text = std::fs::read_to_string(&bench_md).map_err(|e| e.to_string())?;
    text = replace_between(&text, "dist", &dist_md)?;
    text = replace_between(&text, "deliveries", &deliveries_md)?;
    std::fs::write(&bench_md, text).map_err(|e| e.to_string())
}

/// The figures of the shared page and of Lighthouse ([`crate::pages`]), when both are in `out`.
fn pages_figures(out: &Path) -> Option<(Value, Value)> {
    Some((read_json(&out.join("pages.json")).ok()?, read_json(&out.join("lighthouse.json")).ok()?))
}

/// `cargo xtask bench --pages`: the shared page and Lighthouse only, from the figures
/// `pages::measure` left in `out`: their section of BENCHMARKS.md and their keys in
/// results.json (the other figures are kept).
pub fn write_pages(root: &Path, out: &Path, quick: bool, no_write: bool) -> Result<(), String> {
    let (pages, lighthouse) =
        pages_figures(out).ok_or_else(|| format!("no figures in {} (pages.json, lighthouse.json)", out.display()))?;
    let machine = machine(root);
    let command = if quick { "cargo xtask bench --pages --quick" } else { "cargo xtask bench --pages" };
    let md = pages_markdown(&machine, command, &pages, &lighthouse);
    println!("{md}");
    if no_write {
        return Ok(());
    }
    let json_path = root.join("docs/bench/results.json");
    let mut results: Value = match std::fs::read_to_string(&json_path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| format!("{}: {e}", json_path.display()))?,
        Err(_) => json!({ "command": command, "machine": machine }),
    };
    results["pages"] = pages;
    results["lighthouse"] = lighthouse;
    std::fs::create_dir_all(json_path.parent().unwrap()).map_err(|e| e.to_string())?;
    std::fs::write(&json_path, serde_json::to_string_pretty(&results).unwrap() + "\n").map_err(|e| e.to_string())?;
    let bench_md = root.join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&bench_md).map_err(|e| e.to_string())?;
    std::fs::write(&bench_md, replace_between(&text, "pages", &md)?).map_err(|e| e.to_string())?;
    eprintln!("bench: wrote {} and {}", json_path.display(), bench_md.display());
    Ok(())
}

/// What a peer shows where we measure a prerendered page.
const NO_SUCH_PAGE: &str = "no such page";

/// The Lighthouse rows, in order: ours, the peer, then the DevTools-throttled cross-checks.
const LIGHTHOUSE_ROWS: [&str; 5] = ["home", "activity", "pagefind", "home_devtools", "activity_devtools"];

/// The section "A shared link, opened cold": the activity link's table (ours at ×1; the
/// peers have no such pages) and Lighthouse's figures, with the targets.
fn pages_markdown(machine: &Value, command: &str, pages: &Value, lighthouse: &Value) -> String {
    let chromium =
        machine["chromium"].as_str().unwrap_or("?").trim_start_matches("Chromium ").split(' ').next().unwrap_or("?");
    let mut md = format!(
        "Measured by `{command}` on {} ({} cores, {}), Chromium {chromium}, Lighthouse {}; `dist/` as built (×1, the report).\n\n",
        machine["date"].as_str().unwrap_or("?"),
        machine["cores"],
        machine["cpu"].as_str().unwrap_or("?"),
        lighthouse["lighthouse"].as_str().unwrap_or("?"),
    );
    let page = &pages["page"];
    let old = &pages["old_link"];
    let page_url = page["url"].as_str().unwrap_or("?");
    let old_url = old["url"].as_str().unwrap_or("?");
    md.push_str("| measure (×1) |");
    for (_, name) in PEERS {
        md.push_str(&format!(" {name} |"));
    }
    md.push_str("\n|---|---:|---:|---:|\n");
    let row = |label: String, ours: String| format!("| {label} | {ours} | {NO_SUCH_PAGE} | {NO_SUCH_PAGE} |\n");
    md.push_str(&row(
        format!("shared activity link `{page_url}` opened cold → objective and indicator values painted, no throttling, median (ms)"),
        cold_cell(&page["visible_ms"], &page["plain_timeout_ms"]),
    ));
    md.push_str(&row(
        "the same, mobile throttling, median (ms)".into(),
        cold_cell(&page["visible_ms_throttled"], &page["throttled_timeout_ms"]),
    ));
    md.push_str(&row(
        format!(
            "the same activity by its old link `{old_url}` (drawn by the app once started), no throttling, median (ms)"
        ),
        cold_cell(&old["visible_ms"], &old["plain_timeout_ms"]),
    ));
    md.push_str(&row(
        "the old link, mobile throttling, median (ms)".into(),
        cold_cell(&old["visible_ms_throttled"], &old["throttled_timeout_ms"]),
    ));
    let arrived = |v: &Value| kb(&median_runs(&v["arrived_bytes_throttled"]).0);
    md.push_str(&row(
        "arrived before the content was painted (mobile throttling, median), kB as sent: activity link / old link"
            .into(),
        format!("{} / {}", arrived(page), arrived(old)),
    ));
    let runs = |v: &Value, k: &str| v[k].as_array().map(|a| a.len()).unwrap_or(0);
    md.push_str(&format!(
        "\nRuns: {} cold starts of each link without throttling, {} with, each in a fresh browser profile with an empty cache. ×1 only, and ours only: the ×10 and ×100 sites are the app over scaled bundles (their activities have no prerendered pages), and the peers' sites are search pages (Pagefind's pages of single documents are its index input, not pages to share).\n\n",
        runs(page, "visible_ms"),
        runs(page, "visible_ms_throttled"),
    ));
    if let Some(t) = median_runs(&page["visible_ms_throttled"]).0.as_f64() {
        md.push_str(&format!(
            "Target: the shared activity link painted within 1.0 s with mobile throttling: **{}** ({t:.0} ms{}).\n\n",
            if t <= 1000.0 { "met" } else { "missed" },
            median_runs(&old["visible_ms_throttled"])
                .0
                .as_f64()
                .map(|o| format!("; by its old link {o:.0} ms"))
                .unwrap_or_default(),
        ));
    }
    md.push_str("Lighthouse, default mobile profile (simulated slow 4G, 4× CPU slowdown), headless Chromium:\n\n");
    md.push_str("| page |");
    for (_, name) in CATEGORIES {
        md.push_str(&format!(" {name} |"));
    }
    md.push_str(" CLS | LCP (s) | FCP (s) | TBT (ms) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
    let lh_pages: Vec<(&str, &Value)> =
        LIGHTHOUSE_ROWS.into_iter().filter_map(|k| lighthouse["pages"].get(k).map(|p| (k, p))).collect();
    for (_, p) in &lh_pages {
        let m = &p["median_run"];
        let mut line = format!("| {} |", p["label"].as_str().unwrap_or("?"));
        if let Some(error) = m["error"].as_str() {
            md.push_str(&format!("{line} failed: {error} | | | | | | | |\n"));
            continue;
        }
        for (id, _) in CATEGORIES {
            let score = m[id.replace('-', "_")].as_f64();
            line.push_str(&format!(" {} |", score.map(|s| format!("{s:.0}")).unwrap_or("–".into())));
        }
        let secs = |k: &str| m[k].as_f64().map(|x| format!("{:.1}", x / 1000.0)).unwrap_or("–".into());
        line.push_str(&format!(
            " {} | {} | {} | {} |\n",
            m["cls"].as_f64().map(|x| format!("{x:.3}")).unwrap_or("–".into()),
            secs("lcp_ms"),
            secs("fcp_ms"),
            m["tbt_ms"].as_f64().map(|x| format!("{x:.0}")).unwrap_or("–".into()),
        ));
        md.push_str(&line);
    }
    let runs = lighthouse["runs"].as_u64().unwrap_or(1);
    md.push('\n');
    md.push_str(&if runs > 1 {
        format!("Each page: the run with the median performance score of {runs} (every run in results.json).")
    } else {
        "Each page: one run.".to_string()
    });
    if lh_pages.iter().any(|(k, _)| k.ends_with("_devtools")) {
        md.push_str(" The rows \"DevTools throttling\": one run each with `--throttling-method=devtools` (the browser really slowed down, Lighthouse's 562.5 ms round trip, 1.47 Mbps, 4× CPU) instead of the default simulation, which estimates the paints from an unthrottled load.");
    }
    for (_, p) in &lh_pages {
        let failing: Vec<&str> =
            p["median_run"]["failing"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
        if !failing.is_empty() {
            md.push_str(&format!(" {} loses points on: {}.", p["label"].as_str().unwrap_or("?"), failing.join(", ")));
        }
    }
    md.push_str("\n\n");
    let ours: Vec<&Value> = lh_pages
        .iter()
        .filter(|(k, _)| matches!(*k, "home" | "activity"))
        .map(|(_, p)| &p["median_run"])
        .filter(|m| m["error"].is_null())
        .collect();
    let f = |m: &Value, k: &str| m[k].as_f64().unwrap_or(f64::NAN);
    let home =
        lh_pages.iter().find(|(k, _)| *k == "home").map(|(_, p)| &p["median_run"]).filter(|m| m["error"].is_null());
    if ours.len() == 2 || home.is_some() {
        md.push_str("Targets (default profile):\n\n");
    }
    if ours.len() == 2 {
        let vitals = ours.iter().all(|m| f(m, "cls") < 0.1 && f(m, "lcp_ms") < 2500.0);
        let hundred = ours.iter().all(|m| CATEGORIES[1..].iter().all(|(id, _)| f(m, &id.replace('-', "_")) >= 100.0));
        md.push_str(&format!(
            "- home and activity page, CLS under 0.1 and largest contentful paint under 2.5 s: **{}** (CLS {:.3} and {:.3}, LCP {:.1} s and {:.1} s).\n- home and activity page, accessibility, best practices and SEO at 100: **{}**.\n",
            if vitals { "met" } else { "missed" },
            f(ours[0], "cls"),
            f(ours[1], "cls"),
            f(ours[0], "lcp_ms") / 1000.0,
            f(ours[1], "lcp_ms") / 1000.0,
            if hundred { "met" } else { "missed" },
        ));
    }
    if let Some(m) = home {
        md.push_str(&match m["performance"].as_f64() {
            Some(p) => format!(
                "- home page, performance score at least 90: {} ({p:.0}).\n",
                verdict(p >= 90.0, || format!("{:.0} points", 90.0 - p))
            ),
            None => format!("- home page, performance score at least 90: {NOT_MEASURED}.\n"),
        });
        md.push_str(&match m["tbt_ms"].as_f64() {
            Some(t) => format!(
                "- home page, total blocking time under 200 ms: {} ({t:.0} ms).\n",
                verdict(t < 200.0, || format!("{:.0} ms", t - 200.0))
            ),
            None => format!("- home page, total blocking time under 200 ms: {NOT_MEASURED}.\n"),
        });
    }
    md
}

/// "p50 / p95" of the figures `{key}_p50_ms` and `{key}_p95_ms`, or [`NOT_MEASURED`].
fn percentiles(figures: &Value, key: &str) -> String {
    let (p50, p95) = (&figures[format!("{key}_p50_ms")], &figures[format!("{key}_p95_ms")]);
    if p50.is_null() && p95.is_null() {
        NOT_MEASURED.into()
    } else {
        format!("{} / {}", ms(p50), ms(p95))
    }
}

/// What the tables show for a figure this run did not produce.
const NOT_MEASURED: &str = "not measured";

/// "**met**", or "**missed**" and by how much (`shortfall`, when there is one to say).
fn verdict(met: bool, shortfall: impl FnOnce() -> String) -> String {
    if met {
        "**met**".into()
    } else {
        let by = shortfall();
        if by.is_empty() {
            "**missed**".into()
        } else {
            format!("**missed** by {by}")
        }
    }
}

/// Keystroke → results p95 of ours against the peers' (`key`: `keystroke_p95_ms` or
/// `keystroke_cpu4_p95_ms`): under `limit` ms if one is given, and ahead of both peers.
fn keystroke_target(b: &Value, key: &str, limit: Option<f64>) -> String {
    let Some(o) = b["ours"][key].as_f64() else {
        return format!("{NOT_MEASURED} (no figure for ours)");
    };
    let mut shortfalls = Vec::new();
    let mut figures = vec![format!("ours {o:.1} ms")];
    let mut complete = true;
    if let Some(limit) = limit {
        if o >= limit {
            shortfalls.push(format!("{:.1} ms over {limit:.0} ms", o - limit));
        }
    }
    for (id, name) in &PEERS[1..] {
        match b[*id][key].as_f64() {
            Some(p) => {
                figures.push(format!("{name} {p:.1} ms"));
                if o >= p {
                    shortfalls.push(format!("{:.1} ms behind {name}", o - p));
                }
            }
            None => {
                figures.push(format!("{name} {NOT_MEASURED}"));
                complete = false;
            }
        }
    }
    let figures = figures.join(", ");
    if !shortfalls.is_empty() {
        format!("**missed**: {} ({figures})", shortfalls.join("; "))
    } else if complete {
        format!("**met** ({figures})")
    } else {
        format!("not decided: a peer was not measured ({figures})")
    }
}

/// The targets, computed from the figures: the bytes and the first result at
/// ×1 and ×100, typing right after the first result, the keystrokes at every scale.
fn targets(browser: &Value, scales: &[usize]) -> String {
    let mut out = String::from("Targets:\n\n");
    let x1 = &browser["x1"];
    if scales.contains(&1) && x1.is_object() {
        out.push_str(&bytes_target(x1, "×1", Target::Bytes(400_000.0)));
        out.push_str(&bytes_target(x1, "×1, stretch", Target::Pagefinds(2.0)));
        out.push_str(&cold_target(x1, "×1", 1.3));
        out.push_str(&cold_target(x1, "×1, stretch", 1.0));
        out.push_str(&format!(
            "- ×1, typing right after the first result (mobile throttling, 4× CPU), p95 at most MiniSearch's: {}.\n",
            at_most_minisearch(x1, "typing_after_first_p95_ms")
        ));
    }
    let x100 = &browser["x100"];
    if scales.contains(&100) && x100.is_object() {
        out.push_str(&bytes_target(x100, "×100", Target::Pagefinds(1.5)));
        out.push_str(&cold_target(x100, "×100", 1.5));
    }
    for n in scales {
        let b = &browser[format!("x{n}")];
        if !b.is_object() {
            continue;
        }
        out.push_str(&format!(
            "- ×{n}, keystroke → results p95 under 50 ms and ahead of both peers: {}.\n",
            keystroke_target(b, "keystroke_p95_ms", Some(50.0))
        ));
        out.push_str(&format!(
            "- ×{n}, keystroke → results p95 with the 4× CPU slowdown ahead of both peers: {}.\n",
            keystroke_target(b, "keystroke_cpu4_p95_ms", None)
        ));
    }
    out.push('\n');
    out
}

/// A limit on the bytes before the first result: fixed, or a multiple of Pagefind's.
enum Target {
    Bytes(f64),
    Pagefinds(f64),
}

fn bytes_target(b: &Value, scale: &str, target: Target) -> String {
    let before = |id: &str| b[id]["before_first_result"]["brotli"].as_f64();
    let (label, limit) = match target {
        Target::Bytes(limit) => (format!("at most {:.0} kB brotli", limit / 1000.0), Some(limit)),
        Target::Pagefinds(times) => (format!("at most {times}× Pagefind's"), before("pagefind").map(|p| times * p)),
    };
    let label = format!("- {scale}, downloaded before the first result {label}");
    match (before("ours"), limit) {
        (Some(o), Some(limit)) => format!(
            "{label}: {} (ours {:.0} kB, the limit {:.0} kB{}).\n",
            verdict(o <= limit, || format!("{:.0} kB", (o - limit) / 1000.0)),
            o / 1000.0,
            limit / 1000.0,
            before("pagefind")
                .map(|p| format!("; Pagefind {:.0} kB: ours {:.2}×", p / 1000.0, o / p))
                .unwrap_or_default(),
        ),
        _ => format!("{label}: {NOT_MEASURED}.\n"),
    }
}

/// The throttled first result at most `times` Pagefind's (medians, same run).
fn cold_target(b: &Value, scale: &str, times: f64) -> String {
    let cold = |id: &str| {
        let (m, done, n) = median_runs(&b[id]["cold_throttled_ms"]);
        (m.as_f64(), done, n, b[id]["throttled_timeout_ms"].as_u64().unwrap_or(0) / 1000)
    };
    let label =
        format!("- {scale}, first result with mobile throttling at most {times}× Pagefind's (medians, same run)");
    match (cold("ours"), cold("pagefind")) {
        ((Some(o), ..), (Some(p), ..)) => format!(
            "{label}: {} (ours {o:.0} ms, Pagefind {p:.0} ms: {:.2}×; the target is {:.0} ms).\n",
            verdict(o <= times * p, || format!("{:.0} ms", o - times * p)),
            o / p,
            times * p,
        ),
        ((None, _, n, t), (Some(p), ..)) if n > 0 => {
            format!("{label}: **missed** (ours over {t} s in most runs, Pagefind {p:.0} ms).\n")
        }
        ((Some(o), ..), (None, _, n, t)) if n > 0 => {
            format!("{label}: **met** (ours {o:.0} ms, Pagefind over {t} s in most runs).\n")
        }
        _ => format!("{label}: {NOT_MEASURED}.\n"),
    }
}

/// Ours at most MiniSearch's for the figure `key` (milliseconds).
fn at_most_minisearch(b: &Value, key: &str) -> String {
    match (b["ours"][key].as_f64(), b["minisearch"][key].as_f64()) {
        (Some(o), Some(m)) => format!(
            "{} (ours {o:.0} ms, MiniSearch {m:.0} ms{})",
            verdict(o <= m, || format!("{:.0} ms", o - m)),
            b["pagefind"][key].as_f64().map(|p| format!(", Pagefind {p:.0} ms")).unwrap_or_default()
        ),
        _ => NOT_MEASURED.into(),
    }
}

/// Replaces the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`.
pub fn replace_between(text: &str, name: &str, body: &str) -> Result<String, String> {
    let (open, close) = (format!("<!-- bench:{name} -->"), format!("<!-- /bench:{name} -->"));
    let start = text.find(&open).ok_or_else(|| format!("BENCHMARKS.md has no {open} marker"))? + open.len();
    let end = text[start..].find(&close).ok_or_else(|| format!("BENCHMARKS.md has no {close} marker"))? + start;
    Ok(format!("{}\n{}\n{}", &text[..start], body.trim_end(), &text[end..]))
}
