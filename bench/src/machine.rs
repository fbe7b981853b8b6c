//! The machine and the tools' versions, said beside every figure.

use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// First line of a command's output, or "?".
pub fn version(cmd: &str, args: &[&str]) -> String {
    Command::new(cmd)
        .args(args)
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(|l| l.trim().to_string()))
        .unwrap_or_else(|| "?".into())
}

/// The version of an npm package scripts/setup-test.sh installed in `.tools/`.
pub fn npm_version(root: &Path, package: &str) -> String {
    std::fs::read_to_string(root.join(format!(".tools/node_modules/{package}/package.json")))
        .ok()
        .and_then(|s| serde_json::from_str::<Value>(&s).ok())
        .and_then(|v| v["version"].as_str().map(str::to_string))
        .unwrap_or_else(|| "?".into())
}

/// The version of a crate in Cargo.lock.
pub fn lock_version(root: &Path, krate: &str) -> String {
    let lock = std::fs::read_to_string(root.join("Cargo.lock")).unwrap_or_default();
    let needle = format!("name = \"{krate}\"\nversion = \"");
    lock.find(&needle)
        .map(|i| lock[i + needle.len()..].split('"').next().unwrap_or("?").to_string())
        .unwrap_or_else(|| "?".into())
}

/// Today, `YYYY-MM-DD` (UTC).
pub fn date() -> String {
    version("date", &["-u", "+%Y-%m-%d"])
}

/// The machine and the tools' versions, for the report.
pub fn machine(root: &Path) -> Value {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "?".into());
    let os = std::fs::read_to_string("/etc/os-release")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("PRETTY_NAME=")).map(|l| l[12..].trim_matches('"').to_string()))
        .unwrap_or_else(|| "?".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    json!({
        "cpu": cpu,
        "cores": cores,
        "os": os,
        "date": date(),
        "rustc": version("rustc", &["-V"]),
        "chromium": version(e2e::CHROMIUM, &["--version"]),
        "pagefind": npm_version(root, "pagefind"),
        "minisearch": npm_version(root, "minisearch"),
        "tantivy": lock_version(root, "tantivy"),
        "lighthouse": npm_version(root, "lighthouse"),
        "wasm_opt": version(&root.join(".tools/node_modules/.bin/wasm-opt").display().to_string(), &["--version"]),
    })
}
