//! Ranked search with filters and highlighted snippets, over an opened bundle.
//!
//! The corpus is a few hundred items, so the engine scores every match once and then
//! filters in memory: that gives exact "disjunctive" filter counts (see [`crate::facets`]).
//! How a question becomes queries is in [`reading`]; words for completions and
//! corrections in [`suggestions`]; the index in [`pieces`], the texts in [`texts`].

mod pieces;
mod reading;
pub mod suggestions;
mod texts;

pub use pieces::{PiecesIndex, Unanswered};
pub use reading::WordReport;

use crate::analysis;
use crate::bundle::{details, Bundle, BundleError, Manifest, DETAILS, INDEX};
use crate::facets::{FacetCount, FacetTable};
use crate::highlight::{self, Snippet, Tokens};
use crate::indexer::{self, IndexFiles};
use crate::items::{self, status_rank, Facet, Item, ItemKind, TextField};
use crate::schema::Fields;
use crate::synonyms::{self, Synonyms};
use crate::vocabulary;
use rendiconto_model::{Document, ItemId};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::OnceLock;
use suggestions::Vocabulary;
use tantivy::query::{EnableScoring, Query};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    pub query: String,
    /// (dimension, value): values of one dimension are alternatives, dimensions combine.
    pub filters: Vec<(Facet, String)>,
    pub limit: usize,
    pub offset: usize,
    #[serde(default)]
    pub sort: Sort,
}

/// The order of the results. In every order, the items holding every word of the
/// question come before those holding only some.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Sort {
    /// The best match first (with no question: report order).
    #[default]
    Relevance,
    /// As the report lists them: mission, programme, activity.
    Report,
    /// Concluded first, then in progress, started, others, and no status last; then
    /// by relevance.
    Status,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::Relevance, Sort::Report, Sort::Status];

    /// The key used in URLs and on the command line.
    pub fn key(self) -> &'static str {
        match self {
            Sort::Relevance => "pertinenza",
            Sort::Report => "rendiconto",
            Sort::Status => "stato",
        }
    }

    pub fn from_key(key: &str) -> Option<Sort> {
        Sort::ALL.into_iter().find(|s| s.key() == key.trim().to_lowercase())
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    pub total: usize,
    /// How many of `total` hold every word of the question (they come first).
    pub complete: usize,
    pub hits: Vec<Hit>,
    pub facets: Vec<(Facet, Vec<FacetCount>)>,
    /// What became of each word of the question.
    pub words: Vec<WordReport>,
    /// "Forse cercavi": the question with the words the report lacks corrected.
    pub suggestion: Option<String>,
}

impl SearchResponse {
    /// The content words no item holds, in any form.
    pub fn not_found(&self) -> Vec<&str> {
        self.words.iter().filter(|w| !w.stop && !w.found).map(|w| w.word.as_str()).collect()
    }

    /// The synonyms searched as well, each once.
    pub fn synonyms(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for s in self.words.iter().flat_map(|w| &w.synonyms) {
            if !out.contains(&s.as_str()) {
                out.push(s);
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: ItemId,
    pub kind: ItemKind,
    pub score: f32,
    /// Holds every word of the question (or a form, correction or synonym of it).
    pub complete: bool,
    pub mission: u32,
    pub mission_title: String,
    pub program: u32,
    pub program_title: String,
    pub title: String,
    pub title_highlights: Vec<(usize, usize)>,
    pub status: Option<String>,
    pub snippet: Snippet,
    /// The item's texts are not here yet (the web site's catalog, `engine::texts`): its
    /// snippet comes with them ([`Engine::texts_for`]).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub waiting: bool,
}

/// A synonym entry, analysed: its text and its stems at their positions.
#[derive(Clone)]
struct Entry {
    text: String,
    stems: Vec<(usize, String)>,
}

/// A rule of the synonym list, analysed. The `from` entries keep only their content
/// words' stems (they are compared with the question's content words).
struct Rule {
    from: Vec<Entry>,
    to: Vec<Entry>,
}

pub struct Engine {
    /// The report; without its details until [`Engine::add_details`] (`complete`).
    document: Document,
    complete: bool,
    pub items: Vec<Item>,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    stem: TextAnalyzer,
    fold: TextAnalyzer,
    /// Filter values, numbered for counting.
    facets: FacetTable,
    /// Per item, the tokens of its title and of its snippet texts, once shown.
    tokens: Vec<[Tokens; 5]>,
    /// How many items [`Engine::prepare`] tokenises ahead (see [`Engine::prepared_len`]).
    prepared: usize,
    /// The index's folded words (a few thousand), for completions and corrections.
    vocabulary: Vocabulary,
    /// The synonym list as the pack holds it, and analysed (stems of each entry) on
    /// first use: [`Engine::finish_opening`] does it in a task of its own.
    synonym_list: Synonyms,
    synonyms: OnceLock<Vec<Rule>>,
    /// The index in pieces, when it was opened from them ([`Engine::open_pieces`]).
    pieces: Option<pieces::Loaded>,
    /// Which programmes' texts are here, when opened on the catalog.
    texts: Option<texts::Texts>,
}

/// The report's items and their filter values, made from the report (or the web
/// site's catalog): the first step of opening an engine, which the browser runs in a
/// task of its own (on a slow phone it is tens of ms, as is the rest of opening).
pub struct Catalog {
    document: Document,
    items: Vec<Item>,
    facets: FacetTable,
}

impl Catalog {
    pub fn new(document: Document) -> Catalog {
        let items = items::items(&document);
        let facets = FacetTable::new(&items);
        Catalog { document, items, facets }
    }

    pub fn document(&self) -> &Document {
        &self.document
    }
}

/// The longest snippet shown under a result, in bytes.
const SNIPPET_BYTES: usize = 180;

/// How much of the items' text is tokenised ahead of time (the report has ~0.5 MB).
const PREPARED_TEXT_BYTES: usize = 2_000_000;

impl Engine {
    /// Opens a bundle's parts, verified: the search and the whole report.
    pub fn from_parts(manifest: &Manifest, data: &[u8], details: &[u8], index: &[u8]) -> Result<Engine, BundleError> {
        let (doc, files) = Bundle::open_parts(manifest, data, index)?;
        let mut engine = Engine::open_searchable(doc, &files)?;
        engine.add_details(Bundle::open_details(manifest, details)?)?;
        Ok(engine)
    }

    /// Builds everything in memory, with the bundled synonym list (for
    /// `index-builder search` without `--index`).
    pub fn in_memory(doc: Document) -> Result<Engine, BundleError> {
        let synonyms = Synonyms::parse(synonyms::BUNDLED).map_err(|e| BundleError::Index(e.to_string()))?;
        Engine::in_memory_with(doc, &synonyms)
    }

    /// Builds everything in memory, with `synonyms`.
    pub fn in_memory_with(doc: Document, synonyms: &Synonyms) -> Result<Engine, BundleError> {
        let files = indexer::build(&items::items(&doc), synonyms).map_err(|e| BundleError::Index(e.to_string()))?;
        Engine::open(doc, &files)
    }

    /// Opens the index `files` of the whole report `document`.
    pub fn open(document: Document, files: &IndexFiles) -> Result<Engine, BundleError> {
        Engine::open_with(document, files, true)
    }

    /// Opens the index `files` of the report without its details (`data.json`): it
    /// searches at once; [`Engine::report`] waits for [`Engine::add_details`].
    pub fn open_searchable(document: Document, files: &IndexFiles) -> Result<Engine, BundleError> {
        Engine::open_with(document, files, false)
    }

    fn open_with(document: Document, files: &IndexFiles, complete: bool) -> Result<Engine, BundleError> {
        let index = indexer::open(files).map_err(|e| BundleError::Index(e.to_string()))?;
        Engine::open_index(Catalog::new(document), index, |name| pack_file(files, name), None, complete)
    }

    /// Opens `index` (its other files, the synonyms and the vocabulary, from `file`).
    fn open_index<'a>(
        catalog: Catalog,
        index: Index,
        file: impl Fn(&str) -> Option<&'a [u8]>,
        pieces: Option<pieces::Loaded>,
        complete: bool,
    ) -> Result<Engine, BundleError> {
        let err = |e: tantivy::TantivyError| BundleError::Index(e.to_string());
        let fields = Fields::from_schema(&index.schema()).map_err(err)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(err)?;
        let Catalog { document, items, facets } = catalog;
        let searcher = reader.searcher();
        if searcher.segment_readers().len() != 1 || searcher.num_docs() as usize != items.len() {
            return Err(BundleError::Index(format!(
                "the index holds {} documents in {} segments for {} items",
                searcher.num_docs(),
                searcher.segment_readers().len(),
                items.len()
            )));
        }
        let synonyms = Synonyms::parse(&String::from_utf8_lossy(file(synonyms::PACK_FILE).unwrap_or_default()))
            .map_err(|e| BundleError::Index(e.to_string()))?;
        let words = read_vocabulary(file(vocabulary::PACK_FILE))?;
        let tokens = (0..items.len()).map(|_| Default::default()).collect();
        let mut text = 0;
        let prepared = items
            .iter()
            .take_while(|i| {
                text += i.text_len();
                text <= PREPARED_TEXT_BYTES
            })
            .count();
        Ok(Engine {
            document,
            complete,
            items,
            index,
            reader,
            fields,
            stem: analysis::italian(),
            fold: analysis::folded(),
            facets,
            tokens,
            prepared,
            vocabulary: Vocabulary::new(words),
            synonym_list: synonyms,
            synonyms: OnceLock::new(),
            pieces,
            texts: None,
        })
    }

    /// The last step of opening: analysing the synonym list (stemming each entry). A
    /// search does it itself if it comes first; the browser runs it in a task of its
    /// own, so that opening is two shorter tasks, not one long one.
    pub fn finish_opening(&self) {
        self.synonym_rules();
    }

    /// The synonym rules, analysed (once).
    fn synonym_rules(&self) -> &[Rule] {
        self.synonyms.get_or_init(|| self.analyse_synonyms(&self.synonym_list))
    }

    /// Searches. An engine opened from pieces must hold those [`Engine::pieces_for`]
    /// lists: a search that needed one it lacks panics (never a wrong ranking);
    /// [`Engine::try_search`] says so instead.
    pub fn search(&self, req: &SearchRequest) -> SearchResponse {
        self.try_search(req).unwrap_or_else(|e| panic!("{e}: fetch Engine::pieces_for first, or use try_search"))
    }

    /// The search itself: [`Engine::try_search`] checks that it read nothing missing.
    fn run(&self, req: &SearchRequest) -> SearchResponse {
        let searcher = self.reader.searcher();
        let reading = self.read(&req.query, &searcher);
        let n = self.items.len();
        let (mut score, mut covered, mut phrases) = (vec![0f32; n], vec![0u16; n], vec![0u16; n]);
        let mut excluded = vec![false; n];
        // Each word's matches. A word most items hold ("città", "pubblici": the
        // programmes' settings repeat them) says little about which item is meant: like
        // Lucene's `CommonTermsQuery`, it adds to the score but neither decides the rank
        // nor makes a match alone — unless no other word is found.
        let matched: Vec<Vec<(usize, f32)>> = reading
            .groups
            .iter()
            .map(|q| {
                let mut m = Vec::new();
                each_match(&**q, &searcher, |doc, s| m.push((doc, s)));
                m
            })
            .collect();
        let common = |m: &Vec<(usize, f32)>| m.len() * 2 > n;
        let only_common = !matched.iter().any(|m| !m.is_empty() && !common(m));
        let mut groups = 0u16;
        for m in &matched {
            let counts = only_common || !common(m);
            groups += u16::from(counts);
            for &(doc, s) in m {
                score[doc] += s;
                covered[doc] += u16::from(counts);
            }
        }
        for q in &reading.near {
            each_match(&**q, &searcher, |doc, s| score[doc] += s);
        }
        for q in &reading.phrases {
            each_match(&**q, &searcher, |doc, s| {
                score[doc] += s;
                phrases[doc] += 1;
            });
        }
        for q in &reading.excluded {
            each_match(&**q, &searcher, |doc, _| excluded[doc] = true);
        }
        let needed_phrases = reading.phrases.len() as u16;
        let has_text = !matched.is_empty() || needed_phrases > 0;
        // Every match: all the phrases and at least one word (anything, for filters alone).
        let mut matches: Vec<usize> = (0..n)
            .filter(|&d| !excluded[d] && phrases[d] == needed_phrases && (groups == 0 || covered[d] > 0))
            .collect();
        let complete = |d: usize| covered[d] == groups;
        // The items holding every word first, then those holding the most of them; then
        // the chosen order; ties keep report order.
        let relevance = |a: &usize, b: &usize| covered[*b].cmp(&covered[*a]).then(score[*b].total_cmp(&score[*a]));
        match req.sort {
            Sort::Relevance => matches.sort_by(|a, b| relevance(a, b).then(a.cmp(b))),
            Sort::Report => matches.sort_by(|a, b| complete(*b).cmp(&complete(*a)).then(a.cmp(b))),
            Sort::Status => matches.sort_by(|a, b| {
                let rank = |d: usize| status_rank(self.items[d].status.as_deref());
                complete(*b)
                    .cmp(&complete(*a))
                    .then(rank(*a).cmp(&rank(*b)))
                    .then_with(|| if has_text { relevance(a, b) } else { std::cmp::Ordering::Equal })
                    .then(a.cmp(b))
            }),
        }

        let selection = self.facets.selection(req.filters.iter().map(|(f, v)| (*f, self.resolve_code(*f, v))));
        let facets = self.facets.counts(matches.iter().copied(), &selection);
        let matching: Vec<usize> = matches.into_iter().filter(|&d| self.facets.passes(d, &selection)).collect();
        let total = matching.len();
        let limit = if req.limit == 0 { 20 } else { req.limit };
        let hits = matching
            .iter()
            .skip(req.offset)
            .take(limit)
            .map(|&d| self.hit(d, if has_text { score[d] } else { 0.0 }, complete(d), &reading.terms))
            .collect();
        SearchResponse {
            total,
            complete: matching.iter().filter(|&&d| complete(d)).count(),
            hits,
            facets,
            words: reading.words,
            suggestion: reading.suggestion,
        }
    }

    /// The stems a question highlights (its words, their completions, corrections and
    /// synonyms), for marking an opened activity with [`Engine::marks`].
    pub fn terms(&self, query: &str) -> BTreeSet<String> {
        self.read(query, &self.reader.searcher()).terms
    }

    /// Byte ranges of the words of `text` whose stem is one of `terms`.
    pub fn marks(&self, text: &str, terms: &BTreeSet<String>) -> Vec<(usize, usize)> {
        if terms.is_empty() {
            return Vec::new();
        }
        highlight::marks(Tokens::default().get(&self.stem, text), terms)
    }

    /// A missione or programma may be named by its number alone (`10`, `10.5`), as a
    /// webmaster writes it in the embed snippet; it stands for the value that starts
    /// with that number ("10.5 – VIABILITÀ E INFRASTRUTTURE STRADALI"). Anything else
    /// is taken as written.
    fn resolve_code<'a>(&'a self, facet: Facet, value: &'a str) -> &'a str {
        if !matches!(facet, Facet::Missione | Facet::Programma)
            || !value.chars().all(|c| c.is_ascii_digit() || c == '.')
        {
            return value;
        }
        self.facets
            .values(facet)
            .iter()
            .find(|full| crate::items::facet_code(full) == Some(value))
            .map_or(value, |full| full.as_str())
    }

    fn hit(&self, ord: usize, score: f32, complete: bool, terms: &BTreeSet<String>) -> Hit {
        let item = &self.items[ord];
        let waiting = !self.has_texts(ord);
        let (title_highlights, snippet) = if waiting {
            // The title is in the catalog; the snippet waits for the texts (their
            // words are not tokenised yet: nothing empty is remembered for them).
            (highlight::marks(self.tokens[ord][0].get(&self.stem, &item.title), terms), Snippet::default())
        } else {
            let [title, texts @ ..] = self.texts(ord);
            // From the first snippet text that has a term; else the opening of the
            // actions (or indicators).
            let snippet = texts
                .into_iter()
                .find_map(|(text, tokens)| highlight::snippet(text, tokens, terms, SNIPPET_BYTES))
                .unwrap_or_else(|| {
                    let base = if item.actions.is_empty() { &item.indicators } else { &item.actions };
                    highlight::opening(base, SNIPPET_BYTES)
                });
            (highlight::marks(title.1, terms), snippet)
        };
        Hit {
            id: item.id,
            kind: item.kind,
            score,
            complete,
            mission: item.mission,
            mission_title: item.mission_title.clone(),
            program: item.program,
            program_title: item.program_title.clone(),
            title: item.title.clone(),
            title_highlights,
            status: item.status.clone(),
            snippet,
            waiting,
        }
    }

    /// The synonym list with each entry analysed as the questions are.
    fn analyse_synonyms(&self, list: &Synonyms) -> Vec<Rule> {
        let (mut stem, mut fold) = (self.stem.clone(), self.fold.clone());
        let mut entry = |text: &String, content_only: bool| {
            let stems = analysis::positioned(&mut stem, text);
            let folded = analysis::positioned(&mut fold, text);
            let stems = if content_only {
                stems
                    .into_iter()
                    .zip(folded)
                    .filter(|(_, (_, f))| !analysis::is_function_word(f))
                    .map(|(s, _)| s)
                    .collect()
            } else {
                stems
            };
            Entry { text: text.clone(), stems }
        };
        list.rules
            .iter()
            .map(|r| Rule {
                from: r.from.iter().map(|t| entry(t, true)).collect(),
                to: r.to.iter().map(|t| entry(t, false)).filter(|e| !e.stems.is_empty()).collect(),
            })
            .collect()
    }

    /// Item `ord`'s title and snippet texts ([`TextField::SNIPPET`]), with their tokens.
    fn texts(&self, ord: usize) -> [(&str, &[highlight::Token]); 5] {
        let item = &self.items[ord];
        let text = |i: usize| if i == 0 { item.title.as_str() } else { TextField::SNIPPET[i - 1].text(item) };
        std::array::from_fn(|i| (text(i), self.tokens[ord][i].get(&self.stem, text(i))))
    }

    /// Tokenises the texts of up to `count` items from item `from`, as highlighting
    /// them will need (stemming every word once, remembered: see
    /// `analysis::ItalianStemmer`). Returns where to go on from; [`Engine::prepared_len`]
    /// when done. Run in slices while the page is idle, it takes that work out of the
    /// keystrokes that first show each item.
    pub fn prepare(&self, from: usize, count: usize) -> usize {
        let end = from.saturating_add(count).min(self.prepared_len());
        for ord in (from..end).filter(|&ord| self.has_texts(ord)) {
            self.texts(ord);
        }
        end
    }

    /// How many items [`Engine::prepare`] goes through: all of them for the report,
    /// the first ones up to [`PREPARED_TEXT_BYTES`] of text for a corpus of many years
    /// (the tokens take a few tens of bytes per word; items shown later are tokenised
    /// then).
    pub fn prepared_len(&self) -> usize {
        self.prepared
    }

    /// Searches for what a person typing the report's most frequent word would, one
    /// letter at a time. Run once the page is idle: browsers first compile WebAssembly
    /// quickly and optimise only the functions that have run often, so without this the
    /// first keystrokes would run the search's code unoptimised.
    pub fn warm_up(&self) {
        for request in self.warm_up_requests() {
            self.search(&request);
        }
    }

    /// The searches [`Engine::warm_up`] runs, for a caller that runs them one per task.
    pub fn warm_up_requests(&self) -> Vec<SearchRequest> {
        let Some(word) = self.vocabulary.most_frequent_long(6) else {
            return Vec::new();
        };
        let typed: Vec<String> = (1..=word.chars().count()).map(|n| word.chars().take(n).collect()).collect();
        let two_words = format!("{word} {}", typed[1.min(typed.len() - 1)]);
        typed
            .into_iter()
            .chain([two_words])
            .map(|query| SearchRequest { query, limit: 10, ..Default::default() })
            .collect()
    }

    /// The whole report, once its details and (opened on the catalog) every
    /// programme's texts are in; `None` before (its indicator values, source lines or
    /// texts are missing: nothing may show it).
    pub fn report(&self) -> Option<&Document> {
        (self.complete && self.has_all_texts()).then_some(&self.document)
    }

    /// Adds the report's details (`details.json`, [`Bundle::open_details`]) to an
    /// engine opened without them.
    pub fn add_details(&mut self, details: Document) -> Result<(), BundleError> {
        if self.complete {
            return Ok(());
        }
        details::restore(&mut self.document, details)
            .map_err(|what| BundleError::Damaged { name: DETAILS.into(), what })?;
        self.complete = true;
        Ok(())
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn item(&self, id: ItemId) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// The bytes of the pack's file `name` (the index files, the synonyms, the vocabulary).
fn pack_file<'a>(files: &'a IndexFiles, name: &str) -> Option<&'a [u8]> {
    files.iter().find(|(n, _)| n == name).map(|(_, b)| b.as_slice())
}

/// The vocabulary file of the index's files ([`vocabulary::PACK_FILE`]), `bytes`.
fn read_vocabulary(bytes: Option<&[u8]>) -> Result<Vec<(String, u32)>, BundleError> {
    let damaged = |what: String| BundleError::Damaged { name: INDEX.into(), what };
    let bytes = bytes.ok_or_else(|| {
        damaged(format!("it has no {} (the words for completions and corrections)", vocabulary::PACK_FILE))
    })?;
    let text = std::str::from_utf8(bytes).map_err(|_| damaged(format!("{} is not UTF-8", vocabulary::PACK_FILE)))?;
    vocabulary::parse(text).map_err(|e| damaged(format!("{}, {e}", vocabulary::PACK_FILE)))
}

/// Calls `f` with every item matching `q` and its score (one segment: doc id = item).
fn each_match(q: &dyn Query, searcher: &Searcher, mut f: impl FnMut(usize, f32)) {
    let Ok(weight) = q.weight(EnableScoring::enabled_from_searcher(searcher)) else { return };
    for segment in searcher.segment_readers() {
        let _ = weight.for_each(segment, &mut |doc, score| f(doc as usize, score));
    }
}
