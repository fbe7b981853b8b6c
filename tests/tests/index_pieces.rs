//! The index in pieces in the browser (docs/index-pieces.md): the page opens the
//! index with its hotcache, downloads for each question only the pieces it reads,
//! each once, and ranks as the whole index does.

use e2e::{dist, sel, Browser};
use rendiconto_search::bundle::pieces::PiecesManifest;
use rendiconto_search::bundle::{Bundle, DATA, DETAILS, INDEX, MANIFEST};
use rendiconto_search::{Engine, SearchRequest};
use std::collections::BTreeMap;

/// The engine on the whole `index.pack` of dist/ (what the command line reads).
fn whole_index() -> Engine {
    let dir = dist().join("bundle");
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let manifest = Bundle::read_manifest(&read(MANIFEST)).unwrap();
    Engine::from_parts(&manifest, &read(DATA), &read(DETAILS), &read(INDEX)).unwrap()
}

#[tokio::test]
async fn a_question_downloads_only_its_pieces_each_once_and_ranks_as_the_whole_index() {
    let whole = whole_index();
    let pieces_dir = dist().join("bundle/pieces");
    let manifest = PiecesManifest::read(&std::fs::read(pieces_dir.join("pieces.json")).unwrap()).unwrap();
    let b = Browser::start(None).await;
    b.open_home().await;
    b.until_home_ready().await;
    // Questions of tests/relevance/questions.tsv, one asked twice, one sharing words.
    for query in
        ["soldi del pnrr", "posti per legare la bici", "piste ciclabili", "bullismo", "piste", "soldi del pnrr"]
    {
        let shown = b.search(query).await;
        let request = SearchRequest { query: query.into(), limit: 1000, ..Default::default() };
        let expected = whole.search(&request);
        assert_eq!(shown, expected.total, "{query}: the count");
        let ids = b.result_ids().await;
        let expected: Vec<String> = expected.hits.iter().take(ids.len()).map(|h| h.id.to_string()).collect();
        assert_eq!(ids, expected, "{query}: the ranking");
    }
    let requested = b
        .js("return performance.getEntriesByType('resource').map(e => [new URL(e.name).pathname, e.encodedBodySize]);")
        .await;
    let mut times: BTreeMap<String, usize> = BTreeMap::new();
    let mut bytes = 0;
    for entry in requested.as_array().unwrap() {
        let path = entry[0].as_str().unwrap();
        assert!(!path.ends_with("/index.pack"), "the whole index was downloaded");
        if let Some(name) = path.strip_prefix("/bundle/pieces/") {
            *times.entry(name.to_string()).or_default() += 1;
            bytes += entry[1].as_u64().unwrap_or(0);
        }
    }
    let twice: Vec<_> = times.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "pieces requested more than once: {twice:?}");
    for name in times.keys() {
        assert!(name == "pieces.json" || manifest.piece(name).is_some(), "{name} is no piece of this index");
    }
    assert!(times.contains_key(&manifest.hotcache.name.0), "the hotcache opened the index: {times:?}");
    let chunks = times.len() - 2;
    assert!(chunks > 0 && chunks < manifest.chunks.len(), "{chunks} of {} chunks", manifest.chunks.len());
    let whole_br = std::fs::metadata(dist().join("bundle/index.pack.br")).unwrap().len();
    eprintln!(
        "six questions: {chunks} chunks, {bytes} bytes with pieces.json and the hotcache (index.pack: {whole_br})"
    );
    assert!(bytes < whole_br, "{bytes} bytes of pieces against {whole_br} for the whole index");
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
