//! The site's pages, rendered at build time: `web/src/bin/prerender.rs` (the app's own
//! components, natively, with Yew's server-side rendering) run on the assembled site.
//! It replaces `index.html` with the prerendered home and writes `missione/N/`,
//! `programma/N-M/`, `attivita/N-M-K/`, `tabella/N-M-K/` and `dati/` (each an
//! `index.html`), `404.html` (what static servers send for an unknown address),
//! `sitemap.xml` and `robots.txt` for the site's public address.

use std::path::Path;
use std::process::Command;

/// The public address `sitemap.xml`, `robots.txt` and the canonical links name when
/// `--base-url` does not say (the address the README's widget example uses).
pub const DEFAULT_BASE_URL: &str = "https://www.comune.torino.it/rendiconto-aperto/";

/// Folders of `dist/` that hold prerendered pages.
pub const PAGE_DIRS: [&str; 5] = ["missione", "programma", "attivita", "tabella", "dati"];

/// Whether `rel` (a path in `dist/`) is a prerendered page or its sibling (`.br`, `.gz`)
/// — `dati/index.html` lives among the open-data files but is a page of the site.
pub fn is_page(rel: &str) -> bool {
    if rel.starts_with("sitemap.xml") || rel.starts_with("robots.txt") || rel.starts_with("404.html") {
        return true;
    }
    let Some((dir, rest)) = rel.split_once('/') else { return false };
    PAGE_DIRS.contains(&dir)
        && (rest.ends_with("/index.html") || rest.starts_with("index.html") || rest.contains("/index.html."))
}

/// Renders the pages into `site` (Trunk's output with `bundle/`), for `base_url`.
/// Every page runs the same inline scripts as `index.html`, so the site's one policy
/// (`csp.txt`) is theirs too: checked here, and written into each page as a `<meta>`.
pub fn write_pages(root: &Path, site: &Path, base_url: Option<&str>) -> Result<(), String> {
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root).args(["run", "--quiet", "-p", "rendiconto-web", "--features", "ssr", "--bin", "prerender"]);
    cmd.arg("--").arg("--site").arg(site);
    cmd.args(["--base-url", base_url.unwrap_or(DEFAULT_BASE_URL)]);
    crate::run(&mut cmd)?;
    let read = |p: &Path| std::fs::read_to_string(p).map_err(|e| format!("{}: {e}", p.display()));
    let home = crate::csp::policy(&read(&site.join("index.html"))?, crate::csp::Page::Site);
    for page in pages(site)? {
        let html = read(&page)?;
        if crate::csp::policy(&html, crate::csp::Page::Site) != home {
            return Err(format!(
                "{} runs other inline scripts than index.html: csp.txt would block them",
                page.display()
            ));
        }
        // The policy in the page too, for servers that send no header.
        std::fs::write(&page, crate::csp::with_meta(&html, &home)).map_err(|e| format!("{}: {e}", page.display()))?;
    }
    Ok(())
}

/// Every page of the site in `site`: `index.html`, `404.html` and the prerendered ones.
pub fn pages(site: &Path) -> Result<Vec<std::path::PathBuf>, String> {
    let mut pages = vec![site.join("index.html"), site.join("404.html")];
    for dir in PAGE_DIRS {
        let top = site.join(dir);
        if top.join("index.html").exists() {
            pages.push(top.join("index.html"));
        } else {
            let entries = std::fs::read_dir(&top).map_err(|e| format!("{}: {e}", top.display()))?;
            let mut found: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path().join("index.html"))).collect();
            found.sort();
            pages.extend(found);
        }
    }
    Ok(pages)
}

#[cfg(test)]
mod tests {
    #[test]
    fn pages_are_told_from_open_data() {
        use super::is_page;
        assert!(is_page("dati/index.html") && is_page("dati/index.html.br"));
        assert!(is_page("attivita/9-3-1/index.html") && is_page("attivita/9-3-1/index.html.gz"));
        assert!(!is_page("dati/attivita.csv") && !is_page("dati/rendiconto.json") && !is_page("index.html"));
        assert!(is_page("sitemap.xml") && is_page("404.html") && is_page("404.html.br"));
    }
}
