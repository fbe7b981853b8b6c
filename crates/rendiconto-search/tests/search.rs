//! What citizens type, and what they should find first.

use rendiconto_search::{Bundle, Engine, Facet, SearchRequest, SearchResponse};
use std::sync::OnceLock;

const REPORT: &str = include_str!("../../../data/torino-rendiconto-2023-relazione-programma.txt");

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::in_memory(rendiconto_parser::parse_str(REPORT).unwrap()).unwrap())
}

fn search(q: &str) -> SearchResponse {
    engine().search(&SearchRequest { query: q.into(), limit: 10, ..Default::default() })
}

fn top(q: &str, n: usize) -> Vec<String> {
    search(q).hits.into_iter().take(n).map(|h| h.id.to_string()).collect()
}

#[test]
fn citizens_find_what_they_mean_first() {
    // The activity whose objective names nurseries ("asili nido").
    assert_eq!(top("asili nido", 1), vec!["m15-p3-a3"]);
    // Cycle lanes: maintenance, extension and Biciplan activities of programme 10.5.
    let bici = top("piste ciclabili", 3);
    assert!(bici.iter().all(|id| id.starts_with("m10-p5-")), "{bici:?}");
    assert_eq!(bici[0], "m10-p5-a15");
    assert_eq!(top("Cavallerizza", 5), vec!["m1-p5-a3"]);
    // Without the accent, "attivita" is "attività".
    let r = search("attivita");
    assert!(r.total > 200, "{}", r.total);
    let h = &r.hits[0];
    let marked: Vec<&str> = h.title_highlights.iter().map(|&(s, e)| &h.title[s..e]).collect();
    assert!(marked.iter().any(|w| w.to_lowercase().starts_with("attivit")), "{marked:?} in {}", h.title);
}

#[test]
fn italian_analysis_in_queries() {
    // Plural and singular, elisions, case.
    assert_eq!(search("scuola").total, search("scuole").total);
    assert_eq!(search("dell'amministrazione").total, search("amministrazione").total);
    assert_eq!(search("CAVALLERIZZA").total, 1);
}

#[test]
fn phrases_exclusions_prefixes_and_typos() {
    let phrase = search("\"piste ciclabili\"").total;
    let words = search("piste ciclabili").total;
    assert!(phrase > 0 && phrase <= words);
    let without = search("piste ciclabili -manutenzione");
    assert!(without.total < words);
    assert!(without.hits.iter().all(|h| h.id.to_string() != "m10-p5-a15"));
    // The last word also matches as a prefix while typing.
    assert!(top("cavaller", 1) == vec!["m1-p5-a3"]);
    assert!(search("cavaller ").total == 0, "a finished word is not a prefix");
    // One typo in a longer word.
    assert_eq!(top("Cavalerizza", 1), vec!["m1-p5-a3"]);
}

#[test]
fn hostile_input_never_fails() {
    for q in
        ["\"", "(((", "AND OR", "-", "+", "NOT", "*", "a:b", "🚲🚲🚲", "\u{0}", &"parola ".repeat(80), &"é".repeat(500)]
    {
        let r = search(q);
        assert!(r.hits.len() <= 10, "{q:?}");
    }
    // An operator alone means no constraint: everything is listed.
    assert_eq!(search("AND OR").total, engine().items.len());
}

#[test]
fn filters_narrow_and_counts_follow_the_query() {
    let all = search("");
    assert_eq!(all.total, engine().items.len());
    let stato = |r: &SearchResponse| r.facets.iter().find(|(f, _)| *f == Facet::Stato).unwrap().1.clone();
    let in_corso = stato(&all).into_iter().find(|c| c.value == "In corso").unwrap();
    let filtered = engine().search(&SearchRequest {
        query: String::new(),
        filters: vec![(Facet::Stato, "In corso".into())],
        limit: 1000,
        offset: 0,
        ..Default::default()
    });
    assert_eq!(filtered.total, in_corso.count);
    assert!(filtered.hits.iter().all(|h| engine()
        .item(h.id)
        .unwrap()
        .facets
        .contains(&(Facet::Stato, "In corso".into()))));
    // Counts of the other values of the same dimension stay visible (multi-select)…
    assert!(stato(&filtered).iter().any(|c| c.value == "Avviato" && c.count > 0 && !c.selected));
    // …and the counts change with the query.
    let q = search("scuola");
    let in_corso_q = stato(&q).into_iter().find(|c| c.value == "In corso").unwrap();
    assert!(in_corso_q.count < in_corso.count);
    // Two dimensions combine.
    let both = engine().search(&SearchRequest {
        query: String::new(),
        filters: vec![(Facet::Stato, "In corso".into()), (Facet::Anno, "2022".into())],
        limit: 1000,
        offset: 0,
        ..Default::default()
    });
    assert!(both.total < filtered.total && both.total > 0);
}

#[test]
fn missione_and_programma_by_number_as_in_the_embed_snippet() {
    let by = |f: Facet, v: &str| {
        engine().search(&SearchRequest {
            query: String::new(),
            filters: vec![(f, v.into())],
            limit: 1000,
            offset: 0,
            ..Default::default()
        })
    };
    let full = by(Facet::Programma, "10.5 – VIABILITÀ E INFRASTRUTTURE STRADALI");
    let code = by(Facet::Programma, "10.5");
    assert!(full.total > 0);
    assert_eq!(code.total, full.total);
    assert_eq!(
        code.hits.iter().map(|h| &h.id).collect::<Vec<_>>(),
        full.hits.iter().map(|h| &h.id).collect::<Vec<_>>()
    );
    let programma = code.facets.iter().find(|(f, _)| *f == Facet::Programma).unwrap();
    assert!(programma.1.iter().any(|c| c.selected && c.value.starts_with("10.5 – ")));
    // "1" is missione 1, not 10, 11, 12…; "10" is not a prefix match of "10.5".
    let m1 = by(Facet::Missione, "1");
    assert!(m1.total > 0 && m1.hits.iter().all(|h| h.id.program().mission == 1), "{:?}", m1.hits.first().map(|h| h.id));
    assert_eq!(by(Facet::Programma, "10").total, 0);
    // An unknown number matches nothing rather than everything.
    assert_eq!(by(Facet::Missione, "99").total, 0);
}

#[test]
fn a_bundle_gives_the_same_results_as_the_in_memory_index() {
    let doc = rendiconto_parser::parse_str(REPORT).unwrap();
    let bundle = Bundle::create(
        &doc,
        REPORT.as_bytes(),
        "report.txt",
        &rendiconto_search::Synonyms::parse(rendiconto_search::synonyms::BUNDLED).unwrap(),
    )
    .unwrap();
    let files = bundle.files();
    let get = |n: &str| files.iter().find(|(f, _)| f == n).unwrap().1.clone();
    let manifest = Bundle::read_manifest(&get("manifest.json")).unwrap();
    let from_bundle =
        Engine::from_parts(&manifest, &get("data.json"), &get("details.json"), &get("index.pack")).unwrap();
    assert_eq!(from_bundle.report(), Some(&doc), "data.json and details.json give back the whole report");
    // What the browser opens first: data.json alone, the details added after the first results.
    let (lean, files) = Bundle::open_parts(&manifest, &get("data.json"), &get("index.pack")).unwrap();
    let mut searchable = Engine::open_searchable(lean, &files).unwrap();
    assert_eq!(searchable.report(), None, "no page is shown from a report without its details");
    for q in ["asili nido", "attivita", "verde pubblico", "-", "bici in città", "\"diritto allo studio\""] {
        let a = from_bundle.search(&SearchRequest { query: q.into(), limit: 20, ..Default::default() });
        assert_eq!(a, search_n(q, 20), "{q}");
        let b = searchable.search(&SearchRequest { query: q.into(), limit: 20, ..Default::default() });
        assert_eq!(b, a, "{q}: searched before the details");
    }
    let details = Bundle::open_details(&manifest, &get("details.json")).unwrap();
    searchable.add_details(details).unwrap();
    assert_eq!(searchable.report(), Some(&doc));
}

fn search_n(q: &str, n: usize) -> SearchResponse {
    engine().search(&SearchRequest { query: q.into(), limit: n, ..Default::default() })
}

#[test]
fn preparing_and_warming_up_change_no_result() {
    // A separate engine: the shared one may already be prepared by another test.
    let fresh = Engine::in_memory(rendiconto_parser::parse_str(REPORT).unwrap()).unwrap();
    let ask = |e: &Engine, q: &str| e.search(&SearchRequest { query: q.into(), limit: 10, ..Default::default() });
    let queries = ["asili nido", "piste cic", "attivita", "scuol"];
    let before: Vec<SearchResponse> = queries.iter().map(|q| ask(&fresh, q)).collect();
    let mut next = 0;
    assert_eq!(fresh.prepared_len(), fresh.items.len(), "the report is prepared whole");
    while next < fresh.prepared_len() {
        next = fresh.prepare(next, 7);
    }
    fresh.warm_up();
    let after: Vec<SearchResponse> = queries.iter().map(|q| ask(&fresh, q)).collect();
    assert_eq!(before, after);
    assert!(before.iter().all(|r| !r.hits.is_empty()));
}
