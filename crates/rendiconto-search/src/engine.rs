//! Ranked search with filters and highlighted snippets, over an opened bundle.
//!
//! The corpus is a few hundred items, so the engine scores every match once and then
//! filters in memory: that gives exact "disjunctive" facet counts (each dimension is
//! counted with the filters of the *other* dimensions applied), which is what lets a
//! person see how many results each extra choice would add.

use crate::analysis::{self, tokens};
use crate::bundle::{Bundle, BundleError, Manifest};
use crate::indexer::{self, IndexFiles};
use crate::items::{self, Facet, Item, ItemKind};
use crate::query::{self, Clause};
use crate::schema::Fields;
use rendiconto_model::Document;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use tantivy::collector::TopDocs;
use tantivy::query::{AllQuery, BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::snippet::SnippetGenerator;
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

/// A piece of text with byte ranges to highlight.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FacetCount {
    pub value: String,
    pub count: usize,
    pub selected: bool,
}

pub struct Engine {
    pub document: Document,
    pub items: Vec<Item>,
    index: Index,
    reader: IndexReader,
    fields: Fields,
    stem: TextAnalyzer,
    fold: TextAnalyzer,
    /// Facet values in the order they first appear in the report.
    facet_order: BTreeMap<Facet, Vec<String>>,
    /// The index's folded words (a few thousand), for completions and corrections.
    words: Vec<(String, u32)>,
}

/// How many completions or corrections a word may expand to.
const MAX_VARIANTS: usize = 12;

/// Damerau–Levenshtein distance ≤ 1, without allocating a matrix.
fn within_one_edit(a: &[char], b: &str) -> bool {
    let b: Vec<char> = b.chars().collect();
    let (n, m) = (a.len(), b.len());
    if n.abs_diff(m) > 1 {
        return false;
    }
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
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
        let mut facet_order: BTreeMap<Facet, Vec<String>> = BTreeMap::new();
        for item in &items {
            for (f, v) in &item.facets {
                let list = facet_order.entry(*f).or_default();
                if !list.contains(v) {
                    list.push(v.clone());
                }
            }
        }
        let mut engine = Engine {
            document,
            items,
            index,
            reader,
            fields,
            stem: analysis::italian(),
            fold: analysis::folded(),
            facet_order,
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

        let selected: BTreeMap<Facet, BTreeSet<&str>> = req.filters.iter().fold(BTreeMap::new(), |mut m, (f, v)| {
            m.entry(*f).or_default().insert(self.resolve_code(*f, v));
            m
        });
        let passes = |item: &Item, except: Option<Facet>| {
            selected.iter().all(|(dim, values)| {
                Some(*dim) == except || item.facets.iter().any(|(f, v)| f == dim && values.contains(v.as_str()))
            })
        };

        let mut facets = Vec::new();
        for dim in Facet::ALL {
            let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
            for (_, ord) in &scored {
                let item = &self.items[*ord];
                if passes(item, Some(dim)) {
                    let mut seen = BTreeSet::new();
                    for (f, v) in &item.facets {
                        if *f == dim && seen.insert(v.as_str()) {
                            *counts.entry(v.as_str()).or_default() += 1;
                        }
                    }
                }
            }
            let chosen = selected.get(&dim);
            let mut list: Vec<FacetCount> = self
                .facet_order
                .get(&dim)
                .into_iter()
                .flatten()
                .filter_map(|v| {
                    let count = counts.get(v.as_str()).copied().unwrap_or(0);
                    let is_selected = chosen.is_some_and(|c| c.contains(v.as_str()));
                    (count > 0 || is_selected).then(|| FacetCount { value: v.clone(), count, selected: is_selected })
                })
                .collect();
            match dim {
                Facet::Missione | Facet::Programma => {}
                Facet::Anno => list.sort_by(|a, b| a.value.cmp(&b.value)),
                _ => list.sort_by(|a, b| b.count.cmp(&a.count).then(a.value.cmp(&b.value))),
            }
            facets.push((dim, list));
        }

        let matching: Vec<(f32, usize)> =
            scored.into_iter().filter(|(_, ord)| passes(&self.items[*ord], None)).collect();
        let total = matching.len();
        let limit = if req.limit == 0 { 20 } else { req.limit };
        let hits = matching
            .iter()
            .skip(req.offset)
            .take(limit)
            .map(|&(score, ord)| self.hit(&self.items[ord], score, &highlight_terms))
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
        self.facet_order
            .get(&facet)
            .into_iter()
            .flatten()
            .find(|full| crate::items::facet_code(full) == Some(value))
            .map_or(value, |full| full.as_str())
    }

    fn hit(&self, item: &Item, score: f32, terms: &BTreeMap<String, f32>) -> Hit {
        let title_highlights = mark_terms(terms, &self.stem, &item.title);
        let mut snippet = Snippet::default();
        for text in [&item.actions, &item.indicators, &item.policy, &item.context] {
            let s = highlight(terms, &self.stem, self.fields.actions, text, 180);
            if !s.highlights.is_empty() {
                snippet = s;
                break;
            }
        }
        if snippet.text.is_empty() {
            let base = if item.actions.is_empty() { &item.indicators } else { &item.actions };
            snippet.text = base.chars().take(180).collect();
        }
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
    fn build_query(&self, clauses: &[Clause]) -> (Box<dyn Query>, BTreeMap<String, f32>) {
        let mut stem = self.stem.clone();
        let mut fold = self.fold.clone();
        let mut must: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        let mut highlight_terms = BTreeMap::new();
        for clause in clauses {
            match clause {
                Clause::Word { text, prefix } => {
                    let stems = tokens(&mut stem, text);
                    let folded = tokens(&mut fold, text);
                    if stems.len() > 1 {
                        highlight_terms.extend(stems.iter().map(|s| (s.clone(), 1.0)));
                        must.push((Occur::Must, self.phrase(&stems)));
                        continue;
                    }
                    let (Some(s), Some(f)) = (stems.first(), folded.first()) else {
                        continue;
                    };
                    highlight_terms.insert(s.clone(), 1.0);
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
                            highlight_terms.insert(v.clone(), 1.0);
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
                    highlight_terms.extend(stems.iter().map(|s| (s.clone(), 1.0)));
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

    /// The folded words of the index, with their document frequency.
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
        out
    }

    /// The most frequent whole words that start with `prefix`.
    fn completions(&self, prefix: &str) -> Vec<String> {
        self.most_frequent(|w| w.starts_with(prefix) && w != prefix)
    }

    /// Words one edit (insertion, deletion, substitution, transposition) away.
    fn corrections(&self, word: &str) -> Vec<String> {
        let w: Vec<char> = word.chars().collect();
        self.most_frequent(|cand| cand != word && within_one_edit(&w, cand))
    }

    /// The index words that pass `keep`, most frequent first, at most [`MAX_VARIANTS`].
    fn most_frequent(&self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        let mut found: Vec<&(String, u32)> = self.words.iter().filter(|(w, _)| keep(w)).collect();
        found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        found.into_iter().take(MAX_VARIANTS).map(|(w, _)| w.clone()).collect()
    }

    /// Stems up to `count` words of the index's vocabulary, from word `from`, so that
    /// later searches find them remembered (the stemmer remembers every word it sees:
    /// see `analysis::ItalianStemmer`). Returns where to go on from; the vocabulary's
    /// length when done. Run in slices while the page is idle, it takes the stemming out
    /// of the first keystrokes, which otherwise stem every shown result's text.
    pub fn prepare_stems(&self, from: usize, count: usize) -> usize {
        let mut stem = self.stem.clone();
        let end = from.saturating_add(count).min(self.words.len());
        for (word, _) in self.words.get(from..end).unwrap_or_default() {
            tokens(&mut stem, word);
        }
        end
    }

    /// How many words [`Engine::prepare_stems`] goes through.
    pub fn vocabulary_len(&self) -> usize {
        self.words.len()
    }

    pub fn index(&self) -> &Index {
        &self.index
    }

    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|i| i.id == id)
    }
}

/// Byte ranges of the words of `text` whose stem is one of `terms`.
fn mark_terms(terms: &BTreeMap<String, f32>, analyzer: &TextAnalyzer, text: &str) -> Vec<(usize, usize)> {
    let mut analyzer = analyzer.clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        if terms.contains_key(&t.text) {
            out.push((t.offset_from, t.offset_to));
        }
    }
    out
}

/// Highlights `terms` (stems) in `text`, at most `max_chars` long.
fn highlight(
    terms: &BTreeMap<String, f32>,
    analyzer: &TextAnalyzer,
    field: Field,
    text: &str,
    max_chars: usize,
) -> Snippet {
    if text.is_empty() || terms.is_empty() {
        return Snippet { text: String::new(), highlights: Vec::new() };
    }
    let mut generator = SnippetGenerator::new(terms.clone(), analyzer.clone(), field, max_chars);
    generator.set_max_num_chars(max_chars);
    let s = generator.snippet(text);
    Snippet { text: s.fragment().to_string(), highlights: s.highlighted().iter().map(|r| (r.start, r.end)).collect() }
}
