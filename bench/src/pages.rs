//! The prerendered pages, measured (`cargo xtask bench --pages`, and part of the full
//! run at ×1): `dist/` as built, no other site.
//!
//! 1. The shared activity link [`PAGE`] opened cold, in a fresh Chromium profile with an
//!    empty cache, plain and with the benchmark's mobile throttling ([`crate::devtools`]):
//!    the time from navigation until the activity's objective and its indicator values
//!    are on screen. The same activity by its old link ([`OLD_LINK`], rendered by the
//!    app once its wasm has started) is measured the same way, for comparison. Figures
//!    in `OUT/pages.json`.
//! 2. [`crate::lighthouse`] on the home and on that page: `OUT/lighthouse.json`.
//!
//! "On screen": a probe script added before any page script (DevTools
//! `Page.addScriptToEvaluateOnNewDocument`) watches the document as it is parsed and
//! built; once the title ([`TITLE`]) and a non-empty indicator value ([`VALUE`]) are
//! rendered (`checkVisibility()`, with a box), it takes the next animation frame. The
//! time reported is that frame or the page's first contentful paint, whichever is later
//! (a prerendered page's content arrives before the first paint, which the stylesheet
//! holds back; the old link's arrives after the page's first paint, the empty shell).

use crate::devtools::Devtools;
use crate::figures;
use e2e::Browser;
use serde_json::{json, Value};
use std::path::Path;
use std::time::{Duration, Instant};

/// The activity measured: 9.3.1, separate waste collection (its objective, and an
/// indicator table with a value).
pub const ACTIVITY: &str = "m9-p3-a1";
/// Its page, and its old link.
pub const PAGE: &str = "attivita/9-3-1/";
pub const OLD_LINK: &str = "?a=m9-p3-a1";

/// The activity's title (its objective) and its indicators' values (tests/src/lib.rs,
/// `sel::DETAIL_TITLE` and `sel::INDICATOR_ROW` + `sel::INDICATOR_ROW_VALUE`).
pub const TITLE: &str = "#detail-title";
pub const VALUE: &str = "table.indicators tbody tr td.value";

const PROBE: &str = r#"(() => {
  if (window.__benchPage) return;
  const B = window.__benchPage = { dom: null, frame: null, fcp: null, values: 0 };
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) if (e.name === 'first-contentful-paint') B.fcp = e.startTime;
    }).observe({ type: 'paint', buffered: true });
  } catch (e) {}
  const shown = el => !!el && el.textContent.trim() !== ''
    && el.checkVisibility({ opacityProperty: true, visibilityProperty: true })
    && el.getClientRects().length > 0;
  const check = () => {
    if (B.dom !== null) return;
    const title = document.querySelector(TITLE);
    if (!title || title.textContent.trim() === '') return;
    const values = [...document.querySelectorAll(VALUE)].filter(td => td.textContent.trim() !== '');
    if (!values.length || !shown(title) || !shown(values[0])) return;
    B.dom = performance.now();
    B.values = values.length;
    requestAnimationFrame(() => {
      B.frame = performance.now();
    });
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
  document.addEventListener('DOMContentLoaded', check);
})();"#;

/// One cold start on a fresh profile: the probe's figures (ms since navigation), or
/// None after `timeout`.
async fn cold(dist: &Path, target: &str, throttled: bool, timeout: Duration) -> Option<Value> {
    let b = Browser::start(Some(dist.to_path_buf())).await;
    // A fresh profile has no cache; this makes sure of it.
    b.cdp("Network.clearBrowserCache", json!({})).await;
    let probe = PROBE.replace("TITLE", &e2e::js_str(TITLE)).replace("VALUE", &e2e::js_str(VALUE));
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": probe })).await;
    let devtools = if throttled { Some(Devtools::throttle(&b.client).await) } else { None };
    let start = Instant::now();
    let _ = b.client.goto(&format!("{}{target}", b.base)).await;
    let poll = Duration::from_millis(if throttled { 100 } else { 25 });
    let figures = loop {
        let v = b
            .js(r#"const B = window.__benchPage;
                if (!B || B.frame === null || B.fcp === null) return null;
                const t = Math.max(B.frame, B.fcp);
                // What had fully arrived by then (Resource Timing; bytes as sent, headers included).
                const arrived = [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')]
                  .filter(e => e.responseEnd > 0 && e.responseEnd <= t)
                  .map(e => ({ file: e.name.replace(location.origin + '/', ''), bytes: e.transferSize }));
                return { visible_ms: t, in_dom_ms: B.dom, frame_ms: B.frame, fcp_ms: B.fcp, values: B.values,
                         arrived, arrived_bytes: arrived.reduce((n, e) => n + e.bytes, 0) };"#)
            .await;
        if v.is_object() {
            break Some(v);
        }
        if start.elapsed() > timeout {
            let state = b.js("return JSON.stringify({ probe: window.__benchPage, errors: window.__e2eErrors, text: document.body && document.body.innerText.slice(0, 300) });").await;
            eprintln!("bench: {target}: the content was not painted within {} s; the page: {state}", timeout.as_secs());
            break None;
        }
        tokio::time::sleep(poll).await;
    };
    drop(devtools);
    b.close().await;
    figures
}

/// Every run of one link: plain, then throttled.
async fn link(name: &str, dist: &Path, target: &str, plain: usize, throttled: usize) -> Value {
    let (plain_timeout, throttled_timeout) = (Duration::from_secs(30), Duration::from_secs(90));
    let mut all = serde_json::Map::new();
    for (kind, n, throttle, timeout) in
        [("plain", plain, false, plain_timeout), ("throttled", throttled, true, throttled_timeout)]
    {
        let mut runs = Vec::new();
        let mut visible = Vec::new();
        let mut arrived = Vec::new();
        for _ in 0..n {
            let figures = cold(dist, target, throttle, timeout).await;
            let ms = figures.as_ref().and_then(|f| f["visible_ms"].as_f64());
            eprintln!(
                "bench: {name}{}: painted in {}",
                if throttle { ", throttled" } else { "" },
                ms.map(|m| format!("{m:.0} ms")).unwrap_or(format!("> {} s", timeout.as_secs()))
            );
            visible.push(ms);
            arrived.push(figures.as_ref().and_then(|f| f["arrived_bytes"].as_f64()));
            runs.push(figures.unwrap_or(Value::Null));
        }
        let key = |what: &str| if throttle { format!("{what}_throttled") } else { what.to_string() };
        all.insert(key("visible_ms"), json!(visible));
        all.insert(key("arrived_bytes"), json!(arrived));
        all.insert(format!("{kind}_timeout_ms"), json!(timeout.as_millis() as u64));
        all.insert(format!("{kind}_runs"), Value::Array(runs));
    }
    all.insert("url".into(), json!(target));
    Value::Object(all)
}

/// Both measurements, on `dist/` as built; figures in `out`.
pub async fn measure(root: &Path, out: &Path, quick: bool) -> Result<(), String> {
    crate::lighthouse::check(root)?;
    eprintln!("bench: pages: the activity link {PAGE} opened cold");
    let dist = e2e::dist();
    let (plain, throttled) = if quick { (1, 1) } else { (3, 3) };
    let links = json!({
        "activity": ACTIVITY,
        "selectors": { "title": TITLE, "value": VALUE },
        "page": link("shared page", &dist, PAGE, plain, throttled).await,
        "old_link": link("old link", &dist, OLD_LINK, plain, throttled).await,
    });
    figures::write(out.join("pages.json"), &links);
    let lighthouse = crate::lighthouse::run(root, out, if quick { 1 } else { 3 }, PAGE)?;
    std::fs::write(out.join("lighthouse.json"), serde_json::to_vec_pretty(&lighthouse).unwrap())
        .map_err(|e| e.to_string())?;
    Ok(())
}
