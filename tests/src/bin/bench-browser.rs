//! Browser timings for BENCHMARKS.md: cold start to first result, and search latency
//! inside the worker, in headless Chromium on the built dist/.

use e2e::Browser;
use serde_json::Value;

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
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
    b.until("the engine", "document.getElementById('count')")
        .await;
    let queries = [
        "asili nido",
        "piste ciclabili",
        "attivita",
        "scuol",
        "amministrazone",
        "\"verde pubblico\"",
        "bici -monopattini",
        "a",
    ];
    let mut latency = Vec::new();
    for _ in 0..3 {
        for q in queries {
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
    println!(
        "| cold start to first result (median of {RUNS}, ms) | {:.0} |",
        median(cold.clone())
    );
    println!(
        "| cold start, slowest of {RUNS} (ms) | {:.0} |",
        cold.iter().cloned().fold(0.0, f64::max)
    );
    println!(
        "| search in the worker, median of {} (ms) | {:.2} |",
        latency.len(),
        median(latency.clone())
    );
    println!(
        "| search in the worker, slowest (ms) | {:.2} |",
        latency.iter().cloned().fold(0.0, f64::max)
    );
}
