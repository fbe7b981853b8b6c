//! The split of the report into what a search needs and what only an opened page
//! needs, so that the browser can show the first results before downloading the rest.
//!
//! `data.json` holds the report without its details: every text the items, the
//! filters and the snippets are made of (objectives, actions, indicator names,
//! policies, statuses, units, stakeholders, council lines, titles). `details.json`
//! holds the rest: the indicator values and their numbers, every source line, the
//! cover pages, the Premessa and the notes. [`restore`] puts them back, giving exactly
//! the document that was split (a test checks it on the report).
//!
//! Both halves are [`Document`]s, each with the other half's fields left empty: the
//! browser reads them with the one JSON reader it has for the report anyway (a
//! reader for a type of its own cost the wasm about as many bytes as the split saves).
//! They are matched by position, and every count and id is checked when restoring:
//! details of another build are refused, never misplaced.

use rendiconto_model::{Activity, Document, IndicatorTable, Program};

/// The report split in two: what a search needs (`data.json`) and its details
/// (`details.json`).
pub fn split(doc: &Document) -> (Document, Document) {
    let mut lean = doc.clone();
    let mut details = doc.clone();
    let (l, d) = (&mut lean.report, &mut details.report);
    l.front_matter.clear();
    l.premessa.clear();
    l.source_lines = [0, 0];
    (d.title, d.entity, d.period, d.fiscal_year) = Default::default();
    lean.notes.clear();
    for (lp, dp) in programs(&mut lean).into_iter().zip(programs(&mut details)) {
        lp.source_lines = [0, 0];
        (dp.title, dp.page, dp.units, dp.stakeholders) = Default::default();
        for (ll, dl) in lp.lines.iter_mut().zip(&mut dp.lines) {
            ll.source_line = 0;
            (dl.number, dl.text, dl.agenda2030, dl.pnrr) = Default::default();
        }
        for (la, da) in lp.activities.iter_mut().zip(&mut dp.activities) {
            split_activity(la, da);
        }
        for (lt, dt) in lp.indicator_tables.iter_mut().zip(&mut dp.indicator_tables) {
            lt.source_lines = [0, 0];
            (dt.title, dt.year_headers) = Default::default();
            for (lr, dr) in lt.rows.iter_mut().zip(&mut dt.rows) {
                (lr.values, lr.numbers, lr.source_line) = Default::default();
                (dr.policy, dr.name, dr.category) = Default::default();
            }
        }
    }
    for m in &mut details.missions {
        m.title.clear();
        m.page = None;
    }
    (lean, details)
}

/// `lean` keeps the activity's texts, `details` its values and lines.
fn split_activity(lean: &mut Activity, details: &mut Activity) {
    lean.source_lines = [0, 0];
    let d = details;
    (d.line_refs, d.policy, d.policies, d.objective, d.status, d.statuses) = Default::default();
    for (lx, dx) in lean.actions.iter_mut().zip(&mut d.actions) {
        lx.source_line = 0;
        (dx.year, dx.text) = Default::default();
    }
    for (li, di) in lean.indicators.iter_mut().zip(&mut d.indicators) {
        (li.values, li.numbers, li.source_line) = Default::default();
        di.name = None;
    }
}

fn programs(doc: &mut Document) -> Vec<&mut Program> {
    doc.missions.iter_mut().flat_map(|m| m.programs.iter_mut()).collect()
}

/// Puts `details` back into the document `lean` ([`split`]'s two halves). `Err` names
/// the first place where the two do not match (details of another report or build);
/// then `lean` is left as it was.
pub fn restore(lean: &mut Document, details: Document) -> Result<(), String> {
    let mut details = details;
    let (lp, dp) = (programs(lean), programs(&mut details));
    same("programmes", lp.len(), dp.len())?;
    for (l, d) in lp.iter().zip(&dp) {
        let at = |what: &str| format!("programme {}: {what}", l.title);
        same(&at("council lines"), l.lines.len(), d.lines.len())?;
        same(&at("activities"), l.activities.len(), d.activities.len())?;
        same(&at("indicator tables"), l.indicator_tables.len(), d.indicator_tables.len())?;
        for (la, da) in l.activities.iter().zip(&d.activities) {
            same_activity(la, da)?;
        }
        for (lt, dt) in l.indicator_tables.iter().zip(&d.indicator_tables) {
            same_table(lt, dt)?;
        }
    }
    for (l, d) in lp.into_iter().zip(dp) {
        l.source_lines = d.source_lines;
        for (ll, dl) in l.lines.iter_mut().zip(&d.lines) {
            ll.source_line = dl.source_line;
        }
        for (la, da) in l.activities.iter_mut().zip(std::mem::take(&mut d.activities)) {
            la.source_lines = da.source_lines;
            for (lx, dx) in la.actions.iter_mut().zip(da.actions) {
                lx.source_line = dx.source_line;
            }
            for (li, di) in la.indicators.iter_mut().zip(da.indicators) {
                (li.values, li.numbers, li.source_line) = (di.values, di.numbers, di.source_line);
            }
        }
        for (lt, dt) in l.indicator_tables.iter_mut().zip(std::mem::take(&mut d.indicator_tables)) {
            lt.source_lines = dt.source_lines;
            for (lr, dr) in lt.rows.iter_mut().zip(dt.rows) {
                (lr.values, lr.numbers, lr.source_line) = (dr.values, dr.numbers, dr.source_line);
            }
        }
    }
    let report = details.report;
    (lean.report.front_matter, lean.report.premessa, lean.report.source_lines) =
        (report.front_matter, report.premessa, report.source_lines);
    lean.notes = details.notes;
    Ok(())
}

fn same_activity(l: &Activity, d: &Activity) -> Result<(), String> {
    if l.id != d.id {
        return Err(format!("activity {} in data.json, {} in details.json", l.id, d.id));
    }
    same(&format!("activity {}: actions", l.id), l.actions.len(), d.actions.len())?;
    same(&format!("activity {}: indicators", l.id), l.indicators.len(), d.indicators.len())
}

fn same_table(l: &IndicatorTable, d: &IndicatorTable) -> Result<(), String> {
    if l.id != d.id {
        return Err(format!("table {} in data.json, {} in details.json", l.id, d.id));
    }
    same(&format!("table {}: rows", l.id), l.rows.len(), d.rows.len())
}

fn same(what: &str, in_data: usize, in_details: usize) -> Result<(), String> {
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
    use rendiconto_model::MissionId;

    fn report() -> Document {
        let text = include_str!("../../../../data/torino-rendiconto-2023-relazione-programma.txt");
        rendiconto_parser::parse_str(text).expect("the bundled report parses")
    }

    #[test]
    fn restoring_the_details_gives_back_the_whole_report() {
        let doc = report();
        let (mut lean, details) = split(&doc);
        assert_ne!(lean, doc);
        restore(&mut lean, details).unwrap();
        assert_eq!(lean, doc);
    }

    #[test]
    fn the_searchable_items_need_no_detail_and_the_details_hold_no_searchable_text() {
        let doc = report();
        let (lean, details) = split(&doc);
        assert_eq!(items(&lean), items(&doc));
        let json = String::from_utf8(serde_json::to_vec(&details).unwrap()).unwrap();
        for (_, _, a) in doc.activities() {
            if let Some(objective) = &a.objective {
                let escaped = serde_json::to_string(objective).unwrap();
                assert!(!json.contains(&escaped), "{}'s objective is in details.json", a.id);
            }
        }
        let lean_json = String::from_utf8(serde_json::to_vec(&lean).unwrap()).unwrap();
        assert!(!lean_json.contains(&serde_json::to_string(&doc.report.premessa[0]).unwrap()));
    }

    #[test]
    fn the_details_survive_json() {
        let (lean, details) = split(&report());
        let read = |d: &Document| -> Document { serde_json::from_slice(&serde_json::to_vec(d).unwrap()).unwrap() };
        let mut whole = read(&lean);
        restore(&mut whole, read(&details)).unwrap();
        assert_eq!(whole, report());
    }

    #[test]
    fn details_of_another_document_are_refused_and_change_nothing() {
        let (lean, details) = split(&report());
        let refused = |change: &dyn Fn(&mut Document)| {
            let (mut l, mut d) = (lean.clone(), details.clone());
            change(&mut d);
            let err = restore(&mut l, d).unwrap_err();
            assert_eq!(l, lean, "{err}: data.json's document was changed");
            err
        };
        let err = refused(&|d| {
            d.missions[2].programs[0].activities.pop();
        });
        assert!(err.contains("activities") && err.contains("in details.json"), "{err}");
        let err = refused(&|d| d.missions[0].programs[0].activities[0].id = MissionId(9).program(9).activity(9));
        assert!(err.contains("m9-p9-a9"), "{err}");
        assert!(refused(&|d| {
            d.missions.pop();
        })
        .starts_with("programmes:"));
    }
}
