//! HTML written as strings, without Yew: escaping, the question's words marked, the
//! status badges' classes and the result list. The interface (`components`) and the
//! first answer ([`crate::first`], a module without Yew) write the same list with it.
//!
//! The list is written as one string and parsed by the browser in one go: each
//! keystroke changes most of its words and marks, and patching them node by node
//! from WebAssembly took longer than the search itself.

use rendiconto_search::{Hit, ItemKind, SearchResponse};
use rendiconto_web_core::i18n::{not_found_note, partial_note, t, Key, Lang};
use rendiconto_web_core::Location;

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

/// Badge colour class for a status as printed ("In corso", "Concluso (React)"…).
pub fn status_class(status: &str) -> &'static str {
    let s = status.to_lowercase();
    if s.starts_with("concluso") {
        "badge badge-done"
    } else if s.starts_with("in corso") {
        "badge badge-progress"
    } else if s.starts_with("avviato") {
        "badge badge-started"
    } else {
        "badge badge-other"
    }
}

/// The result lists as HTML. When some results hold every word and some only a few,
/// the second kind follow in a list of their own under a heading (screen readers
/// count each list's items right, and the heading can be jumped to).
pub fn list_html(lang: Lang, here: &Location, hits: &[Hit], complete: usize) -> String {
    let split = if complete > 0 { hits.iter().position(|h| !h.complete).unwrap_or(hits.len()) } else { hits.len() };
    let (first, rest) = hits.split_at(split);
    let mut out = String::with_capacity(512 * hits.len() + 128);
    out.push_str("<ol class=\"results\">");
    first.iter().for_each(|h| out.push_str(&item_html(lang, here, h)));
    out.push_str("</ol>");
    if !rest.is_empty() {
        out.push_str("<h2 class=\"partial-divider\" id=\"partial-divider\">");
        escape_into(&mut out, t(lang, Key::PartialDivider));
        out.push_str(&format!("</h2><ol class=\"results results-partial\" start=\"{}\">", first.len() + 1));
        rest.iter().for_each(|h| out.push_str(&item_html(lang, here, h)));
        out.push_str("</ol>");
    }
    out
}

/// One result as HTML, every text escaped. The list is written as one string and
/// parsed by the browser in one go: each keystroke changes most of its words and
/// marks, and patching them node by node from WebAssembly took longer than the
/// search itself.
fn item_html(lang: Lang, here: &Location, h: &Hit) -> String {
    let kind = match h.kind {
        ItemKind::IndicatorTable => Some(t(lang, Key::Table)),
        ItemKind::Activity => None,
    };
    let mut out = String::with_capacity(512);
    out.push_str("<li class=\"result\" data-id=\"");
    escape_into(&mut out, &h.id.to_string());
    out.push_str("\"><h2 class=\"result-title\"><a href=\"");
    escape_into(&mut out, &crate::delivery::href(&here.with_open(h.id)));
    out.push_str("\">");
    out.push_str(&marked_html(&h.title, &h.title_highlights));
    out.push_str("</a></h2><p class=\"path\">");
    let path = format!(
        "{} {} › {} {}: {}",
        t(lang, Key::Mission),
        h.mission,
        t(lang, Key::Program),
        h.program,
        h.program_title
    );
    escape_into(&mut out, &path);
    out.push_str("</p>");
    if let Some(s) = &h.status {
        out.push_str(&format!("<span class=\"{}\">", status_class(s)));
        escape_into(&mut out, s);
        out.push_str("</span>");
    }
    if let Some(k) = kind {
        out.push_str("<span class=\"badge badge-other\">");
        escape_into(&mut out, k);
        out.push_str("</span>");
    }
    if h.waiting {
        // Its programme's texts are on their way: the snippet's place is kept (the
        // list does not move when it comes) and hidden from screen readers.
        out.push_str("<p class=\"snippet snippet-waiting\" aria-hidden=\"true\"></p>");
    } else if !h.snippet.text.is_empty() {
        out.push_str("<p class=\"snippet\">");
        out.push_str(&marked_html(&h.snippet.text, &h.snippet.highlights));
        out.push_str("</p>");
    }
    out.push_str("</li>");
    out
}

/// What became of the question's words, said under the count: only a few of the words
/// were found together (`partial`), some not at all (`not_found`), or synonyms were
/// searched too (`synonyms`, the words).
pub struct Notes {
    pub partial: Option<String>,
    pub not_found: Option<String>,
    pub synonyms: Option<String>,
}

impl Notes {
    pub fn of(lang: Lang, r: &SearchResponse) -> Notes {
        let missing = r.not_found();
        let content_words = r.words.iter().filter(|w| !w.stop).count();
        let partial = (r.total > 0 && r.complete == 0 && content_words >= 2).then(|| partial_note(lang, &missing));
        let not_found =
            (partial.is_none() && r.total > 0 && !missing.is_empty()).then(|| not_found_note(lang, &missing));
        let synonyms = Some(r.synonyms().join(", ")).filter(|s| !s.is_empty());
        Notes { partial, not_found, synonyms }
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
