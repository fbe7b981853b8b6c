//! The figures of one run: `docs/bench/results.json` (raw) and the tables of
//! BENCHMARKS.md (between the `bench:` markers; the prose around them is kept).

use super::sizes;
use serde_json::{json, Value};
use std::path::Path;

pub(super) const PEERS: [(&str, &str); 3] =
    [("ours", "Rendiconto Aperto (tantivy)"), ("pagefind", "Pagefind"), ("minisearch", "MiniSearch")];

pub(super) fn read_json(path: &Path) -> Result<Value, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))
}

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

pub fn write(root: &Path, out: &Path, dist: &Path, opts: &super::Options, peer_builds: Value) -> Result<(), String> {
    let prepare = read_json(&out.join("prepare.json"))?;
    let browser = read_json(&out.join("browser.json"))?;
    let (dist_md, dist_json) = sizes::dist_table(dist)?;
    let (deliveries_md, deliveries_json) = super::deliveries::table(dist)?;
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "?".into());
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("PRETTY_NAME=")).map(|l| l[12..].trim_matches('"').to_string()))
        .unwrap_or_else(|| "?".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let machine = json!({
        "cpu": cpu,
        "cores": cores,
        "os": os,
        "date": super::version("date", &["-u", "+%Y-%m-%d"]),
        "rustc": super::version("rustc", &["-V"]),
        "chromium": super::version(e2e_chromium(), &["--version"]),
        "pagefind": super::npm_version(root, "pagefind"),
        "minisearch": super::npm_version(root, "minisearch"),
        "tantivy": super::lock_version(root, "tantivy"),
        "wasm_opt": super::version(&root.join(".tools/node_modules/.bin/wasm-opt").display().to_string(), &["--version"]),
    });
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
        let dir = out.join(&key);
        let ours_build = &prepare["ours_build"][&key];
        let index_sizes = [
            sizes::of_dir(&dir.join("ours/bundle"))?.1,
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
        md.push_str(&row("downloaded in the session (start + 7 queries typed), kB brotli (gzip)", &|id, _| {
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
        md.push_str(&row("index build (ms)", &|_, i| ms(&builds[i])));
        md.push_str(&row("index + data on disk, kB raw / brotli", &|_, i| {
            format!("{} / {}", kb(&json!(index_sizes[i].raw)), kb(&json!(index_sizes[i].brotli)))
        }));
        md.push('\n');
        let runs = |id: &str, k: &str| b[id][k].as_array().map(|a| a.len()).unwrap_or(0);
        md.push_str(&format!(
            "Runs: {} cold starts without throttling, {} with; {} keystrokes typed, {} painted (ours; a keystroke overtaken by the next one before its results are painted has no figure of its own).",
            runs("ours", "cold_ms"),
            runs("ours", "cold_throttled_ms"),
            b["ours"]["keystrokes_typed"],
            b["ours"]["keystrokes_painted"],
        ));
        for (id, name) in PEERS {
            if let Some(h) = b[id]["cold_hung"].as_u64().filter(|h| *h > 0) {
                md.push_str(&format!(
                    " {name}: {h} more cold start(s) never showed results within {} s and were run again.",
                    b[id]["plain_timeout_ms"].as_u64().unwrap_or(0) / 1000
                ));
            }
        }
        md.push_str("\n\n");
        if *n == 1 {
            md.push_str(&targets(b));
        }
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
    let results = json!({
        "command": command,
        "machine": machine,
        "native": prepare["native"],
        "dist": dist_json,
        "deliveries": deliveries_json,
        "scales": scales,
    });
    println!("{dist_md}\n{deliveries_md}\n{md}");
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
    let (deliveries_md, deliveries_json) = super::deliveries::table(dist)?;
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

fn e2e_chromium() -> &'static str {
    "/usr/bin/chromium"
}

/// The targets at ×1, computed from the figures.
fn targets(b: &Value) -> String {
    let f = |id: &str, k: &str| b[id][k].as_f64();
    let mut out = String::from("Targets (×1):\n\n");
    let p95 = [f("ours", "keystroke_p95_ms"), f("pagefind", "keystroke_p95_ms"), f("minisearch", "keystroke_p95_ms")];
    if let [Some(o), Some(p), Some(m)] = p95 {
        let met = o < 50.0 && o < p && o < m;
        out.push_str(&format!(
            "- keystroke → results p95 under 50 ms and ahead of both peers: **{}** (ours {o:.1} ms, Pagefind {p:.1} ms, MiniSearch {m:.1} ms).\n",
            if met { "met" } else { "missed" }
        ));
    }
    let med = |id: &str| median_runs(&b[id]["cold_throttled_ms"]).0.as_f64();
    if let (Some(o), Some(p)) = (med("ours"), med("pagefind")) {
        out.push_str(&if o <= p {
            format!("- first result with mobile throttling no worse than Pagefind: **met** ({o:.0} ms against {p:.0} ms).\n")
        } else {
            format!(
                "- first result with mobile throttling no worse than Pagefind: **missed** by {:.0} ms ({o:.0} ms against {p:.0} ms, {:.1}×).\n",
                o - p,
                o / p
            )
        });
    }
    let before = |id: &str| b[id]["before_first_result"]["brotli"].as_f64();
    if let (Some(o), Some(p)) = (before("ours"), before("pagefind")) {
        out.push_str(&if o <= 2.0 * p {
            format!("- bytes before the first result within 2× Pagefind's: **met** ({:.0} kB against {:.0} kB brotli, {:.2}×).\n", o / 1000.0, p / 1000.0, o / p)
        } else {
            format!(
                "- bytes before the first result within 2× Pagefind's: **missed** by {:.0} kB ({:.0} kB against {:.0} kB brotli, {:.2}×; the target is {:.0} kB).\n",
                (o - 2.0 * p) / 1000.0,
                o / 1000.0,
                p / 1000.0,
                o / p,
                2.0 * p / 1000.0
            )
        });
    }
    out.push('\n');
    out
}

/// Replaces the text between `<!-- bench:NAME -->` and `<!-- /bench:NAME -->`.
pub(super) fn replace_between(text: &str, name: &str, body: &str) -> Result<String, String> {
    let (open, close) = (format!("<!-- bench:{name} -->"), format!("<!-- /bench:{name} -->"));
    let start = text.find(&open).ok_or_else(|| format!("BENCHMARKS.md has no {open} marker"))? + open.len();
    let end = text[start..].find(&close).ok_or_else(|| format!("BENCHMARKS.md has no {close} marker"))? + start;
    Ok(format!("{}\n{}\n{}", &text[..start], body.trim_end(), &text[end..]))
}
