//! The open-data folder (`export --format datapackage`): valid for the reference
//! validator, byte-identical from build to build, the same content as the JSON export,
//! DCAT-AP_IT metadata that parses as RDF; and the search documents (`--format ndjson`).

use assert_cmd::Command;
use oxrdf::{NamedNode, Quad, Term};
use rendiconto_model::{
    Action, Activity, CouncilLine, Document, Indicator, IndicatorRow, IndicatorTable, Mission, Note, Program, YEARS,
};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn cli() -> Command {
    Command::cargo_bin("index-builder").unwrap()
}

/// Runs `export --format datapackage` into a new temporary folder.
fn package(extra: &[&str]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    cli().args(["export", "--format", "datapackage", "--out"]).arg(dir.path()).args(extra).assert().success();
    dir
}

fn json_export() -> Document {
    let out = cli().args(["export", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    serde_json::from_slice(&out.stdout).unwrap()
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap().to_path_buf()
}

#[test]
fn frictionless_validates_the_package() {
    let frictionless = repo_root().join(".tools/venv/bin/frictionless");
    assert!(
        frictionless.exists(),
        "{} is missing: run `bash scripts/setup-test.sh` (it installs the Frictionless validator into .tools/venv)",
        frictionless.display()
    );
    let dir = package(&[]);
    let out = std::process::Command::new(&frictionless)
        .args(["validate", "--json"])
        .arg(dir.path().join("datapackage.json"))
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("frictionless printed no report ({e}): {}", String::from_utf8_lossy(&out.stderr)));
    let errors: Vec<String> = report["tasks"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|t| t["errors"].as_array().unwrap().iter().map(move |e| format!("{}: {}", t["name"], e["message"])))
        .chain(report["errors"].as_array().unwrap().iter().map(|e| e["message"].to_string()))
        .collect();
    assert!(errors.is_empty(), "frictionless found {} errors:\n{}", errors.len(), errors.join("\n"));
    assert_eq!(report["valid"], true, "{report}");
    assert!(out.status.success());
    assert_eq!(report["stats"]["tasks"], 13, "one validation task per table");
}

fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let path = e.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().to_string(), std::fs::read(&path).unwrap())
        })
        .collect()
}

#[test]
fn the_folder_is_byte_identical_from_build_to_build() {
    let (a, b) = (package(&[]), package(&[]));
    let (a, b) = (files(a.path()), files(b.path()));
    let names: Vec<&str> = a.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "attivita.csv",
            "attivita_linee.csv",
            "azioni.csv",
            "datapackage.json",
            "dcat.jsonld",
            "indicatori.csv",
            "linee_consiglio.csv",
            "missioni.csv",
            "note.csv",
            "programmi.csv",
            "programmi_unita.csv",
            "rendiconto.json",
            "ricerca.ndjson",
            "righe_tabelle_indicatori.csv",
            "tabelle_indicatori.csv",
            "unita_organizzative.csv",
            "valori_tabelle_indicatori.csv",
        ]
    );
    for (name, bytes) in &a {
        assert!(bytes == &b[name], "{name} differs between two builds");
    }
}

#[test]
fn datapackage_needs_an_output_folder() {
    let out = cli().args(["export", "--format", "datapackage"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--out DIR"));
    cli().args(["export", "--format", "datapackage", "--out", "x", "--modified", "31/12/2024"]).assert().code(2);
}

/// A CSV table as rows of (column → value).
fn table(dir: &Path, name: &str) -> Vec<BTreeMap<String, String>> {
    let mut r = csv::Reader::from_path(dir.join(format!("{name}.csv"))).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    r.records().map(|rec| header.iter().cloned().zip(rec.unwrap().iter().map(String::from)).collect()).collect()
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

fn list(s: &str) -> Vec<String> {
    if s.is_empty() {
        vec![]
    } else {
        s.split(" | ").map(String::from).collect()
    }
}

fn int<T: std::str::FromStr>(s: &str) -> T
where
    T::Err: std::fmt::Debug,
{
    s.parse().unwrap()
}

fn lines(r: &BTreeMap<String, String>) -> [usize; 2] {
    [int(&r["riga_inizio"]), int(&r["riga_fine"])]
}

/// The five years' printed values and numbers of the rows of one indicator.
type Values = (BTreeMap<String, Option<String>>, BTreeMap<String, f64>);

fn values(rows: &[&BTreeMap<String, String>]) -> Values {
    let mut values = BTreeMap::new();
    let mut numbers = BTreeMap::new();
    for r in rows {
        values.insert(r["anno"].clone(), opt(&r["valore_stampato"]));
        if !r["valore"].is_empty() {
            numbers.insert(r["anno"].clone(), r["valore"].parse::<f64>().unwrap());
        }
    }
    (values, numbers)
}

/// Rows grouped by a key, in file order.
fn group<'a>(
    rows: &'a [BTreeMap<String, String>],
    key: &[&str],
) -> BTreeMap<Vec<String>, Vec<&'a BTreeMap<String, String>>> {
    let mut out: BTreeMap<Vec<String>, Vec<_>> = BTreeMap::new();
    for r in rows {
        out.entry(key.iter().map(|k| r[*k].clone()).collect()).or_default().push(r);
    }
    out
}

type Row = BTreeMap<String, String>;

/// The rows of a group, none if the key has none.
fn of<'a>(groups: &BTreeMap<Vec<String>, Vec<&'a Row>>, key: &Vec<String>) -> Vec<&'a Row> {
    groups.get(key).cloned().unwrap_or_default()
}

/// Rebuilds the document from the CSV tables alone.
fn rebuild(dir: &Path, report: &Document) -> Document {
    let t = |name| table(dir, name);
    let (programs, lines_t, activities, activity_lines, actions, indicators) =
        (t("programmi"), t("linee_consiglio"), t("attivita"), t("attivita_linee"), t("azioni"), t("indicatori"));
    let (tables, table_rows, table_values, units, program_units, notes) = (
        t("tabelle_indicatori"),
        t("righe_tabelle_indicatori"),
        t("valori_tabelle_indicatori"),
        t("unita_organizzative"),
        t("programmi_unita"),
        t("note"),
    );
    let unit_names: BTreeMap<&str, &str> = units.iter().map(|u| (u["unita"].as_str(), u["nome"].as_str())).collect();
    let by_program = |rows| group(rows, &["programma"]);
    let (lines_by, acts_by, tables_by, units_by) =
        (by_program(&lines_t), by_program(&activities), by_program(&tables), by_program(&program_units));
    let (refs_by, actions_by, inds_by) =
        (group(&activity_lines, &["attivita"]), group(&actions, &["attivita"]), group(&indicators, &["attivita"]));
    let (rows_by, values_by) = (group(&table_rows, &["tabella"]), group(&table_values, &["tabella", "n_riga"]));
    let key = |s: &str| vec![s.to_string()];
    let missions = table(dir, "missioni")
        .iter()
        .map(|m| Mission {
            number: int(&m["missione"]),
            title: m["titolo"].clone(),
            page: opt(&m["pagina"]).map(|p| int(&p)),
            programs: programs
                .iter()
                .filter(|p| p["missione"] == m["missione"])
                .map(|p| {
                    let code = key(&p["programma"]);
                    Program {
                        number: int(&p["numero"]),
                        title: p["titolo"].clone(),
                        page: opt(&p["pagina"]).map(|p| int(&p)),
                        units: of(&units_by, &code)
                            .iter()
                            .map(|u| unit_names[u["unita"].as_str()].to_string())
                            .collect(),
                        stakeholders: list(&p["portatori_interesse"]),
                        lines: of(&lines_by, &code)
                            .iter()
                            .map(|l| CouncilLine {
                                number: l["linea"].clone(),
                                text: l["testo"].clone(),
                                agenda2030: opt(&l["agenda2030"]),
                                pnrr: opt(&l["pnrr"]),
                                source_line: int(&l["riga_inizio"]),
                            })
                            .collect(),
                        activities: of(&acts_by, &code)
                            .iter()
                            .map(|a| {
                                let id = key(&a["attivita"]);
                                let indicators = of(&inds_by, &id);
                                Activity {
                                    id: a["attivita"].parse().unwrap(),
                                    line_refs: of(&refs_by, &id).iter().map(|r| r["linea"].clone()).collect(),
                                    policy: opt(&a["politica"]),
                                    policies: list(&a["politiche"]),
                                    objective: opt(&a["obiettivo"]),
                                    status: opt(&a["stato"]),
                                    statuses: list(&a["stati"]),
                                    actions: of(&actions_by, &id)
                                        .iter()
                                        .map(|x| Action {
                                            year: opt(&x["anno"]),
                                            text: x["testo"].clone(),
                                            source_line: int(&x["riga_inizio"]),
                                        })
                                        .collect(),
                                    indicators: group(
                                        &indicators.into_iter().cloned().collect::<Vec<_>>(),
                                        &["n_indicatore"],
                                    )
                                    .into_iter()
                                    .map(|(n, rows)| (int::<usize>(&n[0]), rows))
                                    .collect::<BTreeMap<_, _>>()
                                    .into_values()
                                    .map(|rows| {
                                        let (values, numbers) = values(&rows);
                                        Indicator {
                                            name: opt(&rows[0]["indicatore"]),
                                            values,
                                            numbers,
                                            source_line: int(&rows[0]["riga_inizio"]),
                                        }
                                    })
                                    .collect(),
                                    source_lines: lines(a),
                                }
                            })
                            .collect(),
                        indicator_tables: of(&tables_by, &code)
                            .iter()
                            .map(|tb| IndicatorTable {
                                id: tb["tabella"].parse().unwrap(),
                                title: tb["titolo"].clone(),
                                year_headers: list(&tb["intestazioni_anni"]),
                                rows: of(&rows_by, &key(&tb["tabella"]))
                                    .iter()
                                    .map(|r| {
                                        let (values, numbers) =
                                            values(&values_by[&vec![r["tabella"].clone(), r["n_riga"].clone()]]);
                                        IndicatorRow {
                                            policy: opt(&r["politica"]),
                                            name: opt(&r["indicatore"]),
                                            category: opt(&r["categoria"]),
                                            values,
                                            numbers,
                                            source_line: int(&r["riga_inizio"]),
                                        }
                                    })
                                    .collect(),
                                source_lines: lines(tb),
                            })
                            .collect(),
                        source_lines: lines(p),
                    }
                })
                .collect(),
        })
        .collect();
    Document {
        format_version: report.format_version,
        report: report.report.clone(),
        missions,
        notes: notes
            .iter()
            .map(|n| Note {
                near: opt(&n["vicino"]).map(|id| id.parse().unwrap()),
                text: n["testo"].clone(),
                reason: n["motivo"].clone(),
                source_lines: lines(n),
            })
            .collect(),
    }
}

#[test]
fn the_csv_tables_hold_exactly_what_the_json_export_holds() {
    let doc = json_export();
    let dir = package(&[]);
    let dir = dir.path();
    let programs: Vec<&Program> = doc.missions.iter().flat_map(|m| &m.programs).collect();
    let activities: Vec<&Activity> = programs.iter().flat_map(|p| &p.activities).collect();
    let tables: Vec<&IndicatorTable> = programs.iter().flat_map(|p| &p.indicator_tables).collect();
    let count = |name| table(dir, name).len();
    assert_eq!(count("missioni"), 16);
    assert_eq!(count("programmi"), 52);
    assert_eq!(count("linee_consiglio"), programs.iter().map(|p| p.lines.len()).sum::<usize>());
    assert_eq!(count("attivita"), activities.len());
    assert_eq!(count("attivita_linee"), activities.iter().map(|a| a.line_refs.len()).sum::<usize>());
    assert_eq!(count("azioni"), activities.iter().map(|a| a.actions.len()).sum::<usize>());
    let indicators: usize = activities.iter().map(|a| a.indicators.len()).sum();
    assert!(indicators > 300);
    assert_eq!(count("indicatori"), indicators * YEARS.len(), "one row per indicator and year");
    assert_eq!(count("tabelle_indicatori"), tables.len());
    let rows: usize = tables.iter().map(|t| t.rows.len()).sum();
    assert_eq!(count("righe_tabelle_indicatori"), rows);
    assert_eq!(count("valori_tabelle_indicatori"), rows * YEARS.len());
    assert_eq!(count("programmi_unita"), programs.iter().map(|p| p.units.len()).sum::<usize>());
    assert_eq!(count("note"), doc.notes.len());

    // Every value of every table, as printed, back where the JSON has it.
    let rebuilt = rebuild(dir, &doc);
    for (a, b) in doc.missions.iter().flat_map(|m| &m.programs).zip(rebuilt.missions.iter().flat_map(|m| &m.programs)) {
        for (x, y) in a.activities.iter().zip(&b.activities) {
            assert_eq!(x, y, "activity {}", x.id);
        }
        assert_eq!(a, b, "programme {}", a.title);
    }
    assert_eq!(rebuilt, doc);

    // Spot checks of the documented shape.
    let ind = table(dir, "indicatori");
    let row = ind.iter().find(|r| r["attivita"] == "m1-p1-a4" && r["anno"] == "2022").unwrap();
    assert_eq!((row["valore_stampato"].as_str(), row["valore"].as_str()), ("524.018.883,50 €", "524018883.5"));
    assert_eq!(row["unita_misura"], "€");
    let dash = ind.iter().find(|r| r["valore_stampato"] == "-").expect("a value printed as -");
    assert_eq!(dash["valore"], "", "- has no number but stays as printed");
    let nd = table(dir, "valori_tabelle_indicatori").into_iter().find(|r| r["valore_stampato"] == "N.D.").unwrap();
    assert_eq!(nd["valore"], "", "N.D. has no number but stays as printed");
    assert_eq!(table(dir, "programmi").iter().find(|p| p["programma"] == "10.5").unwrap()["missione"], "10");
}

/// The RDF graph of `dcat.jsonld`.
struct Graph(Vec<Quad>);

const RDF_TYPE: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
const DCAT: &str = "http://www.w3.org/ns/dcat#";
const DCATAPIT: &str = "http://dati.gov.it/onto/dcatapit#";
const DCT: &str = "http://purl.org/dc/terms/";
const FOAF: &str = "http://xmlns.com/foaf/0.1/";
const VCARD: &str = "http://www.w3.org/2006/vcard/ns#";

impl Graph {
    fn parse(bytes: &[u8]) -> Graph {
        Graph(oxjsonld::JsonLdParser::new().for_slice(bytes).collect::<Result<_, _>>().expect("dcat.jsonld is JSON-LD"))
    }

    fn objects(&self, subject: &Term, predicate: &str) -> Vec<Term> {
        self.0
            .iter()
            .filter(|q| Term::from(q.subject.clone()) == *subject && q.predicate.as_str() == predicate)
            .map(|q| q.object.clone())
            .collect()
    }

    fn of_type(&self, class: &str) -> Vec<Term> {
        let class = Term::from(NamedNode::new(class).unwrap());
        self.0
            .iter()
            .filter(|q| q.predicate.as_str() == RDF_TYPE && q.object == class)
            .map(|q| Term::from(q.subject.clone()))
            .collect()
    }

    fn has_type(&self, subject: &Term, class: &str) -> bool {
        self.of_type(class).contains(subject)
    }

    /// The one value of a mandatory property (a literal's text, an IRI).
    fn one(&self, subject: &Term, predicate: &str) -> String {
        let objects = self.objects(subject, predicate);
        assert!(!objects.is_empty(), "{subject} has no {predicate}");
        match &objects[0] {
            Term::Literal(l) => l.value().to_string(),
            Term::NamedNode(n) => n.as_str().to_string(),
            other => other.to_string(),
        }
    }
}

fn iri(s: &str) -> Term {
    Term::from(NamedNode::new(s).unwrap())
}

/// Checks every mandatory DCAT-AP_IT property; returns the graph.
fn check_dcat(dir: &Path, name: &str, ipa: &str, license: &str, base: &str, modified: &str) -> Graph {
    let g = Graph::parse(&std::fs::read(dir.join("dcat.jsonld")).unwrap());
    let p = |local: &str, ns: &str| format!("{ns}{local}");

    let catalogs = g.of_type(&p("Catalog", DCATAPIT));
    assert_eq!(catalogs.len(), 1, "one dcatapit:Catalog");
    let datasets = g.of_type(&p("Dataset", DCATAPIT));
    assert_eq!(datasets.len(), 1, "one dcatapit:Dataset");
    let (catalog, dataset) = (&catalogs[0], &datasets[0]);
    for prop in ["title", "description", "publisher", "modified"] {
        g.one(catalog, &p(prop, DCT));
    }
    assert_eq!(g.objects(catalog, &p("dataset", DCAT)), std::slice::from_ref(dataset));

    // Dataset: identifier, title, description, theme, publisher, rights holder, modified,
    // accrual periodicity, distributions.
    assert_eq!(g.one(dataset, &p("identifier", DCT)), format!("{ipa}:rendiconto-2023-relazione-programma"));
    assert!(g.one(dataset, &p("title", DCT)).contains("Rendiconto 2023"));
    g.one(dataset, &p("description", DCT));
    let themes = g.objects(dataset, &p("theme", DCAT));
    assert!(themes.contains(&iri("http://publications.europa.eu/resource/authority/data-theme/GOVE")), "{themes:?}");
    assert_eq!(g.one(dataset, &p("modified", DCT)), modified);
    let modified_term = &g.objects(dataset, &p("modified", DCT))[0];
    assert!(
        matches!(modified_term, Term::Literal(l) if l.datatype().as_str() == "http://www.w3.org/2001/XMLSchema#date")
    );
    assert_eq!(
        g.one(dataset, &p("accrualPeriodicity", DCT)),
        "http://publications.europa.eu/resource/authority/frequency/ANNUAL"
    );
    for role in ["publisher", "rightsHolder"] {
        let agent = &g.objects(dataset, &p(role, DCT))[0];
        assert!(g.has_type(agent, &p("Agent", FOAF)), "{role} is a foaf:Agent");
        assert!(g.has_type(agent, &p("Agent", DCATAPIT)), "{role} is a dcatapit:Agent");
        assert_eq!(g.one(agent, &p("identifier", DCT)), ipa, "{role}'s IPA code");
        assert_eq!(g.one(agent, &p("name", FOAF)), name);
    }
    let contact = &g.objects(dataset, &p("contactPoint", DCAT))[0];
    assert!(g.has_type(contact, &p("Organization", DCATAPIT)));
    assert_eq!(g.one(contact, &p("fn", VCARD)), name);

    // Distributions: every file of the folder but the metadata itself, with format,
    // access URL and licence.
    let distributions = g.of_type(&p("Distribution", DCATAPIT));
    let listed = g.objects(dataset, &p("distribution", DCAT));
    assert_eq!(distributions.len(), listed.len());
    let mut published: Vec<String> = files(dir).into_keys().filter(|f| f != "dcat.jsonld").collect();
    let mut urls = Vec::new();
    for d in &listed {
        assert!(distributions.contains(d));
        for prop in ["title", "description", "format", "license"] {
            g.one(d, &p(prop, DCT));
        }
        let url = g.one(d, &p("accessURL", DCAT));
        assert_eq!(g.one(d, &p("downloadURL", DCAT)), url);
        assert!(url.starts_with(base), "{url} under {base}");
        urls.push(url[base.len()..].to_string());
        assert!(g.one(d, &p("format", DCT)).starts_with("http://publications.europa.eu/resource/authority/file-type/"));
        let lic = &g.objects(d, &p("license", DCT))[0];
        assert_eq!(g.one(d, &p("license", DCT)), license);
        assert!(g.has_type(lic, &p("LicenseDocument", DCT)));
        g.one(lic, &p("name", FOAF));
    }
    urls.sort();
    published.sort();
    assert_eq!(urls, published, "one distribution per published file");
    g
}

#[test]
fn dcat_metadata_parses_as_rdf_with_every_mandatory_property() {
    let dir = package(&[]);
    let g = check_dcat(
        dir.path(),
        "Città di Torino",
        "c_l219",
        "https://creativecommons.org/licenses/by/4.0/",
        "https://www.comune.torino.it/rendiconto-aperto/dati/",
        "2026-11-25",
    );
    let lic = iri("https://creativecommons.org/licenses/by/4.0/");
    assert_eq!(g.one(&lic, &format!("{DCT}type")), "http://purl.org/adms/licencetype/Attribution");
}

#[test]
fn publisher_licence_and_address_are_given_at_build_time() {
    let dir = package(&[
        "--publisher-name",
        "Comune di Esempio",
        "--publisher-ipa",
        "c_x000",
        "--license-id",
        "CC0-1.0",
        "--license-title",
        "CC0 1.0 Universale",
        "--license-url",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "--base-url",
        "https://dati.example.org/rendiconto",
        "--modified",
        "2025-01-31",
    ]);
    let g = check_dcat(
        dir.path(),
        "Comune di Esempio",
        "c_x000",
        "https://creativecommons.org/publicdomain/zero/1.0/",
        "https://dati.example.org/rendiconto/",
        "2025-01-31",
    );
    let lic = iri("https://creativecommons.org/publicdomain/zero/1.0/");
    assert_eq!(g.one(&lic, &format!("{DCT}type")), "http://purl.org/adms/licencetype/PublicDomain");
    let descriptor: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("datapackage.json")).unwrap()).unwrap();
    assert_eq!(descriptor["licenses"][0]["name"], "CC0-1.0");
    assert_eq!(descriptor["id"], "c_x000:rendiconto-2023-relazione-programma");
}

#[test]
fn ndjson_documents_are_the_index_items() {
    let out = cli().args(["export", "--format", "ndjson"]).output().unwrap();
    assert!(out.status.success());
    let docs: Vec<serde_json::Value> =
        String::from_utf8(out.stdout).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    // The index the browser downloads, built by the CLI.
    let bundle = tempfile::tempdir().unwrap();
    cli().args(["build", "--out"]).arg(bundle.path()).assert().success();
    let read = |f: &str| std::fs::read(bundle.path().join(f)).unwrap();
    let manifest = rendiconto_search::Bundle::read_manifest(&read("manifest.json")).unwrap();
    let engine = rendiconto_search::Engine::from_parts(
        &manifest,
        &read("data.json"),
        &read("details.json"),
        &read("index.pack"),
    )
    .unwrap();
    let searcher = engine.index().reader().unwrap().searcher();
    assert_eq!(docs.len() as u64, searcher.num_docs(), "one document per indexed item");
    let ids: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    let index_ids: Vec<String> = engine.items.iter().map(|i| i.id.to_string()).collect();
    assert_eq!(ids, index_ids);
    for (i, (d, item)) in docs.iter().zip(&engine.items).enumerate() {
        assert_eq!(d["ord"], i);
        assert_eq!(d["title"], item.title);
        for f in rendiconto_search::TextField::ALL {
            assert_eq!(d[f.name()], f.text(item), "{} of {}", f.name(), item.id);
        }
        for facet in rendiconto_search::Facet::ALL {
            let values: Vec<&str> = item.facets.iter().filter(|(k, _)| *k == facet).map(|(_, v)| v.as_str()).collect();
            assert_eq!(d[facet.key()], serde_json::json!(values), "{} of {}", facet.key(), item.id);
        }
    }
}
