//! The peers, on the same documents as our engine (`OUT/xN/docs.json`, written by
//! [`crate::corpus::prepare`]):
//!
//! - Pagefind: one HTML page per activity and indicator table, indexed with the npm
//!   package's CLI; searched by a minimal page that calls `pagefind.search()` on every
//!   input (no debounce; main-thread mode, `noWorker`) and renders the first 10 results' titles and excerpts;
//! - MiniSearch: a page that downloads the documents, indexes them in the browser
//!   (prefix and fuzzy search, accents folded, title boosted) and renders the first 10
//!   titles on every input.

use rendiconto_site::compress::precompress;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The engines measured (ours first), by id and by name.
pub const PEERS: [(&str, &str); 3] =
    [("ours", "Rendiconto Aperto (tantivy)"), ("pagefind", "Pagefind"), ("minisearch", "MiniSearch")];

/// The peers scripts/setup-test.sh installs are there.
pub fn check(root: &Path) -> Result<(), String> {
    for (what, path) in [("pagefind", pagefind_binary()), ("minisearch", minisearch_library(root))] {
        if !path.exists() {
            return Err(format!("{what} is missing ({}): run `bash scripts/setup-test.sh`", path.display()));
        }
    }
    Ok(())
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

const STYLE: &str = "body{font-family:sans-serif;max-width:50rem;margin:1rem auto;padding:0 1rem}\
    input{font-size:1.2rem;width:100%}li{margin:.5rem 0}mark{background:#fe6}";

/// The start of both search pages: the box, the count (`data-query`: the text its
/// results are for) and the list, as the benchmark's probe expects them.
const PAGE_START: &str = r#"<!doctype html>
<html lang="it">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>TITLE</title><style>STYLE</style></head>
<body>
<input id="q" type="search" aria-label="Cerca" autocomplete="off">
<p id="count"></p>
<ol id="results"></ol>
"#;

/// A search page: [`PAGE_START`] with its title, then `scripts`.
fn page(title: &str, scripts: &str) -> String {
    PAGE_START.replace("TITLE", title).replace("STYLE", STYLE) + scripts
}

const PAGEFIND_SCRIPTS: &str = r#"<script type="module">
const pagefind = await import('./pagefind/pagefind.js');
// Main-thread mode: in worker mode (the default) 4 of 10 cold starts here never
// resolved their results' data() (BENCHMARKS.md); main-thread mode does so less often.
await pagefind.options({ noWorker: true });
await pagefind.init();
const input = document.getElementById('q');
const count = document.getElementById('count');
const list = document.getElementById('results');
let current = 0;
async function run(text) {
  const mine = ++current;
  const search = text.trim() ? await pagefind.search(text) : { results: [] };
  if (mine !== current) return;
  const data = await Promise.all(search.results.slice(0, 10).map(r => r.data()));
  if (mine !== current) return;
  list.replaceChildren(...data.map(d => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = d.url;
    a.textContent = d.meta.title;
    const p = document.createElement('p');
    p.innerHTML = d.excerpt;
    li.append(a, p);
    return li;
  }));
  count.textContent = search.results.length + ' risultati';
  count.dataset.query = text;
}
input.addEventListener('input', () => run(input.value));
const initial = new URLSearchParams(location.search).get('q');
if (initial) { input.value = initial; run(initial); }
</script>
</body>
</html>
"#;

const MINISEARCH_SCRIPTS: &str = r#"<script src="minisearch.js"></script>
<script>
const input = document.getElementById('q');
const count = document.getElementById('count');
const list = document.getElementById('results');
const fold = t => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
let index = null;
function run(text) {
  if (!index) return;
  const hits = text.trim() ? index.search(text) : [];
  list.replaceChildren(...hits.slice(0, 10).map(h => {
    const li = document.createElement('li');
    const a = document.createElement('a');
    a.href = '#' + h.id;
    a.textContent = h.title;
    li.append(a);
    return li;
  }));
  count.textContent = hits.length + ' risultati';
  count.dataset.query = text;
}
input.addEventListener('input', () => run(input.value));
fetch('docs.json').then(r => r.json()).then(docs => {
  const start = performance.now();
  index = new MiniSearch({
    fields: ['title', 'body'],
    storeFields: ['title'],
    processTerm: fold,
    searchOptions: { prefix: true, fuzzy: 0.2, boost: { title: 3 }, combineWith: 'AND' },
  });
  index.addAll(docs);
  window.__benchIndexMs = performance.now() - start;
  const initial = new URLSearchParams(location.search).get('q');
  if (initial) input.value = initial;
  if (input.value) run(input.value);
});
</script>
</body>
</html>
"#;

fn docs(scale_dir: &Path) -> Result<Vec<Value>, String> {
    let bytes = std::fs::read(scale_dir.join("docs.json")).map_err(|e| format!("docs.json: {e}"))?;
    serde_json::from_slice::<Vec<Value>>(&bytes).map_err(|e| e.to_string())
}

fn text<'a>(v: &'a Value, key: &str) -> &'a str {
    v[key].as_str().unwrap_or("")
}

/// Writes `xN/pagefind` (pages, search page) and indexes it; returns the indexing
/// wall time in ms.
pub fn pagefind(scale_dir: &Path) -> Result<f64, String> {
    let site = scale_dir.join("pagefind");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(site.join("a")).map_err(|e| e.to_string())?;
    for d in docs(scale_dir)? {
        let mut html = format!(
            "<!doctype html>\n<html lang=\"it\">\n<head><meta charset=\"utf-8\"><title>{}</title></head>\n<body>\n<main data-pagefind-body>\n<h1>{}</h1>\n",
            escape(text(&d, "title")),
            escape(text(&d, "title"))
        );
        for para in text(&d, "body").lines() {
            html.push_str(&format!("<p>{}</p>\n", escape(para)));
        }
        html.push_str("</main>\n</body>\n</html>\n");
        std::fs::write(site.join("a").join(format!("{}.html", text(&d, "id"))), html).map_err(|e| e.to_string())?;
    }
    std::fs::write(site.join("index.html"), page("Pagefind", PAGEFIND_SCRIPTS)).map_err(|e| e.to_string())?;
    let start = Instant::now();
    let out = Command::new(pagefind_binary())
        .arg("--site")
        .arg(&site)
        .output()
        .map_err(|e| format!("cannot run pagefind (scripts/setup-test.sh installs it): {e}"))?;
    let ms = start.elapsed().as_secs_f64() * 1000.0;
    if !out.status.success() {
        return Err(format!("pagefind failed: {}", String::from_utf8_lossy(&out.stderr)));
    }
    precompress(&site.join("pagefind"))?;
    Ok(ms)
}

/// The native binary the npm package runs (`npx pagefind` = node + this).
pub fn pagefind_binary() -> PathBuf {
    rendiconto_site::root().join(".tools/node_modules/@pagefind/linux-x64/bin/pagefind_extended")
}

/// MiniSearch's browser build (UMD).
fn minisearch_library(root: &Path) -> PathBuf {
    root.join(".tools/node_modules/minisearch/dist/umd/index.js")
}

/// Writes `xN/minisearch` (the page, the library, the documents), precompressed.
pub fn minisearch(scale_dir: &Path) -> Result<(), String> {
    let site = scale_dir.join("minisearch");
    let _ = std::fs::remove_dir_all(&site);
    std::fs::create_dir_all(&site).map_err(|e| e.to_string())?;
    std::fs::write(site.join("index.html"), page("MiniSearch", MINISEARCH_SCRIPTS)).map_err(|e| e.to_string())?;
    let lib = minisearch_library(&rendiconto_site::root());
    std::fs::copy(&lib, site.join("minisearch.js"))
        .map_err(|e| format!("{}: {e} (run scripts/setup-test.sh)", lib.display()))?;
    std::fs::copy(scale_dir.join("docs.json"), site.join("docs.json")).map_err(|e| e.to_string())?;
    precompress(&site)?;
    Ok(())
}
