//! How a citizen's question is read: partial matches ranked by the words they hold,
//! function words, synonyms, corrections, phrases with elisions, sort orders.

use rendiconto_model::{ItemId, ProgramId};
use rendiconto_search::{Engine, SearchRequest, SearchResponse, Sort, Synonyms};
use std::sync::OnceLock;

const REPORT: &str = include_str!("../../../data/torino-rendiconto-2023-relazione-programma.txt");

fn doc() -> rendiconto_model::Document {
    rendiconto_parser::parse_str(REPORT).unwrap()
}

/// The engine with the bundled synonym list, as the app and the CLI have it.
fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| Engine::in_memory(doc()).unwrap())
}

/// The engine with a list of the test's own, so the mechanics do not hang on the
/// bundled list's wording.
fn with_list() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let list = Synonyms::parse(
            "spazzatura, immondizia => rifiuti\nbici, bicicletta, ciclabile\ncase popolari => edilizia residenziale pubblica\n",
        )
        .unwrap();
        Engine::in_memory_with(doc(), &list).unwrap()
    })
}

fn ask(engine: &Engine, q: &str, limit: usize, sort: Sort) -> SearchResponse {
    engine.search(&SearchRequest { query: q.into(), limit, sort, ..Default::default() })
}

fn search(q: &str) -> SearchResponse {
    ask(engine(), q, 10, Sort::Relevance)
}

fn ids(r: &SearchResponse) -> Vec<String> {
    r.hits.iter().map(|h| h.id.to_string()).collect()
}

fn id(s: &str) -> ItemId {
    s.parse().unwrap()
}

fn program(s: &str) -> ProgramId {
    s.parse().unwrap()
}

#[test]
fn a_word_the_report_lacks_leaves_the_items_with_the_others() {
    // "povere": the report says "povertà" (another stem), and the test's list has no
    // synonym for it. Families are still found.
    let r = ask(with_list(), "aiuti alle famiglie povere", 10, Sort::Relevance);
    assert_eq!((r.complete, r.not_found()), (0, vec!["povere"]));
    assert!(r.total > 0);
    let words: Vec<(&str, bool, bool)> = r.words.iter().map(|w| (w.word.as_str(), w.stop, w.found)).collect();
    assert!(words.contains(&("alle", true, false)), "{words:?}");
    assert!(words.iter().any(|&(w, stop, found)| w == "famiglie" && !stop && found), "{words:?}");
    // Every hit holds "famiglie" or a synonym of a word: the first ones are about families.
    assert!(
        r.hits[0].title.to_lowercase().contains("famigli") || r.hits[0].snippet.text.to_lowercase().contains("famigli")
    );
}

#[test]
fn items_with_every_word_come_first_then_those_with_the_most() {
    let r = ask(engine(), "piste ciclabili manutenzione", 1000, Sort::Relevance);
    assert!(r.complete > 0 && r.complete < r.total, "{} of {}", r.complete, r.total);
    assert!(r.hits[..r.complete].iter().all(|h| h.complete));
    assert!(r.hits[r.complete..].iter().all(|h| !h.complete));
    // Among the partial hits, those with two of the three words come before those
    // with one: a hit holding "piste" and "ciclabili" without "manutenzione" ranks
    // above any hit holding "manutenzione" alone.
    let text = |id: ItemId| {
        let t = engine().item(id).unwrap();
        rendiconto_search::TextField::ALL.iter().map(|f| f.text(t).to_lowercase()).collect::<Vec<_>>().join(" ")
    };
    let partial = &r.hits[r.complete..];
    let two = partial.iter().position(|h| text(h.id).contains("piste") && text(h.id).contains("ciclabil"));
    let one = partial.iter().position(|h| !text(h.id).contains("pist") && !text(h.id).contains("ciclabil"));
    let (two, one) = (two.expect("a hit with two words"), one.expect("a hit with one word"));
    assert!(two < one, "{two} {one}");
}

#[test]
fn function_words_neither_match_nor_rank() {
    let plain = search("asili nido");
    let spoken = search("gli asili per il nido della città");
    let spoken_ids = ids(&spoken);
    // "città" is a content word; the function words change nothing else.
    assert_eq!(ids(&search("asili nido città")), spoken_ids);
    assert!(spoken.words.iter().filter(|w| w.stop).count() == 4, "{:?}", spoken.words);
    assert_eq!(ids(&search("nelle scuole")), ids(&search("scuole")));
    assert!(plain.total > 0);
    // A question of function words alone is searched as typed, not emptied.
    assert!(search("per").total > 0);
}

#[test]
fn synonyms_find_what_the_report_calls_otherwise_and_rank_below_the_word() {
    let e = with_list();
    let r = ask(e, "spazzatura", 10, Sort::Relevance);
    assert!(r.total > 0);
    assert_eq!(r.synonyms(), ["rifiuti"]);
    assert_eq!(r.hits[0].id.program(), program("m9-p3"), "{}", r.hits[0].id);
    // One way: "rifiuti" does not bring in "spazzatura".
    assert!(ask(e, "rifiuti", 10, Sort::Relevance).synonyms().is_empty());
    // Equivalent words: "bici" searches "bicicletta" and "ciclabile"; the word typed
    // ranks above its synonyms.
    let bici = ask(e, "bicicletta", 50, Sort::Relevance);
    assert!(bici.synonyms().contains(&"ciclabile"), "{:?}", bici.synonyms());
    // The same item, found through its own word and through a synonym: the synonym
    // counts less.
    let score = |q: &str, id: ItemId| {
        ask(e, q, 1000, Sort::Relevance).hits.into_iter().find(|h| h.id == id).map(|h| h.score).unwrap()
    };
    let lane = id("m10-p5-a15"); // "piste ciclabili", no "bicicletta"
    assert!(!e.item(lane).unwrap().objective.to_lowercase().contains("biciclett"));
    assert!(
        score("ciclabile", lane) > score("bicicletta ", lane),
        "{} {}",
        score("ciclabile", lane),
        score("bicicletta ", lane)
    );
    // Several words: "case popolari" brings in the report's phrase.
    let r = ask(e, "case popolari", 10, Sort::Relevance);
    assert_eq!(r.synonyms(), ["edilizia residenziale pubblica"]);
    let places = [program("m12-p6"), program("m8-p2")];
    assert!(r.hits.iter().take(3).all(|h| places.contains(&h.id.program())), "{:?}", ids(&r));
}

#[test]
fn the_bundled_list_answers_the_issues_questions() {
    for q in ["bici in città", "spazzatura ingombranti", "aiuti alle famiglie povere"] {
        let r = search(q);
        assert!(r.total > 0, "{q}");
        let note = !r.synonyms().is_empty() || r.complete == 0;
        assert!(note, "{q}: neither a synonym nor a partial match to say");
    }
    let r = search("bici in città");
    assert!(r.hits.iter().take(3).all(|h| h.id.program() == program("m10-p5")), "{:?}", ids(&r));
    let r = search("spazzatura ingombranti");
    assert!(r.synonyms().contains(&"rifiuti"), "{:?}", r.synonyms());
    assert_eq!(r.hits[0].id.program(), program("m9-p3"), "{:?}", ids(&r));
}

#[test]
fn a_misspelt_word_is_corrected_and_the_correction_offered() {
    let r = search("bibbliotecca civiche");
    assert_eq!(r.suggestion.as_deref(), Some("biblioteca civiche"));
    assert!(r.total > 0);
    assert!(r.words[0].found && r.words[0].correction.as_deref() == Some("biblioteca"));
    // A word the report has is meant as typed: no suggestion, no corrections.
    assert_eq!(search("biblioteca").suggestion, None);
    // Nothing close: nothing offered, nothing found.
    let r = search("xqzwv");
    assert_eq!((r.total, r.suggestion.as_deref()), (0, None));
    assert_eq!(r.not_found(), ["xqzwv"]);
}

#[test]
fn a_phrase_with_elisions_matches_at_every_position() {
    // (phrase, an item that holds it) — with ' and ’, the elided word first, inside
    // and before the last word.
    for (phrase, item) in [
        ("\"l'uso delle risorse\"", "m1-p1-a4"),
        ("\"l’uso delle risorse\"", "m1-p1-a4"),
        ("\"Favorire l'utilizzo\"", "m12-p6-a1"),
        ("\"Favorire l’utilizzo\"", "m12-p6-a1"),
        ("\"Monitoraggio dell'accordo\"", "m1-p3-a7"),
        ("\"Monitoraggio dell’accordo con il Ministero\"", "m1-p3-a7"),
        ("\"Realizzare un'analisi\"", "m6-p1-a29"),
        ("\"Realizzare un’analisi\"", "m6-p1-a29"),
    ] {
        let r = ask(engine(), phrase, 1000, Sort::Relevance);
        assert!(r.hits.iter().any(|h| h.id == id(item)), "{phrase}: {:?}", ids(&r));
        // Strict: every hit holds the phrase.
        assert!(r.hits.iter().all(|h| h.complete), "{phrase}");
    }
    // The words apart are not the phrase.
    assert!(ask(engine(), "\"utilizzo favorire\"", 1000, Sort::Relevance).total < search("favorire utilizzo").total);
}

#[test]
fn exclusions_stay_strict() {
    let r = ask(engine(), "rifiuti -raccolta", 1000, Sort::Relevance);
    assert!(r.total > 0);
    for h in &r.hits {
        let t = engine().item(h.id).unwrap();
        let all = rendiconto_search::TextField::ALL.iter().map(|f| f.text(t)).collect::<Vec<_>>().join(" ");
        assert!(!all.to_lowercase().contains("raccolta"), "{}", h.id);
    }
}

#[test]
fn sort_orders() {
    let relevance = ask(engine(), "verde pubblico", 1000, Sort::Relevance);
    let report = ask(engine(), "verde pubblico", 1000, Sort::Report);
    let status = ask(engine(), "verde pubblico", 1000, Sort::Status);
    assert_eq!(relevance.total, report.total);
    assert_eq!(relevance.total, status.total);
    let position = |id: ItemId| engine().items.iter().position(|i| i.id == id).unwrap();
    // Report order: within the complete and then the partial hits.
    for part in [&report.hits[..report.complete], &report.hits[report.complete..]] {
        let order: Vec<usize> = part.iter().map(|h| position(h.id)).collect();
        assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    }
    // Status: concluded, in progress, started, others, none.
    let rank = |s: Option<&str>| match s {
        Some(s) if s.starts_with("Concluso") => 0,
        Some("In corso") => 1,
        Some("Avviato") => 2,
        Some(_) => 3,
        None => 4,
    };
    let ranks: Vec<u8> = status.hits[..status.complete].iter().map(|h| rank(h.status.as_deref())).collect();
    assert!(ranks.windows(2).all(|w| w[0] <= w[1]), "{ranks:?}");
    assert!(ranks.first() < ranks.last(), "{ranks:?}");
    // No question: filters alone list every item in report order.
    let all = ask(engine(), "", 1000, Sort::Relevance);
    let order: Vec<usize> = all.hits.iter().map(|h| position(h.id)).collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert_eq!(all.complete, all.total);
    assert_eq!(Sort::from_key("stato"), Some(Sort::Status));
    assert_eq!(Sort::from_key(Sort::Report.key()), Some(Sort::Report));
}

#[test]
fn an_opened_activity_marks_the_questions_words() {
    let terms = engine().terms("piste ciclabili in città");
    let text = "Estensione della rete ciclabile e delle piste in Città";
    let marked: Vec<&str> = engine().marks(text, &terms).iter().map(|&(a, b)| &text[a..b]).collect();
    assert_eq!(marked, ["ciclabile", "piste", "Città"]);
    assert!(engine().marks(text, &engine().terms("")).is_empty());
}

#[test]
fn a_word_most_items_hold_neither_decides_nor_matches_alone() {
    // "città" is in the setting of nearly every item: it adds to the score only.
    let all = engine().items.len();
    let citta = search("città");
    assert!(citta.total * 2 > all, "{}", citta.total);
    let r = ask(engine(), "biblioteche città", 1000, Sort::Relevance);
    assert_eq!(r.total, ask(engine(), "biblioteche", 1000, Sort::Relevance).total);
    assert_eq!(r.complete, r.total);
    // …unless no other word is found: never an empty page.
    let r = search("xqzwv città");
    assert_eq!(r.total, citta.total);
    assert_eq!(r.not_found(), ["xqzwv"]);
}

#[test]
fn words_next_to_each_other_rank_first() {
    // "servizio" is everywhere; "servizio civile" (universal civil service) is not
    // "protezione civile".
    let r = search("servizio civile");
    let first = engine().item(r.hits[0].id).unwrap();
    let text = rendiconto_search::TextField::ALL.iter().map(|f| f.text(first)).collect::<Vec<_>>().join(" ");
    assert!(text.to_lowercase().contains("servizio civile"), "{}: {}", r.hits[0].id, r.hits[0].title);
}

#[test]
fn questions_are_framed_with_words_that_are_not_searched() {
    for w in ["posso", "devo", "vorrei"] {
        let r = search(&format!("{w} biblioteche"));
        assert!(r.words[0].stop, "{w}");
        assert_eq!(ids(&r), ids(&search("biblioteche")), "{w}");
    }
    // "Po" is the river, not the elided "un po'".
    assert!(search("Po").total > 0);
}
