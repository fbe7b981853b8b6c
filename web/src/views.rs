//! What the engine gives the pages besides search results: an activity with its
//! programme, a programme, the report's outline, files to download.

use crate::i18n::{activities_count, t, Key, Lang};
use crate::route::Route;
use rendiconto_model::{Activity, CouncilLine, Document, IndicatorTable, Program};
use rendiconto_search::items::status_rank;
use rendiconto_search::SearchRequest;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq)]
pub enum ExportScope {
    Everything,
    Program(String),
    /// Every result of this search (not only the page shown).
    Results(SearchRequest),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Csv,
    Json,
}

/// A file for the browser to save.
#[derive(Debug, Clone, PartialEq)]
pub struct Download {
    pub filename: String,
    pub mime: String,
    pub content: String,
}

/// A programme with its mission, for the programme page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramView {
    pub id: String,
    pub mission: u32,
    pub mission_title: String,
    pub program: Program,
    /// Its activities by status (the bar at the top of the page).
    pub statuses: StatusCounts,
}

/// The report's structure for the home page, and a mission's page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MissionSummary {
    pub number: u32,
    pub title: String,
    pub page: Option<u32>,
    pub programs: Vec<ProgramSummary>,
    /// Its activities by status.
    pub statuses: StatusCounts,
}

/// Activities by status, in the order the bars show them: concluded, in progress,
/// started, the other statuses as printed, and last those with no status
/// (`status: None`). Each activity counts once, by its first status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusCounts(pub Vec<(Option<String>, usize)>);

impl StatusCounts {
    pub fn of<'a>(activities: impl IntoIterator<Item = &'a Activity>) -> StatusCounts {
        let mut counts: Vec<(Option<String>, usize)> = Vec::new();
        for a in activities {
            match counts.iter_mut().find(|(s, _)| *s == a.status) {
                Some((_, n)) => *n += 1,
                None => counts.push((a.status.clone(), 1)),
            }
        }
        counts.sort_by(|a, b| status_rank(a.0.as_deref()).cmp(&status_rank(b.0.as_deref())).then(a.0.cmp(&b.0)));
        StatusCounts(counts)
    }

    pub fn total(&self) -> usize {
        self.0.iter().map(|(_, n)| n).sum()
    }

    /// The counts of several groups added up, in the same order.
    pub fn sum<'a>(parts: impl IntoIterator<Item = &'a StatusCounts>) -> StatusCounts {
        let mut out: Vec<(Option<String>, usize)> = Vec::new();
        for (s, n) in parts.into_iter().flat_map(|c| c.0.iter()) {
            match out.iter_mut().find(|(x, _)| x == s) {
                Some((_, m)) => *m += n,
                None => out.push((s.clone(), *n)),
            }
        }
        out.sort_by(|a, b| status_rank(a.0.as_deref()).cmp(&status_rank(b.0.as_deref())).then(a.0.cmp(&b.0)));
        StatusCounts(out)
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramSummary {
    pub id: String,
    pub number: u32,
    pub title: String,
    pub page: Option<u32>,
    pub activities: usize,
    /// (status, activities with it), most frequent first.
    pub statuses: Vec<(String, usize)>,
}

/// `m1-p10`: the id of a programme, the prefix of its activities' ids.
pub fn program_id(mission: u32, program: u32) -> String {
    format!("m{mission}-p{program}")
}

impl ProgramView {
    pub fn find(doc: &Document, id: &str) -> Option<ProgramView> {
        doc.missions.iter().find_map(|m| {
            m.programs.iter().find(|p| program_id(m.number, p.number) == id).map(|p| ProgramView {
                id: id.to_string(),
                mission: m.number,
                mission_title: m.title.clone(),
                program: p.clone(),
                statuses: StatusCounts::of(&p.activities),
            })
        })
    }
}

pub fn overview(doc: &Document) -> Vec<MissionSummary> {
    doc.missions
        .iter()
        .map(|m| MissionSummary {
            number: m.number,
            title: m.title.clone(),
            page: m.page,
            statuses: StatusCounts::of(m.programs.iter().flat_map(|p| &p.activities)),
            programs: m
                .programs
                .iter()
                .map(|p| {
                    let mut statuses: Vec<(String, usize)> = Vec::new();
                    for a in &p.activities {
                        let s = a.status.clone().unwrap_or_else(|| "-".into());
                        match statuses.iter_mut().find(|(x, _)| *x == s) {
                            Some((_, n)) => *n += 1,
                            None => statuses.push((s, 1)),
                        }
                    }
                    statuses.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                    ProgramSummary {
                        id: program_id(m.number, p.number),
                        number: p.number,
                        title: p.title.clone(),
                        page: p.page,
                        activities: p.activities.len(),
                        statuses,
                    }
                })
                .collect(),
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LoadStep {
    Manifest,
    Data,
    Index,
    Opening,
}

/// One activity or indicator table with the programme it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Detail {
    pub mission: u32,
    pub mission_title: String,
    pub program: u32,
    pub program_title: String,
    pub program_page: Option<u32>,
    pub program_id: String,
    /// The activities before and after this one in the programme: (id, title).
    pub previous: Option<(String, String)>,
    pub next: Option<(String, String)>,
    pub units: Vec<String>,
    pub stakeholders: Vec<String>,
    /// The council lines the activity refers to.
    pub lines: Vec<CouncilLine>,
    pub activity: Option<Activity>,
    pub table: Option<IndicatorTable>,
}

/// Byte ranges to put in `<mark>` in one text.
pub type Ranges = Vec<(usize, usize)>;

/// The words of the question marked on an opened activity or table: the ranges of each
/// text shown, in the order the page shows them. Empty without a question.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DetailMarks {
    /// The activity's title (its objective).
    pub title: Ranges,
    /// Per action, per line of its text.
    pub actions: Vec<Vec<Ranges>>,
    /// Per indicator of the activity (or row of the table), its name.
    pub indicators: Vec<Ranges>,
}

impl DetailMarks {
    /// Marks every text of `detail` with `mark` (the engine's `marks` for the
    /// question's terms).
    pub fn new(detail: &Detail, mark: impl Fn(&str) -> Ranges) -> DetailMarks {
        let mut out = DetailMarks::default();
        if let Some(a) = &detail.activity {
            out.title = mark(a.title());
            out.actions = a.actions.iter().map(|x| x.text.lines().map(&mark).collect()).collect();
            out.indicators = a.indicators.iter().map(|i| i.name.as_deref().map(&mark).unwrap_or_default()).collect();
        }
        if let Some(t) = &detail.table {
            out.indicators = t.rows.iter().map(|r| r.name.as_deref().map(&mark).unwrap_or_default()).collect();
        }
        out
    }

    /// Whether anything is marked.
    pub fn is_empty(&self) -> bool {
        self.title.is_empty()
            && self.actions.iter().flatten().all(Vec::is_empty)
            && self.indicators.iter().all(Vec::is_empty)
    }
}

/// The ranges at `i`, or none.
pub fn ranges_at(list: &[Ranges], i: usize) -> &[(usize, usize)] {
    list.get(i).map(Vec::as_slice).unwrap_or(&[])
}

impl Detail {
    pub fn find(doc: &Document, id: &str) -> Option<Detail> {
        for m in &doc.missions {
            for p in &m.programs {
                let activity = p.activities.iter().find(|a| a.id == id).cloned();
                let table = p.indicator_tables.iter().find(|t| t.id == id).cloned();
                if activity.is_none() && table.is_none() {
                    continue;
                }
                let lines = match &activity {
                    Some(a) => p.lines.iter().filter(|l| a.line_refs.contains(&l.number)).cloned().collect(),
                    None => Vec::new(),
                };
                let at = p.activities.iter().position(|a| a.id == id);
                let neighbour = |i: Option<usize>| {
                    i.and_then(|i| p.activities.get(i)).map(|a| (a.id.clone(), a.title().to_string()))
                };
                return Some(Detail {
                    mission: m.number,
                    mission_title: m.title.clone(),
                    program: p.number,
                    program_title: p.title.clone(),
                    program_page: p.page,
                    program_id: program_id(m.number, p.number),
                    previous: neighbour(at.and_then(|i| i.checked_sub(1))),
                    next: neighbour(at.map(|i| i + 1)),
                    units: p.units.clone(),
                    stakeholders: p.stakeholders.clone(),
                    lines,
                    activity,
                    table,
                });
            }
        }
        None
    }
}

/// What a page shows, computed from the report: by the app from the engine's copy,
/// and at build time by the prerenderer, which also writes it into the page (as JSON)
/// so that the app's first render is the prerendered page (hydration).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum PageData {
    Home(Vec<MissionSummary>),
    Mission(MissionSummary),
    Program(ProgramView),
    /// An activity or an indicator table.
    Detail(Detail),
    OpenData,
}

impl PageData {
    /// The page for `route`; `None` for the results, a missing id or a page that
    /// needs nothing from the report (not found).
    pub fn for_route(doc: &Document, route: Route) -> Option<PageData> {
        match route {
            Route::Home => Some(PageData::Home(overview(doc))),
            Route::Mission(n) => overview(doc).into_iter().find(|m| m.number == n).map(PageData::Mission),
            Route::Program(_) => ProgramView::find(doc, &route.id()?).map(PageData::Program),
            Route::Activity(_) | Route::Table(_) => Detail::find(doc, &route.id()?).map(PageData::Detail),
            Route::OpenData => Some(PageData::OpenData),
            Route::Results | Route::NotFound => None,
        }
    }

    /// Every page the site has, in report order: home, then each mission with its
    /// programmes, their activities and tables; the open data last.
    pub fn routes(doc: &Document) -> Vec<Route> {
        let mut out = vec![Route::Home];
        for m in &doc.missions {
            out.push(Route::Mission(m.number));
            for p in &m.programs {
                out.push(Route::from_id(&program_id(m.number, p.number)));
                out.extend(p.activities.iter().map(|a| Route::from_id(&a.id)));
                out.extend(p.indicator_tables.iter().map(|t| Route::from_id(&t.id)));
            }
        }
        out.push(Route::OpenData);
        out
    }

    /// The page's title and description, for `<title>`, the meta description and the
    /// preview of a shared link (Open Graph): an activity's title is its objective,
    /// its description its status, programme and mission.
    pub fn meta(&self, lang: Lang) -> (String, String) {
        let site = format!("{} — {}", t(lang, Key::AppName), t(lang, Key::City));
        let counts = |c: &StatusCounts| {
            let parts: Vec<String> =
                c.0.iter()
                    .map(|(s, n)| format!("{}: {n}", s.clone().unwrap_or_else(|| t(lang, Key::NoStatus).to_string())))
                    .collect();
            format!("{} ({})", activities_count(lang, c.total()), parts.join(", "))
        };
        match self {
            PageData::Home(_) => (
                site,
                match lang {
                    Lang::It => "Cerca nel Rendiconto 2023 della Città di Torino: obiettivi, stato di attuazione, azioni e indicatori. Funziona anche senza rete.".into(),
                    Lang::En => "Search the City of Turin's 2023 report: objectives, status, actions and indicators. Works offline too.".into(),
                },
            ),
            PageData::Mission(m) => (
                format!("{} {}: {} — {site}", t(lang, Key::Mission), m.number, m.title),
                format!("{}: {}. {}", t(lang, Key::Home), programmes_count(lang, m.programs.len()), counts(&m.statuses)),
            ),
            PageData::Program(v) => (
                format!("{} {}.{}: {} — {site}", t(lang, Key::Program), v.mission, v.program.number, v.program.title),
                format!("{} {}: {}. {}", t(lang, Key::Mission), v.mission, v.mission_title, counts(&v.statuses)),
            ),
            PageData::Detail(d) => {
                let place = format!(
                    "{} {}.{}: {} · {} {}: {}",
                    t(lang, Key::Program),
                    d.mission,
                    d.program,
                    d.program_title,
                    t(lang, Key::Mission),
                    d.mission,
                    d.mission_title
                );
                match (&d.activity, &d.table) {
                    (Some(a), _) => {
                        let status = a.statuses.join(", ");
                        let status = if status.is_empty() { t(lang, Key::NoStatus).to_string() } else { status };
                        let title = match a.title().trim() {
                            "" => format!("{} {}.{} — {}", t(lang, Key::Activity), d.mission, d.program, a.id),
                            title => title.to_string(),
                        };
                        (title, format!("{}: {status} · {place}", t(lang, Key::Status)))
                    }
                    (None, Some(tb)) => (format!("{} — {}", tb.title, d.program_title), format!("{} · {place}", t(lang, Key::Table))),
                    (None, None) => (site, place),
                }
            }
            PageData::OpenData => (
                format!("{} — {site}", t(lang, Key::OpenData)),
                t(lang, Key::OpenDataIntro).to_string(),
            ),
        }
    }
}

/// "5 programmi" / "5 programmes".
pub fn programmes_count(lang: Lang, n: usize) -> String {
    match (lang, n) {
        (Lang::It, 1) => "1 programma".into(),
        (Lang::It, n) => format!("{n} programmi"),
        (Lang::En, 1) => "1 programme".into(),
        (Lang::En, n) => format!("{n} programmes"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        let text = include_str!("../../data/torino-rendiconto-2023-relazione-programma.txt");
        rendiconto_parser::parse_str(text).unwrap()
    }

    #[test]
    fn detail_knows_its_neighbours_and_council_lines() {
        let d = Detail::find(&doc(), "m1-p1-a2").unwrap();
        assert_eq!(d.program_id, "m1-p1");
        assert_eq!(d.previous.as_ref().map(|p| p.0.as_str()), Some("m1-p1-a1"));
        assert_eq!(d.next.as_ref().map(|p| p.0.as_str()), Some("m1-p1-a3"));
        assert_eq!(d.lines.len(), 2, "refers to lines 1 and 2");
        assert!(d.lines[1].text.starts_with("Ridurre la complessità"));
        let first = Detail::find(&doc(), "m1-p1-a1").unwrap();
        assert_eq!(first.previous, None);
        assert!(Detail::find(&doc(), "m99-p1-a1").is_none());
    }

    #[test]
    fn an_activity_opened_from_a_search_marks_the_words() {
        let doc = doc();
        let engine = rendiconto_search::Engine::in_memory(doc.clone()).unwrap();
        // "Torino Città del libro: ridefinire il ruolo delle biblioteche civiche…"
        let d = Detail::find(&doc, "m5-p2-a6").unwrap();
        let terms = engine.terms("biblioteca");
        let marks = DetailMarks::new(&d, |t| engine.marks(t, &terms));
        let a = d.activity.as_ref().unwrap();
        let marked =
            |text: &str, r: &[(usize, usize)]| r.iter().map(|&(s, e)| text[s..e].to_lowercase()).collect::<Vec<_>>();
        assert_eq!(marked(a.title(), &marks.title), ["biblioteche"], "{}", a.title());
        assert_eq!(marks.actions.len(), a.actions.len());
        let action_words: Vec<String> = a
            .actions
            .iter()
            .zip(&marks.actions)
            .flat_map(|(x, lines)| x.text.lines().zip(lines).flat_map(|(l, r)| marked(l, r)))
            .collect();
        assert!(action_words.iter().any(|w| w == "biblioteca"), "{action_words:?}");
        assert!(action_words.iter().all(|w| w.starts_with("bibliotec")), "{action_words:?}");
        assert_eq!(marks.indicators.len(), a.indicators.len());
        let named = a.indicators.iter().zip(&marks.indicators).find(|(_, r)| !r.is_empty());
        let (i, r) = named.expect("an indicator names the biblioteche");
        assert_eq!(marked(i.name.as_deref().unwrap(), r), ["biblioteche"]);
        // Without a question nothing is marked.
        let none = DetailMarks::new(&d, |t| engine.marks(t, &engine.terms("")));
        assert!(none.is_empty());
    }

    #[test]
    fn every_page_has_its_data_and_a_title_naming_it() {
        let doc = doc();
        let routes = PageData::routes(&doc);
        assert_eq!(routes.iter().filter(|r| matches!(r, Route::Mission(_))).count(), 16);
        assert_eq!(routes.iter().filter(|r| matches!(r, Route::Program(_))).count(), 52);
        for r in &routes {
            let page = PageData::for_route(&doc, *r).unwrap_or_else(|| panic!("{r:?}"));
            let (title, description) = page.meta(Lang::It);
            assert!(!title.is_empty() && !description.is_empty(), "{r:?}");
        }
        let d = PageData::for_route(&doc, Route::from_id("m1-p2-a1")).unwrap();
        let (title, description) = d.meta(Lang::It);
        assert!(title.starts_with("Miglioramento della redazione"), "{title}");
        assert!(description.contains("Programma 1.2") && description.contains("Missione 1"), "{description}");
        let total = StatusCounts::sum(overview(&doc).iter().map(|m| &m.statuses));
        assert_eq!(
            total.total(),
            doc.missions.iter().flat_map(|m| &m.programs).map(|p| p.activities.len()).sum::<usize>()
        );
        assert_eq!(total.0.first().and_then(|s| s.0.clone()).as_deref(), Some("Concluso"));
        assert_eq!(total.0.last().map(|s| s.0.is_none()), Some(true));
    }

    #[test]
    fn overview_counts_activities_and_statuses() {
        let o = overview(&doc());
        assert_eq!(o.len(), 16);
        assert_eq!(o.iter().map(|m| m.programs.len()).sum::<usize>(), 52);
        let p = &o[0].programs[0];
        assert_eq!((p.id.as_str(), p.page), ("m1-p1", Some(3)));
        assert_eq!(p.statuses.iter().map(|s| s.1).sum::<usize>(), p.activities);
        assert_eq!(
            ProgramView::find(&doc(), "m11-p2").unwrap().program.title,
            "INTERVENTI A SEGUITO DI CALAMITÀ NATURALI"
        );
    }
}
