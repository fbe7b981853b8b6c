//! The built app in real headless Chromium: searching, filtering, opening, sharing,
//! hostile input, keyboard use, narrow screens, and a damaged bundle.

use e2e::{dist, parse_count, Browser};
use fantoccini::key::Key;
use fantoccini::Locator;
use rendiconto_search::bundle::{DATA, INDEX, MANIFEST};
use rendiconto_search::{Bundle, Engine, SearchRequest};

#[tokio::test]
async fn a_search_finds_the_expected_activity() {
    let b = Browser::start(None).await;
    b.open_home().await;
    b.search("Cavallerizza").await;
    assert_eq!(b.count_for("Cavallerizza").await, 1);
    assert_eq!(b.result_ids().await, vec!["m1-p5-a3"]);
    let marked = b.js("return document.querySelector('.result mark').textContent;").await;
    assert_eq!(marked, "Cavallerizza");
    let label = b.js("return document.querySelector('label[for=q]').textContent + '|' + document.getElementById('q').getAttribute('role');").await;
    assert_eq!(label, "Cerca nel Rendiconto|searchbox");
    b.close().await;
}

#[tokio::test]
async fn a_filter_narrows_the_results_and_counts_follow() {
    let b = Browser::start(None).await;
    b.open("?q=piste+ciclabili").await;
    let before = b.count_for("piste ciclabili").await;
    let label = b
        .until(
            "the In corso filter",
            "document.querySelector('input[data-facet=stato][data-value=\"In corso\"] + label')?.textContent",
        )
        .await;
    let label = label.as_str().unwrap().to_string();
    assert!(label.starts_with("In corso ("), "{label}");
    let expected: usize = label.trim_start_matches("In corso (").trim_end_matches(')').parse().unwrap();
    assert!(expected < before, "{expected} < {before}");
    let years_before =
        b.js("return [...document.querySelectorAll('#facet-anno label')].map(l => l.textContent).join();").await;

    b.click("input[data-facet=stato][data-value=\"In corso\"]").await;
    let after = b
        .until("the narrowed count", &format!("(() => {{ const c = document.getElementById('count'); const n = c && parseInt(c.textContent); return n === {expected} ? n : false; }})()"))
        .await;
    assert_eq!(after.as_u64().unwrap() as usize, expected);
    let all_in_corso = b.js("return [...document.querySelectorAll('.result')].every(r => [...r.querySelectorAll('.badge')].some(x => x.textContent === 'In corso'));").await;
    assert_eq!(all_in_corso, true, "every result shown is In corso");
    let years_after =
        b.js("return [...document.querySelectorAll('#facet-anno label')].map(l => l.textContent).join();").await;
    assert_ne!(years_before, years_after, "the year counts follow the filter");
    let url = b.client.current_url().await.unwrap();
    assert!(url.query().unwrap().contains("stato=In+corso"), "{url}");
    b.close().await;
}

#[tokio::test]
async fn a_result_opens_and_the_url_restores_the_view() {
    let b = Browser::start(None).await;
    b.open("?q=asili+nido").await;
    b.count_for("asili nido").await;
    let first = b.result_ids().await[0].clone();
    b.js("window.__samePage = true;").await;
    b.click(".result a").await;
    let title = b.until("the activity page", "document.getElementById('detail-title')?.textContent").await;
    // The result list is written as HTML: its links must still open in place, not
    // reload the app.
    assert_eq!(b.js("return window.__samePage === true;").await, true, "the activity opened in place");
    let url = b.client.current_url().await.unwrap();
    assert!(url.query().unwrap().contains(&format!("a={first}")), "{url}");
    let path = b.js("return document.querySelector('#detail .path').textContent;").await;
    assert!(path.as_str().unwrap().starts_with("Missione "), "{path}");

    // Reload: the same activity, the same query in the box.
    b.client.refresh().await.unwrap();
    let again = b.until("the activity after reload", "document.getElementById('detail-title')?.textContent").await;
    assert_eq!(title, again);
    assert_eq!(b.js("return document.getElementById('q').value;").await, "asili nido");

    // Back: the result list for the same query.
    b.client.back().await.unwrap();
    b.until("the result list after back", "document.querySelector('.result') && !document.getElementById('detail')")
        .await;
    assert_eq!(b.result_ids().await[0], first);
    // Forward: the activity again.
    b.client.forward().await.unwrap();
    let fwd = b.until("the activity after forward", "document.getElementById('detail-title')?.textContent").await;
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
        b.count_for(q).await;
        let broken = b.js("return !!document.getElementById('engine-error');").await;
        assert_eq!(broken, false, "after {q:?}");
    }
    b.search("Cavallerizza").await;
    assert_eq!(b.count_for("Cavallerizza").await, 1);
    b.close().await;
}

#[tokio::test]
async fn the_keyboard_alone_is_enough() {
    let b = Browser::start(None).await;
    b.open_home().await;
    b.search("scuola").await;
    b.count_for("scuola").await;
    // Escape clears the query.
    b.client.find(Locator::Id("q")).await.unwrap().send_keys(&String::from(char::from(Key::Escape))).await.unwrap();
    b.until(
        "an empty query",
        "document.getElementById('q').value === '' && !new URLSearchParams(location.search).has('q')",
    )
    .await;
    // Enter on a focused result opens it.
    b.search("Cavallerizza").await;
    b.count_for("Cavallerizza").await;
    b.js("document.querySelector('.result a').focus();").await;
    b.client.active_element().await.unwrap().send_keys(&String::from(char::from(Key::Enter))).await.unwrap();
    b.until("the activity", "document.getElementById('detail-title')").await;
    let focused = b.js("return document.activeElement.id;").await;
    assert_eq!(focused, "detail-title", "focus moves to the opened activity");
    // The first Tab from the top reaches the skip link.
    b.open_home().await;
    b.client.find(Locator::Css("body")).await.unwrap().send_keys(&String::from(char::from(Key::Tab))).await.unwrap();
    assert_eq!(b.js("return document.activeElement.className;").await, "skip-link");
    b.close().await;
}

#[tokio::test]
async fn it_fits_a_360_pixel_phone() {
    let b = Browser::start(None).await;
    b.client.set_window_size(360, 800).await.unwrap();
    b.open("?q=piste+ciclabili&a=m10-p5-a13").await;
    b.until("the activity", "document.getElementById('detail-title')").await;
    let overflow = b.js("return document.documentElement.scrollWidth - window.innerWidth;").await;
    assert!(overflow.as_i64().unwrap() <= 0, "page wider than the screen by {overflow}px");
    b.close().await;
}

#[tokio::test]
async fn the_browser_and_the_cli_engine_agree() {
    let dir = dist().join("bundle");
    let read = |f: &str| std::fs::read(dir.join(f)).unwrap();
    let manifest = Bundle::read_manifest(&read(MANIFEST)).unwrap();
    // The engine `index-builder search --index dist/bundle` opens.
    let engine = Engine::from_parts(&manifest, &read(DATA), &read(INDEX)).unwrap();
    let b = Browser::start(None).await;
    b.open_home().await;
    for q in ["asili nido", "piste ciclabili", "attivita", "verde pubblico", "scuol"] {
        b.search(q).await;
        let total = b.count_for(q).await;
        // The app shows 10 results at first.
        let cli = engine.search(&SearchRequest { query: q.into(), limit: 10, ..Default::default() });
        assert_eq!(total, cli.total, "{q}");
        let ids: Vec<String> = cli.hits.iter().map(|h| h.id.clone()).collect();
        assert_eq!(b.result_ids().await, ids, "{q}");
    }
    b.close().await;
}

#[tokio::test]
async fn a_damaged_bundle_shows_a_clear_message() {
    // A copy of dist/ whose data no longer matches its manifest.
    let copy = std::env::temp_dir().join(format!("e2e-damaged-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&copy);
    std::fs::create_dir_all(copy.join("bundle")).unwrap();
    for entry in std::fs::read_dir(dist()).unwrap().chain(std::fs::read_dir(dist().join("bundle")).unwrap()) {
        let path = entry.unwrap().path();
        if path.is_file() {
            let rel = path.strip_prefix(dist()).unwrap();
            std::fs::copy(&path, copy.join(rel)).unwrap();
        }
    }
    let mut data = std::fs::read(copy.join("bundle/data.json")).unwrap();
    data.truncate(data.len() / 2);
    std::fs::write(copy.join("bundle/data.json"), data).unwrap();

    let b = Browser::start(Some(copy.clone())).await;
    b.open("?q=scuola").await;
    let message = b.until("the error message", "document.getElementById('engine-error')?.textContent").await;
    let message = message.as_str().unwrap();
    assert!(message.contains("data.json") && message.contains("danneggiato"), "{message}");
    // The rest of the page still works: the search box is there and editable.
    b.search("asili").await;
    assert_eq!(b.js("return document.getElementById('q').value;").await, "asili");
    b.close().await;
    let _ = std::fs::remove_dir_all(&copy);
}

#[test]
fn counts_are_read_from_the_status_line() {
    assert_eq!(parse_count("37 risultati"), 37);
    assert_eq!(parse_count("1 risultato"), 1);
}
