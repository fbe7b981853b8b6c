//! Reading and exploring: browse → programme → activity, indicator values as printed,
//! downloads, the language switch, accessibility (axe-core) and screenshots of every view.

use e2e::{js_all, js_one, js_str, sel, Browser};
use serde_json::Value;

/// The row of the indicator table whose header cell is `name`, as its cell texts.
async fn indicator_row(b: &Browser, name: &str) -> Vec<String> {
    let name = serde_json::to_string(name).unwrap();
    let v = b
        .js(&format!(
            "const r = [...{}].find(r => r.querySelector({}).textContent === {name});
             return r ? [...r.querySelectorAll({})].map(c => c.textContent) : null;",
            js_all(sel::INDICATOR_ROW),
            js_str(sel::INDICATOR_ROW_NAME),
            js_str(sel::INDICATOR_ROW_CELL)
        ))
        .await;
    v.as_array()
        .unwrap_or_else(|| panic!("no indicator {name}"))
        .iter()
        .map(|c| c.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn browse_from_the_home_to_a_programme_and_an_activity() {
    let b = Browser::start(None).await;
    b.open("").await;
    // The interface running: the prerendered home's links would load pages, not
    // navigate in place (where the focus goes to the new page's title).
    b.until_home_ready().await;
    assert_eq!(b.how_many(sel::MISSION).await, 16);
    assert_eq!(b.how_many(sel::PROGRAM_CARD).await, 52);
    let card = b.shown_text(&sel::program_card_meta("m1-p2")).await;
    assert!(card.starts_with("7 attività"), "{card}");

    b.click(&sel::program_card_link("m1-p2")).await;
    let programme = format!("{}?.textContent.includes('SEGRETERIA GENERALE')", js_one(sel::PROGRAM_TITLE));
    b.until("the programme page", &programme).await;
    assert!(b.shown_text(sel::PROGRAM_SOURCE).await.contains("Rendiconto 2023, pagina 8"));
    assert_eq!(b.how_many(sel::COUNCIL_LINE).await, 1);
    assert_eq!(b.how_many(sel::ACTIVITY_LIST_ITEM).await, 7);
    assert_eq!(b.js("return document.activeElement.id;").await, "page-title");

    b.click(&sel::activity_link("m1-p2-a1")).await;
    b.until(
        "the activity page",
        &format!("{}?.textContent.startsWith('Miglioramento della redazione')", js_one(sel::DETAIL_TITLE)),
    )
    .await;
    // Council line text, not just its number; where it came from; previous / next.
    assert!(b.shown_text(sel::FACTS).await.contains("Avviare un processo di riorganizzazione"));
    assert!(b.shown_text(sel::FACTS).await.contains("Rendiconto 2023, pagina 8 · righe del testo sorgente 175–176"));
    assert_eq!(b.js(&format!("return {};", js_one(sel::PREVIOUS))).await, Value::Null);
    b.click(sel::NEXT).await;
    b.until("the next activity", &e2e::showing_js("m1-p2-a2")).await;
    // The breadcrumb leads back to the programme.
    b.click(sel::BREADCRUMB_PROGRAMME).await;
    b.until("the programme again", &e2e::showing_js("m1-p2")).await;
    b.close().await;
}

#[tokio::test]
async fn indicator_values_are_shown_as_printed_with_charts_and_changes() {
    let b = Browser::start(None).await;
    // Lines 175–176: numbers, a chart and the change 2022→2023.
    b.open_page("?a=m1-p2-a1", sel::INDICATORS).await;
    let row = indicator_row(&b, "N° deliberazioni Giunta").await;
    assert_eq!(&row[..2], ["936", "864"]);
    assert_eq!(row[5], "↓ −7,7%diminuzione del 7,7% dal 2022 al 2023");
    let chart = b.attribute(&sel::indicator_chart(2), "aria-label").await;
    assert_eq!(chart, "Andamento: 2022: 936; 2023: 864");

    // Line 150: money values as printed; a sum is not a number, so no change is computed.
    b.open_page("?a=m1-p1-a4", sel::INDICATORS).await;
    let row = indicator_row(&b, "- Importo risorse coordinate (rispetto a quanto accertato entro il 31/12)").await;
    assert_eq!(&row[..2], ["524.018.883,50 €", "54.357.605,08 (PN METRO PLUS) + 702.982.827,40 €"]);
    assert_eq!(row[5], "");

    // Line 146: "-" and "€ 20.000" stay text; nothing is turned into zero.
    b.open_page("?a=m1-p1-a3", sel::INDICATORS).await;
    let row = indicator_row(&b, "Ammontare risorse reperite tramite bando").await;
    assert_eq!(&row[..3], ["-", "€ 20.000", ""]);
    assert_eq!(row[5], "");

    // m1-p3-t1: N.D. and "5,28* gg" in an indicator table.
    b.open("?a=m1-p3-t1").await;
    let cells = b
        .until(
            "the table",
            &format!(
                "[...{}].find(r => r.querySelector({}).textContent.startsWith('Tempestività dei pagamenti'))?.innerText",
                js_all(sel::INDICATOR_TABLE_ROW),
                js_str(sel::INDICATOR_ROW_NAME)
            ),
        )
        .await;
    let cells = cells.as_str().unwrap();
    assert!(cells.contains("N.D.") && cells.contains("5,28* gg"), "{cells}");
    b.close().await;
}

#[tokio::test]
async fn downloads_hold_the_data_shown() {
    let b = Browser::start(None).await;
    b.open_page("?p=m11-p2", sel::PROGRAM_TITLE).await;
    b.click(&sel::download("CSV")).await;
    let csv = b.downloaded("rendiconto-2023-m11-p2.csv").await;
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("missione,missione_titolo,programma"));
    assert!(csv.lines().skip(1).all(|l| l.starts_with("11,SOCCORSO CIVILE,2,")), "{csv}");
    assert!(csv.contains("N° personale tecnico formato,,2022,9,9,"), "{csv}");

    b.click(&sel::download("JSON")).await;
    let json: Value = serde_json::from_str(&b.downloaded("rendiconto-2023-m11-p2.json").await).unwrap();
    assert_eq!(json["missions"].as_array().unwrap().len(), 1);
    assert_eq!(json["missions"][0]["programs"][0]["activities"][0]["id"], "m11-p2-a1");

    // The current results, all of them (not only the page shown).
    let total = b.open_results("?q=scuola", "scuola").await;
    b.click(&sel::download("JSON")).await;
    let json: Value = serde_json::from_str(&b.downloaded("rendiconto-2023-risultati.json").await).unwrap();
    let n: usize = json["missions"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|m| m["programs"].as_array().unwrap())
        .map(|p| p["activities"].as_array().unwrap().len() + p["indicator_tables"].as_array().unwrap().len())
        .sum();
    assert_eq!(n, total);
    b.close().await;
}

#[tokio::test]
async fn the_language_switch_is_remembered() {
    let b = Browser::start(None).await;
    b.open_page("?p=m1-p1", sel::PROGRAM_TITLE).await;
    assert_eq!(b.js("return document.documentElement.lang;").await, "it");
    let label = js_one(sel::SEARCH_LABEL);
    b.click(sel::LANGUAGE_SWITCH).await;
    b.until(
        "English",
        &format!("document.documentElement.lang === 'en' && {label}.textContent === 'Search the report'"),
    )
    .await;
    assert!(b.shown_text(sel::PROGRAM_TITLE).await.starts_with("Programme 1.1"));
    // A new visit without lang= in the URL keeps English.
    b.open("").await;
    b.until("English again", &format!("{label}?.textContent === 'Search the report'")).await;
    b.click(sel::LANGUAGE_SWITCH).await;
    b.until("Italian", &format!("{label}.textContent === 'Cerca nel Rendiconto'")).await;
    b.open("").await;
    b.until("Italian again", &format!("{label}?.textContent === 'Cerca nel Rendiconto'")).await;
    b.close().await;
}

/// Each view, ready: (name, URL, a JS condition that says it is rendered).
fn views() -> Vec<(&'static str, &'static str, String)> {
    // The interface's results (not the first answer's module's, drawn before them).
    let results_for = |q: &str| {
        format!("{}?.dataset.query === {} && !{}", js_one(sel::COUNT), js_str(q), js_one(sel::FIRST_ANSWER_COUNT))
    };
    let with = |q: &str, css: &str| format!("{} && {}", results_for(q), js_one(css));
    vec![
        // As it ends up: the interface's engine ready, the whole report's filters beside.
        (
            "home",
            "",
            format!(
                "{}.length === 16 && {} && {}",
                js_all(sel::MISSION),
                js_one(sel::ENGINE_READY),
                js_one(sel::SIDEBAR_FACET)
            ),
        ),
        ("results", "?q=piste+ciclabili", results_for("piste ciclabili")),
        // The notes on the question's words and the order.
        (
            "results-partial",
            "?q=spazzatura+ingombranti&ordina=stato",
            with("spazzatura ingombranti", sel::NOTE_PARTIAL),
        ),
        // Results holding every word, the divider, the others.
        ("results-divider", "?q=asili+nido", with("asili nido", sel::PARTIAL_DIVIDER)),
        ("results-suggestion", "?q=bibbliotecca", with("bibbliotecca", sel::SUGGESTION_LINK)),
        ("programme", "?p=m1-p10", format!("{} && {}", js_one(sel::PROGRAM_TITLE), js_one(sel::INDICATOR_TABLE))),
        ("activity", "?a=m1-p2-a1", js_one(sel::INDICATORS)),
        // Opened from a search: the words marked.
        ("activity-marked", "?q=biblioteca&a=m5-p2-a6", js_one(sel::INDICATOR_NAME_MARK)),
    ]
}

#[tokio::test]
async fn every_view_passes_axe_core_and_is_photographed() {
    let b = Browser::start(None).await;
    let mut failures = Vec::new();
    for (width, height) in [(1280, 900), (360, 800)] {
        b.client.set_window_size(width, height).await.unwrap();
        for (name, url, ready) in views() {
            b.open(url).await;
            b.until(name, &ready).await;
            b.screenshot(&format!("{name}-{width}")).await;
            for v in b.accessibility_violations().await {
                failures.push(format!("{name} at {width}px: {v}"));
            }
        }
    }
    assert!(failures.is_empty(), "axe-core violations:\n{}", failures.join("\n"));
    // One h1 per view.
    for (name, url, ready) in views() {
        b.open(url).await;
        b.until(name, &ready).await;
        assert_eq!(b.how_many(sel::HEADING).await, 1, "{name}");
    }
    b.close().await;
}
