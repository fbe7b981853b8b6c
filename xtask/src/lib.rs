//! Shared by the `xtask` binary and the end-to-end tests: building `dist/` and serving it.

use std::path::{Path, PathBuf};
use std::process::Command;

pub mod compress;
pub mod csp;
pub mod http;
pub mod pwa;
pub mod single_file;

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

/// Runs a command; an error names it and how it ended.
pub fn run(cmd: &mut Command) -> Result<(), String> {
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
    deliveries(&root, &dist)?;
    // Last, so that every page and policy written above has its .br/.gz sibling.
    compress::precompress(&dist)?;
    Ok(dist)
}

/// The deliveries made from what Trunk and the index builder wrote: the service
/// worker of the installable app, the single-file edition, the kiosk, the widget's
/// example page, and every page's Content-Security-Policy.
fn deliveries(root: &Path, dist: &Path) -> Result<(), String> {
    let io = |e: std::io::Error| e.to_string();
    let parts = single_file::read_parts(dist, &no_modules_interface(root)?)?;
    std::fs::create_dir_all(dist.join("offline")).map_err(io)?;
    write_page(
        &dist.join("offline/rendiconto-aperto.html"),
        &single_file::page(&parts, false)?,
        csp::Page::SingleFile,
    )?;
    write_page(&dist.join("kiosk.html"), &single_file::page(&parts, true)?, csp::Page::SingleFile)?;
    let examples = dist.join("examples");
    std::fs::create_dir_all(&examples).map_err(io)?;
    for name in ["embed.html", "host.css", "embed.csp.txt"] {
        std::fs::copy(root.join("examples").join(name), examples.join(name))
            .map_err(|e| format!("examples/{name}: {e}"))?;
    }
    let site_policy = csp::policy(&parts.index_html, csp::Page::Site);
    std::fs::write(dist.join("csp.txt"), format!("{site_policy}\n")).map_err(io)?;
    let template = std::fs::read_to_string(root.join("web/sw.js")).map_err(|e| format!("web/sw.js: {e}"))?;
    pwa::write_service_worker(dist, &template)?;
    Ok(())
}

/// Writes a page and, beside it, its policy (`kiosk.html` → `kiosk.csp.txt`).
fn write_page(path: &Path, html: &str, page: csp::Page) -> Result<(), String> {
    std::fs::write(path, html).map_err(|e| format!("{}: {e}", path.display()))?;
    std::fs::write(policy_path(path), format!("{}\n", csp::policy(html, page))).map_err(|e| e.to_string())
}

/// `dir/name.html` → `dir/name.csp.txt`.
fn policy_path(page: &Path) -> PathBuf {
    page.with_extension("csp.txt")
}

/// The interface as a classic script: `wasm-bindgen --target no-modules` on the wasm
/// Trunk just compiled (module scripts cannot load from `file://`), then `wasm-opt`
/// as Trunk does. Returns the folder with `app.js` and `app_bg.wasm`.
fn no_modules_interface(root: &Path) -> Result<PathBuf, String> {
    let target = std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from).unwrap_or_else(|| root.join("target"));
    let wasm = target.join("wasm32-unknown-unknown/wasm-release/app.wasm");
    let out = target.join("no-modules-app");
    run(Command::new("wasm-bindgen")
        .env("PATH", tool_path())
        .args(["--target", "no-modules", "--no-typescript", "--out-name", "app", "--out-dir"])
        .arg(&out)
        .arg(&wasm))?;
    let opt = out.join("app_bg.wasm");
    run(Command::new("wasm-opt")
        .env("PATH", tool_path())
        .arg("-Oz")
        .arg(format!("--output={}", opt.display()))
        .arg(&opt))?;
    Ok(out)
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
    serve_with(http::Server::bind(addr)?, dir.to_path_buf(), None);
    Ok(())
}

/// The policy a page is served with: `name.csp.txt` beside it, else `csp.txt` of the
/// served folder (the app's own policy).
fn page_policy(dir: &Path, page: &Path) -> Option<String> {
    std::fs::read_to_string(policy_path(page))
        .or_else(|_| std::fs::read_to_string(dir.join("csp.txt")))
        .ok()
        .map(|c| c.trim().to_string())
}

/// Content-Security-Policy violation reports received (the tests expect none).
pub type CspReports = std::sync::Arc<std::sync::Mutex<Vec<String>>>;

/// Serves on an already bound server (the tests bind port 0 and read the port back).
/// HTML pages get their policy ([`page_policy`]); with `reports`, browsers are asked to
/// report violations to `/__csp-report`, which are collected there.
/// The loop ends when the server is stopped (the tests switch the network off so).
pub fn serve_with(server: std::sync::Arc<http::Server>, dir: PathBuf, reports: Option<CspReports>) {
    server.run(std::sync::Arc::new(move |request| answer(request, &dir, reports.as_ref())));
}

fn answer(request: http::Request, dir: &Path, reports: Option<&CspReports>) -> http::Response {
    let url = request.url.split(['?', '#']).next().unwrap_or("/").to_string();
    if url == "/__csp-report" {
        if let Some(r) = reports {
            r.lock().unwrap().push(String::from_utf8_lossy(&request.body).into_owned());
        }
        return http::Response::new(204, Vec::new());
    }
    let rel = url.trim_start_matches('/');
    let mut path = dir.join(if rel.is_empty() { "index.html" } else { rel });
    if path.is_dir() {
        path = path.join("index.html");
    }
    let safe = !rel.split('/').any(|seg| seg == "..");
    match (safe, std::fs::read(&path)) {
        (true, Ok(bytes)) => {
            let mut response = compress::respond(&request, &path, bytes).with_header("Content-Type", mime(&path));
            if let (Some(csp), true) = (page_policy(dir, &path), mime(&path).starts_with("text/html")) {
                let policy = if reports.is_some() { format!("{csp}; report-uri /__csp-report") } else { csp };
                response = response.with_header("Content-Security-Policy", &policy);
            }
            response
        }
        _ => http::Response::new(404, b"404 non trovato".to_vec())
            .with_header("Content-Type", "text/plain; charset=utf-8"),
    }
}
