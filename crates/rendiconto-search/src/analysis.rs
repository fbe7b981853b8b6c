//! Italian analysis, registered under the same names by the builder and the browser.
//!
//! Folding comes before stemming so that `attivita` and `attività` go through the
//! stemmer as the same word. Elided articles and prepositions (`dell'`, `l'`, `all'`)
//! are split off by the tokenizer at the apostrophe and then dropped.

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
        .filter(ItalianStemmer)
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
#[derive(Clone, Copy)]
pub struct ItalianStemmer;

impl TokenFilter for ItalianStemmer {
    type Tokenizer<T: Tokenizer> = ItalianStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> ItalianStemmerFilter<T> {
        ItalianStemmerFilter(tokenizer)
    }
}

#[derive(Clone)]
pub struct ItalianStemmerFilter<T>(T);

impl<T: Tokenizer> Tokenizer for ItalianStemmerFilter<T> {
    type TokenStream<'a> = ItalianStemmerStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        ItalianStemmerStream {
            tail: self.0.token_stream(text),
            stemmer: frostem::Stemmer::new(frostem::Algorithm::Italian),
        }
    }
}

pub struct ItalianStemmerStream<T> {
    tail: T,
    stemmer: frostem::Stemmer,
}

impl<T: TokenStream> TokenStream for ItalianStemmerStream<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        let stemmed = self.stemmer.stem(&token.text).into_owned();
        token.text = stemmed;
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}
