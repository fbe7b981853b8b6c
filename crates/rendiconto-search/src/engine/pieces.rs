//! The engine over the index in pieces (`bundle::pieces`): opened from the hotcache,
//! it plans which chunks a question reads ([`Engine::pieces_for`]), takes them as they
//! arrive ([`Engine::add_piece`]) and searches as before ([`Engine::try_search`]).
//!
//! The plan is the question's own reading ([`super::reading`]) run with the term
//! dictionaries in place of the postings: where reading asks whether a word or a
//! synonym is found, the plan takes every term it would read (the dictionaries say
//! which terms a field holds, which is all tantivy looks at before reading postings)
//! and answers "found" when some field holds all of the query's terms. A single word is
//! answered exactly; a phrase optimistically (its words may never be next to each
//! other), which only adds chunks the search reads anyway, to count that phrase.
//! Then, as tantivy reads them: a term's postings when its field holds it; a phrase's
//! postings and positions in a field, word by word up to the first word the field
//! lacks (tantivy opens them in that order and stops there).

use super::reading::Probe;
use super::texts::Texts;
use super::{Catalog, Engine, SearchRequest, SearchResponse};
use crate::bundle::pieces::{Chunk, ChunkKind, Hotcache, Piece, PieceId, PiecesDirectory, PiecesManifest};
use crate::bundle::BundleError;
use crate::{indexer, synonyms, vocabulary};
use rendiconto_model::Document;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::query::Query;
use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Per kind and field, its chunks as (first ordinal, last ordinal, piece), in order.
type ChunkTable = BTreeMap<(ChunkKind, Field), Vec<(u64, u64, PieceId)>>;

/// The pieces an engine was opened from, and where each chunk's terms are.
pub(super) struct Loaded {
    manifest: PiecesManifest,
    /// Every piece of the manifest by its name (each download is checked against its
    /// entry: thousands at ×100, where reading the list each time added up).
    by_name: BTreeMap<String, Piece>,
    directory: PiecesDirectory,
    chunks: ChunkTable,
}

/// A search that needs pieces of the index not loaded yet: fetch `missing`, add them,
/// search again.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("cannot answer yet: the index's pieces {} are not loaded", names(missing))]
pub struct Unanswered {
    pub missing: Vec<PieceId>,
}

fn names(ids: &[PieceId]) -> String {
    ids.iter().map(|p| p.0.as_str()).collect::<Vec<_>>().join(", ")
}

/// A term a query reads: in which field, its ordinal there (none: the field lacks it),
/// and whether its positions are read.
struct Read {
    field: Field,
    ord: Option<u64>,
    positions: bool,
}

/// The reading's probe when planning: records every query probed, answers from the
/// dictionaries.
struct Planner<'a> {
    searcher: &'a Searcher,
    probed: RefCell<Vec<Box<dyn Query>>>,
}

impl Planner<'_> {
    /// The terms `q` reads, by field.
    fn reads(&self, q: &dyn Query) -> BTreeMap<Field, Vec<Read>> {
        let mut terms: Vec<(Term, bool)> = Vec::new();
        q.query_terms(&mut |t, positions| terms.push((t.clone(), positions)));
        let mut out: BTreeMap<Field, Vec<Read>> = BTreeMap::new();
        for (term, positions) in terms {
            let field = term.field();
            let ord = self.searcher.segment_readers().first().and_then(|segment| {
                let inverted = segment.inverted_index(field).ok()?;
                inverted.terms().term_ord(term.serialized_value_bytes()).ok()?
            });
            out.entry(field).or_default().push(Read { field, ord, positions });
        }
        out
    }

    /// The (kind, field, ordinal) of every chunk entry `q` needs.
    fn needs(&self, q: &dyn Query, out: &mut BTreeSet<(ChunkKind, Field, u64)>) {
        for reads in self.reads(q).values() {
            // A phrase's terms are read in order up to the first its field lacks.
            let mut phrase_open = true;
            for r in reads {
                match (r.ord, r.positions) {
                    (Some(ord), false) => {
                        out.insert((ChunkKind::Postings, r.field, ord));
                    }
                    (Some(ord), true) if phrase_open => {
                        out.insert((ChunkKind::Postings, r.field, ord));
                        out.insert((ChunkKind::Positions, r.field, ord));
                    }
                    (None, true) => phrase_open = false,
                    _ => {}
                }
            }
        }
    }
}

impl Probe for Planner<'_> {
    fn matches(&self, q: &dyn Query) -> bool {
        self.probed.borrow_mut().push(q.box_clone());
        self.reads(q).values().any(|reads| reads.iter().all(|r| r.ord.is_some()))
    }
}

/// The first step of [`Engine::open_pieces`]: the hotcache checked and read, and
/// tantivy's index opened on it. The browser runs the two steps in tasks of their own
/// (one task of more than 50 ms holds up a keystroke on a slow phone).
pub struct PiecesIndex {
    index: tantivy::Index,
    loaded: Loaded,
    synonym_file: Option<Vec<u8>>,
    vocabulary_file: Option<Vec<u8>>,
}

impl PiecesIndex {
    /// Opens the index in pieces from its manifest and hotcache (checked against it).
    pub fn open(manifest: &PiecesManifest, hotcache: &[u8]) -> Result<PiecesIndex, BundleError> {
        let name = &manifest.hotcache.name.0;
        manifest.verify(name, hotcache)?;
        let damaged = |what: String| BundleError::Damaged { name: name.clone(), what };
        let hot = Hotcache::decode(hotcache).map_err(damaged)?;
        let small = |file: &str| hot.whole_file(file).map(<[u8]>::to_vec);
        let (synonym_file, vocabulary_file) = (small(synonyms::PACK_FILE), small(vocabulary::PACK_FILE));
        let places: Vec<_> = manifest.chunks.iter().map(Chunk::place).collect();
        let directory = PiecesDirectory::open(hot, &places).map_err(damaged)?;
        let index = indexer::open_in(directory.clone()).map_err(|e| BundleError::Index(e.to_string()))?;
        let schema = index.schema();
        let mut chunks = ChunkTable::new();
        for c in &manifest.chunks {
            let field = schema.get_field(&c.field).map_err(|e| damaged(format!("chunk {}: {e}", c.piece.name)))?;
            chunks.entry((c.kind, field)).or_default().push((c.first_ord, c.last_ord, c.piece.name.clone()));
        }
        for list in chunks.values_mut() {
            list.sort();
        }
        let by_name = manifest.pieces().map(|p| (p.name.0.clone(), p.clone())).collect();
        let loaded = Loaded { manifest: manifest.clone(), by_name, directory, chunks };
        Ok(PiecesIndex { index, loaded, synonym_file, vocabulary_file })
    }
}

impl Engine {
    /// Opens the index in pieces from its manifest and hotcache (checked against it),
    /// with the report without its details, as [`Engine::open_searchable`]: it plans at
    /// once and searches once the chunks a question needs are added.
    pub fn open_pieces(document: Document, manifest: &PiecesManifest, hotcache: &[u8]) -> Result<Engine, BundleError> {
        Engine::open_on_pieces(Catalog::new(document), PiecesIndex::open(manifest, hotcache)?)
    }

    /// The second step of [`Engine::open_pieces`]: the engine over `index` and the
    /// report: the catalog (`catalog.json`) when the manifest lists the programmes'
    /// texts (they come as pieces: `engine::texts`), else without its details.
    pub fn open_on_pieces(catalog: Catalog, index: PiecesIndex) -> Result<Engine, BundleError> {
        let PiecesIndex { index, loaded, synonym_file, vocabulary_file } = index;
        let file = |name: &str| match name {
            synonyms::PACK_FILE => synonym_file.as_deref(),
            vocabulary::PACK_FILE => vocabulary_file.as_deref(),
            _ => None,
        };
        let texts = Texts::of_catalog(catalog.document(), &loaded.manifest)?;
        let mut engine = Engine::open_index(catalog, index, file, Some(loaded), false)?;
        engine.texts = texts;
        Ok(engine)
    }

    /// The manifest of the pieces this engine was opened from (none: the whole index).
    pub fn pieces_manifest(&self) -> Option<&PiecesManifest> {
        self.pieces.as_ref().map(|p| &p.manifest)
    }

    /// The chunks a search for `req` reads that are not loaded yet, each once, in
    /// name order: fetch them, [`Engine::add_piece`] each, then search. Empty for the
    /// whole index.
    pub fn pieces_for(&self, req: &SearchRequest) -> Vec<PieceId> {
        let Some(p) = &self.pieces else { return Vec::new() };
        self.planned_pieces(req).into_iter().filter(|id| !p.directory.has(id)).collect()
    }

    /// Every chunk a search for `req` reads, loaded or not, in name order.
    pub fn planned_pieces(&self, req: &SearchRequest) -> Vec<PieceId> {
        let Some(p) = &self.pieces else { return Vec::new() };
        let searcher = self.reader.searcher();
        let planner = Planner { searcher: &searcher, probed: RefCell::new(Vec::new()) };
        let reading = self.read(&req.query, &planner);
        let mut needs = BTreeSet::new();
        let probed = planner.probed.take();
        let queries = reading.groups.iter().chain(&reading.near).chain(&reading.phrases).chain(&reading.excluded);
        for q in probed.iter().chain(queries) {
            planner.needs(&**q, &mut needs);
        }
        let mut out = BTreeSet::new();
        for (kind, field, ord) in needs {
            let Some(list) = p.chunks.get(&(kind, field)) else { continue };
            let at = list.partition_point(|(first, _, _)| *first <= ord);
            if let Some((_, last, id)) = at.checked_sub(1).map(|i| &list[i]) {
                if ord <= *last {
                    out.insert(id.clone());
                }
            }
        }
        out.into_iter().collect()
    }

    /// Adds a fetched piece (a chunk, a fill pack's chunks, or a programme's texts),
    /// checked against the manifest (size and sha256): a damaged or foreign piece is
    /// refused, named. Adding a piece twice changes nothing.
    pub fn add_piece(&mut self, name: &str, bytes: &[u8]) -> Result<(), BundleError> {
        let Some(p) = &self.pieces else {
            return Err(BundleError::Damaged { name: name.into(), what: "this engine holds the whole index".into() });
        };
        Piece::verify(p.by_name.get(name), name, bytes)?;
        if let Some(pack) = p.manifest.pack(name) {
            // Each chunk checked again against its own hash, as if it came alone.
            let mut at = 0;
            for member in pack.members.clone() {
                let end = at + member.size as usize;
                self.add_piece(&member.name.0, &bytes[at..end])?;
                at = end;
            }
            return Ok(());
        }
        if self.text_piece(name).is_some() {
            return self.add_texts(name, bytes);
        }
        if self.text_table(name).is_some() {
            let listed = self.add_text_table(name, bytes)?;
            let p = self.pieces.as_mut().expect("checked above");
            p.by_name.extend(listed.into_iter().map(|t| (t.piece.name.0.clone(), t.piece)));
            return Ok(());
        }
        let id = PieceId(name.to_string());
        if name != p.manifest.hotcache.name.0 && !p.directory.has(&id) {
            p.directory.add(&id, bytes);
        }
        Ok(())
    }

    /// The chunks not loaded yet that the page fetches in the background once its
    /// first results are painted, so that the questions typed next find their pieces
    /// here (see [`PiecesManifest::fill_order`]), up to `budget` bytes (raw) of chunks
    /// in all.
    pub fn pieces_to_fill(&self, budget: u64) -> Vec<PieceId> {
        let Some(p) = &self.pieces else { return Vec::new() };
        p.manifest
            .fill_order(budget)
            .into_iter()
            .filter(|c| !p.directory.has(&c.name))
            .map(|c| c.name.clone())
            .collect()
    }

    /// The fill packs ([`crate::bundle::pieces::Pack`]) that hold a chunk not loaded
    /// yet, in the fill's order: what the page fetches in the background once its
    /// first results are painted, a few round trips for the report's every chunk.
    pub fn packs_to_fill(&self) -> Vec<PieceId> {
        let Some(p) = &self.pieces else { return Vec::new() };
        p.manifest
            .packs
            .iter()
            .filter(|pack| pack.members.iter().any(|m| !p.directory.has(&m.name)))
            .map(|pack| pack.piece.name.clone())
            .collect()
    }

    /// Whether the piece `name` is loaded (always, for the whole index); a fill pack,
    /// when every chunk it holds is.
    pub fn has_piece(&self, name: &str) -> bool {
        if let Some(loaded) = self.text_piece(name).or_else(|| self.text_table(name)) {
            return loaded;
        }
        self.pieces.as_ref().is_none_or(|p| match p.manifest.pack(name) {
            Some(pack) => pack.members.iter().all(|m| p.directory.has(&m.name)),
            None => p.directory.has(&PieceId(name.to_string())),
        })
    }

    /// Searches, or says which pieces it still needs: a search that read a chunk not
    /// loaded is never answered (the search takes a query that fails for no match). `missing` may come back empty when another thread's search missed a
    /// piece meanwhile: searching again answers.
    pub fn try_search(&self, req: &SearchRequest) -> Result<SearchResponse, Unanswered> {
        let Some(p) = &self.pieces else { return Ok(self.run(req)) };
        let before = p.directory.misses();
        let response = self.run(req);
        if p.directory.misses() == before {
            return Ok(response);
        }
        let mut missing = p.directory.missed();
        missing.extend(self.pieces_for(req));
        missing.retain(|id| !p.directory.has(id));
        Err(Unanswered { missing: missing.into_iter().collect() })
    }
}
