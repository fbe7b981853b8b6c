//! Indicator tables. Values are shown exactly as printed ("N.D.", "-", "€ 20.000");
//! where two or more years have an unambiguous number, a small chart and the change
//! 2022→2023 are added, with a text alternative.

use super::highlight::marked;
use rendiconto_model::{Indicator, IndicatorTable, YEARS};
use rendiconto_web_core::i18n::{change, number_it, t, Key, Lang};
use rendiconto_web_core::marks::{ranges_at, Ranges};
use std::collections::BTreeMap;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    pub indicators: Vec<Indicator>,
    /// Per indicator, the words of the question in its name.
    #[prop_or_default]
    pub marks: Vec<Ranges>,
}

#[component]
pub fn IndicatorList(props: &Props) -> Html {
    let lang = props.lang;
    html! {
        <div class="table-scroll" tabindex="0" role="region" aria-label={t(lang, Key::Indicators)}>
        <table class="indicators">
            <caption class="sr-only">{t(lang, Key::Indicators)}</caption>
            <thead><tr>
                <th scope="col">{t(lang, Key::Indicator)}</th>
                { for YEARS.iter().map(|y| html! { <th scope="col">{*y}</th> }) }
                <th scope="col">{t(lang, Key::Change)}</th>
                <th scope="col">{t(lang, Key::Trend)}</th>
            </tr></thead>
            <tbody>
            { for props.indicators.iter().enumerate().map(|(n, i)| html! {
                <tr>
                    <th scope="row">{ match &i.name {
                        Some(name) => marked(name, ranges_at(&props.marks, n)),
                        None => html! { "—" },
                    } }</th>
                    { for YEARS.iter().map(|y| html! { <td class="value">{i.values[*y].clone().unwrap_or_default()}</td> }) }
                    <td class="change">{change_cell(lang, &i.numbers)}</td>
                    <td class="trend">{chart(lang, &i.numbers)}</td>
                </tr>
            }) }
            </tbody>
        </table>
        </div>
    }
}

fn change_cell(lang: Lang, numbers: &BTreeMap<String, f64>) -> Html {
    match (numbers.get("2022"), numbers.get("2023")) {
        (Some(&a), Some(&b)) => match change(lang, a, b) {
            Some((arrow, shown, spoken)) => html! {
                <span class="delta"><span aria-hidden="true">{format!("{arrow} {shown}")}</span><span class="sr-only">{spoken}</span></span>
            },
            None => html! {},
        },
        _ => html! {},
    }
}

/// Bars for the years with a number; nothing when fewer than two.
fn chart(lang: Lang, numbers: &BTreeMap<String, f64>) -> Html {
    let points: Vec<(&str, f64)> = YEARS.iter().filter_map(|y| numbers.get(*y).map(|n| (*y, *n))).collect();
    if points.len() < 2 {
        return html! {};
    }
    let max = points.iter().map(|(_, n)| n.abs()).fold(0.0_f64, f64::max).max(f64::MIN_POSITIVE);
    let described: Vec<String> = points.iter().map(|(y, n)| format!("{y}: {}", number_it(*n))).collect();
    let label = format!("{}: {}", t(lang, Key::Trend), described.join("; "));
    let (w, h, bar) = (16.0 * points.len() as f64, 32.0, 10.0);
    html! {
        <svg class="chart" role="img" aria-label={label.clone()} width={w.to_string()} height={(h + 10.0).to_string()}
            viewBox={format!("0 0 {w} {}", h + 10.0)}>
            <title>{label}</title>
            { for points.iter().enumerate().map(|(i, (y, n))| {
                let bh = (n.abs() / max * h).max(1.0);
                let x = i as f64 * 16.0 + 3.0;
                html! {
                    <g>
                        <rect x={x.to_string()} y={(h - bh).to_string()} width={bar.to_string()} height={bh.to_string()} />
                        <text x={(x + bar / 2.0).to_string()} y={(h + 9.0).to_string()} text-anchor="middle">{&y[2..]}</text>
                    </g>
                }
            }) }
        </svg>
    }
}

#[derive(Properties, PartialEq)]
pub struct TableProps {
    pub lang: Lang,
    pub table: IndicatorTable,
    /// The heading level the table's title takes on this page.
    #[prop_or(3)]
    pub level: u8,
    /// Per row, the words of the question in its indicator's name.
    #[prop_or_default]
    pub marks: Vec<Ranges>,
}

/// An indicator-only table of a programme.
#[component]
pub fn IndicatorTableView(props: &TableProps) -> Html {
    let (lang, tb) = (props.lang, &props.table);
    let title = html! { {tb.title.clone()} };
    html! {
        <section class="indicator-table" id={tb.id.to_string()}>
            { if props.level == 2 { html! { <h2>{title}</h2> } } else { html! { <h3>{title}</h3> } } }
            <div class="table-scroll" tabindex="0" role="region" aria-label={tb.title.clone()}>
            <table>
                <thead><tr>
                    <th scope="col">{t(lang, Key::Policy)}</th>
                    <th scope="col">{t(lang, Key::Indicator)}</th>
                    <th scope="col">{t(lang, Key::Category)}</th>
                    { for YEARS.iter().map(|y| html! { <th scope="col">{*y}</th> }) }
                </tr></thead>
                <tbody>
                { for tb.rows.iter().enumerate().map(|(n, r)| html! {
                    <tr>
                        <td>{r.policy.clone().unwrap_or_default()}</td>
                        <th scope="row">{marked(r.name.as_deref().unwrap_or_default(), ranges_at(&props.marks, n))}</th>
                        <td>{r.category.clone().unwrap_or_default()}</td>
                        { for YEARS.iter().map(|y| html! { <td class="value">{r.values[*y].clone().unwrap_or_default()}</td> }) }
                    </tr>
                }) }
                </tbody>
            </table>
            </div>
        </section>
    }
}
