//! The flat CSV: one row per indicator value (five per indicator, one per year), for a
//! spreadsheet. The tidy tables are in [`crate::datapackage`].

use rendiconto_model::{Document, YEARS};
use std::collections::BTreeMap;
use std::io::Write;

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
                        a.id.to_string(),
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
                        t.id.to_string(),
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

pub fn csv_string(doc: &Document) -> String {
    let mut out = Vec::new();
    csv(doc, &mut out).expect("writing to memory");
    String::from_utf8(out).expect("the CSV of UTF-8 texts is UTF-8")
}
