//! The static server of `cargo xtask serve`, the browser tests and the benchmark:
//! tower-http's [`ServeDir`] on axum and tokio. `ServeDir` reads the files, answers
//! `HEAD` and ranges, refuses paths outside the folder and sends a precompressed
//! `.br`/`.gz` sibling when the request's `Accept-Encoding` prefers it (q-values
//! honoured, `q=0` refuses). Around it, this module adds what the app needs:
//!
//! - each HTML page's Content-Security-Policy ([`headers::page_policy`]), with a
//!   `report-uri` when violations are collected;
//! - what [`crate::headers`] decides for each file (type with charset, cache
//!   lifetime, the security headers), `Vary: Accept-Encoding`;
//! - a sibling older than its file (a test damaged a copy of `dist/`) is never sent:
//!   that file is served as it is on disk;
//! - the log of what was sent, for the benchmark ([`crate::compress::record`]).

use crate::compress::{self, Encoding};
use crate::headers;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use tower::ServiceExt as _;
use tower_http::services::ServeDir;

/// Content-Security-Policy violation reports received (the tests expect none).
pub type CspReports = Arc<Mutex<Vec<String>>>;

/// Where browsers are asked to send policy violation reports.
const REPORT_PATH: &str = "/__csp-report";
/// A report larger than this is refused (a local server needs no more).
const MAX_REPORT: usize = 1024 * 1024;

/// A bound port; [`serve_with`] answers on it until [`Server::stop`].
pub struct Server {
    listener: Mutex<Option<std::net::TcpListener>>,
    addr: SocketAddr,
    stopped: tokio::sync::watch::Sender<bool>,
}

impl Server {
    pub fn bind(addr: &str) -> Result<Arc<Server>, String> {
        let listener = std::net::TcpListener::bind(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
        listener.set_nonblocking(true).map_err(|e| e.to_string())?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let (stopped, _) = tokio::sync::watch::channel(false);
        Ok(Arc::new(Server { listener: Mutex::new(Some(listener)), addr, stopped }))
    }

    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving: [`serve_with`] returns, the port is closed and every open
    /// connection is dropped (the tests' "network off").
    pub fn stop(&self) {
        self.stopped.send_replace(true);
    }
}

/// What a request is answered from.
struct Site {
    dir: PathBuf,
    reports: Option<CspReports>,
    /// With the precompressed siblings, and without (for files whose siblings are stale).
    precompressed: ServeDir,
    plain: ServeDir,
}

/// Serves `dir` on `server` until it is stopped (blocks; the tests run it on a thread).
/// HTML pages get their policy; with `reports`, browsers are asked to report
/// violations to `/__csp-report`, which are collected there.
pub fn serve_with(server: Arc<Server>, dir: PathBuf, reports: Option<CspReports>) -> Result<(), String> {
    let Some(listener) = server.listener.lock().unwrap().take() else {
        return Err("this server is already serving".into());
    };
    let site = Arc::new(Site {
        precompressed: ServeDir::new(&dir).precompressed_br().precompressed_gzip(),
        plain: ServeDir::new(&dir),
        dir,
        reports,
    });
    let app = axum::Router::new().fallback(answer).with_state(site);
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start the server's runtime: {e}"))?;
    let mut stopped = server.stopped.subscribe();
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener).map_err(|e| e.to_string())?;
        tokio::select! {
            served = axum::serve(listener, app) => served.map_err(|e| e.to_string()),
            _ = stopped.wait_for(|s| *s) => Ok(()),
        }
    })?;
    // Dropping the runtime closes the listener and every connection at once.
    runtime.shutdown_background();
    Ok(())
}

async fn answer(State(site): State<Arc<Site>>, request: Request) -> Response {
    let url = request.uri().path_and_query().map(|p| p.as_str().to_string()).unwrap_or_else(|| "/".into());
    if request.uri().path() == REPORT_PATH {
        if let Some(reports) = &site.reports {
            let body = axum::body::to_bytes(request.into_body(), MAX_REPORT).await.unwrap_or_default();
            reports.lock().unwrap().push(String::from_utf8_lossy(&body).into_owned());
        }
        return StatusCode::NO_CONTENT.into_response();
    }
    let file = site.file(request.uri().path());
    // The web servers' configurations are not part of the site (as nginx and Apache
    // answer, see crate::deploy).
    if file.strip_prefix(&site.dir).is_ok_and(|rel| crate::deploy::is_deploy(&rel.to_string_lossy())) {
        return not_found(&site, &url);
    }
    let service = if fresh_siblings(&file) { &site.precompressed } else { &site.plain };
    let Ok(response) = service.clone().oneshot(request).await;
    let mut response = response.map(Body::new);
    if response.status() == StatusCode::NOT_FOUND {
        return not_found(&site, &url);
    }
    if !response.status().is_success() {
        return response;
    }
    let rel = file.strip_prefix(&site.dir).unwrap_or(&file).to_string_lossy().replace('\\', "/");
    let served = headers::for_file(&site.dir, &rel);
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(served.content_type));
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(served.cache.header()));
    add_security(headers);
    if compress::compressible(&file) {
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    }
    if let Some(policy) = served.policy {
        site.add_policy(headers, policy);
    }
    let encoding = match headers.get(header::CONTENT_ENCODING).and_then(|v| v.to_str().ok()) {
        Some("br") => Encoding::Brotli,
        Some("gzip") => Encoding::Gzip,
        _ => Encoding::Identity,
    };
    compress::note_sent(url, file, encoding);
    response
}

/// What an address naming nothing gets: the site's own "page not found", the
/// `404.html` of the nearest folder above the address (as the usual static servers
/// pick it up), sent with status 404, its policy, and its `<base>` at that folder so
/// that its links and the app work at any depth; without one, a plain line.
fn not_found(site: &Site, url: &str) -> Response {
    let path = url.split(['?', '#']).next().unwrap_or("/");
    let mut folder: Vec<&str> = path.split('/').filter(|p| !p.is_empty()).collect();
    // The last part names what was asked for, not a folder (or a folder without it).
    folder.pop();
    if folder.iter().all(|p| *p != ".." && *p != "." && !p.contains('\\')) {
        loop {
            let page = site.dir.join(folder.join("/")).join("404.html");
            if let Ok(html) = std::fs::read_to_string(&page) {
                let base: String = folder.iter().map(|f| format!("/{f}")).collect::<String>() + "/";
                let mut response = (StatusCode::NOT_FOUND, with_base(&html, &base)).into_response();
                let headers = response.headers_mut();
                headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html; charset=utf-8"));
                headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(headers::Cache::Revalidate.header()));
                add_security(headers);
                if let Some(policy) = headers::page_policy(&site.dir, &page) {
                    site.add_policy(headers, policy);
                }
                return response;
            }
            if folder.pop().is_none() {
                break;
            }
        }
    }
    let mut plain = (StatusCode::NOT_FOUND, "404 non trovato").into_response();
    plain.headers_mut().insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    plain
}

/// `html` with its `<base href>` set to `base` (a path from the server's root).
fn with_base(html: &str, base: &str) -> String {
    const OPEN: &str = "<base href=\"";
    let Some(start) = html.find(OPEN).map(|i| i + OPEN.len()) else { return html.to_string() };
    let Some(len) = html[start..].find('"') else { return html.to_string() };
    format!("{}{base}{}", &html[..start], &html[start + len..])
}

impl Site {
    /// The page's Content-Security-Policy header (with `report-uri` when violations
    /// are collected).
    fn add_policy(&self, headers: &mut axum::http::HeaderMap, policy: String) {
        let policy = if self.reports.is_some() { format!("{policy}; report-uri {REPORT_PATH}") } else { policy };
        if let Ok(value) = HeaderValue::from_str(&policy) {
            headers.insert("content-security-policy", value);
        }
    }

    /// The file a request path names (`/` and folders → their `index.html`), as
    /// `ServeDir` resolves it; used for the policy, the type and the log.
    fn file(&self, path: &str) -> PathBuf {
        let rel = path.trim_start_matches('/');
        let rel = percent_encoding::percent_decode_str(rel).decode_utf8_lossy();
        let mut file = self.dir.join(if rel.is_empty() { "index.html" } else { &rel });
        if file.is_dir() {
            file = file.join("index.html");
        }
        file
    }
}

/// True unless a `.br`/`.gz` sibling of `file` is older than it, or `file` is gone
/// (then the sibling no longer holds this content and must not be sent: a missing
/// file is a 404, not its old compressed copy).
fn fresh_siblings(file: &Path) -> bool {
    let modified = |p: &Path| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let Some(changed) = modified(file) else { return false };
    ["br", "gz"].iter().all(|ext| {
        let sibling = PathBuf::from(format!("{}.{ext}", file.display()));
        modified(&sibling).is_none_or(|written| written >= changed)
    })
}

/// The headers every response carries ([`headers::SECURITY`]).
fn add_security(map: &mut axum::http::HeaderMap) {
    for (name, value) in headers::SECURITY {
        map.insert(name, HeaderValue::from_static(value));
    }
}
