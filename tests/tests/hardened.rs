//! The app under attack or with broken data: it keeps working or says clearly what is
//! wrong, in Italian, and nothing hostile executes. Every test here also runs under the
//! app's strict Content-Security-Policy (see `Browser::close`).

use e2e::{dist, js_all, js_one, sel, Browser};
use std::path::{Path, PathBuf};

/// A copy of dist/ in a temporary folder, changed by `change`.
fn dist_copy(tag: &str, change: impl FnOnce(&Path)) -> PathBuf {
    let copy = e2e::copy_of_dist(tag);
    change(&copy);
    copy
}

#[tokio::test]
async fn corrupt_or_mismatched_bundles_are_named_in_italian() {
    type Damage = fn(&Path);
    let cases: [(&str, Damage, &str); 4] = [
        (
            // What opening the index needs: the hotcache.
            "truncated",
            |d| {
                let p = hotcache(d);
                let b = std::fs::read(&p).unwrap();
                std::fs::write(&p, &b[..b.len() / 3]).unwrap();
            },
            ".hot è danneggiato",
        ),
        (
            // The chunks a question reads, fetched when it is asked: each refused by
            // its hash.
            "flipped",
            |d| {
                for chunk in std::fs::read_dir(d.join("bundle/pieces")).unwrap() {
                    let p = chunk.unwrap().path();
                    if p.extension().is_some_and(|e| e == "idx") {
                        let mut b = std::fs::read(&p).unwrap();
                        let mid = b.len() / 2;
                        b[mid] ^= 0x01;
                        std::fs::write(&p, b).unwrap();
                    }
                }
            },
            ".idx è danneggiato",
        ),
        (
            "version",
            |d| {
                let p = d.join("bundle/manifest.json");
                // Whatever version this build writes: another one.
                let mut m: serde_json::Value = serde_json::from_slice(&std::fs::read(&p).unwrap()).unwrap();
                assert!(m["version"].is_u64(), "the manifest names its version: {m}");
                m["version"] = 99.into();
                std::fs::write(&p, serde_json::to_vec_pretty(&m).unwrap()).unwrap();
            },
            "versione diversa dell'applicazione",
        ),
        (
            "missing",
            |d| std::fs::remove_file(d.join("bundle/catalog.json")).unwrap(),
            "Non è stato possibile scaricare i dati di ricerca (bundle/catalog.json): HTTP 404",
        ),
    ];
    for (tag, damage, expected) in cases {
        let dir = dist_copy(tag, damage);
        let b = Browser::start(Some(dir.clone())).await;
        b.open("?q=scuola").await;
        // The technical detail, in the notice's disclosure.
        let detail = b.until_text(tag, sel::ENGINE_ERROR_DETAIL).await;
        assert!(detail.contains(expected), "{tag}: {detail}");
        // Said first in plain words, with what to do.
        let message = b.text_of(sel::ENGINE_ERROR_MESSAGE).await.unwrap_or_default();
        let (plain, action) = if tag == "version" {
            ("La pagina e i dati di ricerca sono di versioni diverse", "Ricarica la pagina")
        } else {
            (
                "Non è stato possibile scaricare i dati di ricerca completi. Controlla la connessione e riprova.",
                "Riprova",
            )
        };
        assert!(message.starts_with(plain), "{tag}: {message}");
        assert_eq!(b.text_of(sel::ENGINE_RETRY).await.as_deref(), Some(action), "{tag}");
        // No results are shown from broken data, and the search box, which cannot
        // work, is disabled and says why.
        assert_eq!(b.how_many(sel::RESULT).await, 0, "{tag}");
        assert_eq!(b.property(sel::SEARCH_BOX, "disabled").await, true, "{tag}");
        b.close().await;
        let _ = std::fs::remove_dir_all(&dir);
    }
}

/// A page without the browser's own SHA-256 (`crypto.subtle` exists only on HTTPS and
/// on the machine itself: a kiosk on a local network has none) checks the bundle with
/// the app's own: it still searches, and still refuses a damaged part.
#[tokio::test]
async fn without_the_browsers_sha256_the_bundle_is_still_checked() {
    let hide = serde_json::json!({ "source": "Object.defineProperty(window.crypto, 'subtle', { value: undefined });" });
    let b = Browser::start(None).await;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", hide.clone()).await;
    b.open("?q=scuola").await;
    b.until_ready().await;
    assert_eq!(b.js("return window.crypto.subtle === undefined;").await, true);
    assert!(b.count_for("scuola").await > 0);
    let rust_hashes = b.js("return performance.getEntriesByName('ra:sha256').length;").await;
    // The index's pieces are checked by the engine's own SHA-256 in any case.
    assert!(rust_hashes.as_u64().unwrap() >= 1, "catalog.json hashed by the app's own SHA-256: {rust_hashes}");
    b.close().await;

    let dir = dist_copy("no-subtle", |d| {
        let p = hotcache(d);
        let mut bytes = std::fs::read(&p).unwrap();
        let mid = bytes.len() / 2;
        bytes[mid] ^= 0x01;
        std::fs::write(&p, bytes).unwrap();
    });
    let b = Browser::start(Some(dir.clone())).await;
    b.cdp("Page.addScriptToEvaluateOnNewDocument", hide).await;
    b.open("?q=scuola").await;
    let detail = b.until_text("the notice", sel::ENGINE_ERROR_DETAIL).await;
    assert!(detail.contains(".hot è danneggiato"), "{detail}");
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// The index's hotcache in a copy of dist/ (named in its `pieces.json`).
fn hotcache(dist: &Path) -> std::path::PathBuf {
    let dir = dist.join("bundle/pieces");
    let manifest = std::fs::read(dir.join("pieces.json")).unwrap();
    let manifest = rendiconto_search::bundle::pieces::PiecesManifest::read(&manifest).unwrap();
    dir.join(&manifest.hotcache.name.0)
}

/// The report's details (`details.json`) come after the first results; when they do
/// not come, the search keeps working, the files that would lack them are not offered,
/// and a page that needs them says what happened instead of staying empty.
#[tokio::test]
async fn missing_details_leave_the_search_working_and_are_explained_where_needed() {
    let dir = dist_copy("no-details", |d| std::fs::remove_file(d.join("bundle/details.json")).unwrap());
    let b = Browser::start(Some(dir.clone())).await;
    b.open("?q=scuola").await;
    b.until_ready().await;
    assert!(b.count_for("scuola").await > 0, "the search works without the details");
    // The failure is not shown over results that are right.
    b.until("the downloads disabled", &format!("{}?.disabled", js_one(sel::DOWNLOAD_BUTTON))).await;
    assert!(b.text_of(sel::ENGINE_ERROR).await.is_none(), "an error over working results");
    assert_eq!(b.property(sel::SEARCH_BOX, "disabled").await, false);
    // An activity by its old link (no prerendered copy at that address): only the
    // report's details could draw it, so the page says why it cannot.
    b.open("?a=m9-p3-a1").await;
    let detail = b.until_text("the notice", sel::ENGINE_ERROR_DETAIL).await;
    assert!(detail.contains("(bundle/details.json): HTTP 404"), "{detail}");
    assert_eq!(b.text_of(sel::ENGINE_RETRY).await.as_deref(), Some("Riprova"));
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

/// A damaged download: the reader is told what happened and what to do, nothing that
/// cannot work is offered (search box, downloads), and "Riprova" once the file is
/// right again (past the browser's cache) starts the engine.
#[tokio::test]
async fn a_damaged_download_is_explained_and_riprova_loads_it_again() {
    let original = dist().join("bundle/catalog.json");
    let dir = dist_copy("retry", |d| {
        let p = d.join("bundle/catalog.json");
        let b = std::fs::read(&p).unwrap();
        std::fs::write(&p, &b[..b.len() / 2]).unwrap();
    });
    let b = Browser::start(Some(dir.clone())).await;
    b.open("").await;
    let message = b.until_text("the message", sel::ENGINE_ERROR_MESSAGE).await;
    assert_eq!(
        message,
        "Non è stato possibile scaricare i dati di ricerca completi. Controlla la connessione e riprova.",
    );
    assert_eq!(b.attribute(sel::ENGINE_ERROR_MESSAGE, "role").await, "alert");
    // The detail is there on demand (closed), naming the file.
    let detail =
        b.js(&format!("const d = {}; return [d.open, d.textContent];", js_one(sel::ENGINE_ERROR_DETAIL))).await;
    assert_eq!(detail[0], false, "the technical detail starts closed");
    assert!(detail[1].as_str().unwrap().contains("catalog.json"), "{detail}");
    // What cannot work is disabled and says why.
    assert_eq!(b.property(sel::SEARCH_BOX, "disabled").await, true);
    assert!(b.text_of(sel::SEARCH_HINT).await.unwrap().contains("non è disponibile"), "the hint says why");
    let downloads = b
        .js(&format!(
            "const bs = [...{}]; return bs.length > 0 && bs.every(b => b.disabled && document.getElementById(b.getAttribute('aria-describedby')));",
            js_all(sel::DOWNLOAD_BUTTON)
        ))
        .await;
    assert_eq!(downloads, true, "the download buttons are disabled, with an explanation");
    b.screenshot("failure-notice").await;
    let violations = b.accessibility_violations().await;
    assert!(violations.is_empty(), "axe-core on the failure notice:\n{}", violations.join("\n"));

    // A link to another page opens its prerendered copy (the app cannot make it).
    b.click(sel::PROGRAM_CARD_LINK).await;
    b.until(
        "the programme's prerendered page",
        &format!(
            "location.pathname.includes('/programma/') && {} && {}",
            js_one(sel::PAGE_TITLE),
            js_one(sel::ENGINE_RETRY)
        ),
    )
    .await;

    // The file is right again: "Riprova" fetches it past the cache and the engine starts.
    std::fs::copy(&original, dir.join("bundle/catalog.json")).unwrap();
    b.click(sel::ENGINE_RETRY).await;
    b.until_ready().await;
    assert_eq!(b.how_many(sel::ENGINE_ERROR).await, 0, "the notice goes");
    assert_eq!(b.property(sel::SEARCH_BOX, "disabled").await, false);
    assert_eq!(b.property(sel::DOWNLOAD_BUTTON, "disabled").await, false);
    assert!(b.search("scuola").await > 0);
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn a_panic_shows_a_message_and_a_way_to_reload() {
    let b = Browser::start(None).await;
    b.open_results("?q=scuola", "scuola").await;
    b.js("try { window.wasmBindings.self_test_panic(); } catch (e) {}").await;
    let message = b.until_text("the error screen", sel::FATAL_ERROR).await;
    assert!(message.contains("Si è verificato un errore imprevisto"));
    // The reload link keeps the address: the same search comes back.
    b.click(sel::FATAL_ERROR_RELOAD).await;
    b.count_for("scuola").await;
    b.close().await;
}

#[tokio::test]
async fn ten_thousand_generated_queries_leave_the_app_answering() {
    let b = Browser::start(None).await;
    b.open("").await;
    b.until("the engine", &format!("{} || {}", js_one(sel::COUNT), js_one(sel::MISSION))).await;
    // Generated in the page: quotes, operators, brackets, Unicode, emoji, right-to-left
    // text, control characters and one 10,000-character input, typed as `input` events.
    b.js(&format!(
        r#"
        const q = {};
        const parts = ['"', '((', ')', 'AND', 'OR', 'NOT', '-', '+', '*', ':', '~', 'asili', 'nido', 'città',
          'attività', '🚲', '👩‍👩‍👧', 'שלום', 'مرحبا', '\u202E', '\u0000', '\t', 'ﷺ', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', '<b>', '&amp;', "'", '\\'];
        let seed = 7;
        const rnd = n => {{ seed = (seed * 1103515245 + 12345) % 2147483648; return seed % n; }};
        for (let i = 0; i < 10000; i++) {{
          let s = '';
          const n = rnd(8);
          for (let k = 0; k < n; k++) s += parts[rnd(parts.length)] + (rnd(2) ? ' ' : '');
          if (i === 5000) s = 'x'.repeat(10000);
          q.value = s;
          q.dispatchEvent(new Event('input', {{ bubbles: true }}));
        }}
    "#,
        js_one(sel::SEARCH_BOX)
    ))
    .await;
    assert_eq!(b.search("Cavallerizza").await, 1);
    assert_eq!(
        b.js(&format!("return !!{} || !!{};", js_one(sel::ENGINE_ERROR), js_one(sel::FATAL_ERROR))).await,
        false
    );
    b.close().await;
}

#[tokio::test]
async fn the_csp_reports_are_really_collected() {
    // The check every test relies on: a violation does reach the server.
    let b = Browser::start(None).await;
    b.open_home().await;
    b.js("const s = document.createElement('script'); s.textContent = 'window.__inline = 1'; document.body.appendChild(s);").await;
    assert_eq!(b.js("return window.__inline === undefined;").await, true, "the inline script was blocked");
    let start = std::time::Instant::now();
    while b.server.as_ref().unwrap().csp_reports.lock().unwrap().is_empty() {
        assert!(start.elapsed().as_secs() < 10, "no CSP report arrived");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    b.server.as_ref().unwrap().csp_reports.lock().unwrap().clear();
    b.close().await;
}

#[tokio::test]
async fn hostile_report_content_is_shown_as_text() {
    // A report whose cells carry markup and script, built into its own bundle.
    let report = include_str!("../../data/torino-rendiconto-2023-relazione-programma.txt");
    let long = "Supercalifragilistichespiralidoso".repeat(150);
    let hostile = report.replacen(
        "Coordinamento piano anticorruzione e piano controlli.",
        &format!(
            "Coordinamento piano anticorruzione &lt;img src=x onerror=\"window.__pwned=1\"&gt; <script>window.__pwned=2</script> \
             &lt;a href=\"javascript:window.__pwned=3\"&gt;clicca&lt;/a&gt; <img src=x onerror=\"window.__pwned=4\"> {long}"
        ),
        1,
    );
    let dir = dist_copy("hostile", |d| {
        let input = d.join("hostile.txt");
        std::fs::write(&input, hostile).unwrap();
        let status = std::process::Command::new(env!("CARGO"))
            .current_dir(rendiconto_site::root())
            .args(["run", "--quiet", "-p", "index-builder", "--", "build", "--out"])
            .arg(d.join("bundle"))
            .arg("--input")
            .arg(&input)
            .status()
            .unwrap();
        assert!(status.success());
    });
    let b = Browser::start(Some(dir.clone())).await;
    b.client.set_window_size(360, 800).await.unwrap();
    b.open_results("?q=anticorruzione", "anticorruzione").await;
    b.open("?a=m1-p2-a3").await;
    let title = b.until_text("the activity", sel::DETAIL_TITLE).await;
    // The escaped markup is shown as the characters it is made of; real tags were markup
    // in the cell and are gone; nothing ran.
    assert!(title.contains("<img src=x onerror=\"window.__pwned=1\">"), "{title}");
    assert!(title.contains("<a href=\"javascript:window.__pwned=3\">clicca</a>"), "{title}");
    assert_eq!(b.how_many(sel::TITLE_MARKUP).await, 0);
    assert_eq!(b.js("return window.__pwned === undefined;").await, true);
    // A 5,000-letter word wraps instead of widening the page.
    let overflow = b.overflow().await;
    assert!(overflow <= 0, "page wider than the screen by {overflow}px");
    b.close().await;
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn activity_pages_show_exactly_the_exported_values() {
    // The export equals the source cells (crates/rendiconto-parser/tests/report.rs); here
    // the pages equal the export, for every tenth activity that has indicators.
    let data = e2e::report();
    let activities: Vec<&serde_json::Value> = data["missions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["programs"].as_array().unwrap())
        .flat_map(|p| p["activities"].as_array().unwrap())
        .filter(|a| !a["indicators"].as_array().unwrap().is_empty())
        .collect();
    let sample: Vec<_> = activities.iter().step_by(10).collect();
    assert!(sample.len() >= 15);
    let b = Browser::start(None).await;
    for a in sample {
        let id = a["id"].as_str().unwrap();
        b.open(&format!("?a={id}")).await;
        b.until(id, &format!("{} && {}", e2e::showing_js(id), js_one(sel::INDICATORS))).await;
        assert_eq!(b.shown_indicators().await, e2e::expected_indicators(a), "{id}");
        let title = b.property(sel::DETAIL_TITLE, "textContent").await;
        let want = a["objective"].as_str().or(a["actions"][0]["text"].as_str()).unwrap();
        assert_eq!(title, want, "{id}");
    }
    b.close().await;
}
