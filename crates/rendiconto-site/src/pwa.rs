//! The installable web app's service worker: `web/sw.js` with the list of files to
//! precache and a version that is a hash of all of them, so that any change in the
//! app, the engine or the bundle makes a new cache (see the comments in web/sw.js).

use sha2::Digest as _;
use std::path::Path;

/// Files of `dist/` the installed app needs offline, as relative URLs, sorted. Not
/// the other deliveries (single file, kiosk, widget example), not the server's files,
/// not the prerendered pages: `sw.js` fetches those from the network first, keeps the
/// ones seen, and offline opens an unseen one in the app by its old link (`?a=…`).
pub fn precached(dist: &Path) -> Result<Vec<String>, String> {
    // The site's app reads the index and the texts in pieces (`bundle/pieces/`, every
    // one precached) and the catalog; the whole `index.pack` and `data.json` beside
    // them are for the single files and the command line.
    let in_pieces = dist.join("bundle/pieces/pieces.json").exists();
    // `files` already leaves out the precompressed `.br`/`.gz` siblings.
    let mut urls: Vec<String> = crate::compress::files(dist)?
        .iter()
        .filter_map(|p| p.strip_prefix(dist).ok())
        .map(|p| p.to_string_lossy().replace('\\', "/"))
        .filter(|rel| {
            let top = rel.split('/').next().unwrap_or("");
            !matches!(top, "offline" | "examples" | "sw.js" | "kiosk.html" | "embed.js")
                && !rel.ends_with("csp.txt")
                // The web servers' configurations, which the servers do not serve.
                && !crate::deploy::is_deploy(rel)
                && !(in_pieces && matches!(rel.as_str(), "bundle/index.pack" | "bundle/data.json"))
                // The 570 prerendered pages are fetched network-first (web/sw.js).
                && !crate::prerender::PAGE_DIRS.contains(&top)
                && !crate::prerender::is_page(rel)
        })
        .collect();
    urls.push("./".into());
    urls.sort();
    Ok(urls)
}

/// Writes `dist/sw.js`; returns the version.
pub fn write_service_worker(dist: &Path, template: &str) -> Result<String, String> {
    let urls = precached(dist)?;
    let mut hasher = sha2::Sha256::new();
    for url in &urls {
        let file = if url == "./" { dist.join("index.html") } else { dist.join(url) };
        hasher.update(url.as_bytes());
        hasher.update([0]);
        hasher.update(std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?);
    }
    let version = hex::encode(&hasher.finalize()[..8]);
    let list = format!("[\n  {}\n]", urls.iter().map(|u| format!("'{u}'")).collect::<Vec<_>>().join(",\n  "));
    if !template.contains("'__RA_VERSION__'")
        || !template.contains("__RA_FILES__")
        || !template.contains("__RA_HASHED__")
    {
        return Err("web/sw.js lost its __RA_VERSION__ / __RA_FILES__ / __RA_HASHED__ placeholders".into());
    }
    // The servers' own pattern for content-hashed names (valid in both Rust and
    // JavaScript), so the worker and the servers agree on which files never change.
    let hashed = serde_json::to_string(crate::headers::CONTENT_HASHED).expect("a string");
    let sw =
        template.replace("__RA_VERSION__", &version).replace("__RA_FILES__", &list).replace("__RA_HASHED__", &hashed);
    std::fs::write(dist.join("sw.js"), sw).map_err(|e| e.to_string())?;
    Ok(version)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fake_dist(name: &str) -> std::path::PathBuf {
        let dir = std::env::temp_dir().join(format!("xtask-pwa-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        for (path, body) in [
            ("index.html", "<html>"),
            ("app-1.js", "js"),
            ("bundle/index.pack", "RAIX"),
            ("kiosk.html", "k"),
            ("offline/rendiconto-aperto.html", "o"),
            ("examples/embed.html", "e"),
            ("csp.txt", "p"),
            ("deploy/nginx.conf", "location"),
            ("app-1.js.br", "b"),
        ] {
            let p = dir.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, body).unwrap();
        }
        dir
    }

    #[test]
    fn precaches_the_app_and_bundle_only() {
        let dir = fake_dist("list");
        assert_eq!(precached(&dir).unwrap(), ["./", "app-1.js", "bundle/index.pack", "index.html"]);
    }

    #[test]
    fn any_changed_file_is_a_new_version() {
        let dir = fake_dist("version");
        let template =
            "const VERSION = '__RA_VERSION__'; const FILES = __RA_FILES__; const HASHED = new RegExp(__RA_HASHED__);";
        let v1 = write_service_worker(&dir, template).unwrap();
        assert_eq!(write_service_worker(&dir, template).unwrap(), v1, "same files, same version");
        let sw = std::fs::read_to_string(dir.join("sw.js")).unwrap();
        assert!(sw.contains(&v1) && sw.contains("'bundle/index.pack'") && !sw.contains("kiosk"));
        // The servers' pattern for content-hashed names, as a JavaScript string.
        let pattern = serde_json::to_string(crate::headers::CONTENT_HASHED).unwrap();
        assert!(sw.contains(&format!("new RegExp({pattern})")), "{sw}");
        std::fs::write(dir.join("bundle/index.pack"), "RAIX2").unwrap();
        assert_ne!(write_service_worker(&dir, template).unwrap(), v1);
        assert!(write_service_worker(&dir, "no placeholders").is_err());
    }
}
