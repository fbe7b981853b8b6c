//! A programme: where it stands, who is involved, what the council asked, what was done.

use super::downloads::Downloads;
use super::indicators::IndicatorTableView;
use super::nav::{Breadcrumb, Link, Nav};
use super::status_bar::StatusBar;
use crate::markup::status_class;
use rendiconto_search::Facet;
use rendiconto_web_core::content::ProgramView;
use rendiconto_web_core::export::{ExportFormat, ExportScope};
use rendiconto_web_core::i18n::{activities_count, source_page, t, Key};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub view: ProgramView,
    pub on_export: Callback<(ExportScope, ExportFormat)>,
}

#[component]
pub fn ProgramPage(props: &Props) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let lang = nav.lang;
    let v = &props.view;
    let mission = v.id.mission;
    let p = &v.program;
    let title = format!("{} {}.{}: {}", t(lang, Key::Program), mission, p.number, p.title);
    let trail = vec![
        (format!("{} {}", t(lang, Key::Mission), mission), Some(nav.here.with_mission(v.id.mission()))),
        (format!("{} {}.{}", t(lang, Key::Program), mission, p.number), None),
    ];
    html! {
        <article class="program" aria-labelledby="page-title">
            <Breadcrumb {trail} />
            <h1 id="page-title" tabindex="-1">{title}</h1>
            <p class="path">{format!("{} {}: {}", t(lang, Key::Mission), mission, v.mission_title)}</p>
            <p class="source">{t(lang, Key::Source)}{": "}{source_page(lang, p.page)}{" · "}{activities_count(lang, p.activities.len())}</p>
            <StatusBar counts={v.statuses.clone()} scope={vec![(Facet::Programma, format!("{}.{}", mission, p.number))]}
                unstated={nav.here.with_program(v.id)} label={t(lang, Key::StateOfPlay)} />
            <Downloads {lang} scope={ExportScope::Program(v.id)} label={Key::DownloadProgram} on_export={props.on_export.clone()} print=true />
            <dl class="facts">
                <dt>{t(lang, Key::Units)}</dt>
                <dd><ul class="plain">{ for p.units.iter().map(|u| html! { <li>{u.clone()}</li> }) }</ul></dd>
                <dt>{t(lang, Key::Stakeholders)}</dt>
                <dd><ul class="plain">{ for p.stakeholders.iter().map(|u| html! { <li>{u.clone()}</li> }) }</ul></dd>
            </dl>
            if !p.lines.is_empty() {
                <section>
                    <h2>{t(lang, Key::CouncilLines)}</h2>
                    <ol class="council-lines">
                    { for p.lines.iter().map(|l| html! {
                        <li value={l.number.parse::<u32>().map(|n| n.to_string()).unwrap_or_default()}>
                            <strong>{format!("{}. ", l.number)}</strong>{l.text.clone()}
                            if let Some(a) = &l.agenda2030 { <span class="tag">{format!("Agenda 2030: {a}")}</span> }
                            if let Some(m) = &l.pnrr { <span class="tag">{format!("PNRR: {m}")}</span> }
                        </li>
                    }) }
                    </ol>
                </section>
            }
            if !p.activities.is_empty() {
                <section>
                    <h2 id="attivita">{t(lang, Key::Activities)}</h2>
                    <ul class="activity-list">
                    { for p.activities.iter().map(|a| html! {
                        <li data-id={a.id.to_string()}>
                            <Link to={nav.here.with_open(a.id.into())}>{a.title().to_string()}</Link>
                            { for a.statuses.iter().map(|s| html! { <span class={status_class(s)}>{s.clone()}</span> }) }
                        </li>
                    }) }
                    </ul>
                </section>
            }
            if !p.indicator_tables.is_empty() {
                <section>
                    <h2>{t(lang, Key::IndicatorTables)}</h2>
                    { for p.indicator_tables.iter().map(|tb| html! { <IndicatorTableView {lang} table={tb.clone()} /> }) }
                </section>
            }
        </article>
    }
}
