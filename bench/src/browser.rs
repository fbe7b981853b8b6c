//! Measurements in headless Chromium, the same for the three sites (ours, Pagefind,
//! MiniSearch), each served by the project's own server with compression:
//!
//! - time from navigation to the first result of `?q=piste ciclabili`, plain and with
//!   mobile throttling (DevTools protocol: 150 ms RTT, 1.6 Mbps down, 750 kbps up for
//!   the page and its workers, 4× CPU slowdown for the page; see [`crate::devtools`]);
//! - what the server sent before that first result, and during the whole session
//!   (start, then the queries typed once);
//! - keystroke → results painted while typing real queries character by character,
//!   then the same queries again with DevTools' 4× CPU slowdown (a mid-range phone),
//!   in the same page, warm: no network throttling;
//! - the page's memory after ten questions (the first result's, then the nine typed):
//!   the JavaScript heap after a garbage collection (`Runtime.getHeapUsage`) and the
//!   WebAssembly memories the page instantiated (the probe keeps each instance's
//!   exported memory);
//! - typing right after the first result on a slow phone: in each throttled cold start,
//!   once the first result is painted, the same queries typed at once, the throttling
//!   (network and 4× CPU) still on, while the page does what it does after its first
//!   result (details, fonts, service worker, pieces).
//!
//! The CPU slowdown (`Emulation.setCPUThrottlingRate`, as Lighthouse's DevTools
//! throttling) slows the page's own thread only: Chromium refuses it for workers
//! ("only supported for pages, not workers"). All three engines search on the page's
//! thread (ours since `web/src/engine_load.rs`, Pagefind in its `noWorker` mode,
//! MiniSearch always), so it slows their whole keystroke → results path.
//!
//! A probe script, added before any page script through the DevTools protocol, stamps
//! each keystroke (`keydown` time) and, when `#count[data-query]` shows the results for a
//! typed text, takes the next animation frame as "painted". All three pages mark their
//! results the same way (`<p id="count" data-query=…>`).

use crate::devtools::{Devtools, CPU_SLOWDOWN};
use crate::figures;
use crate::sizes::{self, Size};
use e2e::Browser;
use fantoccini::Locator;
use rendiconto_site::compress;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

pub const FIRST_QUERY: &str = "piste ciclabili";

/// Typed character by character, as a person would: with [`FIRST_QUERY`], ten
/// questions.
pub const TYPED: [&str; 9] = [
    "asili nido",
    "piste ciclabili",
    "attivita",
    "scuola",
    "verde pubblico",
    "biblioteche",
    "mobilità sostenibile",
    "raccolta differenziata",
    "anziani soli",
];

/// Milliseconds between two keystrokes (a quick typist).
const KEY_GAP_MS: u64 = 120;

const PROBE: &str = r#"(() => {
  if (window.__bench) return;
  const B = window.__bench = { pending: new Map(), lat: [], first: null, key: null, errors: [], memories: [] };
  // Every WebAssembly memory the page's instances export (ours: the app's module;
  // Pagefind: its search module; MiniSearch has none), for the memory figures.
  const keep = instance => {
    try {
      for (const v of Object.values(instance.exports)) if (v instanceof WebAssembly.Memory) B.memories.push(v);
    } catch (e) {}
  };
  for (const name of ['instantiate', 'instantiateStreaming']) {
    const original = WebAssembly[name];
    if (original) WebAssembly[name] = function (...args) {
      return original.apply(this, args).then(r => { keep(r.instance || r); return r; });
    };
  }
  WebAssembly.Instance = new Proxy(WebAssembly.Instance, {
    construct(target, args) { const i = Reflect.construct(target, args); keep(i); return i; },
  });
  addEventListener('error', e => B.errors.push(String(e.message)));
  for (const level of ['warn', 'error']) {
    const original = console[level];
    console[level] = (...args) => { B.errors.push(level + ': ' + args.map(String).join(' ')); original.apply(console, args); };
  }
  addEventListener('unhandledrejection', e => B.errors.push(String(e.reason && (e.reason.stack || e.reason))));
  // The page's long tasks (over 50 ms), to say what holds up typing after the first
  // result.
  B.long = [];
  try {
    new PerformanceObserver(list => { for (const e of list.getEntries()) B.long.push([e.startTime, e.duration]); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) {}
  const want = new URLSearchParams(location.search).get('q');
  document.addEventListener('keydown', e => { B.key = e.timeStamp; }, true);
  document.addEventListener('input', e => {
    const t = e.target;
    if (t && t.id === 'q' && t.value) { B.pending.set(t.value, B.key ?? e.timeStamp); B.key = null; }
  }, true);
  const check = () => {
    const c = document.getElementById('count');
    const q = c && c.dataset.query;
    if (!q) return;
    if (B.first === null && want && q === want) {
      B.first = -1;
      requestAnimationFrame(() => {
        B.first = performance.now();
        fetch('./?__bench=first-result', { cache: 'no-store' }).catch(() => {});
      });
    }
    if (B.pending.has(q)) {
      const t0 = B.pending.get(q);
      B.pending.delete(q);
      requestAnimationFrame(() => B.lat.push({ q, ms: performance.now() - t0 }));
    }
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
})();"#;

/// A site's files as requested: the path below the site folder.
fn files_of(sent: &[compress::Sent], site: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = Vec::new();
    for s in sent {
        if s.url.contains("__bench=") {
            continue;
        }
        if !out.contains(&s.file) {
            out.push(s.file.clone());
        }
    }
    out.into_iter().map(|f| f.strip_prefix(site).map(Path::to_path_buf).unwrap_or(f)).collect()
}

/// Bytes of `files` (below `site`) raw, gzip and brotli, as the server sends them.
fn sent_sizes(site: &Path, files: &[PathBuf]) -> Value {
    let mut total = Size::default();
    for f in files {
        total += sizes::of_file(&site.join(f)).unwrap_or_default();
    }
    json!({ "files": files.len(), "raw": total.raw, "gzip": total.gzip, "brotli": total.brotli })
}

/// One cold start on a fresh profile: milliseconds from navigation to the first result
/// painted (None after `timeout`), and the browser for more measurements.
async fn cold(site: &Path, throttled: bool, timeout: Duration) -> (Option<f64>, Browser, Option<Devtools>) {
    let b = Browser::start(Some(site.to_path_buf())).await;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": PROBE })).await;
    let devtools = if throttled { Some(Devtools::throttle(&b.client).await) } else { None };
    compress::record();
    let url = format!("{}?q={}", b.base, FIRST_QUERY.replace(' ', "+"));
    let start = Instant::now();
    let _ = b.client.goto(&url).await;
    let poll = Duration::from_millis(if throttled { 250 } else { 50 });
    loop {
        let v = b.js("return window.__bench && window.__bench.first > 0 ? window.__bench.first : null;").await;
        if let Some(ms) = v.as_f64() {
            return (Some(ms), b, devtools);
        }
        if start.elapsed() > timeout {
            let state = b.js("return JSON.stringify({ bench: window.__bench, text: document.body && document.body.innerText.slice(0, 300) });").await;
            let served: Vec<String> = compress::log().iter().map(|s| s.url.clone()).collect();
            eprintln!("bench: no first result within {} s; the page: {state}; served: {served:?}", timeout.as_secs());
            return (None, b, devtools);
        }
        tokio::time::sleep(poll).await;
    }
}

/// Types [`TYPED`] character by character; returns every keystroke's latency (ms) to
/// its results painted, and how many keystrokes were typed.
async fn typing(b: &Browser) -> (Vec<f64>, usize) {
    let mut input = b.client.find(Locator::Id("q")).await.expect("the search box");
    let mut typed = 0;
    for q in TYPED {
        // Select the box's text and type over it, as a person does. (Emptying it by
        // script, without an input event, raced with the app: a redraw meanwhile put the
        // previous query back, and the first query typed after a throttled cold start
        // became "piste ciclabiliasili nido".)
        tokio::time::sleep(Duration::from_millis(300)).await;
        b.js("const q = document.getElementById('q'); q.focus(); q.select();").await;
        for c in q.chars() {
            // The box is drawn anew when the interface takes the page over from the
            // first answer's module (web/src/first.rs): the new one gets the key.
            if let Err(e) = input.send_keys(&c.to_string()).await {
                assert!(e.is_stale_element_reference(), "type: {e}");
                input = b.client.find(Locator::Id("q")).await.expect("the search box");
                input.send_keys(&c.to_string()).await.expect("type");
            }
            typed += 1;
            tokio::time::sleep(Duration::from_millis(KEY_GAP_MS)).await;
        }
        let want = serde_json::to_string(q).unwrap();
        let start = Instant::now();
        while b.js(&format!("return document.getElementById('count')?.dataset.query === {want};")).await != json!(true)
        {
            if start.elapsed() > Duration::from_secs(60) {
                let page = b
                    .js("const c = document.getElementById('count'); return JSON.stringify({ count: c && [c.dataset.query, c.textContent], box: document.getElementById('q').value, html: Object.assign({}, document.documentElement.dataset), status: (document.querySelector('.status-area') || {}).textContent, errors: window.__bench.errors });")
                    .await;
                eprintln!("bench: no results painted for {q:?} within 60 s; the page: {page}");
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let v = b.js("return window.__bench.lat.map(x => x.ms);").await;
    (v.as_array().unwrap().iter().filter_map(Value::as_f64).collect(), typed)
}

/// The page's memory now: the JavaScript heap in use after a garbage collection, and the
/// bytes of the WebAssembly memories its instances export.
async fn memory(b: &Browser) -> Value {
    b.cdp("HeapProfiler.collectGarbage", json!({})).await;
    let heap = b.cdp("Runtime.getHeapUsage", json!({})).await;
    let wasm = b
        .js("return window.__bench.memories.filter((m, i, all) => all.indexOf(m) === i).reduce((n, m) => n + m.buffer.byteLength, 0);")
        .await;
    json!({ "js_heap_bytes": heap["usedSize"], "wasm_memory_bytes": wasm })
}

struct Runs {
    plain: usize,
    plain_timeout: Duration,
    throttled: usize,
    throttled_timeout: Duration,
}

/// Every measurement of one site (a peer at one scale).
async fn measure(name: &str, site: &Path, runs: &Runs) -> Value {
    let mut plain = Vec::new();
    let mut before_first = Vec::new();
    let mut session = Vec::new();
    let mut encoding = String::new();
    let mut keys = (Vec::new(), 0);
    let mut keys_cpu4 = (Vec::new(), 0);
    let mut after_first = (Vec::new(), 0);
    let mut after_first_long = Vec::new();
    let mut memory_after = Value::Null;
    let mut index_ms = Value::Null;
    let mut hung = 0;
    let mut r = 0;
    while r < runs.plain {
        let (ms, b, _) = cold(site, false, runs.plain_timeout).await;
        eprintln!("bench: {name}: cold start {}", ms.map(|m| format!("{m:.0} ms")).unwrap_or("timed out".into()));
        if ms.is_none() && hung < 3 {
            // A page that never shows its results is counted and tried again.
            hung += 1;
            b.close().await;
            continue;
        }
        plain.push(ms);
        if r + 1 == runs.plain && ms.is_some() {
            // Wait for the first-result mark, so the log splits at it.
            tokio::time::sleep(Duration::from_millis(300)).await;
            let log = compress::log();
            let mark = log.iter().position(|s| s.url.contains("__bench=first-result")).unwrap_or(log.len());
            before_first = files_of(&log[..mark], site);
            encoding = log.first().map(|s| s.encoding.name().to_string()).unwrap_or_default();
            index_ms = b.js("return window.__benchIndexMs ?? null;").await;
            keys = typing(&b).await;
            session = files_of(&compress::log(), site);
            memory_after = memory(&b).await;
            // The same queries with the CPU 4× slower (warm: the page's files are loaded).
            b.js("window.__bench.lat = []; window.__bench.pending.clear();").await;
            b.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": CPU_SLOWDOWN })).await;
            keys_cpu4 = typing(&b).await;
            b.cdp("Emulation.setCPUThrottlingRate", json!({ "rate": 1 })).await;
            eprintln!(
                "bench: {name}: {} keystrokes painted of {}, then {} of {} with the CPU {CPU_SLOWDOWN}× slower",
                keys.0.len(),
                keys.1,
                keys_cpu4.0.len(),
                keys_cpu4.1
            );
        }
        b.close().await;
        r += 1;
    }
    let mut throttled = Vec::new();
    let mut throttled_workers = 0;
    for _ in 0..runs.throttled {
        let (ms, b, devtools) = cold(site, true, runs.throttled_timeout).await;
        throttled_workers = devtools.as_ref().map(|d| d.workers.lock().unwrap().len()).unwrap_or(0);
        eprintln!(
            "bench: {name}: cold start, throttled {}",
            ms.map(|m| format!("{m:.0} ms")).unwrap_or(format!("> {} s", runs.throttled_timeout.as_secs()))
        );
        if ms.is_some() {
            // Typing at once, still throttled: what runs after the first result must
            // yield to the keystrokes.
            let (lat, typed) = typing(&b).await;
            let long = b
                .js("const B = window.__bench; return B.long.filter(([t]) => t > B.first).map(([, d]) => Math.round(d)).sort((a, b) => b - a).slice(0, 5);")
                .await;
            let measures = b
                .js("return performance.getEntriesByType('measure').filter(m => m.name.startsWith('ra:')).map(m => m.name + ' ' + Math.round(m.duration));")
                .await;
            eprintln!(
                "bench: {name}: typing right after the first result, throttled: {} painted of {typed}; longest tasks after the first result (ms) {long}; the app's measures {measures}",
                lat.len()
            );
            after_first_long.push(long);
            after_first.0.extend(lat);
            after_first.1 += typed;
        }
        drop(devtools);
        throttled.push(ms);
        b.close().await;
    }
    let (lat, typed) = keys;
    let (lat_cpu4, typed_cpu4) = keys_cpu4;
    let (lat_after, typed_after) = after_first;
    let p = |v: &[f64], q: f64| if v.is_empty() { Value::Null } else { json!(figures::percentile(v, q)) };
    json!({
        "cold_ms": plain,
        "cold_hung": hung,
        "plain_timeout_ms": runs.plain_timeout.as_millis() as u64,
        "cold_throttled_ms": throttled,
        "throttled_timeout_ms": runs.throttled_timeout.as_millis() as u64,
        "throttled_workers": throttled_workers,
        "encoding_sent": encoding,
        "before_first_result": sent_sizes(site, &before_first),
        "before_first_result_files": before_first.iter().map(|p| p.display().to_string()).collect::<Vec<_>>(),
        "session": sent_sizes(site, &session),
        "keystrokes_typed": typed,
        "keystrokes_painted": lat.len(),
        "keystroke_p50_ms": p(&lat, 50.0),
        "keystroke_p95_ms": p(&lat, 95.0),
        "keystroke_ms": lat,
        "keystrokes_cpu4_typed": typed_cpu4,
        "keystrokes_cpu4_painted": lat_cpu4.len(),
        "keystroke_cpu4_p50_ms": p(&lat_cpu4, 50.0),
        "keystroke_cpu4_p95_ms": p(&lat_cpu4, 95.0),
        "keystroke_cpu4_ms": lat_cpu4,
        "index_in_browser_ms": index_ms,
        "memory_after_ten_queries": memory_after,
        "typing_after_first_typed": typed_after,
        "typing_after_first_painted": lat_after.len(),
        "typing_after_first_p50_ms": p(&lat_after, 50.0),
        "typing_after_first_p95_ms": p(&lat_after, 95.0),
        "typing_after_first_ms": lat_after,
        "typing_after_first_longest_tasks_ms": after_first_long,
    })
}

/// The three sites of each scale (`OUT/xN/ours`, `pagefind`, `minisearch`); figures in
/// `OUT/browser.json`, written after each scale (a long run that stops still leaves
/// figures). `BENCH_PEERS=ours,pagefind` measures only those.
pub async fn measure_scales(out: &Path, scales: &[usize], quick: bool) {
    let mut all = serde_json::Map::new();
    for &n in scales {
        let run = |plain, plain_timeout, throttled, throttled_timeout| Runs {
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
        for (peer, _) in crate::peers::PEERS {
            if !only.is_empty() && !only.split(',').any(|p| p == peer) {
                continue;
            }
            let site = out.join(format!("x{n}")).join(peer);
            assert!(site.join("index.html").exists(), "{} is missing: run `cargo xtask bench`", site.display());
            scale.insert(peer.into(), measure(&format!("x{n} {peer}"), &site, &runs).await);
        }
        all.insert(format!("x{n}"), Value::Object(scale));
        figures::write(out.join("browser.json"), &Value::Object(all.clone()));
    }
}
