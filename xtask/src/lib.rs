//! Shared by the `xtask` binary and the end-to-end tests: building `dist/` and serving it.

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod compress;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

/// Tools installed by scripts/setup.sh that are not on the default PATH (wasm-opt).
pub fn tool_path() -> String {
    let tools = root().join(".tools/node_modules/.bin");
    let cargo_bin = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo"));
    format!("{}:{}:{}", tools.display(), cargo_bin.join("bin").display(), std::env::var("PATH").unwrap_or_default())
}

fn run(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let status = cmd.status().map_err(|e| format!("cannot run {shown}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {status}"))
    }
}

/// Builds the app with Trunk, then the index and data bundle into `dist/bundle`.
pub fn dist(input: Option<&Path>) -> Result<PathBuf, String> {
    let root = root();
    let dist = root.join("dist");
    // Trunk builds with `cargo --offline` (it must not download tools), so the crates
    // have to be in the local registry first; a no-op when they are.
    run(Command::new("cargo").current_dir(&root).arg("fetch"))?;
    run(Command::new("trunk").current_dir(&root).env("PATH", tool_path()).args([
        "build",
        "--release",
        "--offline",
        "--cargo-profile",
        "wasm-release",
    ]))?;
    // The dev profile: the output is byte-identical, and the tests build it anyway.
    let mut builder = Command::new("cargo");
    builder.current_dir(&root).args(["run", "--quiet", "-p", "index-builder", "--", "build", "--out"]);
    builder.arg(dist.join("bundle"));
    if let Some(input) = input {
        builder.arg("--input").arg(input);
    }
    run(&mut builder)?;
    let csp = content_security_policy(&std::fs::read_to_string(dist.join("index.html")).map_err(|e| e.to_string())?);
    std::fs::write(dist.join("csp.txt"), format!("{csp}\n")).map_err(|e| e.to_string())?;
    compress::precompress(&dist)?;
    Ok(dist)
}

/// A strict policy for the app: only its own files, WebAssembly compilation, and the
/// page's two inline scripts (Trunk's loader and the start-up fallback) by hash — no
/// `unsafe-inline`, no `eval`. Written to `dist/csp.txt` for the web server to send.
pub fn content_security_policy(index_html: &str) -> String {
    use base64::Engine as _;
    use sha2::Digest as _;
    let mut hashes = Vec::new();
    let mut rest = index_html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let open_end = after.find('>').map(|i| i + 1).unwrap_or(after.len());
        let Some(close) = after.find("</script>") else { break };
        let tag = &after[..open_end];
        if !tag.contains(" src=") {
            let body = &after[open_end..close];
            let digest = sha2::Sha256::digest(body.as_bytes());
            hashes.push(format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest)));
        }
        rest = &after[close + "</script>".len()..];
    }
    format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval' {}; style-src 'self'; img-src 'self' data:; \
         font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; \
         frame-ancestors 'self'",
        hashes.join(" ")
    )
}

fn mime(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "wasm" => "application/wasm",
        "json" => "application/json",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "webmanifest" => "application/manifest+json",
        _ => "application/octet-stream",
    }
}

/// Serves `dir` on `addr` until the process ends. Paths outside `dir` are refused.
pub fn serve(dir: &Path, addr: &str) -> Result<(), String> {
    let server = tiny_http::Server::http(addr).map_err(|e| format!("cannot listen on {addr}: {e}"))?;
    serve_with(server, dir.to_path_buf(), None);
    Ok(())
}

/// Content-Security-Policy violation reports received (the tests expect none).
pub type CspReports = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// Serves on an already bound server (the tests bind port 0 and read the port back).
/// HTML pages get the policy in `dir/csp.txt`; with `reports`, browsers are asked to
/// report violations to `/__csp-report`, which are collected there.
pub fn serve_with(server: tiny_http::Server, dir: PathBuf, reports: Option<CspReports>) {
    let csp = std::fs::read_to_string(dir.join("csp.txt")).ok().map(|c| c.trim().to_string());
    for mut request in server.incoming_requests() {
        let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
        if url == "/__csp-report" {
            let mut body = String::new();
            let _ = request.as_reader().read_to_string(&mut body);
            if let Some(r) = &reports {
                r.lock().unwrap().push(body);
            }
            let _ = request.respond(tiny_http::Response::empty(204));
            continue;
        }
        let rel = url.trim_start_matches('/');
        let mut path = dir.join(if rel.is_empty() { "index.html" } else { rel });
        if path.is_dir() {
            path = path.join("index.html");
        }
        let safe = !rel.split('/').any(|seg| seg == "..");
        let response = match (safe, std::fs::read(&path)) {
            (true, Ok(bytes)) => {
                let header = tiny_http::Header::from_bytes("Content-Type", mime(&path)).unwrap();
                let mut response = compress::respond(&request, &path, bytes).with_header(header);
                if let (Some(csp), true) = (&csp, mime(&path).starts_with("text/html")) {
                    let policy =
                        if reports.is_some() { format!("{csp}; report-uri /__csp-report") } else { csp.clone() };
                    response.add_header(tiny_http::Header::from_bytes("Content-Security-Policy", policy).unwrap());
                }
                response.boxed()
            }
            _ => tiny_http::Response::from_string("404 non trovato").with_status_code(404).boxed(),
        };
        let _ = request.respond(response);
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_policy_allows_inline_scripts_only_by_hash() {
        let csp = super::content_security_policy(
            "<script type=\"module\">init()</script><script src=\"a.js\"></script><script>x</script>",
        );
        assert!(csp.contains("'sha256-"));
        assert_eq!(csp.matches("'sha256-").count(), 2, "external scripts need no hash");
        assert!(!csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"));
        assert!(csp.contains("'wasm-unsafe-eval'"));
    }
}
