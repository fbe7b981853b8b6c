//! Open-data exports of the report:
//!
//! - [`json`]: the data model as it is (the JSON document);
//! - [`csv`]: one flat CSV, one row per indicator value (also the browser's downloads);
//! - [`datapackage`]: the tidy tables of a Frictionless Data Package, with their Table
//!   Schemas (types, keys, Italian descriptions and English titles);
//! - [`dcat`]: DCAT-AP_IT metadata of the dataset and its files, as JSON-LD;
//! - [`dataset`]: what both describe (publisher, licence, titles, keywords, files), so
//!   that neither reads the other.
//!
//! The CLI writes them for the whole report; the browser for the whole report, one
//! programme or the current search results ([`subset`]). Every export is deterministic:
//! the same report gives the same bytes.

pub mod datapackage;
pub mod dataset;
pub mod dcat;
mod flat;
mod json;

pub use flat::{csv, csv_string, CSV_HEADER};
pub use json::{json, json_string, JSON_FILE};
use rendiconto_model::{Document, ItemId};
use std::collections::BTreeSet;

/// The document with only the activities and indicator tables whose id is in `ids`
/// (programmes and missions left empty are dropped), and the notes near them. The
/// report information stays.
pub fn subset(doc: &Document, ids: &BTreeSet<ItemId>) -> Document {
    let mut out = doc.clone();
    out.notes.retain(|n| n.near.and_then(|near| near.item()).is_some_and(|id| ids.contains(&id)));
    for m in &mut out.missions {
        for p in &mut m.programs {
            p.activities.retain(|a| ids.contains(&a.id.into()));
            p.indicator_tables.retain(|t| ids.contains(&t.id.into()));
        }
        m.programs.retain(|p| !p.activities.is_empty() || !p.indicator_tables.is_empty());
    }
    out.missions.retain(|m| !m.programs.is_empty());
    out
}

/// The open-data folder (`dist/dati/`): the Data Package (CSVs and `datapackage.json`),
/// the JSON export, the `extra` files given (the search documents), and `dcat.jsonld`
/// describing all of them. Returns (file name, bytes), in a fixed order.
pub fn open_data_folder(
    doc: &Document,
    meta: &dataset::Metadata,
    extra: Vec<(dataset::Distribution, Vec<u8>)>,
) -> Vec<(String, Vec<u8>)> {
    let tables = datapackage::tables(doc);
    let mut files = datapackage::files(doc, &tables, meta);
    files.push((JSON_FILE.to_string(), json_string(doc).into_bytes()));
    let mut distributions = datapackage::distributions(&tables);
    distributions.push(json::json_distribution());
    for (d, bytes) in extra {
        files.push((d.file.clone(), bytes));
        distributions.push(d);
    }
    files.push((dcat::FILE.to_string(), dcat::jsonld_bytes(doc, meta, &distributions)));
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use rendiconto_model::{Activity, Indicator, Mission, MissionId, Note, Program, ReportInfo};

    fn doc() -> Document {
        let activity = |n: u32, value: &str| Activity {
            id: MissionId(10).program(5).activity(n),
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
            activities: vec![activity(1, "35,5"), activity(2, "N.D.")],
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
        let ids = BTreeSet::from(["m10-p5-a2".parse().unwrap()]);
        let mut d = doc();
        for near in ["m10-p5-a2", "m10-p5-a1", "m10-p5"] {
            d.notes.push(Note {
                near: Some(near.parse().unwrap()),
                text: near.into(),
                reason: "".into(),
                source_lines: [9, 9],
            });
        }
        let s = subset(&d, &ids);
        assert_eq!(s.missions[0].programs[0].activities.len(), 1);
        assert_eq!(s.missions[0].programs[0].activities[0].id.to_string(), "m10-p5-a2");
        assert_eq!(s.notes.iter().map(|n| n.text.as_str()).collect::<Vec<_>>(), ["m10-p5-a2"]);
        assert!(subset(&doc(), &BTreeSet::new()).missions.is_empty());
        let back: Document = serde_json::from_str(&json_string(&s)).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn package_rows_fit_their_schemas_and_keys() {
        let tables = datapackage::tables(&doc());
        let names: Vec<&str> = tables.iter().map(|t| t.name).collect();
        for t in &tables {
            let fields: Vec<&str> = t.fields.iter().map(|f| f.name).collect();
            for row in &t.rows {
                assert_eq!(row.len(), fields.len(), "{}", t.name);
            }
            let key = |row: &Vec<String>, cols: &[&str]| -> Vec<String> {
                cols.iter().map(|c| row[fields.iter().position(|f| f == c).unwrap()].clone()).collect()
            };
            let keys: BTreeSet<Vec<String>> = t.rows.iter().map(|r| key(r, t.primary_key)).collect();
            assert_eq!(keys.len(), t.rows.len(), "{}: primary key unique", t.name);
            for fk in &t.foreign_keys {
                assert!(names.contains(&fk.resource), "{} → {}", t.name, fk.resource);
                assert!(fk.fields.iter().all(|f| fields.contains(f)));
            }
        }
        let ind = &tables.iter().find(|t| t.name == "indicatori").unwrap().rows;
        assert_eq!(ind.len(), 10, "two indicators, five years each");
        assert_eq!(ind[0][3..7], ["2022", "35,5", "35.5", ""]);
        assert_eq!(ind[5][3..7], ["2022", "N.D.", "", ""]);
        assert_eq!(ind[6][3..7], ["2023", "", "", ""]);
        let programmes = &tables.iter().find(|t| t.name == "programmi").unwrap().rows;
        assert_eq!(programmes[0][..3], ["10.5", "10", "5"]);
    }

    #[test]
    fn the_folder_lists_every_file_in_its_metadata() {
        let meta = dataset::Metadata::defaults("2024-01-31");
        let files = open_data_folder(&doc(), &meta, vec![]);
        let jsonld = String::from_utf8(files.last().unwrap().1.clone()).unwrap();
        assert_eq!(files.last().unwrap().0, dcat::FILE);
        for (name, _) in &files[..files.len() - 1] {
            assert!(jsonld.contains(&format!("\"{}\"", meta.url(name))), "{name} in dcat.jsonld");
        }
        assert!(jsonld.contains("\"c_l219:rendiconto-senza-anno-relazione-programma\""));
    }
}
