//! The static server as a browser meets it: a real port, raw HTTP/1.1 requests.

use rendiconto_site::http::Server;
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::PathBuf;
use std::sync::Arc;

/// Long enough for both compressions to be smaller than it.
fn page() -> String {
    format!("<!doctype html><title>t</title>{}", "<p>pagina di prova</p>\n".repeat(50))
}

/// A folder like `dist/`: a page with its policy and its precompressed siblings, a
/// wasm file, a file whose sibling is stale.
fn site(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("xtask-server-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bundle")).unwrap();
    std::fs::write(dir.join("index.html"), page()).unwrap();
    std::fs::write(dir.join("csp.txt"), "default-src 'self'\n").unwrap();
    std::fs::write(dir.join("kiosk.html"), page()).unwrap();
    std::fs::write(dir.join("kiosk.csp.txt"), "default-src 'none'\n").unwrap();
    std::fs::write(dir.join("app.wasm"), b"\0asm\x01\0\0\0").unwrap();
    std::fs::write(dir.join("bundle/data.json"), "{\"old\": true}").unwrap();
    rendiconto_site::compress::precompress(&dir).unwrap();
    // Changed after its siblings were written (as the tests damage a copy of dist/).
    std::thread::sleep(std::time::Duration::from_millis(20));
    std::fs::write(dir.join("bundle/data.json"), "{\"new\": true}").unwrap();
    dir
}

/// A server on a fresh [`site`]; dropping it stops the server and removes the site.
struct Running {
    dir: PathBuf,
    server: Arc<Server>,
    thread: Option<std::thread::JoinHandle<Result<(), String>>>,
    reports: rendiconto_site::CspReports,
}

fn start(name: &str) -> Running {
    let dir = site(name);
    let server = Server::bind("127.0.0.1:0").unwrap();
    let reports = rendiconto_site::CspReports::default();
    let (s, d, r) = (server.clone(), dir.clone(), reports.clone());
    let thread = Some(std::thread::spawn(move || rendiconto_site::serve_with(s, d, Some(r))));
    Running { dir, server, thread, reports }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.server.stop();
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// One request; the status, the headers (names lower-case) and the body.
fn get(
    server: &Server,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Vec<(String, String)>, Vec<u8>) {
    let mut c = TcpStream::connect(server.addr()).unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (n, v) in headers {
        request.push_str(&format!("{n}: {v}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    c.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    c.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete head");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines.next().unwrap().split_whitespace().nth(1).unwrap().parse().unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    (status, headers, raw[split + 4..].to_vec())
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
}

fn encoding_for(server: &Server, accept: &str) -> Option<String> {
    let (status, headers, body) = get(server, "GET", "/index.html", &[("Accept-Encoding", accept)], "");
    assert_eq!(status, 200, "{accept}");
    let encoding = header(&headers, "content-encoding").map(str::to_string);
    if encoding.is_none() {
        assert_eq!(body, page().as_bytes(), "{accept}: the raw file");
    }
    encoding
}

#[test]
fn accept_encoding_is_negotiated_with_its_q_values() {
    let running = start("negotiation");
    let s = &running.server;
    assert_eq!(encoding_for(s, "gzip, deflate, br, zstd").as_deref(), Some("br"));
    assert_eq!(encoding_for(s, "br;q=0, gzip").as_deref(), Some("gzip"), "q=0 refuses brotli");
    assert_eq!(encoding_for(s, "br; q=0, gzip").as_deref(), Some("gzip"));
    assert_eq!(encoding_for(s, "gzip;q=0.5, br").as_deref(), Some("br"), "the higher q wins");
    assert_eq!(encoding_for(s, "br;q=0.2, gzip;q=0.9").as_deref(), Some("gzip"));
    assert_eq!(encoding_for(s, "gzip").as_deref(), Some("gzip"));
    assert_eq!(encoding_for(s, "identity"), None);
    assert_eq!(encoding_for(s, ""), None);
    let (_, headers, body) = get(s, "GET", "/", &[("Accept-Encoding", "br")], "");
    assert_eq!(body, std::fs::read(running.dir.join("index.html.br")).unwrap(), "the precompressed sibling is sent");
    assert!(header(&headers, "vary").is_some_and(|v| v.eq_ignore_ascii_case("accept-encoding")));
}

#[test]
fn pages_get_their_policy_types_and_reports() {
    let running = start("policy");
    let s = &running.server;
    let (status, headers, _) = get(s, "GET", "/?q=scuola", &[], "");
    assert_eq!(status, 200);
    assert_eq!(header(&headers, "content-type"), Some("text/html; charset=utf-8"));
    assert_eq!(
        header(&headers, "content-security-policy"),
        Some("default-src 'self'; report-uri /__csp-report"),
        "the site's policy, and where to report"
    );
    let (_, headers, _) = get(s, "HEAD", "/kiosk.html", &[], "");
    assert_eq!(header(&headers, "content-security-policy"), Some("default-src 'none'; report-uri /__csp-report"));
    let (_, headers, body) = get(s, "GET", "/app.wasm", &[("Accept-Encoding", "br")], "");
    assert_eq!(header(&headers, "content-type"), Some("application/wasm"));
    assert!(header(&headers, "content-security-policy").is_none());
    assert_eq!(body, b"\0asm\x01\0\0\0", "no sibling smaller than the file: sent as it is");
    // A sibling older than its file is never sent: the file is, as it is now.
    let (_, headers, body) = get(s, "GET", "/bundle/data.json", &[("Accept-Encoding", "br, gzip")], "");
    assert_eq!((header(&headers, "content-encoding"), &body[..]), (None, &b"{\"new\": true}"[..]));
    let (status, _, _) = get(s, "GET", "/../Cargo.toml", &[], "");
    assert_eq!(status, 404);
    let (status, _, _) = get(s, "GET", "/missing.js", &[], "");
    assert_eq!(status, 404);
    let (status, _, _) = get(s, "POST", "/__csp-report", &[("Content-Type", "application/csp-report")], "{\"v\":1}");
    assert_eq!(status, 204);
    assert_eq!(*running.reports.lock().unwrap(), vec!["{\"v\":1}".to_string()]);
}

#[test]
fn a_stopped_server_closes_its_port() {
    let running = start("stop");
    let addr = running.server.addr();
    assert_eq!(get(&running.server, "GET", "/", &[], "").0, 200);
    drop(running);
    assert!(TcpStream::connect(addr).is_err(), "the port is closed");
}

#[test]
fn the_benchmark_log_says_what_was_sent() {
    let running = start("log");
    rendiconto_site::compress::record();
    get(&running.server, "GET", "/index.html?__bench=1", &[("Accept-Encoding", "gzip")], "");
    let log = rendiconto_site::compress::log();
    let sent = log.iter().find(|s| s.url == "/index.html?__bench=1").expect("logged");
    assert_eq!(
        (sent.file.clone(), sent.encoding),
        (running.dir.join("index.html"), rendiconto_site::compress::Encoding::Gzip)
    );
}

#[test]
fn an_unknown_address_gets_the_site_s_own_not_found_page() {
    let running = start("not-found");
    let s = &running.server;
    // Without a 404.html: a plain line.
    let (status, headers, body) = get(s, "GET", "/attivita/99-1-1/", &[], "");
    assert_eq!((status, header(&headers, "content-type")), (404, Some("text/plain; charset=utf-8")));
    assert_eq!(body, b"404 non trovato");
    // The site's page, from the nearest folder above the address, its links from there.
    let page = "<!doctype html><base href=\"/rendiconto-aperto/\"><title>Pagina non trovata</title>";
    std::fs::write(running.dir.join("404.html"), page).unwrap();
    for (path, base) in [("/attivita/99-1-1/", "/"), ("/nulla", "/"), ("/attivita/9-3-1/altro?q=x", "/")] {
        let (status, headers, body) = get(s, "GET", path, &[], "");
        assert_eq!(status, 404, "{path}");
        assert_eq!(header(&headers, "content-type"), Some("text/html; charset=utf-8"), "{path}");
        assert!(header(&headers, "content-security-policy").is_some_and(|p| p.starts_with("default-src 'self'")));
        let body = String::from_utf8(body).unwrap();
        assert_eq!(body, page.replace("/rendiconto-aperto/", base), "{path}");
    }
    std::fs::create_dir_all(running.dir.join("sito")).unwrap();
    std::fs::write(running.dir.join("sito/404.html"), page).unwrap();
    let (status, _, body) = get(s, "GET", "/sito/attivita/99-1-1/", &[], "");
    assert_eq!(status, 404);
    assert!(String::from_utf8(body).unwrap().contains("<base href=\"/sito/\">"));
    // A path that climbs out of the folder never reaches a 404.html outside it.
    let (status, headers, _) = get(s, "GET", "/../sito/x", &[], "");
    assert_eq!((status, header(&headers, "content-type")), (404, Some("text/plain; charset=utf-8")));
}
