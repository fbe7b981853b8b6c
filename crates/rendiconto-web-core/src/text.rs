//! Cutting long texts for the places that need them short (titles, previews).

/// At most `n` characters, cut at a word and ended with "…" (the "…" counts).
/// Trailing punctuation before the cut goes, so no ",…" or ":…" remain.
pub fn clip(s: &str, n: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= n {
        return s.to_string();
    }
    let cut: String = s.chars().take(n.saturating_sub(1)).collect();
    // A word cut in the middle goes whole, unless it is the only one.
    let whole_words = match s.chars().nth(cut.chars().count()) {
        Some(c) if c.is_whitespace() => cut.as_str(),
        _ => cut.rsplit_once(char::is_whitespace).map(|(a, _)| a).unwrap_or(&cut),
    };
    format!("{}…", whole_words.trim_end_matches([',', ';', ':', '.', ' ', '–', '-', '—']).trim_end())
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn cuts_at_a_word_within_the_limit() {
        assert_eq!(clip("asili nido", 70), "asili nido");
        assert_eq!(clip("  spazi  ", 5), "spazi");
        let long = "Miglioramento della redazione degli atti deliberativi, con particolare riferimento alla qualità";
        let c = clip(long, 70);
        assert!(c.chars().count() <= 70, "{c}");
        assert_eq!(c, "Miglioramento della redazione degli atti deliberativi, con…");
        // The cut falls exactly before a space: the last word stays.
        assert_eq!(clip("uno due tre", 8), "uno due…");
        assert_eq!(clip("uno, due tre", 7), "uno…");
        // One word longer than the limit is cut inside it.
        assert_eq!(clip("precipitevolissimevolmente", 10), "precipite…");
    }
}
