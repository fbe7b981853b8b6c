//! The app on a phone (360 and 390 px wide, in real headless Chromium with the
//! device's metrics emulated): the results come right after the search box, the
//! filters open in a modal dialog from "Filtri (n)", the active filters are chips,
//! and no page is wider than the screen.

use e2e::{js_all, js_one, parse_count, sel, Browser};
use fantoccini::key::Key;
use serde_json::json;

/// The phones' widths, and a common phone screen's height.
const WIDTHS: [u32; 2] = [360, 390];
const HEIGHT: u32 = 740;

/// Makes the window a phone's screen: its size, and the device's metrics (a desktop
/// window may not shrink that far).
async fn phone(b: &Browser, width: u32) {
    let _ = b.client.set_window_size(width, HEIGHT + 100).await;
    b.cdp(
        "Emulation.setDeviceMetricsOverride",
        json!({ "width": width, "height": HEIGHT, "deviceScaleFactor": 1, "mobile": true }),
    )
    .await;
}

/// The page is no wider than the screen (nothing scrolls sideways but tables, in
/// their own box).
async fn fits(b: &Browser, what: &str, width: u32) {
    let v = b.js("return [document.documentElement.scrollWidth, window.innerWidth];").await;
    let (scroll, inner) = (v[0].as_i64().unwrap(), v[1].as_i64().unwrap());
    assert_eq!(inner, width as i64, "{what}: the window is {inner}px wide, not a {width}px phone");
    assert!(scroll <= inner, "{what} at {width}px: the page is {scroll}px wide on a {inner}px screen");
}

async fn dialog_open(b: &Browser) -> bool {
    b.property(sel::FILTER_DIALOG, "open").await == json!(true)
}

#[tokio::test]
async fn results_come_first_and_no_page_scrolls_sideways() {
    let b = Browser::start(None).await;
    for width in WIDTHS {
        phone(&b, width).await;
        b.open_home().await;
        b.until_home_ready().await;
        fits(&b, "home", width).await;

        b.search("piste ciclabili").await;
        b.until_found("the first result", sel::RESULT_TITLE).await;
        // The first result's title is on the first screen, without scrolling.
        let top = b
            .js(&format!("return {}.getBoundingClientRect().top + window.scrollY;", js_one(sel::RESULT_TITLE)))
            .await
            .as_f64()
            .unwrap();
        assert!(top < HEIGHT as f64, "at {width}px the first result's title starts at {top}px, below the first screen");
        eprintln!("{width}px: the first result's title starts {top}px from the top");
        b.screenshot(&format!("phone-results-{width}")).await;
        // The filters wait behind their button; the button is a touch target.
        let sidebar = b.js(&format!("return getComputedStyle({}).display;", js_one(sel::SIDEBAR))).await;
        assert_eq!(sidebar, "none", "the sidebar is hidden on a phone's results");
        assert_eq!(b.text_of(sel::FILTERS_OPEN).await.as_deref(), Some("Filtri"));
        let (w, h) = b.size_of(sel::FILTERS_OPEN).await;
        assert!(w >= 44.0 && h >= 44.0, "the Filtri button is {w}×{h}");
        fits(&b, "results", width).await;

        // Every kind of page: tables scroll inside their own box, the page does not.
        for (what, path, ready) in [
            ("programme", "programma/1-10/", sel::INDICATOR_TABLE),
            ("activity", "attivita/1-2-1/", sel::INDICATORS),
            ("mission", "missione/9/", sel::HEADING),
            ("indicator table", "tabella/1-3-1/", sel::TABLE),
            ("open data", "dati/", sel::OPEN_DATA_TABLE),
        ] {
            b.open(path).await;
            b.until(what, &format!("{} && {}", js_one(ready), js_one(sel::APP_RUNNING))).await;
            fits(&b, what, width).await;
            let boxes = b
                .js(&format!(
                    "return [...{}].every(e => e.getBoundingClientRect().right <= window.innerWidth + 0.5);",
                    js_all(sel::TABLE_SCROLL)
                ))
                .await;
            assert_eq!(boxes, true, "{what} at {width}px: a table's box goes past the screen");
        }
    }
    b.close().await;
}

#[tokio::test]
async fn the_filter_dialog_filters_closes_and_gives_focus_back() {
    let b = Browser::start(None).await;
    for width in WIDTHS {
        phone(&b, width).await;
        let before = b.open_results("?q=scuola", "scuola").await;
        b.until_found("the filters' counts", sel::SIDEBAR_FACET).await;

        // Open: a modal dialog, labelled, with focus inside and the page behind inert.
        b.click(sel::FILTERS_OPEN).await;
        b.until(
            "the open dialog",
            &format!("{}.open && {}", js_one(sel::FILTER_DIALOG), js_one(&sel::dialog_filters("stato"))),
        )
        .await;
        let inside = b.js(&format!("return {}.contains(document.activeElement);", js_one(sel::FILTER_DIALOG))).await;
        assert_eq!(inside, true, "focus moves into the dialog");
        let label = b
            .js(&format!(
                "const d = {}; return document.getElementById(d.getAttribute('aria-labelledby'))?.textContent;",
                js_one(sel::FILTER_DIALOG)
            ))
            .await;
        assert_eq!(label, "Filtra i risultati", "the dialog is labelled by its title");
        let trapped = b
            .js(&format!(
                "const q = {}; q.focus(); return document.activeElement !== q && {}.contains(document.activeElement);",
                js_one(sel::SEARCH_BOX),
                js_one(sel::FILTER_DIALOG)
            ))
            .await;
        assert_eq!(trapped, true, "the page behind the dialog cannot take focus");
        b.screenshot(&format!("phone-dialog-{width}")).await;
        let violations = b.accessibility_violations().await;
        assert!(violations.is_empty(), "axe-core, dialog open at {width}px:\n{}", violations.join("\n"));
        for css in [sel::FILTER_APPLY, sel::FILTER_RESET, sel::FILTER_DIALOG_CLOSE] {
            let (w, h) = b.size_of(css).await;
            assert!(w >= 44.0 && h >= 44.0, "{css} is {w}×{h}");
        }
        let (_, h) = b.size_of(&sel::dialog_filter_labels("stato")).await;
        assert!(h >= 44.0, "a filter's label is {h}px high");

        // Tick the first status, apply: the results are filtered, the dialog closes,
        // focus is back on the button, which counts the filter.
        let value = b
            .js(&format!("return {}.dataset.value;", js_one(&sel::dialog_filters("stato"))))
            .await
            .as_str()
            .unwrap()
            .to_string();
        let label = b.text_of(&sel::dialog_filter_label("stato", &value)).await.unwrap();
        let expected: usize = label
            .trim_start_matches(&format!("{value} ("))
            .trim_end_matches(')')
            .parse()
            .unwrap_or_else(|_| panic!("{label}"));
        assert!(expected < before, "{label}: fewer than {before}");
        b.click(&sel::dialog_filter_label("stato", &value)).await;
        b.until("the box ticked", &format!("{}?.checked", js_one(&sel::dialog_filter("stato", &value)))).await;
        assert_eq!(parse_count(&b.text_of(sel::COUNT).await.unwrap()), before, "nothing changes before Applica");
        b.click(sel::FILTER_APPLY).await;
        b.until_count("the filtered results", expected).await;
        b.until("the dialog closed", &format!("!{}.open", js_one(sel::FILTER_DIALOG))).await;
        assert_eq!(b.focused_id().await, "filters-open", "focus returns to the Filtri button");
        assert_eq!(b.text_of(sel::FILTERS_OPEN).await.as_deref(), Some("Filtri (1)"));
        assert_eq!(b.url_param("stato").await.as_deref(), Some(value.as_str()));
        // The chip says the filter and how to remove it.
        let chip = sel::chip("stato", &value);
        let name = b.attribute(&chip, "aria-label").await;
        assert_eq!(name, json!(format!("Rimuovi filtro Stato: {value}")));
        assert_eq!(b.text_of(&chip).await, Some(format!("Stato: {value} ✕")));
        let (w, h) = b.size_of(&chip).await;
        assert!(w >= 44.0 && h >= 44.0, "the chip is {w}×{h}");
        b.screenshot(&format!("phone-chips-{width}")).await;
        let violations = b.accessibility_violations().await;
        assert!(violations.is_empty(), "axe-core, dialog closed at {width}px:\n{}", violations.join("\n"));
        fits(&b, "results with a chip", width).await;

        // Esc closes and drops what was ticked; focus returns to the button.
        b.click(sel::FILTERS_OPEN).await;
        b.until("the dialog again", &format!("{}?.checked", js_one(&sel::dialog_filter("stato", &value)))).await;
        b.js(&format!("{}[1].click();", js_all(&sel::dialog_filters("stato")))).await;
        b.until("a second box ticked", &format!("{}.length === 2", js_all(&sel::dialog_filters_ticked("stato")))).await;
        b.press(Key::Escape).await;
        b.until("Esc closes the dialog", &format!("!{}.open", js_one(sel::FILTER_DIALOG))).await;
        assert!(!dialog_open(&b).await);
        assert_eq!(b.focused_id().await, "filters-open", "focus returns to the Filtri button after Esc");
        assert_eq!(b.text_of(sel::FILTERS_OPEN).await.as_deref(), Some("Filtri (1)"), "Esc applies nothing");
        b.until_count("the same results", expected).await;

        // The chip removes its filter.
        b.click(&chip).await;
        b.until_count("all the results again", before).await;
        assert_eq!(b.how_many(sel::FILTER_CHIP).await, 0);
        assert_eq!(b.url_param("stato").await, None);
        assert_eq!(b.text_of(sel::FILTERS_OPEN).await.as_deref(), Some("Filtri"));

        // "Azzera" unticks everything; applied, the filters are gone.
        b.open(&format!("?q=scuola&stato={}", value.replace(' ', "+"))).await;
        b.until_count("the filtered results from the address", expected).await;
        b.click(sel::FILTERS_OPEN).await;
        b.until("the dialog", &format!("{}?.checked", js_one(&sel::dialog_filter("stato", &value)))).await;
        b.click(sel::FILTER_RESET).await;
        b.until("every box unticked", &format!("{}.length === 0", js_all(&sel::dialog_filters_ticked("stato")))).await;
        b.click(sel::FILTER_APPLY).await;
        b.until_count("all the results after Azzera", before).await;
        assert_eq!(b.focused_id().await, "filters-open");
        assert_eq!(b.how_many(sel::FILTER_CHIP).await, 0);
    }
    b.close().await;
}

#[tokio::test]
async fn on_a_desktop_the_sidebar_stays_chips_remove_filters_and_english_reads_right() {
    let b = Browser::start(None).await;
    b.open_results("?q=scuola&stato=In+corso", "scuola").await;
    b.until_found("the sidebar's filters", &sel::filter("stato", "In corso")).await;
    let shown = b
        .js(&format!(
            "return [getComputedStyle({}).display, getComputedStyle({}).display];",
            js_one(sel::SIDEBAR),
            js_one(sel::FILTERS_OPEN)
        ))
        .await;
    assert_ne!(shown[0], "none", "the sidebar shows on a desktop");
    assert_eq!(shown[1], "none", "the Filtri button is for phones");
    let with_filter = parse_count(&b.text_of(sel::COUNT).await.unwrap());
    b.click(&sel::chip("stato", "In corso")).await;
    b.until("all the results", &format!("parseInt({}.textContent) > {with_filter}", js_one(sel::COUNT))).await;
    assert_eq!(b.how_many(sel::FILTER_CHIP).await, 0);
    assert_eq!(b.url_param("stato").await, None);

    // In English: the button, the chip and the dialog's buttons.
    phone(&b, 360).await;
    b.open_results("?q=scuola&stato=In+corso&lang=en", "scuola").await;
    assert_eq!(b.text_of(sel::FILTERS_OPEN).await.as_deref(), Some("Filters (1)"));
    assert_eq!(b.attribute(&sel::chip("stato", "In corso"), "aria-label").await, "Remove filter Status: In corso");
    b.click(sel::FILTERS_OPEN).await;
    b.until("the dialog", &format!("{}?.open", js_one(sel::FILTER_DIALOG))).await;
    assert_eq!(b.text_of(sel::FILTER_APPLY).await.as_deref(), Some("Apply"));
    assert_eq!(b.text_of(sel::FILTER_RESET).await.as_deref(), Some("Clear all"));
    b.close().await;
}
