//! Sizes of each delivery built by `cargo xtask dist` (BENCHMARKS.md, "Deliveries"),
//! raw and as the server sends them.

use super::sizes::{json as size_json, of_file, Size};
use serde_json::{json, Value};
use std::path::Path;

/// The files of the installable web site: what the service worker precaches, and itself.
pub fn site_files(dist: &Path) -> Result<Vec<String>, String> {
    let mut files: Vec<String> = xtask::pwa::precached(dist)?.into_iter().filter(|f| f != "./").collect();
    files.push("sw.js".into());
    files.sort();
    Ok(files)
}

fn sum(dist: &Path, files: &[String]) -> Result<Size, String> {
    let mut total = Size::default();
    for f in files {
        total += of_file(&dist.join(f))?;
    }
    Ok(total)
}

pub fn table(dist: &Path) -> Result<(String, Value), String> {
    let site = site_files(dist)?;
    let rows = [
        ("Web site, installable: everything the service worker stores on the first visit", sum(dist, &site)?),
        (
            "Single file `offline/rendiconto-aperto.html` (USB stick, `file://`)",
            of_file(&dist.join("offline/rendiconto-aperto.html"))?,
        ),
        ("Kiosk `kiosk.html` (single file, kiosk mode)", of_file(&dist.join("kiosk.html"))?),
        ("Widget script `embed.js` (its frame then loads the web site)", of_file(&dist.join("embed.js"))?),
    ];
    let mut md = String::from("| delivery | raw | gzip | brotli |\n|---|---:|---:|---:|\n");
    let mut list = Vec::new();
    for (name, s) in rows {
        md.push_str(&format!("| {name} | {} | {} | {} |\n", s.raw, s.gzip, s.brotli));
        list.push(json!({ "delivery": name, "size": size_json(s) }));
    }
    Ok((md, Value::Array(list)))
}
