//! Timings for BENCHMARKS.md: native parse, build and query times, then in headless
//! Chromium on the built dist/: cold start to first result and search latency inside
//! the worker. Run by `cargo xtask bench` (release build).

use e2e::Browser;
use serde_json::Value;
use std::time::Instant;

/// Words, completions of a prefix, a typo, a phrase, an exclusion, one letter.
const QUERIES: [&str; 8] = [
    "asili nido",
    "piste ciclabili",
    "attivita",
    "scuol",
    "amministrazone",
    "\"verde pubblico\"",
    "bici -monopattini",
    "a",
];

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

/// Parse, index and search natively (the same engine the worker runs).
fn native() {
    let report = std::fs::read(xtask::root().join("data/torino-rendiconto-2023-relazione-programma.txt")).unwrap();
    let mut parse = Vec::new();
    let mut build = Vec::new();
    let mut doc = None;
    for _ in 0..5 {
        let t = Instant::now();
        let d = rendiconto_parser::parse_bytes(&report).unwrap();
        parse.push(t.elapsed().as_secs_f64() * 1000.0);
        let t = Instant::now();
        rendiconto_search::Bundle::create(&d, &report, "report.txt").unwrap();
        build.push(t.elapsed().as_secs_f64() * 1000.0);
        doc = Some(d);
    }
    let t = Instant::now();
    let engine = rendiconto_search::Engine::in_memory(doc.unwrap()).unwrap();
    let open = t.elapsed().as_secs_f64() * 1000.0;
    let mut latency = Vec::new();
    for _ in 0..20 {
        for q in QUERIES.into_iter().chain([""]) {
            let t = Instant::now();
            engine.search(&rendiconto_search::SearchRequest { query: q.into(), limit: 20, ..Default::default() });
            latency.push(t.elapsed().as_secs_f64() * 1000.0);
        }
    }
    println!(
        "\n| native measure ({}) | value |\n|---|---:|",
        if cfg!(debug_assertions) { "debug build" } else { "release build" }
    );
    println!("| parse the report (median of 5, ms) | {:.1} |", median(parse));
    println!("| build data + index bundle (median of 5, ms) | {:.1} |", median(build));
    println!("| open the engine in memory (ms) | {:.1} |", open);
    println!("| query, median of {} (ms) | {:.2} |", latency.len(), median(latency.clone()));
    println!("| query, slowest (ms) | {:.2} |", latency.iter().cloned().fold(0.0, f64::max));
}

#[tokio::main]
async fn main() {
    native();
    println!();
    const RUNS: usize = 5;
    let mut cold = Vec::new();
    for _ in 0..RUNS {
        // A fresh browser and profile each time: nothing cached.
        let b = Browser::start(None).await;
        b.open("?q=piste+ciclabili").await;
        let v = b
            .until(
                "the first result",
                "document.getElementById('count')?.dataset.query === 'piste ciclabili' && performance.now()",
            )
            .await;
        cold.push(v.as_f64().unwrap());
        b.close().await;
    }
    let b = Browser::start(None).await;
    b.open("").await;
    b.until("the engine", "document.querySelectorAll('.mission').length === 16").await;
    let mut latency = Vec::new();
    for _ in 0..3 {
        for q in QUERIES {
            b.search(q).await;
            let q_json = serde_json::to_string(q).unwrap();
            let v: Value = b
                .until(q, &format!("document.getElementById('count')?.dataset.query === {q_json} && document.getElementById('count').dataset.ms"))
                .await;
            latency.push(v.as_str().unwrap().parse::<f64>().unwrap());
        }
    }
    b.close().await;
    println!("| browser measure | value |\n|---|---:|");
    println!("| cold start to first result (median of {RUNS}, ms) | {:.0} |", median(cold.clone()));
    println!("| cold start, slowest of {RUNS} (ms) | {:.0} |", cold.iter().cloned().fold(0.0, f64::max));
    println!("| search in the worker, median of {} (ms) | {:.2} |", latency.len(), median(latency.clone()));
    println!("| search in the worker, slowest (ms) | {:.2} |", latency.iter().cloned().fold(0.0, f64::max));
}
