//! The index in pieces (docs/index-pieces.md): a search over only the chunks it planned
//! and fetched answers exactly as the whole index does; a chunk is fetched once; a
//! damaged chunk is refused; a missing one is never a wrong answer; the same index
//! gives the same pieces.

mod common;

use common::{brotli, doc, questions, REPORT};
use rendiconto_search::bundle::pieces::{self, ChunkKind, PieceId, Pieces, CHUNK_BYTES, FILL_BYTES};
use rendiconto_search::indexer::IndexFiles;
use rendiconto_search::{Bundle, BundleError, Engine, Facet, SearchRequest, Sort, Synonyms};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// `index.pack` as `index-builder build` writes it, and its files.
fn build() -> (Vec<u8>, IndexFiles) {
    let synonyms = Synonyms::parse(rendiconto_search::synonyms::BUNDLED).unwrap();
    let bundle = Bundle::create(doc(), REPORT.as_bytes(), "report.txt", &synonyms).unwrap();
    let pack = bundle.parts.iter().find(|(n, _)| n == rendiconto_search::bundle::INDEX).unwrap().1.clone();
    let files = Bundle::decode_index(&pack).unwrap();
    (pack, files)
}

fn index() -> &'static (Vec<u8>, IndexFiles) {
    static INDEX: OnceLock<(Vec<u8>, IndexFiles)> = OnceLock::new();
    INDEX.get_or_init(build)
}

#[test]
fn the_report_is_cut_at_the_measured_chunk_size() {
    // The figures of docs/index-pieces.md are for this size; a larger corpus is cut
    // larger (`chunk_bytes_for`).
    assert_eq!(pieces::chunk_bytes_for(pieces::postings_bytes(&index().1)), CHUNK_BYTES);
}

fn cut() -> &'static Pieces {
    static PIECES: OnceLock<Pieces> = OnceLock::new();
    PIECES.get_or_init(|| pieces::cut(&index().0, &index().1, CHUNK_BYTES).unwrap())
}

fn whole() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::open(doc().clone(), &index().1).unwrap())
}

fn piece(name: &str) -> &'static [u8] {
    &cut().pieces.iter().find(|(n, _)| n.0 == name).unwrap().1
}

/// An engine with the hotcache alone.
fn fresh() -> Engine {
    let p = cut();
    Engine::open_pieces(doc().clone(), &p.manifest, piece(&p.manifest.hotcache.name.0)).unwrap()
}

fn ask(query: &str) -> SearchRequest {
    SearchRequest { query: query.into(), limit: 1000, ..Default::default() }
}

/// Beyond the relevance set: completions, corrections, phrases, exclusions, synonyms
/// of several words, words the report lacks, and the orders.
fn requests() -> Vec<SearchRequest> {
    let mut out: Vec<SearchRequest> = questions().into_iter().map(ask).collect();
    for q in [
        "bibl",
        "bibbliotecca",
        "manutenzone strade",
        "\"diritto allo studio\"",
        "piste ciclabili -manutenzione",
        "rifiuti -\"raccolta differenziata\"",
        "vigili urbani",
        "case popolari",
        "\"l'uso delle risorse\"",
        "bici/auto 2022-2023",
        "xqzwv città",
        "per",
        "s",
        "servizio civ",
    ] {
        out.push(ask(q));
    }
    for sort in [Sort::Report, Sort::Status] {
        out.push(SearchRequest { sort, ..ask("verde pubblico") });
    }
    // No question, filters only: nothing to read.
    out.push(SearchRequest { filters: vec![(Facet::Missione, "9".into())], ..ask("") });
    out.push(SearchRequest { filters: vec![(Facet::Missione, "10".into())], ..ask("strade") });
    out
}

#[test]
fn every_question_over_its_planned_pieces_answers_as_the_whole_index() {
    for req in requests() {
        let mut engine = fresh();
        let planned = engine.planned_pieces(&req);
        assert_eq!(engine.pieces_for(&req), planned, "{:?}", req.query);
        for id in &planned {
            engine.add_piece(&id.0, piece(&id.0)).unwrap();
        }
        assert!(engine.pieces_for(&req).is_empty());
        let got = engine.try_search(&req).unwrap_or_else(|e| panic!("{:?}: {e}", req.query));
        assert_eq!(got, whole().search(&req), "{:?}", req.query);
    }
}

/// The background fill after the first results takes the report's every chunk, so
/// every question typed next is answered with no download, as the whole index would.
#[test]
fn the_fill_brings_the_whole_report_and_every_question_then_answers_at_once() {
    let mut engine = fresh();
    let fill = engine.pieces_to_fill(FILL_BYTES);
    assert_eq!(fill.len(), cut().manifest.chunks.len(), "the report's chunks fit in the fill's budget");
    for id in &fill {
        engine.add_piece(&id.0, piece(&id.0)).unwrap();
    }
    assert!(engine.pieces_to_fill(u64::MAX).is_empty(), "nothing is filled twice");
    for req in requests() {
        let got = engine.try_search(&req).unwrap_or_else(|e| panic!("{:?}: {e}", req.query));
        assert_eq!(got, whole().search(&req), "{:?}", req.query);
    }
}

/// The same fill in packs: the report's every chunk in a few downloads, each chunk in
/// a pack checked by its own hash; a damaged pack is refused and adds nothing.
#[test]
fn the_fill_packs_bring_every_chunk_in_a_few_downloads() {
    let m = &cut().manifest;
    let mut engine = fresh();
    let packs = engine.packs_to_fill();
    assert_eq!(packs.len(), m.packs.len());
    assert!(packs.len() <= 8, "the report's 197 kB of chunks in packs of 32 kB: {}", packs.len());
    let in_packs: usize = m.packs.iter().map(|p| p.members.len()).sum();
    assert_eq!(in_packs, engine.pieces_to_fill(FILL_BYTES).len(), "every chunk of the fill, once");
    // A pack whose bytes were changed is refused by its hash.
    let first = &packs[0].0;
    let mut damaged = piece(first).to_vec();
    damaged[10] ^= 1;
    assert!(matches!(engine.add_piece(first, &damaged), Err(BundleError::Damaged { .. })));
    assert!(!engine.has_piece(first));
    for id in &packs {
        assert!(!engine.has_piece(&id.0));
        engine.add_piece(&id.0, piece(&id.0)).unwrap();
        assert!(engine.has_piece(&id.0));
    }
    assert!(engine.packs_to_fill().is_empty(), "nothing is filled twice");
    assert!(engine.pieces_to_fill(FILL_BYTES).is_empty(), "the packs held the fill's every chunk");
    for req in requests() {
        let got = engine.try_search(&req).unwrap_or_else(|e| panic!("{:?}: {e}", req.query));
        assert_eq!(got, whole().search(&req), "{:?}", req.query);
    }
}

/// A budget smaller than the index: the postings first, then the chunks the budget
/// leaves out are the ones a question still fetches.
#[test]
fn a_smaller_budget_fills_postings_first() {
    let engine = fresh();
    let postings: u64 =
        cut().manifest.chunks.iter().filter(|c| c.kind == ChunkKind::Postings).map(|c| c.piece.size).sum();
    let fill = engine.pieces_to_fill(postings);
    let kinds: Vec<ChunkKind> =
        fill.iter().map(|id| cut().manifest.chunks.iter().find(|c| c.piece.name == *id).unwrap().kind).collect();
    assert!(kinds.iter().all(|k| *k == ChunkKind::Postings), "{kinds:?}");
    let size: u64 = fill.iter().map(|id| cut().manifest.piece(&id.0).unwrap().size).sum();
    assert!(size <= postings && !fill.is_empty());
}

#[test]
fn filters_alone_need_no_chunk() {
    let engine = fresh();
    let req = SearchRequest { filters: vec![(Facet::Missione, "9".into())], ..ask("") };
    assert!(engine.pieces_for(&req).is_empty());
    assert_eq!(engine.try_search(&req).unwrap(), whole().search(&req));
}

/// Fetches pieces by name, counting the requests.
#[derive(Default)]
struct Loader {
    requests: RefCell<BTreeMap<String, usize>>,
}

impl Loader {
    fn fetch(&self, name: &str) -> &'static [u8] {
        *self.requests.borrow_mut().entry(name.to_string()).or_default() += 1;
        piece(name)
    }

    /// What the browser does: plan, fetch what is missing, search.
    fn answer(&self, engine: &mut Engine, req: &SearchRequest) -> rendiconto_search::SearchResponse {
        for id in engine.pieces_for(req) {
            engine.add_piece(&id.0, self.fetch(&id.0)).unwrap();
        }
        engine.try_search(req).unwrap()
    }
}

#[test]
fn a_chunk_asked_for_twice_is_fetched_once() {
    let (mut engine, loader) = (fresh(), Loader::default());
    // Typing a question, letter by letter, then asking it again and a question that
    // shares its words.
    let typed = "biblioteche civiche";
    for n in 1..=typed.len() {
        if typed.is_char_boundary(n) {
            let req = ask(&typed[..n]);
            assert_eq!(loader.answer(&mut engine, &req), whole().search(&req), "{:?}", &typed[..n]);
        }
    }
    loader.answer(&mut engine, &ask(typed));
    loader.answer(&mut engine, &ask("biblioteche di quartiere"));
    let requests = loader.requests.borrow();
    assert!(!requests.is_empty());
    assert!(requests.values().all(|&n| n == 1), "{requests:?}");
    // A question whose pieces are all in asks for nothing.
    assert!(engine.pieces_for(&ask(typed)).is_empty());
}

#[test]
fn a_damaged_or_foreign_chunk_is_refused_by_its_hash() {
    let mut engine = fresh();
    let req = ask("biblioteche");
    let id = engine.pieces_for(&req).into_iter().next().unwrap();
    let mut bytes = piece(&id.0).to_vec();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 1;
    let err = engine.add_piece(&id.0, &bytes).unwrap_err();
    assert!(matches!(&err, BundleError::Damaged { name, .. } if *name == id.0), "{err:?}");
    assert!(err.to_string().contains(&id.0) && err.to_string().contains("sha256"), "{err}");
    // Cut short: refused by its size.
    let err = engine.add_piece(&id.0, &bytes[1..]).unwrap_err();
    assert!(err.to_string().contains(&id.0), "{err}");
    // Not a piece of this manifest.
    let err = engine.add_piece("0000000000000000.idx", piece(&id.0)).unwrap_err();
    assert!(err.to_string().contains("0000000000000000.idx") && err.to_string().contains("not a piece"), "{err}");
    assert!(!engine.has_piece(&id.0));
    assert!(engine.pieces_for(&req).contains(&id));
    // A damaged hotcache does not open.
    let p = cut();
    let mut hot = piece(&p.manifest.hotcache.name.0).to_vec();
    hot[10] ^= 1;
    let err = Engine::open_pieces(doc().clone(), &p.manifest, &hot).err().unwrap();
    assert!(err.to_string().contains(&p.manifest.hotcache.name.0), "{err}");
}

#[test]
fn a_search_missing_a_chunk_says_it_cannot_answer() {
    let req = ask("biblioteche civiche");
    // Nothing fetched.
    let engine = fresh();
    let all = engine.pieces_for(&req);
    assert!(all.len() > 1, "{all:?}");
    let err = engine.try_search(&req).unwrap_err();
    assert!(!err.missing.is_empty() && err.missing.iter().all(|id| all.contains(id)), "{err:?}");
    assert!(err.to_string().starts_with("cannot answer yet"), "{err}");
    // Every planned chunk but one: still not an answer, and the one is named.
    for left_out in &all {
        let mut engine = fresh();
        for id in all.iter().filter(|id| *id != left_out) {
            engine.add_piece(&id.0, piece(&id.0)).unwrap();
        }
        let err = engine.try_search(&req).unwrap_err();
        assert_eq!(err.missing, std::slice::from_ref(left_out));
        engine.add_piece(&left_out.0, piece(&left_out.0)).unwrap();
        assert_eq!(engine.try_search(&req).unwrap(), whole().search(&req));
    }
}

#[test]
#[should_panic(expected = "cannot answer yet")]
fn search_without_the_pieces_panics_rather_than_answer_wrong() {
    fresh().search(&ask("biblioteche"));
}

#[test]
fn the_same_index_gives_the_same_pieces() {
    let (pack, files) = build();
    assert_eq!(pack, index().0, "the index itself is deterministic");
    let again = pieces::cut(&pack, &files, CHUNK_BYTES).unwrap();
    assert_eq!(again.files(), cut().files());
    // Names are content hashes, each piece once; the manifest reads back.
    let p = cut();
    for (id, bytes) in &p.pieces {
        p.manifest.verify(&id.0, bytes).unwrap();
        assert!(id.0.starts_with(&rendiconto_search::bundle::sha256_hex(bytes)[..16]));
    }
    let names: std::collections::BTreeSet<&PieceId> = p.pieces.iter().map(|(id, _)| id).collect();
    assert_eq!(names.len(), p.pieces.len());
    let (_, manifest) = &p.files()[0];
    assert_eq!(&pieces::PiecesManifest::read(manifest).unwrap(), &p.manifest);
}

#[test]
fn the_chunks_and_the_hotcache_are_the_postings_and_positions_cut_up() {
    let p = cut();
    let (_, files) = index();
    // Each chunk is its file's bytes at its place; chunks of a field follow each other
    // in term order.
    for c in &p.manifest.chunks {
        let file = &files.iter().find(|(n, _)| *n == c.file).unwrap().1;
        assert_eq!(&file[c.start as usize..c.end as usize], piece(&c.piece.name.0), "{}", c.piece.name);
        assert_eq!(c.piece.size, c.end - c.start);
        assert!(c.first_ord <= c.last_ord);
    }
    for pair in p.manifest.chunks.windows(2) {
        if (pair[0].kind, &pair[0].field) == (pair[1].kind, &pair[1].field) {
            assert_eq!(pair[0].last_ord + 1, pair[1].first_ord);
            assert!(pair[0].end <= pair[1].start);
        }
    }
    // The chunks and the hotcache together are the whole index, no byte twice.
    let hot = pieces::Hotcache::decode(piece(&p.manifest.hotcache.name.0)).unwrap();
    for (name, bytes) in files {
        let f = hot.files.iter().find(|f| f.name == *name).unwrap();
        let mut covered: usize = f.ranges.iter().map(|(_, b)| b.len()).sum();
        covered += p.manifest.chunks.iter().filter(|c| c.file == *name).map(|c| c.piece.size as usize).sum::<usize>();
        assert_eq!(covered, bytes.len(), "{name}");
    }
}

/// Brotli 11, window 22: how `cargo xtask dist` precompresses every file.
/// Citizens' questions of the relevance set, for the figures.
const DOZEN: [&str; 12] = [
    "carta d'identita",
    "soldi del pnrr",
    "razzismo",
    "bullismo",
    "cortili delle scuole aperti al quartiere",
    "borgo medievale e parco del valentino",
    "disagio giovanile",
    "troppo rumore del traffico sotto casa di notte",
    "posti per legare la bici",
    "aiuti alle famiglie povere",
    "centri diurni disabili",
    "corsi di computer per anziani",
];

/// The figures of docs/index-pieces.md:
/// `cargo test -p rendiconto-search --test pieces -- --ignored --nocapture measure`.
#[test]
#[ignore]
fn measure_pieces() {
    let (pack, files) = index();
    let kb = |n: usize| format!("{:.1}", n as f64 / 1000.0);
    println!("index.pack: {} raw, {} brotli", pack.len(), brotli(pack));

    // The target size: what all the questions fetch, and how many chunks.
    println!("\n| chunk target | chunks | median chunk raw | manifest brotli | a question: mean chunks, raw, brotli | all 156: max brotli | mean first result brotli |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    for target in [512, 1024, 2048, 4096, 8192, 16384] {
        let p = pieces::cut(pack, files, target).unwrap();
        let br: BTreeMap<&PieceId, (usize, usize)> =
            p.pieces.iter().map(|(id, b)| (id, (b.len(), brotli(b)))).collect();
        let hot = &p.manifest.hotcache.name;
        let engine = Engine::open_pieces(doc().clone(), &p.manifest, &p.pieces[0].1).unwrap();
        let (mut n, mut raw, mut compressed, mut max) = (0, 0, 0, 0);
        let qs = questions();
        for q in &qs {
            let planned = engine.planned_pieces(&ask(q));
            let b: usize = planned.iter().map(|id| br[id].1).sum();
            n += planned.len();
            raw += planned.iter().map(|id| br[id].0).sum::<usize>();
            compressed += b;
            max = max.max(b);
        }
        let mut sizes: Vec<usize> = p.manifest.chunks.iter().map(|c| c.piece.size as usize).collect();
        sizes.sort();
        let manifest = brotli(&p.files()[0].1);
        let count = qs.len();
        println!(
            "| {target} | {} | {} | {} | {:.1}, {} kB, {} kB | {} kB | {} kB |",
            p.manifest.chunks.len(),
            sizes[sizes.len() / 2],
            manifest,
            n as f64 / count as f64,
            kb(raw / count),
            kb(compressed / count),
            kb(max),
            kb(manifest + br[hot].1 + compressed / count)
        );
        assert!(br.contains_key(hot));
    }

    // The chosen size in detail.
    let p = cut();
    let size = |id: &PieceId| piece(&id.0).len();
    let br: BTreeMap<&PieceId, usize> = p.pieces.iter().map(|(id, b)| (id, brotli(b))).collect();
    let manifest = &p.files()[0].1;
    let hot = &p.manifest.hotcache.name;
    let first = manifest.len() + size(hot);
    let first_br = brotli(manifest) + br[hot];
    println!("\nchunk target {CHUNK_BYTES}");
    println!("pieces.json: {} raw, {} brotli", manifest.len(), brotli(manifest));
    println!("hotcache: {} raw, {} brotli", size(hot), br[hot]);
    let decoded = pieces::Hotcache::decode(piece(&hot.0)).unwrap();
    for f in &decoded.files {
        let held: usize = f.ranges.iter().map(|(_, b)| b.len()).sum();
        let bytes: Vec<u8> = f.ranges.iter().flat_map(|(_, b)| b.iter().copied()).collect();
        println!("  {}: {held} of {} raw, {} brotli", f.name, f.len, brotli(&bytes));
    }
    for kind in [pieces::ChunkKind::Postings, pieces::ChunkKind::Positions] {
        let chunks: Vec<&pieces::Chunk> = p.manifest.chunks.iter().filter(|c| c.kind == kind).collect();
        let mut sizes: Vec<u64> = chunks.iter().map(|c| c.piece.size).collect();
        sizes.sort();
        let raw: u64 = sizes.iter().sum();
        let compressed: usize = chunks.iter().map(|c| br[&c.piece.name]).sum();
        println!(
            "{kind:?}: {} chunks, {raw} raw, {compressed} brotli (each apart); sizes min {} median {} max {}",
            chunks.len(),
            sizes[0],
            sizes[sizes.len() / 2],
            sizes[sizes.len() - 1]
        );
    }

    println!(
        "\n| question | chunks | read | raw | brotli | first result, brotli (with pieces.json and the hotcache) |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for q in DOZEN {
        let req = SearchRequest { limit: 10, ..ask(q) };
        let planned = fresh().planned_pieces(&req);
        // Which of them the search reads: without it, it cannot answer.
        let read = planned
            .iter()
            .filter(|left_out| {
                let mut engine = fresh();
                for id in planned.iter().filter(|id| id != left_out) {
                    engine.add_piece(&id.0, piece(&id.0)).unwrap();
                }
                engine.try_search(&req).is_err()
            })
            .count();
        let raw: usize = planned.iter().map(size).sum();
        let compressed: usize = planned.iter().map(|id| br[id]).sum();
        println!(
            "| {q} | {} | {read} | {} | {} | {} |",
            planned.len(),
            kb(raw),
            kb(compressed),
            kb(first_br + compressed)
        );
    }
    println!("first result without chunks: {} raw, {} brotli", first, first_br);

    // Typing a question letter by letter: each prefix's completions.
    for typed in ["biblioteche civiche", "piste ciclabili"] {
        let (mut engine, loader) = (fresh(), Loader::default());
        for n in (1..=typed.len()).filter(|n| typed.is_char_boundary(*n)) {
            loader.answer(&mut engine, &ask(&typed[..n]));
        }
        let names: Vec<String> = loader.requests.borrow().keys().cloned().collect();
        let raw: usize = names.iter().map(|n| piece(n).len()).sum();
        let compressed: usize = names.iter().map(|n| br[&PieceId(n.clone())]).sum();
        println!(
            "typed {typed:?} letter by letter: {} chunks, {} raw, {} brotli",
            names.len(),
            kb(raw),
            kb(compressed)
        );
    }
}

/// The chunk size at the benchmark's scales: for a bundle `cargo xtask bench` built
/// (`MEASURE_BUNDLE=target/bench/x100/ours/bundle`), per chunk target, the manifest's
/// bytes against what the relevance questions fetch:
/// `cargo test -p rendiconto-search --test pieces -- --ignored --nocapture measure_at_scale`.
#[test]
#[ignore]
fn measure_at_scale() {
    let Ok(dir) = std::env::var("MEASURE_BUNDLE") else { return };
    let dir = std::path::Path::new(&dir);
    let pack = std::fs::read(dir.join("index.pack")).unwrap();
    let files = Bundle::decode_index(&pack).unwrap();
    let doc: rendiconto_model::Document =
        serde_json::from_slice(&std::fs::read(dir.join("data.json")).unwrap()).unwrap();
    let kb = |n: usize| format!("{:.1}", n as f64 / 1000.0);
    let postings = pieces::postings_bytes(&files);
    println!(
        "index.pack: {} raw; postings and positions {postings} raw: chunk_bytes_for gives {}",
        pack.len(),
        pieces::chunk_bytes_for(postings)
    );
    println!("\n| chunk target | chunks | manifest brotli (without texts) | a question: mean chunks, brotli | mean first result: manifest + hotcache + chunks |");
    println!("|---:|---:|---:|---:|---:|");
    let targets: Vec<usize> = std::env::var("MEASURE_TARGETS")
        .map(|v| v.split(',').map(|t| t.parse().unwrap()).collect())
        .unwrap_or_else(|_| vec![1024, 4096, 16384]);
    for target in targets {
        let p = pieces::cut(&pack, &files, target).unwrap();
        let engine = Engine::open_pieces(doc.clone(), &p.manifest, &p.pieces[0].1).unwrap();
        let by_name: BTreeMap<&PieceId, &Vec<u8>> = p.pieces.iter().map(|(id, b)| (id, b)).collect();
        let mut br: BTreeMap<PieceId, usize> = BTreeMap::new();
        let (mut n, mut compressed) = (0, 0);
        let qs = questions();
        for q in &qs {
            let planned = engine.planned_pieces(&SearchRequest { limit: 10, ..ask(q) });
            n += planned.len();
            for id in planned {
                compressed += *br.entry(id.clone()).or_insert_with(|| brotli(by_name[&id]));
            }
        }
        let manifest = brotli(&p.files()[0].1);
        let hot = brotli(&p.pieces[0].1);
        println!(
            "| {target} | {} | {} | {:.1}, {} kB | {} kB |",
            p.manifest.chunks.len(),
            kb(manifest),
            n as f64 / qs.len() as f64,
            kb(compressed / qs.len()),
            kb(manifest + hot + compressed / qs.len())
        );
    }
}
