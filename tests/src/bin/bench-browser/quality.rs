//! The relevance benchmark's rankings (`cargo xtask bench --quality`, see
//! xtask/src/bench/quality.rs, which judges them). Each reads the questions from
//! `OUT/queries.json` (a JSON array of strings, written by xtask) and writes, for each
//! question in order, the engine's first 10 result ids and its result count:
//!
//! - `bench-browser quality-native OUT`: the flat documents for the peers
//!   (`OUT/docs.json`, the items our engine indexes) and our engine's rankings
//!   (`OUT/ranking-ours.json`), natively: the same `Engine::search` the browser runs;
//! - `bench-browser quality-pagefind OUT`: Pagefind's rankings
//!   (`OUT/ranking-pagefind.json`), `pagefind.search()` in headless Chromium on the site
//!   xtask built in `OUT/pagefind`.

use e2e::Browser;
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

/// How many results of each engine are kept (and judged).
const KEPT: usize = 10;

const REPORT: &str = include_str!("../../../../data/torino-rendiconto-2023-relazione-programma.txt");

fn queries(out: &Path) -> Vec<String> {
    let path = out.join("queries.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn ranking(ids: Vec<String>, total: usize) -> Value {
    json!({ "total": total, "ids": ids })
}

pub fn native(out: &Path) {
    let doc = rendiconto_parser::parse_str(REPORT).expect("the report parses");
    let docs = crate::corpus::flat_docs(&doc);
    std::fs::write(out.join("docs.json"), serde_json::to_vec(&docs).unwrap()).unwrap();
    let engine = rendiconto_search::Engine::in_memory(doc).expect("the engine opens");
    let rankings: Vec<Value> = queries(out)
        .into_iter()
        .map(|query| {
            let r = engine.search(&rendiconto_search::SearchRequest { query, limit: KEPT, ..Default::default() });
            ranking(r.hits.into_iter().map(|h| h.id).collect(), r.total)
        })
        .collect();
    crate::write(out.join("ranking-ours.json"), &Value::Array(rankings));
}

/// One question in the page: the first results' ids (from their urls, `/a/<id>.html`)
/// and the result count.
const PAGEFIND_SEARCH: &str = r#"(async () => {
  const pagefind = await import('/pagefind/pagefind.js');
  if (!window.__qualityReady) {
    await pagefind.options({ noWorker: true });
    await pagefind.init();
    window.__qualityReady = true;
  }
  const search = await pagefind.search(QUERY);
  const data = await Promise.all(search.results.slice(0, KEPT).map(r => r.data()));
  return { total: search.results.length, ids: data.map(d => d.url.split('/').pop().replace(/\.html$/, '')) };
})().then(done, e => done({ error: String(e && (e.stack || e)) }));"#;

pub async fn pagefind(out: &Path) {
    let site = out.join("pagefind");
    assert!(
        site.join("pagefind/pagefind.js").exists(),
        "{} is not built: run `cargo xtask bench --quality`",
        site.display()
    );
    let docs: Vec<Value> = serde_json::from_slice(&std::fs::read(out.join("docs.json")).unwrap()).unwrap();
    let b = Browser::start(Some(site)).await;
    b.client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(Some(Duration::from_secs(120)), None, None))
        .await
        .expect("script timeout");
    // A page of the site without scripts of its own: the search page would initialise
    // Pagefind itself, at the same time as the script below.
    b.open(&format!("a/{}.html", docs[0]["id"].as_str().unwrap())).await;
    let mut rankings = Vec::new();
    for q in queries(out) {
        let script =
            PAGEFIND_SEARCH.replace("QUERY", &serde_json::to_string(&q).unwrap()).replace("KEPT", &KEPT.to_string());
        let v = b.js_async(&script).await;
        assert!(v.get("error").is_none(), "Pagefind failed on {q:?}: {}", v["error"]);
        let ids = v["ids"].as_array().unwrap().iter().map(|i| i.as_str().unwrap().to_string()).collect();
        rankings.push(ranking(ids, v["total"].as_u64().unwrap() as usize));
    }
    b.close().await;
    crate::write(out.join("ranking-pagefind.json"), &Value::Array(rankings));
}
