//! Content-Security-Policy of each page in `dist/`, written next to it for the web
//! server to send (`index.html` → `csp.txt`, `kiosk.html` → `kiosk.csp.txt`, …).
//! Inline scripts and styles are allowed only by their sha256 hash: no
//! `'unsafe-inline'`, no `eval`; `'wasm-unsafe-eval'` is what WebAssembly needs.

use base64::Engine as _;
use sha2::Digest as _;

/// Which kind of page the policy is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    /// A page of the site: its one worker is the service worker `sw.js`.
    Site,
    /// A single self-contained file: no workers, fonts as `data:` URLs.
    SingleFile,
}

fn hash(body: &str) -> String {
    let digest = sha2::Sha256::digest(body.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The bodies of the page's `<tag …>…</tag>` elements whose opening tag passes `keep`.
fn inline_bodies<'a>(html: &'a str, tag: &str, keep: impl Fn(&str) -> bool) -> Vec<&'a str> {
    let (open, close) = (format!("<{tag}"), format!("</{tag}>"));
    let mut bodies = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&open) {
        let after = &rest[start..];
        let open_end = after.find('>').map(|i| i + 1).unwrap_or(after.len());
        let Some(end) = after.find(&close) else { break };
        if keep(&after[..open_end]) {
            bodies.push(&after[open_end..end]);
        }
        rest = &after[end + close.len()..];
    }
    bodies
}

/// Scripts the browser runs: no `src`, and no data type such as `application/json`.
fn runs(open_tag: &str) -> bool {
    let typed = |t: &str| open_tag.contains(&format!("type=\"{t}\""));
    !open_tag.contains(" src=") && (!open_tag.contains(" type=") || typed("module") || typed("text/javascript"))
}

/// The policy for one page of the app, given its HTML.
pub fn policy(html: &str, page: Page) -> String {
    let scripts: Vec<String> = inline_bodies(html, "script", runs).into_iter().map(hash).collect();
    let styles: Vec<String> = inline_bodies(html, "style", |_| true).into_iter().map(hash).collect();
    let join = |first: &str, hashes: &[String]| {
        std::iter::once(first.to_string()).chain(hashes.iter().cloned()).collect::<Vec<_>>().join(" ")
    };
    // The site's pages name their root with a relative `<base>` (prerendered pages in
    // folders: `<base href="../../">`), which the app makes absolute at start.
    let (worker_src, font_src, base_uri) = match page {
        Page::Site => ("'self'", "'self'", "'self'"),
        Page::SingleFile => ("'none'", "'self' data:", "'none'"),
    };
    format!(
        "default-src 'self'; script-src {}; style-src {}; img-src 'self' data:; font-src {font_src}; \
         connect-src 'self'; worker-src {worker_src}; object-src 'none'; base-uri {base_uri}; form-action 'none'; \
         frame-ancestors 'self'",
        join("'self' 'wasm-unsafe-eval'", &scripts),
        join("'self'", &styles),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_scripts_only_by_hash() {
        let csp = policy(
            "<script type=\"module\">init()</script><script src=\"a.js\"></script><script>x</script>\
             <script type=\"application/octet-stream\" id=\"d\">AAAA</script>",
            Page::Site,
        );
        assert_eq!(csp.matches("'sha256-").count(), 2, "external scripts and data blocks need no hash: {csp}");
        assert!(!csp.contains("'unsafe-inline'") && !csp.contains("'unsafe-eval'"));
        assert!(csp.contains("'wasm-unsafe-eval'"));
        assert!(csp.contains("worker-src 'self'"));
    }

    #[test]
    fn single_file_pages_hash_their_style_and_start_no_workers() {
        let csp = policy("<style>body{}</style><script>go()</script>", Page::SingleFile);
        assert!(csp.contains("worker-src 'none'"));
        assert!(csp.contains("font-src 'self' data:"));
        assert!(csp.contains(&format!("style-src 'self' {}", hash("body{}"))));
        assert!(csp.contains(&hash("go()")));
    }
}
