//! The first answer before the interface (web/src/first.rs, web/boot.js): a page opened
//! on a question draws its results with the small first module (the engine and the
//! result list, no Yew) before the interface's module is asked for; the interface then
//! keeps that drawing on screen until its own engine answers, and answers the same,
//! without downloading any part of the bundle again. Until the interface runs, the
//! first module answers what is typed.

use e2e::{js_all, js_one, js_str, native_engine, sel, Browser};
use rendiconto_search::{Engine, SearchRequest};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Records on the page, once, what the first module drew: when, and its results' ids
/// and links (`window.__first`).
fn watch_first_answer() -> String {
    format!(
        "new MutationObserver(() => {{ const c = {count}; if (c && !window.__first) {{ window.__first = {{ at: performance.now(), query: c.dataset.query, count: c.textContent, ids: [...{results}].map(r => r.dataset.id), hrefs: [...{links}].map(a => a.getAttribute('href')) }}; }} }}).observe(document, {{ subtree: true, childList: true, attributes: true }});",
        count = js_one(sel::FIRST_ANSWER_COUNT),
        results = js_all(sel::RESULT),
        links = js_all(sel::RESULT_LINK),
    )
}

/// The first page of `query`'s results, as the app asks for it: the ids.
fn expected_ids(engine: &Engine, query: &str) -> Vec<String> {
    let request = SearchRequest { query: query.into(), limit: 10, ..Default::default() };
    engine.search(&request).hits.iter().map(|h| h.id.to_string()).collect()
}

/// A browser whose interface's module never arrives (a slow network, taken to its
/// limit): the page is the first module's alone.
async fn without_the_interface() -> Browser {
    let b = Browser::start(None).await;
    b.cdp("Network.enable", json!({})).await;
    b.cdp("Network.setBlockedURLs", json!({ "urls": ["*/app-*"] })).await;
    b
}

/// Waits for the first module's answer to `query`; returns its count as shown.
async fn first_answer_to(b: &Browser, query: &str) -> Value {
    b.until(
        "the first module's answer",
        &format!(
            "(() => {{ const c = {}; return c?.dataset.query === {} && c.textContent; }})()",
            js_one(sel::FIRST_ANSWER_COUNT),
            js_str(query)
        ),
    )
    .await
}

/// When (page clock) each of the page's downloads whose path matches `pattern` (a
/// JavaScript regular expression) started.
async fn started(b: &Browser, pattern: &str) -> Vec<f64> {
    let v = b
        .js(&format!(
            "return performance.getEntriesByType('resource').filter(e => new RegExp({}).test(new URL(e.name).pathname)).map(e => e.startTime);",
            js_str(pattern)
        ))
        .await;
    v.as_array().unwrap().iter().map(|t| t.as_f64().unwrap()).collect()
}

/// The bundle's parts the page asked of the network more than once, with how often.
async fn downloaded_twice(b: &Browser) -> Vec<(String, usize)> {
    let paths = b.js("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname).filter(p => p.includes('/bundle/'));").await;
    let mut times: BTreeMap<String, usize> = BTreeMap::new();
    for p in paths.as_array().unwrap() {
        *times.entry(p.as_str().unwrap().to_string()).or_default() += 1;
    }
    times.into_iter().filter(|(_, n)| *n > 1).collect()
}

#[tokio::test]
async fn a_shared_question_is_answered_before_the_interface_and_the_interface_answers_the_same() {
    let engine = native_engine();
    let b = Browser::start(None).await;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": watch_first_answer() })).await;
    let query = "piste ciclabili";
    // The interface's own answer (`count_for` waits for it, not for the first module's).
    let shown = b.open_results("?q=piste+ciclabili", query).await;
    let first = b.until("the first module's answer", "window.__first").await;
    assert_eq!(first["query"], query);
    let at = first["at"].as_f64().unwrap();

    // The first module came first; the interface's module was asked for after its answer.
    let first_module = started(&b, r"/first-[0-9a-f]{16}_bg\.wasm$").await;
    assert_eq!(first_module.len(), 1, "the first module's wasm, once");
    let interface = started(&b, r"/app-[0-9a-f]+_bg\.wasm$").await;
    assert_eq!(interface.len(), 1, "the interface's wasm, once");
    assert!(
        first_module[0] < at && at < interface[0],
        "first module {first_module:?}, answer {at}, interface {interface:?}"
    );

    // The same answer, the same links: the interface's list is the first module's.
    let ids = b.result_ids().await;
    assert_eq!(ids, expected_ids(&engine, query));
    assert_eq!(first["ids"], json!(ids), "the first module's ranking");
    let hrefs = b.js(&format!("return [...{}].map(a => a.getAttribute('href'));", js_all(sel::RESULT_LINK))).await;
    assert_eq!(first["hrefs"], hrefs, "the first module's links");
    assert_eq!(first["count"].as_str().map(e2e::parse_count), Some(shown));

    // What the first module downloaded, the interface took over: no part of the
    // bundle was asked of the network twice.
    let twice = downloaded_twice(&b).await;
    assert!(twice.is_empty(), "downloaded twice: {twice:?}");
    b.close().await;
}

#[tokio::test]
async fn until_the_interface_runs_the_first_module_answers_what_is_typed() {
    let engine = native_engine();
    let b = without_the_interface().await;
    b.open("?q=piste+ciclabili").await;
    let first = "piste ciclabili";
    first_answer_to(&b, first).await;
    assert_eq!(b.result_ids().await, expected_ids(&engine, first));

    let typed = "asili nido";
    b.type_query(typed).await;
    let count = first_answer_to(&b, typed).await;
    assert_eq!(b.result_ids().await, expected_ids(&engine, typed));
    let expected = engine.search(&SearchRequest { query: typed.into(), limit: 1000, ..Default::default() }).total;
    assert_eq!(count.as_str().map(e2e::parse_count), Some(expected));
    assert_eq!(b.url_param("q").await.as_deref(), Some(typed), "the address follows");
    // The interface never ran: the page is the first module's alone.
    assert_eq!(b.js("return document.documentElement.hasAttribute('data-start');").await, Value::Bool(false));
    b.close().await;
}

/// Someone typing when the interface takes the page over (it draws the page anew,
/// the box too) keeps typing: no key is lost, the box keeps the focus, and the
/// interface answers the whole question.
#[tokio::test]
async fn typing_goes_on_while_the_interface_takes_the_page_over() {
    use fantoccini::actions::{InputSource, KeyAction, KeyActions};
    let engine = native_engine();
    let b = Browser::start(None).await;
    // A slow link (400 kB/s): the interface's module arrives a second or more after the
    // first answer, while keys are typed.
    b.cdp("Network.enable", json!({})).await;
    let slow = json!({ "offline": false, "latency": 20, "downloadThroughput": 400_000, "uploadThroughput": 400_000 });
    b.cdp("Network.emulateNetworkConditions", slow).await;
    // What the box held when the interface took the page over: its value at the last
    // key typed before.
    let watch = "document.addEventListener('input', e => { if (!document.documentElement.hasAttribute('data-start')) window.__handedOver = e.target.value; }, true);";
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": watch })).await;
    b.open("?q=piste+ciclabili").await;
    b.until("the first module's answer", &format!("!!{}", js_one(sel::FIRST_ANSWER_COUNT))).await;
    assert_eq!(b.js("return document.documentElement.hasAttribute('data-start');").await, Value::Bool(false));
    b.js(&format!("const q = {}; q.focus(); q.select();", js_one(sel::SEARCH_BOX))).await;
    // Typed a few keys at a time (to the focused element, as a keyboard does), until
    // some keys have gone in after the interface took over.
    let text = "asili nido per bambini piccoli e scuole dell'infanzia comunali aperte";
    let mut typed = 0;
    let mut after = 0;
    for chunk in text.chars().collect::<Vec<_>>().chunks(3) {
        let mut keys = KeyActions::new("keyboard".into());
        for c in chunk {
            keys = keys
                .then(KeyAction::Down { value: *c })
                .then(KeyAction::Up { value: *c })
                .pause(std::time::Duration::from_millis(60));
        }
        b.client.perform_actions(keys).await.unwrap();
        typed += chunk.len();
        if b.js("return document.documentElement.hasAttribute('data-start');").await == Value::Bool(true) {
            after += chunk.len();
            if after >= 9 {
                break;
            }
        }
    }
    let text: String = text.chars().take(typed).collect();
    let handed_over = b.js("return window.__handedOver ?? '';").await;
    let handed_over = handed_over.as_str().unwrap();
    assert!(
        !handed_over.is_empty() && handed_over.len() < text.len() && text.starts_with(handed_over),
        "the interface took over while typing: the box held {handed_over:?} of {text:?}"
    );
    assert_eq!(b.property(sel::SEARCH_BOX, "value").await, json!(text), "every key went in");
    let focused = b.js(&format!("return document.activeElement === {};", js_one(sel::SEARCH_BOX))).await;
    assert_eq!(focused, Value::Bool(true), "the box kept the focus");
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({ "offline": false, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .await;
    let shown = b.count_for(&text).await;
    let expected = engine.search(&SearchRequest { query: text.clone(), limit: 1000, ..Default::default() });
    assert_eq!(shown, expected.total);
    // The first module's downloads still under way at the handover (on a slow link, a
    // question's pieces, the fill's packs) were taken over too, not asked again.
    let twice = downloaded_twice(&b).await;
    assert!(twice.is_empty(), "downloaded twice: {twice:?}");
    b.close().await;
}

/// On the home, a question typed before the interface runs is answered by the first
/// module too, and the address follows it (a link shared then is that question).
#[tokio::test]
async fn on_the_home_what_is_typed_first_is_answered_by_the_first_module() {
    let engine = native_engine();
    let b = without_the_interface().await;
    b.open_home().await;
    let typed = "asili nido";
    b.type_query(typed).await;
    first_answer_to(&b, typed).await;
    assert_eq!(b.result_ids().await, expected_ids(&engine, typed));
    assert_eq!(b.url_param("q").await.as_deref(), Some(typed));
    assert_eq!(b.js("return document.documentElement.hasAttribute('data-start');").await, Value::Bool(false));
    b.close().await;
}

/// The first module hands each download over as it starts, not once it has landed:
/// the interface, asking for a piece still on its way (on a slow link, the fill's
/// packs, a question's chunks), takes that download over instead of asking again.
#[tokio::test]
async fn a_download_is_handed_over_while_still_on_its_way() {
    let b = without_the_interface().await;
    // Every request a round trip of 400 ms: a download is on its way that long.
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({ "offline": false, "latency": 400, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .await;
    b.open("?q=piste+ciclabili").await;
    first_answer_to(&b, "piste ciclabili").await;
    let pack = b
        .until("a fill pack handed over", "Object.keys(window.RA_PREFETCH || {}).find(k => k.endsWith('.pack'))")
        .await;
    let landed = started(&b, r"\.pack$").await;
    assert!(landed.is_empty(), "{pack} was handed over only after {} pack(s) had landed", landed.len());
    b.close().await;
}
