//! With no query: the report's structure, mission by mission.

use super::downloads::Downloads;
use super::nav::{Link, Nav};
use super::results::status_class;
use crate::i18n::{activities_count, t, Key};
use crate::views::{ExportFormat, ExportScope, MissionSummary};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub missions: Option<Vec<MissionSummary>>,
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
            <Downloads {lang} scope={ExportScope::Everything} label={Key::DownloadAll} on_export={props.on_export.clone()} />
            <h2>{t(lang, Key::Browse)}</h2>
            if let Some(missions) = &props.missions {
                <ul class="missions">
                { for missions.iter().map(|m| html! {
                    <li class="mission" id={format!("missione-{}", m.number)}>
                        <h3>{format!("{} {}: {}", t(lang, Key::Mission), m.number, m.title)}</h3>
                        <ul class="programs">
                        { for m.programs.iter().map(|p| html! {
                            <li class="program-card" data-id={p.id.clone()}>
                                <Link to={nav.here.with_program(&p.id)}>
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
                    </li>
                }) }
                </ul>
            }
        </div>
    }
}
