//! Rows of the activity tables ("Rif linee CC | Politica | Attività da conseguire |
//! Stato | Azioni | Indicatori | 2022 … 2026") become activities.
//!
//! A row starts a new activity when it names a council line or an objective. Any other
//! row continues the activity above (also across a page break, where the PDF repeats the
//! header): it adds a policy, a status, actions or indicators. Its values fill, in order,
//! the indicator names that an earlier row listed as several paragraphs of one cell.

use crate::{actions, html};
use regex::Regex;
use rendiconto_model::{Activity, Indicator, Note, ProgramId, YEARS};
use std::sync::LazyLock;

const RIF: usize = 0;
const POLICY: usize = 1;
const OBJECTIVE: usize = 2;
const STATUS: usize = 3;
const ACTIONS: usize = 4;
const INDICATOR: usize = 5;
const FIRST_VALUE: usize = 6;

/// Action text that slid into the policy column ("\t2023 Modifica Regolamento…").
static YEAR_LED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^20[12]\d\b").unwrap());
/// Text led by a year: "2023 Recepimento…", "2022-2023: Avvio…".
static YEAR_TEXT: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^20[12]\d(\s*[-–]\s*20[12]\d)?\s*[:\-–.]?\s*\p{L}").unwrap());
/// A cell that reads as a value: a number, a money amount, N.D., a dash.
static VALUE_LIKE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^([€<>≤≥~+]\s*)?\d|^(n\.?\s?d\.?|-|–|—)$").unwrap());

pub struct ActivityBuilder {
    /// The programme: activities are numbered in it from 1, in report order.
    program: ProgramId,
    pub activities: Vec<Activity>,
    /// Running year of the last activity's actions, for cells continued across pages.
    year: Option<String>,
    /// Indicators of the last activity still waiting for their values.
    pending: Vec<usize>,
}

impl ActivityBuilder {
    pub fn new(program: ProgramId) -> Self {
        ActivityBuilder { program, activities: Vec::new(), year: None, pending: Vec::new() }
    }

    /// Adds one table row. `notes` receives what cannot be placed with confidence.
    pub fn row(&mut self, raw_cells: &[&str], line: usize, notes: &mut Vec<Note>) {
        let mut cells: Vec<Option<String>> = raw_cells.iter().map(|c| html::cell_text(c)).collect();
        cells.resize(cells.len().max(FIRST_VALUE + YEARS.len()), None);

        let mut raw: Vec<&str> = raw_cells.to_vec();
        raw.resize(cells.len(), "");
        realign_shifted(&mut cells, &mut raw);
        let raw_cells = raw.as_slice();

        let rif = cells[RIF].clone().filter(|r| r != "-");
        let has_rest = (STATUS..cells.len()).any(|i| cells[i].is_some());
        let starts_new = cells[OBJECTIVE].is_some() || (cells[RIF].is_some() && has_rest) || self.activities.is_empty();
        if starts_new {
            self.year = None;
            self.pending.clear();
            self.activities.push(Activity {
                id: self.program.activity(self.activities.len() as u32 + 1),
                line_refs: rif.as_deref().map(split_refs).unwrap_or_default(),
                policy: None,
                policies: Vec::new(),
                objective: cells[OBJECTIVE].clone(),
                status: None,
                statuses: Vec::new(),
                actions: Vec::new(),
                indicators: Vec::new(),
                source_lines: [line, line],
            });
        } else if let Some(r) = rif {
            // A continuation naming a council line the first row did not.
            let a = self.activities.last_mut().unwrap();
            for r in split_refs(&r) {
                if !a.line_refs.contains(&r) {
                    a.line_refs.push(r);
                }
            }
        }
        let activity = self.activities.last_mut().unwrap();
        activity.source_lines[1] = line;

        if let Some(p) = cells[POLICY].clone().filter(|p| p != "-") {
            if !activity.policies.contains(&p) {
                activity.policies.push(p);
            }
            activity.policy = activity.policies.first().cloned();
        }
        if let Some(s) = cells[STATUS].clone() {
            if !activity.statuses.contains(&s) {
                activity.statuses.push(s);
            }
            activity.status = activity.statuses.first().cloned();
        }
        if cells[ACTIONS].is_some() {
            let grouped = actions::group_by_year(raw_cells[ACTIONS], line, &mut self.year);
            activity.actions.extend(grouped);
        }

        // Indicator names: one per paragraph of the cell. Values come in groups of five;
        // a 26-column row carries one group per name.
        let names = raw_cells.get(INDICATOR).map(|c| html::paragraphs(c)).unwrap_or_default();
        let groups = value_groups(&cells[FIRST_VALUE..], names.len());
        let mut groups_iter = groups.into_iter();
        if !names.is_empty() {
            // Values never travel back past a newly named indicator.
            self.pending.clear();
        }
        for name in names {
            let values = groups_iter.next().unwrap_or_default();
            let filled = values.iter().any(Option::is_some);
            activity.indicators.push(Indicator::new(Some(name), &values, line));
            if !filled {
                self.pending.push(activity.indicators.len() - 1);
            }
        }
        for values in groups_iter {
            if values.iter().all(Option::is_none) {
                continue;
            }
            if !self.pending.is_empty() {
                let idx = self.pending.remove(0);
                let name = activity.indicators[idx].name.clone();
                activity.indicators[idx] = Indicator::new(name, &values, line);
            } else {
                activity.indicators.push(Indicator::new(None, &values, line));
                notes.push(Note {
                    near: None,
                    text: values.iter().flatten().cloned().collect::<Vec<_>>().join(" | "),
                    reason: "values without an indicator name".into(),
                    source_lines: [line, line],
                });
            }
        }
    }
}

/// Some continuation rows lost their leading empty cells in the conversion, so their
/// content sits columns to the left: "\t2022-2023 Nuove Zone 30\t\t\tN° mq\t290\t540"
/// (action, indicator, values) or "\tN° mostre\t5\t2" (indicator, values). Such a row
/// has no objective and no status, and either starts with year-led action text (no
/// council line or policy does) or has a value right after a label before the value
/// columns. It is read by content: year-led text is action, the label before the
/// values (or after the action) is the indicator, then the values in order.
fn realign_shifted(cells: &mut [Option<String>], raw: &mut [&str]) {
    // "2023 Recepimento delle modifiche…" starts with digits but is action text.
    let is_value = |t: &str| VALUE_LIKE.is_match(t) && !YEAR_TEXT.is_match(t) && t.chars().count() <= 40;
    let is_text = |c: &Option<String>| c.as_deref().is_some_and(|t| !is_value(t));
    if is_text(&cells[OBJECTIVE]) || is_text(&cells[STATUS]) {
        return;
    }
    let filled: Vec<usize> = (0..cells.len()).filter(|&i| cells[i].is_some()).collect();
    let text = |i: usize| cells[i].as_deref().unwrap_or("");
    let year_led = |i: usize| i <= POLICY && YEAR_LED.is_match(text(i));
    let value_after_label = filled.windows(2).any(|w| {
        w[1] < FIRST_VALUE && VALUE_LIKE.is_match(text(w[1])) && !VALUE_LIKE.is_match(text(w[0])) && !year_led(w[0])
    });
    if !filled.iter().any(|&i| year_led(i)) && !value_after_label {
        return;
    }
    let (mut action, mut indicator, mut values) = (None, None, Vec::new());
    for &i in &filled {
        if year_led(i) && action.is_none() {
            action = Some(i);
        } else if indicator.is_some() && (is_value(text(i)) || !values.is_empty()) {
            values.push(i);
        } else if indicator.is_none() && !is_value(text(i)) {
            indicator = Some(i);
        } else {
            return; // not a shape this rule knows: keep the row as printed
        }
    }
    if FIRST_VALUE + values.len() > cells.len() {
        return; // more values than columns: not a shifted row after all
    }
    let old_cells = cells.to_vec();
    let old_raw = raw.to_vec();
    for (c, r) in cells.iter_mut().zip(raw.iter_mut()) {
        *c = None;
        *r = "";
    }
    let mut put = |to: usize, from: usize| {
        cells[to] = old_cells[from].clone();
        raw[to] = old_raw[from];
    };
    if let Some(a) = action {
        put(ACTIONS, a);
    }
    if let Some(ind) = indicator {
        put(INDICATOR, ind);
    }
    for (k, v) in values.into_iter().enumerate() {
        put(FIRST_VALUE + k, v);
    }
}

/// The values of a row, one group of five years per indicator. A normal row has one
/// group. The one 26-column row of the report lists one indicator per paragraph and
/// its values as runs of adjacent cells whose positions drift; when the runs match the
/// names one to one, each run is one indicator's values from 2022 on.
fn value_groups(values: &[Option<String>], names: usize) -> Vec<Vec<Option<String>>> {
    let positional: Vec<Vec<Option<String>>> = values.chunks(YEARS.len()).map(|g| g.to_vec()).collect();
    if values.len() <= YEARS.len() || names < 2 {
        return positional;
    }
    let mut runs: Vec<Vec<Option<String>>> = Vec::new();
    let mut previous_filled = false;
    for v in values {
        match (v, previous_filled) {
            (Some(_), true) => runs.last_mut().unwrap().push(v.clone()),
            (Some(_), false) => runs.push(vec![v.clone()]),
            (None, _) => {}
        }
        previous_filled = v.is_some();
    }
    if runs.len() == names && runs.iter().all(|r| r.len() <= YEARS.len()) {
        runs
    } else {
        positional
    }
}

/// "1,2" → ["1", "2"]; "1, 2" → ["1", "2"]; "1-2" → ["1", "2"].
fn split_refs(raw: &str) -> Vec<String> {
    raw.split([',', ';', '-', '–', ' ', '/']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendiconto_model::MissionId;

    fn feed(rows: &[&str]) -> (Vec<Activity>, Vec<Note>) {
        let mut b = ActivityBuilder::new(MissionId(1).program(2));
        let mut notes = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            b.row(&r.split('\t').collect::<Vec<_>>(), i + 1, &mut notes);
        }
        (b.activities, notes)
    }

    #[test]
    fn activities_are_numbered_in_their_programme_in_report_order() {
        let (acts, _) = feed(&[
            "1\tDecentramento\tPrima attività\tIn corso\t\t\t\t\t\t\t",
            "\t\t\tConcluso\t\t\t\t\t\t\t",
            "2\tDecentramento\tSeconda attività\tIn corso\t\t\t\t\t\t\t",
        ]);
        let ids: Vec<String> = acts.iter().map(|a| a.id.to_string()).collect();
        assert_eq!(ids, ["m1-p2-a1", "m1-p2-a2"]);
    }

    #[test]
    fn continuation_rows_fill_listed_indicators() {
        // Lines 138–141: four names in one cell, values on four rows.
        let (acts, notes) = feed(&[
            "1,2\tDecentramento\tDare compiuta attuazione\tIn corso\t<p>2022</p> <p>Uniformazione</p>\t<p>N° moduli</p> <p>N° Circoscrizioni</p> <p>N° online</p> <p>N° report</p>\t4\t0\t\t\t",
            "\t\t\t\t\t\t6\t0\t\t\t",
            "\t\t\t\t\t\t-\t1\t\t\t",
            "\t\t\t\t\t\t-\t8\t\t\t",
        ]);
        assert!(notes.is_empty());
        assert_eq!(acts.len(), 1);
        let a = &acts[0];
        assert_eq!(a.line_refs, vec!["1", "2"]);
        assert_eq!(a.indicators.len(), 4);
        assert_eq!(a.indicators[3].name.as_deref(), Some("N° report"));
        assert_eq!(a.indicators[3].values["2023"].as_deref(), Some("8"));
        assert_eq!(a.indicators[1].values["2022"].as_deref(), Some("6"));
        assert_eq!(a.source_lines, [1, 4]);
    }

    #[test]
    fn a_row_with_status_but_no_objective_continues_the_activity() {
        // Lines 1249–1251: one activity, three sub-project statuses.
        let (acts, _) = feed(&[
            "-\tInfrastrutture\tAvviare nuovi interventi\tConcluso (React)\t<p>2023 REACT EU</p>\tStato attuazione opere\t-\t-\t\t\t\t",
            "\t\t\tIn corso (Pinqa)\t<p>Pinqa RAC 4</p>\tStato attuazione opere\t-\t-i\t\t\t\t",
            "\t\t\tAvviato\tPN METRO PLUS\tStato attuazione opere\t-\t-\t\t\t\t",
        ]);
        assert_eq!(acts.len(), 1);
        assert_eq!(acts[0].status.as_deref(), Some("Concluso (React)"));
        assert_eq!(acts[0].statuses, vec!["Concluso (React)", "In corso (Pinqa)", "Avviato"]);
        assert_eq!(acts[0].indicators.len(), 3);
        assert_eq!(acts[0].indicators[1].values["2023"].as_deref(), Some("-i"));
        assert!(acts[0].actions.iter().all(|a| a.year.as_deref() == Some("2023")));
    }

    #[test]
    fn shifted_action_text_in_the_policy_column() {
        // Lines 253–254.
        let (acts, _) = feed(&[
            "1\tGestione dei servizi tributari\tPerfezionamento\tAvviato\t2022 Canone Unico\t\t\t\t\t\t",
            "\t2023 Modifica Regolamento\t\t\t\t\t\t\t\t\t",
        ]);
        assert_eq!(acts.len(), 1);
        assert_eq!(acts[0].policies, vec!["Gestione dei servizi tributari"]);
        let years: Vec<_> = acts[0].actions.iter().map(|a| a.year.as_deref().unwrap()).collect();
        assert_eq!(years, vec!["2022", "2023"]);
    }

    #[test]
    fn shifted_action_text_beside_an_indicator() {
        // Line 1160: the action sits in the policy column, the indicator where it belongs.
        let (acts, _) = feed(&[
            "-\tMobilità\tRealizzare Zone 30\tIn corso\t2022 Zone 30 Borgo\tN° km\t1\t2\t\t\t",
            "\t2022-2023 Nuove Zone 30\t\t\tN° mq\t290\t540\t\t\t\t",
            "\t2022 Nuovi alloggiamenti\t\t\tN° nuovi alloggiamenti\t\t\t\t\t\t",
            "2023 Prevista la rimozione\t\t\t\t\t\t\t\t\t\t",
            "\tN° mostre\t5\t2\t\t\t\t\t\t\t",
        ]);
        assert_eq!(acts[0].policies, vec!["Mobilità"]);
        let actions: Vec<_> = acts[0].actions.iter().map(|a| (a.year.as_deref().unwrap(), a.text.as_str())).collect();
        assert_eq!(
            actions,
            vec![
                ("2022", "Zone 30 Borgo"),
                ("2022-2023", "Nuove Zone 30"),
                ("2022", "Nuovi alloggiamenti"),
                ("2023", "Prevista la rimozione")
            ]
        );
        assert_eq!(acts[0].indicators[1].name.as_deref(), Some("N° mq"));
        assert_eq!(acts[0].indicators[1].values["2023"].as_deref(), Some("540"));
        assert_eq!(acts[0].indicators[2].name.as_deref(), Some("N° nuovi alloggiamenti"));
        assert_eq!(acts[0].indicators[3].name.as_deref(), Some("N° mostre"));
        assert_eq!(acts[0].indicators[3].values["2022"].as_deref(), Some("5"));
        assert_eq!(acts.len(), 1);
    }

    #[test]
    fn a_row_with_more_values_than_columns_is_kept_as_printed() {
        // Found by the property test in tests/never_panics.rs.
        let (acts, _) = feed(&["a\t-\t-\t\t-\t-\t<ul><li>x</li></ul>\t-"]);
        assert_eq!(acts.len(), 1);
        // Nine values after a label cannot fit five year columns: read by position.
        let (acts, _) = feed(&["1\tX\tObiettivo\tAvviato\t\t\t\t\t\t\t", "\tN° a\t1\t2\t3\t4\t5\t6\t7\t8\t9"]);
        assert_eq!(acts[1].objective.as_deref(), Some("1"));
    }

    #[test]
    fn achieved_activity_without_objective_and_extra_policy_rows() {
        // Lines 302 and 215–216.
        let (acts, _) = feed(&[
            "1\tPianificazione\t\tConcluso\tDefinire un piano organico\t\t\t\t\t\t",
            "-\tGestione appalti\tMettere in atto ogni azione\tIn corso\t2023 Individuazione CCNL\t\t\t\t\t\t",
            "-\tGestione rogiti e contratti\t\t\t\t\t\t\t\t\t",
        ]);
        assert_eq!(acts.len(), 2);
        assert_eq!(acts[0].objective, None);
        assert_eq!(acts[0].title(), "Definire un piano organico");
        assert_eq!(acts[1].policies, vec!["Gestione appalti", "Gestione rogiti e contratti"]);
    }

    #[test]
    fn wide_rows_carry_one_value_group_per_name() {
        // Line 1667: 26 columns, the runs of values drift by one column.
        let row = "-\tInnovazione\tPosizionare Torino\tIn corso\t<p>2022 Torino</p>\t<p>N. eventi</p> <p>N. partecipanti</p> <p>N. partnership</p> <p>N. workshop</p>\t1\t0\t\t\t\t300\t50\t\t\t2\t3\t\t\t\t\t40\t3\t\t\t";
        let (acts, notes) = feed(&[row]);
        assert!(notes.is_empty());
        let v: Vec<_> = acts[0].indicators.iter().map(|i| i.values["2022"].clone().unwrap()).collect();
        assert_eq!(v, vec!["1", "300", "2", "40"]);
    }
}
