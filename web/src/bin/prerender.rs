//! Renders every page of the site at build time, with the app's own components
//! (Yew's server-side rendering): the home, each mission, programme, activity and
//! indicator table, and the open-data page, each at its path (see `route.rs`), plus
//! `sitemap.xml` and `robots.txt`. `cargo xtask dist` runs it on the built site:
//!
//! ```text
//! prerender --site DIR --base-url https://www.comune.torino.it/rendiconto-aperto/
//! ```
//!
//! `DIR` holds Trunk's `index.html` (the page's head: styles, the app's script) and
//! `bundle/` (the report the pages are made of, checked against its manifest). Each
//! page is that `index.html` with its own title, description, canonical URL and Open
//! Graph / Twitter tags, a `<base>` of the site's root (so that the same relative links
//! work at any depth and under any folder of a server), the rendered app in `#app` and
//! its content as JSON in `#ra-page`, from which the app's first render is made: the
//! browser hydrates the page instead of rendering it again. The root `index.html` is
//! replaced by the prerendered home. Output is byte-identical from run to run.

use rendiconto_search::Bundle;
use rendiconto_web::app::{App, AppProps};
use rendiconto_web::escape_html as escape;
use rendiconto_web_core::i18n::Lang;
use rendiconto_web_core::{Location, Page, UrlState};
use std::path::{Path, PathBuf};
use std::rc::Rc;

/// Where the site is published when `--base-url` does not say (README: the example
/// the widget's instructions use).
const DEFAULT_BASE_URL: &str = "https://www.comune.torino.it/rendiconto-aperto/";

fn main() {
    if let Err(e) = run() {
        eprintln!("prerender: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut site = None;
    let mut base_url = DEFAULT_BASE_URL.to_string();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--site" => site = args.next().map(PathBuf::from),
            "--base-url" => base_url = args.next().ok_or("--base-url needs a URL")?,
            other => return Err(format!("unknown argument {other}; usage: prerender --site DIR [--base-url URL]")),
        }
    }
    let site = site.ok_or("usage: prerender --site DIR [--base-url URL]")?;
    if !base_url.ends_with('/') {
        base_url.push('/');
    }
    let read = |p: &Path| std::fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let bundle = site.join("bundle");
    let manifest = Bundle::read_manifest(&read(&bundle.join("manifest.json"))?).map_err(|e| e.to_string())?;
    let doc = Bundle::open_document(&manifest, &read(&bundle.join("data.json"))?, &read(&bundle.join("details.json"))?)
        .map_err(|e| e.to_string())?;
    let template = String::from_utf8(read(&site.join("index.html"))?).map_err(|e| e.to_string())?;
    // The prerendered home replaces index.html: the template is the one Trunk wrote.
    if template.contains("id=\"ra-page\"") {
        return Err("index.html is already prerendered: run on Trunk's output".into());
    }

    let runtime = tokio::runtime::Builder::new_current_thread().build().map_err(|e| e.to_string())?;
    let local = tokio::task::LocalSet::new();
    let routes = Page::routes(&doc);
    let mut sitemap = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for route in &routes {
        let page = Page::of_report(&doc, *route);
        if page == Page::NotFound {
            return Err(format!("no content for {route:?}"));
        }
        let path = route.path();
        let base = "../".repeat(route.depth());
        write_page(&site.join(&path).join("index.html"), &local, &runtime, &template, page, &base_url, &base)?;
        sitemap.push_str(&format!("  <url><loc>{}</loc></url>\n", escape(&format!("{base_url}{path}"))));
    }
    // What the usual static servers send for an address that names nothing: the app's
    // own "not found" page. It may be served at any depth, so its `<base>` is the
    // site's folder on the server (the path of `--base-url`).
    let folder = base_url.find("://").and_then(|i| base_url[i + 3..].find('/').map(|j| &base_url[i + 3 + j..]));
    write_page(&site.join("404.html"), &local, &runtime, &template, Page::NotFound, &base_url, folder.unwrap_or("/"))?;
    sitemap.push_str("</urlset>\n");
    std::fs::write(site.join("sitemap.xml"), sitemap).map_err(|e| e.to_string())?;
    std::fs::write(site.join("robots.txt"), format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}sitemap.xml\n"))
        .map_err(|e| e.to_string())?;
    eprintln!("prerender: {} pages, 404.html, sitemap.xml and robots.txt for {base_url}", routes.len());
    Ok(())
}

/// Renders `page` into `out`: the app as the browser will hydrate it, inside Trunk's
/// `index.html` with the page's own head.
fn write_page(
    out: &Path,
    local: &tokio::task::LocalSet,
    runtime: &tokio::runtime::Runtime,
    template: &str,
    page: Page,
    base_url: &str,
    base: &str,
) -> Result<(), String> {
    let body = local.block_on(runtime, render(page.clone()));
    let html = page_html(template, &page, &body, base_url, base)?;
    std::fs::create_dir_all(out.parent().unwrap()).map_err(|e| e.to_string())?;
    std::fs::write(out, html).map_err(|e| format!("{}: {e}", out.display()))
}

/// The app rendered on `page`, as the browser will hydrate it.
async fn render(page: Page) -> String {
    let props = AppProps {
        start: Location::new(page.route(), Default::default()),
        prerendered: Some(Rc::new(page)),
        typed: None,
        first_answer: None,
    };
    yew::LocalServerRenderer::<App>::with_props(props).render().await
}

/// Replaces the text between `open` (its end) and the next `close`.
fn replace_between(html: &str, open: &str, close: &str, with: &str) -> Result<String, String> {
    let start = html.find(open).ok_or_else(|| format!("index.html has no {open}"))? + open.len();
    let end = start + html[start..].find(close).ok_or_else(|| format!("index.html has no {close}"))?;
    Ok(format!("{}{with}{}", &html[..start], &html[end..]))
}

/// `base`: the site's root from this page (`../../`), `""` at the root.
fn page_html(template: &str, page: &Page, body: &str, base_url: &str, base: &str) -> Result<String, String> {
    let title = page.title(Lang::It, &UrlState::default());
    let description = page.description(Lang::It);
    let url = format!("{base_url}{}", page.route().path());
    let mut html = replace_between(template, "<title>", "</title>", &escape(&title))?;
    html = replace_between(&html, "<meta name=\"description\" content=\"", "\"", &escape(&description))?;
    // The site's root, from this page's folder; the root itself needs none.
    let base = match base {
        "" => String::new(),
        base => format!("\n  <base href=\"{base}\">"),
    };
    let kind = page.og_type();
    let tags = format!(
        "{base}\n  <link rel=\"canonical\" href=\"{url}\">\n  \
         <meta property=\"og:type\" content=\"{kind}\">\n  \
         <meta property=\"og:site_name\" content=\"Rendiconto Aperto — Città di Torino\">\n  \
         <meta property=\"og:locale\" content=\"it_IT\">\n  \
         <meta property=\"og:title\" content=\"{t}\">\n  \
         <meta property=\"og:description\" content=\"{d}\">\n  \
         <meta property=\"og:url\" content=\"{url}\">\n  \
         <meta property=\"og:image\" content=\"{base_url}icons/icon-512.png\">\n  \
         <meta name=\"twitter:card\" content=\"summary\">\n  \
         <meta name=\"twitter:title\" content=\"{t}\">\n  \
         <meta name=\"twitter:description\" content=\"{d}\">",
        url = escape(&url),
        t = escape(&title),
        d = escape(&description),
    );
    let charset = "<meta charset=\"utf-8\">";
    let at = html.find(charset).ok_or("index.html has no <meta charset=\"utf-8\">")? + charset.len();
    html.insert_str(at, &tags);
    // The app's root: its static "loading" content becomes the rendered page.
    let open = "<div id=\"app\">";
    let start = html.find(open).ok_or("index.html has no <div id=\"app\">")?;
    let end = html.rfind("</div>").filter(|e| *e > start).ok_or("index.html: #app is not closed")? + "</div>".len();
    let data = serde_json::to_string(page).map_err(|e| e.to_string())?;
    // JSON in a script element: no `<` at all, so nothing can close or comment it.
    let data = data.replace('<', "\\u003c");
    let app = format!("{open}{body}</div>\n  <script type=\"application/json\" id=\"ra-page\">{data}</script>");
    html.replace_range(start..end, &app);
    Ok(html)
}
