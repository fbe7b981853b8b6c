//! Italian analysis, registered under the same names by the builder and the browser.
//!
//! Folding comes before stemming so that `attivita` and `attività` go through the
//! stemmer as the same word. Elided articles and prepositions (`dell'`, `l'`, `all'`)
//! are split off by the tokenizer at the apostrophe and then dropped.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, StopWordFilter, TextAnalyzer, Token,
    TokenFilter, TokenStream, Tokenizer, TokenizerManager,
};

/// Stemmed analysis for the ranked text fields.
pub const ITALIAN: &str = "it_stem";

/// The elided forms that remain as tokens after splitting at the apostrophe. Not
/// "po" (`un po'`): in Turin it is the river, and the report never says "un po'".
const ELISIONS: &[&str] = &[
    "l", "un", "d", "c", "s", "m", "t", "v", "n", "dell", "nell", "all", "dall", "sull", "coll", "quest", "quell",
    "tutt", "anch", "com", "dov", "qual",
];

fn elisions() -> StopWordFilter {
    StopWordFilter::remove(ELISIONS.iter().map(|s| s.to_string()))
}

pub fn italian() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(elisions())
        .filter(ItalianStemmer::default())
        .build()
}

pub fn folded() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(elisions())
        .build()
}

pub fn register(manager: &TokenizerManager) {
    manager.register(ITALIAN, italian());
}

/// The tokens `analyzer` makes of `text`, with their positions. Positions count the
/// words an analyzer dropped (the elided `l'` of `l'utilizzo`), as in the index: a
/// phrase must be searched with them, or its words would not be next to each other.
pub fn positioned(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push((t.position, t.text.clone()));
    }
    out
}

/// Italian function words: articles, prepositions and their articulated forms,
/// pronouns, conjunctions, and the forms of *essere* and *avere*. A question's
/// function words need not match and do not rank ("bici in città" is "bici città").
/// Based on the Snowball project's Italian stop list, without the words that can
/// carry meaning in this report (*stato*, *stati*: the state of implementation;
/// *fare*, *stare* and their forms), and with the forms of *potere*, *dovere* and
/// *volere* that frame a citizen's question ("come posso…", "dove devo…", "vorrei…")
/// and that the report, never written in the first person, does not use to say what
/// it does.
const FUNCTION_WORDS: &[&str] = &[
    "a", "ad", "al", "allo", "ai", "agli", "all", "agl", "alla", "alle", "con", "col", "coi", "da", "dal", "dallo",
    "dai", "dagli", "dall", "dagl", "dalla", "dalle", "di", "del", "dello", "dei", "degli", "dell", "degl", "della",
    "delle", "in", "nel", "nello", "nei", "negli", "nell", "negl", "nella", "nelle", "su", "sul", "sullo", "sui",
    "sugli", "sull", "sugl", "sulla", "sulle", "per", "tra", "fra", "io", "tu", "lui", "lei", "noi", "voi", "loro",
    "mio", "mia", "miei", "mie", "tuo", "tua", "tuoi", "tue", "suo", "sua", "suoi", "sue", "nostro", "nostra",
    "nostri", "nostre", "vostro", "vostra", "vostri", "vostre", "mi", "ti", "ci", "vi", "lo", "la", "li", "le", "gli",
    "ne", "il", "un", "uno", "una", "ma", "ed", "se", "perche", "anche", "come", "dov", "dove", "che", "chi", "cui",
    "non", "piu", "quale", "quali", "quanto", "quanti", "quanta", "quante", "quello", "quelli", "quella", "quelle",
    "questo", "questi", "questa", "queste", "si", "tutto", "tutti", "e", "i", "l", "o", "ho", "hai", "ha", "abbiamo",
    "avete", "hanno", "abbia", "avere", "avuto", "essere", "sono", "sei", "siamo", "siete", "era", "erano", "sia",
    "siano", "c", "cosa", "qual", "quando", "ogni", "mai", "ecc", "etc", "the", "of", "and", "posso", "puoi", "puo",
    "possiamo", "potete", "possono", "potrei", "potrebbe", "devo", "devi", "deve", "dobbiamo", "dovete", "devono",
    "dovrei", "voglio", "vuoi", "vuole", "vogliamo", "volete", "vogliono", "vorrei",
];

/// Whether `folded` (lower case, no accents) is a function word.
pub fn is_function_word(folded: &str) -> bool {
    FUNCTION_WORDS.contains(&folded)
}

/// The tokens `analyzer` makes of `text`.
pub fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while let Some(t) = stream.next() {
        out.push(t.text.clone());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stems(text: &str) -> Vec<String> {
        tokens(&mut italian(), text)
    }

    #[test]
    fn accents_and_case_fold() {
        assert_eq!(stems("attività"), stems("ATTIVITA"));
        assert_eq!(stems("Città"), stems("citta"));
    }

    #[test]
    fn elisions_are_dropped() {
        assert_eq!(stems("dell'amministrazione"), stems("amministrazione"));
        assert_eq!(stems("l’attività"), stems("attività"));
    }

    #[test]
    fn elided_words_keep_their_place() {
        // "l'" is position 1: the phrase "Favorire l'utilizzo" is favor@0 utilizz@2.
        let p: Vec<usize> = positioned(&mut italian(), "Favorire l'utilizzo").into_iter().map(|(p, _)| p).collect();
        assert_eq!(p, [0, 2]);
        let p: Vec<usize> =
            positioned(&mut italian(), "Monitoraggio dell’accordo").into_iter().map(|(p, _)| p).collect();
        assert_eq!(p, [0, 2]);
    }

    #[test]
    fn function_words_are_known_folded() {
        for w in ["di", "nelle", "per", "alla", "gli", "dell", "e", "piu", "perche"] {
            assert!(is_function_word(w), "{w}");
        }
        for w in ["bici", "stato", "scuola", "nido", "citta"] {
            assert!(!is_function_word(w), "{w}");
        }
    }

    #[test]
    fn italian_stems_join_singular_and_plural() {
        assert_eq!(stems("scuola"), stems("scuole"));
        assert_eq!(stems("asili"), stems("asilo"));
        assert_eq!(stems("ciclabili"), stems("ciclabile"));
    }
}

/// The Snowball Italian stemmer as a token filter: what tantivy's
/// `Stemmer::new(Language::Italian)` does, without linking the other languages.
///
/// Stems are remembered (the report has some 10,000 distinct words): highlighting
/// analyses every shown result's text again on each keystroke, and stemming was half
/// of a search's time. Clones share the memory.
#[derive(Clone, Default)]
pub struct ItalianStemmer {
    known: Arc<Mutex<HashMap<String, String>>>,
}

/// More distinct words than this (a hostile or enormous input) and the memory starts over.
const MAX_KNOWN: usize = 100_000;

impl ItalianStemmer {
    fn stem(&self, stemmer: &frostem::Stemmer, word: &str) -> String {
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(stem) = known.get(word) {
            return stem.clone();
        }
        let stem = stemmer.stem(word).into_owned();
        if known.len() >= MAX_KNOWN {
            known.clear();
        }
        known.insert(word.to_string(), stem.clone());
        stem
    }
}

impl TokenFilter for ItalianStemmer {
    type Tokenizer<T: Tokenizer> = ItalianStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ItalianStemmerFilter<T> {
        ItalianStemmerFilter(tokenizer, self)
    }
}

#[derive(Clone)]
pub struct ItalianStemmerFilter<T>(T, ItalianStemmer);

impl<T: Tokenizer> Tokenizer for ItalianStemmerFilter<T> {
    type TokenStream<'a> = ItalianStemmerStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ItalianStemmerStream {
            tail: self.0.token_stream(text),
            stems: &self.1,
            stemmer: frostem::Stemmer::new(frostem::Algorithm::Italian),
        }
    }
}

pub struct ItalianStemmerStream<'a, T> {
    tail: T,
    stems: &'a ItalianStemmer,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for ItalianStemmerStream<'_, T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        token.text = self.stems.stem(&self.stemmer, &token.text);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
