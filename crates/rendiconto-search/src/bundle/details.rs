//! The split of the report into what a search needs and what only an opened page
//! needs, so that the browser can show the first results before downloading the rest.
//!
//! `data.json` holds the report without its details ([`split`]): every text the items,
//! the filters and the snippets are made of (objectives, actions, indicator names,
//! policies, statuses, units, stakeholders, council lines, titles). `details.json`
//! holds the rest ([`Details`]): the indicator values and their numbers, every source
//! line, the cover pages, the Premessa and the notes. [`Details::restore`] puts them
//! back, giving exactly the document that was split (a test checks it on the report).
//!
//! The details are matched to the document by position (the n-th programme, its n-th
//! activity, its n-th indicator), and every count is checked when restoring: details of
//! another build are refused, never misplaced.

use rendiconto_model::{Document, IndicatorRow, LineRange, Note, Program};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What `data.json` leaves out, in the report's order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Details {
    front_matter: Vec<String>,
    premessa: Vec<String>,
    report_lines: LineRange,
    notes: Vec<Note>,
    /// One per programme, in report order (missions flattened).
    programs: Vec<ProgramDetails>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct ProgramDetails {
    lines: LineRange,
    /// Each council line's source line.
    council_lines: Vec<usize>,
    activities: Vec<ActivityDetails>,
    tables: Vec<TableDetails>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct ActivityDetails {
    lines: LineRange,
    /// Each action's source line.
    actions: Vec<usize>,
    indicators: Vec<Values>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct TableDetails {
    lines: LineRange,
    rows: Vec<Values>,
}

/// An indicator's (or a table row's) values by year, their numbers and its line.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Values {
    values: BTreeMap<String, Option<String>>,
    numbers: BTreeMap<String, f64>,
    line: usize,
}

impl Values {
    fn take(
        values: &mut BTreeMap<String, Option<String>>,
        numbers: &mut BTreeMap<String, f64>,
        line: &mut usize,
    ) -> Values {
        Values { values: std::mem::take(values), numbers: std::mem::take(numbers), line: std::mem::take(line) }
    }
}

/// Takes the details out of `doc`: the document left is what `data.json` holds.
pub fn split(mut doc: Document) -> (Document, Details) {
    let report = &mut doc.report;
    let mut details = Details {
        front_matter: std::mem::take(&mut report.front_matter),
        premessa: std::mem::take(&mut report.premessa),
        report_lines: std::mem::take(&mut report.source_lines),
        notes: std::mem::take(&mut doc.notes),
        programs: Vec::new(),
    };
    for p in doc.missions.iter_mut().flat_map(|m| m.programs.iter_mut()) {
        details.programs.push(take_program(p));
    }
    (doc, details)
}

fn take_program(p: &mut Program) -> ProgramDetails {
    ProgramDetails {
        lines: std::mem::take(&mut p.source_lines),
        council_lines: p.lines.iter_mut().map(|l| std::mem::take(&mut l.source_line)).collect(),
        activities: p
            .activities
            .iter_mut()
            .map(|a| ActivityDetails {
                lines: std::mem::take(&mut a.source_lines),
                actions: a.actions.iter_mut().map(|x| std::mem::take(&mut x.source_line)).collect(),
                indicators: a
                    .indicators
                    .iter_mut()
                    .map(|i| Values::take(&mut i.values, &mut i.numbers, &mut i.source_line))
                    .collect(),
            })
            .collect(),
        tables: p
            .indicator_tables
            .iter_mut()
            .map(|t| TableDetails {
                lines: std::mem::take(&mut t.source_lines),
                rows: t
                    .rows
                    .iter_mut()
                    .map(|r: &mut IndicatorRow| Values::take(&mut r.values, &mut r.numbers, &mut r.source_line))
                    .collect(),
            })
            .collect(),
    }
}

impl Details {
    /// Puts the details back into the document [`split`] left. `Err` names the first
    /// place where the two do not match (details of another report or build).
    pub fn restore(self, doc: &mut Document) -> Result<(), String> {
        let programs: Vec<&mut Program> = doc.missions.iter_mut().flat_map(|m| m.programs.iter_mut()).collect();
        same_count("programmes", programs.len(), self.programs.len())?;
        // Every count is checked before anything is written: a mismatch leaves `doc` as it was.
        for (p, d) in programs.iter().zip(&self.programs) {
            let at = |what: &str| format!("programme {}: {what}", p.title);
            same_count(&at("council lines"), p.lines.len(), d.council_lines.len())?;
            same_count(&at("activities"), p.activities.len(), d.activities.len())?;
            same_count(&at("indicator tables"), p.indicator_tables.len(), d.tables.len())?;
            for (a, ad) in p.activities.iter().zip(&d.activities) {
                same_count(&format!("activity {}: actions", a.id), a.actions.len(), ad.actions.len())?;
                same_count(&format!("activity {}: indicators", a.id), a.indicators.len(), ad.indicators.len())?;
            }
            for (t, td) in p.indicator_tables.iter().zip(&d.tables) {
                same_count(&format!("table {}: rows", t.id), t.rows.len(), td.rows.len())?;
            }
        }
        doc.report.front_matter = self.front_matter;
        doc.report.premessa = self.premessa;
        doc.report.source_lines = self.report_lines;
        doc.notes = self.notes;
        for (p, d) in programs.into_iter().zip(self.programs) {
            p.source_lines = d.lines;
            for (l, line) in p.lines.iter_mut().zip(d.council_lines) {
                l.source_line = line;
            }
            for (a, ad) in p.activities.iter_mut().zip(d.activities) {
                a.source_lines = ad.lines;
                for (x, line) in a.actions.iter_mut().zip(ad.actions) {
                    x.source_line = line;
                }
                for (i, v) in a.indicators.iter_mut().zip(ad.indicators) {
                    (i.values, i.numbers, i.source_line) = (v.values, v.numbers, v.line);
                }
            }
            for (t, td) in p.indicator_tables.iter_mut().zip(d.tables) {
                t.source_lines = td.lines;
                for (r, v) in t.rows.iter_mut().zip(td.rows) {
                    (r.values, r.numbers, r.source_line) = (v.values, v.numbers, v.line);
                }
            }
        }
        Ok(())
    }
}

fn same_count(what: &str, in_data: usize, in_details: usize) -> Result<(), String> {
    if in_data == in_details {
        Ok(())
    } else {
        Err(format!("{what}: {in_data} in data.json, {in_details} in details.json"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::items::items;

    fn report() -> Document {
        let text = include_str!("../../../../data/torino-rendiconto-2023-relazione-programma.txt");
        rendiconto_parser::parse_str(text).expect("the bundled report parses")
    }

    #[test]
    fn restoring_the_details_gives_back_the_whole_report() {
        let doc = report();
        let (mut lean, details) = split(doc.clone());
        assert_ne!(lean, doc);
        details.restore(&mut lean).unwrap();
        assert_eq!(lean, doc);
    }

    #[test]
    fn the_searchable_items_need_no_detail() {
        let doc = report();
        let (lean, _) = split(doc.clone());
        assert_eq!(items(&lean), items(&doc));
    }

    #[test]
    fn the_details_survive_json() {
        let (lean, details) = split(report());
        let lean: Document = serde_json::from_slice(&serde_json::to_vec(&lean).unwrap()).unwrap();
        let details: Details = serde_json::from_slice(&serde_json::to_vec(&details).unwrap()).unwrap();
        let mut whole = lean;
        details.restore(&mut whole).unwrap();
        assert_eq!(whole, report());
    }

    #[test]
    fn details_of_another_document_are_refused_and_change_nothing() {
        let (mut lean, mut details) = split(report());
        let before = lean.clone();
        details.programs[3].activities.pop();
        let err = details.restore(&mut lean).unwrap_err();
        assert!(err.contains("activities") && err.contains("in details.json"), "{err}");
        assert_eq!(lean, before);

        let (mut lean, mut details) = split(report());
        details.programs.pop();
        assert!(details.restore(&mut lean).unwrap_err().starts_with("programmes:"));
    }
}
