//! Native timings (release build): parse, build, open and query with the same engine
//! the worker runs.

use crate::figures::{median, percentile};
use serde_json::{json, Value};
use std::time::Instant;

/// Words, completions of a prefix, a typo, a phrase, an exclusion, one letter.
pub const QUERIES: [&str; 8] = [
    "asili nido",
    "piste ciclabili",
    "attivita",
    "scuol",
    "amministrazone",
    "\"verde pubblico\"",
    "bici -monopattini",
    "a",
];

pub fn run() -> Value {
    let report = crate::corpus::report_source();
    let mut parse = Vec::new();
    let mut doc = None;
    for _ in 0..5 {
        let t = Instant::now();
        let d = rendiconto_parser::parse_bytes(&report).unwrap();
        parse.push(t.elapsed().as_secs_f64() * 1000.0);
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
    json!({
        "build": if cfg!(debug_assertions) { "debug" } else { "release" },
        "parse_ms": median(parse),
        "open_in_memory_ms": open,
        "query_runs": latency.len(),
        "query_p50_ms": percentile(&latency, 50.0),
        "query_max_ms": latency.iter().cloned().fold(0.0, f64::max),
    })
}
