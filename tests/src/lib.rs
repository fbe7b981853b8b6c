//! Harness for the end-to-end tests: serves a built `dist/` on a free port, starts
//! chromedriver and a headless Chromium session, and offers small waiting helpers.

use fantoccini::key::Key;
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
    /// The search box, its label and the hint under it (which says why the box is
    /// disabled, when it is).
    pub const SEARCH_BOX: &str = "#q";
    pub const SEARCH_LABEL: &str = "label[for=q]";
    pub const SEARCH_HINT: &str = "#q-hint";
    /// The link to the other language ("English" / "Italiano").
    pub const LANGUAGE_SWITCH: &str = "a.lang";
    /// The first link a keyboard reaches: "Vai ai risultati".
    pub const SKIP_LINK: &str = ".skip-link";
    /// "37 risultati" (its `data-query` says which question it answers).
    pub const COUNT: &str = "#count";
    /// The count the first answer's module drew (web/src/first.rs), before the
    /// interface's own.
    pub const FIRST_ANSWER_COUNT: &str = "#count[data-first]";
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
    pub const SORT_OPTION: &str = "#sort option";
    /// The result lists: those holding every word, then (after the divider) the others.
    pub const RESULTS: &str = "#results-list";
    pub const RESULT: &str = ".result";
    pub const RESULT_LINK: &str = ".result a";
    pub const RESULT_MARK: &str = ".result mark";
    /// A result's snippet; while its texts are on their way, its place holder.
    pub const SNIPPET: &str = ".result .snippet";
    pub const SNIPPET_WAITING: &str = ".result .snippet-waiting";
    /// A status badge ("In corso"), inside a result; and every result's badges.
    pub const RESULT_BADGE: &str = ".badge";
    pub const RESULT_BADGES: &str = ".result .badge";
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
    /// Markup that the report's text could smuggle into an activity's title.
    pub const TITLE_MARKUP: &str = "#detail-title img, #detail-title a, #detail-title script";
    /// An activity's previous / next links, and the breadcrumb's third step (its
    /// programme).
    pub const PREVIOUS: &str = ".prev-next a.prev";
    pub const NEXT: &str = ".prev-next a.next";
    pub const BREADCRUMB_PROGRAMME: &str = ".breadcrumb li:nth-child(3) a";
    /// The engine could not start: the whole notice, its plain message, the button
    /// that tries again ("Riprova"), and the technical detail's disclosure.
    pub const ENGINE_ERROR: &str = "#engine-error";
    pub const ENGINE_ERROR_MESSAGE: &str = "#engine-error-message";
    pub const ENGINE_RETRY: &str = "#engine-retry";
    pub const ENGINE_ERROR_DETAIL: &str = "#engine-error details";
    /// The screen that replaces the app after a crash (a Rust panic), and its reload link.
    pub const FATAL_ERROR: &str = "#fatal-error";
    pub const FATAL_ERROR_RELOAD: &str = "#fatal-error a";
    /// The installed app's offer to switch to a new version.
    pub const UPDATE_NOW: &str = "#update-now";
    /// The download buttons (CSV, JSON) of a page.
    pub const DOWNLOAD_BUTTON: &str = ".downloads button[data-format]";
    /// The filters' sidebar (desktop; hidden on a phone's results), a filter group in
    /// it, and the year filter's labels ("2023 (12)").
    pub const SIDEBAR: &str = ".sidebar";
    pub const SIDEBAR_FACET: &str = ".sidebar .facet";
    pub const YEAR_FILTER_LABEL: &str = "#facet-anno label";
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
    /// Any table, any first-level heading, the page's body and main content, any
    /// element at all.
    pub const TABLE: &str = "table";
    pub const HEADING: &str = "h1";
    pub const BODY: &str = "body";
    pub const MAIN: &str = "main";
    pub const EVERY_ELEMENT: &str = "*";
    /// The app is running (hydrated or rendered) / its engine is ready / it hydrated
    /// the prerendered page (rather than rendering afresh).
    pub const APP_RUNNING: &str = "html[data-app=running]";
    pub const ENGINE_READY: &str = "html[data-engine=ready]";
    /// The report's details (`details.json`) are in: pages and downloads can be made.
    pub const REPORT_READY: &str = "html[data-report=ready]";
    pub const HYDRATED: &str = "html[data-start=hydrate]";
    /// Every part of the hydrated page is hydrated (some are put off to later tasks).
    pub const WHOLLY_HYDRATED: &str = "html[data-hydrated=whole]";
    /// A page's title (mission, programme, open data, home, results) and an
    /// activity's or table's (`DETAIL_TITLE`).
    pub const PAGE_TITLE: &str = "#page-title";
    /// "Pagina non trovata": an address that names nothing in the report.
    pub const NOT_FOUND: &str = ".not-found";
    pub const NOT_FOUND_TITLE: &str = ".not-found #page-title";
    pub const NOT_FOUND_HOME_LINK: &str = ".not-found a";
    /// The home's missions, and the programme cards (home, mission page).
    pub const MISSION: &str = ".mission";
    pub const MISSION_PAGE: &str = ".mission-page";
    pub const PROGRAM_CARD: &str = ".program-card";
    pub const PROGRAM_CARD_LINK: &str = ".program-card a";
    /// A programme's link in the home's last mission (the part hydrated last).
    pub const LAST_MISSION_PROGRAM_LINK: &str = ".missions > li:last-of-type .program-card a";
    /// A programme page's heading and its source line ("Rendiconto 2023, pagina 8").
    pub const PROGRAM_TITLE: &str = ".program h1";
    pub const PROGRAM_SOURCE: &str = ".program .source";
    /// A programme's council lines and its list of activities.
    pub const COUNCIL_LINE: &str = ".council-lines li";
    pub const ACTIVITY_LIST_ITEM: &str = ".activity-list li";
    /// The rows of an activity's indicators, their name and their values as printed.
    pub const INDICATOR_ROW: &str = "table.indicators tbody tr";
    pub const INDICATOR_ROW_NAME: &str = "th";
    pub const INDICATOR_ROW_VALUE: &str = "td.value";
    /// Every cell of an indicator's row: its values, its chart and its change.
    pub const INDICATOR_ROW_CELL: &str = "td";
    /// An activity's table of indicators.
    pub const INDICATORS: &str = "table.indicators";
    /// A table of indicators of its own (`m1-p3-t1`), and its rows.
    pub const INDICATOR_TABLE: &str = ".indicator-table";
    pub const INDICATOR_TABLE_ROW: &str = ".indicator-table tbody tr";
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
    /// The open-data page's content.
    pub const OPEN_DATA: &str = ".open-data";
    /// The page's canonical address.
    pub const CANONICAL: &str = "link[rel=canonical]";

    /// The kiosk's touch targets: every button, link, field and filter label.
    pub const TOUCH_TARGETS: &str = "button, a[href], input[type=search], .facet label";
    /// A link out of the app that a test adds to the page (its id is `out`).
    pub const OUTSIDE_LINK: &str = "#out";

    /// The widget's host page (`examples/embed.html`): its two widgets, the frame each
    /// holds in its shadow root, and the host's own elements, whose styles the widget
    /// must leave alone.
    pub const FULL_WIDGET: &str = "#full";
    pub const COMPACT_WIDGET: &str = "#compact";
    pub const WIDGET_FRAME: &str = "iframe";
    pub const HOST_ELEMENTS: [&str; 7] =
        ["body", "#host-title", "#host-text", "#host-button", "#host-link", "#host-footer p", "pre code"];
    /// The bar above the app in a widget, with its link to the whole site.
    pub const EMBED_BAR_LINK: &str = ".embed-bar a";

    /// The link of the result `id` in the list.
    pub fn result_link(id: &str) -> String {
        format!(".result[data-id=\"{id}\"] a")
    }

    /// A programme's card (home, mission page): its link, and its size ("7 attività").
    pub fn program_card_link(id: &str) -> String {
        format!(".program-card[data-id=\"{id}\"] a")
    }
    pub fn program_card_meta(id: &str) -> String {
        format!(".program-card[data-id=\"{id}\"] .meta")
    }

    /// The link of the activity `id` in its programme's list.
    pub fn activity_link(id: &str) -> String {
        format!(".activity-list li[data-id=\"{id}\"] a")
    }

    /// The chart of the indicator in row `row` (from 1) of an activity's table.
    pub fn indicator_chart(row: usize) -> String {
        format!("{INDICATOR_ROW}:nth-child({row}) svg.chart")
    }

    /// The download button of a page for `format` (`CSV`, `JSON`).
    pub fn download(format: &str) -> String {
        format!(".downloads button[data-format=\"{format}\"]")
    }

    /// A `<meta>` tag of the page: Open Graph's by `property`, the others by `name`.
    pub fn meta(name: &str) -> String {
        let attr = if name.starts_with("og:") { "property" } else { "name" };
        format!("meta[{attr}=\"{name}\"]")
    }

    /// A key of the kiosk's on-screen keyboard (`a`, `backspace`).
    pub fn screen_key(key: &str) -> String {
        format!(".osk button[data-key=\"{key}\"]")
    }
    /// A button by its accessible name, as a person finds it (an XPath, not CSS).
    pub fn button_named(name: &str) -> String {
        format!("//button[@aria-label='{name}']")
    }

    /// The checkboxes of a filter (sidebar or dialog).
    pub fn filters(facet: &str) -> String {
        format!("input[data-facet={facet}]")
    }

    /// The checkbox of a filter value, and its label.
    pub fn filter(facet: &str, value: &str) -> String {
        format!("input[data-facet={facet}][data-value=\"{value}\"]")
    }
    pub fn filter_label(facet: &str, value: &str) -> String {
        format!("{} + label", filter(facet, value))
    }

    /// The checkboxes of a filter in the phone's dialog, their labels, the ticked ones.
    pub fn dialog_filters(facet: &str) -> String {
        format!("{FILTER_DIALOG} {}", filters(facet))
    }
    pub fn dialog_filter_labels(facet: &str) -> String {
        format!("{} + label", dialog_filters(facet))
    }
    pub fn dialog_filters_ticked(facet: &str) -> String {
        format!("{}:checked", dialog_filters(facet))
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

/// A JS expression: the first element matching `css` (`null` if none).
pub fn js_one(css: &str) -> String {
    format!("document.querySelector({})", js_str(css))
}

/// A JS expression: every element matching `css` (a `NodeList`).
pub fn js_all(css: &str) -> String {
    format!("document.querySelectorAll({})", js_str(css))
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

/// The engine `index-builder search --index dist/bundle` opens on the whole
/// `index.pack`: the same bundle as the app's, to say what the app must show.
pub fn native_engine() -> rendiconto_search::Engine {
    use rendiconto_search::bundle::{Bundle, DATA, DETAILS, INDEX, MANIFEST};
    let dir = dist().join("bundle");
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let manifest = Bundle::read_manifest(&read(MANIFEST)).unwrap();
    rendiconto_search::Engine::from_parts(&manifest, &read(DATA), &read(DETAILS), &read(INDEX)).unwrap()
}

/// A copy of dist/ in the temporary folder, named by `tag` and the test process, for a
/// test that damages or replaces files (links would let a change reach the real one).
pub fn copy_of_dist(tag: &str) -> PathBuf {
    let copy = scratch_dir(tag);
    let copied = Command::new("cp").arg("-a").arg(dist()).arg(&copy).status().expect("run cp");
    assert!(copied.success(), "cannot copy dist/ to {}", copy.display());
    copy
}

/// A folder of the system's temporary one for this test alone, empty: named by `tag`,
/// the process and a count (a test run behind each server, `behind_each_server!`, runs
/// twice at once in one process: one folder would be emptied under the other).
pub fn scratch_dir(tag: &str) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!("e2e-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
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

/// Which web server a test runs the site behind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebServer {
    /// The project's own (`cargo xtask serve`), at the root; it collects policy
    /// violation reports.
    Ours,
    /// Debian's nginx with the configuration the build wrote (`cargo xtask nginx`), at
    /// the site's sub-path `/rendiconto-aperto/`.
    Nginx,
}

/// Runs an end-to-end test, an `async fn NAME(server: WebServer)`, once behind each
/// web server: `behind_xtask_serve::NAME` and `behind_nginx::NAME`.
#[macro_export]
macro_rules! behind_each_server {
    ($($test:ident),* $(,)?) => {
        mod behind_xtask_serve {
            $(#[tokio::test]
            async fn $test() {
                super::$test($crate::WebServer::Ours).await
            })*
        }
        mod behind_nginx {
            $(#[tokio::test]
            async fn $test() {
                super::$test($crate::WebServer::Nginx).await
            })*
        }
    };
}

/// A local web server for a test: its URL, the policy violations reported to it, and
/// the means to stop it (a real "network off").
pub struct Server {
    pub base: String,
    pub csp_reports: rendiconto_site::CspReports,
    /// Whether violations reach `csp_reports` (else the page's own record is read:
    /// nginx sends the deployed policy, which names no report address).
    pub collects_reports: bool,
    server: Option<Arc<rendiconto_site::http::Server>>,
    process: Option<rendiconto_site::process::Process>,
}

impl Server {
    /// Stops serving and closes the port: later requests are refused.
    pub fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.stop();
        }
        if let Some(mut process) = self.process.take() {
            process.stop();
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
    Server {
        base: format!("http://127.0.0.1:{port}/"),
        csp_reports: reports,
        collects_reports: true,
        server: Some(server),
        process: None,
    }
}

/// Serves `dir` with Debian's nginx and the configuration in `dir/deploy/`, as
/// `cargo xtask nginx` does (each server its own folder under target/servers/).
pub fn serve_nginx(dir: PathBuf) -> Server {
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let work = rendiconto_site::server_work(&format!("e2e-nginx-{}-{n}", std::process::id()));
    let process = rendiconto_site::nginx::start(&dir, "127.0.0.1:0", true, &work, false)
        .unwrap_or_else(|e| panic!("nginx: {e} (scripts/setup-test.sh installs it)"));
    Server {
        base: process.base.clone(),
        csp_reports: Default::default(),
        collects_reports: false,
        server: None,
        process: Some(process),
    }
}

/// Serves `dir` behind `server`.
pub fn serve_on(server: WebServer, dir: PathBuf) -> Server {
    match server {
        WebServer::Ours => serve(dir),
        WebServer::Nginx => serve_nginx(dir),
    }
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

/// Keeps the page's uncaught errors and rejections in `window.__e2eErrors`, and its
/// Content-Security-Policy violations in `window.__e2eCsp`.
const ERROR_LOG: &str = "window.__e2eErrors = []; \
    addEventListener('error', e => __e2eErrors.push(String(e.message))); \
    addEventListener('unhandledrejection', e => __e2eErrors.push(String(e.reason && (e.reason.stack || e.reason)))); \
    window.__e2eCsp = []; \
    addEventListener('securitypolicyviolation', e => __e2eCsp.push(e.violatedDirective + ' ' + e.blockedURI)); \
    performance.setResourceTimingBufferSize(5000);";

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
        Browser::start_on(WebServer::Ours, dir).await
    }

    /// A fresh Chromium on the app served from `dir` (default: dist/) behind `server`.
    pub async fn start_on(server: WebServer, dir: Option<PathBuf>) -> Browser {
        let server = serve_on(server, dir.unwrap_or_else(dist));
        Browser::launch(server.base.clone(), Some(server)).await
    }

    /// A fresh Chromium with JavaScript turned off (the browser's content setting, as a
    /// person would), on dist/ served: what the prerendered pages show alone.
    pub async fn start_without_javascript() -> Browser {
        Browser::start_without_javascript_on(WebServer::Ours).await
    }

    /// The same behind `server`.
    pub async fn start_without_javascript_on(server: WebServer) -> Browser {
        let server = serve_on(server, dist());
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
            // Every page's uncaught errors are kept, for the message of a test that times out;
            // every download is listed (the browser keeps 250 by default: the report's
            // pieces alone are more).
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
        self.until_found("the search box", sel::SEARCH_BOX).await;
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
    /// A person's click is not bound to a node: when the element found was replaced
    /// before the click (a part of a prerendered page hydrated meanwhile is swapped for
    /// its hydrated copy), the click goes to what the selector matches now.
    pub async fn click(&self, css: &str) {
        for attempt in 0.. {
            let el = self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no {css} to click: {e}"));
            match el.click().await {
                Ok(()) => return,
                Err(e) if attempt < 3 && e.to_string().contains("stale element") => continue,
                Err(e) => panic!("cannot click {css}: {e}"),
            }
        }
        unreachable!()
    }

    /// Waits until the engine is ready and the home shows the report's 16 missions, each
    /// hydrated when the home was (a mission put off is replaced by its hydrated copy:
    /// an element found before would be stale).
    pub async fn until_home_ready(&self) {
        self.until(
            "the engine and the home",
            &format!(
                "{}.length === 16 && {} && (!{} || {})",
                js_all(sel::MISSION),
                js_one(sel::ENGINE_READY),
                js_one(sel::HYDRATED),
                js_one(sel::WHOLLY_HYDRATED)
            ),
        )
        .await;
    }

    /// Waits until the app runs on the page and its engine is ready.
    pub async fn until_ready(&self) {
        self.until_found("the app and its engine", sel::ENGINE_READY).await;
    }

    /// Waits until the app has hydrated the prerendered page.
    pub async fn until_hydrated(&self) {
        self.until_found("the page hydrated", sel::HYDRATED).await;
        // Every part, also those put off to later tasks.
        self.until_found("the page wholly hydrated", sel::WHOLLY_HYDRATED).await;
    }

    /// Waits until the report's details (`details.json`) are in.
    pub async fn until_report_ready(&self) {
        self.until_found("the details", sel::REPORT_READY).await;
    }

    /// Waits until an element matches `css`.
    pub async fn until_found(&self, what: &str, css: &str) {
        self.until(what, &js_one(css)).await;
    }

    /// Waits until some elements match `css`; returns how many.
    pub async fn until_some(&self, what: &str, css: &str) -> usize {
        self.until(what, &format!("{}.length", js_all(css))).await.as_u64().unwrap() as usize
    }

    /// Waits until the first element matching `css` has a text; returns it.
    pub async fn until_text(&self, what: &str, css: &str) -> String {
        let v = self.until(what, &format!("{}?.textContent", js_one(css))).await;
        v.as_str().unwrap_or_else(|| panic!("{what}: not a text: {v}")).to_string()
    }

    /// Opens `path` (from the site's root) and waits until an element matches `css`.
    pub async fn open_page(&self, path: &str, css: &str) {
        self.open(path).await;
        self.until_found(&format!("{css} on {path:?}"), css).await;
    }

    /// Opens `url` (from the site's root), a list of results for `query`, and waits for
    /// its count; returns it.
    pub async fn open_results(&self, url: &str, query: &str) -> usize {
        self.open(url).await;
        self.count_for(query).await
    }

    /// Waits until the interface's count (not the first answer's module's: see
    /// [`Browser::count_for`]) says `n` results (whatever the question); returns it.
    pub async fn until_count(&self, what: &str, n: usize) -> usize {
        self.until(
            what,
            &format!(
                "(() => {{ const c = {}; return c && !{} && parseInt(c.textContent) === {n}; }})()",
                js_one(sel::COUNT),
                js_one(sel::FIRST_ANSWER_COUNT)
            ),
        )
        .await;
        n
    }

    /// The property `name` of the first element matching `css` (`disabled`, `value`…).
    pub async fn property(&self, css: &str, name: &str) -> Value {
        self.js(&format!("return {}[{}];", js_one(css), js_str(name))).await
    }

    /// The attribute `name` of the first element matching `css`, if it has one.
    pub async fn attribute(&self, css: &str, name: &str) -> Value {
        self.js(&format!("return {}?.getAttribute({});", js_one(css), js_str(name))).await
    }

    /// The box of the first element matching `css`: (width, height).
    pub async fn size_of(&self, css: &str) -> (f64, f64) {
        let v =
            self.js(&format!("const r = {}.getBoundingClientRect(); return [r.width, r.height];", js_one(css))).await;
        (v[0].as_f64().unwrap(), v[1].as_f64().unwrap())
    }

    /// The text of the first element matching `css` as the browser renders it
    /// (WebDriver's: visible text, after CSS such as `text-transform`).
    pub async fn shown_text(&self, css: &str) -> String {
        for attempt in 0.. {
            let el = self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no {css}: {e}"));
            match el.text().await {
                Ok(text) => return text,
                // Replaced meanwhile (see `click`): read what the selector matches now.
                Err(e) if attempt < 3 && e.to_string().contains("stale element") => continue,
                Err(e) => panic!("cannot read {css}: {e}"),
            }
        }
        unreachable!()
    }

    /// The id of the element that has the focus ("" when none has one).
    pub async fn focused_id(&self) -> String {
        self.js("return document.activeElement && document.activeElement.id;").await.as_str().unwrap_or("").to_string()
    }

    /// Presses `key` on the first element matching `css`.
    pub async fn press_on(&self, css: &str, key: Key) {
        let el = self.client.find(Locator::Css(css)).await.unwrap_or_else(|e| panic!("no {css}: {e}"));
        el.send_keys(&String::from(char::from(key))).await.unwrap();
    }

    /// Presses `key` on the element that has the focus.
    pub async fn press(&self, key: Key) {
        let el = self.client.active_element().await.unwrap();
        el.send_keys(&String::from(char::from(key))).await.unwrap();
    }

    /// How many pixels the page is wider than the window (nothing, at most 0).
    pub async fn overflow(&self) -> i64 {
        self.js("return document.documentElement.scrollWidth - window.innerWidth;").await.as_i64().unwrap()
    }

    /// The text of the first element matching `css`, if there is one.
    pub async fn text_of(&self, css: &str) -> Option<String> {
        let v = self.js(&format!("return {}?.textContent ?? null;", js_one(css))).await;
        v.as_str().map(str::to_string)
    }

    /// The texts of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let v = self.js(&format!("return [...{}].map(e => e.textContent);", js_all(css))).await;
        v.as_array().map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_string)).collect()).unwrap_or_default()
    }

    /// How many elements match `css`.
    pub async fn how_many(&self, css: &str) -> usize {
        let v = self.js(&format!("return {}.length;", js_all(css))).await;
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
                let results = self.js(&format!(
                    "return JSON.stringify({{ address: location.search, box: {}?.value, count: {}?.dataset.query, results: {}.length, waiting: {}.length, html: document.documentElement.dataset }});",
                    js_one(sel::SEARCH_BOX), js_one(sel::COUNT), js_all(sel::RESULT), js_all(sel::SNIPPET_WAITING)
                ))
                .await;
                panic!("timed out waiting for {what}; page says: {body}; uncaught errors: {errors}; state: {results}");
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Types `query` into the search box and waits for its results; returns their count.
    pub async fn search(&self, query: &str) -> usize {
        self.type_query(query).await;
        self.count_for(query).await
    }

    /// Types into the search box, replacing what is there. ChromeDriver can only type
    /// characters of the Basic Multilingual Plane; others (emoji) and long texts are
    /// pasted instead, as a person would.
    pub async fn type_query(&self, text: &str) {
        let input = self.client.find(Locator::Css(sel::SEARCH_BOX)).await.unwrap();
        // Emptied and told in one script, as a person's deletion is: between WebDriver's
        // clear() and a separate `input` event the app may draw again (a text piece
        // arriving) and put its query, still the old one, back into the box.
        let q = format!("const q = {};", js_one(sel::SEARCH_BOX));
        self.js(&format!("{q} q.value = ''; q.dispatchEvent(new Event('input', {{bubbles: true}}));")).await;
        if text.chars().all(|c| (c as u32) < 0x10000) && text.len() <= 100 {
            input.send_keys(text).await.unwrap();
        } else {
            let t = serde_json::to_string(text).unwrap();
            self.js(&format!("{q} q.value = {t}; q.dispatchEvent(new Event('input', {{bubbles: true}}));")).await;
        }
    }

    /// The result count once results for `query` are shown, with their snippets (the
    /// texts of the results shown come a moment after them: `engine::texts`), by the
    /// interface (not the first answer's module: web/src/first.rs).
    pub async fn count_for(&self, query: &str) -> usize {
        let q = js_str(query);
        let (search_box, count) = (js_str(sel::SEARCH_BOX), js_str(sel::COUNT));
        let (waiting, first) = (js_str(sel::SNIPPET_WAITING), js_str(sel::FIRST_ANSWER_COUNT));
        let v = self
            .until(
                &format!("results for {query}"),
                &format!(
                    "document.querySelector({search_box}).value === {q} && new URLSearchParams(location.search).get('q') === ({q} || null) && document.querySelector({count})?.dataset.query === {q} && !document.querySelector({waiting}) && !document.querySelector({first}) && document.querySelector({count}).textContent"
                ),
            )
            .await;
        parse_count(v.as_str().unwrap())
    }

    pub async fn result_ids(&self) -> Vec<String> {
        let v = self.js(&format!("return [...{}].map(r => r.dataset.id);", js_all(sel::RESULT))).await;
        v.as_array().unwrap().iter().map(|x| x.as_str().unwrap().to_string()).collect()
    }

    /// An activity's indicators as its page shows them: per indicator, its name, then
    /// its values as printed (compare with `expected_indicators`).
    pub async fn shown_indicators(&self) -> Value {
        self.js(&format!(
            "return [...{}].map(r => [r.querySelector({}).textContent, ...[...r.querySelectorAll({})].map(c => c.textContent)]);",
            js_all(sel::INDICATOR_ROW),
            js_str(sel::INDICATOR_ROW_NAME),
            js_str(sel::INDICATOR_ROW_VALUE)
        ))
        .await
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
        self.js(&format!(
            "{}.forEach(e => {{ if (getComputedStyle(e).contentVisibility === 'auto') e.style.contentVisibility = 'visible'; }});",
            js_all(sel::EVERY_ELEMENT)
        ))
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
        let on_page = match &self.server {
            Some(server) if !server.collects_reports => self.js("return window.__e2eCsp || [];").await,
            _ => json!([]),
        };
        let _ = self.client.clone().close().await;
        if let Some(server) = &self.server {
            let reports = server.csp_reports.lock().unwrap().clone();
            assert!(reports.is_empty(), "Content-Security-Policy violations: {reports:?}");
        }
        assert_eq!(on_page, json!([]), "Content-Security-Policy violations on the last page");
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

/// No CSS selector is written out in the tests (`tests/tests/*.rs`): they take them
/// from `sel`, so that a change of the markup is followed in one place. Found in the
/// tests' source: a literal selector in a script's DOM call (`querySelector('#x')`,
/// `querySelectorAll`, `closest`, `matches`, `getElementById`), in a WebDriver
/// locator (`Locator::Css("#x")`, `Id`, `XPath`), or as the `css` argument of a helper
/// (any `fn` of the harness or of a test with a parameter named `css`: `click`,
/// `text_of`, `until_found`, `js_one`…), written there or built there with `format!`.
#[cfg(test)]
mod selectors_stay_in_sel {
    use std::collections::BTreeMap;
    use std::path::Path;

    /// Script calls whose first argument is a selector (or an element's id).
    const DOM_CALLS: [&str; 5] = ["querySelector(", "querySelectorAll(", "closest(", "matches(", "getElementById("];
    /// WebDriver's ways to find an element by a selector.
    const LOCATORS: [&str; 3] = ["Locator::Css", "Locator::Id", "Locator::XPath"];

    /// An open bracket of the source: the function it calls (`""` for a group, an
    /// array or a block) and which of its arguments the scan is in.
    struct Open {
        call: String,
        arg: usize,
    }

    /// The literal selectors in `src` (Rust source), as "line: what" findings.
    /// `css_params` maps a function's name to the position of its `css` parameter.
    fn inline_selectors(src: &str, css_params: &BTreeMap<String, usize>) -> Vec<String> {
        let chars: Vec<(usize, char)> = src.char_indices().collect();
        let at = |i: usize| chars.get(i).map(|c| c.1).unwrap_or('\0');
        let line = |i: usize| src[..chars.get(i).map_or(src.len(), |c| c.0)].matches('\n').count() + 1;
        let mut found = Vec::new();
        let mut stack: Vec<Open> = Vec::new();
        let mut i = 0;
        while i < chars.len() {
            let c = at(i);
            let prev_ident = i > 0 && (at(i - 1).is_alphanumeric() || at(i - 1) == '_');
            // Comments.
            if c == '/' && at(i + 1) == '/' {
                while i < chars.len() && at(i) != '\n' {
                    i += 1;
                }
                continue;
            }
            if c == '/' && at(i + 1) == '*' {
                i += 2;
                while i < chars.len() && !(at(i) == '*' && at(i + 1) == '/') {
                    i += 1;
                }
                i += 2;
                continue;
            }
            // Character literals ('"', '\'', ')'), not lifetimes ('a).
            if c == '\'' {
                if at(i + 1) == '\\' {
                    i += 2;
                    while i < chars.len() && at(i) != '\'' {
                        i += 1;
                    }
                    i += 1;
                } else if at(i + 2) == '\'' {
                    i += 3;
                } else {
                    i += 1;
                }
                continue;
            }
            // String literals: "…", r"…", r#"…"#, br"…" (b"…" is its `b`, then "…").
            let raw = (c == 'r' || (c == 'b' && at(i + 1) == 'r')) && !prev_ident;
            let start = if raw { i + if c == 'b' { 2 } else { 1 } } else { i };
            let hashes = (start..).take_while(|&k| raw && at(k) == '#').count();
            if at(start + hashes) == '"' && (raw || c == '"') {
                let (from, mut k) = (start + hashes + 1, start + hashes + 1);
                loop {
                    if k >= chars.len() {
                        break;
                    }
                    if !raw && at(k) == '\\' {
                        k += 2;
                        continue;
                    }
                    if at(k) == '"' && (0..hashes).all(|h| at(k + 1 + h) == '#') {
                        break;
                    }
                    k += 1;
                }
                let text: String = chars[from.min(chars.len())..k.min(chars.len())].iter().map(|c| c.1).collect();
                check_literal(&text, line(from), &stack, css_params, &mut found);
                i = k + 1 + hashes;
                continue;
            }
            match c {
                '(' => {
                    let before = &src[..chars[i].0];
                    let name: String = before
                        .trim_end()
                        .chars()
                        .rev()
                        .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | ':' | '!'))
                        .collect::<Vec<_>>()
                        .into_iter()
                        .rev()
                        .collect();
                    stack.push(Open { call: name, arg: 0 });
                }
                '[' | '{' => stack.push(Open { call: String::new(), arg: 0 }),
                ')' | ']' | '}' => {
                    stack.pop();
                }
                ',' => {
                    if let Some(top) = stack.last_mut() {
                        top.arg += 1;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        found
    }

    /// Adds to `found` what is wrong with the literal `text` at `line`, written inside
    /// the brackets `stack`.
    fn check_literal(
        text: &str,
        line: usize,
        stack: &[Open],
        css_params: &BTreeMap<String, usize>,
        found: &mut Vec<String>,
    ) {
        for call in DOM_CALLS {
            for (pos, _) in text.match_indices(call) {
                let rest = text[pos + call.len()..].trim_start();
                if rest.starts_with(['\'', '"', '`']) || rest.starts_with("\\\"") || rest.starts_with("\\'") {
                    found.push(format!("line {line}: a selector written in a script: {call}{}", head(rest)));
                }
            }
        }
        // The call the literal is an argument of (through a `format!` building it).
        let mut frames = stack.iter().rev();
        let Some(mut frame) = frames.next() else { return };
        if frame.call == "format!" {
            match frames.next() {
                Some(parent) => frame = parent,
                None => return,
            }
        }
        if LOCATORS.iter().any(|l| frame.call.ends_with(l)) {
            found.push(format!("line {line}: a selector written in {}(…): {}", frame.call, head(text)));
        }
        let name = frame.call.rsplit("::").next().unwrap_or_default();
        if css_params.get(name) == Some(&frame.arg) {
            found.push(format!("line {line}: a selector written as the css of {name}(…): {}", head(text)));
        }
    }

    fn head(s: &str) -> String {
        s.chars().take(40).collect()
    }

    /// The functions of `src` that take a selector: a parameter named `css` (not
    /// counting `self`), by name, with its position.
    fn css_params(src: &str) -> BTreeMap<String, usize> {
        let mut out = BTreeMap::new();
        for (pos, _) in src.match_indices("fn ") {
            let rest = &src[pos + 3..];
            let Some(open) = rest.find('(') else { continue };
            let name = rest[..open].split('<').next().unwrap().trim();
            if name.is_empty() || !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let Some(close) = rest[open..].find(')') else { continue };
            let params: Vec<&str> = rest[open + 1..open + close]
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty() && !p.ends_with("self"))
                .collect();
            if let Some(k) = params.iter().position(|p| p.starts_with("css:")) {
                out.insert(name.to_string(), k);
            }
        }
        out
    }

    /// The tests' sources: (file name, text).
    fn test_sources() -> Vec<(String, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let mut files: Vec<(String, String)> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "rs"))
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read_to_string(&p).unwrap()))
            .collect();
        files.sort();
        files
    }

    fn harness_css_params(tests: &[(String, String)]) -> BTreeMap<String, usize> {
        let mut params = css_params(include_str!("lib.rs"));
        for (_, src) in tests {
            params.extend(css_params(src));
        }
        params
    }

    #[test]
    fn the_tests_take_every_selector_from_sel() {
        let tests = test_sources();
        assert!(tests.len() >= 6, "tests/tests/*.rs not found: {}", tests.len());
        let params = harness_css_params(&tests);
        for helper in ["click", "text_of", "texts", "how_many", "until_found", "until_text", "open_page", "js_one"] {
            assert!(params.contains_key(helper), "{helper} takes no `css` parameter any more: {params:?}");
        }
        let found: Vec<String> = tests
            .iter()
            .flat_map(|(file, src)| inline_selectors(src, &params).into_iter().map(move |f| format!("{file} {f}")))
            .collect();
        assert!(found.is_empty(), "selectors written outside `sel` (add them to `e2e::sel`):\n{}", found.join("\n"));
    }

    #[test]
    fn the_scan_finds_written_selectors_and_nothing_else() {
        let params = css_params(include_str!("lib.rs"));
        let scan = |src: &str| inline_selectors(src, &params);
        for bad in [
            r#"b.js("return document.querySelector('#x');")"#,
            r#"b.js("return document.querySelectorAll(\".x\").length;")"#,
            r#"b.until("w", "document.getElementById('q')")"#,
            r#"b.js("return e.closest('li');")"#,
            r##"b.client.find(Locator::Css("#x"))"##,
            r#"b.client.find(Locator::XPath(&format!("//button[@aria-label='{x}']")))"#,
            r#"b.click(".x a")"#,
            r#"b.click(&format!("{} a", sel::RESULT))"#,
            r#"b.until_found("the table", "table")"#,
            r##"b.open_page("dati/", "#x")"##,
            r##"b.text_of(r#"#x"#)"##,
            r#"let x = js_one(".x");"#,
        ] {
            assert_eq!(scan(bad).len(), 1, "not found in {bad}");
        }
        for good in [
            r#"b.js(&format!("return {}.length;", js_all(sel::RESULT)))"#,
            r#"b.js(&format!("return r.querySelector({}) && document.querySelector({q});", js_str(sel::X)))"#,
            r#"b.until_found("the table", sel::TABLE)"#,
            r#"b.open_page("?a=m1-p2-a1", sel::INDICATORS)"#,
            r#"b.until(".x", &js_one(sel::X))"#,
            r##"let n = name.ends_with(".br") && label.trim_end_matches(')') == "#x";"##,
            r#"b.click(&sel::filter("stato", "In corso"))"#,
            r#"// b.click(".x")"#,
            r#"let q = '"'; b.click(sel::X); let s = "querySelector";"#,
        ] {
            assert_eq!(scan(good), Vec::<String>::new(), "found in {good}");
        }
    }
}
