//! Shared by the `xtask` binary and the end-to-end tests: building `dist/` and serving it.

use std::path::{Path, PathBuf};
use std::process::Command;

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
    run(Command::new("cargo").current_dir(&root).args(["fetch", "--target", "wasm32-unknown-unknown"]))?;
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
    Ok(dist)
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
    serve_with(server, dir.to_path_buf());
    Ok(())
}

/// Serves on an already bound server (the tests bind port 0 and read the port back).
pub fn serve_with(server: tiny_http::Server, dir: PathBuf) {
    for request in server.incoming_requests() {
        let url = request.url().split(['?', '#']).next().unwrap_or("/").to_string();
        let rel = url.trim_start_matches('/');
        let mut path = dir.join(if rel.is_empty() { "index.html" } else { rel });
        if path.is_dir() {
            path = path.join("index.html");
        }
        let safe = !rel.split('/').any(|seg| seg == "..");
        let response = match (safe, std::fs::read(&path)) {
            (true, Ok(bytes)) => {
                let header = tiny_http::Header::from_bytes("Content-Type", mime(&path)).unwrap();
                tiny_http::Response::from_data(bytes).with_header(header).boxed()
            }
            _ => tiny_http::Response::from_string("404 non trovato").with_status_code(404).boxed(),
        };
        let _ = request.respond(response);
    }
}
