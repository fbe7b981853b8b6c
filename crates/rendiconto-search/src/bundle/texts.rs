//! The report without its details (`data.json`, see [`super::details`]) split once
//! more, for the web site: the **catalog** (`catalog.json`), what a first results page
//! needs — every item's id, title, status and filter values, and the structure that
//! counts them — and the **texts** only a shown or opened item needs (its actions,
//! indicator names, council lines, stakeholders, line references, first policy), one
//! [`Fragment`] per programme, which the site serves among the index's pieces
//! (`pieces/<hash>.json`, listed in `pieces.json`) and the page downloads for the
//! results it shows (their snippets are made of these texts).
//!
//! A fragment is a [`Mission`] holding one [`Program`] with only its texts: the
//! browser reads it with the report's own JSON reader (see `details` for why). The
//! catalog keeps every list's entries (actions with their years, indicators, rows,
//! council lines) with their texts emptied, so that positions stay and `details.json`
//! can be put back before or after the texts. [`restore`] checks every count and id:
//! a fragment of another build is refused, never misplaced.

use rendiconto_model::{Activity, Document, IndicatorTable, Mission, Program};

/// One programme's texts, to restore into the catalog (`mission`, `program`: numbers).
#[derive(Debug, Clone, PartialEq)]
pub struct Fragment {
    pub mission: u32,
    pub program: u32,
    pub texts: Mission,
}

/// `lean` (the report without its details) as the catalog and its programmes' texts,
/// in report order.
pub fn split(lean: &Document) -> (Document, Vec<Fragment>) {
    let mut catalog = lean.clone();
    let mut fragments = Vec::new();
    for m in &mut catalog.missions {
        for p in &mut m.programs {
            let texts =
                Mission { number: m.number, title: String::new(), page: None, programs: vec![program_texts(p)] };
            fragments.push(Fragment { mission: m.number, program: p.number, texts });
            empty_texts(p);
        }
    }
    (catalog, fragments)
}

/// The texts of `p` alone (every other field empty).
fn program_texts(p: &Program) -> Program {
    let mut t = p.clone();
    (t.title, t.page, t.units, t.source_lines) = Default::default();
    for a in &mut t.activities {
        (a.policies, a.objective, a.status, a.statuses, a.source_lines) = Default::default();
        for x in &mut a.actions {
            (x.year, x.source_line) = Default::default();
        }
        for i in &mut a.indicators {
            (i.values, i.numbers, i.source_line) = Default::default();
        }
    }
    for table in &mut t.indicator_tables {
        (table.title, table.year_headers, table.source_lines) = Default::default();
        for r in &mut table.rows {
            (r.policy, r.values, r.numbers, r.source_line) = Default::default();
        }
    }
    t
}

/// `p` without the texts [`program_texts`] holds. An achieved activity's title is its
/// first action (`Activity::title`): that one stays.
fn empty_texts(p: &mut Program) {
    p.stakeholders.clear();
    for l in &mut p.lines {
        (l.text, l.agenda2030, l.pnrr) = Default::default();
    }
    for a in &mut p.activities {
        // The first policy is `policies[0]` again: the filters read `policies`.
        (a.line_refs, a.policy) = Default::default();
        let keep_first = a.objective.is_none();
        for (n, x) in a.actions.iter_mut().enumerate() {
            if !(keep_first && n == 0) {
                x.text.clear();
            }
        }
        for i in &mut a.indicators {
            i.name = None;
        }
    }
    for t in &mut p.indicator_tables {
        for r in &mut t.rows {
            (r.name, r.category) = Default::default();
        }
    }
}

/// Puts a programme's texts (a fragment's `texts`, as decoded) back into the catalog
/// `doc`. Returns the programme's position among the report's programmes. `Err` names
/// the first place where the two do not match; then `doc` is left as it was.
pub fn restore(doc: &mut Document, texts: Mission) -> Result<usize, String> {
    let [texts_program] = &texts.programs[..] else {
        return Err(format!("a fragment holds one programme, this one {}", texts.programs.len()));
    };
    let missing = || format!("programme {}.{} is not in the catalog", texts.number, texts_program.number);
    let mi = doc.missions.iter().position(|m| m.number == texts.number).ok_or_else(missing)?;
    let pi = doc.missions[mi].programs.iter().position(|p| p.number == texts_program.number).ok_or_else(missing)?;
    let at = doc.missions[..mi].iter().map(|m| m.programs.len()).sum::<usize>() + pi;
    let program = &mut doc.missions[mi].programs[pi];
    check(program, texts_program)?;
    let t = texts.programs.into_iter().next().expect("one programme");
    program.stakeholders = t.stakeholders;
    for (l, tl) in program.lines.iter_mut().zip(t.lines) {
        (l.text, l.agenda2030, l.pnrr) = (tl.text, tl.agenda2030, tl.pnrr);
    }
    for (a, ta) in program.activities.iter_mut().zip(t.activities) {
        (a.line_refs, a.policy) = (ta.line_refs, ta.policy);
        for (x, tx) in a.actions.iter_mut().zip(ta.actions) {
            x.text = tx.text;
        }
        for (i, ti) in a.indicators.iter_mut().zip(ta.indicators) {
            i.name = ti.name;
        }
    }
    for (table, tt) in program.indicator_tables.iter_mut().zip(t.indicator_tables) {
        for (r, tr) in table.rows.iter_mut().zip(tt.rows) {
            (r.name, r.category) = (tr.name, tr.category);
        }
    }
    Ok(at)
}

/// Whether `texts` fits `p` entry by entry.
fn check(p: &Program, texts: &Program) -> Result<(), String> {
    let same = |what: &str, a: usize, b: usize| {
        if a == b {
            Ok(())
        } else {
            Err(format!("programme {}: {what}: {a} in the catalog, {b} in its texts", p.number))
        }
    };
    same("council lines", p.lines.len(), texts.lines.len())?;
    same("activities", p.activities.len(), texts.activities.len())?;
    same("indicator tables", p.indicator_tables.len(), texts.indicator_tables.len())?;
    for (a, ta) in p.activities.iter().zip(&texts.activities) {
        same_activity(a, ta)?;
    }
    for (t, tt) in p.indicator_tables.iter().zip(&texts.indicator_tables) {
        same_table(t, tt)?;
    }
    Ok(())
}

fn same_activity(a: &Activity, t: &Activity) -> Result<(), String> {
    if a.id != t.id {
        return Err(format!("activity {} in the catalog, {} in its texts", a.id, t.id));
    }
    if a.actions.len() != t.actions.len() || a.indicators.len() != t.indicators.len() {
        return Err(format!("activity {}: its actions or indicators differ from its texts'", a.id));
    }
    Ok(())
}

fn same_table(a: &IndicatorTable, t: &IndicatorTable) -> Result<(), String> {
    if a.id != t.id || a.rows.len() != t.rows.len() {
        return Err(format!("table {}: its rows differ from its texts'", a.id));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bundle::details;
    use crate::items::items;

    fn lean() -> Document {
        let text = include_str!("../../../../data/torino-rendiconto-2023-relazione-programma.txt");
        details::split(&rendiconto_parser::parse_str(text).expect("the bundled report parses")).0
    }

    /// Items without their texts: what the catalog must give exactly.
    fn listed(doc: &Document) -> Vec<(String, String, Option<String>, Vec<(crate::Facet, String)>)> {
        items(doc).into_iter().map(|i| (i.id.to_string(), i.title, i.status, i.facets)).collect()
    }

    #[test]
    fn the_catalog_lists_every_item_and_the_fragments_give_back_the_rest() {
        let lean = lean();
        let (mut catalog, fragments) = split(&lean);
        assert_eq!(listed(&catalog), listed(&lean), "ids, titles, statuses and filters");
        assert_ne!(catalog, lean);
        let programs = lean.missions.iter().map(|m| m.programs.len()).sum::<usize>();
        assert_eq!(fragments.len(), programs);
        // In any order, through JSON as the browser gets them.
        for (n, f) in fragments.into_iter().enumerate().rev() {
            let json = serde_json::to_vec(&f.texts).unwrap();
            assert_eq!(restore(&mut catalog, serde_json::from_slice(&json).unwrap()), Ok(n));
        }
        assert_eq!(catalog, lean);
    }

    #[test]
    fn the_catalog_holds_no_action_text_but_an_achieved_activitys_title() {
        let lean = lean();
        let (catalog, _) = split(&lean);
        let json = String::from_utf8(serde_json::to_vec(&catalog).unwrap()).unwrap();
        // An action may say what another activity's title says: those are left aside.
        let titles: Vec<&str> = lean.activities().map(|(_, _, a)| a.title()).collect();
        let mut achieved = 0;
        for (_, _, a) in lean.activities() {
            for (n, x) in a.actions.iter().enumerate() {
                let title = a.objective.is_none() && n == 0;
                achieved += usize::from(title);
                let escaped = serde_json::to_string(&x.text).unwrap();
                let elsewhere = x.text.len() < 30 || titles.contains(&x.text.as_str());
                assert!(title || elsewhere || !json.contains(&escaped), "{}: {escaped}", a.id);
            }
        }
        assert!(achieved > 0, "the report has achieved activities");
    }

    #[test]
    fn the_details_go_back_before_or_after_the_texts() {
        let text = include_str!("../../../../data/torino-rendiconto-2023-relazione-programma.txt");
        let whole = rendiconto_parser::parse_str(text).unwrap();
        let (lean, d) = details::split(&whole);
        let (mut catalog, fragments) = split(&lean);
        details::restore(&mut catalog, d).unwrap();
        for f in fragments {
            restore(&mut catalog, f.texts).unwrap();
        }
        assert_eq!(catalog, whole);
    }

    #[test]
    fn a_fragment_of_another_build_is_refused_and_changes_nothing() {
        let (catalog, fragments) = split(&lean());
        let refused = |change: &dyn Fn(&mut Mission)| {
            let with_activities = fragments.iter().find(|f| !f.texts.programs[0].activities.is_empty()).unwrap();
            let (mut doc, mut texts) = (catalog.clone(), with_activities.texts.clone());
            change(&mut texts);
            let err = restore(&mut doc, texts).unwrap_err();
            assert_eq!(doc, catalog, "{err}: the catalog was changed");
            err
        };
        assert!(refused(&|t| t.number = 99).contains("not in the catalog"));
        let err = refused(&|t| {
            t.programs[0].activities.pop();
        });
        assert!(err.contains("activities"), "{err}");
        let err = refused(&|t| t.programs.push(t.programs[0].clone()));
        assert!(err.contains("one programme"), "{err}");
    }
}
