//! Open-data exports: the JSON document, and CSV with one row per indicator value.
//! The CLI writes them for the whole report; the browser for the whole report, one
//! programme or the current search results ([`subset`]).

use rendiconto_model::{Document, YEARS};
use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

pub fn json(doc: &Document, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, doc)?;
    writeln!(out)
}

/// Columns: where the indicator stands, what it measures, one year's value as printed,
/// and the number read from it when unambiguous. Indicator-table rows use the table id.
pub const CSV_HEADER: [&str; 14] = [
    "missione",
    "missione_titolo",
    "programma",
    "programma_titolo",
    "id",
    "politica",
    "obiettivo",
    "stato",
    "indicatore",
    "categoria",
    "anno",
    "valore",
    "numero",
    "riga_sorgente",
];

pub fn csv(doc: &Document, out: &mut dyn Write) -> csv::Result<()> {
    let mut w = csv::Writer::from_writer(out);
    w.write_record(CSV_HEADER)?;
    let opt = |s: &Option<String>| s.clone().unwrap_or_default();
    for m in &doc.missions {
        for p in &m.programs {
            let head = [m.number.to_string(), m.title.clone(), p.number.to_string(), p.title.clone()];
            // One indicator's five rows: `item` is (id, policy, objective, status, indicator, category).
            let mut write = |item: [String; 6],
                             values: &BTreeMap<String, Option<String>>,
                             numbers: &BTreeMap<String, f64>,
                             line: usize| {
                for year in YEARS {
                    let mut rec = head.to_vec();
                    rec.extend(item.iter().cloned());
                    rec.extend([
                        year.to_string(),
                        opt(&values[year]),
                        numbers.get(year).map(|n| n.to_string()).unwrap_or_default(),
                        line.to_string(),
                    ]);
                    w.write_record(&rec)?;
                }
                Ok::<(), csv::Error>(())
            };
            for a in &p.activities {
                for ind in &a.indicators {
                    let item = [
                        a.id.clone(),
                        opt(&a.policy),
                        opt(&a.objective),
                        opt(&a.status),
                        opt(&ind.name),
                        String::new(),
                    ];
                    write(item, &ind.values, &ind.numbers, ind.source_line)?;
                }
            }
            for t in &p.indicator_tables {
                for row in &t.rows {
                    let item = [
                        t.id.clone(),
                        opt(&row.policy),
                        String::new(),
                        String::new(),
                        opt(&row.name),
                        opt(&row.category),
                    ];
                    write(item, &row.values, &row.numbers, row.source_line)?;
                }
            }
        }
    }
    w.flush()?;
    Ok(())
}

/// The document with only the activities and indicator tables whose id is in `ids`
/// (programmes and missions left empty are dropped). The report information stays.
pub fn subset(doc: &Document, ids: &BTreeSet<String>) -> Document {
    let mut out = doc.clone();
    out.notes.retain(|n| n.near.as_ref().is_some_and(|id| ids.contains(id)));
    for m in &mut out.missions {
        for p in &mut m.programs {
            p.activities.retain(|a| ids.contains(&a.id));
            p.indicator_tables.retain(|t| ids.contains(&t.id));
        }
        m.programs.retain(|p| !p.activities.is_empty() || !p.indicator_tables.is_empty());
    }
    out.missions.retain(|m| !m.programs.is_empty());
    out
}

pub fn json_string(doc: &Document) -> String {
    let mut out = Vec::new();
    json(doc, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("JSON is UTF-8")
}

pub fn csv_string(doc: &Document) -> String {
    let mut out = Vec::new();
    csv(doc, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("the CSV of UTF-8 texts is UTF-8")
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendiconto_model::{Activity, Indicator, Mission, Program, ReportInfo};

    fn doc() -> Document {
        let activity = |id: &str, value: &str| Activity {
            id: id.into(),
            line_refs: vec![],
            policy: Some("Mobilità, \"bici\"".into()),
            policies: vec![],
            objective: Some("Piste\nciclabili".into()),
            status: Some("In corso".into()),
            statuses: vec![],
            actions: vec![],
            indicators: vec![Indicator::new(Some("N° km".into()), &[Some(value.into())], 9)],
            source_lines: [9, 9],
        };
        let program = Program {
            number: 5,
            title: "VIABILITÀ".into(),
            page: Some(96),
            units: vec![],
            stakeholders: vec![],
            lines: vec![],
            activities: vec![activity("m10-p5-a1", "35,5"), activity("m10-p5-a2", "N.D.")],
            indicator_tables: vec![],
            source_lines: [1, 9],
        };
        Document {
            format_version: 1,
            report: ReportInfo::default(),
            missions: vec![Mission { number: 10, title: "TRASPORTI".into(), page: Some(94), programs: vec![program] }],
            notes: vec![],
        }
    }

    #[test]
    fn csv_quotes_and_numbers() {
        let text = csv_string(&doc());
        let mut r = ::csv::Reader::from_reader(text.as_bytes());
        let rows: Vec<::csv::StringRecord> = r.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), 10, "two indicators, five years each");
        assert_eq!(&rows[0][5], "Mobilità, \"bici\"");
        assert_eq!(&rows[0][6], "Piste\nciclabili");
        assert_eq!((&rows[0][11], &rows[0][12]), ("35,5", "35.5"));
        assert_eq!((&rows[5][11], &rows[5][12]), ("N.D.", ""));
    }

    #[test]
    fn subset_keeps_only_the_chosen_items() {
        let ids = BTreeSet::from(["m10-p5-a2".to_string()]);
        let s = subset(&doc(), &ids);
        assert_eq!(s.missions[0].programs[0].activities.len(), 1);
        assert_eq!(s.missions[0].programs[0].activities[0].id, "m10-p5-a2");
        assert!(subset(&doc(), &BTreeSet::new()).missions.is_empty());
        let back: Document = serde_json::from_str(&json_string(&s)).unwrap();
        assert_eq!(back, s);
    }
}
