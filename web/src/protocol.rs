//! Messages between the interface and the search worker.

use rendiconto_model::{Activity, CouncilLine, IndicatorTable};
use rendiconto_search::{SearchRequest, SearchResponse};
use serde::{Deserialize, Serialize};

/// Where the worker fetches the bundle, relative to the page.
pub const BUNDLE_DIR: &str = "bundle";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum ToWorker {
    /// `seq` lets the interface drop answers to queries it no longer shows.
    Search {
        seq: u64,
        request: SearchRequest,
    },
    Detail {
        seq: u64,
        id: String,
    },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum FromWorker {
    /// Loading progress: which part is being fetched or opened.
    Loading(LoadStep),
    Ready {
        items: usize,
        bytes: u64,
        millis: u32,
    },
    /// The engine cannot start; the message is meant for people (in Italian and English).
    Failed {
        it: String,
        en: String,
    },
    Results {
        seq: u64,
        response: SearchResponse,
        millis: f64,
    },
    Detail {
        seq: u64,
        detail: Option<Detail>,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
    pub units: Vec<String>,
    pub stakeholders: Vec<String>,
    /// The council lines the activity refers to.
    pub lines: Vec<CouncilLine>,
    pub activity: Option<Activity>,
    pub table: Option<IndicatorTable>,
}

impl Detail {
    pub fn find(doc: &rendiconto_model::Document, id: &str) -> Option<Detail> {
        for m in &doc.missions {
            for p in &m.programs {
                let activity = p.activities.iter().find(|a| a.id == id).cloned();
                let table = p.indicator_tables.iter().find(|t| t.id == id).cloned();
                if activity.is_none() && table.is_none() {
                    continue;
                }
                let lines = match &activity {
                    Some(a) => p
                        .lines
                        .iter()
                        .filter(|l| a.line_refs.contains(&l.number))
                        .cloned()
                        .collect(),
                    None => Vec::new(),
                };
                return Some(Detail {
                    mission: m.number,
                    mission_title: m.title.clone(),
                    program: p.number,
                    program_title: p.title.clone(),
                    program_page: p.page,
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
