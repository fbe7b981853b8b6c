//! The whole 2023 report, and values checked by eye against it.

use rendiconto_model::{Activity, Document, IndicatorTable, TableId};
use rendiconto_parser::{coverage, parse_str};

const REPORT: &str = include_str!("../../../data/torino-rendiconto-2023-relazione-programma.txt");

fn doc() -> Document {
    parse_str(REPORT).expect("the bundled report parses")
}

fn activity<'a>(d: &'a Document, id: &str) -> &'a Activity {
    d.find_activity(id.parse().unwrap()).unwrap_or_else(|| panic!("no activity {id}")).2
}

fn table<'a>(d: &'a Document, id: &str) -> &'a IndicatorTable {
    let id: TableId = id.parse().unwrap();
    d.missions.iter().flat_map(|m| &m.programs).flat_map(|p| &p.indicator_tables).find(|t| t.id == id).unwrap()
}

fn value<'a>(a: &'a Activity, indicator: usize, year: &str) -> Option<&'a str> {
    a.indicators[indicator].values[year].as_deref()
}

#[test]
fn sixteen_missions_and_fifty_two_programmes_with_their_toc_pages() {
    let d = doc();
    let numbers: Vec<u32> = d.missions.iter().map(|m| m.number).collect();
    assert_eq!(numbers, vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 14, 15, 17, 19]);
    let programs: Vec<_> = d.missions.iter().flat_map(|m| m.programs.iter().map(move |p| (m.number, p))).collect();
    assert_eq!(programs.len(), 52);
    assert!(programs.iter().all(|(_, p)| p.page.is_some()), "every programme has its TOC page");
    assert!(d.missions.iter().all(|m| m.page.is_some()));
    let page = |m: u32, p: u32| programs.iter().find(|(mm, pp)| *mm == m && pp.number == p).unwrap().1.page;
    assert_eq!(page(1, 1), Some(3));
    assert_eq!(page(1, 10), Some(30));
    assert_eq!(page(11, 2), Some(106));
    assert_eq!(page(19, 1), Some(145));
    assert_eq!(d.missions[0].page, Some(2));
    assert_eq!(d.missions[0].title, "SERVIZI ISTITUZIONALI, GENERALI E DI GESTIONE");
    assert_eq!(d.missions.last().unwrap().programs[0].title, "RELAZIONI INTERNAZIONALI E COOPERAZIONE ALLO SVILUPPO");
    // Every programme has its council lines and at least one table.
    for (m, p) in &programs {
        assert!(!p.lines.is_empty(), "{m}.{} has council lines", p.number);
        assert!(!p.activities.is_empty() || !p.indicator_tables.is_empty(), "{m}.{}", p.number);
    }
}

#[test]
fn front_matter_and_premessa() {
    let r = doc().report;
    assert_eq!(r.title, "RELAZIONE SULL'ATTUAZIONE DEL PROGRAMMA ANNUALE DELL'AMMINISTRAZIONE");
    assert_eq!(r.entity, "CITTA' DI TORINO");
    assert_eq!(r.period, "ESERCIZIO 2023 (riferito al periodo 2021-2026)");
    assert_eq!(r.fiscal_year.as_deref(), Some("2023"));
    assert_eq!(r.premessa.len(), 8);
    assert!(r.premessa[0].starts_with("Lo scopo primario del presente rapporto"));
    assert!(r.premessa[7].ends_with("all'art. 38 c. 7."));
}

#[test]
fn every_word_is_placed_and_every_activity_table_row_read() {
    let d = doc();
    let cov = coverage::measure(REPORT, &d);
    assert!(cov.share() >= 0.999, "placed {:.4}; unplaced {:?}", cov.share(), cov.unplaced);
    // Every activity-table row of the source lies inside some activity's line range.
    let rows: Vec<usize> = REPORT
        .lines()
        .enumerate()
        .filter(|(_, l)| l.split('\t').count() >= 11 && !l.starts_with("Rif linee") && !l.starts_with("---"))
        .map(|(i, _)| i + 1)
        .collect();
    assert!(rows.len() > 600, "found {} activity rows", rows.len());
    for row in rows {
        assert!(
            d.activities().any(|(_, _, a)| a.source_lines[0] <= row && row <= a.source_lines[1]),
            "row {row} belongs to no activity"
        );
    }
    // Ids are unique and URL-safe.
    let mut ids: Vec<String> = d.activities().map(|(_, _, a)| a.id.to_string()).collect();
    assert!(ids.iter().all(|id| id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')));
    let n = ids.len();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), n);
}

#[test]
fn decentramento_with_four_indicators_over_four_rows() {
    // Lines 138–141.
    let d = doc();
    let a = activity(&d, "m1-p1-a1");
    assert_eq!(a.line_refs, vec!["1", "2"]);
    assert_eq!(a.policy.as_deref(), Some("Decentramento"));
    assert_eq!(a.status.as_deref(), Some("In corso"));
    assert_eq!(a.source_lines, [138, 141]);
    assert_eq!(a.indicators.len(), 4);
    assert_eq!(a.indicators[0].name.as_deref(), Some("N° moduli predisposti per la pubblicazione"));
    assert_eq!((value(a, 0, "2022"), value(a, 0, "2023")), (Some("4"), Some("0")));
    assert_eq!((value(a, 1, "2022"), value(a, 1, "2023")), (Some("6"), Some("0")));
    assert_eq!((value(a, 2, "2022"), value(a, 2, "2023")), (Some("-"), Some("1")));
    assert_eq!(a.indicators[3].name.as_deref(), Some("N° report circoscrizionali patrocini"));
    assert_eq!((value(a, 3, "2022"), value(a, 3, "2023")), (Some("-"), Some("8")));
    assert_eq!(value(a, 3, "2024"), None);
    let years: Vec<_> = a.actions.iter().map(|x| x.year.as_deref()).collect();
    assert_eq!(years, vec![Some("2022"), Some("2023")]);
    assert!(a.actions[0].text.starts_with("Uniformazione delle procedure adottate dalle Circoscrizioni."));
}

#[test]
fn money_and_odd_values_are_kept_as_printed() {
    let d = doc();
    let a = activity(&d, "m1-p1-a3");
    assert_eq!(a.indicators[0].values["2023"].as_deref(), Some("€ 20.000"));
    assert_eq!(a.indicators[0].numbers.get("2023"), Some(&20_000.0));
    let a = activity(&d, "m1-p1-a4");
    assert_eq!(a.indicators[0].values["2022"].as_deref(), Some("524.018.883,50 €"));
    assert_eq!(a.indicators[0].numbers.get("2022"), Some(&524_018_883.5));
    assert_eq!(a.indicators[0].numbers.get("2023"), None, "a sum is not one number");
    let a = activity(&d, "m1-p2-a3");
    assert_eq!(a.indicators[0].name.as_deref(), Some("N° controlli"));
    assert_eq!(a.indicators[0].numbers.get("2022"), Some(&1352.0));
    let a = activity(&d, "m1-p3-a10");
    assert_eq!(a.indicators[0].values["2022"].as_deref(), Some("12/12 100%"));
    assert!(a.indicators[0].numbers.is_empty());
    let a = activity(&d, "m1-p3-a2");
    assert_eq!(a.indicators[0].values["2022"].as_deref(), Some(">30%"));
    let t = table(&d, "m1-p3-t1");
    assert_eq!(t.rows[1].values["2022"].as_deref(), Some("N.D."));
    assert_eq!(t.rows[1].values["2023"].as_deref(), Some("5,28* gg"));
    assert!(t.rows[1].name.as_deref().unwrap().starts_with("Tempestività dei pagamenti\n"));
}

#[test]
fn one_objective_two_policies_and_sub_project_statuses() {
    let d = doc();
    // Lines 175–176: the second row has a policy and a status but no objective.
    let a = activity(&d, "m1-p2-a1");
    assert_eq!(a.policies.len(), 2);
    assert_eq!(a.policies[1], "Attività di supporto alla giunta comunale e presidio integrità");
    let names: Vec<_> = a.indicators.iter().map(|i| i.name.as_deref().unwrap()).collect();
    assert_eq!(names, vec!["N° Regolamenti", "N° deliberazioni Giunta"]);
    assert_eq!(a.indicators[1].values["2022"].as_deref(), Some("936"));
    // Lines 1249–1251.
    let a = activity(&d, "m10-p5-a12");
    assert_eq!(a.statuses, vec!["Concluso (React)", "In corso (Pinqa)", "Avviato"]);
    assert_eq!(a.indicators[1].values["2023"].as_deref(), Some("-i"));
}

#[test]
fn glued_header_wide_row_and_shifted_indicator_table() {
    let d = doc();
    let m11 = d.missions.iter().find(|m| m.number == 11).unwrap();
    let p = m11.programs.iter().find(|p| p.number == 2).unwrap();
    assert_eq!(p.title, "INTERVENTI A SEGUITO DI CALAMITÀ NATURALI");
    assert_eq!(
        p.units,
        vec!["DIPARTIMENTO CORPO DI POLIZIA LOCALE", "DIVISIONE PROTEZIONE CIVILE, GESTIONE EMERGENZA E SICUREZZA"]
    );
    assert_eq!(p.stakeholders, vec!["CITTADINI", "ASSOCIAZIONI DI VOLONTARIATO", "IMPRESE"]);
    assert_eq!(p.lines[0].text, "Messa in sicurezza del territorio metropolitano");

    // Line 1667, 26 columns.
    let a = activity(&d, "m14-p3-a6");
    let v: Vec<_> = a.indicators.iter().map(|i| (i.values["2022"].as_deref(), i.values["2023"].as_deref())).collect();
    assert_eq!(
        v,
        vec![(Some("1"), Some("0")), (Some("300"), Some("50")), (Some("2"), Some("3")), (Some("40"), Some("3"))]
    );

    // Lines 447–466.
    let t = table(&d, "m1-p10-t1");
    assert_eq!(t.year_headers, vec!["2022", "2023", "2024", "2025", "2025"]);
    let dirigenti = &t.rows[4];
    assert_eq!(dirigenti.name.as_deref(), Some("Composizione degli organici N° dipendenti suddivisi per categoria"));
    assert_eq!(dirigenti.category.as_deref(), Some("Dirigenti"));
    assert_eq!(dirigenti.values["2023"].as_deref(), Some("82"));
    let totale = t.rows.iter().find(|r| r.source_line == 464).unwrap();
    assert_eq!(totale.category.as_deref(), Some("Totale"));
    assert_eq!(totale.values["2022"].as_deref(), Some("15.658"));
    assert!(totale.name.as_deref().unwrap().starts_with("N° dipendenti coinvolti"));
    let spesa = t.rows.iter().find(|r| r.source_line == 465).unwrap();
    assert_eq!((spesa.name.as_deref(), spesa.category.as_deref()), (Some("Spesa per formazione"), None));
    assert_eq!(spesa.policy.as_deref(), Some("Gestione delle risorse umane"));
}

#[test]
fn units_wrapped_over_two_lines_are_joined() {
    let d = doc();
    let p = &d.missions[0].programs.iter().find(|p| p.number == 4).unwrap();
    assert_eq!(p.units[2], "DIPARTIMENTO FONDI EUROPEI E PNRR");
    assert_eq!(p.units.len(), 5);
}

#[test]
fn achieved_activity_keeps_its_text_in_the_actions() {
    let d = doc();
    let a = activity(&d, "m1-p5-a5");
    assert_eq!(a.source_lines, [302, 302]);
    assert_eq!(a.objective, None);
    assert_eq!(a.status.as_deref(), Some("Concluso"));
    assert!(a.title().starts_with("Definire un piano organico"));
}

#[test]
fn parsing_is_deterministic() {
    assert_eq!(doc(), doc());
}

fn activity_at(d: &Document, line: usize) -> &Activity {
    d.activities().map(|(_, _, a)| a).find(|a| a.source_lines[0] <= line && line <= a.source_lines[1]).unwrap()
}

#[test]
fn shifted_continuation_rows_land_in_their_columns() {
    let d = doc();
    // Line 749: "\tN° mostre\t5\t2" — an indicator four columns to the left.
    let a = activity_at(&d, 749);
    let i = a.indicators.iter().find(|i| i.name.as_deref() == Some("N° mostre")).unwrap();
    assert_eq!((i.values["2022"].as_deref(), i.values["2023"].as_deref()), (Some("5"), Some("2")));
    assert!(!a.statuses.contains(&"2".to_string()));
    // Line 399: a second policy and a year-led action, no indicator.
    let a = activity_at(&d, 399);
    assert!(a.policies.contains(&"Servizi anagrafici polifunzionali e statistici".to_string()));
    assert!(a
        .actions
        .iter()
        .any(|x| x.year.as_deref() == Some("2023") && x.text.starts_with("Recepimento delle modifiche")));
    assert!(a.indicators.is_empty());
    // Line 1160: action in the policy column, indicator and values three columns left.
    let a = activity_at(&d, 1160);
    let i = a.indicators.iter().find(|i| i.name.as_deref() == Some("N° mq")).unwrap();
    assert_eq!(i.values["2023"].as_deref(), Some("540"));
    assert!(a.policies.iter().all(|p| !p.starts_with("20")));
}

/// The cells of a source line as the parser reads them (markup turned into text).
fn source_cells(line: usize) -> Vec<String> {
    let raw = REPORT.split('\n').nth(line - 1).unwrap();
    raw.split('\t').map(plain).collect()
}

/// Markup dropped and whitespace collapsed, as the export does.
fn plain(cell: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in cell.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&amp;", "&").split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn every_word_of_the_source_is_in_the_json_export() {
    let export = serde_json::to_string(&doc()).unwrap();
    let export_words: std::collections::HashSet<String> = export
        .replace("\\n", " ")
        .replace("\\\"", "\"")
        .split(|c: char| !c.is_alphanumeric())
        .map(str::to_lowercase)
        .collect();
    let mut missing = Vec::new();
    for (i, line) in REPORT.split('\n').enumerate() {
        for word in plain(line).split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if !export_words.contains(&word.to_lowercase()) {
                missing.push(format!("line {}: {word}", i + 1));
            }
        }
    }
    // Only the table headers' column names are structure, not data.
    let allowed = [
        "rif",
        "cc",
        "attività",
        "conseguire",
        "periodo",
        "gennaio",
        "fine",
        "mandato",
        "dell",
        "obiettivo",
        "effettuate",
        "riferimento",
        "pdo",
        "testo",
        "obiettivi",
        "agenda",
        "missioni",
    ];
    missing.retain(|m| {
        !allowed.iter().any(|a| m.ends_with(&format!(": {a}")) || m.to_lowercase().ends_with(&format!(": {a}")))
    });
    assert!(
        missing.is_empty(),
        "{} source words not in the export: {:?}",
        missing.len(),
        &missing[..missing.len().min(20)]
    );
}

#[test]
fn every_indicator_value_equals_its_source_cell() {
    let d = doc();
    let mut checked = 0;
    for (_, _, a) in d.activities() {
        for i in &a.indicators {
            let cells = source_cells(i.source_line);
            for v in i.values.values().flatten() {
                assert!(cells.contains(v), "{} line {}: {v:?} is not a cell of {cells:?}", a.id, i.source_line);
                checked += 1;
            }
            // A name listed in an earlier row of the activity takes its values from a
            // later one: the name is in the activity's lines, the values in `source_line`.
            if let Some(name) = &i.name {
                let rows =
                    (a.source_lines[0]..=a.source_lines[1]).map(|l| plain(REPORT.split('\n').nth(l - 1).unwrap()));
                assert!(
                    rows.clone().any(|r| r.contains(name.as_str())),
                    "{} line {}: name {name:?}",
                    a.id,
                    i.source_line
                );
            }
        }
    }
    for t in d.missions.iter().flat_map(|m| &m.programs).flat_map(|p| &p.indicator_tables) {
        for r in &t.rows {
            let cells = source_cells(r.source_line);
            for v in r.values.values().flatten() {
                assert!(cells.contains(v), "{} line {}: {v:?} is not a cell of {cells:?}", t.id, r.source_line);
                checked += 1;
            }
        }
    }
    assert!(checked > 700, "checked {checked} values");
}
