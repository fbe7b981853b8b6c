//! What the pages show besides search results, made from the report: its outline
//! (home and missions), a programme, an activity or table with its programme.

use crate::statuses::StatusCounts;
use rendiconto_model::{
    Activity, ActivityId, CouncilLine, Document, IndicatorTable, ItemId, MissionId, Program, ProgramId,
};
use serde::{Deserialize, Serialize};

/// A programme with its mission, for the programme page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramView {
    pub id: ProgramId,
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramSummary {
    pub id: ProgramId,
    pub number: u32,
    pub title: String,
    pub page: Option<u32>,
    pub activities: usize,
    /// (status, activities with it), most frequent first.
    pub statuses: Vec<(String, usize)>,
}

/// One activity or indicator table with the programme it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Detail {
    pub mission_title: String,
    pub program_title: String,
    pub program_page: Option<u32>,
    pub program_id: ProgramId,
    /// The activities before and after this one in the programme: (id, title).
    pub previous: Option<(ActivityId, String)>,
    pub next: Option<(ActivityId, String)>,
    pub units: Vec<String>,
    pub stakeholders: Vec<String>,
    /// The council lines the activity refers to.
    pub lines: Vec<CouncilLine>,
    pub activity: Option<Activity>,
    pub table: Option<IndicatorTable>,
}

impl ProgramView {
    pub fn find(doc: &Document, id: ProgramId) -> Option<ProgramView> {
        let m = doc.missions.iter().find(|m| m.number == id.mission)?;
        let p = m.programs.iter().find(|p| p.number == id.program)?;
        Some(ProgramView {
            id,
            mission_title: m.title.clone(),
            program: p.clone(),
            statuses: StatusCounts::of(&p.activities),
        })
    }
}

/// The report's outline: each mission with its programmes and their statuses.
pub fn overview(doc: &Document) -> Vec<MissionSummary> {
    doc.missions
        .iter()
        .map(|m| MissionSummary {
            number: m.number,
            title: m.title.clone(),
            page: m.page,
            statuses: StatusCounts::of(m.programs.iter().flat_map(|p| &p.activities)),
            programs: m.programs.iter().map(|p| ProgramSummary::of(MissionId(m.number), p)).collect(),
        })
        .collect()
}

impl ProgramSummary {
    fn of(mission: MissionId, p: &Program) -> ProgramSummary {
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
            id: mission.program(p.number),
            number: p.number,
            title: p.title.clone(),
            page: p.page,
            activities: p.activities.len(),
            statuses,
        }
    }
}

impl Detail {
    pub fn find(doc: &Document, id: ItemId) -> Option<Detail> {
        let program_id = id.program();
        let m = doc.missions.iter().find(|m| m.number == program_id.mission)?;
        let p = m.programs.iter().find(|p| p.number == program_id.program)?;
        let (activity, table) = match id {
            ItemId::Activity(a) => (Some(p.activities.iter().find(|x| x.id == a)?.clone()), None),
            ItemId::Table(t) => (None, Some(p.indicator_tables.iter().find(|x| x.id == t)?.clone())),
        };
        let lines = match &activity {
            Some(a) => p.lines.iter().filter(|l| a.line_refs.contains(&l.number)).cloned().collect(),
            None => Vec::new(),
        };
        let at = activity.as_ref().and_then(|a| p.activities.iter().position(|x| x.id == a.id));
        let neighbour = |i: Option<usize>| i.and_then(|i| p.activities.get(i)).map(|a| (a.id, a.title().to_string()));
        Some(Detail {
            mission_title: m.title.clone(),
            program_title: p.title.clone(),
            program_page: p.page,
            program_id,
            previous: neighbour(at.and_then(|i| i.checked_sub(1))),
            next: neighbour(at.map(|i| i + 1)),
            units: p.units.clone(),
            stakeholders: p.stakeholders.clone(),
            lines,
            activity,
            table,
        })
    }

    /// The activity's or table's id.
    pub fn id(&self) -> Option<ItemId> {
        match (&self.activity, &self.table) {
            (Some(a), _) => Some(ItemId::Activity(a.id)),
            (None, Some(t)) => Some(ItemId::Table(t.id)),
            (None, None) => None,
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn doc() -> Document {
        let text = include_str!("../../../data/torino-rendiconto-2023-relazione-programma.txt");
        rendiconto_parser::parse_str(text).unwrap()
    }

    fn item(id: &str) -> ItemId {
        id.parse().unwrap()
    }

    #[test]
    fn detail_knows_its_neighbours_and_council_lines() {
        let d = Detail::find(&doc(), item("m1-p1-a2")).unwrap();
        assert_eq!(d.program_id.to_string(), "m1-p1");
        assert_eq!(d.previous.as_ref().map(|p| p.0.to_string()).as_deref(), Some("m1-p1-a1"));
        assert_eq!(d.next.as_ref().map(|p| p.0.to_string()).as_deref(), Some("m1-p1-a3"));
        assert_eq!(d.lines.len(), 2, "refers to lines 1 and 2");
        assert!(d.lines[1].text.starts_with("Ridurre la complessità"));
        assert_eq!(d.id(), Some(item("m1-p1-a2")));
        let first = Detail::find(&doc(), item("m1-p1-a1")).unwrap();
        assert_eq!(first.previous, None);
        assert!(Detail::find(&doc(), item("m99-p1-a1")).is_none());
        assert!(Detail::find(&doc(), item("m1-p1-a999")).is_none());
        let table = Detail::find(&doc(), item("m1-p3-t1")).unwrap();
        assert!(table.activity.is_none() && table.table.is_some());
        assert_eq!(table.id(), Some(item("m1-p3-t1")));
    }

    #[test]
    fn overview_counts_activities_and_statuses() {
        let doc = doc();
        let o = overview(&doc);
        assert_eq!(o.len(), 16);
        assert_eq!(o.iter().map(|m| m.programs.len()).sum::<usize>(), 52);
        let p = &o[0].programs[0];
        assert_eq!((p.id.to_string().as_str(), p.page), ("m1-p1", Some(3)));
        assert_eq!(p.statuses.iter().map(|s| s.1).sum::<usize>(), p.activities);
        let view = ProgramView::find(&doc, "m11-p2".parse().unwrap()).unwrap();
        assert_eq!(view.program.title, "INTERVENTI A SEGUITO DI CALAMITÀ NATURALI");
        let total = StatusCounts::sum(o.iter().map(|m| &m.statuses));
        assert_eq!(total.total(), doc.activities().count());
        assert_eq!(total.0.first().and_then(|s| s.0.clone()).as_deref(), Some("Concluso"));
        assert_eq!(total.0.last().map(|s| s.0.is_none()), Some(true));
    }
}
