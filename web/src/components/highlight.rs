//! Marked text as a node, for the pages Yew renders (an opened activity): the same
//! HTML as the result list's ([`crate::markup::marked_html`]).

use crate::markup::marked_html;
use yew::{AttrValue, Html};

/// `text` with `ranges` in `<mark>`, as a node: plain text when nothing is marked,
/// else the escaped HTML of [`marked_html`].
pub fn marked(text: &str, ranges: &[(usize, usize)]) -> Html {
    if ranges.is_empty() {
        return Html::from(text.to_string());
    }
    Html::from_html_unchecked(AttrValue::from(marked_html(text, ranges)))
}
