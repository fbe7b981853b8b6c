//! The data in pieces (`bundle::texts`, `engine::texts`): the web site's engine opens
//! on the catalog and ranks, counts and lists exactly as the whole report does; a
//! result's snippet waits for its programme's texts, which are the only fragments a
//! page of results asks for; once they are in, every answer is the whole engine's; a
//! damaged or misplaced fragment is refused; the whole report needs every fragment
//! and the details.

mod common;

use common::{brotli, doc, questions, REPORT};
use rendiconto_search::bundle::pieces::{PieceId, Pieces};
use rendiconto_search::bundle::{Bundle, CATALOG, DETAILS, INDEX};
use rendiconto_search::{BundleError, Engine, SearchRequest, SearchResponse, Synonyms};
use std::sync::OnceLock;

fn bundle() -> &'static (Bundle, Pieces) {
    static BUNDLE: OnceLock<(Bundle, Pieces)> = OnceLock::new();
    BUNDLE.get_or_init(|| {
        let synonyms = Synonyms::parse(rendiconto_search::synonyms::BUNDLED).unwrap();
        let bundle = Bundle::create(doc(), REPORT.as_bytes(), "report.txt", &synonyms).unwrap();
        let pieces = bundle.pieces().unwrap();
        (bundle, pieces)
    })
}

fn part(name: &str) -> &'static [u8] {
    &bundle().0.parts.iter().find(|(n, _)| n == name).unwrap().1
}

fn piece(name: &str) -> &'static [u8] {
    &bundle().1.pieces.iter().find(|(n, _)| n.0 == name).unwrap().1
}

fn whole() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::open(doc().clone(), &Bundle::decode_index(part(INDEX)).unwrap()).unwrap())
}

/// The page's engine: the catalog and the hotcache.
fn on_catalog() -> Engine {
    let catalog = Bundle::decode_document(CATALOG, part(CATALOG)).unwrap();
    let m = &bundle().1.manifest;
    Engine::open_pieces(catalog, m, piece(&m.hotcache.name.0)).unwrap()
}

/// Every chunk the question reads, added.
fn with_chunks(engine: &mut Engine, req: &SearchRequest) {
    for id in engine.pieces_for(req) {
        engine.add_piece(&id.0, piece(&id.0)).unwrap();
    }
}

fn ask(query: &str) -> SearchRequest {
    SearchRequest { query: query.into(), limit: 10, ..Default::default() }
}

/// A response without what the texts give (the snippets).
fn ranked(r: &SearchResponse) -> SearchResponse {
    let mut r = r.clone();
    for h in &mut r.hits {
        h.snippet = Default::default();
        h.waiting = false;
    }
    r
}

#[test]
fn on_the_catalog_every_question_ranks_as_the_whole_report_and_then_shows_the_same_snippets() {
    for q in questions().into_iter().chain(["asili nido", "", "bibl"]) {
        let (mut engine, req) = (on_catalog(), ask(q));
        with_chunks(&mut engine, &req);
        let first = engine.try_search(&req).unwrap();
        let expected = whole().search(&req);
        assert_eq!(ranked(&first), ranked(&expected), "{q:?}: ids, scores, titles, marks, counts");
        assert!(first.hits.iter().all(|h| h.waiting && h.snippet.text.is_empty()), "{q:?}");
        // The fragments asked for are those of the programmes shown, each once.
        let wanted = engine.texts_for(&first.hits);
        let mut programs: Vec<(u32, u32)> = first.hits.iter().map(|h| (h.mission, h.program)).collect();
        programs.dedup();
        programs.sort();
        programs.dedup();
        assert_eq!(wanted.len(), programs.len(), "{q:?}");
        for id in &wanted {
            engine.add_piece(&id.0, piece(&id.0)).unwrap();
        }
        assert_eq!(engine.try_search(&req).unwrap(), expected, "{q:?}: with the texts, the same answer");
        assert!(engine.texts_for(&engine.try_search(&req).unwrap().hits).is_empty());
    }
}

#[test]
fn the_whole_report_waits_for_every_fragment_and_the_details() {
    let mut engine = on_catalog();
    let details = Bundle::open_details(&bundle().0.manifest, part(DETAILS)).unwrap();
    engine.add_details(details).unwrap();
    let missing = engine.texts_missing();
    assert_eq!(missing.len(), doc().missions.iter().map(|m| m.programs.len()).sum::<usize>());
    for id in &missing[1..] {
        engine.add_piece(&id.0, piece(&id.0)).unwrap();
        assert!(engine.report().is_none());
    }
    assert!(!engine.has_piece(&missing[0].0));
    engine.add_piece(&missing[0].0, piece(&missing[0].0)).unwrap();
    assert!(engine.has_piece(&missing[0].0));
    assert_eq!(engine.report(), Some(doc()));
    assert_eq!(engine.items, whole().items, "every item made again with its texts");
}

#[test]
fn a_damaged_or_misplaced_fragment_is_refused_and_changes_nothing() {
    let mut engine = on_catalog();
    let req = ask("biblioteche");
    with_chunks(&mut engine, &req);
    let before = engine.try_search(&req).unwrap();
    let ids = engine.texts_for(&before.hits);
    let (a, b) = (&ids[0], &ids[1]);
    let mut bytes = piece(&a.0).to_vec();
    bytes[10] ^= 1;
    let err = engine.add_piece(&a.0, &bytes).unwrap_err();
    assert!(matches!(&err, BundleError::Damaged { name, what } if name == &a.0 && what.contains("sha256")), "{err}");
    // Another programme's texts under this one's name: refused by the hash too.
    let err = engine.add_piece(&a.0, piece(&b.0)).unwrap_err();
    assert!(matches!(err, BundleError::Damaged { .. }), "{err}");
    let err = engine.add_piece("0123456789abcdef.json", piece(&a.0)).unwrap_err();
    assert!(err.to_string().contains("not a piece"), "{err}");
    assert_eq!(engine.try_search(&req).unwrap(), before);
    assert!(!engine.has_piece(&a.0));
}

/// Prints what the first results download of the data (docs/index-pieces.md):
/// `cargo test -p rendiconto-search --test texts -- --ignored --nocapture`.
#[test]
#[ignore]
fn measure_texts() {
    let (catalog, data) = (part(CATALOG), part(rendiconto_search::bundle::DATA));
    println!("data.json {} raw, {} brotli", data.len(), brotli(data));
    println!("catalog.json {} raw, {} brotli", catalog.len(), brotli(catalog));
    let texts = &bundle().1.manifest.texts;
    let mut sizes: Vec<usize> = texts.iter().map(|t| brotli(piece(&t.piece.name.0))).collect();
    let all: usize = sizes.iter().sum();
    sizes.sort();
    println!(
        "{} fragments, {} brotli in all (each apart); min {} median {} max {}",
        sizes.len(),
        all,
        sizes[0],
        sizes[sizes.len() / 2],
        sizes[sizes.len() - 1]
    );
    for q in ["asili nido", "piste ciclabili", "biblioteche", "soldi del pnrr", "raccolta differenziata"] {
        let (mut engine, req) = (on_catalog(), ask(q));
        with_chunks(&mut engine, &req);
        let wanted = engine.texts_for(&engine.try_search(&req).unwrap().hits);
        let bytes: usize = wanted.iter().map(|id| brotli(piece(&id.0))).sum();
        println!("| {q} | {} fragments | {bytes} brotli |", wanted.len());
    }
}

#[test]
fn the_catalog_is_the_smaller_part_of_the_data_and_each_fragment_is_a_programme() {
    let (catalog, data) = (brotli(part(CATALOG)), brotli(part(rendiconto_search::bundle::DATA)));
    assert!(catalog * 3 < data * 2, "catalog {catalog} bytes brotli, data {data}");
    let texts = &bundle().1.manifest.texts;
    let mut names: Vec<&PieceId> = texts.iter().map(|t| &t.piece.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), texts.len(), "one fragment per programme, no two alike");
    assert!(texts.iter().all(|t| t.piece.name.0.ends_with(".json")));
}
