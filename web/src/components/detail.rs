use super::results::status_class;
use crate::i18n::{t, Key, Lang};
use crate::protocol::Detail;
use rendiconto_model::{Activity, IndicatorTable, YEARS};
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub detail: Option<Detail>,
    pub back_href: String,
    pub on_back: Callback<()>,
}

#[component]
pub fn DetailView(props: &Props) -> Html {
    let lang = props.lang;
    let onclick = {
        let cb = props.on_back.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            cb.emit(());
        })
    };
    let back = html! { <a class="back" href={props.back_href.clone()} {onclick}>{"← "}{t(lang, Key::BackToResults)}</a> };
    let Some(d) = &props.detail else {
        return html! { <article class="detail" id="detail">{back}<p role="alert">{t(lang, Key::NotFound)}</p></article> };
    };
    html! {
        <article class="detail" id="detail" aria-labelledby="detail-title">
            {back}
            <p class="path">
                {format!("{} {}: {} › {} {}: {}", t(lang, Key::Mission), d.mission, d.mission_title, t(lang, Key::Program), d.program, d.program_title)}
            </p>
            if let Some(a) = &d.activity { <ActivityView {lang} activity={a.clone()} detail={d.clone()} /> }
            if let Some(tb) = &d.table { <TableView {lang} table={tb.clone()} /> }
            <section>
                <h3>{t(lang, Key::Units)}</h3>
                <ul class="plain">{ for d.units.iter().map(|u| html! { <li>{u.clone()}</li> }) }</ul>
            </section>
        </article>
    }
}

#[derive(Properties, PartialEq)]
struct ActivityProps {
    lang: Lang,
    activity: Activity,
    detail: Detail,
}

#[component]
fn ActivityView(props: &ActivityProps) -> Html {
    let (lang, a) = (props.lang, &props.activity);
    html! {
        <>
            <h2 id="detail-title" tabindex="-1">{a.title().to_string()}</h2>
            <p class="statuses">{ for a.statuses.iter().map(|s| html! { <span class={status_class(s)}>{s.clone()}</span> }) }</p>
            <dl class="facts">
                if !a.policies.is_empty() {
                    <dt>{t(lang, Key::Policies)}</dt>
                    <dd><ul class="plain">{ for a.policies.iter().map(|p| html! { <li>{p.clone()}</li> }) }</ul></dd>
                }
                if !props.detail.lines.is_empty() {
                    <dt>{t(lang, Key::CouncilLines)}</dt>
                    <dd><ul class="plain">{ for props.detail.lines.iter().map(|l| html! { <li><strong>{format!("{}. ", l.number)}</strong>{l.text.clone()}</li> }) }</ul></dd>
                }
                <dt>{t(lang, Key::SourceLines)}</dt>
                <dd>{format!("{}–{}", a.source_lines[0], a.source_lines[1])}</dd>
            </dl>
            if !a.actions.is_empty() {
                <section>
                    <h3>{t(lang, Key::Actions)}</h3>
                    { for a.actions.iter().map(|x| html! {
                        <div class="action">
                            <h4>{x.year.clone().unwrap_or_else(|| t(lang, Key::NoYear).to_string())}</h4>
                            { for x.text.lines().map(|l| html! { <p>{l.to_string()}</p> }) }
                        </div>
                    }) }
                </section>
            }
            if !a.indicators.is_empty() {
                <section>
                    <h3>{t(lang, Key::Indicators)}</h3>
                    <div class="table-scroll" tabindex="0">
                    <table>
                        <thead><tr><th scope="col">{t(lang, Key::Indicator)}</th>{ for YEARS.iter().map(|y| html! { <th scope="col">{*y}</th> }) }</tr></thead>
                        <tbody>
                        { for a.indicators.iter().map(|i| html! {
                            <tr>
                                <th scope="row">{i.name.clone().unwrap_or_else(|| "—".into())}</th>
                                { for YEARS.iter().map(|y| html! { <td>{i.values[*y].clone().unwrap_or_default()}</td> }) }
                            </tr>
                        }) }
                        </tbody>
                    </table>
                    </div>
                </section>
            }
        </>
    }
}

#[derive(Properties, PartialEq)]
struct TableProps {
    lang: Lang,
    table: IndicatorTable,
}

#[component]
fn TableView(props: &TableProps) -> Html {
    let (lang, tb) = (props.lang, &props.table);
    html! {
        <>
            <h2 id="detail-title" tabindex="-1">{tb.title.clone()}</h2>
            <div class="table-scroll" tabindex="0">
            <table>
                <thead><tr>
                    <th scope="col">{t(lang, Key::Policy)}</th>
                    <th scope="col">{t(lang, Key::Indicator)}</th>
                    <th scope="col">{t(lang, Key::Category)}</th>
                    { for YEARS.iter().map(|y| html! { <th scope="col">{*y}</th> }) }
                </tr></thead>
                <tbody>
                { for tb.rows.iter().map(|r| html! {
                    <tr>
                        <td>{r.policy.clone().unwrap_or_default()}</td>
                        <th scope="row">{r.name.clone().unwrap_or_default()}</th>
                        <td>{r.category.clone().unwrap_or_default()}</td>
                        { for YEARS.iter().map(|y| html! { <td>{r.values[*y].clone().unwrap_or_default()}</td> }) }
                    </tr>
                }) }
                </tbody>
            </table>
            </div>
        </>
    }
}
