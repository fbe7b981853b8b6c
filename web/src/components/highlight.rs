use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub text: AttrValue,
    /// Byte ranges to mark, sorted, not overlapping.
    pub ranges: Vec<(usize, usize)>,
}

/// Text with the matched words in `<mark>`; ranges that do not fall on character
/// boundaries are ignored rather than trusted.
#[component]
pub fn Highlight(props: &Props) -> Html {
    let text = props.text.as_str();
    let mut parts: Vec<Html> = Vec::new();
    let mut at = 0;
    for &(s, e) in &props.ranges {
        if s < at || e > text.len() || s >= e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
            continue;
        }
        parts.push(html! { {text[at..s].to_string()} });
        parts.push(html! { <mark>{text[s..e].to_string()}</mark> });
        at = e;
    }
    parts.push(html! { {text[at..].to_string()} });
    html! { <>{for parts}</> }
}
