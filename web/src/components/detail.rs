//! An activity (or an indicator table) on its own page.

use super::highlight::marked;
use super::indicators::{IndicatorList, IndicatorTableView};
use super::nav::{Breadcrumb, Link, Nav};
use crate::markup::status_class;
use rendiconto_model::{Activity, ActivityId, ItemId};
use rendiconto_web_core::content::Detail;
use rendiconto_web_core::i18n::{source_page, t, Key};
use rendiconto_web_core::marks::{ranges_at, DetailMarks};
use std::rc::Rc;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub detail: Detail,
    /// The words of the question it was opened from, marked (empty without one).
    #[prop_or_default]
    pub marks: Rc<DetailMarks>,
}

#[component]
pub fn DetailView(props: &Props) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let lang = nav.lang;
    let back = html! {
        <p class="back no-print"><Link to={nav.here.results()}>{"← "}{t(lang, Key::BackToResults)}</Link></p>
    };
    let d = &props.detail;
    let (mission, program) = (d.program_id.mission(), d.program_id.program);
    let program_label = format!("{} {}.{}", t(lang, Key::Program), mission.0, program);
    let current = match &d.table {
        Some(tb) => tb.title.clone(),
        None => t(lang, Key::Activity).to_string(),
    };
    let trail = vec![
        (format!("{} {}", t(lang, Key::Mission), mission.0), Some(nav.here.with_mission(mission))),
        (program_label, Some(nav.here.with_program(d.program_id))),
        (current, None),
    ];
    html! {
        <article class="detail" id="detail" aria-labelledby="detail-title">
            <Breadcrumb {trail} />
            {back}
            if let Some(a) = &d.activity { <ActivityView activity={a.clone()} detail={d.clone()} marks={props.marks.clone()} /> }
            if let Some(tb) = &d.table {
                <h1 id="detail-title" tabindex="-1">{format!("{} – {}", tb.title, d.program_title)}</h1>
                <p class="path">{path(d, lang)}</p>
                <p class="source">{t(lang, Key::Source)}{": "}{source_page(lang, d.program_page)}{format!(" · {} {}–{}", t(lang, Key::SourceLines).to_lowercase(), tb.source_lines[0], tb.source_lines[1])}</p>
                <IndicatorTableView {lang} table={tb.clone()} level={2} marks={props.marks.indicators.clone()} />
            }
        </article>
    }
}

fn path(d: &Detail, lang: rendiconto_web_core::i18n::Lang) -> String {
    format!(
        "{} {}: {} › {} {}: {}",
        t(lang, Key::Mission),
        d.program_id.mission,
        d.mission_title,
        t(lang, Key::Program),
        d.program_id.program,
        d.program_title
    )
}

#[derive(Properties, PartialEq)]
struct ActivityProps {
    activity: Activity,
    detail: Detail,
    marks: Rc<DetailMarks>,
}

#[component]
fn ActivityView(props: &ActivityProps) -> Html {
    let nav = use_context::<Nav>().expect("Nav context");
    let (lang, a, d, marks) = (nav.lang, &props.activity, &props.detail, &props.marks);
    let neighbour = |n: &Option<(ActivityId, String)>, key: Key, rel: &'static str| match n {
        Some((id, title)) => html! {
            <Link to={nav.here.with_open(ItemId::Activity(*id))} rel={AttrValue::from(rel)} class={classes!(rel)}>
                <span class="nav-label">{t(lang, key)}</span><span class="nav-title">{title.clone()}</span>
            </Link>
        },
        None => html! {},
    };
    html! {
        <>
            <h1 id="detail-title" tabindex="-1">{marked(a.title(), &marks.title)}</h1>
            <p class="path">{path(d, lang)}</p>
            <p class="statuses">
                <span class="sr-only">{t(lang, Key::Status)}{": "}</span>
                { for a.statuses.iter().map(|s| html! { <span class={status_class(s)}>{s.clone()}</span> }) }
            </p>
            <dl class="facts">
                if !a.policies.is_empty() {
                    <dt>{t(lang, Key::Policies)}</dt>
                    <dd><ul class="plain">{ for a.policies.iter().map(|p| html! { <li>{p.clone()}</li> }) }</ul></dd>
                }
                if !d.lines.is_empty() {
                    <dt>{t(lang, Key::CouncilLines)}</dt>
                    <dd><ul class="plain">{ for d.lines.iter().map(|l| html! { <li><strong>{format!("{}. ", l.number)}</strong>{l.text.clone()}</li> }) }</ul></dd>
                }
                <dt>{t(lang, Key::Source)}</dt>
                <dd>{source_page(lang, d.program_page)}{format!(" · {} {}–{}", t(lang, Key::SourceLines).to_lowercase(), a.source_lines[0], a.source_lines[1])}</dd>
            </dl>
            if !a.actions.is_empty() {
                <section>
                    <h2>{t(lang, Key::Actions)}</h2>
                    { for a.actions.iter().enumerate().map(|(n, x)| {
                        let lines = marks.actions.get(n).map(Vec::as_slice).unwrap_or(&[]);
                        html! {
                            <div class="action">
                                <h3>{x.year.clone().unwrap_or_else(|| t(lang, Key::NoYear).to_string())}</h3>
                                { for x.text.lines().enumerate().map(|(i, l)| html! { <p>{marked(l, ranges_at(lines, i))}</p> }) }
                            </div>
                        }
                    }) }
                </section>
            }
            if !a.indicators.is_empty() {
                <section>
                    <h2>{t(lang, Key::Indicators)}</h2>
                    <IndicatorList {lang} indicators={a.indicators.clone()} marks={marks.indicators.clone()} />
                </section>
            }
            <nav class="prev-next no-print" aria-label={format!("{} / {}", t(lang, Key::Previous), t(lang, Key::Next))}>
                {neighbour(&d.previous, Key::Previous, "prev")}
                {neighbour(&d.next, Key::Next, "next")}
            </nav>
            <section>
                <h2>{t(lang, Key::Units)}</h2>
                <ul class="plain">{ for d.units.iter().map(|u| html! { <li>{u.clone()}</li> }) }</ul>
            </section>
        </>
    }
}
