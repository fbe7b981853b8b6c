//! The index in pieces in the browser (docs/index-pieces.md): the page opens the
//! index with its hotcache, downloads for its first question only the pieces it reads,
//! then the rest of the report's index in the background, each piece once, and ranks
//! as the whole index does.

use e2e::{dist, native_engine, sel, Browser};
use rendiconto_search::bundle::pieces::PiecesManifest;
use rendiconto_search::bundle::{Bundle, CATALOG};
use rendiconto_search::{Engine, SearchRequest};
use std::collections::{BTreeMap, BTreeSet};

/// The engine on the catalog and the hotcache of dist/'s pieces alone, as the page
/// opens it (to plan).
fn pieces_engine(manifest: &PiecesManifest) -> Engine {
    let dir = dist().join("bundle");
    let data = std::fs::read(dir.join(CATALOG)).unwrap();
    let document = Bundle::decode_document(CATALOG, &data).unwrap();
    let hot = std::fs::read(dir.join("pieces").join(&manifest.hotcache.name.0)).unwrap();
    Engine::open_pieces(document, manifest, &hot).unwrap()
}

/// The names of the texts of the programmes of the items `ids` (`m9-p3-a1`).
fn texts_of(manifest: &PiecesManifest, ids: &[String]) -> BTreeSet<String> {
    let number = |part: &str| part[1..].parse::<u32>().unwrap();
    ids.iter()
        .map(|id| {
            let parts: Vec<&str> = id.split('-').collect();
            let (m, p) = (number(parts[0]), number(parts[1]));
            let t = manifest.texts.iter().find(|t| (t.mission, t.program) == (m, p)).expect("every programme's texts");
            t.piece.name.0.clone()
        })
        .collect()
}

/// The page's downloads of pieces so far: each name, how many times, and the time
/// each started (page clock).
async fn pieces_requested(b: &Browser) -> Vec<(String, f64, u64)> {
    let requested = b
        .js("return performance.getEntriesByType('resource').map(e => [new URL(e.name).pathname, e.startTime, e.encodedBodySize]);")
        .await;
    requested
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| {
            let path = e[0].as_str().unwrap();
            assert!(!path.ends_with("/index.pack"), "the whole index was downloaded");
            let name = path.strip_prefix("/bundle/pieces/")?;
            Some((name.to_string(), e[1].as_f64().unwrap(), e[2].as_u64().unwrap_or(0)))
        })
        .collect()
}

/// A shared question's first result downloads only the pieces it reads; then, in the
/// background, the page brings the rest of the report's index (`pieces::fill`), each
/// piece once; the questions asked next download nothing and rank as the whole index.
#[tokio::test]
async fn a_question_downloads_only_its_pieces_then_the_page_fills_the_rest_each_once() {
    let whole = native_engine();
    let pieces_dir = dist().join("bundle/pieces");
    let manifest = PiecesManifest::read(&std::fs::read(pieces_dir.join("pieces.json")).unwrap()).unwrap();
    let b = Browser::start(None).await;
    // When the first result shows, on the page's clock.
    let watch = format!(
        "new MutationObserver((_, o) => {{ const c = {}; if (c && c.dataset.query) {{ window.__firstResult = performance.now(); o.disconnect(); }} }}).observe(document, {{ subtree: true, childList: true, attributes: true }});",
        e2e::js_one(sel::COUNT)
    );
    b.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": watch })).await;
    let first = "soldi del pnrr";
    let shown = b.open_results("?q=soldi+del+pnrr", first).await;
    assert_eq!(shown, whole.search(&SearchRequest { query: first.into(), limit: 1000, ..Default::default() }).total);
    let at = b.until("the first result's time", "window.__firstResult").await.as_f64().unwrap();
    let before: BTreeMap<String, usize> =
        pieces_requested(&b).await.into_iter().filter(|(_, t, _)| *t < at).map(|(n, ..)| (n, 1)).collect();
    let planned = pieces_engine(&manifest).planned_pieces(&SearchRequest { query: first.into(), ..Default::default() });
    let mut expected: Vec<String> = planned.iter().map(|id| id.0.clone()).collect();
    expected.extend(["pieces.json".to_string(), manifest.hotcache.name.0.clone()]);
    expected.sort();
    let is_text = |name: &str| manifest.texts.iter().any(|t| t.piece.name.0 == name);
    let chunks_before: Vec<String> = before.keys().filter(|n| !is_text(n)).cloned().collect();
    assert_eq!(chunks_before, expected, "before the first result: its pieces alone");
    // The texts: those of the programmes of the results shown, each once, asked for
    // as soon as the results are drawn (before what follows the first results).
    let shown_texts = texts_of(&manifest, &b.result_ids().await);
    let details_at = b
        .until(
            "the details' request",
            "performance.getEntriesByType('resource').find(e => e.name.endsWith('/details.json'))?.startTime",
        )
        .await
        .as_f64()
        .unwrap();
    let texts_first: BTreeSet<String> = pieces_requested(&b)
        .await
        .into_iter()
        .filter(|(n, t, _)| is_text(n) && *t < details_at)
        .map(|(n, ..)| n)
        .collect();
    assert_eq!(texts_first, shown_texts, "the texts asked for with the first results");
    // Their snippets are the whole engine's.
    let expected_first = &whole.search(&SearchRequest { query: first.into(), limit: 1, ..Default::default() }).hits[0];
    assert_eq!(b.text_of(sel::SNIPPET).await.as_deref(), Some(expected_first.snippet.text.as_str()));
    assert!(planned.len() < manifest.chunks.len() / 4, "{} of {} chunks", planned.len(), manifest.chunks.len());
    // What follows the first results (the details, then the fonts) waits for them.
    let early = b
        .js(&format!("return performance.getEntriesByType('resource').filter(e => e.startTime < {at}).map(e => e.name).filter(n => n.endsWith('details.json') || n.endsWith('.woff2'));"))
        .await;
    assert_eq!(early, serde_json::json!([]), "started before the first result");

    // Then the fill: every other chunk, in packs (a few downloads), and every
    // programme's texts, each once.
    let all = planned.len() + manifest.packs.len() + manifest.texts.len() + 2;
    b.until(
        "every piece",
        &format!("new Set(performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/bundle/pieces/'))).size >= {all}"),
    )
    .await;
    let filled = pieces_requested(&b).await;
    let mut times: BTreeMap<String, usize> = BTreeMap::new();
    for (name, ..) in &filled {
        assert!(name == "pieces.json" || manifest.piece(name).is_some(), "{name} is no piece of this index");
        *times.entry(name.clone()).or_default() += 1;
    }
    let twice: Vec<_> = times.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "pieces requested more than once: {twice:?}");
    let alone: BTreeSet<&str> =
        times.keys().map(String::as_str).filter(|n| manifest.chunks.iter().any(|c| c.piece.name.0 == *n)).collect();
    let planned_names: BTreeSet<&str> = planned.iter().map(|id| id.0.as_str()).collect();
    assert_eq!(alone, planned_names, "chunks downloaded one by one: the first question's alone");
    let packs: BTreeSet<&str> = times.keys().map(String::as_str).filter(|n| manifest.pack(n).is_some()).collect();
    assert_eq!(packs.len(), manifest.packs.len(), "every fill pack");
    let bytes: u64 = filled.iter().map(|(.., size)| size).sum();
    let whole_br = std::fs::metadata(dist().join("bundle/index.pack.br")).unwrap().len();
    eprintln!("the whole report's pieces: {} files, {bytes} bytes (index.pack: {whole_br})", filled.len());

    // Questions of tests/relevance/questions.tsv, one asked twice, one sharing words:
    // answered from the pieces here, as the whole index answers them.
    for query in ["posti per legare la bici", "piste ciclabili", "bullismo", "piste", "soldi del pnrr"] {
        let shown = b.search(query).await;
        let request = SearchRequest { query: query.into(), limit: 1000, ..Default::default() };
        let expected = whole.search(&request);
        assert_eq!(shown, expected.total, "{query}: the count");
        let ids = b.result_ids().await;
        let expected: Vec<String> = expected.hits.iter().take(ids.len()).map(|h| h.id.to_string()).collect();
        assert_eq!(ids, expected, "{query}: the ranking");
    }
    assert_eq!(pieces_requested(&b).await.len(), filled.len(), "a question after the fill downloads nothing");
    b.close().await;
}

/// Publishes the next version of the site's data into `site` (the report with one
/// word changed: another index, other pieces), as a build replaces `dist/`.
fn publish_next_version(site: &std::path::Path) {
    let root = rendiconto_site::root();
    let report = std::fs::read_to_string(root.join("data/torino-rendiconto-2023-relazione-programma.txt")).unwrap();
    assert!(report.contains("Cavallerizza"));
    let next = site.with_extension("report.txt");
    std::fs::write(&next, report.replacen("Cavallerizza", "Cavallerizza Reale", 1)).unwrap();
    let out = site.with_extension("next-bundle");
    let _ = std::fs::remove_dir_all(&out);
    let built = std::process::Command::new(env!("CARGO"))
        .current_dir(&root)
        .args(["run", "--quiet", "-p", "index-builder", "--", "build", "--input"])
        .arg(&next)
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(built.success());
    std::fs::remove_dir_all(site.join("bundle")).unwrap();
    std::fs::rename(&out, site.join("bundle")).unwrap();
}

/// No service worker (blocked by policy, or not yet installed): a question asked after
/// the site was replaced needs pieces that are gone; the page says the site was updated
/// and offers to load it, and the new version answers.
#[tokio::test]
async fn a_site_replaced_between_two_queries_is_said_and_the_new_version_offered() {
    let site = e2e::copy_of_dist("pieces-replaced");
    let b = Browser::start(Some(site.clone())).await;
    // The fill's packs never come (on a larger corpus the fill brings a share of the
    // chunks only): the next question's chunks are still to be fetched.
    b.cdp("Network.enable", serde_json::json!({})).await;
    b.cdp("Network.setBlockedURLs", serde_json::json!({ "urls": ["*.pack"] })).await;
    // Service workers blocked by policy: `register` resolves to nothing.
    let no_worker = "navigator.serviceWorker.register = () => Promise.resolve(undefined);";
    b.cdp("Page.addScriptToEvaluateOnNewDocument", serde_json::json!({ "source": no_worker })).await;
    b.open_home().await;
    b.until_home_ready().await;
    let before = b.search("bullismo").await;
    assert!(before > 0);
    publish_next_version(&site);
    // A question with other words: its pieces are of the old version, gone.
    b.type_query("piste ciclabili").await;
    let message = b.until_text("the notice", sel::ENGINE_ERROR_MESSAGE).await;
    assert!(message.starts_with("La pagina e i dati di ricerca sono di versioni diverse"), "{message}");
    let detail = b.js(&format!("return {}.textContent;", e2e::js_one(sel::ENGINE_ERROR_DETAIL))).await;
    assert!(detail.as_str().unwrap().contains("aggiornato mentre la pagina era aperta"), "{detail}");
    assert_eq!(b.text_of(sel::ENGINE_RETRY).await.as_deref(), Some("Ricarica la pagina"));
    // Pieces of the two versions never mixed: every piece the page asked for is the
    // old version's (the new pieces.json was never read).
    let old = PiecesManifest::read(&std::fs::read(dist().join("bundle/pieces/pieces.json")).unwrap()).unwrap();
    let asked = b
        .js("return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)
                .filter(p => p.startsWith('/bundle/pieces/') && !p.endsWith('/pieces.json'));")
        .await;
    let asked: Vec<&str> = asked.as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
    assert!(asked.len() > 1, "{asked:?}");
    for path in asked {
        assert!(old.piece(path.trim_start_matches("/bundle/pieces/")).is_some(), "{path} is not of the old version");
    }
    // The new version, loaded: it answers, with the changed text.
    b.click(sel::ENGINE_RETRY).await;
    b.until_ready().await;
    assert!(b.search("cavallerizza reale").await > 0);
    assert_eq!(b.search("bullismo").await, before);
    b.close().await;
    let _ = std::fs::remove_dir_all(&site);
}

/// A larger corpus (more than `TEXTS_PER_TABLE` programmes) lists its programmes'
/// texts in tables: the page asks for the tables naming the shown programmes' texts,
/// then for those texts, and shows the whole engine's snippets. Here dist/'s own
/// pieces, the texts listed in tables of 16 programmes (the same index: the same
/// chunks).
#[tokio::test]
async fn texts_listed_in_tables_come_a_step_later_with_the_same_snippets() {
    let site = e2e::copy_of_dist("texts-tables");
    let root = rendiconto_site::root();
    let report = std::fs::read(root.join("data/torino-rendiconto-2023-relazione-programma.txt")).unwrap();
    let doc = rendiconto_parser::parse_str(std::str::from_utf8(&report).unwrap()).unwrap();
    let synonyms = rendiconto_search::Synonyms::parse(rendiconto_search::synonyms::BUNDLED).unwrap();
    let bundle = Bundle::create(&doc, &report, "report.txt", &synonyms).unwrap();
    let mut tabled = bundle.pieces().unwrap();
    tabled.manifest.texts.clear();
    tabled.pieces.retain(|(n, _)| !n.0.ends_with(".json"));
    tabled.add_texts_listed(&bundle.texts, 16);
    let pieces_dir = site.join("bundle/pieces");
    let built = PiecesManifest::read(&std::fs::read(pieces_dir.join("pieces.json")).unwrap()).unwrap();
    assert_eq!(tabled.manifest.index_sha256, built.index_sha256, "the same index as dist/'s");
    for ext in ["", ".br", ".gz"] {
        let _ = std::fs::remove_file(pieces_dir.join(format!("pieces.json{ext}")));
    }
    for (name, bytes) in tabled.files() {
        std::fs::write(pieces_dir.join(name), bytes).unwrap();
    }
    let manifest = &tabled.manifest;
    let b = Browser::start(Some(site.clone())).await;
    let query = "asili nido";
    b.open_results("?q=asili+nido", query).await;
    // The whole engine's snippets, once the tables and the texts came.
    let shown = b.result_ids().await;
    let whole = native_engine();
    let expected: Vec<String> = whole
        .search(&SearchRequest { query: query.into(), limit: shown.len(), ..Default::default() })
        .hits
        .into_iter()
        .map(|h| h.snippet.text)
        .filter(|t| !t.is_empty())
        .collect();
    assert!(!expected.is_empty());
    assert_eq!(b.texts(sel::SNIPPET).await, expected);
    // Each shown programme's texts asked for after the table naming them.
    let requested = pieces_requested(&b).await;
    let started = |name: &str| requested.iter().find(|(n, ..)| n == name).map(|(_, t, _)| *t);
    let mut checked = 0;
    for (i, table) in manifest.text_tables.iter().enumerate() {
        let rendiconto_search::bundle::pieces::TextTable(listed) =
            serde_json::from_slice(&std::fs::read(pieces_dir.join(&table.name.0)).unwrap()).unwrap();
        for t in listed {
            let prefix = format!("m{}-p{}-", t.mission, t.program);
            if !shown.iter().any(|id| id.starts_with(&prefix)) {
                continue;
            }
            let (table_at, text_at) = (started(&table.name.0), started(&t.piece.name.0));
            assert!(table_at.is_some() && text_at.is_some(), "table {i} and {prefix}: {table_at:?} {text_at:?}");
            assert!(table_at < text_at, "{prefix}: its texts asked for before its table");
            checked += 1;
        }
    }
    assert!(checked > 0, "no shown programme found in the tables: {shown:?}");
    let mut names: Vec<&String> = requested.iter().map(|(n, ..)| n).collect();
    let all = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), all, "a piece requested twice: {requested:?}");
    b.close().await;
    let _ = std::fs::remove_dir_all(&site);
}
