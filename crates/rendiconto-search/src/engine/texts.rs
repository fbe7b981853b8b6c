//! The engine over the catalog (`bundle::texts`): on the web site it opens with every
//! item's id, title, status and filters, but not the texts a snippet is made of. Those
//! items are searched, ranked, counted and listed like the others (ranking reads the
//! index, never the texts); their snippet waits ([`super::Hit::waiting`]) until their
//! programme's fragment is added ([`Engine::add_piece`]). [`Engine::texts_for`] names
//! the fragments a page of results lacks, [`Engine::texts_missing`] every one (the
//! whole report, [`Engine::report`], needs them all).

use super::{Engine, Hit};
use crate::bundle::pieces::{PieceId, PiecesManifest};
use crate::bundle::{texts, BundleError};
use crate::items;
use rendiconto_model::{Document, Mission};
use std::collections::BTreeMap;
use std::ops::Range;

/// A programme's texts: their piece, whether they are in, the ordinals of its items.
struct ProgramTexts {
    piece: PieceId,
    loaded: bool,
    items: Range<usize>,
    /// Its mission's and its own number.
    numbers: (u32, u32),
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
}

impl Texts {
    /// For the catalog `doc`, every programme's texts listed in `manifest`, none in yet.
    /// `None` when the manifest lists no texts (the engine was given the whole report).
    pub(super) fn of_catalog(doc: &Document, manifest: &PiecesManifest) -> Result<Option<Texts>, BundleError> {
        if manifest.texts.is_empty() {
            return Ok(None);
        }
        let listed: BTreeMap<(u32, u32), &PieceId> =
            manifest.texts.iter().map(|t| ((t.mission, t.program), &t.piece.name)).collect();
        let (mut programs, mut program_of) = (Vec::new(), Vec::new());
        let (mut by_number, mut by_piece) = (BTreeMap::new(), BTreeMap::new());
        for m in &doc.missions {
            for p in &m.programs {
                let piece = listed.get(&(m.number, p.number)).ok_or_else(|| BundleError::Damaged {
                    name: crate::bundle::pieces::PIECES_MANIFEST.into(),
                    what: format!("it lists no texts for programme {}.{}", m.number, p.number),
                })?;
                by_number.insert((m.number, p.number), programs.len());
                by_piece.insert(piece.0.clone(), programs.len());
                let count = p.activities.len() + p.indicator_tables.len();
                let start = program_of.len();
                program_of.extend(std::iter::repeat_n(programs.len(), count));
                programs.push(ProgramTexts {
                    piece: (*piece).clone(),
                    loaded: false,
                    items: start..start + count,
                    numbers: (m.number, p.number),
                });
            }
        }
        Ok(Some(Texts { programs, program_of, by_number, by_piece }))
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
            let p = &t.programs[at];
            if !p.loaded && !out.contains(&p.piece) {
                out.push(p.piece.clone());
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
        t.programs.iter().filter(|p| !p.loaded).map(|p| p.piece.clone()).collect()
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
