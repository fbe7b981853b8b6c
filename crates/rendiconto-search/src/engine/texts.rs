//! The engine over the catalog (`bundle::texts`): on the web site it opens with every
//! item's id, title, status and filters, but not the texts a snippet is made of. Those
//! items are searched, ranked, counted and listed like the others (ranking reads the
//! index, never the texts); their snippet waits ([`super::Hit::waiting`]) until their
//! programme's fragment is added ([`Engine::add_piece`]). [`Engine::texts_for`] names
//! the fragments a page of results lacks, [`Engine::texts_missing`] every one (the
//! whole report, [`Engine::report`], needs them all). When the manifest lists the
//! fragments in tables (a corpus of more than `TEXTS_PER_TABLE` programmes), both name
//! a programme's table until it is added, then its fragment: the same loop of
//! fetching, adding and asking again brings both.

use super::{Engine, Hit};
use crate::bundle::pieces::{PieceId, PiecesManifest, TextPiece, TextTable, PIECES_MANIFEST};
use crate::bundle::{texts, BundleError};
use crate::items;
use rendiconto_model::{Document, Mission};
use std::collections::BTreeMap;
use std::ops::Range;

/// A programme's texts: their piece (once known: a larger corpus lists it in a table),
/// whether they are in, the ordinals of its items.
struct ProgramTexts {
    piece: Option<PieceId>,
    loaded: bool,
    items: Range<usize>,
    /// Its mission's and its own number.
    numbers: (u32, u32),
}

/// A table listing programmes' texts, and whether it is in.
struct Table {
    piece: PieceId,
    loaded: bool,
}

/// Which programmes' texts the engine holds.
pub(super) struct Texts {
    programs: Vec<ProgramTexts>,
    /// Per item, its programme's position in `programs`.
    program_of: Vec<usize>,
    /// Each programme's position by its (mission, programme) numbers, as a hit names it,
    /// and by its piece's name (looked up for every piece the page fetches: thousands
    /// at ×100, where a scan of the programmes each time would add up to seconds).
    by_number: BTreeMap<(u32, u32), usize>,
    by_piece: BTreeMap<String, usize>,
    /// The tables, when the manifest lists them instead of the texts: programme `i` is
    /// listed in table `i / per_table`.
    tables: Vec<Table>,
    by_table: BTreeMap<String, usize>,
    per_table: usize,
}

impl Texts {
    /// For the catalog `doc`, every programme's texts listed in `manifest` (or in its
    /// tables), none in yet. `None` when the manifest lists no texts (the engine was
    /// given the whole report).
    pub(super) fn of_catalog(doc: &Document, manifest: &PiecesManifest) -> Result<Option<Texts>, BundleError> {
        if manifest.texts.is_empty() && manifest.text_tables.is_empty() {
            return Ok(None);
        }
        let damaged = |what: String| BundleError::Damaged { name: PIECES_MANIFEST.into(), what };
        let listed: BTreeMap<(u32, u32), &PieceId> =
            manifest.texts.iter().map(|t| ((t.mission, t.program), &t.piece.name)).collect();
        let tabled = !manifest.text_tables.is_empty();
        let (mut programs, mut program_of) = (Vec::new(), Vec::new());
        let (mut by_number, mut by_piece) = (BTreeMap::new(), BTreeMap::new());
        for m in &doc.missions {
            for p in &m.programs {
                let piece = listed.get(&(m.number, p.number)).map(|&id| id.clone());
                if piece.is_none() && !tabled {
                    return Err(damaged(format!("it lists no texts for programme {}.{}", m.number, p.number)));
                }
                if let Some(id) = &piece {
                    by_piece.insert(id.0.clone(), programs.len());
                }
                by_number.insert((m.number, p.number), programs.len());
                let count = p.activities.len() + p.indicator_tables.len();
                let start = program_of.len();
                program_of.extend(std::iter::repeat_n(programs.len(), count));
                programs.push(ProgramTexts {
                    piece,
                    loaded: false,
                    items: start..start + count,
                    numbers: (m.number, p.number),
                });
            }
        }
        let per_table = manifest.texts_per_table as usize;
        if tabled && (per_table == 0 || manifest.text_tables.len() != programs.len().div_ceil(per_table)) {
            return Err(damaged(format!(
                "{} tables of {per_table} for {} programmes",
                manifest.text_tables.len(),
                programs.len()
            )));
        }
        // Inserted one by one: collecting into a map sorts first, one more sort in the wasm.
        let (mut tables, mut by_table) = (Vec::new(), BTreeMap::new());
        for t in &manifest.text_tables {
            by_table.insert(t.name.0.clone(), tables.len());
            tables.push(Table { piece: t.name.clone(), loaded: false });
        }
        Ok(Some(Texts { programs, program_of, by_number, by_piece, tables, by_table, per_table }))
    }

    /// Whether every programme's texts are in.
    fn all_loaded(&self) -> bool {
        self.programs.iter().all(|p| p.loaded)
    }

    fn item_loaded(&self, ord: usize) -> bool {
        self.program_of.get(ord).is_none_or(|&p| self.programs[p].loaded)
    }

    fn program_of_piece(&self, name: &str) -> Option<usize> {
        self.by_piece.get(name).copied()
    }

    /// What programme `at` waits for: its texts, or first the table naming them.
    fn wanted(&self, at: usize) -> Option<&PieceId> {
        let p = &self.programs[at];
        match &p.piece {
            _ if p.loaded => None,
            Some(piece) => Some(piece),
            None => self.tables.get(at / self.per_table.max(1)).filter(|t| !t.loaded).map(|t| &t.piece),
        }
    }
}

impl Engine {
    /// Whether item `ord`'s texts are here (always, when opened on the whole report).
    pub(super) fn has_texts(&self, ord: usize) -> bool {
        self.texts.as_ref().is_none_or(|t| t.item_loaded(ord))
    }

    /// The fragments the snippets of `hits` wait for ([`Hit::waiting`]), each once, in
    /// the hits' order: fetch them, [`Engine::add_piece`] each, and search again.
    pub fn texts_for(&self, hits: &[Hit]) -> Vec<PieceId> {
        let Some(t) = &self.texts else { return Vec::new() };
        let mut out: Vec<PieceId> = Vec::new();
        for h in hits.iter().filter(|h| h.waiting) {
            let Some(&at) = t.by_number.get(&(h.mission, h.program)) else { continue };
            if let Some(id) = t.wanted(at).filter(|id| !out.contains(id)) {
                out.push(id.clone());
            }
        }
        out
    }

    /// Whether every programme's texts are in (always, when opened on the whole report).
    pub(super) fn has_all_texts(&self) -> bool {
        self.texts.as_ref().is_none_or(Texts::all_loaded)
    }

    /// Every fragment not in yet, in report order ([`Engine::report`] waits for them).
    pub fn texts_missing(&self) -> Vec<PieceId> {
        let Some(t) = &self.texts else { return Vec::new() };
        let mut out: Vec<PieceId> = Vec::new();
        for at in 0..t.programs.len() {
            // A table names a run of programmes: asked for once.
            if let Some(id) = t.wanted(at).filter(|id| out.last() != Some(id)) {
                out.push(id.clone());
            }
        }
        out
    }

    /// Whether `name` is a table of programmes' texts; `Some(true)` once added.
    pub(super) fn text_table(&self, name: &str) -> Option<bool> {
        let t = self.texts.as_ref()?;
        t.by_table.get(name).map(|&i| t.tables[i].loaded)
    }

    /// Adds a table (checked against the manifest by the caller): its programmes'
    /// pieces become known, each checked to be the catalog's programme in its place.
    /// Returns the pieces it names, for the caller to check them when they come.
    pub(super) fn add_text_table(&mut self, name: &str, bytes: &[u8]) -> Result<Vec<TextPiece>, BundleError> {
        let damaged = |what: String| BundleError::Damaged { name: name.into(), what };
        let t = self.texts.as_mut().ok_or_else(|| damaged("this engine holds the whole report".into()))?;
        let i = *t.by_table.get(name).ok_or_else(|| damaged("it is not a table of this catalog".into()))?;
        if t.tables[i].loaded {
            return Ok(Vec::new());
        }
        let TextTable(listed) = serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))?;
        let first = i * t.per_table;
        let places = first..(first + t.per_table).min(t.programs.len());
        if listed.len() != places.len() {
            return Err(damaged(format!("it lists {} programmes, not {}", listed.len(), places.len())));
        }
        for (at, entry) in places.clone().zip(&listed) {
            if t.programs[at].numbers != (entry.mission, entry.program) {
                let (m, p) = t.programs[at].numbers;
                return Err(damaged(format!(
                    "it lists programme {}.{} where the catalog has {m}.{p}",
                    entry.mission, entry.program
                )));
            }
        }
        for (at, entry) in places.zip(&listed) {
            t.by_piece.insert(entry.piece.name.0.clone(), at);
            t.programs[at].piece = Some(entry.piece.name.clone());
        }
        t.tables[i].loaded = true;
        Ok(listed)
    }

    /// Whether `name` is a programme's texts; `Some(true)` once added.
    pub(super) fn text_piece(&self, name: &str) -> Option<bool> {
        let t = self.texts.as_ref()?;
        t.program_of_piece(name).map(|p| t.programs[p].loaded)
    }

    /// Adds a programme's texts (checked against the manifest by the caller): restored
    /// into the report, its items made again, their snippets' words forgotten.
    pub(super) fn add_texts(&mut self, name: &str, bytes: &[u8]) -> Result<(), BundleError> {
        let damaged = |what: String| BundleError::Damaged { name: name.into(), what };
        let Some(at) = self.texts.as_ref().and_then(|t| t.program_of_piece(name)) else {
            return Err(damaged("it is not a programme's texts of this catalog".into()));
        };
        if self.texts.as_ref().is_some_and(|t| t.programs[at].loaded) {
            return Ok(());
        }
        let fragment: Mission = serde_json::from_slice(bytes).map_err(|e| damaged(e.to_string()))?;
        let t = self.texts.as_mut().expect("checked above");
        let (mission, program) = t.programs[at].numbers;
        if fragment.number != mission || fragment.programs.first().map(|p| p.number) != Some(program) {
            return Err(damaged(format!("it does not hold programme {mission}.{program}'s texts")));
        }
        texts::restore(&mut self.document, fragment).map_err(damaged)?;
        let range = t.programs[at].items.clone();
        let m = self.document.missions.iter().find(|m| m.number == mission).expect("restored into it");
        let p = m.programs.iter().find(|p| p.number == program).expect("restored into it");
        let remade = items::program_items(m, p);
        if remade.len() != range.len() {
            return Err(damaged(format!("{} items, the catalog has {}", remade.len(), range.len())));
        }
        for (ord, item) in range.clone().zip(remade) {
            self.items[ord] = item;
            self.tokens[ord] = Default::default();
        }
        t.programs[at].loaded = true;
        Ok(())
    }
}
