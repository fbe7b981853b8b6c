//! Highlighted titles and snippets of the results shown.
//!
//! Each keystroke highlights the same few results again with slightly different
//! terms, and tokenising and stemming their texts was half of a search. So a text is
//! tokenised once, when it is first shown, and its tokens (stem and byte range) are
//! remembered; highlighting is then a comparison of stems.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::sync::OnceLock;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

/// A piece of text with byte ranges to highlight.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

/// How far before the first match a snippet may start, in bytes.
const CONTEXT_BYTES: usize = 40;

/// One word of a text: its stem and where it is.
pub struct Token {
    stem: Box<str>,
    from: usize,
    to: usize,
}

/// The tokens of a text, made when first asked for.
#[derive(Default)]
pub struct Tokens(OnceLock<Vec<Token>>);

impl Tokens {
    /// The tokens of `text` (always the same text for one `Tokens`), made by `analyzer`
    /// the first time.
    pub fn get(&self, analyzer: &TextAnalyzer, text: &str) -> &[Token] {
        self.0.get_or_init(|| {
            let mut analyzer = analyzer.clone();
            let mut stream = analyzer.token_stream(text);
            let mut out = Vec::new();
            while let Some(t) = stream.next() {
                out.push(Token { stem: t.text.as_str().into(), from: t.offset_from, to: t.offset_to });
            }
            out
        })
    }
}

/// Byte ranges of the words whose stem is one of `terms`.
pub fn marks(tokens: &[Token], terms: &BTreeSet<String>) -> Vec<(usize, usize)> {
    tokens.iter().filter(|t| terms.contains(&*t.stem)).map(|t| (t.from, t.to)).collect()
}

/// The stretch of `text` (of which `tokens` are the words), at most `max_bytes` long,
/// whole words, with the most distinct terms (then the most matches, then the earliest)
/// and a few words before them; those terms marked, "…" where the text goes on. `None`
/// when no term is in the text.
pub fn snippet(text: &str, tokens: &[Token], terms: &BTreeSet<String>, max_bytes: usize) -> Option<Snippet> {
    let hit = |t: &Token| terms.contains(&*t.stem);
    let mut best: Option<((usize, usize), usize, usize)> = None; // (score, first, last)
    for (first, start) in tokens.iter().enumerate().filter(|(_, t)| hit(t)) {
        let mut distinct: BTreeSet<&str> = BTreeSet::new();
        let (mut matches, mut last) = (0, first);
        for (i, t) in tokens.iter().enumerate().skip(first) {
            if t.to - start.from > max_bytes {
                break;
            }
            last = i;
            if hit(t) {
                matches += 1;
                distinct.insert(&t.stem);
            }
        }
        let score = (distinct.len(), matches);
        if best.is_none_or(|(b, _, _)| score > b) {
            best = Some((score, first, last));
        }
    }
    let (_, first, last) = best?;
    let last_hit = (first..=last).rev().find(|&i| hit(&tokens[i])).unwrap_or(first);
    // A few words before the first match, for context, keeping every match.
    let mut from = tokens[first].from;
    for t in tokens[..first].iter().rev() {
        if tokens[last_hit].to - t.from > max_bytes || tokens[first].from - t.from > CONTEXT_BYTES {
            break;
        }
        from = t.from;
    }
    // Then as many words as fit; at the text's last word, what follows it (a full stop).
    let last = tokens.iter().rposition(|t| t.to - from <= max_bytes && t.from >= from).unwrap_or(last_hit);
    let end =
        if last + 1 == tokens.len() { text.len().min(from + max_bytes).max(tokens[last].to) } else { tokens[last].to };
    let end = floor_char_boundary(text, end);
    let (before, after) = (if from > 0 { "… " } else { "" }, if end < text.len() { " …" } else { "" });
    let highlights = tokens
        .iter()
        .filter(|t| t.from >= from && t.to <= end && hit(t))
        .map(|t| (t.from - from + before.len(), t.to - from + before.len()))
        .collect();
    Some(Snippet { text: format!("{before}{}{after}", &text[from..end]), highlights })
}

/// The opening of `text` (for an item none of whose texts has a term), at most
/// `max_bytes` long, cut between words, "…" where the text goes on.
pub fn opening(text: &str, max_bytes: usize) -> Snippet {
    if text.len() <= max_bytes {
        return Snippet { text: text.to_string(), highlights: Vec::new() };
    }
    let cut = floor_char_boundary(text, max_bytes);
    let cut = text[..cut].rfind(char::is_whitespace).filter(|&at| at > 0).unwrap_or(cut);
    Snippet { text: format!("{} …", text[..cut].trim_end()), highlights: Vec::new() }
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::analysis;

    fn tokens(text: &str) -> Vec<Token> {
        let t = Tokens::default();
        t.get(&analysis::italian(), text);
        t.0.into_inner().unwrap()
    }

    fn terms(words: &[&str]) -> BTreeSet<String> {
        let mut a = analysis::italian();
        words.iter().flat_map(|w| analysis::tokens(&mut a, w)).collect()
    }

    #[test]
    fn marks_every_form_of_a_stemmed_word() {
        let text = "Nuove piste ciclabili e una pista in centro";
        let marked: Vec<&str> = marks(&tokens(text), &terms(&["pista"])).iter().map(|&(s, e)| &text[s..e]).collect();
        assert_eq!(marked, ["piste", "pista"]);
    }

    #[test]
    fn the_snippet_holds_the_most_terms_and_marks_them() {
        let text = format!(
            "Asili nido comunali. {} Nuovi asili nido e scuole dell'infanzia in città.",
            "Altro testo. ".repeat(30)
        );
        let words = tokens(&text);
        let s = snippet(&text, &words, &terms(&["asili", "scuola"]), 80).unwrap();
        assert!(s.text.starts_with("… "), "{}", s.text);
        assert!(s.text.contains("Nuovi asili nido e scuole dell'infanzia"), "{}", s.text);
        assert!(s.text.len() <= 80 + "… ".len());
        let marked: Vec<&str> = s.highlights.iter().map(|&(a, b)| &s.text[a..b]).collect();
        assert_eq!(marked, ["asili", "scuole"]);
        assert!(snippet(&text, &words, &terms(&["bicicletta"]), 80).is_none());
    }

    #[test]
    fn a_snippet_starts_a_few_words_before_the_match_and_says_where_the_text_goes_on() {
        let text = format!(
            "{}la nuova pista ciclabile di corso Francia {}",
            "Parole prima. ".repeat(10),
            "e dopo ".repeat(40)
        );
        let s = snippet(&text, &tokens(&text), &terms(&["ciclabile"]), 100).unwrap();
        assert!(s.text.starts_with("… "), "{}", s.text);
        assert!(s.text.ends_with(" …"), "{}", s.text);
        let (a, b) = s.highlights[0];
        assert_eq!(&s.text[a..b], "ciclabile");
        assert!(a > 10 && a < 4 + CONTEXT_BYTES + 4, "{}", s.text);
    }

    #[test]
    fn an_opening_ends_between_words() {
        assert_eq!(opening("Breve testo.", 40).text, "Breve testo.");
        let long = "Realizzare interventi infrastrutturali nell'ambito del Biciplan";
        let o = opening(long, 30);
        assert_eq!(o.text, "Realizzare interventi …");
        assert!(o.highlights.is_empty());
        // No space to cut at: cut inside the word, on a character boundary.
        assert_eq!(opening("àààààà", 5).text, "àà …");
    }

    #[test]
    fn a_match_near_the_end_keeps_the_words_before_it() {
        let text = "Il programma prevede la manutenzione ordinaria del verde pubblico";
        let s = snippet(text, &tokens(text), &terms(&["pubblico"]), 40).unwrap();
        assert_eq!(s.text, "… ordinaria del verde pubblico");
        let (a, b) = s.highlights[0];
        assert_eq!(&s.text[a..b], "pubblico");
    }
}
