//! Harness for the end-to-end tests: serves a built `dist/` on a free port, starts
//! chromedriver and a headless Chromium session, and offers small waiting helpers.

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
pub const FIREFOX: &str = "/usr/bin/firefox-esr";
/// Built from crates.io by scripts/setup-test.sh (Debian has no package for it).
pub const GECKODRIVER: &str = "geckodriver";

/// The CSS selectors the tests find the app's parts by, in one place: when the markup
/// changes, this is the list to follow.
pub mod sel {
    /// The search box and its label.
    pub const SEARCH_BOX: &str = "#q";
    pub const SEARCH_LABEL: &str = "label[for=q]";
    /// "37 risultati" (its `data-query` says which question it answers).
    pub const COUNT: &str = "#count";
    /// The live region holding the count and the notes on the question's words.
    pub const SUMMARY: &str = "#results-summary";
    pub const NOTES: &str = "#results-summary .note";
    /// "Nessuna attività contiene tutte le parole…".
    pub const NOTE_PARTIAL: &str = "#note-partial";
    /// "Non trovato: …" (when some results hold every other word).
    pub const NOTE_MISSING: &str = "#note-missing";
    /// "Cercato anche: rifiuti, …".
    pub const NOTE_SYNONYMS: &str = "#note-synonyms";
    /// "Forse cercavi: biblioteca", and its link.
    pub const NOTE_SUGGESTION: &str = "#note-suggestion";
    pub const SUGGESTION_LINK: &str = "#note-suggestion a";
    /// "Ordina per": the order of the results.
    pub const SORT: &str = "#sort";
    pub const SORT_LABEL: &str = "label[for=sort]";
    /// The result lists: those holding every word, then (after the divider) the others.
    pub const RESULTS: &str = "#results-list";
    pub const RESULT: &str = ".result";
    pub const RESULT_LINK: &str = ".result a";
    pub const RESULT_MARK: &str = ".result mark";
    pub const RESULT_BADGE: &str = ".badge";
    pub const PARTIAL_DIVIDER: &str = "#partial-divider";
    pub const PARTIAL_RESULT: &str = "#results-list .results-partial > .result";
    pub const MORE: &str = "button.more";
    /// An opened activity or table.
    pub const DETAIL: &str = "#detail";
    pub const DETAIL_TITLE: &str = "#detail-title";
    pub const DETAIL_PATH: &str = "#detail .path";
    pub const DETAIL_MARK: &str = "#detail mark";
    pub const TITLE_MARK: &str = "#detail-title mark";
    pub const ACTION_MARK: &str = "#detail .action mark";
    pub const INDICATOR_NAME_MARK: &str = "#detail table.indicators tbody th mark";
    /// The engine could not start: the whole notice, its plain message, the button
    /// that tries again ("Riprova"), and the technical detail's disclosure.
    pub const ENGINE_ERROR: &str = "#engine-error";
    pub const ENGINE_ERROR_MESSAGE: &str = "#engine-error-message";
    pub const ENGINE_RETRY: &str = "#engine-retry";
    pub const ENGINE_ERROR_DETAIL: &str = "#engine-error details";
    /// The download buttons (CSV, JSON) of a page.
    pub const DOWNLOAD_BUTTON: &str = ".downloads button[data-format]";
    /// The filters' sidebar (desktop; hidden on a phone's results).
    pub const SIDEBAR: &str = ".sidebar";
    /// A result's title.
    pub const RESULT_TITLE: &str = ".result-title";
    /// Phone: "Filtri (2)", the dialog it opens, its buttons.
    pub const FILTERS_OPEN: &str = "#filters-open";
    pub const FILTER_DIALOG: &str = "#filter-dialog";
    pub const FILTER_APPLY: &str = "#filter-apply";
    pub const FILTER_RESET: &str = "#filter-reset";
    pub const FILTER_DIALOG_CLOSE: &str = "#filter-dialog-close";
    /// The active filters as chips above the results (each a button removing it).
    pub const FILTER_CHIP: &str = "#filter-chips .chip";
    /// A table that scrolls inside its own box.
    pub const TABLE_SCROLL: &str = ".table-scroll";
    /// The app is running (hydrated or rendered) / its engine is ready / it hydrated
    /// the prerendered page (rather than rendering afresh).
    pub const APP_RUNNING: &str = "html[data-app=running]";
    pub const ENGINE_READY: &str = "html[data-engine=ready]";
    /// The report's details (`details.json`) are in: pages and downloads can be made.
    pub const REPORT_READY: &str = "html[data-report=ready]";
    pub const HYDRATED: &str = "html[data-start=hydrate]";
    /// A page's title (mission, programme, open data, home, results) and an
    /// activity's or table's (`DETAIL_TITLE`).
    pub const PAGE_TITLE: &str = "#page-title";
    /// The home's missions, and the programme cards (home, mission page).
    pub const MISSION: &str = ".mission";
    pub const MISSION_PAGE: &str = ".mission-page";
    pub const PROGRAM_CARD: &str = ".program-card";
    pub const PROGRAM_CARD_LINK: &str = ".program-card a";
    /// The rows of an activity's indicators, their name and their values as printed.
    pub const INDICATOR_ROW: &str = "table.indicators tbody tr";
    pub const INDICATOR_ROW_NAME: &str = "th";
    pub const INDICATOR_ROW_VALUE: &str = "td.value";
    /// An activity's facts (policies, council lines, source), statuses and actions.
    pub const FACTS: &str = "#detail .facts";
    pub const STATUSES: &str = "#detail .statuses";
    pub const ACTION: &str = "#detail .action";
    /// The state-of-implementation bar: its SVG segments' links and its legend's links.
    pub const STATUS_BAR: &str = ".status-bar";
    pub const STATUS_SEGMENT: &str = ".status-bar svg a";
    pub const STATUS_LEGEND_LINK: &str = ".status-legend a";
    /// "La ricerca ha bisogno di JavaScript…" (shown only without JavaScript).
    pub const NO_SCRIPT_NOTE: &str = ".noscript";
    /// The prerendered page's content as JSON.
    pub const PAGE_DATA: &str = "#ra-page";
    /// Every link of the open-data page to a file of `dist/dati/`.
    pub const OPEN_DATA_FILE: &str = ".open-data a[href^='dati/']";
    /// A table of the open-data page, with its fields.
    pub const OPEN_DATA_TABLE: &str = ".open-data .data-table";

    /// The link of the result `id` in the list.
    pub fn result_link(id: &str) -> String {
        format!(".result[data-id=\"{id}\"] a")
    }

    /// The checkbox of a filter value, and its label.
    pub fn filter(facet: &str, value: &str) -> String {
        format!("input[data-facet={facet}][data-value=\"{value}\"]")
    }
    pub fn filter_label(facet: &str, value: &str) -> String {
        format!("{} + label", filter(facet, value))
    }

    /// The checkboxes of a filter in the phone's dialog.
    pub fn dialog_filters(facet: &str) -> String {
        format!("{FILTER_DIALOG} input[data-facet={facet}]")
    }
    pub fn dialog_filter(facet: &str, value: &str) -> String {
        format!("{FILTER_DIALOG} {}", filter(facet, value))
    }
    pub fn dialog_filter_label(facet: &str, value: &str) -> String {
        format!("{FILTER_DIALOG} {}", filter_label(facet, value))
    }

    /// The chip of an active filter.
    pub fn chip(facet: &str, value: &str) -> String {
        format!("#filter-chips .chip[data-facet={facet}][data-value=\"{value}\"]")
    }
}

/// The path of the page of an activity, table or programme id, from the site's root:
/// `m9-p3-a1` → `attivita/9-3-1/`, `m1-p3-t1` → `tabella/1-3-1/`, `m9-p3` → `programma/9-3/`.
pub fn page_path(id: &str) -> String {
    let numbers: Vec<&str> = id.split('-').map(|p| p.trim_start_matches(|c: char| c.is_ascii_alphabetic())).collect();
    let kind = match id.rsplit('-').next().and_then(|l| l.chars().next()) {
        Some('a') => "attivita",
        Some('t') => "tabella",
        _ => "programma",
    };
    format!("{kind}/{}/", numbers.join("-"))
}

/// A JS condition: the page shows the activity, table or programme `id` (its path on
/// the web site, or the old `?a=`/`?p=` link in the single file and the widget).
pub fn showing_js(id: &str) -> String {
    let key = if id.contains("-a") || id.contains("-t") { "a" } else { "p" };
    format!(
        "(location.pathname.endsWith({}) || new URLSearchParams(location.search).get('{key}') === {})",
        js_str(&format!("/{}", page_path(id))),
        js_str(id)
    )
}

/// An activity's indicators (from the JSON export) as its page must show them: per
/// indicator, its name, then the five years exactly as printed.
pub fn expected_indicators(activity: &Value) -> Value {
    let rows: Vec<Vec<String>> = activity["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let mut row = vec![i["name"].as_str().unwrap_or("—").to_string()];
            for y in ["2022", "2023", "2024", "2025", "2026"] {
                row.push(i["values"][y].as_str().unwrap_or("").to_string());
            }
            row
        })
        .collect();
    serde_json::json!(rows)
}

/// A string as a JavaScript literal (for selectors and values put in scripts).
pub fn js_str(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Chromium,
    Firefox,
}

/// A program on the PATH the build tools use (which includes cargo's bin folder).
fn which(program: &str) -> bool {
    std::env::split_paths(&rendiconto_site::tool_path()).any(|dir| dir.join(program).is_file())
}
/// How long a wait may take before the test fails. Generous: the tests run side by side
/// on a 2-core machine, each browser compiling a 2 MB engine.
const TIMEOUT: Duration = Duration::from_secs(60);

/// At most this many browsers at once in one test process; more only make every test
/// slower on a small machine (and each waits for its turn in `Browser::start`).
const MAX_BROWSERS: usize = 3;

static SLOTS: (std::sync::Mutex<usize>, std::sync::Condvar) = (std::sync::Mutex::new(0), std::sync::Condvar::new());

/// A turn to run a browser, given back on drop.
struct Slot;

impl Slot {
    fn take() -> Slot {
        let (count, freed) = &SLOTS;
        let mut n = count.lock().unwrap_or_else(|e| e.into_inner());
        while *n >= MAX_BROWSERS {
            n = freed.wait(n).unwrap_or_else(|e| e.into_inner());
        }
        *n += 1;
        Slot
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let (count, freed) = &SLOTS;
        *count.lock().unwrap_or_else(|e| e.into_inner()) -= 1;
        freed.notify_one();
    }
}

pub fn dist() -> PathBuf {
    let dist = rendiconto_site::root().join("dist");
    assert!(
        dist.join("index.html").exists() && dist.join("bundle/manifest.json").exists(),
        "dist/ is not built: run `cargo xtask dist` (the README's test command does it)"
    );
    dist
}

/// The whole report the built app ships, as JSON (the JSON export's model):
/// `data.json` with `details.json` put back, both checked against the manifest.
pub fn report() -> serde_json::Value {
    use rendiconto_search::bundle::{Bundle, DATA, DETAILS, MANIFEST};
    let dir = dist().join("bundle");
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let manifest = Bundle::read_manifest(&read(MANIFEST)).unwrap();
    let doc = Bundle::open_document(&manifest, &read(DATA), &read(DETAILS)).unwrap();
    serde_json::to_value(doc).unwrap()
}

/// A local web server for a test: its URL, the policy violations reported to it, and
/// the means to stop it (a real "network off").
pub struct Server {
    pub base: String,
    pub csp_reports: rendiconto_site::CspReports,
    server: Option<Arc<rendiconto_site::http::Server>>,
}

impl Server {
    /// Stops serving and closes the port: later requests are refused.
    pub fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop();
        }
    }
}

/// Serves `dir` on 127.0.0.1 on a free port with the pages' Content-Security-Policy,
/// until stopped or the end of the test process.
pub fn serve(dir: PathBuf) -> Server {
    let server = rendiconto_site::http::Server::bind("127.0.0.1:0").expect("bind a local port");
    let port = server.addr().port();
    let reports = rendiconto_site::CspReports::default();
    let (r, s) = (reports.clone(), server.clone());
    std::thread::spawn(move || rendiconto_site::serve_with(s, dir, Some(r)));
    Server { base: format!("http://127.0.0.1:{port}/"), csp_reports: reports, server: Some(server) }
}

/// A Chrome DevTools Protocol command, sent through chromedriver's
/// `goog/cdp/execute` endpoint (network conditions, CPU throttling…).
#[derive(Debug)]
struct Cdp {
    cmd: String,
    params: Value,
}

impl fantoccini::wd::WebDriverCompatibleCommand for Cdp {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/goog/cdp/execute", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _request_url: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(json!({ "cmd": self.cmd, "params": self.params }).to_string()))
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

/// Keeps the page's uncaught errors and rejections in `window.__e2eErrors`.
const ERROR_LOG: &str = "window.__e2eErrors = []; \
    addEventListener('error', e => __e2eErrors.push(String(e.message))); \
    addEventListener('unhandledrejection', e => __e2eErrors.push(String(e.reason && (e.reason.stack || e.reason))));";

pub struct Browser {
    pub client: Client,
    /// The served app's URL, or the `file://` URL of dist/ when nothing is served.
    pub base: String,
    /// The web server (none for pages opened from disk).
    pub server: Option<Server>,
    /// Where Chromium saves downloads.
    pub downloads: PathBuf,
    driver: Child,
    _profile: PathBuf,
    _slot: Slot,
}

impl Browser {
    /// A fresh Chromium on the app served from `dir` (default: dist/).
    pub async fn start(dir: Option<PathBuf>) -> Browser {
        let server = serve(dir.unwrap_or_else(dist));
        Browser::launch(server.base.clone(), Some(server)).await
    }

    /// A fresh Chromium with JavaScript turned off (the browser's content setting, as a
    /// person would), on dist/ served: what the prerendered pages show alone.
    pub async fn start_without_javascript() -> Browser {
        let server = serve(dist());
        Browser::launch_with_prefs(server.base.clone(), Some(server), Kind::Chromium, false).await
    }

    /// A fresh Chromium and no web server at all: pages are opened from dist/ on disk.
    pub async fn start_without_server() -> Browser {
        Browser::launch(format!("file://{}/", dist().display()), None).await
    }

    /// A fresh headless Firefox (through geckodriver), no web server: for the
    /// single-file edition, which must work in both browser engines.
    pub async fn start_firefox_without_server() -> Browser {
        Browser::launch_with(format!("file://{}/", dist().display()), None, Kind::Firefox).await
    }

    async fn launch(base: String, server: Option<Server>) -> Browser {
        Browser::launch_with(base, server, Kind::Chromium).await
    }

    async fn launch_with(base: String, server: Option<Server>, kind: Kind) -> Browser {
        Browser::launch_with_prefs(base, server, kind, true).await
    }

    async fn launch_with_prefs(base: String, server: Option<Server>, kind: Kind, javascript: bool) -> Browser {
        let slot = Slot::take();
        let (browser, driver) = match kind {
            Kind::Chromium => (CHROMIUM, CHROMEDRIVER),
            Kind::Firefox => (FIREFOX, GECKODRIVER),
        };
        for tool in [browser, driver] {
            assert!(
                Path::new(tool).exists() || which(tool),
                "{tool} is missing: scripts/setup-test.sh installs the browsers and their WebDriver servers"
            );
        }
        let port = free_port();
        // In a process group of its own with the browser it starts, so that a failed
        // test (which never reaches `close`) leaves no browser running: see `Drop`.
        use std::os::unix::process::CommandExt as _;
        let driver = Command::new(driver)
            .process_group(0)
            .env("PATH", rendiconto_site::tool_path())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {driver}: {e}"));
        let profile = std::env::temp_dir().join(format!("e2e-browser-{port}"));
        let downloads = std::env::temp_dir().join(format!("e2e-downloads-{port}"));
        let _ = std::fs::remove_dir_all(&downloads);
        std::fs::create_dir_all(&downloads).unwrap();
        let caps = match kind {
            Kind::Chromium => json!({
                "goog:chromeOptions": {
                    "binary": CHROMIUM,
                    "prefs": {
                        "download.default_directory": downloads.display().to_string(),
                        "download.prompt_for_download": false,
                        "profile.managed_default_content_settings.javascript": if javascript { 1 } else { 2 }
                    },
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                        "--disable-background-networking", "--disable-component-update", "--disable-sync",
                        "--disable-dev-shm-usage", "--window-size=1280,900",
                        format!("--user-data-dir={}", profile.display()),
                    ]
                }
            }),
            Kind::Firefox => json!({
                "browserName": "firefox",
                "moz:firefoxOptions": {
                    "binary": FIREFOX,
                    "args": ["-headless", "-width=1280", "-height=900"],
                    // No calls home from a test machine with no internet.
                    "prefs": {
                        "app.update.enabled": false,
                        "browser.shell.checkDefaultBrowser": false,
                        "datareporting.policy.dataSubmissionEnabled": false,
                        "network.captive-portal-service.enabled": false,
                        "network.connectivity-service.enabled": false,
                        "browser.safebrowsing.malware.enabled": false,
                        "browser.safebrowsing.phishing.enabled": false
                    }
                }
            }),
        };
        let Value::Object(caps) = caps else { unreachable!() };
        let url = format!("http://127.0.0.1:{port}");
        let start = Instant::now();
        let client = loop {
            match ClientBuilder::new(HttpConnector::new()).capabilities(caps.clone()).connect(&url).await {
                Ok(c) => break c,
                Err(e) if start.elapsed() < TIMEOUT => {
                    let _ = e;
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => panic!("cannot start a {kind:?} session through its WebDriver server: {e}"),
            }
        };
        let b = Browser { client, base, server, downloads, driver, _profile: profile, _slot: slot };
        if kind == Kind::Chromium {
            // Every page's uncaught errors are kept, for the message of a test that times out.
            b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": ERROR_LOG })).await;
        }
        b
    }

    pub async fn open(&self, query_string: &str) {
        self.client.goto(&format!("{}{}", self.base, query_string)).await.unwrap();
    }

    /// Opens the home page and waits until the search box is there.
    pub async fn open_home(&self) {
        self.open("").await;
        self.until("the search box", &format!("document.querySelector({})", js_str(sel::SEARCH_BOX))).await;
    }

    /// Runs a DevTools Protocol command on the page.
    pub async fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.client
            .issue_cmd(Cdp { cmd: cmd.into(), params })
            .await
            .unwrap_or_else(|e| panic!("DevTools command {cmd} failed: {e}"))
    }

    /// Runs asynchronous script: it ends by calling `done(value)`.
    pub async fn js_async(&self, script: &str) -> Value {
        let wrapped = format!("const done = arguments[arguments.length - 1]; {script}");
        self.client.execute_async(&wrapped, vec![]).await.unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Clicks the first element matching the CSS selector, as a person would.
    pub async fn click(&self, css: &str) {
        let el = self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no {css} to click: {e}"));
        el.click().await.unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    /// Waits until the engine is ready and the home shows the report's 16 missions.
    pub async fn until_home_ready(&self) {
        self.until(
            "the engine and the home",
            &format!(
                "document.querySelectorAll({}).length === 16 && document.querySelector({})",
                js_str(sel::MISSION),
                js_str(sel::ENGINE_READY)
            ),
        )
        .await;
    }

    /// Waits until the app runs on the page and its engine is ready.
    pub async fn until_ready(&self) {
        self.until("the app and its engine", &format!("document.querySelector({})", js_str(sel::ENGINE_READY))).await;
    }

    /// The text of the first element matching `css`, if there is one.
    pub async fn text_of(&self, css: &str) -> Option<String> {
        let v = self.js(&format!("return document.querySelector({})?.textContent ?? null;", js_str(css))).await;
        v.as_str().map(str::to_string)
    }

    /// The texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let v =
            self.js(&format!("return [...document.querySelectorAll({})].map(e => e.textContent);", js_str(css))).await;
        v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
    }

    /// How many elements match `css`.
    pub async fn how_many(&self, css: &str) -> usize {
        let v = self.js(&format!("return document.querySelectorAll({}).length;", js_str(css))).await;
        v.as_u64().unwrap_or(0) as usize
    }

    /// The page's `?` query string, parsed: the value of `key`.
    pub async fn url_param(&self, key: &str) -> Option<String> {
        let v = self.js(&format!("return new URLSearchParams(location.search).get({});", js_str(key))).await;
        v.as_str().map(str::to_string)
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client.execute(script, vec![]).await.unwrap_or(Value::Null)
    }

    /// Waits until `script` (a JS expression) is truthy; returns its value.
    pub async fn until(&self, what: &str, script: &str) -> Value {
        let start = Instant::now();
        loop {
            let v = self.js(&format!("return ({script});")).await;
            let truthy = !matches!(v, Value::Null | Value::Bool(false)) && v != json!("") && v != json!(0);
            if truthy {
                return v;
            }
            if start.elapsed() > TIMEOUT {
                let body = self.js("return document.body.innerText.slice(0, 2000);").await;
                let errors = self.js("return window.__e2eErrors || [];").await;
                panic!("timed out waiting for {what}; page says: {body}; uncaught errors: {errors}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types into the search box, replacing what is there. ChromeDriver can only type
    /// characters of the Basic Multilingual Plane; others (emoji) and long texts are
    /// pasted instead, as a person would.
    pub async fn search(&self, text: &str) {
        let input = self.client.find(Locator::Css(sel::SEARCH_BOX)).await.unwrap();
        input.clear().await.unwrap();
        // clear() does not fire `input`; an empty query must still reach the app.
        let q = format!("const q = document.querySelector({});", js_str(sel::SEARCH_BOX));
        self.js(&format!("{q} q.dispatchEvent(new Event('input', {{bubbles: true}}));")).await;
        if text.chars().all(|c| (c as u32) < 0x10000) && text.len() <= 100 {
            input.send_keys(text).await.unwrap();
        } else {
            let t = serde_json::to_string(text).unwrap();
            self.js(&format!("{q} q.value = {t}; q.dispatchEvent(new Event('input', {{bubbles: true}}));")).await;
        }
    }

    /// The result count once results for `query` are shown.
    pub async fn count_for(&self, query: &str) -> usize {
        let q = js_str(query);
        let (search_box, count) = (js_str(sel::SEARCH_BOX), js_str(sel::COUNT));
        let v = self
            .until(
                &format!("results for {query}"),
                &format!(
                    "document.querySelector({search_box}).value === {q} && new URLSearchParams(location.search).get('q') === ({q} || null) && document.querySelector({count})?.dataset.query === {q} && document.querySelector({count}).textContent"
                ),
            )
            .await;
        parse_count(v.as_str().unwrap())
    }

    pub async fn result_ids(&self) -> Vec<String> {
        let v = self
            .js(&format!("return [...document.querySelectorAll({})].map(r => r.dataset.id);", js_str(sel::RESULT)))
            .await;
        v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
    }

    /// Waits for a downloaded file called `name` and returns its content.
    pub async fn downloaded(&self, name: &str) -> String {
        let path = self.downloads.join(name);
        let start = Instant::now();
        loop {
            if let Ok(text) = std::fs::read_to_string(&path) {
                if !text.is_empty() {
                    return text;
                }
            }
            assert!(start.elapsed() < TIMEOUT, "no download {name} in {}", self.downloads.display());
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs axe-core (WCAG 2.1 A and AA rules) on the page; returns the violations as
    /// "rule: target" lines, empty when there are none.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let axe = rendiconto_site::root().join(".tools/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(&axe)
            .unwrap_or_else(|_| panic!("{} is missing: run scripts/setup-test.sh", axe.display()));
        self.client.execute(&source, vec![]).await.expect("inject axe-core");
        // Results and filter groups off screen are not painted (`content-visibility:
        // auto`): axe would read the colours behind their boxes, not theirs. Paint them.
        self.js("document.querySelectorAll('*').forEach(e => { if (getComputedStyle(e).contentVisibility === 'auto') e.style.contentVisibility = 'visible'; });")
            .await;
        let result = self
            .client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice'] } })
                    .then(r => done(r.violations.flatMap(v => v.nodes.map(n => v.id + ': ' + n.target.join(' ') + ' — ' + n.failureSummary.replace(/\\s+/g, ' ')))))
                    .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("run axe-core");
        result.as_array().unwrap().iter().map(|v| v.as_str().unwrap_or("").to_string()).collect()
    }

    /// Saves a screenshot of the window to target/screenshots/NAME.png (not committed).
    pub async fn screenshot(&self, name: &str) {
        let dir = rendiconto_site::root().join("target/screenshots");
        std::fs::create_dir_all(&dir).unwrap();
        let png = self.client.screenshot().await.expect("screenshot");
        std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
    }

    /// Ends the session; fails the test if the page broke the Content-Security-Policy.
    pub async fn close(self) {
        // Reports are sent asynchronously; give the last ones a moment to arrive.
        tokio::time::sleep(Duration::from_millis(300)).await;
        let _ = self.client.clone().close().await;
        if let Some(server) = &self.server {
            let reports = server.csp_reports.lock().unwrap().clone();
            assert!(reports.is_empty(), "Content-Security-Policy violations: {reports:?}");
        }
    }
}

/// "37 risultati" → 37.
pub fn parse_count(text: &str) -> usize {
    text.split_whitespace().next().and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("not a count: {text:?}"))
}

impl Drop for Browser {
    /// Ends the WebDriver server and the browser it started, also when a test panics.
    fn drop(&mut self) {
        let group = format!("-{}", self.driver.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).stderr(Stdio::null()).status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}
