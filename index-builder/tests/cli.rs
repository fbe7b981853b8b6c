//! The CLI as a user runs it: outputs, exit codes, and byte-identical builds.

use assert_cmd::Command;
use std::path::Path;

const REPORT: &str = include_str!("../../data/torino-rendiconto-2023-relazione-programma.txt");

fn cli() -> Command {
    Command::cargo_bin("index-builder").unwrap()
}

/// Runs `check --input` on `bytes`; returns (exit code, stderr).
fn check_bytes(bytes: &[u8]) -> (i32, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.txt");
    std::fs::write(&path, bytes).unwrap();
    let out = cli().args(["check", "--input"]).arg(&path).output().unwrap();
    (out.status.code().unwrap(), String::from_utf8_lossy(&out.stderr).to_string())
}

fn assert_one_line_error(stderr: &str, needle: &str) {
    let lines: Vec<_> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    assert!(lines[0].contains(needle), "{needle:?} in {stderr:?}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn check_prints_counts_coverage_and_notes() {
    let out = cli().arg("check").assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    assert!(out.contains("missions            16"), "{out}");
    assert!(out.contains("programmes          52"), "{out}");
    assert!(out.contains("words placed        100.000%"), "{out}");
    assert!(out.contains("lines 567-567 near m3-p2-a3: values without an indicator name"), "{out}");
}

#[test]
fn empty_input() {
    let (code, err) = check_bytes(b"");
    assert_eq!(code, 4);
    assert_one_line_error(&err, "line 1: the input is empty");
}

#[test]
fn not_utf8() {
    let mut bytes = REPORT.as_bytes()[..2000].to_vec();
    bytes.extend([0xff, 0xfe, b'x']);
    let (code, err) = check_bytes(&bytes);
    assert_eq!(code, 4);
    let line = 1 + REPORT[..2000].matches('\n').count();
    assert_one_line_error(&err, &format!("line {line}: the input is not UTF-8"));
}

#[test]
fn binary() {
    let (code, err) = check_bytes(&[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    assert_eq!(code, 4);
    assert_one_line_error(&err, "line 2: the input looks binary (control byte 0x1a)");
}

#[test]
fn another_kind_of_document() {
    let (code, err) = check_bytes("Verbale della seduta\n\nPresenti: 12\nOrdine del giorno\n".as_bytes());
    assert_eq!(code, 4);
    assert_one_line_error(&err, "line 4: not a Rendiconto report");
}

#[test]
fn truncated_mid_table() {
    // Cut in the middle of line 1300, an activity row of MISSIONE 11.
    let cut = REPORT.lines().take(1299).map(|l| format!("{l}\n")).collect::<String>()
        + &REPORT.lines().nth(1299).unwrap()[..60];
    let (code, err) = check_bytes(cut.as_bytes());
    assert_eq!(code, 4);
    assert_one_line_error(&err, "line 1300: the report is truncated");
}

#[test]
fn truncated_between_programmes() {
    // Whole rows, but the text stops before the programmes the contents promise.
    let cut: String = REPORT.lines().take(1067).map(|l| format!("{l}\n")).collect();
    let (code, err) = check_bytes(cut.as_bytes());
    assert_eq!(code, 4);
    assert_one_line_error(&err, "the report is truncated: the table of contents (line ");
}

#[test]
fn missing_input_file_and_bad_usage() {
    let out = cli().args(["check", "--input", "/nonexistent/report.txt"]).output().unwrap();
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stderr).contains("cannot read /nonexistent/report.txt"));
    cli().args(["export", "--format", "xml"]).assert().code(2);
    cli().args(["search", "x", "--filter", "colore=rosso"]).assert().code(2);
}

#[test]
fn export_json_matches_the_documented_shape() {
    let out = cli().args(["export", "--format", "json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let p = &v["missions"][0]["programs"][0];
    assert_eq!(v["missions"][0]["number"], 1);
    assert_eq!(p["page"], 3);
    assert_eq!(p["lines"][0]["number"], "1");
    assert_eq!(p["lines"][0]["agenda2030"], serde_json::Value::Null);
    let a = &p["activities"][0];
    assert_eq!(a["id"], "m1-p1-a1");
    assert_eq!(a["line_refs"], serde_json::json!(["1", "2"]));
    assert_eq!(a["indicators"][0]["values"]["2022"], "4");
    assert_eq!(a["indicators"][0]["values"]["2026"], serde_json::Value::Null);
    assert_eq!(a["actions"][0]["year"], "2022");
    assert_eq!(a["source_lines"], serde_json::json!([138, 141]));
    assert!(v["report"]["premessa"].as_array().unwrap().len() == 8);
}

#[test]
fn export_csv_has_one_row_per_indicator_value() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("out.csv");
    cli().args(["export", "--format", "csv", "--out"]).arg(&path).assert().success();
    let mut r = csv::Reader::from_path(&path).unwrap();
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(header[4], "id");
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    let row = rows.iter().find(|r| &r[4] == "m1-p1-a4" && &r[10] == "2022").expect("row for m1-p1-a4 2022");
    assert_eq!(&row[11], "524.018.883,50 €");
    assert_eq!(&row[12], "524018883.5");
    // Every activity indicator and indicator-table row, five years each.
    let doc: serde_json::Value =
        serde_json::from_slice(&cli().args(["export", "--format", "json"]).output().unwrap().stdout).unwrap();
    let programs = doc["missions"].as_array().unwrap().iter().flat_map(|m| m["programs"].as_array().unwrap().iter());
    let count: usize = programs
        .map(|p| {
            let acts = p["activities"].as_array().unwrap();
            let tables = p["indicator_tables"].as_array().unwrap();
            acts.iter().map(|a| a["indicators"].as_array().unwrap().len()).sum::<usize>()
                + tables.iter().map(|t| t["rows"].as_array().unwrap().len()).sum::<usize>()
        })
        .sum();
    assert!(count > 350);
    assert_eq!(rows.len(), count * 5);
}

fn build(out: &Path) {
    cli().args(["build", "--out"]).arg(out).assert().success();
}

#[test]
fn build_is_byte_identical_and_search_reads_it() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a"), dir.path().join("b"));
    build(&a);
    build(&b);
    for file in ["manifest.json", "data.json", "catalog.json", "details.json", "index.pack", "pieces/pieces.json"] {
        let (x, y) = (std::fs::read(a.join(file)).unwrap(), std::fs::read(b.join(file)).unwrap());
        assert!(!x.is_empty());
        assert!(x == y, "{file} differs between two builds");
    }
    let manifest: serde_json::Value = serde_json::from_slice(&std::fs::read(a.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["parts"].as_array().unwrap().len(), 4);
    assert_eq!(manifest["source_sha256"].as_str().unwrap().len(), 64);

    let out = cli().args(["search", "piste ciclabili", "--json", "--limit", "3", "--index"]).arg(&a).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["hits"][0]["id"], "m10-p5-a15");

    // A damaged part is refused with exit code 5.
    let mut data = std::fs::read(a.join("data.json")).unwrap();
    data[10] ^= 1;
    std::fs::write(a.join("data.json"), data).unwrap();
    let out = cli().args(["search", "x", "--index"]).arg(&a).output().unwrap();
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("data.json is damaged"));
    // So is a missing one.
    build(&a);
    std::fs::remove_file(a.join("details.json")).unwrap();
    let out = cli().args(["search", "x", "--index"]).arg(&a).output().unwrap();
    assert_ne!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stderr).contains("details.json"), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn check_index_usage_weighs_each_part_of_the_index() {
    let out = cli().args(["check", "--index-usage"]).assert().success().get_output().stdout.clone();
    let out = String::from_utf8(out).unwrap();
    // The pack measured is the one `build` writes.
    let dir = tempfile::tempdir().unwrap();
    build(dir.path());
    let pack = std::fs::metadata(dir.path().join("index.pack")).unwrap().len();
    assert!(out.contains(&format!("index.pack          {pack} bytes raw, ")), "{out}");
    for row in ["<segment>.term", "<segment>.idx", "<segment>.pos", "rendiconto-synonyms.txt", "objective", "context"] {
        assert!(out.lines().any(|l| l.trim_start().starts_with(row)), "{row} in {out}");
    }
    let store = out.lines().find(|l| l.trim_start().starts_with("store ")).expect("a store row");
    assert!(store.split_whitespace().nth(1).unwrap().parse::<u64>().is_ok(), "{store}");
}

#[test]
fn search_prints_ranked_results_and_accepts_anything() {
    let out = cli().args(["search", "Cavallerizza"]).output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("1 risultati per \"Cavallerizza\""), "{text}");
    assert!(text.contains("m1-p5-a3"));
    assert!(text.contains("[Cavallerizza]"), "highlighted: {text}");
    for q in ["\"", "(((", "AND OR", "-", "🚲🚲", &"x".repeat(500)] {
        cli().args(["search", q]).assert().success();
    }
    let out = cli().args(["search", "", "--filter", "stato=Concluso", "--json", "--limit", "1000"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let hits = v["hits"].as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|h| h["status"].as_str().unwrap().starts_with("Concluso")));
}

/// `search` as text, for the bundled report and synonym list.
fn search_text(args: &[&str]) -> String {
    let out = cli().arg("search").args(args).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn citizens_questions_get_relevant_activities_and_say_how_they_were_read() {
    // Cycle lanes are programme 10.5; "bici" is not the report's word.
    let text = search_text(&["bici in città", "--limit", "3"]);
    assert!(text.contains("Cercato anche: ") && text.contains("ciclabile"), "{text}");
    assert_eq!(text.matches("m10-p5-").count(), 3, "{text}");
    // Waste is programme 9.3; "spazzatura" and "ingombranti" are not the report's words.
    let text = search_text(&["spazzatura ingombranti", "--limit", "3"]);
    assert!(text.contains("Nessuna attività contiene tutte le parole"), "{text}");
    assert!(text.contains("non trovato: ingombranti"), "{text}");
    assert!(text.contains("Cercato anche: rifiuti"), "{text}");
    assert_eq!(text.matches("m9-p3-").count(), 3, "{text}");
    // Social inclusion is programme 12.4 (people at risk of social exclusion).
    let text = search_text(&["aiuti alle famiglie povere", "--limit", "3"]);
    assert!(text.contains("povertà"), "{text}");
    assert!(text.lines().nth(2).unwrap().contains("m12-"), "{text}");
    let text = search_text(&["bibbliotecca"]);
    assert!(text.contains("Forse cercavi: biblioteca"), "{text}");
}

#[test]
fn search_sorts_and_takes_another_synonym_list() {
    let out = cli().args(["search", "", "--sort", "stato", "--json", "--limit", "1000"]).output().unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = v["hits"][0]["status"].as_str().unwrap();
    assert!(first.starts_with("Concluso"), "{first}");
    let out = cli().args(["search", "x", "--sort", "alfabetico"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let list = dir.path().join("sinonimi.txt");
    std::fs::write(&list, "# mine\nmonnezza => rifiuti\n").unwrap();
    let text = search_text(&["monnezza", "--synonyms", list.to_str().unwrap()]);
    assert!(text.contains("Cercato anche: rifiuti"), "{text}");
    // A mistake names the file and the line, for search and build alike.
    std::fs::write(&list, "bici, bicicletta\nsolo\n").unwrap();
    for args in [vec!["search", "bici", "--synonyms"], vec!["build", "--out", "unused", "--synonyms"]] {
        let out = cli().args(&args).arg(&list).output().unwrap();
        assert_eq!(out.status.code(), Some(4), "{args:?}");
        assert_one_line_error(&String::from_utf8_lossy(&out.stderr), "synonyms, line 2:");
    }
}

#[test]
fn truncated_inside_a_programme_header() {
    let cut: String = REPORT.lines().take(1000).map(|l| format!("{l}\n")).collect();
    let (code, err) = check_bytes(cut.as_bytes());
    assert_eq!(code, 4);
    assert_one_line_error(
        &err,
        "line 1000: the report is truncated: PROGRAMMA 1: DIFESA DEL SUOLO ends before any of its tables",
    );
}

/// Runs `export --format json` on `bytes`; returns (exit code, stdout, stderr).
fn export_bytes(bytes: &[u8]) -> (i32, String, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("input.txt");
    std::fs::write(&path, bytes).unwrap();
    let out = cli().args(["export", "--format", "json", "--input"]).arg(&path).output().unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn latin1_input_is_named_as_such() {
    let latin1: Vec<u8> = REPORT.chars().map(|c| if (c as u32) < 256 { c as u8 } else { b'?' }).collect();
    let (code, err) = check_bytes(&latin1);
    assert_eq!(code, 4);
    // "CITTÀ" on line 13 is the first accented letter.
    let line = 1 + REPORT[..REPORT.find('À').unwrap()].matches('\n').count();
    assert_one_line_error(&err, &format!("line {line}: the input is not UTF-8 text"));
    assert!(err.contains("Latin-1"), "{err}");
}

#[test]
fn a_50_mb_file_is_refused_quickly_with_the_line() {
    // The report repeated until 50 MB: the second copy repeats MISSIONE 1 / PROGRAMMA 1.
    let mut big = String::new();
    while big.len() < 50 * 1024 * 1024 {
        big.push_str(REPORT);
        big.push('\n');
    }
    let (code, err) = check_bytes(big.as_bytes());
    assert_eq!(code, 4);
    // The second copy starts after the report's lines and one blank line.
    let copy = REPORT.split('\n').count() + 1;
    let first = 1 + REPORT.lines().position(|l| l == "PROGRAMMA 1: ORGANI ISTITUZIONALI").unwrap();
    assert_one_line_error(
        &err,
        &format!("line {}: PROGRAMMA 1 of MISSIONE 1 appears a second time (first at line 123)", copy + first - 1),
    );
}

#[test]
fn a_repeated_programme_header_is_an_error_with_both_lines() {
    // PROGRAMMA 2 of MISSIONE 1 printed again after PROGRAMMA 3.
    let lines: Vec<&str> = REPORT.lines().collect();
    let mut text: Vec<&str> = lines[..232].to_vec(); // up to the end of programme 1.3
    text.extend(&lines[163..191]); // programme 1.2 again (lines 164–191)
    text.extend(&lines[232..]);
    let (code, _, err) = export_bytes(text.join("\n").as_bytes());
    assert_eq!(code, 4);
    assert_one_line_error(&err, "line 234: PROGRAMMA 2 of MISSIONE 1 appears a second time (first at line 164)");
}

#[test]
fn a_missing_table_header_keeps_the_rows_as_notes() {
    // Drop the first activity-table header of programme 1.2 (line 174).
    let text: String = REPORT.lines().enumerate().filter(|(i, _)| *i != 173).map(|(_, l)| format!("{l}\n")).collect();
    let (code, out, err) = export_bytes(text.as_bytes());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let notes = v["notes"].as_array().unwrap();
    // Lines 175–177 (now 174–176) are reported, not silently dropped or misread.
    let rows: Vec<u64> = notes
        .iter()
        .filter(|n| n["reason"] == "table row without a table header")
        .map(|n| n["source_lines"][0].as_u64().unwrap())
        .collect();
    assert_eq!(rows, vec![174, 175, 176]);
    assert!(notes.iter().any(|n| n["text"].as_str().unwrap().contains("Miglioramento della redazione degli atti")));
}

#[test]
fn a_repeated_table_header_changes_nothing() {
    let text: String = REPORT
        .lines()
        .enumerate()
        .flat_map(|(i, l)| if i == 173 { vec![l, l] } else { vec![l] })
        .map(|l| format!("{l}\n"))
        .collect();
    let (code, out, _) = export_bytes(text.as_bytes());
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let p = &v["missions"][0]["programs"][1];
    assert_eq!(p["activities"].as_array().unwrap().len(), 7);
    assert_eq!(p["activities"][0]["indicators"][0]["values"]["2023"], "6");
}

#[test]
fn a_programme_without_activities_is_kept() {
    // Programme 1.2 without its activity tables (lines 173–190).
    let text: String =
        REPORT.lines().enumerate().filter(|(i, _)| !(172..190).contains(i)).map(|(_, l)| format!("{l}\n")).collect();
    let (code, out, err) = export_bytes(text.as_bytes());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let p = &v["missions"][0]["programs"][1];
    assert_eq!(p["title"], "SEGRETERIA GENERALE");
    assert_eq!(p["activities"].as_array().unwrap().len(), 0);
    assert_eq!(p["lines"].as_array().unwrap().len(), 1);
    assert_eq!(v["missions"][0]["programs"][2]["activities"][0]["id"], "m1-p3-a1");
}

#[test]
fn next_years_report_in_the_same_format_works() {
    let text =
        REPORT.replacen("RENDICONTO\n\n2023", "RENDICONTO\n\n2024", 1).replace("ESERCIZIO 2023", "ESERCIZIO 2024");
    let (code, out, err) = export_bytes(text.as_bytes());
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["report"]["fiscal_year"], "2024");
    assert_eq!(v["report"]["period"], "ESERCIZIO 2024 (riferito al periodo 2021-2026)");
    assert_eq!(v["missions"].as_array().unwrap().len(), 16);
}
