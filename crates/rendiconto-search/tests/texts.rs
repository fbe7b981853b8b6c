//! The data in pieces (`bundle::texts`, `engine::texts`): the web site's engine opens
//! on the catalog and ranks, counts and lists exactly as the whole report does; a
//! result's snippet waits for its programme's texts, which are the only fragments a
//! page of results asks for; once they are in, every answer is the whole engine's; a
//! damaged or misplaced fragment is refused; the whole report needs every fragment
//! and the details. A larger corpus lists its fragments in tables, fetched first: the
//! same, one step later.

mod common;

use common::{brotli, doc, questions, REPORT};
use rendiconto_search::bundle::pieces::{PieceId, Pieces, TextTable as TextsOf};
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

/// The same pieces with the fragments listed in tables of 16 programmes (as a corpus
/// of more than `TEXTS_PER_TABLE` programmes has them).
fn tabled() -> &'static Pieces {
    static PIECES: OnceLock<Pieces> = OnceLock::new();
    PIECES.get_or_init(|| {
        let (bundle, pieces) = bundle();
        let mut tabled = Pieces { manifest: pieces.manifest.clone(), pieces: pieces.pieces.clone() };
        tabled.manifest.texts.clear();
        tabled.pieces.retain(|(n, _)| !n.0.ends_with(".json"));
        tabled.add_texts_listed(&bundle.texts, 16);
        tabled
    })
}

fn tabled_piece(name: &str) -> &'static [u8] {
    &tabled().pieces.iter().find(|(n, _)| n.0 == name).unwrap().1
}

fn on_tabled_catalog() -> Engine {
    let catalog = Bundle::decode_document(CATALOG, part(CATALOG)).unwrap();
    let m = &tabled().manifest;
    Engine::open_pieces(catalog, m, tabled_piece(&m.hotcache.name.0)).unwrap()
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

#[test]
fn with_tables_the_texts_come_a_step_later_and_give_the_same_answers() {
    let programs: usize = doc().missions.iter().map(|m| m.programs.len()).sum();
    let m = &tabled().manifest;
    assert!(m.texts.is_empty());
    assert_eq!(m.text_tables.len(), programs.div_ceil(16));
    // The manifest's texts round-trip through pieces.json, tables and all.
    let json = &tabled().files()[0].1;
    assert_eq!(&rendiconto_search::bundle::pieces::PiecesManifest::read(json).unwrap(), m);
    for q in ["asili nido", "biblioteche", "", "piste ciclabili"] {
        let (mut engine, req) = (on_tabled_catalog(), ask(q));
        with_chunks(&mut engine, &req);
        let first = engine.try_search(&req).unwrap();
        // First the tables naming the shown programmes' texts, then those texts.
        let tables = engine.texts_for(&first.hits);
        assert!(!tables.is_empty() && tables.iter().all(|t| m.text_tables.iter().any(|p| &p.name == t)), "{q:?}");
        for id in &tables {
            engine.add_piece(&id.0, tabled_piece(&id.0)).unwrap();
        }
        let texts = engine.texts_for(&engine.try_search(&req).unwrap().hits);
        let mut shown: Vec<(u32, u32)> = first.hits.iter().map(|h| (h.mission, h.program)).collect();
        shown.sort();
        shown.dedup();
        assert_eq!(texts.len(), shown.len(), "{q:?}");
        for id in &texts {
            engine.add_piece(&id.0, tabled_piece(&id.0)).unwrap();
        }
        assert_eq!(engine.try_search(&req).unwrap(), whole().search(&req), "{q:?}");
    }
    // The whole report: every table, then every programme's texts.
    let mut engine = on_tabled_catalog();
    engine.add_details(Bundle::open_details(&bundle().0.manifest, part(DETAILS)).unwrap()).unwrap();
    let first_round = engine.texts_missing();
    assert_eq!(first_round.len(), m.text_tables.len());
    for id in first_round {
        engine.add_piece(&id.0, tabled_piece(&id.0)).unwrap();
    }
    let second_round = engine.texts_missing();
    assert_eq!(second_round.len(), programs);
    for id in second_round {
        assert!(engine.report().is_none());
        engine.add_piece(&id.0, tabled_piece(&id.0)).unwrap();
    }
    assert_eq!(engine.report(), Some(doc()));
}

#[test]
fn a_damaged_or_misplaced_table_is_refused_and_changes_nothing() {
    let m = &tabled().manifest;
    let (a, b) = (&m.text_tables[0].name.0, &m.text_tables[1].name.0);
    let mut engine = on_tabled_catalog();
    let mut bytes = tabled_piece(a).to_vec();
    bytes[3] ^= 1;
    let err = engine.add_piece(a, &bytes).unwrap_err();
    assert!(err.to_string().contains("sha256"), "{err}");
    let err = engine.add_piece(a, tabled_piece(b)).unwrap_err();
    assert!(matches!(err, BundleError::Damaged { .. }), "{err}");
    assert!(!engine.has_piece(a));
    // A text the table names is no piece of this engine until its table is in.
    let TextsOf(first) = serde_json::from_slice(tabled_piece(a)).unwrap();
    let text = &first[0].piece.name.0;
    assert!(engine.add_piece(text, tabled_piece(text)).unwrap_err().to_string().contains("not a piece"));
    engine.add_piece(a, tabled_piece(a)).unwrap();
    engine.add_piece(text, tabled_piece(text)).unwrap();
    assert!(engine.has_piece(a) && engine.has_piece(text));
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
