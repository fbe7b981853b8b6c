//! Table cells sometimes hold HTML fragments (`<p>`, `<ul>`, `<li>`, inline styles).
//! They become plain paragraphs; nothing but the markup is dropped.

use regex::Regex;
use std::sync::LazyLock;

static BLOCK_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)</?(p|ul|ol|li|br|div|h[1-6])\b[^>]*>").unwrap());
static ANY_TAG: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"</?[a-zA-Z][^>]*>").unwrap());
static SPACES: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+").unwrap());

/// Splits a cell into its paragraphs: block tags separate paragraphs, other tags are
/// dropped, entities decoded, whitespace collapsed, empty paragraphs removed.
pub fn paragraphs(raw: &str) -> Vec<String> {
    let marked = BLOCK_TAG.replace_all(raw, "\u{1}");
    let plain = ANY_TAG.replace_all(&marked, " ");
    plain
        .split('\u{1}')
        .map(|p| SPACES.replace_all(&decode_entities(p), " ").trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// The cell as one plain text (paragraphs joined by newlines); `None` when empty.
pub fn cell_text(raw: &str) -> Option<String> {
    let ps = paragraphs(raw);
    (!ps.is_empty()).then(|| ps.join("\n"))
}

/// Removes markup only, for counting the words of a source line.
pub fn strip_tags(raw: &str) -> String {
    decode_entities(&ANY_TAG.replace_all(raw, " "))
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    s.replace("&nbsp;", " ")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_and_lists_become_plain_text() {
        // Cut from line 150 of the report.
        let raw = r#"<p>2022</p> <ul style="list-style-type: none"> - Pubblicazione sulle pagine Intracom</ul>"#;
        assert_eq!(paragraphs(raw), vec!["2022", "- Pubblicazione sulle pagine Intracom"]);
        assert_eq!(cell_text("<p>A &amp; B</p> <p>C</p>").as_deref(), Some("A & B\nC"));
        assert_eq!(cell_text("  "), None);
        assert_eq!(cell_text("<p> </p>"), None);
    }

    #[test]
    fn plain_cells_are_trimmed_and_collapsed() {
        assert_eq!(cell_text("  In   corso ").as_deref(), Some("In corso"));
    }
}
