//! A part of a prerendered page hydrated after the rest, in a task of its own
//! (`platform::hydration`). Until then the prerendered HTML stays on screen as it was
//! (Yew keeps a suspended part's server-rendered nodes, and hydrates a copy of them
//! aside); its links work as plain links meanwhile.

use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub children: Html,
}

/// `children`, put off while the page hydrates (see [`later`]).
#[component]
fn PutOff(props: &Props) -> HtmlResult {
    let wait = use_state(crate::platform::hydration::put_off);
    match &*wait {
        Some(suspension) if !suspension.resumed() => Err(suspension.clone().into()),
        _ => Ok(props.children.clone()),
    }
}

/// `children` hydrated in a later task: their components render, and their elements are
/// hydrated, when the part's turn comes. The caller builds their virtual DOM at once:
/// pass a component, not a big tree of plain elements.
pub fn later(children: Html) -> Html {
    html! {
        <Suspense fallback={Html::default()}>
            <PutOff>{children}</PutOff>
        </Suspense>
    }
}
