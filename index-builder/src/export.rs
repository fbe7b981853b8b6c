//! Open-data exports: the JSON document, and CSV with one row per indicator value.

use rendiconto_model::{Document, YEARS};
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
            let head = [
                m.number.to_string(),
                m.title.clone(),
                p.number.to_string(),
                p.title.clone(),
            ];
            for a in &p.activities {
                for ind in &a.indicators {
                    for year in YEARS {
                        let mut rec = head.to_vec();
                        rec.extend([
                            a.id.clone(),
                            opt(&a.policy),
                            opt(&a.objective),
                            opt(&a.status),
                            opt(&ind.name),
                            String::new(),
                            year.to_string(),
                            opt(&ind.values[year]),
                            ind.numbers
                                .get(year)
                                .map(|n| n.to_string())
                                .unwrap_or_default(),
                            ind.source_line.to_string(),
                        ]);
                        w.write_record(&rec)?;
                    }
                }
            }
            for t in &p.indicator_tables {
                for row in &t.rows {
                    for year in YEARS {
                        let mut rec = head.to_vec();
                        rec.extend([
                            t.id.clone(),
                            opt(&row.policy),
                            String::new(),
                            String::new(),
                            opt(&row.name),
                            opt(&row.category),
                            year.to_string(),
                            opt(&row.values[year]),
                            row.numbers
                                .get(year)
                                .map(|n| n.to_string())
                                .unwrap_or_default(),
                            row.source_line.to_string(),
                        ]);
                        w.write_record(&rec)?;
                    }
                }
            }
        }
    }
    w.flush()?;
    Ok(())
}
