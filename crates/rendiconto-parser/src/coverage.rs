//! Proof that nothing is lost: every word of every source line must be found in a model
//! item that cites that line. Table header rows and heading labels ("STAKEHOLDERS:",
//! "Rif linee CC …") are structure: their words are the model's field names, and are
//! counted apart.

use crate::html;
use crate::input;
use rendiconto_model::Document;
use std::collections::HashSet;

#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Coverage {
    /// Words in the source (markup excluded).
    pub total_words: usize,
    /// Words of table headers and heading labels.
    pub structural_words: usize,
    /// Content words found in an item citing their line.
    pub placed_words: usize,
    /// Lines with words not found, with those words.
    pub unplaced: Vec<(usize, Vec<String>)>,
}

impl Coverage {
    /// Share of content words placed, 0.0–1.0.
    pub fn share(&self) -> f64 {
        let content = self.total_words - self.structural_words;
        if content == 0 {
            1.0
        } else {
            self.placed_words as f64 / content as f64
        }
    }
}

const LABELS: &[&str] =
    &["UNITÀ ORGANIZZATIVE COINVOLTE:", "STAKEHOLDERS:", "LINEE PROGRAMMATICHE APPROVATE DAL CONSIGLIO COMUNALE"];

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| w.to_lowercase()).collect()
}

fn is_header_row(line: &str) -> bool {
    let first = line.split('\t').next().unwrap_or("").trim();
    line.contains('\t')
        && (first == "Numero" || first.starts_with("Rif linee") || first.starts_with("Politica di riferimento"))
}

pub fn measure(text: &str, doc: &Document) -> Coverage {
    let n_lines = text.split('\n').count() + 1;
    let mut bags: Vec<HashSet<String>> = vec![HashSet::new(); n_lines + 1];
    let mut add = |range: [usize; 2], text: &str| {
        let ws = words(text);
        for bag in &mut bags[range[0]..=range[1].min(n_lines)] {
            bag.extend(ws.iter().cloned());
        }
    };

    let r = &doc.report;
    let mut front = vec![r.title.clone(), r.entity.clone(), r.period.clone()];
    front.extend(r.front_matter.iter().cloned());
    front.extend(r.premessa.iter().cloned());
    for m in &doc.missions {
        front.push(format!("MISSIONE {} {} {}", m.number, m.title, m.page.unwrap_or(0)));
        for p in &m.programs {
            front.push(format!("PROGRAMMA {} {} {}", p.number, p.title, p.page.unwrap_or(0)));
        }
    }
    add(r.source_lines, &front.join(" "));

    for m in &doc.missions {
        for p in &m.programs {
            let mut head =
                vec![format!("MISSIONE {} {}", m.number, m.title), format!("PROGRAMMA {} {}", p.number, p.title)];
            head.extend(p.units.iter().cloned());
            head.extend(p.stakeholders.iter().cloned());
            add(p.source_lines, &head.join(" "));
            for l in &p.lines {
                let t = [Some(&l.number), Some(&l.text), l.agenda2030.as_ref(), l.pnrr.as_ref()];
                add([l.source_line, l.source_line], &t.into_iter().flatten().cloned().collect::<Vec<_>>().join(" "));
            }
            for a in &p.activities {
                let mut t = a.line_refs.clone();
                t.extend(a.policies.iter().cloned());
                t.extend(a.objective.iter().cloned());
                t.extend(a.statuses.iter().cloned());
                for x in &a.actions {
                    t.extend(x.year.iter().cloned());
                    t.push(x.text.clone());
                }
                for i in &a.indicators {
                    t.extend(i.name.iter().cloned());
                    t.extend(i.values.values().flatten().cloned());
                }
                add(a.source_lines, &t.join(" "));
            }
            for tb in &p.indicator_tables {
                let mut t = vec![tb.title.clone()];
                t.extend(tb.year_headers.iter().cloned());
                for row in &tb.rows {
                    t.extend([&row.policy, &row.name, &row.category].into_iter().flatten().cloned());
                    t.extend(row.values.values().flatten().cloned());
                }
                add(tb.source_lines, &t.join(" "));
            }
        }
    }
    for note in &doc.notes {
        add(note.source_lines, &note.text);
    }

    let mut cov = Coverage { total_words: 0, structural_words: 0, placed_words: 0, unplaced: Vec::new() };
    for line in input::lines(text) {
        let mut content = html::strip_tags(line.text);
        if is_header_row(line.text) || words(&content).is_empty() {
            let n = words(&content).len();
            cov.total_words += n;
            cov.structural_words += n;
            continue;
        }
        for label in LABELS {
            if content.contains(label) {
                cov.structural_words += words(label).len();
                cov.total_words += words(label).len();
                content = content.replace(label, " ");
            }
        }
        let mut missing = Vec::new();
        for w in words(&content) {
            cov.total_words += 1;
            if bags[line.number].contains(&w) {
                cov.placed_words += 1;
            } else {
                missing.push(w);
            }
        }
        if !missing.is_empty() {
            match cov.unplaced.last_mut() {
                Some((n, ws)) if *n == line.number => ws.extend(missing),
                _ => cov.unplaced.push((line.number, missing)),
            }
        }
    }
    cov
}
