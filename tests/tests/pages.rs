//! The prerendered pages (`cargo xtask dist` renders every mission, programme,
//! activity and indicator table with the app's own components): readable without
//! JavaScript, hydrated without errors or layout shift, searchable after hydration,
//! accessible, shareable (title and Open Graph tags), and byte-identical from build to
//! build.

use e2e::{js_all, js_one, js_str, page_path, sel, Browser, WebServer};
use serde_json::{json, Value};

use e2e::report;

fn activities(data: &Value) -> Vec<&Value> {
    data["missions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["programs"].as_array().unwrap())
        .flat_map(|p| p["activities"].as_array().unwrap())
        .collect()
}

async fn without_javascript_an_activity_page_shows_everything_the_export_has(server: WebServer) {
    let data = report();
    let all = activities(&data);
    let with_indicators: Vec<&&Value> =
        all.iter().filter(|a| !a["indicators"].as_array().unwrap().is_empty()).collect();
    let sample: Vec<&&Value> = with_indicators.iter().step_by(25).copied().collect();
    assert!(sample.len() >= 5);
    let b = Browser::start_without_javascript_on(server).await;
    for a in sample {
        let id = a["id"].as_str().unwrap();
        b.open_page(&page_path(id), sel::DETAIL_TITLE).await;
        // Scripts did not run: the page is the prerendered HTML alone.
        assert_eq!(b.js(&format!("return !!{};", js_one(sel::APP_RUNNING))).await, false);
        assert_eq!(b.shown_indicators().await, e2e::expected_indicators(a), "{id}");
        let title = b.text_of(sel::DETAIL_TITLE).await.unwrap();
        let want = a["objective"].as_str().or(a["actions"][0]["text"].as_str()).unwrap_or("");
        assert_eq!(title, want, "{id}");
        let facts = b.text_of(sel::FACTS).await.unwrap();
        let lines = a["source_lines"].as_array().unwrap();
        assert!(facts.contains(&format!("righe del testo sorgente {}–{}", lines[0], lines[1])), "{id}: {facts}");
        assert!(facts.contains("Rendiconto 2023, pagina"), "{id}: {facts}");
        for policy in a["policies"].as_array().unwrap() {
            assert!(facts.contains(policy.as_str().unwrap()), "{id}: {policy}");
        }
        let statuses = b.text_of(sel::STATUSES).await.unwrap();
        for s in a["statuses"].as_array().unwrap() {
            assert!(statuses.contains(s.as_str().unwrap()), "{id}: {s}");
        }
        assert_eq!(b.how_many(sel::ACTION).await, a["actions"].as_array().unwrap().len(), "{id}");
        // The search box says that it needs JavaScript.
        let note = b.text_of(sel::NO_SCRIPT_NOTE).await.unwrap_or_default();
        assert!(note.contains("JavaScript"), "{note:?}");
    }
    // An indicator table's page too: every value as printed ("N.D.", "5,28* gg").
    b.open("tabella/1-3-1/").await;
    let cells = b
        .until("the table", &format!("[...{}].map(r => r.innerText).join('\\n')", js_all(sel::INDICATOR_TABLE_ROW)))
        .await;
    let cells = cells.as_str().unwrap();
    assert!(cells.contains("N.D.") && cells.contains("5,28* gg"), "{cells}");
    b.close().await;
}

#[tokio::test]
async fn without_javascript_a_mission_page_lists_its_programmes_as_plain_links() {
    let data = report();
    let b = Browser::start_without_javascript().await;
    for m in data["missions"].as_array().unwrap().iter().step_by(5) {
        let n = m["number"].as_u64().unwrap();
        b.open_page(&format!("missione/{n}/"), sel::MISSION_PAGE).await;
        let links = b.js(&format!("return [...{}].map(a => a.href);", js_all(sel::PROGRAM_CARD_LINK))).await;
        let want: Vec<String> = m["programs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| format!("{}programma/{n}-{}/", b.base, p["number"]))
            .collect();
        assert_eq!(links, json!(want), "mission {n}");
        // The state of implementation: counts as text, each a link to those activities.
        let legend = b.texts(sel::STATUS_LEGEND_LINK).await;
        let total: usize = legend.iter().map(|t| t.rsplit(": ").next().unwrap().trim().parse::<usize>().unwrap()).sum();
        let activities: usize =
            m["programs"].as_array().unwrap().iter().map(|p| p["activities"].as_array().unwrap().len()).sum();
        assert_eq!(total, activities, "mission {n}: {legend:?}");
    }
    // A plain link leads to the programme's own page, still without JavaScript.
    b.open_page("missione/9/", sel::MISSION_PAGE).await;
    b.click(sel::PROGRAM_CARD_LINK).await;
    b.until(
        "the programme page",
        &format!("location.pathname.endsWith('/programma/9-1/') && {}", js_one(sel::PROGRAM_TITLE)),
    )
    .await;
    b.close().await;
}

/// Console errors and warnings, uncaught errors and layout shifts, from the start.
const WATCH: &str = "window.__e2eConsole = []; window.__e2eShift = 0;
    for (const kind of ['error', 'warn']) {
        const original = console[kind].bind(console);
        console[kind] = (...args) => { window.__e2eConsole.push(kind + ': ' + args.map(String).join(' ')); original(...args); };
    }
    new PerformanceObserver(list => { for (const e of list.getEntries()) { if (!e.hadRecentInput) { window.__e2eShift += e.value; (window.__e2eShifts = window.__e2eShifts || []).push(e.value.toFixed(3) + ' ' + e.sources.map(s => s.node ? (s.node.id || s.node.className || s.node.nodeName) : '?').join(',')); } } })
        .observe({ type: 'layout-shift', buffered: true });";

#[tokio::test]
async fn pages_hydrate_without_errors_warnings_or_layout_shift() {
    let b = Browser::start(None).await;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": WATCH })).await;
    for path in ["", "missione/9/", "programma/9-3/", "attivita/1-2-1/", "tabella/1-3-1/", "dati/"] {
        b.open(path).await;
        // Where the content stands before the app arrives…
        let heading = js_one(sel::HEADING);
        let before = b.until(path, &format!("{heading} && {heading}.getBoundingClientRect().top + 1")).await;
        b.until_found(&format!("{path} hydrated"), sel::HYDRATED).await;
        b.until_ready().await;
        // … and after hydration and the engine: the same place, no shift, nothing said.
        let after = b.js(&format!("return {heading}.getBoundingClientRect().top + 1;")).await;
        assert_eq!(before, after, "{path}: the title moved");
        let shift = b.js("return window.__e2eShift;").await.as_f64().unwrap();
        let shifts = b.js("return window.__e2eShifts || [];").await;
        assert!(shift < 0.01, "{path}: layout shift {shift}: {shifts}");
        let console = b.js("return window.__e2eConsole;").await;
        assert_eq!(console, json!([]), "{path}: console");
        assert_eq!(b.js("return window.__e2eErrors;").await, json!([]), "{path}: uncaught errors");
        assert_eq!(b.how_many(sel::FATAL_ERROR).await, 0, "{path}");
        assert_eq!(b.how_many(sel::HEADING).await, 1, "{path}");
    }
    b.close().await;
}

#[tokio::test]
async fn the_home_hydrates_mission_by_mission_and_each_is_the_apps() {
    // The missions are hydrated in tasks of their own after the page's frame (a long
    // task less on a slow phone); once all are in, the last one's links are the app's
    // (the page is not loaded again) and nothing is doubled or lost.
    let b = Browser::start(None).await;
    b.open("").await;
    let missions = b.how_many(sel::MISSION).await;
    assert_eq!(missions, 16, "the prerendered home");
    b.until_found("every part hydrated", sel::WHOLLY_HYDRATED).await;
    assert_eq!(b.how_many(sel::MISSION).await, missions, "after hydration");
    b.js("window.__e2eSamePage = true;").await;
    let href = b.js(&format!("return {}.getAttribute('href');", js_one(sel::LAST_MISSION_PROGRAM_LINK))).await;
    b.click(sel::LAST_MISSION_PROGRAM_LINK).await;
    b.until(
        "the programme's page",
        &format!("location.pathname.includes('/programma/') && {}", js_one(sel::PAGE_TITLE)),
    )
    .await;
    assert_eq!(b.js("return window.__e2eSamePage === true;").await, json!(true), "{href}: the page was loaded again");
    b.close().await;
}

#[tokio::test]
async fn the_site_works_from_a_folder_of_the_server() {
    // The Comune's site publishes it under a folder, not at the server's root.
    let root = std::env::temp_dir().join(format!("e2e-subfolder-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(&root).unwrap();
    std::os::unix::fs::symlink(e2e::dist(), root.join("rendiconto-aperto")).unwrap();
    let b = Browser::start(Some(root.clone())).await;
    b.open("rendiconto-aperto/missione/4/").await;
    b.until_hydrated().await;
    b.until_ready().await;
    // A link between pages stays in the folder…
    b.click(sel::PROGRAM_CARD_LINK).await;
    b.until(
        "the programme's page",
        &format!("location.pathname.startsWith('/rendiconto-aperto/programma/') && {}", js_one(sel::PAGE_TITLE)),
    )
    .await;
    // … and so does a search, with its results.
    assert!(b.search("asili nido").await > 0);
    assert_eq!(b.js("return location.pathname;").await, json!("/rendiconto-aperto/"));
    assert_eq!(b.js("return window.__e2eErrors;").await, json!([]), "uncaught errors");
    b.close().await;
    std::fs::remove_dir_all(&root).unwrap();
}

/// When each of the app's downloads started and when the page first painted, in ms
/// since the navigation (Resource and Paint Timing).
const TIMINGS: &str = "const open = performance.getEntriesByName('ra:engine-open')[0]; \
    const details = performance.getEntriesByType('resource').find(r => r.name.endsWith('bundle/details.json')); \
    const module = performance.getEntriesByType('resource').find(r => /\\/app-[0-9a-f]+\\.js$/.test(r.name)); \
    const first = performance.getEntriesByType('resource').find(r => /\\/first-[0-9a-f]+\\.js$/.test(r.name)); \
    return { paint: performance.getEntriesByName('first-contentful-paint')[0].startTime, \
    app: performance.getEntriesByType('resource') \
        .filter(r => /_bg\\.wasm$|bundle\\/(manifest\\.json|catalog\\.json|pieces\\/pieces\\.json)$/.test(r.name)) \
        .map(r => [r.name.split('/').pop(), r.startTime]), \
    opened: open ? open.startTime + open.duration : null, details: details ? details.startTime : null, \
    module: module ? module.startTime : null, first: first ? first.startTime : null };";

/// The report's details are asked for only once the engine has opened (the first
/// results need none of them), and then they arrive.
fn assert_details_after_the_engine(what: &str, t: &Value) {
    let (opened, details) = (t["opened"].as_f64(), t["details"].as_f64());
    assert!(opened.is_some() && details.is_some(), "{what}: {t}");
    assert!(details.unwrap() >= opened.unwrap(), "{what}: details.json asked for before the engine opened: {t}");
}

#[tokio::test]
async fn a_page_paints_its_content_before_the_app_downloads_and_a_query_downloads_at_once() {
    let b = Browser::start(None).await;
    // A shared activity link: its content is in the HTML, so the app's wasm and the
    // search data (manifest, catalog, the index's pieces.json) must not share the link
    // with what that content waits for. The home (the site's root) loads the first
    // answer's module too, before the interface's (web/src/first.rs); the other pages
    // do not.
    for (path, wasm) in [("attivita/9-3-1/", 1), ("", 2)] {
        b.open(path).await;
        b.until_ready().await;
        b.until_report_ready().await;
        let t = b.js(TIMINGS).await;
        assert_details_after_the_engine(path, &t);
        let paint = t["paint"].as_f64().unwrap();
        let app = t["app"].as_array().unwrap();
        assert_eq!(app.len(), 3 + wasm, "{path}: the wasm and the three bundle parts: {t}");
        assert_eq!(t["first"].is_null(), wasm == 1, "{path}: the first answer's module: {t}");
        for download in app {
            assert!(download[1].as_f64().unwrap() >= paint, "{path}: started before the first paint: {t}");
        }
    }
    // A query in the address: only the engine can draw that page, so nothing waits.
    b.open("?q=piste+ciclabili").await;
    b.until_ready().await;
    b.until_report_ready().await;
    let t = b.js(TIMINGS).await;
    assert_details_after_the_engine("a query", &t);
    let paint = t["paint"].as_f64().unwrap();
    let app = t["app"].as_array().unwrap();
    assert_eq!(app.len(), 5, "both modules' wasm and the three bundle parts: {t}");
    // The loader imports the first answer's module at once (its wasm follows the
    // module, so whether that starts before the paint depends on the machine's speed);
    // the interface's once that answer is painted.
    assert!(t["first"].as_f64().unwrap() < paint, "with a query the first module starts before the first paint: {t}");
    assert!(t["module"].as_f64().unwrap() > t["first"].as_f64().unwrap(), "the interface after the first module: {t}");
    for part in app.iter().filter(|d| !d[0].as_str().unwrap().ends_with(".wasm")) {
        assert!(part[1].as_f64().unwrap() < paint, "with a query the data download at once: {t}");
    }
    b.close().await;
}

/// The service worker, whose install downloads every file of the app again into its
/// cache, is registered only once the first results and the report's details are in.
#[tokio::test]
async fn the_service_worker_is_registered_after_the_first_results_and_the_details() {
    let b = Browser::start(None).await;
    let spy = "(() => { const c = navigator.serviceWorker; if (!c) return; const register = c.register.bind(c); \
               c.register = (...args) => { window.__swRegisteredAt = performance.now(); return register(...args); }; })();";
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": spy })).await;
    b.open("?q=asili+nido").await;
    b.until_ready().await;
    b.until("the registration", "window.__swRegisteredAt !== undefined").await;
    let t = b
        .js("const end = n => { const m = performance.getEntriesByName(n)[0]; return m ? m.startTime + m.duration : null; }; \
             return { registered: window.__swRegisteredAt, opened: end('ra:engine-open'), details: end('ra:details') };")
        .await;
    let (registered, opened, details) =
        (t["registered"].as_f64().unwrap(), t["opened"].as_f64().unwrap(), t["details"].as_f64().unwrap());
    assert!(opened < details && details <= registered, "{t}");
    b.close().await;
}

/// Where a policy blocks service workers, `register` may resolve to nothing: the app
/// goes on without one, and no error escapes.
#[tokio::test]
async fn a_registration_that_resolves_to_nothing_is_no_error() {
    let b = Browser::start(None).await;
    let blocked = "(() => { const c = navigator.serviceWorker; if (!c) return; \
                   c.register = () => { window.__swAsked = true; return Promise.resolve(undefined); }; })();";
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": blocked })).await;
    b.open("?q=asili+nido").await;
    b.until_ready().await;
    b.until("the registration asked for", "window.__swAsked === true").await;
    // The registration's answer is handled in a later task: give it a few.
    b.js_async("setTimeout(done, 500);").await;
    assert_eq!(b.js("return window.__e2eErrors;").await, json!([]));
    assert!(b.search("piste ciclabili").await > 0);
    b.close().await;
}

/// A first visit sets its text in the fallback face and fetches no font before its
/// first results; once the app has loaded the faces, the next page uses the brand face
/// from its first paint.
#[tokio::test]
async fn fonts_wait_for_the_first_results_and_serve_the_next_visit() {
    let b = Browser::start(None).await;
    b.open("?q=asili+nido").await;
    b.until_ready().await;
    b.until("the fonts loaded and remembered", "localStorage.getItem('rendiconto-aperto-fonts') === '1'").await;
    let t = b
        .js("const opened = performance.getEntriesByName('ra:engine-open')[0]; \
             return { opened: opened.startTime + opened.duration, \
             fonts: performance.getEntriesByType('resource').filter(r => r.name.endsWith('.woff2')).map(r => r.startTime), \
             family: getComputedStyle(document.body).fontFamily, class: document.documentElement.className };")
        .await;
    let fonts = t["fonts"].as_array().unwrap();
    assert!(!fonts.is_empty(), "the faces are loaded after the first results: {t}");
    for start in fonts {
        assert!(
            start.as_f64().unwrap() > t["opened"].as_f64().unwrap(),
            "a font asked for before the engine opened: {t}"
        );
    }
    assert!(t["family"].as_str().unwrap().starts_with("\"Titillium Web Fallback\""), "{t}");
    assert_eq!(t["class"], "", "{t}");
    // The next page: the brand face, set before its first paint.
    b.open("missione/9/").await;
    b.until_ready().await;
    let next = b.js("return [document.documentElement.className, getComputedStyle(document.body).fontFamily];").await;
    assert_eq!(next[0], "ra-fonts", "{next}");
    assert!(next[1].as_str().unwrap().starts_with("\"Titillium Web\","), "{next}");
    b.close().await;
}

#[tokio::test]
async fn search_filters_and_bars_work_after_hydration() {
    let b = Browser::start(None).await;
    // From an activity page: typing searches, in place.
    b.open("attivita/1-2-1/").await;
    b.until_hydrated().await;
    b.until_ready().await;
    assert!(b.search("asili nido").await > 0);
    assert!(b
        .js("return location.pathname.endsWith('/') && !location.pathname.includes('attivita');")
        .await
        .as_bool()
        .unwrap());
    // A result opens its page's address.
    let id = b.result_ids().await.remove(0);
    b.click(sel::RESULT_LINK).await;
    b.until("the activity", &format!("{} && {}", e2e::showing_js(&id), js_one(sel::DETAIL_TITLE))).await;
    assert!(b.js(&format!("return location.pathname.endsWith({});", js_str(&page_path(&id)))).await.as_bool().unwrap());

    // On the home, a filter narrows the list.
    b.open("").await;
    b.until_home_ready().await;
    let filter = sel::filter("stato", "Concluso");
    b.until_found("the filters", &filter).await;
    b.click(&filter).await;
    b.until("the filtered list", "new URLSearchParams(location.search).get('stato') === 'Concluso'").await;
    let n = b.count_for("").await;
    assert!(n > 0 && n < 100, "{n}");

    // A bar's segment on a mission page lists that mission's activities with that status.
    b.open("missione/1/").await;
    b.until_ready().await;
    let legend = b.texts(sel::STATUS_LEGEND_LINK).await;
    let first = legend[0].clone();
    let expected: usize = first.rsplit(": ").next().unwrap().trim().parse().unwrap();
    b.click(sel::STATUS_SEGMENT).await;
    b.until("the list", "new URLSearchParams(location.search).get('missione') === '1'").await;
    assert_eq!(b.count_for("").await, expected, "{first}");
    b.close().await;
}

#[tokio::test]
async fn every_kind_of_page_passes_axe_core() {
    let b = Browser::start(None).await;
    let mut failures = Vec::new();
    for (width, height) in [(1280, 900), (360, 800)] {
        b.client.set_window_size(width, height).await.unwrap();
        for path in ["", "missione/9/", "programma/1-10/", "attivita/1-2-1/", "tabella/1-3-1/", "dati/"] {
            b.open(path).await;
            b.until_ready().await;
            for v in b.accessibility_violations().await {
                failures.push(format!("{path:?} at {width}px: {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "axe-core violations:\n{}", failures.join("\n"));
    b.close().await;
}

async fn the_meta_tags_name_the_page(server: WebServer) {
    let b = Browser::start_without_javascript_on(server).await;
    b.open_page("attivita/1-2-1/", sel::DETAIL_TITLE).await;
    let meta = |name: &str| format!("return {}?.content ?? null;", js_one(&sel::meta(name)));
    let objective = "Miglioramento della redazione degli atti deliberativi";
    assert!(b.js("return document.title;").await.as_str().unwrap().starts_with(objective));
    assert!(b.js(&meta("og:title")).await.as_str().unwrap().starts_with(objective));
    assert!(b.js(&meta("twitter:title")).await.as_str().unwrap().starts_with(objective));
    let description = b.js(&meta("description")).await;
    let description = description.as_str().unwrap();
    assert!(
        description.contains("In corso") && description.contains("Programma 1.2") && description.contains("Missione 1"),
        "{description}"
    );
    assert_eq!(b.js(&meta("og:description")).await, description);
    let canonical = b.property(sel::CANONICAL, "href").await;
    assert!(canonical.as_str().unwrap().ends_with("/attivita/1-2-1/"), "{canonical}");
    assert_eq!(b.js(&meta("og:url")).await, canonical);
    // A mission's page is named by its mission.
    b.open_page("missione/9/", sel::MISSION_PAGE).await;
    assert!(b.js("return document.title;").await.as_str().unwrap().starts_with("Missione 9:"));
    b.close().await;
    // The sitemap lists every page once; robots.txt points to it.
    let sitemap = std::fs::read_to_string(e2e::dist().join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("/attivita/1-2-1/</loc>") && sitemap.contains("/missione/1/</loc>"));
    let robots = std::fs::read_to_string(e2e::dist().join("robots.txt")).unwrap();
    assert!(robots.contains("Sitemap: ") && robots.contains("sitemap.xml"));
}

/// What a tab, a bookmark or a search result shows: `<title>` as the Page gives it.
fn decoded(html: &str) -> String {
    html.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The text between `open` and the next `close` in `html`.
fn between<'a>(html: &'a str, open: &str, close: &str) -> &'a str {
    let start = html.find(open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    &html[start..start + html[start..].find(close).unwrap()]
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn titles_are_short_and_the_objective_stays_whole() {
    // Every prerendered activity: its title and og:title at most 90 characters, the
    // same text, cut at a word; the whole objective in its heading and description.
    let report = report();
    let activities: Vec<&Value> = report["missions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["programs"].as_array().unwrap())
        .flat_map(|p| p["activities"].as_array().unwrap())
        .collect();
    let mut cut = 0;
    for a in &activities {
        let id = a["id"].as_str().unwrap();
        let html = std::fs::read_to_string(e2e::dist().join(page_path(id)).join("index.html")).unwrap();
        let title = decoded(between(&html, "<title>", "</title>"));
        assert!(title.chars().count() <= 90, "{id}: {} characters: {title}", title.chars().count());
        assert!(title.ends_with(" — Rendiconto Aperto"), "{id}: {title}");
        assert_eq!(decoded(between(&html, "<meta property=\"og:title\" content=\"", "\"")), title, "{id}");
        let objective = one_line(a["objective"].as_str().or(a["actions"][0]["text"].as_str()).unwrap_or(""));
        let shown = title.trim_end_matches(" — Rendiconto Aperto");
        if let Some(start) = shown.strip_suffix('…') {
            cut += 1;
            assert!(objective.starts_with(start) && objective.len() > start.len(), "{id}: {title}");
        }
        let description = one_line(&decoded(between(&html, "<meta name=\"description\" content=\"", "\"")));
        assert!(description.contains(&objective), "{id}: the description lacks the objective");
    }
    assert!(cut > 100, "long objectives are cut: {cut} of {}", activities.len());
    // The longest objective, in the browser: the heading holds it whole; the app,
    // once running, writes the same short title.
    let longest = activities.iter().max_by_key(|a| a["objective"].as_str().map_or(0, str::len)).unwrap();
    let objective = one_line(longest["objective"].as_str().unwrap());
    assert!(objective.chars().count() > 1000, "{}", objective.chars().count());
    let b = Browser::start(None).await;
    b.open_page(&page_path(longest["id"].as_str().unwrap()), sel::DETAIL_TITLE).await;
    b.until_report_ready().await;
    assert_eq!(one_line(&b.until_text("the heading", sel::DETAIL_TITLE).await), objective);
    let title = b.js("return document.title;").await;
    let title = title.as_str().unwrap();
    assert!(title.chars().count() <= 90 && title.ends_with("… — Rendiconto Aperto"), "{title}");
    assert_eq!(b.property(&sel::meta("og:title"), "content").await, json!(title));
    b.close().await;
}

async fn an_address_naming_nothing_is_a_page_of_its_own(server: WebServer) {
    let b = Browser::start_on(server, None).await;
    // An old link to an activity the report does not have.
    b.open("?a=m99-p1-a1").await;
    let heading = b.until_text("the page not found", sel::NOT_FOUND_TITLE).await;
    assert_eq!(heading, "Pagina non trovata");
    assert_eq!(b.js("return document.title;").await, json!("Pagina non trovata — Rendiconto Aperto"));
    // The search box still works, and the page leads home.
    assert!(b.search("asili nido").await > 0);
    b.open("?p=m9-p99").await;
    b.until_found("the page not found", sel::NOT_FOUND).await;
    b.click(sel::NOT_FOUND_HOME_LINK).await;
    b.until_found("the home", sel::MISSION).await;
    // A mistyped address on the server: its 404.html, the app running on it, the
    // report saying the activity does not exist.
    b.open("attivita/99-1-1/").await;
    assert_eq!(b.until_text("the page not found", sel::NOT_FOUND_TITLE).await, "Pagina non trovata");
    b.until_report_ready().await;
    assert_eq!(b.until_text("the page not found", sel::NOT_FOUND_TITLE).await, "Pagina non trovata");
    assert!(b.search("piste ciclabili").await > 0, "search works from the page not found");
    b.close().await;
    // The static servers' page for unknown addresses: the same page, prerendered, with
    // links from the site's folder whatever the depth it is sent at.
    let html = std::fs::read_to_string(e2e::dist().join("404.html")).unwrap();
    assert_eq!(between(&html, "<title>", "</title>"), "Pagina non trovata — Rendiconto Aperto");
    assert!(html.contains("<base href=\"/rendiconto-aperto/\">"), "404.html has the site's folder as its base");
    assert!(html.contains("id=\"page-title\"") && html.contains("Pagina non trovata"));
}

#[tokio::test]
async fn old_links_open_the_same_pages_at_their_new_address() {
    let b = Browser::start(None).await;
    for (old, path, ready) in [
        ("?a=m1-p2-a1", "attivita/1-2-1/", sel::DETAIL_TITLE),
        ("?p=m9-p3", "programma/9-3/", sel::PROGRAM_TITLE),
        ("?a=m1-p3-t1", "tabella/1-3-1/", sel::INDICATOR_TABLE),
    ] {
        b.open(old).await;
        b.until(old, &format!("location.pathname.endsWith({}) && {}", js_str(&format!("/{path}")), js_one(ready)))
            .await;
    }
    b.close().await;
}

#[test]
fn the_prerendered_pages_are_byte_identical_from_build_to_build() {
    // The prerenderer, twice, on a copy of the site's inputs (Trunk's index.html is
    // the template: dist/'s is already the prerendered home).
    let cache = rendiconto_site::root().join("target/xtask-cache/web/index.html");
    let mut outputs = Vec::new();
    for run in 0..2 {
        let dir = std::env::temp_dir().join(format!("e2e-prerender-{}-{run}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("bundle")).unwrap();
        std::fs::copy(&cache, dir.join("index.html")).expect("target/xtask-cache/web: run cargo xtask dist");
        for f in ["manifest.json", "data.json", "details.json", "index.pack"] {
            std::fs::copy(e2e::dist().join("bundle").join(f), dir.join("bundle").join(f)).unwrap();
        }
        rendiconto_site::prerender::write_pages(&rendiconto_site::root(), &dir, None).unwrap();
        outputs.push(dir);
    }
    let files = |d: &std::path::Path| {
        let mut out = Vec::new();
        let mut stack = vec![d.to_path_buf()];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    stack.push(p);
                } else {
                    out.push((p.strip_prefix(d).unwrap().to_path_buf(), std::fs::read(&p).unwrap()));
                }
            }
        }
        out.sort();
        out
    };
    let (a, b) = (files(&outputs[0]), files(&outputs[1]));
    assert!(a.len() > 500, "{} files", a.len());
    assert!(a == b, "two runs of the prerenderer differ");
    // And they are what dist/ has.
    for (rel, bytes) in a.iter().filter(|(r, _)| r.starts_with("attivita") || r.ends_with("sitemap.xml")).take(50) {
        assert_eq!(&std::fs::read(e2e::dist().join(rel)).unwrap(), bytes, "{}", rel.display());
    }
    for d in outputs {
        let _ = std::fs::remove_dir_all(d);
    }
}

#[tokio::test]
async fn the_open_data_page_links_every_file_and_describes_every_table() {
    let dati = e2e::dist().join("dati");
    let mut files: Vec<String> = std::fs::read_dir(&dati)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.ends_with(".br") && !n.ends_with(".gz") && n != "index.html")
        .collect();
    files.sort();
    let package: Value = serde_json::from_slice(&std::fs::read(dati.join("datapackage.json")).unwrap()).unwrap();
    let tables = package["resources"].as_array().unwrap().len();
    // Without JavaScript (the prerendered page) and after the app has taken over.
    for b in [Browser::start_without_javascript().await, Browser::start(None).await] {
        b.open_page("dati/", sel::OPEN_DATA_TABLE).await;
        let links =
            b.js(&format!("return [...{}].map(a => a.getAttribute('href'));", js_all(sel::OPEN_DATA_FILE))).await;
        let mut linked: Vec<String> = links
            .as_array()
            .unwrap()
            .iter()
            .map(|h| h.as_str().unwrap().trim_start_matches("dati/").to_string())
            .collect();
        linked.sort();
        linked.dedup();
        assert_eq!(linked, files, "every file of dist/dati/ is linked, and only those");
        assert_eq!(b.how_many(sel::OPEN_DATA_TABLE).await, tables, "a section per table of the package");
        let text = b.property(sel::OPEN_DATA, "textContent").await;
        let text = text.as_str().unwrap();
        assert!(text.contains("CC BY 4.0") && text.contains("c_l219"), "licence and publisher");
        b.close().await;
    }
}

e2e::behind_each_server!(
    without_javascript_an_activity_page_shows_everything_the_export_has,
    the_meta_tags_name_the_page,
    an_address_naming_nothing_is_a_page_of_its_own,
);
