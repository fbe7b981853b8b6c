//! With no query: the report's structure, mission by mission.

use super::downloads::Downloads;
use super::later::later;
use super::mission::program_cards;
use super::nav::{Link, Nav};
use super::status_bar::StatusBar;
use rendiconto_model::MissionId;
use rendiconto_search::Facet;
use rendiconto_web_core::content::MissionSummary;
use rendiconto_web_core::export::{ExportFormat, ExportScope};
use rendiconto_web_core::i18n::{t, Key};
use rendiconto_web_core::statuses::StatusCounts;
use rendiconto_web_core::Route;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub missions: Vec<MissionSummary>,
    pub on_export: Callback<(ExportScope, ExportFormat)>,
}

#[component]
pub fn Home(props: &Props) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let lang = nav.lang;
    html! {
        <div class="home">
            <h1 id="page-title">{t(lang, Key::Subtitle)}</h1>
            <p class="lead">{t(lang, Key::BrowseIntro)}</p>
            // The state of play and the downloads, each hydrated in a task of its own too:
            // the page's first task hydrates the frame alone (on a slow phone, the first
            // run of each component's code is compiled then, which doubles its cost).
            {later(html! { <StatusBar counts={StatusCounts::sum(props.missions.iter().map(|m| &m.statuses))}
                unstated={nav.here.home()} label={t(lang, Key::StateOfPlayReport)} /> })}
            {later(html! { <Downloads {lang} scope={ExportScope::Everything} label={Key::DownloadAll} on_export={props.on_export.clone()} /> })}
            <h2 id="missioni">{t(lang, Key::Browse)}</h2>
            // Each mission hydrated in a task of its own (`later`): the home's longest part.
            <ul class="missions">
                { for props.missions.iter().map(|m| later(html! { <MissionItem mission={m.clone()} /> })) }
            </ul>
            <p><a href={crate::delivery::href(&nav.here.at(Route::OpenData))}>{t(lang, Key::OpenData)}</a></p>
        </div>
    }
}

#[derive(Properties, PartialEq)]
struct MissionProps {
    mission: MissionSummary,
}

/// One mission on the home: its state of play and its programmes.
#[component]
fn MissionItem(props: &MissionProps) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let (lang, m) = (nav.lang, &props.mission);
    html! {
        <li class="mission" id={format!("missione-{}", m.number)}>
            <h3><Link to={nav.here.with_mission(MissionId(m.number))}>{format!("{} {}: {}", t(lang, Key::Mission), m.number, m.title)}</Link></h3>
            <StatusBar counts={m.statuses.clone()} scope={vec![(Facet::Missione, m.number.to_string())]}
                unstated={nav.here.with_mission(MissionId(m.number))} label={t(lang, Key::StateOfPlay)} slim=true />
            {program_cards(lang, &nav, m)}
        </li>
    }
}
