//! The data model of "Rendiconto 2023 — Relazione sull'attuazione del programma".
//!
//! Every text is kept exactly as printed in the report (trimmed, HTML turned into
//! plain text); numbers are added beside values only when they are unambiguous.
//! Every item carries the 1-based source lines it came from, so a reader can always
//! go back to the report.

mod id;
mod number;

pub use id::{ActivityId, BadId, ItemId, MissionId, NearId, ProgramId, TableId};
pub use number::parse_italian_number;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Version of the JSON shape; bumped on any incompatible change.
pub const FORMAT_VERSION: u32 = 1;

/// The five years the report's tables cover, in column order.
pub const YEARS: [&str; 5] = ["2022", "2023", "2024", "2025", "2026"];

/// First and last source line (1-based, inclusive).
pub type LineRange = [usize; 2];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    pub format_version: u32,
    pub report: ReportInfo,
    pub missions: Vec<Mission>,
    /// Text that could not be placed with confidence, with its source lines.
    pub notes: Vec<Note>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct ReportInfo {
    pub title: String,
    pub entity: String,
    /// "ESERCIZIO 2023 (riferito al periodo 2021-2026)".
    pub period: String,
    pub fiscal_year: Option<String>,
    /// Every other line of the cover pages, as printed, in order.
    pub front_matter: Vec<String>,
    pub premessa: Vec<String>,
    pub source_lines: LineRange,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Mission {
    pub number: u32,
    pub title: String,
    /// PDF page given by the table of contents.
    pub page: Option<u32>,
    pub programs: Vec<Program>,
}

impl Mission {
    /// `m9`.
    pub fn id(&self) -> MissionId {
        MissionId(self.number)
    }

    /// The id of one of its programmes: `m9-p3`.
    pub fn program_id(&self, program: &Program) -> ProgramId {
        self.id().program(program.number)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Program {
    pub number: u32,
    pub title: String,
    pub page: Option<u32>,
    pub units: Vec<String>,
    pub stakeholders: Vec<String>,
    pub lines: Vec<CouncilLine>,
    pub activities: Vec<Activity>,
    pub indicator_tables: Vec<IndicatorTable>,
    pub source_lines: LineRange,
}

/// A line of the council's programme ("Linee programmatiche approvate dal Consiglio").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CouncilLine {
    pub number: String,
    pub text: String,
    pub agenda2030: Option<String>,
    pub pnrr: Option<String>,
    pub source_line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Activity {
    /// Stable, URL-safe: `m9-p3-a1` (see [`ActivityId`]).
    pub id: ActivityId,
    /// "Rif linee CC" as printed ("1,2" → ["1", "2"]; "-" or empty → []).
    pub line_refs: Vec<String>,
    /// The first policy ("Politica di riferimento del PdO").
    pub policy: Option<String>,
    /// Every policy named by the activity's rows, first one included.
    pub policies: Vec<String>,
    /// "Attività da conseguire…". `None` for activities the report lists as achieved,
    /// whose text stands in the actions column.
    pub objective: Option<String>,
    /// The first status ("Stato dell'obiettivo").
    pub status: Option<String>,
    /// Every status printed for the activity (some have one per sub-project).
    pub statuses: Vec<String>,
    pub actions: Vec<Action>,
    pub indicators: Vec<Indicator>,
    pub source_lines: LineRange,
}

impl Activity {
    /// What to call the activity on screen: its objective, or for achieved activities
    /// the first action text.
    pub fn title(&self) -> &str {
        self.objective.as_deref().or_else(|| self.actions.first().map(|a| a.text.as_str())).unwrap_or("")
    }

    /// The distinct years the actions are grouped under, in order.
    pub fn action_years(&self) -> Vec<&str> {
        let mut years: Vec<&str> = Vec::new();
        for a in &self.actions {
            if let Some(y) = a.year.as_deref() {
                if !years.contains(&y) {
                    years.push(y);
                }
            }
        }
        years
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Action {
    /// "2022", "2023", "2022-2023", or `None` when the text names no year.
    pub year: Option<String>,
    pub text: String,
    pub source_line: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Indicator {
    pub name: Option<String>,
    /// Keyed by the years 2022–2026; `None` for an empty cell.
    pub values: BTreeMap<String, Option<String>>,
    /// The parsed number beside each value that has an unambiguous one.
    pub numbers: BTreeMap<String, f64>,
    pub source_line: usize,
}

impl Indicator {
    pub fn new(name: Option<String>, cells: &[Option<String>], source_line: usize) -> Self {
        let (values, numbers) = year_values(cells);
        Indicator { name, values, numbers, source_line }
    }

    pub fn has_values(&self) -> bool {
        self.values.values().any(Option::is_some)
    }
}

/// The cells of the five year columns, keyed by year (every year present, `None` when
/// empty), and the numbers read from them where unambiguous.
pub fn year_values(cells: &[Option<String>]) -> (BTreeMap<String, Option<String>>, BTreeMap<String, f64>) {
    let mut values = BTreeMap::new();
    let mut numbers = BTreeMap::new();
    for (i, year) in YEARS.iter().enumerate() {
        let v = cells.get(i).cloned().flatten();
        if let Some(n) = v.as_deref().and_then(parse_italian_number) {
            numbers.insert(year.to_string(), n);
        }
        values.insert(year.to_string(), v);
    }
    (values, numbers)
}

/// An indicator-only table ("Politica di riferimento del PdO / Indicatori di risultato"
/// or "Indicatori comuni per le funzioni di supporto delle Amministrazioni Pubbliche").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorTable {
    /// Stable, URL-safe: `m1-p3-t1` (see [`TableId`]).
    pub id: TableId,
    pub title: String,
    /// The year headers as printed (one table reads 2022, 2023, 2024, 2025, 2025);
    /// values are keyed by column position, i.e. by [`YEARS`].
    pub year_headers: Vec<String>,
    pub rows: Vec<IndicatorRow>,
    pub source_lines: LineRange,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorRow {
    pub policy: Option<String>,
    pub name: Option<String>,
    /// A sub-row label under a parent indicator ("Dirigenti", "E.Q.", "Totale"…).
    pub category: Option<String>,
    pub values: BTreeMap<String, Option<String>>,
    pub numbers: BTreeMap<String, f64>,
    pub source_line: usize,
}

/// Text kept because it could not be placed with confidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Note {
    /// Id of the nearest item (activity, table or programme), if any.
    pub near: Option<NearId>,
    pub text: String,
    pub reason: String,
    pub source_lines: LineRange,
}

impl Document {
    pub fn activities(&self) -> impl Iterator<Item = (&Mission, &Program, &Activity)> {
        self.missions
            .iter()
            .flat_map(|m| m.programs.iter().flat_map(move |p| p.activities.iter().map(move |a| (m, p, a))))
    }

    pub fn find_activity(&self, id: ActivityId) -> Option<(&Mission, &Program, &Activity)> {
        self.activities().find(|(_, _, a)| a.id == id)
    }
}
