//! What a search result can be: an activity, or an indicator-only table. Items are
//! derived from the [`Document`] in the same order by the builder and the browser, so
//! an index document's ordinal is the item's position.

use rendiconto_model::{Document, ItemId, Mission, Program};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Activity,
    IndicatorTable,
}

/// The filter dimensions, in the order the interface shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Facet {
    Missione,
    Programma,
    Stato,
    Politica,
    Anno,
    Unita,
}

impl Facet {
    pub const ALL: [Facet; 6] =
        [Facet::Missione, Facet::Programma, Facet::Stato, Facet::Politica, Facet::Anno, Facet::Unita];

    /// The key used in URLs, on the command line and as the index field name.
    pub fn key(self) -> &'static str {
        match self {
            Facet::Missione => "missione",
            Facet::Programma => "programma",
            Facet::Stato => "stato",
            Facet::Politica => "politica",
            Facet::Anno => "anno",
            Facet::Unita => "unita",
        }
    }

    pub fn from_key(key: &str) -> Option<Facet> {
        Facet::ALL.into_iter().find(|f| f.key() == key.trim().to_lowercase())
    }

    pub fn label_it(self) -> &'static str {
        match self {
            Facet::Missione => "Missione",
            Facet::Programma => "Programma",
            Facet::Stato => "Stato",
            Facet::Politica => "Politica",
            Facet::Anno => "Anno",
            Facet::Unita => "Unità organizzativa",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Facet::Missione => "Mission",
            Facet::Programma => "Programme",
            Facet::Stato => "Status",
            Facet::Politica => "Policy",
            Facet::Anno => "Year",
            Facet::Unita => "Organisational unit",
        }
    }
}

/// The searchable texts of an item. This one table drives the index schema, the
/// indexer, the ranking (field weights) and the snippets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextField {
    Objective,
    Policy,
    Actions,
    Indicators,
    Context,
}

impl TextField {
    pub const ALL: [TextField; 5] =
        [TextField::Objective, TextField::Policy, TextField::Actions, TextField::Indicators, TextField::Context];

    /// Where a snippet is taken from, in order of preference (the objective is the
    /// result's title already).
    pub const SNIPPET: [TextField; 4] =
        [TextField::Actions, TextField::Indicators, TextField::Policy, TextField::Context];

    /// The index field's name.
    pub fn name(self) -> &'static str {
        match self {
            TextField::Objective => "objective",
            TextField::Policy => "policy",
            TextField::Actions => "actions",
            TextField::Indicators => "indicators",
            TextField::Context => "context",
        }
    }

    /// How much a match here counts: the objective says most about an item, the
    /// programme's setting least.
    pub fn weight(self) -> f32 {
        match self {
            TextField::Objective => 3.0,
            TextField::Policy => 2.0,
            TextField::Indicators => 1.5,
            TextField::Actions => 1.0,
            TextField::Context => 0.6,
        }
    }

    pub fn text(self, item: &Item) -> &str {
        match self {
            TextField::Objective => &item.objective,
            TextField::Policy => &item.policy,
            TextField::Actions => &item.actions,
            TextField::Indicators => &item.indicators,
            TextField::Context => &item.context,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Item {
    /// `m9-p3-a1` or `m1-p3-t1`: the activity's or table's id.
    pub id: ItemId,
    pub kind: ItemKind,
    pub mission: u32,
    pub mission_title: String,
    pub program: u32,
    pub program_title: String,
    /// The objective (or, for achieved activities, the first action; for tables, their title).
    pub title: String,
    pub status: Option<String>,
    pub facets: Vec<(Facet, String)>,
    /// Searchable texts, one per [`TextField`].
    pub objective: String,
    pub policy: String,
    pub actions: String,
    pub indicators: String,
    pub context: String,
}

impl Item {
    /// Bytes of text: the title and every [`TextField`].
    pub fn text_len(&self) -> usize {
        self.title.len() + TextField::ALL.iter().map(|f| f.text(self).len()).sum::<usize>()
    }
}

pub fn mission_label(m: &Mission) -> String {
    format!("{} – {}", m.number, m.title)
}

pub fn program_label(m: &Mission, p: &Program) -> String {
    format!("{}.{} – {}", m.number, p.number, p.title)
}

/// How far an activity has come, for ordering by status: concluded, in progress,
/// started, any other status, no status (the search's [`crate::Sort::Status`] and the
/// app's status bars).
pub fn status_rank(status: Option<&str>) -> u8 {
    match status.map(|s| s.trim().to_lowercase()) {
        Some(s) if s.starts_with("concluso") => 0,
        Some(s) if s.starts_with("in corso") => 1,
        Some(s) if s.starts_with("avviato") => 2,
        Some(_) => 3,
        None => 4,
    }
}

/// The number a missione or programma label starts with: "10.5 – VIABILITÀ…" → "10.5".
pub fn facet_code(label: &str) -> Option<&str> {
    label
        .split_once(" – ")
        .map(|(code, _)| code)
        .filter(|c| !c.is_empty() && c.chars().all(|c| c.is_ascii_digit() || c == '.'))
}

/// Mission, programme, council lines, units and stakeholders: the setting of an item.
fn context(m: &Mission, p: &Program) -> String {
    let mut parts = vec![format!("Missione {}: {}", m.number, m.title), format!("Programma {}: {}", p.number, p.title)];
    parts.extend(p.lines.iter().map(|l| l.text.clone()));
    parts.extend(p.units.iter().cloned());
    parts.extend(p.stakeholders.iter().cloned());
    parts.join("\n")
}

pub fn items(doc: &Document) -> Vec<Item> {
    doc.missions.iter().flat_map(|m| m.programs.iter().flat_map(move |p| program_items(m, p))).collect()
}

/// The items of programme `p` of mission `m` (its activities, then its tables): what
/// [`items`] gives for it, so the engine can remake one programme's items when its
/// texts arrive (`bundle::texts`).
pub fn program_items(m: &Mission, p: &Program) -> Vec<Item> {
    let mut out = Vec::new();
    let ctx = context(m, p);
    let common = |facets: &mut Vec<(Facet, String)>| {
        facets.push((Facet::Missione, mission_label(m)));
        facets.push((Facet::Programma, program_label(m, p)));
    };
    let units = |facets: &mut Vec<(Facet, String)>| {
        facets.extend(p.units.iter().map(|u| (Facet::Unita, u.clone())));
    };
    for a in &p.activities {
        let mut facets = Vec::new();
        common(&mut facets);
        facets.extend(a.statuses.iter().map(|s| (Facet::Stato, s.clone())));
        facets.extend(a.policies.iter().map(|s| (Facet::Politica, s.clone())));
        for y in a.action_years() {
            // "2022-2023" counts for both years.
            for part in y.split('-') {
                let f = (Facet::Anno, part.trim().to_string());
                if !facets.contains(&f) {
                    facets.push(f);
                }
            }
        }
        units(&mut facets);
        let indicators: Vec<String> = a.indicators.iter().filter_map(|i| i.name.clone()).collect();
        let actions: Vec<String> = a
            .actions
            .iter()
            .map(|x| match &x.year {
                Some(y) => format!("{y}: {}", x.text),
                None => x.text.clone(),
            })
            .collect();
        out.push(Item {
            id: a.id.into(),
            kind: ItemKind::Activity,
            mission: m.number,
            mission_title: m.title.clone(),
            program: p.number,
            program_title: p.title.clone(),
            title: a.title().to_string(),
            status: a.status.clone(),
            facets,
            objective: a.objective.clone().unwrap_or_default(),
            policy: a.policies.join("\n"),
            actions: actions.join("\n"),
            indicators: indicators.join("\n"),
            context: format!("{}\n{}", a.statuses.join("\n"), ctx),
        });
    }
    for t in &p.indicator_tables {
        let mut facets = Vec::new();
        common(&mut facets);
        let mut policies: Vec<String> = Vec::new();
        for r in &t.rows {
            if let Some(pol) = &r.policy {
                if !policies.contains(pol) {
                    policies.push(pol.clone());
                }
            }
        }
        facets.extend(policies.iter().map(|s| (Facet::Politica, s.clone())));
        units(&mut facets);
        let names: Vec<String> = t
            .rows
            .iter()
            .map(|r| [r.name.as_deref(), r.category.as_deref()].into_iter().flatten().collect::<Vec<_>>().join(" "))
            .collect();
        out.push(Item {
            id: t.id.into(),
            kind: ItemKind::IndicatorTable,
            mission: m.number,
            mission_title: m.title.clone(),
            program: p.number,
            program_title: p.title.clone(),
            title: format!("{} – {}", t.title, p.title),
            status: None,
            facets,
            objective: t.title.clone(),
            policy: policies.join("\n"),
            actions: String::new(),
            indicators: names.join("\n"),
            context: ctx.clone(),
        });
    }
    out
}
