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

/// Directives a policy in a `<meta>` element cannot carry (browsers ignore them there
/// and warn).
const HEADER_ONLY: [&str; 3] = ["frame-ancestors", "report-uri", "sandbox"];

/// `html` with its policy also in a `<meta http-equiv>` right after `<meta charset>`:
/// the fallback for a server that sends no header (and the only policy of a page
/// opened from disk). Without the directives only a header can carry. The inline
/// scripts' and styles' hashes do not change: a `<meta>` is neither.
pub fn with_meta(html: &str, policy: &str) -> String {
    const CHARSET: &str = "<meta charset=\"utf-8\">";
    let meta_policy: Vec<&str> = policy
        .split(';')
        .map(str::trim)
        .filter(|d| !d.is_empty() && !HEADER_ONLY.iter().any(|h| d.split_whitespace().next() == Some(*h)))
        .collect();
    let meta = format!("<meta http-equiv=\"Content-Security-Policy\" content=\"{}\">", meta_policy.join("; "));
    let without = remove_meta(html);
    match without.find(CHARSET) {
        Some(at) => format!("{}{meta}{}", &without[..at + CHARSET.len()], &without[at + CHARSET.len()..]),
        None => without,
    }
}

/// `html` without the policy `<meta>` [`with_meta`] put in (a page rebuilt keeps one).
fn remove_meta(html: &str) -> String {
    const OPEN: &str = "<meta http-equiv=\"Content-Security-Policy\"";
    match html.find(OPEN) {
        Some(start) => match html[start..].find('>') {
            Some(len) => format!("{}{}", &html[..start], &html[start + len + 1..]),
            None => html.to_string(),
        },
        None => html.to_string(),
    }
}

/// The policy of the `<meta>` in `html`, if it has one.
pub fn meta_policy(html: &str) -> Option<&str> {
    const OPEN: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"";
    let start = html.find(OPEN)? + OPEN.len();
    Some(&html[start..start + html[start..].find('"')?])
}

/// What a `<meta>` can carry of `policy` (see [`with_meta`]).
pub fn meta_part(policy: &str) -> String {
    meta_policy(&with_meta("<meta charset=\"utf-8\">", policy)).unwrap_or("").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_meta_fallback_carries_the_policy_but_what_only_a_header_can() {
        let html = "<head><meta charset=\"utf-8\"><script>go()</script></head>";
        let csp = policy(html, Page::Site);
        let with = with_meta(html, &csp);
        assert_eq!(policy(&with, Page::Site), csp, "the hashes do not change");
        let meta = meta_policy(&with).unwrap();
        assert!(meta.starts_with("default-src 'self'; script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{meta}");
        assert!(!meta.contains("frame-ancestors") && csp.contains("frame-ancestors"));
        assert_eq!(with_meta(&with, &csp), with, "once, also when built again");
        assert_eq!(meta_part(&csp), meta);
    }

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
