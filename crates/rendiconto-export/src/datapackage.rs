//! The report as a Frictionless Data Package (<https://specs.frictionlessdata.io/>): one
//! tidy CSV per table and `datapackage.json`, which gives every table its Table Schema
//! (field types, Italian descriptions with English titles, primary and foreign keys).
//!
//! - Codes that look like numbers (`"1"`, `"10.5"`) are strings; positions, pages,
//!   source lines and years are integers; numbers read from values are numbers.
//! - An empty cell is an empty field, the only missing value (`missingValues: [""]`).
//!   A value is also kept exactly as printed (`valore_stampato`: `"N.D."`, `"-"`,
//!   `"12/12 100%"`…); `valore` holds its number only where it reads as one.
//! - Every row carries the PDF page of its programme (from the table of contents) and
//!   its first and last source line in the report's text.
//! - Lists (stakeholders, policies, statuses, year headers) are joined with `" | "`,
//!   which no text of the report contains.
//!
//! The tables and their schemas are declared once, in [`tables`]: the CSVs, the
//! descriptor and the documentation's field lists all come from there.

use crate::dataset::{self, Distribution, Metadata, KEYWORDS};
use rendiconto_model::{Document, LineRange, Mission, NearId, Program, YEARS};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// The descriptor's file name.
pub const DESCRIPTOR: &str = "datapackage.json";

/// The separator of lists held in one field.
pub const LIST_SEPARATOR: &str = " | ";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Type {
    String,
    Integer,
    Number,
}

impl Type {
    pub fn name(self) -> &'static str {
        match self {
            Type::String => "string",
            Type::Integer => "integer",
            Type::Number => "number",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Field {
    pub name: &'static str,
    pub kind: Type,
    /// English title.
    pub title: &'static str,
    /// Italian description.
    pub description: &'static str,
    pub required: bool,
}

#[derive(Debug, Clone)]
pub struct ForeignKey {
    pub fields: &'static [&'static str],
    pub resource: &'static str,
    pub reference: &'static [&'static str],
}

/// One table of the package: its schema and its rows (`""` for an empty cell).
#[derive(Debug, Clone)]
pub struct Table {
    /// The resource name; the file is `{name}.csv`.
    pub name: &'static str,
    /// English title.
    pub title: &'static str,
    /// Italian description.
    pub description: &'static str,
    pub fields: Vec<Field>,
    pub primary_key: &'static [&'static str],
    pub foreign_keys: Vec<ForeignKey>,
    pub rows: Vec<Vec<String>>,
}

impl Table {
    pub fn file(&self) -> String {
        format!("{}.csv", self.name)
    }

    /// The table as CSV (RFC 4180, header first, `\n` line ends).
    pub fn csv(&self) -> Vec<u8> {
        let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(Vec::new());
        let header: Vec<&str> = self.fields.iter().map(|f| f.name).collect();
        w.write_record(&header).expect("writing to memory");
        for row in &self.rows {
            debug_assert_eq!(row.len(), self.fields.len(), "{}: row width", self.name);
            w.write_record(row).expect("writing to memory");
        }
        w.into_inner().expect("writing to memory")
    }

    /// The resource's entry in `datapackage.json`.
    pub fn resource(&self) -> Value {
        let fields: Vec<Value> = self
            .fields
            .iter()
            .map(|f| {
                let mut v = json!({
                    "name": f.name,
                    "type": f.kind.name(),
                    "title": f.title,
                    "description": f.description,
                });
                if f.required {
                    v["constraints"] = json!({ "required": true });
                }
                v
            })
            .collect();
        let foreign_keys: Vec<Value> = self
            .foreign_keys
            .iter()
            .map(|k| json!({ "fields": k.fields, "reference": { "resource": k.resource, "fields": k.reference } }))
            .collect();
        let mut schema = json!({ "fields": fields, "primaryKey": self.primary_key, "missingValues": [""] });
        if !foreign_keys.is_empty() {
            schema["foreignKeys"] = Value::Array(foreign_keys);
        }
        json!({
            "name": self.name,
            "path": self.file(),
            "profile": "tabular-data-resource",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        })
    }
}

const fn req(name: &'static str, kind: Type, title: &'static str, description: &'static str) -> Field {
    Field { name, kind, title, description, required: true }
}

const fn opt(name: &'static str, kind: Type, title: &'static str, description: &'static str) -> Field {
    Field { name, kind, title, description, required: false }
}

use Type::{Integer, Number, String as Str};

/// The page and source lines every row ends with.
fn source_fields() -> [Field; 3] {
    [
        opt(
            "pagina",
            Integer,
            "PDF page",
            "Pagina del PDF dove inizia il programma, secondo l'indice della relazione (vuota se l'indice non la dà)",
        ),
        req(
            "riga_inizio",
            Integer,
            "First source line",
            "Prima riga del testo della relazione da cui viene il dato (da 1)",
        ),
        req(
            "riga_fine",
            Integer,
            "Last source line",
            "Ultima riga del testo della relazione da cui viene il dato (inclusa)",
        ),
    ]
}

fn source(page: Option<u32>, lines: LineRange) -> [String; 3] {
    [page.map(|p| p.to_string()).unwrap_or_default(), lines[0].to_string(), lines[1].to_string()]
}

fn text(s: &Option<String>) -> String {
    s.clone().unwrap_or_default()
}

fn list(items: &[String]) -> String {
    items.join(LIST_SEPARATOR)
}

/// `"10.5"`: the programme's code, unique in the report.
pub fn program_code(m: &Mission, p: &Program) -> String {
    format!("{}.{}", m.number, p.number)
}

/// The printed value, its number where it reads as one, and the unit printed with
/// that number (`€`, `%` or nothing).
fn value_columns(printed: &Option<String>, number: Option<f64>) -> [String; 3] {
    let unit = match (printed.as_deref(), number) {
        (Some(v), Some(_)) if v.contains('€') => "€",
        (Some(v), Some(_)) if v.contains('%') => "%",
        _ => "",
    };
    [text(printed), number.map(|n| n.to_string()).unwrap_or_default(), unit.to_string()]
}

fn with<const N: usize>(head: impl IntoIterator<Item = Field>, tail: [Field; N]) -> Vec<Field> {
    head.into_iter().chain(tail).collect()
}

fn row(parts: &[&[String]]) -> Vec<String> {
    parts.iter().flat_map(|p| p.iter().cloned()).collect()
}

/// The value fields of the two long tables of indicator values.
fn value_fields() -> [Field; 4] {
    [
        req("anno", Integer, "Year", "Anno della colonna (2022–2026)"),
        opt(
            "valore_stampato",
            Str,
            "Value as printed",
            "Il valore esattamente come stampato nella relazione (\"N.D.\", \"-\", \"12/12 100%\"…); vuoto se la cella è vuota (anno non ancora rendicontato)",
        ),
        opt(
            "valore",
            Number,
            "Value as a number",
            "Il numero letto dal valore stampato (\"1.352\" → 1352, \"5,28\" → 5.28), solo quando è un numero senza ambiguità; vuoto altrimenti",
        ),
        opt("unita_misura", Str, "Unit", "L'unità stampata accanto al numero: \"€\" o \"%\"; vuota se non c'è"),
    ]
}

/// Every table of the package, in a fixed order, with its rows in report order.
pub fn tables(doc: &Document) -> Vec<Table> {
    let mut missions = Vec::new();
    let mut programs = Vec::new();
    let mut lines = Vec::new();
    let mut activities = Vec::new();
    let mut activity_lines = Vec::new();
    let mut actions = Vec::new();
    let mut indicators = Vec::new();
    let mut tables = Vec::new();
    let mut table_rows = Vec::new();
    let mut table_values = Vec::new();
    let mut units: BTreeMap<&str, String> = BTreeMap::new();
    let mut unit_rows = Vec::new();
    let mut program_units = Vec::new();
    // The PDF page of each programme, activity and table, for the notes near them.
    let mut pages: BTreeMap<NearId, Option<u32>> = BTreeMap::new();

    for m in &doc.missions {
        let span = match (m.programs.first(), m.programs.last()) {
            (Some(f), Some(l)) => [f.source_lines[0].to_string(), l.source_lines[1].to_string()],
            _ => [String::new(), String::new()],
        };
        missions.push(row(&[
            &[m.number.to_string(), m.title.clone(), m.page.map(|p| p.to_string()).unwrap_or_default()],
            &span,
        ]));
        for p in &m.programs {
            let code = program_code(m, p);
            pages.insert(m.program_id(p).into(), p.page);
            let src = source(p.page, p.source_lines);
            programs.push(row(&[
                &[code.clone(), m.number.to_string(), p.number.to_string(), p.title.clone(), list(&p.stakeholders)],
                &src,
            ]));
            for (i, u) in p.units.iter().enumerate() {
                let next = format!("u{}", units.len() + 1);
                let id = units.entry(u.as_str()).or_insert_with(|| {
                    unit_rows.push(row(&[&[next.clone(), u.clone()], &src]));
                    next
                });
                program_units.push(row(&[&[code.clone(), (i + 1).to_string(), id.clone()], &src]));
            }
            for l in &p.lines {
                lines.push(row(&[
                    &[code.clone(), l.number.clone(), l.text.clone(), text(&l.agenda2030), text(&l.pnrr)],
                    &source(p.page, [l.source_line, l.source_line]),
                ]));
            }
            for a in &p.activities {
                pages.insert(a.id.into(), p.page);
                let id = a.id.to_string();
                activities.push(row(&[
                    &[
                        id.clone(),
                        code.clone(),
                        a.line_refs.join(","),
                        text(&a.policy),
                        list(&a.policies),
                        text(&a.objective),
                        text(&a.status),
                        list(&a.statuses),
                    ],
                    &source(p.page, a.source_lines),
                ]));
                for r in &a.line_refs {
                    activity_lines
                        .push(row(&[&[id.clone(), code.clone(), r.clone()], &source(p.page, a.source_lines)]));
                }
                for (i, x) in a.actions.iter().enumerate() {
                    actions.push(row(&[
                        &[id.clone(), (i + 1).to_string(), text(&x.year), x.text.clone()],
                        &source(p.page, [x.source_line, x.source_line]),
                    ]));
                }
                for (i, ind) in a.indicators.iter().enumerate() {
                    for year in YEARS {
                        indicators.push(row(&[
                            &[id.clone(), (i + 1).to_string(), text(&ind.name), year.to_string()],
                            &value_columns(&ind.values[year], ind.numbers.get(year).copied()),
                            &source(p.page, [ind.source_line, ind.source_line]),
                        ]));
                    }
                }
            }
            for t in &p.indicator_tables {
                pages.insert(t.id.into(), p.page);
                let id = t.id.to_string();
                tables.push(row(&[
                    &[id.clone(), code.clone(), t.title.clone(), list(&t.year_headers)],
                    &source(p.page, t.source_lines),
                ]));
                for (i, r) in t.rows.iter().enumerate() {
                    let src = source(p.page, [r.source_line, r.source_line]);
                    let n = (i + 1).to_string();
                    table_rows.push(row(&[
                        &[id.clone(), n.clone(), text(&r.policy), text(&r.name), text(&r.category)],
                        &src,
                    ]));
                    for (col, year) in YEARS.iter().enumerate() {
                        let header = t.year_headers.get(col).cloned().unwrap_or_default();
                        table_values.push(row(&[
                            &[id.clone(), n.clone(), year.to_string(), header],
                            &value_columns(&r.values[*year], r.numbers.get(*year).copied()),
                            &src,
                        ]));
                    }
                }
            }
        }
    }
    // Notes name their nearest activity, table or programme (`m1-p2`).
    let notes: Vec<Vec<String>> = doc
        .notes
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let page = n.near.and_then(|near| pages.get(&near).copied()).flatten();
            let near = n.near.map(|near| near.to_string()).unwrap_or_default();
            row(&[&[(i + 1).to_string(), near, n.text.clone(), n.reason.clone()], &source(page, n.source_lines)])
        })
        .collect();

    let activity_fk = || ForeignKey { fields: &["attivita"], resource: "attivita", reference: &["attivita"] };
    let program_fk = || ForeignKey { fields: &["programma"], resource: "programmi", reference: &["programma"] };
    let table_fk = || ForeignKey { fields: &["tabella"], resource: "tabelle_indicatori", reference: &["tabella"] };
    let program_field = || req("programma", Str, "Programme", "Codice del programma: missione.programma (\"10.5\")");
    let activity_field = || {
        req(
            "attivita",
            Str,
            "Activity",
            "Identificativo dell'attività (\"m1-p1-a1\"), come nell'export JSON e nell'app",
        )
    };
    let table_field =
        || req("tabella", Str, "Indicator table", "Identificativo della tabella di indicatori (\"m1-p10-t1\")");

    vec![
        Table {
            name: "missioni",
            title: "Missions",
            description: "Le missioni del bilancio armonizzato (D. Lgs. 118/2011) in cui è ordinata la relazione. Le righe sorgente vanno dal primo all'ultimo programma della missione.",
            fields: vec![
                req("missione", Str, "Mission", "Numero della missione, come stampato (\"1\")"),
                req("titolo", Str, "Title", "Titolo della missione, come stampato"),
                opt("pagina", Integer, "PDF page", "Pagina del PDF della missione, secondo l'indice"),
                opt("riga_inizio", Integer, "First source line", "Prima riga del primo programma della missione"),
                opt("riga_fine", Integer, "Last source line", "Ultima riga dell'ultimo programma della missione"),
            ],
            primary_key: &["missione"],
            foreign_keys: vec![],
            rows: missions,
        },
        Table {
            name: "programmi",
            title: "Programmes",
            description: "I programmi di ciascuna missione, con i portatori di interesse.",
            fields: with(
                [
                    program_field(),
                    req("missione", Str, "Mission", "Numero della missione"),
                    req("numero", Str, "Programme number", "Numero del programma nella missione, come stampato (\"5\")"),
                    req("titolo", Str, "Title", "Titolo del programma, come stampato"),
                    opt("portatori_interesse", Str, "Stakeholders", "Portatori di interesse (stakeholder), separati da \" | \""),
                ],
                source_fields(),
            ),
            primary_key: &["programma"],
            foreign_keys: vec![ForeignKey { fields: &["missione"], resource: "missioni", reference: &["missione"] }],
            rows: programs,
        },
        Table {
            name: "linee_consiglio",
            title: "Council programme lines",
            description: "Le linee programmatiche approvate dal Consiglio comunale per ciascun programma, con i riferimenti ad Agenda 2030 e PNRR.",
            fields: with(
                [
                    program_field(),
                    req("linea", Str, "Line", "Numero della linea nel programma, come stampato (\"1\")"),
                    req("testo", Str, "Text", "Testo della linea programmatica"),
                    opt("agenda2030", Str, "Agenda 2030", "Obiettivi di Agenda 2030 indicati, come stampati"),
                    opt("pnrr", Str, "PNRR", "Riferimento al PNRR, come stampato"),
                ],
                source_fields(),
            ),
            primary_key: &["programma", "linea"],
            foreign_keys: vec![program_fk()],
            rows: lines,
        },
        Table {
            name: "attivita",
            title: "Activities",
            description: "Le attività (obiettivi) di ciascun programma: politica, obiettivo e stato. Le attività conseguite non hanno obiettivo: il loro testo è nelle azioni.",
            fields: with(
                [
                    activity_field(),
                    program_field(),
                    opt("rif_linee", Str, "Council lines", "Le linee del Consiglio a cui l'attività si riferisce (\"Rif linee CC\"), separate da virgole; il dettaglio è in attivita_linee"),
                    opt("politica", Str, "Policy", "La prima politica di riferimento del PdO"),
                    opt("politiche", Str, "Policies", "Tutte le politiche nominate dalle righe dell'attività, separate da \" | \""),
                    opt("obiettivo", Str, "Objective", "Attività da conseguire (l'obiettivo), come stampata; vuota per le attività conseguite"),
                    opt("stato", Str, "Status", "Il primo stato dell'obiettivo (\"In corso\", \"Concluso\"…)"),
                    opt("stati", Str, "Statuses", "Tutti gli stati stampati per l'attività, separati da \" | \""),
                ],
                source_fields(),
            ),
            primary_key: &["attivita"],
            foreign_keys: vec![program_fk()],
            rows: activities,
        },
        Table {
            name: "attivita_linee",
            title: "Activities and council lines",
            description: "Collegamento tra attività e linee programmatiche del Consiglio (\"Rif linee CC\").",
            fields: with(
                [
                    activity_field(),
                    program_field(),
                    req("linea", Str, "Line", "Numero della linea del Consiglio nel programma"),
                ],
                source_fields(),
            ),
            primary_key: &["attivita", "linea"],
            foreign_keys: vec![
                activity_fk(),
                ForeignKey { fields: &["programma", "linea"], resource: "linee_consiglio", reference: &["programma", "linea"] },
            ],
            rows: activity_lines,
        },
        Table {
            name: "azioni",
            title: "Actions",
            description: "Azioni e attività effettuate, una riga per attività e anno sotto cui sono scritte (un'attività può avere più blocchi dello stesso anno).",
            fields: with(
                [
                    activity_field(),
                    req("n_azione", Integer, "Action number", "Posizione dell'azione nell'attività (da 1)"),
                    opt("anno", Str, "Year", "L'anno sotto cui l'azione è scritta: \"2022\", \"2023\", \"2022-2023\"; vuoto se il testo non ne indica"),
                    req("testo", Str, "Text", "Il testo delle azioni, come stampato (paragrafi separati da a capo)"),
                ],
                source_fields(),
            ),
            primary_key: &["attivita", "n_azione"],
            foreign_keys: vec![activity_fk()],
            rows: actions,
        },
        Table {
            name: "indicatori",
            title: "Activity indicators (long form)",
            description: "Gli indicatori di risultato delle attività in forma lunga: una riga per attività, indicatore e anno (2022–2026).",
            fields: with(
                with(
                    [
                        activity_field(),
                        req("n_indicatore", Integer, "Indicator number", "Posizione dell'indicatore nell'attività (da 1)"),
                        opt("indicatore", Str, "Indicator", "Il nome dell'indicatore, come stampato (vuoto per i valori stampati senza nome)"),
                    ],
                    value_fields(),
                ),
                source_fields(),
            ),
            primary_key: &["attivita", "n_indicatore", "anno"],
            foreign_keys: vec![activity_fk()],
            rows: indicators,
        },
        Table {
            name: "tabelle_indicatori",
            title: "Indicator tables",
            description: "Le tabelle di soli indicatori (\"Indicatori di risultato\", \"Indicatori comuni per le funzioni di supporto delle Amministrazioni Pubbliche\").",
            fields: with(
                [
                    table_field(),
                    program_field(),
                    req("titolo", Str, "Title", "Titolo della tabella, come stampato"),
                    req("intestazioni_anni", Str, "Year headers", "Le intestazioni degli anni come stampate, separate da \" | \" (una tabella stampa 2025 due volte)"),
                ],
                source_fields(),
            ),
            primary_key: &["tabella"],
            foreign_keys: vec![program_fk()],
            rows: tables,
        },
        Table {
            name: "righe_tabelle_indicatori",
            title: "Indicator table rows",
            description: "Le righe delle tabelle di indicatori: politica, indicatore e categoria (sotto-riga come \"Dirigenti\", \"Totale\").",
            fields: with(
                [
                    table_field(),
                    req("n_riga", Integer, "Row number", "Posizione della riga nella tabella (da 1)"),
                    opt("politica", Str, "Policy", "Politica di riferimento del PdO"),
                    opt("indicatore", Str, "Indicator", "Nome dell'indicatore, come stampato"),
                    opt("categoria", Str, "Category", "Sotto-riga dell'indicatore (\"Dirigenti\", \"E.Q.\", \"Totale\"…)"),
                ],
                source_fields(),
            ),
            primary_key: &["tabella", "n_riga"],
            foreign_keys: vec![table_fk()],
            rows: table_rows,
        },
        Table {
            name: "valori_tabelle_indicatori",
            title: "Indicator table values (long form)",
            description: "I valori delle tabelle di indicatori in forma lunga: una riga per riga di tabella e anno. L'anno è quello della colonna; l'intestazione stampata è accanto.",
            fields: {
                let [year, printed, number, unit] = value_fields();
                let header = opt("anno_stampato", Str, "Year as printed", "L'intestazione della colonna come stampata");
                let n = req("n_riga", Integer, "Row number", "Posizione della riga nella tabella (da 1)");
                with([table_field(), n, year, header, printed, number, unit], source_fields())
            },
            primary_key: &["tabella", "n_riga", "anno"],
            foreign_keys: vec![ForeignKey {
                fields: &["tabella", "n_riga"],
                resource: "righe_tabelle_indicatori",
                reference: &["tabella", "n_riga"],
            }],
            rows: table_values,
        },
        Table {
            name: "unita_organizzative",
            title: "Organisational units",
            description: "Le unità organizzative (divisioni, dipartimenti, servizi…) nominate dai programmi, nell'ordine in cui compaiono; pagina e righe sono quelle del primo programma che le nomina.",
            fields: with(
                [
                req("unita", Str, "Unit", "Identificativo dell'unità in questo pacchetto (\"u1\"), nell'ordine di prima comparsa"),
                req("nome", Str, "Name", "Nome dell'unità, come stampato"),
                ],
                source_fields(),
            ),
            primary_key: &["unita"],
            foreign_keys: vec![],
            rows: unit_rows,
        },
        Table {
            name: "programmi_unita",
            title: "Programmes and organisational units",
            description: "Collegamento tra programmi e unità organizzative responsabili, nell'ordine stampato.",
            fields: with(
                [
                    program_field(),
                    req("n_unita", Integer, "Unit number", "Posizione dell'unità nel programma (da 1)"),
                    req("unita", Str, "Unit", "Identificativo dell'unità organizzativa"),
                ],
                source_fields(),
            ),
            primary_key: &["programma", "n_unita"],
            foreign_keys: vec![
                program_fk(),
                ForeignKey { fields: &["unita"], resource: "unita_organizzative", reference: &["unita"] },
            ],
            rows: program_units,
        },
        Table {
            name: "note",
            title: "Parser notes",
            description: "Testo che la lettura della relazione non ha potuto collocare con certezza, con l'elemento più vicino.",
            fields: with(
                [
                    req("n_nota", Integer, "Note number", "Numero della nota (da 1)"),
                    opt("vicino", Str, "Near", "Identificativo dell'elemento più vicino (attività, tabella o programma)"),
                    req("testo", Str, "Text", "Il testo, come stampato"),
                    req("motivo", Str, "Reason", "Perché non è stato collocato (in inglese)"),
                ],
                source_fields(),
            ),
            primary_key: &["n_nota"],
            foreign_keys: vec![],
            rows: notes,
        },
    ]
}

/// `datapackage.json` for these tables.
pub fn descriptor(doc: &Document, tables: &[Table], meta: &Metadata) -> Value {
    json!({
        "profile": "tabular-data-package",
        "name": dataset::name(doc),
        "id": meta.dataset_identifier(doc),
        "title": dataset::title(doc, meta),
        "description": dataset::description(doc),
        "homepage": meta.base_url,
        "version": format!("{}.0.0", rendiconto_model::FORMAT_VERSION),
        "licenses": [{ "name": meta.license_id, "path": meta.license_url, "title": meta.license_title }],
        "contributors": [{ "title": meta.publisher_name, "role": "publisher" }],
        "keywords": KEYWORDS,
        "resources": tables.iter().map(Table::resource).collect::<Vec<_>>(),
    })
}

/// The entries of the package's files among the dataset's: the descriptor, then the
/// tables.
pub fn distributions(tables: &[Table]) -> Vec<Distribution> {
    let mut out = vec![Distribution {
        file: DESCRIPTOR.into(),
        title: "Data Package (descrittore Frictionless)".into(),
        description: "Il descrittore del Frictionless Data Package: l'elenco delle tabelle CSV con il loro schema (tipi, chiavi primarie ed esterne, descrizioni dei campi).".into(),
        format: "JSON",
        media_type: "application/json",
    }];
    out.extend(tables.iter().map(|t| Distribution {
        file: t.file(),
        title: format!("Tabella {} (CSV)", t.name),
        description: t.description.to_string(),
        format: "CSV",
        media_type: "text/csv",
    }));
    out
}

/// Every file of the package, `datapackage.json` last, as (file name, bytes).
pub fn files(doc: &Document, tables: &[Table], meta: &Metadata) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = tables.iter().map(|t| (t.file(), t.csv())).collect();
    let mut descriptor = serde_json::to_vec_pretty(&descriptor(doc, tables, meta)).expect("JSON");
    descriptor.push(b'\n');
    out.push((DESCRIPTOR.to_string(), descriptor));
    out
}
