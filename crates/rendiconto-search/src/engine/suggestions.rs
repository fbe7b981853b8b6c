//! The index's folded words at query time: completions of the word being typed,
//! corrections of a mistyped one, and the "Forse cercavi" suggestion. The words and
//! their counts come from the index pack's file ([`crate::vocabulary`]).

/// How many completions or corrections a word may expand to.
const MAX_VARIANTS: usize = 12;

/// The folded words of the index in byte order, with the number of items holding each.
#[derive(Default)]
pub struct Vocabulary {
    words: Vec<(String, u32)>,
}

/// `words`, most frequent first, at most [`MAX_VARIANTS`].
fn most_frequent<'a>(words: impl Iterator<Item = &'a (String, u32)>) -> Vec<String> {
    let mut found: Vec<&(String, u32)> = words.collect();
    found.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    found.into_iter().take(MAX_VARIANTS).map(|(w, _)| w.clone()).collect()
}

impl Vocabulary {
    /// `words` in any order (they are sorted by bytes).
    pub fn new(mut words: Vec<(String, u32)>) -> Vocabulary {
        words.sort_unstable();
        Vocabulary { words }
    }

    /// The most frequent whole words that start with `prefix` (not `prefix` itself).
    pub fn completions(&self, prefix: &str) -> Vec<String> {
        // In byte order, the words with the prefix are together.
        let start = self.words.partition_point(|(w, _)| w.as_str() < prefix);
        let run = self.words[start..].iter().take_while(|(w, _)| w.starts_with(prefix));
        most_frequent(run.filter(|(w, _)| w != prefix))
    }

    /// Words one edit (insertion, deletion, substitution, transposition) away.
    /// As spelling checkers do (Lucene's `DirectSpellChecker`, `minPrefix` 1), the first
    /// letter is taken as typed: slips there are rare, and without it short words
    /// drift far ("butto" → "tutto"). Function words are never a correction.
    pub fn corrections(&self, word: &str) -> Vec<String> {
        most_frequent(self.candidates(word).filter(|(cand, _)| within_one_edit(word, cand)))
    }

    /// The words that could be a correction of `word`: same first letter, not `word`,
    /// not a function word.
    fn candidates<'a>(&'a self, word: &'a str) -> impl Iterator<Item = &'a (String, u32)> {
        let first = word.chars().next().map(|c| c.len_utf8()).map_or("", |n| &word[..n]);
        let start = self.words.partition_point(|(w, _)| w.as_str() < first);
        self.words[start..]
            .iter()
            .take_while(move |(w, _)| w.starts_with(first))
            .filter(move |(w, _)| w != word && !crate::analysis::is_function_word(w))
    }

    /// The word a person most likely meant by `word`, which the index lacks: the most
    /// frequent word one edit away, else (for words of 7 letters or more, where two
    /// slips are common) two edits away.
    pub fn closest(&self, word: &str) -> Option<String> {
        if let Some(w) = self.corrections(word).into_iter().next() {
            return Some(w);
        }
        if word.chars().count() < 7 {
            return None;
        }
        let a: Vec<char> = word.chars().collect();
        let near = self.candidates(word).filter(|(cand, _)| {
            cand.len().abs_diff(word.len()) <= 8 && edit_distance(&a, &cand.chars().collect::<Vec<_>>(), 2) <= 2
        });
        most_frequent(near).into_iter().next()
    }

    /// The most frequent word of at least `min_len` bytes.
    pub fn most_frequent_long(&self, min_len: usize) -> Option<&str> {
        self.words.iter().filter(|(w, _)| w.len() >= min_len).max_by_key(|(_, n)| *n).map(|(w, _)| w.as_str())
    }
}

/// Damerau–Levenshtein distance ≤ 1. Runs against the whole vocabulary, so it
/// allocates nothing for ASCII words (the folded vocabulary nearly always is) and
/// rejects lengths that differ too much before looking at characters.
pub fn within_one_edit(a: &str, b: &str) -> bool {
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

/// Optimal-string-alignment distance, stopping early once every path exceeds `max`
/// (then it returns `max + 1`).
fn edit_distance(a: &[char], b: &[char], max: usize) -> usize {
    if a.len().abs_diff(b.len()) > max {
        return max + 1;
    }
    let mut rows = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for j in 0..=b.len() {
        rows[0][j] = j;
    }
    for i in 1..=a.len() {
        let mut best = usize::MAX;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[i - 1][j] + 1).min(rows[i][j - 1] + 1).min(rows[i - 1][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = d;
            best = best.min(d);
        }
        if best > max {
            return max + 1;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn edit_distance_counts_up_to_the_bound() {
        let d = |a: &str, b: &str| edit_distance(&a.chars().collect::<Vec<_>>(), &b.chars().collect::<Vec<_>>(), 2);
        assert_eq!(d("biblioteca", "biblioteca"), 0);
        assert_eq!(d("bibliotca", "biblioteca"), 1);
        assert_eq!(d("bilbioteca", "biblioteca"), 1);
        assert_eq!(d("bibliotecha", "biblioteche"), 1);
        assert_eq!(d("bliblioteka", "biblioteca"), 2);
        assert_eq!(d("manutenzione", "biblioteca"), 3);
    }

    #[test]
    fn completions_corrections_and_the_closest_word() {
        let v = Vocabulary::new(
            [("biblioteca", 9), ("biblioteche", 20), ("bici", 3), ("biciclette", 5), ("bilancio", 40)]
                .map(|(w, n)| (w.to_string(), n))
                .to_vec(),
        );
        assert_eq!(v.completions("bi"), ["bilancio", "biblioteche", "biblioteca", "biciclette", "bici"]);
        assert_eq!(v.completions("bici"), ["biciclette"]);
        assert_eq!(v.corrections("biblioteka"), ["biblioteca"]);
        // The first letter stays: "vici" is not corrected to "bici".
        assert!(v.corrections("vici").is_empty());
        assert_eq!(v.closest("bibbliotecca").as_deref(), Some("biblioteca"));
        assert_eq!(v.closest("zzz"), None);
        assert_eq!(v.most_frequent_long(6), Some("bilancio"));
    }
}
