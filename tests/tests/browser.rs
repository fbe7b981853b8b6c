//! The built app in real headless Chromium: searching, filtering, opening, sharing,
//! hostile input, keyboard use, narrow screens, and a damaged bundle.

use e2e::{dist, js_all, js_one, js_str, native_engine, parse_count, sel, Browser, WebServer};
use fantoccini::key::Key;
use fantoccini::Locator;
use rendiconto_search::{Engine, Facet, SearchRequest, SearchResponse, Sort};

/// The first page (10 results) of `query` in `sort` order, as the app asks for it.
fn native(engine: &Engine, query: &str, filters: &[(Facet, &str)], sort: Sort) -> SearchResponse {
    let filters = filters.iter().map(|(f, v)| (*f, v.to_string())).collect();
    engine.search(&SearchRequest { query: query.into(), filters, limit: 10, offset: 0, sort })
}

fn ids(r: &SearchResponse) -> Vec<String> {
    r.hits.iter().map(|h| h.id.to_string()).collect()
}

/// Waits until the result list shows exactly `ids`, in that order.
async fn until_ids(b: &Browser, what: &str, ids: &[String]) {
    let want = js_str(&ids.join(" "));
    b.until(what, &format!("[...{}].map(r => r.dataset.id).join(' ') === {want}", js_all(sel::RESULT))).await;
}

/// Picks `key` in the "Ordina per" select, as a person would.
async fn choose_sort(b: &Browser, key: &str) {
    let select = b.client.find(Locator::Css(sel::SORT)).await.unwrap();
    select.select_by_value(key).await.unwrap_or_else(|e| panic!("cannot choose {key}: {e}"));
}

async fn a_search_finds_the_expected_activity(server: WebServer) {
    let b = Browser::start_on(server, None).await;
    b.open_home().await;
    assert_eq!(b.search("Cavallerizza").await, 1);
    assert_eq!(b.result_ids().await, vec!["m1-p5-a3"]);
    assert_eq!(b.text_of(sel::RESULT_MARK).await.as_deref(), Some("Cavallerizza"));
    assert_eq!(b.text_of(sel::SEARCH_LABEL).await.as_deref(), Some("Cerca nel Rendiconto"));
    assert_eq!(b.attribute(sel::SEARCH_BOX, "role").await, "searchbox");
    b.close().await;
}

#[tokio::test]
async fn a_filter_narrows_the_results_and_counts_follow() {
    let b = Browser::start(None).await;
    let before = b.open_results("?q=piste+ciclabili", "piste ciclabili").await;
    let in_corso = sel::filter("stato", "In corso");
    let label = b.until_text("the In corso filter", &sel::filter_label("stato", "In corso")).await;
    assert!(label.starts_with("In corso ("), "{label}");
    let expected: usize = label.trim_start_matches("In corso (").trim_end_matches(')').parse().unwrap();
    assert!(expected < before, "{expected} < {before}");
    let years_before = b.texts(sel::YEAR_FILTER_LABEL).await.join(",");

    b.click(&in_corso).await;
    let after = b.until_count("the narrowed count", expected).await;
    assert_eq!(after, expected);
    let all_in_corso = b
        .js(&format!(
            "return [...{}].every(r => [...r.querySelectorAll({})].some(x => x.textContent === 'In corso'));",
            js_all(sel::RESULT),
            js_str(sel::RESULT_BADGE)
        ))
        .await;
    assert_eq!(all_in_corso, true, "every result shown is In corso");
    let years_after = b.texts(sel::YEAR_FILTER_LABEL).await.join(",");
    assert_ne!(years_before, years_after, "the year counts follow the filter");
    let url = b.client.current_url().await.unwrap();
    assert!(url.query().unwrap().contains("stato=In+corso"), "{url}");
    b.close().await;
}

#[tokio::test]
async fn a_result_opens_and_the_url_restores_the_view() {
    let b = Browser::start(None).await;
    b.open_results("?q=asili+nido", "asili nido").await;
    let first = b.result_ids().await[0].clone();
    b.js("window.__samePage = true;").await;
    b.click(sel::RESULT_LINK).await;
    let title = b.until_text("the activity page", sel::DETAIL_TITLE).await;
    // The result list is written as HTML: its links must still open in place, not
    // reload the app.
    assert_eq!(b.js("return window.__samePage === true;").await, true, "the activity opened in place");
    let url = b.client.current_url().await.unwrap();
    assert!(url.path().ends_with(&format!("/{}", e2e::page_path(&first))), "{url}");
    assert!(url.query().unwrap().contains("q=asili+nido"), "{url}");
    let path = b.text_of(sel::DETAIL_PATH).await.unwrap_or_default();
    assert!(path.starts_with("Missione "), "{path}");

    // Reload: the same activity, the same query in the box.
    b.client.refresh().await.unwrap();
    let again = b.until_text("the activity after reload", sel::DETAIL_TITLE).await;
    assert_eq!(title, again);
    // The prerendered page paints before the app reads the address into the box.
    b.until("the query in the box after reload", &format!("{}?.value === 'asili nido'", js_one(sel::SEARCH_BOX))).await;
    assert_eq!(b.property(sel::SEARCH_BOX, "value").await, "asili nido");

    // Back: the result list for the same query.
    b.client.back().await.unwrap();
    b.until("the result list after back", &format!("{} && !{}", js_one(sel::RESULT), js_one(sel::DETAIL))).await;
    assert_eq!(b.result_ids().await[0], first);
    // Forward: the activity again.
    b.client.forward().await.unwrap();
    let fwd = b.until_text("the activity after forward", sel::DETAIL_TITLE).await;
    assert_eq!(title, fwd);
    b.close().await;
}

#[tokio::test]
async fn hostile_queries_leave_the_app_working() {
    let b = Browser::start(None).await;
    b.open_home().await;
    let long = "parola ".repeat(72);
    for q in ["\"", "(((", "AND OR", "-", "🚲 🏫 emoji", long.trim(), "<script>alert(1)</script>", "a:b OR -\"c"] {
        b.search(q).await;
        assert_eq!(b.how_many(sel::ENGINE_ERROR).await, 0, "after {q:?}");
    }
    assert_eq!(b.search("Cavallerizza").await, 1);
    b.close().await;
}

#[tokio::test]
async fn the_keyboard_alone_is_enough() {
    let b = Browser::start(None).await;
    b.open_home().await;
    b.search("scuola").await;
    // Escape clears the query.
    b.press_on(sel::SEARCH_BOX, Key::Escape).await;
    b.until(
        "an empty query",
        &format!("{}.value === '' && !new URLSearchParams(location.search).has('q')", js_one(sel::SEARCH_BOX)),
    )
    .await;
    // Enter on a focused result opens it.
    b.search("Cavallerizza").await;
    b.js(&format!("{}.focus();", js_one(sel::RESULT_LINK))).await;
    b.press(Key::Enter).await;
    b.until_found("the activity", sel::DETAIL_TITLE).await;
    let focused = b.js("return document.activeElement.id;").await;
    assert_eq!(focused, "detail-title", "focus moves to the opened activity");
    // The first Tab from the top reaches the skip link.
    b.open_home().await;
    b.press_on(sel::BODY, Key::Tab).await;
    assert_eq!(b.js("return document.activeElement.className;").await, "skip-link");
    b.close().await;
}

#[tokio::test]
async fn it_fits_a_360_pixel_phone() {
    let b = Browser::start(None).await;
    b.client.set_window_size(360, 800).await.unwrap();
    b.open_page("?q=piste+ciclabili&a=m10-p5-a13", sel::DETAIL_TITLE).await;
    let overflow = b.overflow().await;
    assert!(overflow <= 0, "page wider than the screen by {overflow}px");
    // The results with their notes, the divider and the order.
    for (q, url) in
        [("spazzatura ingombranti", "?q=spazzatura+ingombranti"), ("asili nido", "?q=asili+nido&ordina=stato")]
    {
        b.open_results(url, q).await;
        b.until_found("the order", sel::SORT).await;
        let overflow = b.overflow().await;
        assert!(overflow <= 0, "{q}: page wider than the screen by {overflow}px");
        // The select is a full-width touch target on a phone.
        let (w, h) = b.size_of(sel::SORT).await;
        assert!(w >= 300.0 && h >= 44.0, "{q}: the order select is {w}×{h}");
    }
    b.close().await;
}

#[tokio::test]
async fn the_browser_and_the_cli_engine_agree() {
    let engine = native_engine();
    let b = Browser::start(None).await;
    b.open_home().await;
    // Whole words, a prefix, and questions only partly held (a function word, a word
    // the report lacks, a synonym, a misspelling).
    let questions = [
        "asili nido",
        "piste ciclabili",
        "attivita",
        "verde pubblico",
        "scuol",
        "bici in città",
        "spazzatura ingombranti",
        "aiuti alle famiglie povere",
        "spazzatura",
        "bibbliotecca",
    ];
    for q in questions {
        let total = b.search(q).await;
        // The app shows 10 results at first.
        let cli = native(&engine, q, &[], Sort::Relevance);
        assert_eq!(total, cli.total, "{q}");
        assert_eq!(b.result_ids().await, ids(&cli), "{q}");
        // As many results hold every word on both sides (the divider comes after them).
        let complete_shown = cli.hits.iter().filter(|h| h.complete).count();
        let partial_shown = b.how_many(sel::PARTIAL_RESULT).await;
        if cli.complete > 0 {
            assert_eq!(partial_shown, cli.hits.len() - complete_shown, "{q}");
        } else {
            assert_eq!(partial_shown, 0, "{q}: no divider when no result holds every word");
        }
    }
    // And in every order.
    for sort in Sort::ALL {
        b.open_results(&format!("?q=piste+ciclabili&ordina={}", sort.key()), "piste ciclabili").await;
        let cli = native(&engine, "piste ciclabili", &[], sort);
        until_ids(&b, &format!("piste ciclabili by {}", sort.key()), &ids(&cli)).await;
    }
    b.close().await;
}

#[tokio::test]
async fn a_damaged_bundle_shows_a_clear_message() {
    // A copy of dist/ whose data no longer matches its manifest.
    let copy = std::env::temp_dir().join(format!("e2e-damaged-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(copy.join("bundle/pieces")).unwrap();
    let dirs = [dist(), dist().join("bundle"), dist().join("bundle/pieces")];
    for entry in dirs.iter().flat_map(|d| std::fs::read_dir(d).unwrap()) {
        let path = entry.unwrap().path();
        if path.is_file() {
            let rel = path.strip_prefix(dist()).unwrap();
            std::fs::copy(&path, copy.join(rel)).unwrap();
        }
    }
    let mut data = std::fs::read(copy.join("bundle/catalog.json")).unwrap();
    data.truncate(data.len() / 2);
    std::fs::write(copy.join("bundle/catalog.json"), data).unwrap();

    let b = Browser::start(Some(copy.clone())).await;
    b.open("?q=scuola").await;
    // Plain words first, with what to do; the technical detail names the file.
    let message = b.until_text("the error message", sel::ENGINE_ERROR_MESSAGE).await;
    assert_eq!(
        message,
        "Non è stato possibile scaricare i dati di ricerca completi. Controlla la connessione e riprova."
    );
    assert_eq!(b.text_of(sel::ENGINE_RETRY).await.as_deref(), Some("Riprova"));
    let detail = b.text_of(sel::ENGINE_ERROR_DETAIL).await.unwrap_or_default();
    assert!(detail.contains("catalog.json") && detail.contains("danneggiato"), "{detail}");
    // The search box, which cannot work without the data, is disabled; the rest of
    // the page still responds (the language changes, the message with it).
    assert_eq!(b.property(sel::SEARCH_BOX, "disabled").await, true);
    b.click(sel::LANGUAGE_SWITCH).await;
    b.until(
        "the message in English",
        &format!(
            "{}?.textContent === 'The complete search data could not be downloaded. Check your connection and try again.'",
            js_one(sel::ENGINE_ERROR_MESSAGE)
        ),
    )
    .await;
    b.close().await;
    let _ = std::fs::remove_dir_all(&copy);
}

/// The notes the app must show above the results of `r`, in Italian, as (selector,
/// text): what the engine says of the question's words.
fn expected_notes(r: &SearchResponse) -> Vec<(&'static str, String)> {
    let missing = r.not_found();
    let content_words = r.words.iter().filter(|w| !w.stop).count();
    let mut notes = Vec::new();
    if r.total > 0 && r.complete == 0 && content_words >= 2 {
        notes.push((
            sel::NOTE_PARTIAL,
            match missing.is_empty() {
                true => "Nessuna attività contiene tutte le parole: questi risultati ne contengono solo alcune.".into(),
                false => format!("Nessuna attività contiene tutte le parole; non trovato: {}", missing.join(", ")),
            },
        ));
    } else if r.total > 0 && !missing.is_empty() {
        notes.push((sel::NOTE_MISSING, format!("Non trovato: {}", missing.join(", "))));
    }
    if !r.synonyms().is_empty() {
        notes.push((sel::NOTE_SYNONYMS, format!("Cercato anche: {}", r.synonyms().join(", "))));
    }
    if let Some(s) = &r.suggestion {
        notes.push((sel::NOTE_SUGGESTION, format!("Forse cercavi: {s}")));
    }
    notes
}

/// The notes shown, as (selector of their kind, text).
async fn shown_notes(b: &Browser) -> Vec<(&'static str, String)> {
    let kinds = [sel::NOTE_PARTIAL, sel::NOTE_MISSING, sel::NOTE_SYNONYMS, sel::NOTE_SUGGESTION];
    let mut out = Vec::new();
    for text in b.texts(sel::NOTES).await {
        let mut kind = "?";
        for k in kinds {
            if b.text_of(k).await.as_deref() == Some(text.as_str()) {
                kind = k;
            }
        }
        out.push((kind, text));
    }
    out
}

#[tokio::test]
async fn the_notes_say_which_words_no_activity_holds() {
    let engine = native_engine();
    let b = Browser::start(None).await;
    // Two questions whose last word the report lacks (checked natively first).
    for (q, url, missing) in [
        ("spazzatura ingombranti", "?q=spazzatura+ingombranti", "ingombranti"),
        ("piste ciclabili zzyzzx", "?q=piste+ciclabili+zzyzzx", "zzyzzx"),
    ] {
        let cli = native(&engine, q, &[], Sort::Relevance);
        assert!(cli.total > 0 && cli.complete == 0, "{q}: {} of {} hold every word", cli.complete, cli.total);
        assert_eq!(cli.not_found(), [missing], "{q}");

        assert_eq!(b.open_results(url, q).await, cli.total, "{q}");
        assert_eq!(
            b.text_of(sel::NOTE_PARTIAL).await.as_deref(),
            Some(format!("Nessuna attività contiene tutte le parole; non trovato: {missing}").as_str()),
            "{q}"
        );
        // Said once: no separate "Non trovato", no divider (no result holds every word).
        assert_eq!(b.how_many(sel::NOTE_MISSING).await, 0, "{q}");
        assert_eq!(b.how_many(sel::PARTIAL_DIVIDER).await, 0, "{q}");
        assert_eq!(b.result_ids().await, ids(&cli), "{q}");
        assert_eq!(shown_notes(&b).await, expected_notes(&cli), "{q}");
        // Heard with the count: both in one polite live region.
        let region = b
            .js(&format!(
                "const r = {}; return [r.getAttribute('role'), r.getAttribute('aria-live'), !!r.querySelector({}), !!r.querySelector({})];",
                js_one(sel::SUMMARY),
                js_str(sel::COUNT),
                js_str(sel::NOTE_PARTIAL)
            ))
            .await;
        assert_eq!(region, serde_json::json!(["status", "polite", true, true]), "{q}");
    }
    // Whatever the engine makes of a citizen's question, the notes say it.
    for q in ["aiuti alle famiglie povere", "bici in città", "spazzatura", "asili nido", "bibbliotecca"] {
        let cli = native(&engine, q, &[], Sort::Relevance);
        assert_eq!(b.open_results(&format!("?q={}", q.replace(' ', "+")), q).await, cli.total, "{q}");
        assert_eq!(shown_notes(&b).await, expected_notes(&cli), "{q}");
    }
    // A question whose words are all held somewhere, never together.
    let q = "cavallerizza biblioteca";
    let cli = native(&engine, q, &[], Sort::Relevance);
    assert!(cli.total > 0 && cli.complete == 0 && cli.not_found().is_empty(), "{q}: {} of {}", cli.complete, cli.total);
    assert_eq!(b.open_results("?q=cavallerizza+biblioteca", q).await, cli.total);
    assert_eq!(
        b.text_of(sel::NOTE_PARTIAL).await.as_deref(),
        Some("Nessuna attività contiene tutte le parole: questi risultati ne contengono solo alcune.")
    );
    // A single word the report lacks: no results, and the message says what to do.
    assert_eq!(b.open_results("?q=zzyzzx", "zzyzzx").await, 0);
    assert_eq!(b.how_many(sel::NOTE_PARTIAL).await, 0);
    // In English (last: the language is remembered).
    b.open_results("?q=spazzatura+ingombranti&lang=en", "spazzatura ingombranti").await;
    assert_eq!(
        b.text_of(sel::NOTE_PARTIAL).await.as_deref(),
        Some("No activity contains all the words; not found: ingombranti")
    );
    b.close().await;
}

#[tokio::test]
async fn results_holding_every_word_come_first_then_a_divider() {
    let engine = native_engine();
    // A question with a few results holding every word, then others on the first page.
    let q = ["asili nido", "aiuti famiglie", "piste ciclabili", "verde pubblico"]
        .into_iter()
        .find(|q| {
            let r = native(&engine, q, &[], Sort::Relevance);
            r.complete > 0 && r.complete < r.hits.len()
        })
        .expect("a question with complete and partial results on its first page");
    let cli = native(&engine, q, &[], Sort::Relevance);
    let b = Browser::start(None).await;
    b.open_home().await;
    assert_eq!(b.search(q).await, cli.total);
    assert_eq!(b.result_ids().await, ids(&cli), "{q}");
    assert_eq!(b.text_of(sel::PARTIAL_DIVIDER).await.as_deref(), Some("Risultati con solo alcune delle parole"));
    // The divider is a heading between two lists: every result before it holds every
    // word, every one after it only some.
    let split = b
        .js(&format!(
            "const d = {}; return [d.tagName, ...[...{}].map(r => !!(d.compareDocumentPosition(r) & Node.DOCUMENT_POSITION_FOLLOWING))];",
            js_one(sel::PARTIAL_DIVIDER),
            js_all(sel::RESULT)
        ))
        .await;
    let split = split.as_array().unwrap();
    assert_eq!(split[0], "H2");
    let after: Vec<bool> = split[1..].iter().map(|v| v.as_bool().unwrap()).collect();
    let partial: Vec<bool> = cli.hits.iter().map(|h| !h.complete).collect();
    assert_eq!(after, partial, "{q}: the divider stands before the first partial result");
    assert_eq!(b.how_many(sel::PARTIAL_RESULT).await, partial.iter().filter(|p| **p).count());
    assert_eq!(b.how_many(sel::NOTE_PARTIAL).await, 0, "some results hold every word");
    // English.
    b.open_results(&format!("?q={}&lang=en", q.replace(' ', "+")), q).await;
    assert_eq!(b.text_of(sel::PARTIAL_DIVIDER).await.as_deref(), Some("Results with only some of the words"));
    b.close().await;
}

#[tokio::test]
async fn a_synonym_searched_as_well_is_named() {
    let engine = native_engine();
    let cli = native(&engine, "spazzatura", &[], Sort::Relevance);
    assert!(cli.synonyms().contains(&"rifiuti"), "the synonym list no longer maps spazzatura to rifiuti");
    let b = Browser::start(None).await;
    b.open_home().await;
    assert_eq!(b.search("spazzatura").await, cli.total);
    assert!(cli.total > 0, "the report has no 'spazzatura': only the synonym finds results");
    let note = b.text_of(sel::NOTE_SYNONYMS).await.unwrap_or_default();
    assert_eq!(note, format!("Cercato anche: {}", cli.synonyms().join(", ")));
    assert!(note.starts_with("Cercato anche: rifiuti"), "{note}");
    // The synonym is what the results mark.
    let marks = b.texts(sel::RESULT_MARK).await;
    assert!(marks.iter().any(|m| m.to_lowercase().starts_with("rifiut")), "{marks:?}");
    // Every word found: no other note.
    assert_eq!(b.how_many(sel::NOTE_PARTIAL).await + b.how_many(sel::NOTE_MISSING).await, 0);
    b.open_results("?q=spazzatura&lang=en", "spazzatura").await;
    let note = b.text_of(sel::NOTE_SYNONYMS).await.unwrap_or_default();
    assert!(note.starts_with("Also searched: rifiuti"), "{note}");
    b.close().await;
}

#[tokio::test]
async fn did_you_mean_runs_the_corrected_search_in_place() {
    let engine = native_engine();
    let cli = native(&engine, "bibbliotecca", &[], Sort::Relevance);
    assert_eq!(cli.suggestion.as_deref(), Some("biblioteca"));
    let corrected = native(&engine, "biblioteca", &[], Sort::Relevance);
    let b = Browser::start(None).await;
    b.open_results("?q=bibbliotecca&stato=In+corso", "bibbliotecca").await;
    assert_eq!(b.text_of(sel::NOTE_SUGGESTION).await.as_deref(), Some("Forse cercavi: biblioteca"));
    // A real link: the same state with the question replaced.
    assert_eq!(b.attribute(sel::SUGGESTION_LINK, "href").await, "./?q=biblioteca&stato=In+corso");
    b.open_results("?q=bibbliotecca", "bibbliotecca").await;
    b.js("window.__samePage = true;").await;
    b.click(sel::SUGGESTION_LINK).await;
    assert_eq!(b.count_for("biblioteca").await, corrected.total);
    assert_eq!(b.js("return window.__samePage === true;").await, true, "the link navigates in place");
    assert_eq!(b.result_ids().await, ids(&corrected));
    assert_eq!(b.how_many(sel::NOTE_SUGGESTION).await, 0, "the corrected question needs no correction");
    // Back: the misspelt question again, with its suggestion.
    b.client.back().await.unwrap();
    b.count_for("bibbliotecca").await;
    assert_eq!(b.text_of(sel::NOTE_SUGGESTION).await.as_deref(), Some("Forse cercavi: biblioteca"));
    b.open_results("?q=bibbliotecca&lang=en", "bibbliotecca").await;
    assert_eq!(b.text_of(sel::NOTE_SUGGESTION).await.as_deref(), Some("Did you mean: biblioteca"));
    b.close().await;
}

#[tokio::test]
async fn the_order_can_be_chosen_and_the_url_keeps_it() {
    let engine = native_engine();
    let q = "scuola";
    let b = Browser::start(None).await;
    b.open_results("?q=scuola", q).await;
    assert_eq!(b.result_ids().await, ids(&native(&engine, q, &[], Sort::Relevance)));
    assert_eq!(b.text_of(sel::SORT_LABEL).await.as_deref(), Some("Ordina per"));
    let options =
        b.js(&format!("return [...{}.options].map(o => o.value + '=' + o.textContent);", js_one(sel::SORT))).await;
    assert_eq!(
        options,
        serde_json::json!(["pertinenza=pertinenza", "rendiconto=ordine del Rendiconto", "stato=stato"])
    );
    assert_eq!(b.url_param("ordina").await, None);

    // Report order: the ids as the report lists them.
    choose_sort(&b, "rendiconto").await;
    let report = native(&engine, q, &[], Sort::Report);
    until_ids(&b, "report order", &ids(&report)).await;
    assert_eq!(b.url_param("ordina").await.as_deref(), Some("rendiconto"));
    let place = |id: &str| engine.items.iter().position(|i| i.id.to_string() == id).unwrap();
    let shown = b.result_ids().await;
    assert!(shown.windows(2).all(|w| place(&w[0]) < place(&w[1])), "not in report order: {shown:?}");

    // Status: concluded first.
    choose_sort(&b, "stato").await;
    let status = native(&engine, q, &[], Sort::Status);
    until_ids(&b, "status order", &ids(&status)).await;
    assert_eq!(b.url_param("ordina").await.as_deref(), Some("stato"));
    let first_badge = b.text_of(sel::RESULT_BADGES).await.unwrap_or_default();
    assert!(first_badge.starts_with("Concluso"), "{first_badge}");

    // Reload: the same order, chosen in the select.
    b.client.refresh().await.unwrap();
    b.count_for(q).await;
    until_ids(&b, "status order after reload", &ids(&status)).await;
    assert_eq!(b.property(sel::SORT, "value").await, "stato");
    // Back: report order again, and the select says so.
    b.client.back().await.unwrap();
    until_ids(&b, "report order after back", &ids(&report)).await;
    b.until("the select after back", &format!("{}.value === 'rendiconto'", js_one(sel::SORT))).await;
    b.client.back().await.unwrap();
    until_ids(&b, "relevance after back", &ids(&native(&engine, q, &[], Sort::Relevance))).await;
    assert_eq!(b.property(sel::SORT, "value").await, "pertinenza");
    // English labels.
    b.open_results("?q=scuola&lang=en", q).await;
    assert_eq!(b.text_of(sel::SORT_LABEL).await.as_deref(), Some("Sort by"));
    let labels = b.texts(sel::SORT_OPTION).await;
    assert_eq!(labels, ["relevance", "report order", "status"]);
    b.close().await;
}

#[tokio::test]
async fn filters_alone_list_every_matching_activity_in_report_order() {
    let engine = native_engine();
    let filters = [(Facet::Stato, "Concluso")];
    let cli = native(&engine, "", &filters, Sort::Relevance);
    let b = Browser::start(None).await;
    let total = b.open_results("?stato=Concluso", "").await;
    assert_eq!(total, cli.total);
    assert!(total > 1, "some activities are Concluso");
    // The count is the filter's own.
    let label = b.until_text("the Concluso filter", &sel::filter_label("stato", "Concluso")).await;
    assert_eq!(label, format!("Concluso ({total})"));
    let shown = b.result_ids().await;
    assert_eq!(shown, ids(&cli));
    let place = |id: &str| engine.items.iter().position(|i| i.id.to_string() == id).unwrap();
    assert!(shown.windows(2).all(|w| place(&w[0]) < place(&w[1])), "not in report order: {shown:?}");
    let badges = b.texts(sel::RESULT_BADGES).await;
    let statuses: Vec<String> = cli.hits.iter().filter_map(|h| h.status.clone()).collect();
    assert_eq!(badges, statuses);
    assert!(badges.iter().all(|s| s.starts_with("Concluso")), "{badges:?}");
    // No notes on words without words.
    assert_eq!(b.how_many(sel::NOTES).await, 0);
    // "Mostra altri" reaches every one of them.
    while b.how_many(sel::MORE).await > 0 {
        let before = b.how_many(sel::RESULT).await;
        b.click(sel::MORE).await;
        b.until("more results", &format!("{}.length > {before}", js_all(sel::RESULT))).await;
    }
    assert_eq!(b.how_many(sel::RESULT).await, total);

    // Two statuses, sorted by status: concluded first, then in progress.
    b.open_results("?stato=Concluso&stato=In+corso", "").await;
    choose_sort(&b, "stato").await;
    let by_status = native(&engine, "", &[(Facet::Stato, "Concluso"), (Facet::Stato, "In corso")], Sort::Status);
    until_ids(&b, "filters sorted by status", &ids(&by_status)).await;
    assert_eq!(b.url_param("ordina").await.as_deref(), Some("stato"));
    choose_sort(&b, "rendiconto").await;
    let by_report = native(&engine, "", &[(Facet::Stato, "Concluso"), (Facet::Stato, "In corso")], Sort::Report);
    until_ids(&b, "filters in report order", &ids(&by_report)).await;
    b.close().await;
}

#[tokio::test]
async fn an_activity_opened_from_a_search_marks_its_words() {
    let b = Browser::start(None).await;
    b.open_results("?q=biblioteca", "biblioteca").await;
    // "Torino Città del libro: ridefinire il ruolo delle biblioteche civiche…"
    b.click(&sel::result_link("m5-p2-a6")).await;
    b.until("the activity", &format!("{} && {}", e2e::showing_js("m5-p2-a6"), js_one(sel::DETAIL_TITLE))).await;
    assert_eq!(b.url_param("q").await.as_deref(), Some("biblioteca"));
    assert_eq!(b.texts(sel::TITLE_MARK).await, ["biblioteche"]);
    let actions = b.texts(sel::ACTION_MARK).await;
    assert!(!actions.is_empty() && actions.iter().all(|m| m.to_lowercase().starts_with("bibliotec")), "{actions:?}");
    let names = b.texts(sel::INDICATOR_NAME_MARK).await;
    assert!(names.contains(&"biblioteche".to_string()), "{names:?}");
    // The marked title still reads as one heading.
    let title = b.text_of(sel::DETAIL_TITLE).await.unwrap_or_default();
    assert!(title.starts_with("Torino Città del libro: ridefinire il ruolo delle biblioteche civiche"), "{title}");
    // Reload keeps them; without a question nothing is marked.
    b.client.refresh().await.unwrap();
    b.until_some("the marks after reload", sel::TITLE_MARK).await;
    b.open_page("?a=m5-p2-a6", sel::DETAIL_TITLE).await;
    b.until_found("the indicators", sel::INDICATORS).await;
    assert_eq!(b.how_many(sel::DETAIL_MARK).await, 0);
    b.close().await;
}

#[test]
fn counts_are_read_from_the_status_line() {
    assert_eq!(parse_count("37 risultati"), 37);
    assert_eq!(parse_count("1 risultato"), 1);
}

e2e::behind_each_server!(a_search_finds_the_expected_activity,);
