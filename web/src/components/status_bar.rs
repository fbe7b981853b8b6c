//! Where a group of activities stands: one bar, a segment per status (concluded, in
//! progress, started, the others, and "no status given"), as plain SVG, and under it
//! the same counts as text links. Each segment and each count leads to those
//! activities: the list filtered by status and by the mission or programme, or, for
//! the activities with no status (no filter names them), the page that lists them.
//! The SVG is a picture for the eye (hidden from screen readers, its links out of the
//! tab order); the legend is what keyboards and screen readers use.

use super::nav::{is_plain_click, parse_href, Link, Nav};
use crate::markup::status_class;
use rendiconto_search::Facet;
use rendiconto_web_core::i18n::{activities_count, t, Key};
use rendiconto_web_core::statuses::StatusCounts;
use rendiconto_web_core::Location;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub counts: StatusCounts,
    /// The filters naming the group (none for the whole report).
    #[prop_or_default]
    pub scope: Vec<(Facet, String)>,
    /// Where the activities without a status are listed.
    pub unstated: Location,
    /// What the bar is about ("Stato di attuazione").
    pub label: AttrValue,
    /// A larger bar (the page's own), or a slim one (a mission on the home).
    #[prop_or_default]
    pub slim: bool,
}

#[component]
pub fn StatusBar(props: &Props) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let lang = nav.lang;
    let total = props.counts.total();
    if total == 0 {
        return html! {};
    }
    let target = |status: &Option<String>| match status {
        Some(s) => {
            let mut filters = props.scope.clone();
            filters.push((Facet::Stato, s.clone()));
            nav.here.filtered(filters)
        }
        None => props.unstated.clone(),
    };
    let name = |status: &Option<String>| status.clone().unwrap_or_else(|| t(lang, Key::NoStatus).to_string());
    let class = |status: &Option<String>| match status {
        Some(s) => status_class(s).replace("badge badge-", "seg-"),
        None => "seg-none".to_string(),
    };
    // Segments in percent of the width; each at least a sliver, so that one activity
    // of five hundred is still seen.
    let mut x = 0.0;
    let segments: Vec<Html> = props
        .counts
        .0
        .iter()
        .map(|(status, n)| {
            let w = (*n as f64 / total as f64 * 100.0).max(0.6);
            let at = x;
            x += w;
            html! {
                <a href={crate::delivery::href(&target(status))} tabindex="-1">
                    <rect class={class(status)} x={format!("{at:.2}")} y="0" width={format!("{w:.2}")} height="10" />
                </a>
            }
        })
        .collect();
    // Clicks on the picture's links navigate in place, as the legend's do.
    let onclick = {
        let dispatch = nav.dispatch.clone();
        Callback::from(move |e: MouseEvent| {
            if !is_plain_click(&e) {
                return;
            }
            let link = e.target_dyn_into::<web_sys::Element>().and_then(|t| t.closest("a").ok().flatten());
            if let Some(href) = link.and_then(|a| a.get_attribute("href")) {
                e.prevent_default();
                dispatch.emit(rendiconto_web_core::state::Action::Open(parse_href(&href)));
            }
        })
    };
    html! {
        <div class={classes!("status-bar", props.slim.then_some("slim"))}>
            <p class="status-bar-label">{props.label.clone()}{": "}{activities_count(lang, total)}</p>
            <svg class="bar" viewBox={format!("0 0 {:.2} 10", x.max(100.0))} preserveAspectRatio="none"
                aria-hidden="true" focusable="false" {onclick}>
                { for segments }
            </svg>
            <ul class="status-legend">
                { for props.counts.0.iter().map(|(status, n)| html! {
                    <li>
                        <Link to={target(status)}>
                            <span class={classes!("swatch", class(status))} aria-hidden="true"></span>
                            {format!("{}: {n}", name(status))}
                        </Link>
                    </li>
                }) }
            </ul>
        </div>
    }
}
