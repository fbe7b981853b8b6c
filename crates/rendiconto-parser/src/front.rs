//! The cover pages, the "Premessa" and the table of contents.

use crate::input::Line;
use regex::Regex;
use rendiconto_model::ReportInfo;
use std::sync::LazyLock;

static TOC_ENTRY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(MISSIONE|PROGRAMMA) (\d+):\s*(.+?)\s*\.{3,}\s*\t\s*(\d+)\s*$").unwrap());

#[derive(Debug, Clone, PartialEq)]
pub struct TocEntry {
    pub is_mission: bool,
    pub number: u32,
    pub title: String,
    pub page: u32,
    pub line: usize,
    /// The mission this programme is listed under (for missions, their own number).
    pub mission: u32,
}

pub fn toc_entry(line: &Line, mission: u32) -> Option<TocEntry> {
    let c = TOC_ENTRY.captures(line.text)?;
    let is_mission = &c[1] == "MISSIONE";
    let number: u32 = c[2].parse().ok()?;
    Some(TocEntry {
        is_mission,
        number,
        title: c[3].to_string(),
        page: c[4].parse().ok()?,
        line: line.number,
        mission: if is_mission { number } else { mission },
    })
}

/// Reads the cover and the Premessa from the lines before the table of contents.
pub fn report_info(lines: &[Line]) -> ReportInfo {
    let mut info = ReportInfo::default();
    let non_blank: Vec<&Line> = lines.iter().filter(|l| !l.is_blank()).collect();
    info.source_lines = [non_blank.first().map_or(1, |l| l.number), non_blank.last().map_or(1, |l| l.number)];
    info.entity = non_blank.first().map(|l| l.text.trim().to_string()).unwrap_or_default();

    // The title is the bold block ("**RELAZIONE …\nANNUALE …**").
    let mut title_parts = Vec::new();
    let mut in_title = false;
    for l in &non_blank {
        let t = l.text.trim();
        if t.starts_with("**") {
            in_title = true;
        }
        if in_title {
            title_parts.push(t.trim_matches('*').trim().to_string());
            if t.ends_with("**") {
                break;
            }
        }
    }
    info.title = title_parts.join(" ");

    let mut in_premessa = false;
    for (i, l) in non_blank.iter().enumerate() {
        let t = l.text.trim();
        if t == "RENDICONTO" && info.fiscal_year.is_none() {
            info.fiscal_year = non_blank
                .get(i + 1)
                .map(|n| n.text.trim())
                .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
                .map(str::to_string);
        }
        if t.starts_with("ESERCIZIO ") && info.period.is_empty() {
            info.period = t.to_string();
            if let Some(next) = non_blank.get(i + 1).filter(|n| n.text.trim().starts_with('(')) {
                info.period = format!("{} {}", t, next.text.trim());
            }
        }
        if t == "PREMESSA" {
            in_premessa = true;
            info.front_matter.push(t.to_string());
            continue;
        }
        // Premessa paragraphs are sentences; its headings and the TOC title are not.
        let is_paragraph = t.ends_with(['.', ':', ';']) && t.len() > 60 || t.len() > 200;
        if in_premessa && is_paragraph {
            info.premessa.push(t.to_string());
        } else {
            info.front_matter.push(t.to_string());
        }
    }
    info
}
