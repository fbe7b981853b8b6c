//! A mission: where its activities stand, and its programmes.

use super::nav::{Breadcrumb, Link, Nav};
use super::status_bar::StatusBar;
use crate::markup::status_class;
use rendiconto_model::MissionId;
use rendiconto_search::Facet;
use rendiconto_web_core::content::MissionSummary;
use rendiconto_web_core::i18n::programmes_count;
use rendiconto_web_core::i18n::{activities_count, source_page, t, Key, Lang};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub mission: MissionSummary,
}

#[component]
pub fn MissionPage(props: &Props) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let (lang, m) = (nav.lang, &props.mission);
    let trail = vec![(format!("{} {}", t(lang, Key::Mission), m.number), None)];
    html! {
        <article class="mission-page" aria-labelledby="page-title">
            <Breadcrumb {trail} />
            <h1 id="page-title" tabindex="-1">{format!("{} {}: {}", t(lang, Key::Mission), m.number, m.title)}</h1>
            <p class="source">{t(lang, Key::Source)}{": "}{source_page(lang, m.page)}{" · "}{programmes_count(lang, m.programs.len())}</p>
            <StatusBar counts={m.statuses.clone()} scope={vec![(Facet::Missione, m.number.to_string())]}
                unstated={nav.here.with_mission(MissionId(m.number))} label={t(lang, Key::StateOfPlay)} />
            <h2>{t(lang, Key::Programmes)}</h2>
            {program_cards(lang, &nav, m)}
        </article>
    }
}

/// A mission's programmes as cards: link, number of activities, count per status (the
/// mission page and the home).
pub fn program_cards(lang: Lang, nav: &Nav, m: &MissionSummary) -> Html {
    html! {
        <ul class="programs">
        { for m.programs.iter().map(|p| html! {
            <li class="program-card" data-id={p.id.to_string()}>
                <Link to={nav.here.with_program(p.id)}>
                    {format!("{} {}.{}: {}", t(lang, Key::Program), m.number, p.number, p.title)}
                </Link>
                <p class="meta">
                    {activities_count(lang, p.activities)}
                    { for p.statuses.iter().map(|(s, n)| {
                        let label = if s == "-" { t(lang, Key::NoStatus).to_string() } else { s.clone() };
                        html! { <span class={status_class(s)}>{format!("{label}: {n}")}</span> }
                    }) }
                </p>
            </li>
        }) }
        </ul>
    }
}
