//! Marked text as HTML: the result list is written as one HTML string (see
//! `results.rs`), so its texts are escaped here and the matched words put in `<mark>`.
//! [`marked`] gives the same as a node, for the pages Yew renders (an opened activity).

use yew::{AttrValue, Html};

/// `text` with `ranges` in `<mark>`, as a node: plain text when nothing is marked,
/// else the escaped HTML of [`marked_html`].
pub fn marked(text: &str, ranges: &[(usize, usize)]) -> Html {
    if ranges.is_empty() {
        return Html::from(text.to_string());
    }
    Html::from_html_unchecked(AttrValue::from(marked_html(text, ranges)))
}

/// `text` escaped, with `ranges` (byte ranges, sorted) in `<mark>`; ranges that are
/// out of order, overlapping or not on character boundaries are ignored rather than
/// trusted.
pub fn marked_html(text: &str, ranges: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(text.len() + 16 * ranges.len());
    let mut at = 0;
    for &(s, e) in ranges {
        if s < at || e > text.len() || s >= e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        escape_into(&mut out, &text[at..s]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[s..e]);
        out.push_str("</mark>");
        at = e;
    }
    escape_into(&mut out, &text[at..]);
    out
}

/// `text` escaped for HTML content and attribute values (see [`escape_into`]).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Text as HTML text content: the five characters that could open markup or an
/// attribute are written as entities.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::marked_html;

    #[test]
    fn marks_the_ranges_and_escapes_the_text() {
        let text = "Piste <ciclabili> & \"verde\"";
        assert_eq!(
            marked_html(text, &[(0, 5), (7, 16)]),
            "<mark>Piste</mark> &lt;<mark>ciclabili</mark>&gt; &amp; &quot;verde&quot;"
        );
    }

    #[test]
    fn bad_ranges_are_ignored() {
        let text = "città è";
        // Inside "à", past the end, overlapping, empty.
        assert_eq!(marked_html(text, &[(4, 5), (3, 99), (0, 2), (1, 2), (2, 2)]), "<mark>ci</mark>ttà è");
    }
}
