//! Ranked search with filters and highlighted snippets, over an opened bundle.
//!
//! The corpus is a few hundred items, so the engine scores every match once and then
//! filters in memory: that gives exact "disjunctive" filter counts (see [`crate::facets`]).

use crate::analysis::{self, tokens};
use crate::bundle::{Bundle, BundleError, Manifest};
use crate::facets::{FacetCount, FacetTable};
use crate::highlight::{self, Snippet, Tokens};
use crate::indexer::{self, IndexFiles};
use crate::items::{self, Facet, Item, ItemKind};
use crate::query::{self, Clause};
use crate::schema::Fields;
use rendiconto_model::Document;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, ReloadPolicy, Term};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    pub query: String,
    /// (dimension, value): values of one dimension are alternatives, dimensions combine.
    pub filters: Vec<(Facet, String)>,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    pub total: usize,
    pub hits: Vec<Hit>,
    pub facets: Vec<(Facet, Vec<FacetCount>)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub kind: ItemKind,
    pub score: f32,
    pub mission: u32,
    pub mission_title: String,
    pub program: u32,
    pub program_title: String,
    pub title: String,
    pub title_highlights: Vec<(usize, usize)>,
    pub status: Option<String>,
    pub snippet: Snippet,
}

pub struct Engine {
    pub document: Document,
    pub items: Vec<Item>,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    stem: TextAnalyzer,
    fold: TextAnalyzer,
    /// Filter values, numbered for counting.
    facets: FacetTable,
    /// Per item, the tokens of its title and of its texts, once shown.
    tokens: Vec<[Tokens; 5]>,
    /// How many items [`Engine::prepare`] tokenises ahead (see [`Engine::prepared_len`]).
    prepared: usize,
    /// The index's folded words (a few thousand), for completions and corrections.
    words: Vec<(String, u32)>,
}

/// The longest snippet shown under a result, in bytes.
const SNIPPET_BYTES: usize = 180;

/// How much of the items' text is tokenised ahead of time (the report has ~0.5 MB).
const PREPARED_TEXT_BYTES: usize = 2_000_000;

/// How many completions or corrections a word may expand to.
const MAX_VARIANTS: usize = 12;

/// `words`, most frequent first, at most [`MAX_VARIANTS`].
fn most_frequent<'a>(words: impl Iterator<Item = &'a (String, u32)>) -> Vec<String> {
    let mut found: Vec<&(String, u32)> = words.collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    found.into_iter().take(MAX_VARIANTS).map(|(w, _)| w.clone()).collect()
}

/// Damerau–Levenshtein distance ≤ 1. Runs against the whole vocabulary on every
/// keystroke, so it allocates nothing for ASCII words (the folded vocabulary nearly
/// always is) and rejects lengths that differ too much before looking at characters.
fn within_one_edit(a: &str, b: &str) -> bool {
    // One edit changes the length by at most one character, four bytes.
    if a.len().abs_diff(b.len()) > 4 {
        return false;
    }
    if a.is_ascii() && b.is_ascii() {
        return one_edit(a.as_bytes(), b.as_bytes());
    }
    one_edit(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>())
}

fn one_edit<T: PartialEq>(a: &[T], b: &[T]) -> bool {
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > 1 {
        return false;
    }
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    if prefix == n.min(m) {
        return true; // equal, or one extra char at the end
    }
    let (ra, rb) = (&a[prefix..], &b[prefix..]);
    if n == m {
        ra[1..] == rb[1..] || (ra.len() >= 2 && ra[0] == rb[1] && ra[1] == rb[0] && ra[2..] == rb[2..])
    } else if n > m {
        ra[1..] == *rb
    } else {
        *ra == rb[1..]
    }
}

impl Engine {
    /// Opens verified parts of a bundle.
    pub fn from_parts(manifest: &Manifest, data: &[u8], index: &[u8]) -> Result<Engine, BundleError> {
        let (doc, files) = Bundle::open_parts(manifest, data, index)?;
        Engine::open(doc, &files)
    }

    /// Builds everything in memory (for `index-builder search` without `--index`).
    pub fn in_memory(doc: Document) -> Result<Engine, BundleError> {
        let files = indexer::build(&items::items(&doc)).map_err(|e| BundleError::Index(e.to_string()))?;
        Engine::open(doc, &files)
    }

    pub fn open(document: Document, files: &IndexFiles) -> Result<Engine, BundleError> {
        let err = |e: tantivy::TantivyError| BundleError::Index(e.to_string());
        let index = indexer::open(files).map_err(err)?;
        let fields = Fields::from_schema(&index.schema()).map_err(err)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into().map_err(err)?;
        let items = items::items(&document);
        let searcher = reader.searcher();
        if searcher.segment_readers().len() > 1 || searcher.num_docs() as usize != items.len() {
            return Err(BundleError::Index(format!(
                "the index holds {} documents in {} segments for {} items",
                searcher.num_docs(),
                searcher.segment_readers().len(),
                items.len()
            )));
        }
        let facets = FacetTable::new(&items);
        let tokens = (0..items.len()).map(|_| Default::default()).collect();
        let mut text = 0;
        let prepared = items
            .iter()
            .take_while(|i| {
                text += i.title.len() + i.actions.len() + i.indicators.len() + i.policy.len() + i.context.len();
                text <= PREPARED_TEXT_BYTES
            })
            .count();
        let mut engine = Engine {
            document,
            items,
            index,
            reader,
            fields,
            stem: analysis::italian(),
            fold: analysis::folded(),
            facets,
            tokens,
            prepared,
            words: Vec::new(),
        };
        engine.words = engine.words();
        Ok(engine)
    }

    pub fn search(&self, req: &SearchRequest) -> SearchResponse {
        let clauses = query::parse(&req.query);
        let (query, highlight_terms) = self.build_query(&clauses);
        let searcher = self.reader.searcher();
        let has_text = clauses.iter().any(|c| !matches!(c, Clause::Exclude(_)));
        // Every match, scored; ties and the empty query keep report order.
        let mut scored: Vec<(f32, usize)> = searcher
            .search(&*query, &TopDocs::with_limit(self.items.len().max(1)).order_by_score())
            .unwrap_or_default()
            .into_iter()
            .map(|(score, addr)| (if has_text { score } else { 0.0 }, addr.doc_id as usize))
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));

        let selection = self.facets.selection(req.filters.iter().map(|(f, v)| (*f, self.resolve_code(*f, v))));
        let facets = self.facets.counts(scored.iter().map(|(_, ord)| *ord), &selection);
        let matching: Vec<(f32, usize)> =
            scored.into_iter().filter(|(_, ord)| self.facets.passes(*ord, &selection)).collect();
        let total = matching.len();
        let limit = if req.limit == 0 { 20 } else { req.limit };
        let hits = matching
            .iter()
            .skip(req.offset)
            .take(limit)
            .map(|&(score, ord)| self.hit(ord, score, &highlight_terms))
            .collect();
        SearchResponse { total, hits, facets }
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

    fn hit(&self, ord: usize, score: f32, terms: &BTreeSet<String>) -> Hit {
        let item = &self.items[ord];
        let [title, texts @ ..] = self.texts(ord);
        let title_highlights = highlight::marks(title.1, terms);
        // From the first text that has a term: the actions, the indicators, the policy,
        // the context; else the opening of the actions (or indicators).
        let snippet = texts
            .into_iter()
            .find_map(|(text, tokens)| highlight::snippet(text, tokens, terms, SNIPPET_BYTES))
            .unwrap_or_else(|| {
                let base = if item.actions.is_empty() { &item.indicators } else { &item.actions };
                highlight::opening(base, SNIPPET_BYTES)
            });
        Hit {
            id: item.id.clone(),
            kind: item.kind,
            score,
            mission: item.mission,
            mission_title: item.mission_title.clone(),
            program: item.program,
            program_title: item.program_title.clone(),
            title: item.title.clone(),
            title_highlights,
            status: item.status.clone(),
            snippet,
        }
    }

    /// The tantivy query for the clauses, and the stemmed terms to highlight.
    fn build_query(&self, clauses: &[Clause]) -> (Box<dyn Query>, BTreeSet<String>) {
        let mut stem = self.stem.clone();
        let mut fold = self.fold.clone();
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut highlight_terms = BTreeSet::new();
        for clause in clauses {
            match clause {
                Clause::Word { text, prefix } => {
                    let stems = tokens(&mut stem, text);
                    let folded = tokens(&mut fold, text);
                    if stems.len() > 1 {
                        highlight_terms.extend(stems.iter().cloned());
                        must.push((Occur::Must, self.phrase(&stems)));
                        continue;
                    }
                    let (Some(s), Some(f)) = (stems.first(), folded.first()) else {
                        continue;
                    };
                    highlight_terms.insert(s.clone());
                    let mut alternatives = self.term_in_fields(s, 1.0);
                    // Other words the person may mean: completions of the word being
                    // typed, and words one typo away. Each counts as that word, weaker.
                    let mut variants: Vec<(String, f32)> = Vec::new();
                    if *prefix && f.chars().count() >= 2 {
                        variants.extend(self.completions(f).into_iter().map(|w| (w, 0.7)));
                    }
                    if f.chars().count() >= 5 {
                        variants.extend(self.corrections(f).into_iter().map(|w| (w, 0.4)));
                    }
                    let mut seen = BTreeSet::from([s.clone()]);
                    for (word, weight) in variants {
                        let Some(v) = tokens(&mut stem, &word).into_iter().next() else {
                            continue;
                        };
                        if seen.insert(v.clone()) {
                            highlight_terms.insert(v.clone());
                            alternatives.extend(self.term_in_fields(&v, weight));
                        }
                    }
                    must.push((Occur::Must, Box::new(BooleanQuery::new(alternatives))));
                }
                Clause::Phrase(text) => {
                    let stems = tokens(&mut stem, text);
                    if stems.is_empty() {
                        continue;
                    }
                    highlight_terms.extend(stems.iter().cloned());
                    must.push((Occur::Must, self.phrase(&stems)));
                }
                Clause::Exclude(text) => {
                    let stems = tokens(&mut stem, text);
                    if stems.is_empty() {
                        continue;
                    }
                    must.push((Occur::MustNot, self.phrase(&stems)));
                }
            }
        }
        if !must.iter().any(|(o, _)| *o == Occur::Must) {
            must.push((Occur::Must, Box::new(AllQuery)));
        }
        (Box::new(BooleanQuery::new(must)), highlight_terms)
    }

    /// The stem in any ranked field, weighted by field.
    fn term_in_fields(&self, stem: &str, weight: f32) -> Vec<(Occur, Box<dyn Query>)> {
        self.fields
            .ranked()
            .iter()
            .map(|&(field, boost)| {
                let q = TermQuery::new(Term::from_field_text(field, stem), IndexRecordOption::WithFreqs);
                (Occur::Should, Box::new(BoostQuery::new(Box::new(q), boost * weight)) as Box<dyn Query>)
            })
            .collect()
    }

    /// Consecutive stems in any ranked field (one stem: the term itself).
    fn phrase(&self, stems: &[String]) -> Box<dyn Query> {
        if stems.len() == 1 {
            return Box::new(BooleanQuery::new(self.term_in_fields(&stems[0], 1.0)));
        }
        let per_field = self
            .fields
            .ranked()
            .iter()
            .map(|&(field, boost)| {
                let terms = stems.iter().map(|s| Term::from_field_text(field, s)).collect();
                (Occur::Should, Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost)) as Box<dyn Query>)
            })
            .collect();
        Box::new(BooleanQuery::new(per_field))
    }

    /// The folded words of the index in byte order, with their document frequency.
    fn words(&self) -> Vec<(String, u32)> {
        let searcher = self.reader.searcher();
        let mut out = Vec::new();
        for segment in searcher.segment_readers() {
            let Ok(inverted) = segment.inverted_index(self.fields.folded) else {
                continue;
            };
            let Ok(mut stream) = inverted.terms().stream() else {
                continue;
            };
            while stream.advance() {
                if let Ok(word) = std::str::from_utf8(stream.key()) {
                    out.push((word.to_string(), stream.value().doc_freq));
                }
            }
        }
        // Already in order (one segment); completions rely on it.
        out.sort_unstable();
        out
    }

    /// The most frequent whole words that start with `prefix`.
    fn completions(&self, prefix: &str) -> Vec<String> {
        // The words are in the index's byte order: those with the prefix are together.
        let start = self.words.partition_point(|(w, _)| w.as_str() < prefix);
        let run = self.words[start..].iter().take_while(|(w, _)| w.starts_with(prefix));
        most_frequent(run.filter(|(w, _)| w != prefix))
    }

    /// Words one edit (insertion, deletion, substitution, transposition) away.
    fn corrections(&self, word: &str) -> Vec<String> {
        most_frequent(self.words.iter().filter(|(cand, _)| cand != word && within_one_edit(word, cand)))
    }

    /// Item `ord`'s title and texts (actions, indicators, policy, context), with their
    /// tokens.
    fn texts(&self, ord: usize) -> [(&str, &[highlight::Token]); 5] {
        let item = &self.items[ord];
        let texts = [&item.title, &item.actions, &item.indicators, &item.policy, &item.context];
        std::array::from_fn(|i| (texts[i].as_str(), self.tokens[ord][i].get(&self.stem, texts[i])))
    }

    /// Tokenises the texts of up to `count` items from item `from`, as highlighting
    /// them will need (stemming every word once, remembered: see
    /// `analysis::ItalianStemmer`). Returns where to go on from; [`Engine::prepared_len`]
    /// when done. Run in slices while the page is idle, it takes that work out of the
    /// keystrokes that first show each item.
    pub fn prepare(&self, from: usize, count: usize) -> usize {
        let end = from.saturating_add(count).min(self.prepared_len());
        for ord in from..end {
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
        let Some((word, _)) = self.words.iter().filter(|(w, _)| w.len() >= 6).max_by_key(|(_, n)| *n) else {
            return;
        };
        let typed: Vec<String> = (1..=word.chars().count()).map(|n| word.chars().take(n).collect()).collect();
        let two_words = format!("{word} {}", typed[1.min(typed.len() - 1)]);
        for query in typed.iter().chain([&two_words]) {
            self.search(&SearchRequest { query: query.clone(), filters: Vec::new(), limit: 10, offset: 0 });
        }
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::within_one_edit;

    #[test]
    fn one_edit_covers_each_kind_of_typo_and_no_more() {
        for (a, b) in [
            ("scuola", "scuola"),
            ("scuola", "scuole"),
            ("scuola", "scula"),
            ("scula", "scuola"),
            ("scoula", "scuola"),
            ("citta", "città"),
            ("città", "cittá"),
        ] {
            assert!(within_one_edit(a, b), "{a} {b}");
        }
        for (a, b) in [("scuola", "scuolari"), ("scuola", "sucloa"), ("città", "cotti"), ("a", "abcdefg")] {
            assert!(!within_one_edit(a, b), "{a} {b}");
        }
    }
}
