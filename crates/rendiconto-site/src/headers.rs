//! What every file of `dist/` is served with, decided once: its type, how long it may
//! be cached, the page's Content-Security-Policy and the headers every response
//! carries. The project's server ([`crate::http`]) applies it, and the nginx and
//! Apache configurations ([`crate::nginx`], [`crate::apache`]) are written from it, so
//! the three cannot drift apart; `tests/tests/deploy.rs` checks the real servers'
//! answers against [`for_file`].

use std::path::Path;

/// Every response: no guessing of types from content, no full address sent to other
/// sites, no powerful browser features (the app uses none).
pub const SECURITY: [(&str, &str); 3] = [
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
    ("Permissions-Policy", "camera=(), geolocation=(), microphone=(), payment=(), usb=()"),
];

/// For the HTTPS server only (documented in the generated examples, not sent by the
/// local servers: a browser would then refuse plain `http://127.0.0.1`).
pub const HSTS: (&str, &str) = ("Strict-Transport-Security", "max-age=31536000");

/// The name of a file whose content is in its name (Trunk's `app-<hex>.js`,
/// `app-<hex>_bg.wasm`, `style-<hex>.css`; the index's pieces and texts
/// `bundle/pieces/<16 hex>.idx`, `.json`), as a PCRE both servers use. The `.br`/`.gz`
/// siblings match too: they hold the same content. Trunk writes its hash, a u64, in hex
/// without leading zeros: 15 digits one build in 16 (`app-99a76240e17881a.js`), which
/// a pattern of exactly 16 served as `no-cache`, so the service worker's install
/// downloaded the wasm again.
pub const CONTENT_HASHED: &str = r"(^|[-/])[0-9a-f]{8,16}(_bg)?\.[a-z0-9]+(\.br|\.gz)?$";

/// How long a response may be reused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cache {
    /// A content-hashed name: a new content gets a new name, so a year, unchecked.
    Immutable,
    /// Everything else (pages, `sw.js`, manifests, the bundle, `dati/`): kept, but
    /// checked with the server before each use, so an update is seen at once.
    Revalidate,
}

impl Cache {
    pub fn header(self) -> &'static str {
        match self {
            Cache::Immutable => "public, max-age=31536000, immutable",
            Cache::Revalidate => "no-cache",
        }
    }
}

/// Content types by extension, with their charset. The servers' own tables are
/// replaced by this one for the site's folder.
pub const TYPES: [(&str, &str); 20] = [
    ("html", "text/html; charset=utf-8"),
    ("js", "text/javascript; charset=utf-8"),
    ("css", "text/css; charset=utf-8"),
    ("txt", "text/plain; charset=utf-8"),
    ("csv", "text/csv; charset=utf-8"),
    ("xml", "application/xml; charset=utf-8"),
    ("json", "application/json"),
    ("jsonld", "application/ld+json"),
    ("ndjson", "application/x-ndjson"),
    ("webmanifest", "application/manifest+json"),
    ("wasm", "application/wasm"),
    ("pack", "application/octet-stream"),
    // The index's pieces (bundle/pieces/): hotcache, postings and positions chunks.
    ("hot", "application/octet-stream"),
    ("idx", "application/octet-stream"),
    ("pos", "application/octet-stream"),
    ("svg", "image/svg+xml"),
    ("png", "image/png"),
    ("ico", "image/x-icon"),
    ("woff2", "font/woff2"),
    ("zip", "application/zip"),
];

/// The type of anything else.
pub const DEFAULT_TYPE: &str = "application/octet-stream";

/// What one file is served with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headers {
    pub content_type: &'static str,
    pub cache: Cache,
    /// Only for HTML pages: the policy written beside the page, else the site's.
    pub policy: Option<String>,
}

/// The content type of a file of `dist/` (of its uncompressed self).
pub fn content_type(rel: &str) -> &'static str {
    let ext = rel.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    TYPES.iter().find(|(e, _)| *e == ext).map(|(_, t)| *t).unwrap_or(DEFAULT_TYPE)
}

/// Whether `rel`'s name holds its content's hash ([`CONTENT_HASHED`]).
pub fn is_content_hashed(rel: &str) -> bool {
    static PATTERN: std::sync::OnceLock<regex::Regex> = std::sync::OnceLock::new();
    PATTERN.get_or_init(|| regex::Regex::new(CONTENT_HASHED).expect("a valid pattern")).is_match(rel)
}

/// What `rel` (a file of `dist`, uncompressed) is served with.
pub fn for_file(dist: &Path, rel: &str) -> Headers {
    let content_type = content_type(rel);
    let cache = if is_content_hashed(rel) { Cache::Immutable } else { Cache::Revalidate };
    let policy = content_type.starts_with("text/html").then(|| page_policy(dist, &dist.join(rel))).flatten();
    Headers { content_type, cache, policy }
}

/// The policy a page is served with: `name.csp.txt` beside it, else the site's
/// `csp.txt` (every prerendered page runs the same inline scripts as the home:
/// [`crate::prerender::write_pages`] checks it).
pub fn page_policy(dist: &Path, page: &Path) -> Option<String> {
    std::fs::read_to_string(crate::policy_path(page))
        .or_else(|_| std::fs::read_to_string(dist.join("csp.txt")))
        .ok()
        .map(|c| c.trim().to_string())
}

/// The pages of `dist` with a policy of their own (`kiosk.html` beside
/// `kiosk.csp.txt`…), as paths in `dist` with that policy, sorted: the servers'
/// configurations name each; every other page gets the site's.
pub fn own_policies(dist: &Path) -> Result<Vec<(String, String)>, String> {
    let mut pages = Vec::new();
    for file in crate::compress::files(dist)? {
        let rel = file.strip_prefix(dist).unwrap_or(&file).to_string_lossy().replace('\\', "/");
        if let Some(page) = rel.strip_suffix(".csp.txt") {
            let html = format!("{page}.html");
            if dist.join(&html).exists() {
                let policy = std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
                pages.push((html, policy.trim().to_string()));
            }
        }
    }
    pages.sort();
    Ok(pages)
}

/// The site's own policy (`csp.txt`).
pub fn site_policy(dist: &Path) -> Result<String, String> {
    let path = dist.join("csp.txt");
    std::fs::read_to_string(&path).map(|p| p.trim().to_string()).map_err(|e| format!("{}: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_are_told_from_the_others() {
        for hashed in [
            "app-0123456789abcdef_bg.wasm",
            "app-0123456789abcdef.js",
            "app-99a76240e17881a_bg.wasm",
            "app-99a76240e17881a.js",
            "style-fedcba9876543210.css.br",
            "bundle/pieces/592566a0fa483212.json",
            "bundle/pieces/0123456789abcdef.idx",
        ] {
            assert!(is_content_hashed(hashed), "{hashed}");
        }
        for plain in [
            "sw.js",
            "bundle/index.pack",
            "bundle/pieces/pieces.json",
            "index.html",
            "dati/attivita.csv",
            "app-0123.js",
        ] {
            assert!(!is_content_hashed(plain), "{plain}");
        }
    }

    #[test]
    fn types_carry_their_charset_and_the_rest_is_octets() {
        assert_eq!(content_type("dati/attivita.csv"), "text/csv; charset=utf-8");
        assert_eq!(content_type("dati/dcat.jsonld"), "application/ld+json");
        assert_eq!(content_type("manifest.webmanifest"), "application/manifest+json");
        assert_eq!(content_type("app_bg.wasm"), "application/wasm");
        assert_eq!(content_type("LICENSE"), DEFAULT_TYPE);
    }

    #[test]
    fn pages_with_a_policy_of_their_own_are_listed_with_it() {
        let dir = std::env::temp_dir().join(format!("site-headers-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("offline")).unwrap();
        for (path, body) in [
            ("index.html", "<html>"),
            ("csp.txt", "default-src 'self'\n"),
            ("kiosk.html", "<html>"),
            ("kiosk.csp.txt", "default-src 'none'\n"),
            ("offline/x.html", "<html>"),
            ("offline/x.csp.txt", "script-src 'self'\n"),
            ("orphan.csp.txt", "default-src 'none'\n"),
        ] {
            std::fs::write(dir.join(path), body).unwrap();
        }
        let own = own_policies(&dir).unwrap();
        assert_eq!(
            own,
            vec![
                ("kiosk.html".to_string(), "default-src 'none'".to_string()),
                ("offline/x.html".to_string(), "script-src 'self'".to_string())
            ]
        );
        assert_eq!(for_file(&dir, "index.html").policy.as_deref(), Some("default-src 'self'"));
        assert_eq!(for_file(&dir, "kiosk.html").policy.as_deref(), Some("default-src 'none'"));
        assert_eq!(for_file(&dir, "sw.js").policy, None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
