//! How a question is read: user input → the queries that rank the items.
//!
//! Each content word becomes a *group*: the word itself, and weaker, the other words
//! the person may mean — completions of the word being typed, corrections of a word the
//! report lacks, and the civic synonyms. An item's rank starts with how many groups it
//! matches (see [`super::Engine::search`]), so a word the report does not use leaves
//! the items with the other words, never an empty page. Function words make no group.
//! Phrases (`"…"`) and exclusions (`-parola`) stay strict.

use super::Engine;
use crate::analysis::{self, tokens};
use crate::query::{self, Clause};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use tantivy::query::{BooleanQuery, BoostQuery, Occur, PhraseQuery, Query, TermQuery};
use tantivy::schema::Field;
use tantivy::schema::IndexRecordOption;
use tantivy::{Searcher, Term};

/// Whether a query matches any item: counted on the index when searching; when
/// planning which pieces a question needs, answered from the term dictionaries
/// (`super::pieces`), since the postings may not be there yet.
pub(super) trait Probe {
    fn matches(&self, q: &dyn Query) -> bool;
}

impl Probe for Searcher {
    fn matches(&self, q: &dyn Query) -> bool {
        count(q, self) > 0
    }
}

/// How much a completion, a correction and a synonym count against the word typed.
const COMPLETION: f32 = 0.7;
const SYNONYM: f32 = 0.5;
const CORRECTION: f32 = 0.4;
/// How much two words of the question found next to each other add, and how far apart
/// they may be.
const NEAR: f32 = 1.0;
const NEAR_SLOP: u32 = 1;

/// What became of one word of the question (for the note above the results).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WordReport {
    /// As typed.
    pub word: String,
    /// A function word ("di", "nelle"), or nothing to search ("-", "l'"): not searched.
    pub stop: bool,
    /// Some item holds the word, one of its completions or corrections, or a synonym.
    pub found: bool,
    /// The synonyms searched as well that some item holds ("anche: rifiuti").
    pub synonyms: Vec<String>,
    /// The report lacks the word (and its completions): the closest word it has.
    pub correction: Option<String>,
}

/// A question, read.
pub(super) struct Reading {
    /// One query per content word (or per word that analyses to several, as a phrase).
    pub groups: Vec<Box<dyn Query>>,
    /// Two words of the question near each other in a text ("servizio civile",
    /// "asili nido"): extra score, never a condition.
    pub near: Vec<Box<dyn Query>>,
    /// Items must hold every phrase.
    pub phrases: Vec<Box<dyn Query>>,
    /// Items holding any of these are left out.
    pub excluded: Vec<Box<dyn Query>>,
    /// The stems to highlight.
    pub terms: BTreeSet<String>,
    pub words: Vec<WordReport>,
    /// The question with each word the report lacks replaced by its closest word.
    pub suggestion: Option<String>,
}

/// A word clause after analysis.
struct Word<'a> {
    typed: &'a str,
    prefix: bool,
    folded: Vec<String>,
    stems: Vec<(usize, String)>,
}

impl Word<'_> {
    fn is_function_word(&self) -> bool {
        self.folded.len() == 1 && analysis::is_function_word(&self.folded[0])
    }
}

impl Engine {
    pub(super) fn read(&self, input: &str, probe: &dyn Probe) -> Reading {
        let clauses = query::parse(input);
        let (mut stem, mut fold) = (self.stem.clone(), self.fold.clone());
        let mut reading = Reading {
            groups: Vec::new(),
            near: Vec::new(),
            phrases: Vec::new(),
            excluded: Vec::new(),
            terms: BTreeSet::new(),
            words: Vec::new(),
            suggestion: None,
        };
        let mut words = Vec::new();
        for clause in &clauses {
            match clause {
                Clause::Word { text, prefix } => words.push(Word {
                    typed: text,
                    prefix: *prefix,
                    folded: tokens(&mut fold, text),
                    stems: analysis::positioned(&mut stem, text),
                }),
                Clause::Phrase(text) => {
                    let stems = analysis::positioned(&mut stem, text);
                    if !stems.is_empty() {
                        reading.terms.extend(stems.iter().map(|(_, s)| s.clone()));
                        reading.phrases.push(self.phrase(&stems, 1.0));
                    }
                }
                Clause::Exclude(text) => {
                    let stems = analysis::positioned(&mut stem, text);
                    if !stems.is_empty() {
                        reading.excluded.push(self.phrase(&stems, 1.0));
                    }
                }
            }
        }
        // A question of function words alone ("per") is searched as typed.
        let all_function = words.iter().filter(|w| !w.stems.is_empty()).all(Word::is_function_word);
        let content: Vec<&Word> =
            words.iter().filter(|w| !w.stems.is_empty() && (all_function || !w.is_function_word())).collect();
        let synonyms = self.synonyms_of(&content);
        let mut corrected = input.to_string();
        for w in &words {
            if w.stems.is_empty() || (!all_function && w.is_function_word()) {
                reading.words.push(WordReport {
                    word: w.typed.into(),
                    // Punctuation or an elision alone is nothing to search either.
                    stop: true,
                    ..Default::default()
                });
                continue;
            }
            let i = content.iter().position(|c| std::ptr::eq(*c, w)).unwrap_or(0);
            let (report, group) = self.group(w, &synonyms[i], probe, &mut reading.terms);
            if let Some(c) = &report.correction {
                corrected = replace_word(&corrected, w.typed, c);
            }
            reading.words.push(report);
            reading.groups.push(group);
        }
        if corrected != input {
            reading.suggestion = Some(corrected);
        }
        for pair in content.windows(2) {
            if let ([(_, a)], [(_, b)]) = (&pair[0].stems[..], &pair[1].stems[..]) {
                reading.near.push(self.near(a, b));
            }
        }
        reading
    }

    /// `a` then `b`, next to each other or with one word between ("piste ciclabili",
    /// "asili e nidi"), in any ranked field.
    fn near(&self, a: &str, b: &str) -> Box<dyn Query> {
        self.in_fields(NEAR, |field| {
            let mut q = PhraseQuery::new(vec![Term::from_field_text(field, a), Term::from_field_text(field, b)]);
            q.set_slop(NEAR_SLOP);
            Box::new(q)
        })
    }

    /// `make(field)` in any ranked field, each boosted by its field's weight × `weight`.
    fn in_fields(&self, weight: f32, make: impl Fn(Field) -> Box<dyn Query>) -> Box<dyn Query> {
        let clauses = self
            .fields
            .ranked()
            .iter()
            .map(|&(field, boost)| {
                (Occur::Should, Box::new(BoostQuery::new(make(field), boost * weight)) as Box<dyn Query>)
            })
            .collect();
        Box::new(BooleanQuery::new(clauses))
    }

    /// The group of one content word, and what became of it.
    fn group(
        &self,
        w: &Word,
        synonyms: &[(String, Vec<(usize, String)>)],
        probe: &dyn Probe,
        terms: &mut BTreeSet<String>,
    ) -> (WordReport, Box<dyn Query>) {
        let mut report = WordReport { word: w.typed.into(), ..Default::default() };
        let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        // A "word" of several (bici/auto, 2022-2023) is their phrase.
        let exact = if w.stems.len() > 1 { self.phrase(&w.stems, 1.0) } else { self.term(&w.stems[0].1, 1.0) };
        let exact_found = probe.matches(&*exact);
        alternatives.push((Occur::Should, exact));
        terms.extend(w.stems.iter().map(|(_, s)| s.clone()));
        report.found = exact_found;
        let mut seen: BTreeSet<String> = w.stems.iter().map(|(_, s)| s.clone()).collect();
        let mut stem = self.stem.clone();
        let mut variant = |word: &str, weight: f32, alternatives: &mut Vec<(Occur, Box<dyn Query>)>| {
            let Some(v) = tokens(&mut stem, word).into_iter().next() else { return false };
            if !seen.insert(v.clone()) {
                return false;
            }
            terms.insert(v.clone());
            alternatives.push((Occur::Should, self.term(&v, weight)));
            true
        };
        if let [folded] = &w.folded[..] {
            let mut completed = false;
            if w.prefix && folded.chars().count() >= 2 {
                for c in self.vocabulary.completions(folded) {
                    completed |= variant(&c, COMPLETION, &mut alternatives);
                }
            }
            // Only a word the report lacks is corrected: a word it has is meant.
            if !exact_found && !completed && folded.chars().count() >= 4 {
                for c in self.vocabulary.corrections(folded) {
                    variant(&c, CORRECTION, &mut alternatives);
                }
                report.correction = self.vocabulary.closest(folded);
                // Two slips in a long word: its closest word alone.
                if let Some(c) = &report.correction {
                    variant(c, CORRECTION, &mut alternatives);
                }
            }
            report.found |= completed || report.correction.is_some();
        }
        for (text, stems) in synonyms {
            let q = self.phrase(stems, SYNONYM);
            if probe.matches(&*q) && !report.synonyms.contains(text) {
                report.synonyms.push(text.clone());
                report.found = true;
                terms.extend(stems.iter().map(|(_, s)| s.clone()));
                alternatives.push((Occur::Should, q));
            }
        }
        (report, Box::new(BooleanQuery::new(alternatives)))
    }

    /// For each content word, the synonym entries it brings in (text, positioned stems):
    /// the entries of every rule one of whose `from` entries matches the word, or a run
    /// of words starting or including it ("case popolari").
    fn synonyms_of(&self, content: &[&Word]) -> Vec<Vec<(String, Vec<(usize, String)>)>> {
        let stems: Vec<Option<&str>> =
            content.iter().map(|w| (w.stems.len() == 1).then(|| w.stems[0].1.as_str())).collect();
        let mut out: Vec<Vec<(String, Vec<(usize, String)>)>> = vec![Vec::new(); content.len()];
        for rule in self.synonym_rules() {
            for key in &rule.from {
                let n = key.stems.len();
                if n == 0 || n > stems.len() {
                    continue;
                }
                for start in 0..=stems.len() - n {
                    let matches = (0..n).all(|k| stems[start + k] == Some(key.stems[k].1.as_str()));
                    if !matches {
                        continue;
                    }
                    for slot in &mut out[start..start + n] {
                        for entry in rule.to.iter().filter(|e| e.text != key.text) {
                            if !slot.iter().any(|(t, _)| *t == entry.text) {
                                slot.push((entry.text.clone(), entry.stems.clone()));
                            }
                        }
                    }
                }
            }
        }
        out
    }

    /// The stem in any ranked field.
    fn term(&self, stem: &str, weight: f32) -> Box<dyn Query> {
        self.in_fields(weight, |field| {
            Box::new(TermQuery::new(Term::from_field_text(field, stem), IndexRecordOption::WithFreqs))
        })
    }

    /// Stems at their positions (a dropped elision leaves a gap, as in the index) in
    /// any ranked field; one stem is the term itself.
    pub(super) fn phrase(&self, stems: &[(usize, String)], weight: f32) -> Box<dyn Query> {
        if let [(_, one)] = stems {
            return self.term(one, weight);
        }
        let first = stems[0].0;
        self.in_fields(weight, |field| {
            let terms = stems.iter().map(|(p, s)| (p - first, Term::from_field_text(field, s))).collect();
            Box::new(PhraseQuery::new_with_offset(terms))
        })
    }
}

/// How many items match `q` (0 on any error).
fn count(q: &dyn Query, searcher: &Searcher) -> usize {
    q.count(searcher).unwrap_or(0)
}

/// `text` with its first whole-word `word` replaced by `by`.
fn replace_word(text: &str, word: &str, by: &str) -> String {
    let mut from = 0;
    while let Some(at) = text[from..].find(word).map(|i| i + from) {
        let end = at + word.len();
        let before = text[..at].chars().next_back().is_none_or(|c| c.is_whitespace() || c == '"' || c == '-');
        let after = text[end..].chars().next().is_none_or(|c| c.is_whitespace() || c == '"');
        if before && after {
            return format!("{}{by}{}", &text[..at], &text[end..]);
        }
        from = end;
    }
    text.to_string()
}

#[cfg(test)]
mod tests {
    use super::replace_word;

    #[test]
    fn a_correction_replaces_the_whole_word_only() {
        assert_eq!(replace_word("bibbliotecca civica", "bibbliotecca", "biblioteca"), "biblioteca civica");
        assert_eq!(replace_word("ab abx ab", "ab", "cd"), "cd abx ab");
        assert_eq!(replace_word("xab ab", "ab", "cd"), "xab cd");
        assert_eq!(replace_word("none", "ab", "cd"), "none");
    }
}
