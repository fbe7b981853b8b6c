//! Sizes as a server sends them: raw, gzip and brotli (the precompressed siblings when
//! the build wrote them, else what the server would compress); the tables of `dist/`'s
//! files and of each delivery `cargo xtask dist` builds (BENCHMARKS.md).

use rendiconto_site::compress::{encoded, files, Encoding};
use serde_json::{json, Value};
use std::path::Path;

#[derive(Default, Clone, Copy)]
pub struct Size {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl std::ops::AddAssign for Size {
    fn add_assign(&mut self, s: Size) {
        self.raw += s.raw;
        self.gzip += s.gzip;
        self.brotli += s.brotli;
    }
}

pub fn of_file(path: &Path) -> Result<Size, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    Ok(Size {
        raw: bytes.len(),
        gzip: encoded(path, &bytes, Encoding::Gzip).1.len(),
        brotli: encoded(path, &bytes, Encoding::Brotli).1.len(),
    })
}

/// What the web site's app may read of the bundle in `dir`: every file but the whole
/// `index.pack` and `data.json`, which the single files and the command line read
/// (the site reads them in pieces and the catalog).
pub fn of_site_bundle(dir: &Path) -> Result<Size, String> {
    let mut total = Size::default();
    for (name, s) in of_dir(dir)?.0 {
        if !matches!(name.as_str(), "index.pack" | "data.json") {
            total += s;
        }
    }
    Ok(total)
}

/// Every file under `dir`: (path relative to `dir`, size), and the total.
pub fn of_dir(dir: &Path) -> Result<(Vec<(String, Size)>, Size), String> {
    let mut rows = Vec::new();
    let mut total = Size::default();
    for path in files(dir)? {
        let s = of_file(&path)?;
        total += s;
        rows.push((path.strip_prefix(dir).unwrap().display().to_string(), s));
    }
    Ok((rows, total))
}

pub fn json(s: Size) -> Value {
    json!({ "raw": s.raw, "gzip": s.gzip, "brotli": s.brotli })
}

/// The markdown table of the web site's files in `dist/` (BENCHMARKS.md, "What the
/// browser downloads"); the other deliveries have their own table.
pub fn dist_table(dist: &Path) -> Result<(String, Value), String> {
    let mut rows = Vec::new();
    let mut total = Size::default();
    for name in site_files(dist)? {
        let s = of_file(&dist.join(&name))?;
        total += s;
        rows.push((name, s));
    }
    let mut md = String::from("| file | raw | gzip | brotli |\n|---|---:|---:|---:|\n");
    let mut list = Vec::new();
    // The index's chunks (hundreds, a question downloads a few) and the programmes'
    // texts: one row per kind in the table, each file in results.json.
    let mut chunks: std::collections::BTreeMap<&str, (usize, Size)> = Default::default();
    for (name, s) in &rows {
        list.push(json!({ "file": name, "raw": s.raw, "gzip": s.gzip, "brotli": s.brotli }));
        let kind = name.strip_prefix("bundle/pieces/").and_then(|f| f.rsplit_once('.')).map(|(_, ext)| ext);
        match kind.filter(|_| !name.ends_with("/pieces.json")) {
            Some(ext @ ("idx" | "pos" | "json" | "pack")) => {
                let (n, total) = chunks.entry(ext).or_default();
                *n += 1;
                *total += *s;
            }
            _ => md.push_str(&format!("| {name} | {} | {} | {} |\n", s.raw, s.gzip, s.brotli)),
        }
    }
    for (ext, (n, s)) in chunks {
        let what = match ext {
            "idx" => "postings chunks, each compressed alone (a question downloads a few)",
            "pos" => "positions chunks, each compressed alone (a question downloads a few)",
            "pack" => "fill packs: the same chunks, a few downloads after the first results",
            _ => "programmes' texts, each compressed alone (a results page downloads a few)",
        };
        md.push_str(&format!("| bundle/pieces/*.{ext}: {n} {what} | {} | {} | {} |\n", s.raw, s.gzip, s.brotli));
    }
    md.push_str(&format!("| **total** | **{}** | **{}** | **{}** |\n", total.raw, total.gzip, total.brotli));
    Ok((md, json!({ "files": list, "total": json(total) })))
}

/// The files of the installable web site: what the service worker precaches, and itself.
pub fn site_files(dist: &Path) -> Result<Vec<String>, String> {
    let mut files: Vec<String> = rendiconto_site::pwa::precached(dist)?.into_iter().filter(|f| f != "./").collect();
    files.push("sw.js".into());
    files.sort();
    Ok(files)
}

/// The total of `files` (below `dir`).
pub fn of_files(dir: &Path, files: &[String]) -> Result<Size, String> {
    let mut total = Size::default();
    for f in files {
        total += of_file(&dir.join(f))?;
    }
    Ok(total)
}

/// The markdown table of the deliveries (BENCHMARKS.md, "Deliveries"), raw and as the
/// server sends them.
pub fn deliveries_table(dist: &Path) -> Result<(String, Value), String> {
    let site = site_files(dist)?;
    let rows = [
        ("Web site, installable: everything the service worker stores on the first visit", of_files(dist, &site)?),
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
        list.push(json!({ "delivery": name, "size": json(s) }));
    }
    Ok((md, Value::Array(list)))
}
