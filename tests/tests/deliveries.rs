//! The four ways the app is delivered besides the web site, each in real Chromium:
//! the installable app with the network off, the single file opened from disk with no
//! server, the widget on a strict host page, and the kiosk.

use e2e::{dist, js_all, js_one, js_str, sel, Browser, WebServer};
use fantoccini::Locator;
use rendiconto_search::{Engine, Facet, SearchRequest};
use serde_json::{json, Value};
use std::sync::OnceLock;

/// The same engine the browser runs, on the bundled report: the expected counts.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let report =
            std::fs::read(rendiconto_site::root().join("data/torino-rendiconto-2023-relazione-programma.txt")).unwrap();
        Engine::in_memory(rendiconto_parser::parse_bytes(&report).unwrap()).unwrap()
    })
}

fn native_total(query: &str, filters: Vec<(Facet, String)>) -> usize {
    engine().search(&SearchRequest { query: query.into(), filters, limit: 1, offset: 0, ..Default::default() }).total
}

/// Clicks the first result and waits for its page; returns its title.
async fn open_first_result(b: &Browser) -> String {
    let id = b.result_ids().await.remove(0);
    b.click(sel::RESULT_LINK).await;
    let title = b
        .until("the activity page", &format!("{} && {}?.textContent", e2e::showing_js(&id), js_one(sel::DETAIL_TITLE)))
        .await;
    title.as_str().unwrap().to_string()
}

async fn the_installed_app_works_with_the_network_off(server: WebServer) {
    let mut b = Browser::start_on(server, None).await;
    b.open_home().await;
    b.until_home_ready().await;
    let manifest = b.js_async("fetch('manifest.webmanifest').then(r => r.json()).then(m => done(m.name + '|' + m.start_url + '|' + m.icons.length))").await;
    assert_eq!(manifest, "Rendiconto Aperto — Città di Torino|./|4");
    // The service worker has precached everything and controls the page.
    b.until("the service worker", "navigator.serviceWorker.controller !== null").await;
    // Paths from the site's folder (`/rendiconto-aperto/` behind nginx).
    let folder = js_str(url::Url::parse(&b.base).unwrap().path());
    let cached = b
        .js_async(&format!("caches.keys().then(k => Promise.all(k.map(n => caches.open(n).then(c => c.keys())))).then(r => done(r.flat().map(q => '/' + new URL(q.url).pathname.slice({folder}.length))))"))
        .await;
    let cached: Vec<&str> = cached.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    for must in [
        "/",
        "/index.html",
        "/bundle/pieces/pieces.json",
        "/bundle/catalog.json",
        "/bundle/details.json",
        "/bundle/manifest.json",
    ] {
        assert!(cached.contains(&must), "{must} is not precached: {cached:?}");
    }
    // Every piece of the index, for any question offline.
    let pieces = std::fs::read_dir(dist().join("bundle/pieces"))
        .unwrap()
        .filter(|e| !e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".br"))
        .filter(|e| !e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".gz"))
        .count();
    let cached_pieces = cached.iter().filter(|f| f.starts_with("/bundle/pieces/")).count();
    assert_eq!(cached_pieces, pieces, "every piece is precached (with pieces.json)");
    assert!(!cached.contains(&"/bundle/index.pack"), "the whole index is not needed beside its pieces");
    assert!(!cached.contains(&"/bundle/data.json"), "nor the whole data beside the catalog and the texts");
    assert!(cached.iter().any(|f| f.ends_with("_bg.wasm")), "the app's wasm is not precached: {cached:?}");

    // Chromium's own verdict: the app can be installed.
    let installable = b.cdp("Page.getInstallabilityErrors", json!({})).await;
    assert_eq!(installable["installabilityErrors"], json!([]), "{installable}");

    // Network off, twice over: the server stops (its port closes) and DevTools
    // emulates an offline browser.
    b.server.as_mut().unwrap().stop();
    b.cdp("Network.enable", json!({})).await;
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({ "offline": true, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1 }),
    )
    .await;
    // A file outside the cache cannot load: the request fails, or (on a connection
    // the browser kept alive to the stopped server) never gets an answer.
    let reachable = b
        .js_async("setTimeout(() => done('no answer'), 3000); fetch('csp.txt?' + Date.now()).then(() => done('reached'), () => done('failed'))")
        .await;
    assert_ne!(reachable, "reached", "the network is still on");

    b.client.refresh().await.unwrap();
    b.until("the search box after reload", &format!("{} && navigator.onLine === false", js_one(sel::SEARCH_BOX))).await;
    assert_eq!(b.search("piste ciclabili").await, native_total("piste ciclabili", vec![]));
    let title = open_first_result(&b).await;
    assert!(!title.is_empty());
    // A shared link opened offline: a navigation with another query string.
    assert_eq!(b.open_results("?q=asili+nido", "asili nido").await, native_total("asili nido", vec![]));
    // Browsing: the home's programme list and a programme page.
    b.open("").await;
    b.until_home_ready().await;
    b.click(&sel::program_card_link("m1-p2")).await;
    b.until_some("the programme page offline", sel::ACTIVITY_LIST_ITEM).await;
    b.close().await;
}

/// Installing right after a first visit's first results downloads only what the page
/// has not: a content-hashed file the page already has (the wasm, the pieces its
/// questions read) comes from the HTTP cache (web/sw.js), counted on the server.
#[tokio::test]
async fn installing_does_not_download_again_what_the_page_has() {
    let site = e2e::copy_of_dist("install");
    rendiconto_site::compress::record();
    let b = Browser::start(Some(site.clone())).await;
    b.open_home().await;
    b.until_home_ready().await;
    b.search("piste ciclabili").await;
    b.until("the service worker", "navigator.serviceWorker.controller !== null").await;
    let sent: Vec<String> = rendiconto_site::compress::log()
        .into_iter()
        .filter_map(|s| s.file.strip_prefix(&site).ok().map(|f| f.to_string_lossy().to_string()))
        .collect();
    let times = |name: &str| sent.iter().filter(|f| *f == name).count();
    let wasm = sent.iter().find(|f| f.ends_with("_bg.wasm")).expect("the wasm was sent").clone();
    assert_eq!(times(&wasm), 1, "{wasm} sent {} times: {sent:?}", times(&wasm));
    let pieces: Vec<&String> =
        sent.iter().filter(|f| f.starts_with("bundle/pieces/") && !f.ends_with(".json")).collect();
    let total = std::fs::read_dir(site.join("bundle/pieces")).unwrap().count();
    assert!(pieces.len() > 2, "the install downloads the pieces the page lacks: {pieces:?}");
    for piece in &pieces {
        assert_eq!(times(piece), 1, "{piece} sent {} times (of {total} files)", times(piece));
    }
    // The files whose names do not change come straight from the server, a second time.
    assert_eq!(times("bundle/manifest.json"), 2, "{sent:?}");
    b.close().await;
    let _ = std::fs::remove_dir_all(&site);
}

async fn a_new_build_replaces_the_old_cache_cleanly(server: WebServer) {
    // A copy of the installable app, so that it can be "rebuilt" under the browser.
    let site = e2e::scratch_dir("pwa-update");
    copy_app(&dist(), &site);
    let b = Browser::start_on(server, Some(site.clone())).await;
    b.open_home().await;
    b.until("the service worker", "navigator.serviceWorker.controller !== null").await;
    let first = b.js_async("caches.keys().then(done)").await;
    assert_eq!(first.as_array().unwrap().len(), 1, "{first}");

    // The new build: another interface page, so another version of everything.
    let index = std::fs::read_to_string(site.join("index.html")).unwrap();
    std::fs::write(site.join("index.html"), index.replace("</body>", "<!-- build 2 --></body>")).unwrap();
    let template = std::fs::read_to_string(rendiconto_site::root().join("web/sw.js")).unwrap();
    let v2 = rendiconto_site::pwa::write_service_worker(&site, &template).unwrap();
    // Published as a build is: with its compressed copies (which nginx sends as they are).
    for rel in ["index.html", "sw.js"] {
        let raw = std::fs::read(site.join(rel)).unwrap();
        std::fs::write(site.join(format!("{rel}.br")), rendiconto_site::compress::brotli(&raw)).unwrap();
        std::fs::write(site.join(format!("{rel}.gz")), rendiconto_site::compress::gzip(&raw)).unwrap();
    }
    b.js("window.beforeUpdate = true;").await;
    b.js_async(
        "navigator.serviceWorker.getRegistration().then(r => r.update()).then(() => done(true), e => done(String(e)))",
    )
    .await;

    // The old version keeps serving until the person agrees; then one reload.
    b.until_found("the update offer", sel::UPDATE_NOW).await;
    let still_old = b.js_async("fetch('index.html').then(r => r.text()).then(t => done(t.includes('build 2')))").await;
    assert_eq!(still_old, false, "the waiting version must not serve this page yet");
    b.click(sel::UPDATE_NOW).await;
    b.until("the reload", &format!("window.beforeUpdate === undefined && {}", js_one(sel::SEARCH_BOX))).await;
    let caches = b.js_async("caches.keys().then(done)").await;
    assert_eq!(caches, json!([format!("rendiconto-aperto-{v2}")]), "only the new cache is left");
    let new_page = b.js_async("fetch('index.html').then(r => r.text()).then(t => done(t.includes('build 2')))").await;
    assert_eq!(new_page, true);
    assert_eq!(b.search("asili nido").await, native_total("asili nido", vec![]));
    b.close().await;
    let _ = std::fs::remove_dir_all(&site);
}

/// The installable app's files of dist/ (not the other deliveries).
fn copy_app(from: &std::path::Path, to: &std::path::Path) {
    for rel in rendiconto_site::pwa::precached(from).unwrap().into_iter().filter(|r| r != "./").chain([
        "sw.js".into(),
        "csp.txt".into(),
        rendiconto_site::nginx::FILE.into(),
    ]) {
        let target = to.join(&rel);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(from.join(&rel), target).unwrap();
    }
}

#[tokio::test]
async fn the_single_file_works_from_disk_with_no_server() {
    single_file_journey(Browser::start_without_server().await).await;
}

#[tokio::test]
async fn the_single_file_works_in_firefox_too() {
    let b = Browser::start_firefox_without_server().await;
    b.client.goto("about:blank").await.unwrap();
    let agent = b.js("return navigator.userAgent;").await;
    assert!(agent.as_str().unwrap().contains("Firefox/"), "{agent}");
    single_file_journey(b).await;
}

/// Opens the single file from disk, searches, filters, opens an activity, goes back.
async fn single_file_journey(b: Browser) {
    b.client.goto(&format!("{}offline/rendiconto-aperto.html", b.base)).await.unwrap();
    b.until_found("the search box", sel::SEARCH_BOX).await;
    assert_eq!(b.js("return location.protocol;").await, "file:");
    b.until_home_ready().await;

    let all = b.search("asili nido").await;
    assert_eq!(all, native_total("asili nido", vec![]));
    // A filter, by clicking it.
    let stato = b.until("a status filter", &format!("{}?.dataset.value", js_one(&sel::filters("stato")))).await;
    let stato = stato.as_str().unwrap().to_string();
    b.click(&sel::filters("stato")).await;
    let expected = native_total("asili nido", vec![(Facet::Stato, stato.clone())]);
    assert!(expected < all, "the filter narrows: {expected} < {all}");
    b.until_count("the filtered count", expected).await;
    assert!(b.client.current_url().await.unwrap().as_str().contains("stato="));
    let title = open_first_result(&b).await;
    assert!(!title.is_empty());
    // Back to the results, through the browser's history.
    b.client.back().await.unwrap();
    b.until_count("the results again", expected).await;
    b.close().await;
}

/// Computed styles of the elements matched by `selector` in `doc` (a JS expression).
fn styles_script(doc: &str, selectors: &[&str]) -> String {
    let selectors = serde_json::to_string(selectors).unwrap();
    format!(
        "const d = {doc}; const props = ['font-family', 'font-size', 'color', 'background-color', 'border-top-width', \
         'border-top-style', 'padding-top', 'margin-top', 'text-transform', 'letter-spacing', 'line-height', 'box-sizing', 'font-weight'];
         return {selectors}.map(s => {{ const e = d.querySelector(s); if (!e) return s + ': missing';
            const c = d.defaultView.getComputedStyle(e); return s + ': ' + props.map(p => p + '=' + c.getPropertyValue(p)).join('; '); }});"
    )
}

/// The app's elements whose styles must be the same in the widget as on its own.
const APP_ELEMENTS: [&str; 6] =
    [sel::BODY, sel::SEARCH_BOX, sel::SEARCH_LABEL, sel::COUNT, sel::RESULT_LINK, sel::EMBED_BAR_LINK];

/// A JS expression: the frame of the widget `widget` on the host page.
fn widget_frame(widget: &str) -> String {
    format!("{}.shadowRoot.querySelector({})", js_one(widget), js_str(sel::WIDGET_FRAME))
}

async fn the_widget_works_on_a_strict_host_page_without_touching_it(server: WebServer) {
    // The host page alone, without the widget, for comparison.
    let plain = e2e::scratch_dir("host");
    std::fs::create_dir_all(&plain).unwrap();
    let host = std::fs::read_to_string(rendiconto_site::root().join("examples/embed.html")).unwrap();
    let without = host
        .replace("<script src=\"../embed.js\" defer></script>", "")
        .replace("<rendiconto-aperto id=\"full\"></rendiconto-aperto>", "")
        .replace("<rendiconto-aperto id=\"compact\" programma=\"10.5\" compact></rendiconto-aperto>", "");
    assert!(!without.contains("<rendiconto-aperto") && !without.contains("<script"));
    std::fs::write(plain.join("plain.html"), without).unwrap();
    std::fs::copy(rendiconto_site::root().join("examples/host.css"), plain.join("host.css")).unwrap();
    let plain_server = e2e::serve(plain.clone());

    let b = Browser::start_on(server, None).await;
    b.client.goto(&format!("{}plain.html", plain_server.base)).await.unwrap();
    let host_alone = b.js(&styles_script("document", &sel::HOST_ELEMENTS)).await;

    b.open("examples/embed.html").await;
    let policy = b.js_async("fetch(location.href).then(r => done(r.headers.get('content-security-policy')))").await;
    let policy = policy.as_str().unwrap();
    assert!(
        policy.starts_with("default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self';"),
        "{policy}"
    );
    assert!(!policy.contains("unsafe-inline") && !policy.contains("'unsafe-eval'"));
    let frame = widget_frame(sel::FULL_WIDGET);
    b.until(
        "the widget's app",
        &format!("{frame}?.contentDocument?.querySelectorAll({}).length === 16", js_str(sel::MISSION)),
    )
    .await;

    // The widget searches, typed into with the keyboard.
    let host_element = b.client.find(Locator::Css(sel::FULL_WIDGET)).await.unwrap();
    let iframe = host_element.shadow_root().await.unwrap().find(Locator::Css(sel::WIDGET_FRAME)).await.unwrap();
    iframe.enter_frame().await.unwrap();
    assert_eq!(b.search("piste ciclabili").await, native_total("piste ciclabili", vec![]));
    let in_frame = b.js(&styles_script("document", &APP_ELEMENTS)).await;
    let violations = b.accessibility_violations().await;
    assert!(violations.is_empty(), "{violations:?}");
    // The app's typography: the brand face, or on a first visit its metric-matched
    // fallback (web/style.css), never the host's.
    let fonts = b.js("return getComputedStyle(document.body).fontFamily;").await;
    assert!(fonts.as_str().unwrap().starts_with("\"Titillium Web"), "{fonts}");
    b.client.enter_parent_frame().await.unwrap();

    // The host's styles are exactly what they are without the widget…
    let host_with_widget = b.js(&styles_script("document", &sel::HOST_ELEMENTS)).await;
    assert_eq!(host_with_widget, host_alone);
    // …and none of them reached the widget: it looks as the app does on its own.
    let iframe_box = b
        .js(&format!(
            "const f = {frame}; const c = getComputedStyle(f); return [c.borderTopWidth, f.getBoundingClientRect().width > 300];"
        ))
        .await;
    assert_eq!(iframe_box, json!(["0px", true]), "the host's iframe rules do not apply");
    // The frame fits its content, growing and shrinking with it.
    let fits = format!(
        "(() => {{ const f = {frame}; const h = f.contentDocument.documentElement.getBoundingClientRect().height; \
         return Math.abs(f.getBoundingClientRect().height - h) <= 2 && Math.round(h); }})()"
    );
    let tall = b.until("the frame to fit many results", &fits).await.as_i64().unwrap();
    iframe.enter_frame().await.unwrap();
    assert_eq!(b.search("zzzqqq").await, 0);
    b.client.enter_parent_frame().await.unwrap();
    let short = b.until("the frame to shrink", &format!("{fits} < {tall} && {fits}")).await.as_i64().unwrap();
    assert!(short > 200, "the frame still shows the search box and the message: {short}");

    // The compact widget starts on programme 10.5, with no filter column.
    let compact = widget_frame(sel::COMPACT_WIDGET);
    let expected = native_total("", vec![(Facet::Programma, "10.5".into())]);
    let count = js_str(sel::COUNT);
    let shown = b
        .until(
            "the compact widget's results",
            &format!("{compact}?.contentDocument?.querySelector({count}) && parseInt({compact}.contentDocument.querySelector({count}).textContent)"),
        )
        .await;
    assert_eq!(shown.as_u64().unwrap() as usize, expected);
    assert_eq!(
        b.js(&format!("return {compact}.contentDocument.querySelector({}) === null;", js_str(sel::SIDEBAR))).await,
        true
    );

    // The same app page on its own, for the comparison of styles.
    let standalone = Browser::start_on(server, None).await;
    standalone.open_results("?embed=1&lang=it&q=piste+ciclabili", "piste ciclabili").await;
    let alone = standalone.js(&styles_script("document", &APP_ELEMENTS)).await;
    standalone.close().await;
    assert_eq!(in_frame, alone);
    assert!(!in_frame.to_string().contains("missing"), "{in_frame}");

    // A webmaster's attribute change reloads the widget: here, into English.
    assert_eq!(b.js(&format!("return {compact}.contentDocument.documentElement.lang;")).await, "it");
    b.js(&format!("{}.setAttribute('lang', 'en');", js_one(sel::COMPACT_WIDGET))).await;
    let label = b
        .until(
            "the English widget",
            &format!(
                "{compact}.contentDocument.documentElement.lang === 'en' && {compact}.contentDocument.querySelector({})?.textContent",
                js_str(sel::SEARCH_LABEL)
            ),
        )
        .await;
    assert_eq!(label, "Search the report");

    b.close().await; // fails on any Content-Security-Policy violation report
    let _ = std::fs::remove_dir_all(&plain);
}

#[tokio::test]
async fn the_kiosk_types_on_screen_resets_when_idle_and_keeps_visitors_in() {
    let b = Browser::start_without_server().await;
    b.client.goto(&format!("{}kiosk.html?idle=4", b.base)).await.unwrap();
    b.until_found("the on-screen keyboard", &sel::screen_key("a")).await;
    b.until_home_ready().await;

    let hint = b.property(sel::SEARCH_HINT, "textContent").await;
    assert!(hint.as_str().unwrap().starts_with("Tocca le lettere"), "the kiosk explains its keyboard: {hint}");
    // Typing with the on-screen keys, by their names.
    for letter in ["a", "s", "i", "l", "i"] {
        let key = b.client.find(Locator::XPath(&sel::button_named(letter))).await.unwrap();
        key.click().await.unwrap();
    }
    assert_eq!(b.count_for("asili").await, native_total("asili", vec![]));
    b.click(&sel::screen_key("backspace")).await;
    b.until("one letter less", &format!("{}.value === 'asil'", js_one(sel::SEARCH_BOX))).await;
    b.click(&sel::screen_key("i")).await;
    b.count_for("asili").await;

    // Touch targets: every visible button, link, field and filter label is 44 × 44 px.
    let small = b
        .js(&format!(
            "return [...{}]
              .filter(e => e.offsetParent !== null)
              .map(e => [e, e.getBoundingClientRect()])
              .filter(([e, r]) => r.width < 44 || r.height < 44)
              .map(([e, r]) => e.outerHTML.slice(0, 80) + ' ' + Math.round(r.width) + '×' + Math.round(r.height));",
            js_all(sel::TOUCH_TARGETS)
        ))
        .await;
    assert_eq!(small, json!([]), "targets smaller than 44 px");
    assert!(b.accessibility_violations().await.is_empty(), "{:?}", b.accessibility_violations().await);

    // No context menu, and no link out of the app.
    let menu = b
        .js(&format!(
            "return {}.dispatchEvent(new MouseEvent('contextmenu', {{bubbles: true, cancelable: true}}));",
            js_one(sel::RESULT_LINK)
        ))
        .await;
    assert_eq!(menu, false, "the context menu is cancelled");
    b.js(&format!(
        "const a = document.createElement('a'); a.href = 'https://example.org/'; a.id = {}; a.textContent = 'fuori'; {}.append(a);",
        js_str(sel::OUTSIDE_LINK.trim_start_matches('#')),
        js_one(sel::MAIN)
    ))
    .await;
    let here = b.client.current_url().await.unwrap();
    b.click(sel::OUTSIDE_LINK).await;
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(b.client.current_url().await.unwrap(), here, "an external link must not navigate");

    // Open an activity, then leave the kiosk alone: back home, query cleared.
    open_first_result(&b).await;
    let left = std::time::Instant::now();
    b.until(
        "the idle reset",
        &format!(
            "{}.value === '' && !new URLSearchParams(location.search).has('q') && !new URLSearchParams(location.search).has('a') && {}.length === 16",
            js_one(sel::SEARCH_BOX),
            js_all(sel::MISSION)
        ),
    )
    .await;
    let waited = left.elapsed().as_secs_f64();
    assert!(waited >= 3.0, "reset after {waited:.1} s, before the idle time");
    let url: Value = b.js("return location.search;").await;
    assert_eq!(url, "?idle=4", "the kiosk keeps its idle setting across the reset");
    b.close().await;
}

#[tokio::test]
async fn the_single_files_also_run_from_a_web_server_under_their_policy() {
    let b = Browser::start(None).await;
    for page in ["kiosk.html", "offline/rendiconto-aperto.html"] {
        b.open(page).await;
        let policy = b.js_async("fetch(location.href).then(r => done(r.headers.get('content-security-policy')))").await;
        assert!(policy.as_str().unwrap().contains("worker-src 'none'"), "{page}: {policy}");
        b.until(page, &format!("{}.length === 16", js_all(sel::MISSION))).await;
        assert_eq!(b.search("biblioteche").await, native_total("biblioteche", vec![]));
    }
    b.close().await; // fails on any Content-Security-Policy violation report
}

e2e::behind_each_server!(
    the_installed_app_works_with_the_network_off,
    a_new_build_replaces_the_old_cache_cleanly,
    the_widget_works_on_a_strict_host_page_without_touching_it,
);
