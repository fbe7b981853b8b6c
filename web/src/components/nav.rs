//! In-app links: real `href`s (open in a new tab, copy, share) that navigate in place.

use super::downloads::DataMissing;
use crate::delivery;
use rendiconto_web_core::i18n::{t, Key, Lang};
use rendiconto_web_core::state::Action;
use rendiconto_web_core::Location;
use yew::prelude::*;

/// What every link and control needs: where we are, in which language, and how to act
/// (every gesture is an [`Action`] on the app's state).
#[derive(Clone, PartialEq)]
pub struct Nav {
    pub here: Location,
    pub lang: Lang,
    pub dispatch: Callback<Action>,
}

/// Where a link of the app leads: its `href` (relative to the site's root, or a
/// query string on the same file) read back as a location.
pub fn parse_href(href: &str) -> Location {
    let href = href.split('#').next().unwrap_or_default();
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    Location::parse(path.trim_start_matches("./"), query)
}

/// A plain left click, which the app handles in place; new-tab and modified clicks
/// stay with the browser.
pub fn is_plain_click(e: &MouseEvent) -> bool {
    !(e.ctrl_key() || e.meta_key() || e.shift_key() || e.alt_key() || e.button() != 0)
}

#[derive(Properties, PartialEq)]
pub struct LinkProps {
    pub to: Location,
    #[prop_or_default]
    pub class: Classes,
    #[prop_or_default]
    pub rel: Option<AttrValue>,
    #[prop_or_default]
    pub aria_current: Option<AttrValue>,
    #[prop_or_default]
    pub children: Html,
}

#[component]
pub fn Link(props: &LinkProps) -> Html {
    let nav = use_context::<Nav>().expect("Link inside the Nav context");
    // Without the report's data the app cannot show another page: on the web site the
    // browser opens its prerendered copy instead.
    let missing = use_context::<DataMissing>().unwrap_or_default().0 && delivery::current().uses_paths();
    let onclick = {
        let (dispatch, to) = (nav.dispatch.clone(), props.to.clone());
        Callback::from(move |e: MouseEvent| {
            if is_plain_click(&e) && !missing {
                e.prevent_default();
                dispatch.emit(Action::Open(to.clone()));
            }
        })
    };
    html! {
        <a href={delivery::href(&props.to)} class={props.class.clone()} rel={props.rel.clone()}
            aria-current={props.aria_current.clone()} {onclick}>{props.children.clone()}</a>
    }
}

#[derive(Properties, PartialEq)]
pub struct CrumbsProps {
    /// (label, destination) from the top; the last one is the current page.
    pub trail: Vec<(String, Option<Location>)>,
}

#[component]
pub fn Breadcrumb(props: &CrumbsProps) -> Html {
    let nav = use_context::<Nav>().expect("Breadcrumb inside the Nav context");
    let home = nav.here.home();
    html! {
        <nav class="breadcrumb" aria-label={t(nav.lang, Key::Breadcrumb)}>
            <ol>
                <li><Link to={home}>{t(nav.lang, Key::Home)}</Link></li>
                { for props.trail.iter().map(|(label, to)| html! {
                    <li>{ match to {
                        Some(to) => html! { <Link to={to.clone()}>{label.clone()}</Link> },
                        None => html! { <span aria-current="page">{label.clone()}</span> },
                    } }</li>
                }) }
            </ol>
        </nav>
    }
}
