//! `cargo xtask bench --quality`: relevance of this engine, Pagefind and MiniSearch on
//! the same documents (the report's items) and the same questions
//! (`tests/relevance/questions.tsv`, judged by reading the report).
//!
//! 1. [`ours`]: the flat documents (`OUT/docs.json`, the items our engine indexes) and
//!    our engine's rankings, natively: the same `Engine::search` the browser runs;
//! 2. [`crate::peers::pagefind`] indexes the documents; MiniSearch runs in Node
//!    ([`MINISEARCH_SCRIPT`]);
//! 3. [`pagefind`]: `pagefind.search()` in headless Chromium;
//! 4. the first 10 results of each engine (`OUT/ranking-ENGINE.json`: ids and result
//!    count, per question in order) judged: hits@5, MRR, zero results, activity hits@5;
//!    `docs/bench/quality.json` and the table in BENCHMARKS.md.

use crate::figures::{self, read_json};
use crate::machine;
use crate::peers::PEERS;
use crate::report::replace_between;
use e2e::Browser;
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// How the question set was judged (said in quality.json and BENCHMARKS.md).
const JUDGED: &str = "written by reading the report before looking at any engine's results";

/// Results judged per question, as each engine ranks them.
const RANKED: usize = 10;
/// A question is answered when a result this high belongs to one of its programmes.
const TOP: usize = 5;

/// One question of the relevance set.
#[derive(Debug, Clone, PartialEq)]
pub struct Question {
    pub text: String,
    /// "MISSION.PROGRAM" codes, best first.
    pub programmes: Vec<String>,
    /// Item ids (activities `m10-p5-a15`, indicator tables `m1-p3-t1`); may be empty.
    pub activities: Vec<String>,
    pub note: String,
}

/// The question set: TAB-separated `question`, `programmes`, `activities`, `note`;
/// `#` comments and blank lines skipped. Errors name the line.
pub fn parse_questions(text: &str) -> Result<Vec<Question>, String> {
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let err = |what: String| format!("line {}: {what}: {line:?}", n + 1);
        if cols.len() < 2 || cols[0].trim().is_empty() {
            return Err(err("expected question TAB programmes [TAB activities [TAB note]]".into()));
        }
        let programmes: Vec<String> = cols[1].split_whitespace().map(str::to_string).collect();
        if programmes.is_empty() {
            return Err(err("no programme".into()));
        }
        if let Some(p) = programmes.iter().find(|p| !is_programme(p)) {
            return Err(err(format!("{p:?} is not a programme code MISSION.PROGRAM")));
        }
        let activities: Vec<String> =
            cols.get(2).map(|c| c.split_whitespace().map(str::to_string).collect()).unwrap_or_default();
        if let Some(a) = activities.iter().find(|a| programme_of(a).is_none()) {
            return Err(err(format!("{a:?} is not an item id like m10-p5-a15")));
        }
        out.push(Question {
            text: cols[0].to_string(),
            programmes,
            activities,
            note: cols.get(3).map(|s| s.trim().to_string()).unwrap_or_default(),
        });
    }
    Ok(out)
}

fn is_programme(code: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    code.split_once('.').is_some_and(|(m, p)| digits(m) && digits(p))
}

/// "m10-p5-a15" → "10.5" (the item's programme).
pub fn programme_of(id: &str) -> Option<String> {
    let mut parts = id.splitn(3, '-');
    let m: u32 = parts.next()?.strip_prefix('m')?.parse().ok()?;
    let p: u32 = parts.next()?.strip_prefix('p')?.parse().ok()?;
    parts.next().filter(|rest| !rest.is_empty())?;
    Some(format!("{m}.{p}"))
}

/// One engine's answer to one question, judged.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Judgement {
    /// Rank (1-based, within the first [`RANKED`]) of the first result in one of the
    /// question's programmes.
    pub first_relevant: Option<usize>,
    /// For questions listing activities: one of them among the first [`TOP`].
    pub activity_in_top: Option<bool>,
    /// No result at all.
    pub zero: bool,
}

pub fn judge(q: &Question, ranked: &[String]) -> Judgement {
    let ranked = &ranked[..ranked.len().min(RANKED)];
    let first_relevant =
        ranked.iter().position(|id| programme_of(id).is_some_and(|p| q.programmes.contains(&p))).map(|i| i + 1);
    let activity_in_top =
        (!q.activities.is_empty()).then(|| ranked.iter().take(TOP).any(|id| q.activities.contains(id)));
    Judgement { first_relevant, activity_in_top, zero: ranked.is_empty() }
}

/// One engine over the whole question set.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Summary {
    pub questions: usize,
    /// Questions with a result of their programmes among the first [`TOP`].
    pub hits: usize,
    /// Sum of 1/rank of the first relevant result (0 when none in the first 10).
    pub reciprocal_ranks: f64,
    pub zero: usize,
    /// Questions that list activities, and those with one among the first [`TOP`].
    pub with_activities: usize,
    pub activity_hits: usize,
}

impl Summary {
    pub fn of(judgements: &[Judgement]) -> Summary {
        let mut s = Summary { questions: judgements.len(), ..Summary::default() };
        for j in judgements {
            if let Some(rank) = j.first_relevant {
                s.reciprocal_ranks += 1.0 / rank as f64;
                s.hits += usize::from(rank <= TOP);
            }
            s.zero += usize::from(j.zero);
            if let Some(hit) = j.activity_in_top {
                s.with_activities += 1;
                s.activity_hits += usize::from(hit);
            }
        }
        s
    }

    pub fn mrr(&self) -> f64 {
        if self.questions == 0 {
            0.0
        } else {
            self.reciprocal_ranks / self.questions as f64
        }
    }
}

/// "71/95 (75%)".
fn share(n: usize, of: usize) -> String {
    if of == 0 {
        return "–".into();
    }
    format!("{n}/{of} ({:.0}%)", 100.0 * n as f64 / of as f64)
}

fn round4(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// MiniSearch as commonly set up for a site like this one: title and body, title
/// boosted ×3, accents folded and lower-cased, prefix and fuzzy (0.2) matching, its
/// default OR of the words. Arguments: the library, docs.json, queries.json, the output.
const MINISEARCH_SCRIPT: &str = r#"'use strict';
const fs = require('fs');
const [lib, docsPath, queriesPath, outPath] = process.argv.slice(2);
const MiniSearch = require(lib);
const fold = t => t.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
const index = new MiniSearch({
  fields: ['title', 'body'],
  processTerm: fold,
  searchOptions: { prefix: true, fuzzy: 0.2, boost: { title: 3 } },
});
index.addAll(JSON.parse(fs.readFileSync(docsPath, 'utf8')));
const rankings = JSON.parse(fs.readFileSync(queriesPath, 'utf8')).map(q => {
  const hits = index.search(q);
  return { total: hits.length, ids: hits.slice(0, RANKED).map(h => h.id) };
});
fs.writeFileSync(outPath, JSON.stringify(rankings));
"#;

/// Each engine's first results (ids) and result count, per question.
struct Ranking {
    ids: Vec<String>,
    total: u64,
}

fn read_rankings(path: &Path, questions: usize) -> Result<Vec<Ranking>, String> {
    let v = read_json(path)?;
    let list = v.as_array().ok_or_else(|| format!("{}: not a list", path.display()))?;
    if list.len() != questions {
        return Err(format!("{}: {} rankings for {questions} questions", path.display(), list.len()));
    }
    Ok(list
        .iter()
        .map(|r| Ranking {
            ids: r["ids"].as_array().into_iter().flatten().filter_map(|i| i.as_str().map(str::to_string)).collect(),
            total: r["total"].as_u64().unwrap_or(0),
        })
        .collect())
}

fn ranking(ids: Vec<String>, total: usize) -> Value {
    json!({ "total": total, "ids": ids })
}

/// The flat documents for the peers (`OUT/docs.json`) and our engine's rankings
/// (`OUT/ranking-ours.json`), natively: the same `Engine::search` the browser runs.
fn ours(out: &Path, queries: &[&str]) {
    let doc = rendiconto_parser::parse_bytes(&crate::corpus::report_source()).expect("the report parses");
    let docs = crate::corpus::flat_docs(&doc);
    std::fs::write(out.join("docs.json"), serde_json::to_vec(&docs).unwrap()).unwrap();
    let engine = rendiconto_search::Engine::in_memory(doc).expect("the engine opens");
    let rankings: Vec<Value> = queries
        .iter()
        .map(|query| {
            let request =
                rendiconto_search::SearchRequest { query: query.to_string(), limit: RANKED, ..Default::default() };
            let r = engine.search(&request);
            ranking(r.hits.into_iter().map(|h| h.id.to_string()).collect(), r.total)
        })
        .collect();
    figures::write(out.join("ranking-ours.json"), &Value::Array(rankings));
}

/// One question in the page: the first results' ids (from their urls, `/a/<id>.html`)
/// and the result count.
const PAGEFIND_SEARCH: &str = r#"(async () => {
  const pagefind = await import('/pagefind/pagefind.js');
  if (!window.__qualityReady) {
    await pagefind.options({ noWorker: true });
    await pagefind.init();
    window.__qualityReady = true;
  }
  const search = await pagefind.search(QUERY);
  const data = await Promise.all(search.results.slice(0, RANKED).map(r => r.data()));
  return { total: search.results.length, ids: data.map(d => d.url.split('/').pop().replace(/\.html$/, '')) };
})().then(done, e => done({ error: String(e && (e.stack || e)) }));"#;

/// Pagefind's rankings (`OUT/ranking-pagefind.json`): `pagefind.search()` in headless
/// Chromium on the site [`crate::peers::pagefind`] built in `OUT/pagefind`.
async fn pagefind(out: &Path, queries: &[&str]) {
    let site = out.join("pagefind");
    let docs: Vec<Value> = serde_json::from_slice(&std::fs::read(out.join("docs.json")).unwrap()).unwrap();
    let b = Browser::start(Some(site)).await;
    b.client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(Some(Duration::from_secs(120)), None, None))
        .await
        .expect("script timeout");
    // A page of the site without scripts of its own: the search page would initialise
    // Pagefind itself, at the same time as the script below.
    b.open(&format!("a/{}.html", docs[0]["id"].as_str().unwrap())).await;
    let mut rankings = Vec::new();
    for q in queries {
        let script =
            PAGEFIND_SEARCH.replace("QUERY", &serde_json::to_string(q).unwrap()).replace("RANKED", &RANKED.to_string());
        let v = b.js_async(&script).await;
        assert!(v.get("error").is_none(), "Pagefind failed on {q:?}: {}", v["error"]);
        let ids = v["ids"].as_array().unwrap().iter().map(|i| i.as_str().unwrap().to_string()).collect();
        rankings.push(ranking(ids, v["total"].as_u64().unwrap() as usize));
    }
    b.close().await;
    figures::write(out.join("ranking-pagefind.json"), &Value::Array(rankings));
}

pub async fn run(root: &Path, no_write: bool) -> Result<(), String> {
    crate::peers::check(root)?;
    let questions_path = std::env::var_os("BENCH_QUESTIONS")
        .map(Into::into)
        .unwrap_or_else(|| root.join("tests/relevance/questions.tsv"));
    let text = std::fs::read_to_string(&questions_path).map_err(|e| format!("{}: {e}", questions_path.display()))?;
    let questions = parse_questions(&text).map_err(|e| format!("{}: {e}", questions_path.display()))?;
    if questions.is_empty() {
        return Err(format!("{}: no questions", questions_path.display()));
    }
    let out = root.join("target/bench/quality");
    std::fs::create_dir_all(&out).map_err(|e| e.to_string())?;
    let texts: Vec<&str> = questions.iter().map(|q| q.text.as_str()).collect();
    std::fs::write(out.join("queries.json"), serde_json::to_vec(&texts).unwrap()).map_err(|e| e.to_string())?;

    eprintln!("bench: quality: {} questions; our engine (native) and the documents", questions.len());
    ours(&out, &texts);
    check_ids(&out, &questions)?;
    eprintln!("bench: quality: MiniSearch (Node)");
    let script = out.join("minisearch-quality.cjs");
    std::fs::write(&script, MINISEARCH_SCRIPT.replace("RANKED", &RANKED.to_string())).map_err(|e| e.to_string())?;
    rendiconto_site::run(
        Command::new("node")
            .arg(&script)
            .arg(root.join(".tools/node_modules/minisearch/dist/cjs/index.cjs"))
            .arg(out.join("docs.json"))
            .arg(out.join("queries.json"))
            .arg(out.join("ranking-minisearch.json")),
    )?;
    eprintln!("bench: quality: Pagefind (index, then searches in Chromium)");
    crate::peers::pagefind(&out)?;
    pagefind(&out, &texts).await;

    let mut rankings = Vec::new();
    for (id, _) in PEERS {
        rankings.push(read_rankings(&out.join(format!("ranking-{id}.json")), questions.len())?);
    }
    let judgements: Vec<Vec<Judgement>> =
        rankings.iter().map(|engine| questions.iter().zip(engine).map(|(q, r)| judge(q, &r.ids)).collect()).collect();
    let summaries: Vec<Summary> = judgements.iter().map(|j| Summary::of(j)).collect();

    let rel = questions_path.strip_prefix(root).unwrap_or(&questions_path).display().to_string();
    let date = machine::date();
    let versions = json!({
        "tantivy": machine::lock_version(root, "tantivy"),
        "pagefind": machine::npm_version(root, "pagefind"),
        "minisearch": machine::npm_version(root, "minisearch"),
    });
    let md = markdown(&questions, &summaries, &judgements, &rel, &date, &versions);
    println!("{md}");
    if no_write {
        return Ok(());
    }
    let mut engines = serde_json::Map::new();
    for ((id, name), s) in PEERS.iter().zip(&summaries) {
        engines.insert(
            id.to_string(),
            json!({
                "name": name,
                "questions": s.questions,
                "hits_at_5": s.hits,
                "mrr": round4(s.mrr()),
                "zero_results": s.zero,
                "questions_with_activities": s.with_activities,
                "activity_hits_at_5": s.activity_hits,
            }),
        );
    }
    let per_question: Vec<String> = questions
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let mut lines = vec![format!(
                "\"question\": {}, \"programmes\": {}, \"activities\": {}",
                json!(q.text),
                json!(q.programmes),
                json!(q.activities)
            )];
            for (e, (id, _)) in PEERS.iter().enumerate() {
                let r = &rankings[e][i];
                let answer = json!({
                    "first_5": &r.ids[..r.ids.len().min(TOP)],
                    "first_relevant_rank": judgements[e][i].first_relevant,
                    "activity_in_first_5": judgements[e][i].activity_in_top,
                    "results": r.total,
                });
                lines.push(format!("\"{id}\": {answer}"));
            }
            format!("    {{\n      {}\n    }}", lines.join(",\n      "))
        })
        .collect();
    let summary = json!({
        "command": "cargo xtask bench --quality",
        "date": date,
        "questions_file": rel,
        "judged": JUDGED,
        "versions": versions,
        "ranked": RANKED,
        "engines": engines,
        "questions": "QUESTIONS",
    });
    // One question a few lines (its engines one line each), not one value a line.
    let text = serde_json::to_string_pretty(&summary)
        .unwrap()
        .replace("\"QUESTIONS\"", &format!("[\n{}\n  ]", per_question.join(",\n")));
    serde_json::from_str::<Value>(&text).map_err(|e| format!("quality.json: {e}"))?;
    let json_path = root.join("docs/bench/quality.json");
    std::fs::create_dir_all(json_path.parent().unwrap()).map_err(|e| e.to_string())?;
    std::fs::write(&json_path, text + "\n").map_err(|e| e.to_string())?;
    let bench_md = root.join("BENCHMARKS.md");
    let text = std::fs::read_to_string(&bench_md).map_err(|e| e.to_string())?;
    std::fs::write(&bench_md, replace_between(&text, "quality", &md)?).map_err(|e| e.to_string())?;
    eprintln!("bench: wrote {} and {}", json_path.display(), bench_md.display());
    Ok(())
}

/// Judged ids no engine can return (not among the documents): a typo in the set.
fn check_ids(out: &Path, questions: &[Question]) -> Result<(), String> {
    let docs = read_json(&out.join("docs.json"))?;
    let ids: std::collections::HashSet<&str> =
        docs.as_array().into_iter().flatten().filter_map(|d| d["id"].as_str()).collect();
    for q in questions {
        for a in q.activities.iter().filter(|a| !ids.contains(a.as_str())) {
            eprintln!("bench: quality: {a} (question {:?}) is not an item of the report", q.text);
        }
    }
    Ok(())
}

/// The table, and the questions no engine answers within its first 10 results.
fn markdown(
    questions: &[Question],
    summaries: &[Summary],
    judgements: &[Vec<Judgement>],
    file: &str,
    date: &str,
    versions: &Value,
) -> String {
    let with_activities = questions.iter().filter(|q| !q.activities.is_empty()).count();
    let mut md = format!(
        "Measured by `cargo xtask bench --quality` on {date}: {} questions from `{file}` ({with_activities} of them name activities); tantivy {}, Pagefind {}, MiniSearch {}.\n\n",
        questions.len(),
        versions["tantivy"].as_str().unwrap_or("?"),
        versions["pagefind"].as_str().unwrap_or("?"),
        versions["minisearch"].as_str().unwrap_or("?"),
    );
    md.push_str("| engine | hits@5 | MRR (first 10) | zero results | activity hits@5 |\n|---|---:|---:|---:|---:|\n");
    for ((_, name), s) in PEERS.iter().zip(summaries) {
        md.push_str(&format!(
            "| {name} | {} | {:.2} | {} | {} |\n",
            share(s.hits, s.questions),
            s.mrr(),
            share(s.zero, s.questions),
            share(s.activity_hits, s.with_activities),
        ));
    }
    let unanswered: Vec<String> = questions
        .iter()
        .enumerate()
        .filter(|(i, _)| judgements.iter().all(|j| j[*i].first_relevant.is_none()))
        .map(|(_, q)| format!("\"{}\"", q.text))
        .collect();
    if !unanswered.is_empty() {
        md.push_str(&format!(
            "\nNo engine has a result of the question's programmes in its first 10 for {}: {}.\n",
            if unanswered.len() == 1 { "1 question".to_string() } else { format!("{} questions", unanswered.len()) },
            unanswered.join(", ")
        ));
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    fn question(programmes: &[&str], activities: &[&str]) -> Question {
        Question { text: "q".into(), programmes: ids(programmes), activities: ids(activities), note: String::new() }
    }

    #[test]
    fn programme_of_an_item() {
        assert_eq!(programme_of("m10-p5-a15").as_deref(), Some("10.5"));
        assert_eq!(programme_of("m1-p3-t1").as_deref(), Some("1.3"));
        assert_eq!(programme_of("m110-p12-a1").as_deref(), Some("110.12"));
        assert_eq!(programme_of("m10-p5"), None);
        assert_eq!(programme_of("x10-p5-a1"), None);
        assert_eq!(programme_of("m10-q5-a1"), None);
    }

    #[test]
    fn parses_the_question_set() {
        let text = "# comment\n\ncarta d'identita\t1.7\tm1-p7-a2 m1-p7-a1\tnote here\nvigili urbani\t3.1 3.2\t\tprogrammes only\nbare\t12.4\n";
        let q = parse_questions(text).unwrap();
        assert_eq!(q.len(), 3);
        assert_eq!(q[0].text, "carta d'identita");
        assert_eq!(q[0].programmes, ids(&["1.7"]));
        assert_eq!(q[0].activities, ids(&["m1-p7-a2", "m1-p7-a1"]));
        assert_eq!(q[0].note, "note here");
        assert_eq!(q[1].programmes, ids(&["3.1", "3.2"]));
        assert!(q[1].activities.is_empty());
        assert_eq!(q[2].programmes, ids(&["12.4"]));
        assert!(parse_questions("only a question\n").unwrap_err().starts_with("line 1:"));
        assert!(parse_questions("#\nq\t10-5\n").unwrap_err().starts_with("line 2:"));
        assert!(parse_questions("q\t10.5\tm10p5a1\n").is_err());
    }

    #[test]
    fn judges_a_ranking() {
        let q = question(&["10.5", "1.6"], &["m10-p5-a15"]);
        // First result of programme 10.5 at rank 3; the listed activity at rank 6.
        let ranked = ids(&["m4-p2-a1", "m10-p4-a1", "m10-p5-a2", "m8-p1-t1", "m1-p1-a1", "m10-p5-a15"]);
        let j = judge(&q, &ranked);
        assert_eq!(j, Judgement { first_relevant: Some(3), activity_in_top: Some(false), zero: false });
        // Only the first 10 count.
        let mut late = ids(&["m4-p2-a1"; 10]);
        late.push("m1-p6-a1".into());
        assert_eq!(judge(&q, &late).first_relevant, None);
        assert_eq!(judge(&q, &[]), Judgement { first_relevant: None, activity_in_top: Some(false), zero: true });
        assert_eq!(judge(&question(&["3.1"], &[]), &ids(&["m3-p1-a1"])).activity_in_top, None);
    }

    #[test]
    fn sums_hits_mrr_and_zero_results() {
        let q1 = question(&["10.5"], &["m10-p5-a15"]);
        let q2 = question(&["1.7"], &[]);
        let q3 = question(&["3.1"], &["m3-p1-a4"]);
        let q4 = question(&["12.4"], &[]);
        let j = [
            // rank 1, the activity at rank 1
            judge(&q1, &ids(&["m10-p5-a15", "m1-p1-a1"])),
            // rank 6: counts for MRR (1/6), not for hits@5
            judge(&q2, &ids(&["m1-p1-a1", "m1-p1-a2", "m1-p1-a3", "m1-p1-a4", "m1-p1-a5", "m1-p7-a1"])),
            // rank 2, the activity missed
            judge(&q3, &ids(&["m3-p2-a1", "m3-p1-a1"])),
            // no result
            judge(&q4, &[]),
        ];
        let s = Summary::of(&j);
        assert_eq!((s.questions, s.hits, s.zero, s.with_activities, s.activity_hits), (4, 2, 1, 2, 1));
        assert!((s.mrr() - (1.0 + 1.0 / 6.0 + 0.5) / 4.0).abs() < 1e-12);
        assert_eq!(share(s.hits, s.questions), "2/4 (50%)");
        assert_eq!(Summary::of(&[]).mrr(), 0.0);
    }
}
