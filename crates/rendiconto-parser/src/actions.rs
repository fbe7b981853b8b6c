//! "Azioni e attività effettuate" cells mix years and text in three ways:
//! `<p>2022</p> <p>text</p>`, `<p>2022 text</p>`, and plain `2022 text 2023 text`.
//! This module groups the text by the year it is written under.

use crate::html;
use regex::Regex;
use rendiconto_model::Action;
use std::sync::LazyLock;

/// A year (or a range like 2022-2023) that starts a block: at the start of a paragraph,
/// or inside one when followed by a capitalised word ("… 2022. 2023 Revisione …").
static YEAR_MARK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"(?:^|\s)(20[12]\d(?:\s*[-–]\s*20[12]\d)?)(?:\s*[:.\-–]\s*|\s+|$)"#).unwrap());
static STARTS_UPPER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^[\p{Lu}"“«']"#).unwrap());
/// Words after which a year is part of the sentence ("nel 2023", "entro il 2024").
const BOUND_BEFORE: &[&str] = &[
    "del",
    "nel",
    "al",
    "dal",
    "il",
    "anno",
    "entro",
    "fine",
    "di",
    "per",
    "e",
    "nell'anno",
    "dell'anno",
    "luglio",
    "giugno",
    "dicembre",
    "gennaio",
    "settembre",
    "ottobre",
    "novembre",
    "febbraio",
    "marzo",
    "aprile",
    "maggio",
    "agosto",
    "stagione",
    "edizione",
    "triennio",
    "biennio",
    "periodo",
];

/// Inside a sentence only the years of the report's horizon start a block: "PON Metro
/// 2014-2020 React EU" names a programme, "triennio 2020-2022. Nuovo…" a period.
fn in_horizon(year_or_range: &str) -> bool {
    year_or_range.split(['-', '–']).map(str::trim).all(|y| y.parse::<u32>().is_ok_and(|y| (2021..=2026).contains(&y)))
}

/// Groups one cell's text by year. `year` carries the year of the previous rows of the
/// same activity (a cell continued from the previous page has no heading of its own).
pub fn group_by_year(raw: &str, source_line: usize, year: &mut Option<String>) -> Vec<Action> {
    let mut out: Vec<Action> = Vec::new();
    // Text joins the open block when it has the same year; a year mark opens a new one.
    let append = |out: &mut Vec<Action>, year: &Option<String>, text: &str| {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some(last) if last.year == *year => {
                if !last.text.is_empty() {
                    last.text.push('\n');
                }
                last.text.push_str(text);
            }
            _ => out.push(Action { year: year.clone(), text: text.to_string(), source_line }),
        }
    };
    for para in html::paragraphs(raw) {
        let mut rest = para.as_str();
        let mut at_start = true;
        while let Some((start, end, y)) = next_mark(rest, at_start) {
            append(&mut out, year, &rest[..start]);
            *year = Some(y);
            out.push(Action { year: year.clone(), text: String::new(), source_line });
            rest = &rest[end..];
            at_start = false;
        }
        append(&mut out, year, rest);
    }
    // A heading with no text under it ("<p>2023</p>" closing a cell) says nothing more
    // than the year itself.
    out.retain(|a| !a.text.is_empty());
    out
}

/// Finds the next year mark in `text`: (start of mark, end of mark, year).
fn next_mark(text: &str, at_paragraph_start: bool) -> Option<(usize, usize, String)> {
    for caps in YEAR_MARK.captures_iter(text) {
        let whole = caps.get(0).unwrap();
        let year = caps.get(1).unwrap();
        let after = &text[whole.end()..];
        let before = text[..year.start()].trim_end();
        if after.starts_with(|c: char| c.is_ascii_digit()) {
            continue; // "2021-27 …", "2023.1": a number, not a heading
        }
        let starts_block = if before.is_empty() {
            at_paragraph_start || after.is_empty() || STARTS_UPPER.is_match(after)
        } else {
            let prev_word = before.rsplit(char::is_whitespace).next().unwrap_or("");
            let prev = prev_word.to_lowercase();
            STARTS_UPPER.is_match(after)
                && !BOUND_BEFORE.contains(&prev.as_str())
                && !prev.ends_with('/')
                && in_horizon(year.as_str())
        };
        if starts_block {
            let y: String = year.as_str().chars().filter(|c| !c.is_whitespace()).collect();
            return Some((year.start(), whole.end(), y.replace('–', "-")));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn years(raw: &str) -> Vec<(Option<String>, String)> {
        let mut y = None;
        group_by_year(raw, 1, &mut y).into_iter().map(|a| (a.year, a.text)).collect()
    }

    fn s(y: &str, t: &str) -> (Option<String>, String) {
        (Some(y.to_string()), t.to_string())
    }

    #[test]
    fn year_heading_paragraphs() {
        // Line 144.
        let got = years("<p>2022</p> <p>Costituzione gruppo</p> <p>Bando</p> <p>2023</p> <p>Proroghe</p>");
        assert_eq!(got, vec![s("2022", "Costituzione gruppo\nBando"), s("2023", "Proroghe")]);
    }

    #[test]
    fn year_at_paragraph_start() {
        // Line 175.
        let got = years("<p>2022 Avvio attività di semplificazione regolamenti comunali.</p> <p>2023 Attività di semplificazione regolamenti comunali.</p>");
        assert_eq!(
            got,
            vec![
                s("2022", "Avvio attività di semplificazione regolamenti comunali."),
                s("2023", "Attività di semplificazione regolamenti comunali.")
            ]
        );
    }

    #[test]
    fn inline_years_in_plain_text() {
        // Line 220: the "2022:" inside the sentence is not a heading.
        let got =
            years("2022 Rispetto delle previsioni: Quota prevista 2022: € 23.554.144,09 2023 Obiettivo raggiunto");
        assert_eq!(
            got,
            vec![
                s("2022", "Rispetto delle previsioni: Quota prevista 2022: € 23.554.144,09"),
                s("2023", "Obiettivo raggiunto")
            ]
        );
    }

    #[test]
    fn ranges_and_bound_years() {
        let got = years("2022-2023 Nuovi progetti ammessi nel 2023 Torino");
        assert_eq!(got, vec![s("2022-2023", "Nuovi progetti ammessi nel 2023 Torino")]);
        let got = years("2023: Approvata deliberazione");
        assert_eq!(got, vec![s("2023", "Approvata deliberazione")]);
    }

    #[test]
    fn years_outside_the_horizon_inside_a_sentence_are_text() {
        // Lines 726 and 1177.
        let got = years("PON Metro 2014-2020 React EU - React to Covid");
        assert_eq!(got, vec![(None, "PON Metro 2014-2020 React EU - React to Covid".to_string())]);
        let got = years("2022 Accordo con ARPA - triennio 2020-2022. Nuovo accordo dal 2023 è in corso.");
        assert_eq!(got, vec![s("2022", "Accordo con ARPA - triennio 2020-2022. Nuovo accordo dal 2023 è in corso.")]);
    }

    #[test]
    fn text_without_year_inherits_the_running_year() {
        let mut y = Some("2023".to_string());
        let got = group_by_year("<p>Metropolitana.</p>", 7, &mut y);
        assert_eq!(got[0].year.as_deref(), Some("2023"));
        let mut none = None;
        assert_eq!(group_by_year("Partecipazione al concorso", 1, &mut none)[0].year, None);
    }
}
