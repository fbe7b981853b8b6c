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
/// Folded but not stemmed, for prefix and typo matching.
pub const FOLDED: &str = "it_folded";

/// The elided forms that remain as tokens after splitting at the apostrophe.
const ELISIONS: &[&str] = &[
    "l", "un", "d", "c", "s", "m", "t", "v", "n", "dell", "nell", "all", "dall", "sull", "coll", "quest", "quell",
    "tutt", "anch", "com", "dov", "qual", "po",
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
    manager.register(FOLDED, folded());
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
