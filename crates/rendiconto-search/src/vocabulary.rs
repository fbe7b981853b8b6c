//! The index's folded words with their document frequency, as a file of the index
//! pack ([`PACK_FILE`]): the indexer counts them ([`count`]) and writes them
//! ([`to_text`]); the engine reads them ([`parse`]) for completions, corrections and
//! "Forse cercavi" (`engine::suggestions`). Only the words and their counts are ever
//! read, so a tantivy field (its term dictionary and postings) would be dead weight in
//! the browser's download (docs/index-parts.md).

use crate::analysis;
use crate::items::{Item, TextField};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;

/// The vocabulary's file in the index pack: one `word<TAB>items` line per word, in byte
/// order (`items`: how many items hold the word).
pub const PACK_FILE: &str = "rendiconto-vocabulary.txt";

/// The folded words ([`analysis::folded`]) of the items' titles and five texts, each with
/// the number of items holding it, in byte order.
pub fn count(items: &[Item]) -> Vec<(String, u32)> {
    let mut fold = analysis::folded();
    let mut items_holding: BTreeMap<String, u32> = BTreeMap::new();
    let mut words = BTreeSet::new();
    for item in items {
        for text in std::iter::once(item.title.as_str()).chain(TextField::ALL.iter().map(|t| t.text(item))) {
            words.extend(analysis::tokens(&mut fold, text));
        }
        for word in std::mem::take(&mut words) {
            *items_holding.entry(word).or_default() += 1;
        }
    }
    items_holding.into_iter().collect()
}

/// [`PACK_FILE`]'s text for `words` (in byte order, as [`count`] gives them).
pub fn to_text(words: &[(String, u32)]) -> String {
    let mut out = String::new();
    for (word, items) in words {
        let _ = writeln!(out, "{word}\t{items}");
    }
    out
}

/// Reads [`PACK_FILE`]'s text; an error names the line.
pub fn parse(text: &str) -> Result<Vec<(String, u32)>, String> {
    let mut words: Vec<(String, u32)> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let err = |what: &str| format!("line {}: {what}", n + 1);
        let (word, items) = line.split_once('\t').ok_or_else(|| err("expected a word, a tab and a count"))?;
        let items: u32 = items.parse().map_err(|_| err("the count is not a number"))?;
        if word.is_empty() || items == 0 {
            return Err(err("an empty word or a zero count"));
        }
        if words.last().is_some_and(|(last, _)| last.as_str() >= word) {
            return Err(err("the words are not in byte order"));
        }
        words.push((word.to_string(), items));
    }
    Ok(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pack_file_round_trips_and_names_a_bad_line() {
        let words: Vec<(String, u32)> =
            [("biblioteca", 9), ("città", 1), ("è", 2)].map(|(w, n)| (w.into(), n)).to_vec();
        let text = to_text(&words);
        assert_eq!(text, "biblioteca\t9\ncittà\t1\nè\t2\n");
        assert_eq!(parse(&text).unwrap(), words);
        assert_eq!(parse("").unwrap(), []);
        assert_eq!(parse("a\t1\nb 2\n").unwrap_err(), "line 2: expected a word, a tab and a count");
        assert_eq!(parse("a\tx\n").unwrap_err(), "line 1: the count is not a number");
        assert_eq!(parse("a\t0\n").unwrap_err(), "line 1: an empty word or a zero count");
        assert_eq!(parse("b\t1\na\t1\n").unwrap_err(), "line 2: the words are not in byte order");
        assert_eq!(parse("a\t1\na\t2\n").unwrap_err(), "line 2: the words are not in byte order");
    }
}
