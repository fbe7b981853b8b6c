//! The walk through the report: cover, table of contents, then for each programme its
//! heading lines and tables.

use crate::activities::ActivityBuilder;
use crate::front::{self, TocEntry};
use crate::html;
use crate::indicator_tables::IndicatorTableBuilder;
use crate::input::Line;
use crate::ParseError;
use regex::Regex;
use rendiconto_model::{CouncilLine, Document, Mission, Note, Program, ProgramId, FORMAT_VERSION};
use std::sync::LazyLock;

static MISSION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^MISSIONE (\d+):\s*(.+?)\s*$").unwrap());
static PROGRAM: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^PROGRAMMA (\d+):\s*(.+?)\s*$").unwrap());
const UNITS: &str = "UNITÀ ORGANIZZATIVE COINVOLTE:";
const STAKEHOLDERS: &str = "STAKEHOLDERS:";
const LINES_HEADING: &str = "LINEE PROGRAMMATICHE APPROVATE DAL CONSIGLIO COMUNALE";

/// Which table the current row belongs to.
enum Table {
    None,
    Council,
    /// Number of header cells, to tell a truncated last row.
    Activities(usize),
    Indicators(IndicatorTableBuilder, usize),
}

/// Which multi-line heading a plain text line continues.
#[derive(PartialEq)]
enum Heading {
    None,
    Units,
    Stakeholders,
}

struct ProgramState {
    program: Program,
    /// `m9-p3`: its activities' and tables' ids start with it.
    id: ProgramId,
    units_text: String,
    stakeholders_text: String,
    activities: ActivityBuilder,
    /// Width of the last activity table header, while no other table has started.
    last_table_width: Option<usize>,
}

pub fn parse(lines: &[Line]) -> Result<Document, ParseError> {
    // The table of contents separates the cover from the body.
    let mut toc: Vec<TocEntry> = Vec::new();
    let mut toc_mission = 0;
    let mut first_toc = None;
    let mut body_start = None;
    for (i, l) in lines.iter().enumerate() {
        if let Some(e) = front::toc_entry(l, toc_mission) {
            toc_mission = e.mission;
            first_toc.get_or_insert(i);
            toc.push(e);
        } else if !l.is_tabular() && MISSION.is_match(l.text.trim()) {
            body_start = Some(i);
            break;
        }
    }
    let Some(body_start) = body_start else {
        return Err(ParseError::NotAReport {
            line: lines.last().map_or(1, |l| l.number),
            reason: "no \"MISSIONE N: TITLE\" heading found".into(),
        });
    };
    let mut report = front::report_info(&lines[..first_toc.unwrap_or(body_start)]);
    if let Some(last_toc) = toc.last() {
        report.source_lines[1] = last_toc.line;
    }

    let mut doc = Document { format_version: FORMAT_VERSION, report, missions: Vec::new(), notes: Vec::new() };
    let mut state: Option<ProgramState> = None;
    let mut table = Table::None;
    let mut heading = Heading::None;
    let mut last_row: Option<(&Line, usize)> = None;
    // A programme's lines start at the MISSIONE heading printed above it.
    let mut mission_line = 0;

    for line in &lines[body_start..] {
        let text = line.text.trim();
        if line.is_blank() {
            table = close_table(table, &mut state);
            continue;
        }
        if !line.is_tabular() {
            table = close_table(table, &mut state);
            if let Some(c) = MISSION.captures(text) {
                let number: u32 = c[1].parse().unwrap_or(0);
                finish_program(&mut state, &mut doc);
                mission_line = line.number;
                if doc.missions.last().map(|m| m.number) != Some(number) {
                    let page = toc.iter().find(|e| e.is_mission && e.number == number).map(|e| e.page);
                    doc.missions.push(Mission { number, title: c[2].to_string(), page, programs: Vec::new() });
                }
                heading = Heading::None;
            } else if let Some(c) = PROGRAM.captures(text) {
                finish_program(&mut state, &mut doc);
                let Some(mission) = doc.missions.last() else { unreachable!("body starts with a mission") };
                let number: u32 = c[1].parse().unwrap_or(0);
                // Ids are mission + programme: a programme printed twice would mix two.
                let earlier = doc
                    .missions
                    .iter()
                    .filter(|m| m.number == mission.number)
                    .flat_map(|m| &m.programs)
                    .find(|p| p.number == number);
                if let Some(first) = earlier {
                    return Err(ParseError::Duplicate {
                        line: line.number,
                        what: format!("PROGRAMMA {number} of MISSIONE {}", mission.number),
                        first: first.source_lines[0],
                    });
                }
                let page = toc
                    .iter()
                    .find(|e| !e.is_mission && e.mission == mission.number && e.number == number)
                    .map(|e| e.page);
                let id = mission.id().program(number);
                state = Some(ProgramState {
                    program: Program {
                        number,
                        title: c[2].to_string(),
                        page,
                        units: Vec::new(),
                        stakeholders: Vec::new(),
                        lines: Vec::new(),
                        activities: Vec::new(),
                        indicator_tables: Vec::new(),
                        source_lines: [if mission_line > 0 { mission_line } else { line.number }, line.number],
                    },
                    id,
                    units_text: String::new(),
                    stakeholders_text: String::new(),
                    activities: ActivityBuilder::new(id),
                    last_table_width: None,
                });
                heading = Heading::None;
                mission_line = 0;
            } else if let Some(rest) = text.strip_prefix(UNITS) {
                if let Some(s) = state.as_mut() {
                    s.units_text = rest.trim().to_string();
                }
                heading = Heading::Units;
            } else if let Some(rest) = text.strip_prefix(STAKEHOLDERS) {
                if let Some(s) = state.as_mut() {
                    s.stakeholders_text = rest.trim().to_string();
                }
                heading = Heading::Stakeholders;
            } else if text == LINES_HEADING {
                heading = Heading::None;
            } else if let (Some(s), true) = (state.as_mut(), heading != Heading::None) {
                // A heading wrapped onto the next line.
                let target = if heading == Heading::Units { &mut s.units_text } else { &mut s.stakeholders_text };
                target.push(' ');
                target.push_str(text);
            } else {
                doc.notes.push(Note {
                    near: state.as_ref().map(|s| s.id.into()),
                    text: text.to_string(),
                    reason: "text outside any table or heading".into(),
                    source_lines: [line.number, line.number],
                });
            }
            if let Some(s) = state.as_mut() {
                s.program.source_lines[1] = line.number;
            }
            continue;
        }

        // A table line.
        heading = Heading::None;
        let cells = line.cells();
        let Some(s) = state.as_mut() else {
            doc.notes.push(Note {
                near: None,
                text: text.to_string(),
                reason: "table row before the first programme".into(),
                source_lines: [line.number, line.number],
            });
            continue;
        };
        s.program.source_lines[1] = line.number;
        let first = cells[0].trim();
        if first == "Numero" && cells.get(1).map(|c| c.trim()) == Some("Testo") {
            s.last_table_width = None;
            close_table(table, &mut state);
            table = Table::Council;
            last_row = Some((line, cells.len()));
            continue;
        }
        if first.starts_with("Rif linee") {
            s.last_table_width = Some(cells.len());
            close_table(table, &mut state);
            table = Table::Activities(cells.len());
            last_row = Some((line, cells.len()));
            continue;
        }
        let next_id = s.id.table(s.program.indicator_tables.len() as u32 + 1);
        if let Some(b) = IndicatorTableBuilder::start(&cells, line.number, next_id) {
            close_table(table, &mut state);
            state.as_mut().unwrap().last_table_width = None;
            table = Table::Indicators(b, cells.len());
            last_row = Some((line, cells.len()));
            continue;
        }
        last_row = Some((line, cells.len()));
        let s = state.as_mut().unwrap();
        if is_rule_row(&cells) {
            continue; // a "--- | ---" separator left over from the conversion
        }
        // After a page break the header is sometimes not repeated: a row as wide as an
        // activity row, in a programme whose last table was an activity table, goes on.
        if matches!(table, Table::None)
            && s.last_table_width.is_some_and(|w| cells.len() >= 11 && cells.len() <= w.max(11))
        {
            table = Table::Activities(s.last_table_width.unwrap());
        }
        match &mut table {
            Table::Council => s.program.lines.push(council_line(&cells, line.number)),
            Table::Activities(_) => s.activities.row(&cells, line.number, &mut doc.notes),
            Table::Indicators(b, width) => {
                b.row(&cells, line.number);
                let has_policy = *width != 6;
                if IndicatorTableBuilder::overflow(&cells, has_policy) > 0 && cells.len() > *width {
                    doc.notes.push(Note {
                        near: Some(b.table.id.into()),
                        text: cells[*width..].join(" ").trim().to_string(),
                        reason: "cells beyond the table's year columns".into(),
                        source_lines: [line.number, line.number],
                    });
                }
            }
            Table::None => {
                // Rows after a blank line with no header: the table went on (page break).
                doc.notes.push(Note {
                    near: Some(s.id.into()),
                    text: cells.iter().map(|c| c.trim()).filter(|c| !c.is_empty()).collect::<Vec<_>>().join(" | "),
                    reason: "table row without a table header".into(),
                    source_lines: [line.number, line.number],
                });
            }
        }
    }

    check_truncation(lines, &table, last_row, &state)?;
    close_table(table, &mut state);
    finish_program(&mut state, &mut doc);
    check_toc(&toc, &doc, lines)?;
    Ok(doc)
}

fn is_rule_row(cells: &[&str]) -> bool {
    cells.iter().all(|c| c.trim().chars().all(|ch| ch == '-' || ch == ':')) && cells.iter().any(|c| c.trim().len() >= 3)
}

fn close_table(table: Table, state: &mut Option<ProgramState>) -> Table {
    if let (Table::Indicators(b, _), Some(s)) = (table, state.as_mut()) {
        s.program.indicator_tables.push(b.table);
    }
    Table::None
}

fn council_line(cells: &[&str], line: usize) -> CouncilLine {
    let get = |i: usize| cells.get(i).and_then(|c| html::cell_text(c));
    CouncilLine {
        number: get(0).unwrap_or_default(),
        text: get(1).unwrap_or_default(),
        agenda2030: get(2),
        pnrr: get(3),
        source_line: line,
    }
}

fn finish_program(state: &mut Option<ProgramState>, doc: &mut Document) {
    let Some(mut s) = state.take() else { return };
    s.program.units = split_units(&s.units_text);
    s.program.stakeholders = split_stakeholders(&s.stakeholders_text);
    let activities = std::mem::take(&mut s.activities.activities);
    // Notes made while reading this programme's rows point at the nearest activity.
    for note in doc.notes.iter_mut().filter(|n| n.near.is_none()) {
        let activity = activities
            .iter()
            .find(|a| a.source_lines[0] <= note.source_lines[0] && note.source_lines[0] <= a.source_lines[1]);
        note.near = Some(activity.map_or(s.id.into(), |a| a.id.into()));
    }
    s.program.activities = activities;
    if let Some(m) = doc.missions.iter_mut().find(|m| m.number == s.id.mission) {
        m.programs.push(s.program);
    }
}

/// Units are separated by " - "; a few programmes list them with commas, which also
/// occur inside unit names ("DIPARTIMENTO GRANDI OPERE, INFRASTRUTTURE E MOBILITÀ"), so a
/// comma separates only when a new unit kind follows it.
fn split_units(text: &str) -> Vec<String> {
    const KINDS: &[&str] = &[
        "DIPARTIMENTO",
        "DIVISIONE",
        "SERVIZIO",
        "GABINETTO",
        "SEGRETARIO",
        "DIREZIONE",
        "AREA",
        "UFFICIO",
        "CORPO",
        "AVVOCATURA",
    ];
    static DASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s+-\s+|^-\s+|\s+-$").unwrap());
    let mut out = Vec::new();
    for part in DASH.split(text.trim()) {
        let mut start = 0;
        for (i, _) in part.match_indices(", ") {
            let next = &part[i + 2..];
            if KINDS.iter().any(|k| next.starts_with(k)) {
                out.push(part[start..i].to_string());
                start = i + 2;
            }
        }
        out.push(part[start..].to_string());
    }
    tidy(out)
}

/// Stakeholders are separated by ";" when any item has a comma inside, else by "," or " - ".
fn split_stakeholders(text: &str) -> Vec<String> {
    static COMMA_OR_DASH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",|\s+-\s+").unwrap());
    if text.contains(';') {
        tidy(text.split(';').map(str::to_string).collect())
    } else {
        tidy(COMMA_OR_DASH.split(text).map(str::to_string).collect())
    }
}

fn tidy(items: Vec<String>) -> Vec<String> {
    items.into_iter().map(|s| s.trim().to_string()).filter(|s| !s.is_empty() && s != "-").collect()
}

/// A file cut off inside a table: its last row is narrower than the table's header.
fn check_truncation(
    lines: &[Line],
    table: &Table,
    last_row: Option<(&Line, usize)>,
    state: &Option<ProgramState>,
) -> Result<(), ParseError> {
    let last = lines.iter().rev().find(|l| !l.is_blank());
    let Some(last) = last else { return Ok(()) };
    let width = match table {
        Table::Activities(w) => Some(*w),
        Table::Indicators(_, w) => Some(*w),
        Table::Council => Some(4),
        Table::None => None,
    };
    if let (Some(width), Some((row, cells))) = (width, last_row) {
        if row.number == last.number && cells < width.min(11) {
            return Err(ParseError::Truncated {
                line: last.number,
                reason: format!("its last row has {cells} of the table's {width} columns"),
            });
        }
    }
    if let Some(s) = state {
        let p = &s.program;
        if p.lines.is_empty()
            && s.activities.activities.is_empty()
            && p.indicator_tables.is_empty()
            && !matches!(table, Table::Indicators(..))
        {
            return Err(ParseError::Truncated {
                line: last.number,
                reason: format!("PROGRAMMA {}: {} ends before any of its tables", p.number, p.title),
            });
        }
    }
    Ok(())
}

/// Every programme the table of contents lists must be in the body.
fn check_toc(toc: &[TocEntry], doc: &Document, lines: &[Line]) -> Result<(), ParseError> {
    let last_line = lines.last().map_or(1, |l| l.number);
    for e in toc.iter().filter(|e| !e.is_mission) {
        let found = doc
            .missions
            .iter()
            .filter(|m| m.number == e.mission)
            .flat_map(|m| &m.programs)
            .any(|p| p.number == e.number);
        if !found {
            return Err(ParseError::Truncated {
                line: last_line,
                reason: format!(
                    "the table of contents (line {}) lists PROGRAMMA {}: {} of MISSIONE {}, which the text never reaches",
                    e.line, e.number, e.title, e.mission
                ),
            });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_split_on_dashes_and_on_commas_before_a_unit_kind() {
        assert_eq!(
            split_units("DIPARTIMENTO GRANDI OPERE, INFRASTRUTTURE E MOBILITÀ, DIVISIONE VERDE E PARCHI, DIVISIONE INFRASTRUTTURE - DIVISIONE SPORT E TEMPO LIBERO"),
            vec![
                "DIPARTIMENTO GRANDI OPERE, INFRASTRUTTURE E MOBILITÀ",
                "DIVISIONE VERDE E PARCHI",
                "DIVISIONE INFRASTRUTTURE",
                "DIVISIONE SPORT E TEMPO LIBERO"
            ]
        );
        assert_eq!(
            split_units("DIVISIONE MOBILITÀ - DIPARTIMENTO FONDI EUROPEI E PNRR"),
            vec!["DIVISIONE MOBILITÀ", "DIPARTIMENTO FONDI EUROPEI E PNRR"]
        );
    }

    #[test]
    fn stakeholders_split_on_semicolons_first() {
        assert_eq!(split_stakeholders("CITTADINI, ISTITUZIONI"), vec!["CITTADINI", "ISTITUZIONI"]);
        assert_eq!(split_stakeholders("CITTADINI - OPERATORI ECONOMICI"), vec!["CITTADINI", "OPERATORI ECONOMICI"]);
        assert_eq!(
            split_stakeholders("CITTADINI; COOPERATIVE SOCIALI, ASSOCIAZIONI E ENTI NO PROFIT; ASL"),
            vec!["CITTADINI", "COOPERATIVE SOCIALI, ASSOCIAZIONI E ENTI NO PROFIT", "ASL"]
        );
    }
}
