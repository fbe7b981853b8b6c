//! The report's ids, typed: one format, written by [`Display`](fmt::Display) and read
//! by [`FromStr`], for the parser that gives them, the exports that print them and the
//! app's addresses that carry them (`?a=m9-p3-a1`). In JSON they are the same strings.
//!
//! | what | id |
//! |---|---|
//! | mission 9 | `m9` |
//! | programme 9.3 | `m9-p3` |
//! | activity 1 of programme 9.3 | `m9-p3-a1` |
//! | indicator table 1 of programme 1.3 | `m1-p3-t1` |
//!
//! [`ItemId`] is either of the last two (what a search finds, what a page opens);
//! [`NearId`] any of the last three (what a parser note stands nearest).
//!
//! Numbers count from 1 in report order; an id names the same item from one build of
//! the same report to the next.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// A mission: `m9`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MissionId(pub u32);

/// A programme of a mission: `m9-p3`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProgramId {
    pub mission: u32,
    pub program: u32,
}

/// An activity of a programme: `m9-p3-a1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ActivityId {
    pub program: ProgramId,
    pub number: u32,
}

/// An indicator-only table of a programme: `m1-p3-t1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TableId {
    pub program: ProgramId,
    pub number: u32,
}

/// What an opened page shows: an activity or an indicator table (the old links'
/// `?a=` names either).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ItemId {
    Activity(ActivityId),
    Table(TableId),
}

/// What a parser note stands nearest: an activity, an indicator table or, outside
/// them, a programme.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum NearId {
    Program(ProgramId),
    Activity(ActivityId),
    Table(TableId),
}

/// A string that is not an id of the kind asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadId {
    pub kind: &'static str,
    pub text: String,
}

impl fmt::Display for BadId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?} is not the id of {}", self.text, self.kind)
    }
}

impl std::error::Error for BadId {}

impl MissionId {
    pub fn program(self, program: u32) -> ProgramId {
        ProgramId { mission: self.0, program }
    }
}

impl ProgramId {
    pub fn mission(self) -> MissionId {
        MissionId(self.mission)
    }

    pub fn activity(self, number: u32) -> ActivityId {
        ActivityId { program: self, number }
    }

    pub fn table(self, number: u32) -> TableId {
        TableId { program: self, number }
    }
}

impl ItemId {
    /// The programme the item belongs to.
    pub fn program(self) -> ProgramId {
        match self {
            ItemId::Activity(a) => a.program,
            ItemId::Table(t) => t.program,
        }
    }
}

impl NearId {
    /// The activity or table it is, if it is not a programme.
    pub fn item(self) -> Option<ItemId> {
        match self {
            NearId::Program(_) => None,
            NearId::Activity(a) => Some(ItemId::Activity(a)),
            NearId::Table(t) => Some(ItemId::Table(t)),
        }
    }
}

/// Each id into the enums it is a kind of.
macro_rules! into_enum {
    ($($id:ident => $kind:ident::$variant:ident),*) => {$(
        impl From<$id> for $kind {
            fn from(id: $id) -> $kind {
                $kind::$variant(id)
            }
        }
    )*};
}

into_enum!(
    ActivityId => ItemId::Activity,
    TableId => ItemId::Table,
    ProgramId => NearId::Program,
    ActivityId => NearId::Activity,
    TableId => NearId::Table
);

impl From<ItemId> for NearId {
    fn from(id: ItemId) -> NearId {
        match id {
            ItemId::Activity(a) => NearId::Activity(a),
            ItemId::Table(t) => NearId::Table(t),
        }
    }
}

/// `1-based number`: digits only (no sign, no spaces), not zero-padded beyond `0`.
fn number(s: &str) -> Option<u32> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0')) {
        return None;
    }
    s.parse().ok()
}

/// `s` without `prefix`, then its number, then what follows the number.
fn numbered<'a>(s: &'a str, prefix: &str) -> Option<(u32, &'a str)> {
    let rest = s.strip_prefix(prefix)?;
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    Some((number(&rest[..end])?, &rest[end..]))
}

fn program_and_rest(s: &str) -> Option<(ProgramId, &str)> {
    let (mission, rest) = numbered(s, "m")?;
    let (program, rest) = numbered(rest, "-p")?;
    Some((ProgramId { mission, program }, rest))
}

fn item(s: &str, marker: &str) -> Option<(ProgramId, u32)> {
    let (program, rest) = program_and_rest(s)?;
    match numbered(rest, marker)? {
        (n, "") => Some((program, n)),
        _ => None,
    }
}

fn bad(kind: &'static str, text: &str) -> BadId {
    BadId { kind, text: text.to_string() }
}

impl FromStr for MissionId {
    type Err = BadId;
    fn from_str(s: &str) -> Result<Self, BadId> {
        match numbered(s, "m") {
            Some((m, "")) => Ok(MissionId(m)),
            _ => Err(bad("a mission", s)),
        }
    }
}

impl FromStr for ProgramId {
    type Err = BadId;
    fn from_str(s: &str) -> Result<Self, BadId> {
        match program_and_rest(s) {
            Some((p, "")) => Ok(p),
            _ => Err(bad("a programme", s)),
        }
    }
}

impl FromStr for ActivityId {
    type Err = BadId;
    fn from_str(s: &str) -> Result<Self, BadId> {
        item(s, "-a").map(|(program, number)| ActivityId { program, number }).ok_or_else(|| bad("an activity", s))
    }
}

impl FromStr for TableId {
    type Err = BadId;
    fn from_str(s: &str) -> Result<Self, BadId> {
        item(s, "-t").map(|(program, number)| TableId { program, number }).ok_or_else(|| bad("an indicator table", s))
    }
}

impl FromStr for ItemId {
    type Err = BadId;
    fn from_str(s: &str) -> Result<Self, BadId> {
        s.parse()
            .map(ItemId::Activity)
            .or_else(|_| s.parse().map(ItemId::Table))
            .map_err(|_| bad("an activity or indicator table", s))
    }
}

impl FromStr for NearId {
    type Err = BadId;
    fn from_str(s: &str) -> Result<Self, BadId> {
        s.parse::<ItemId>()
            .map(NearId::from)
            .or_else(|_| s.parse().map(NearId::Program))
            .map_err(|_| bad("an activity, indicator table or programme", s))
    }
}

impl fmt::Display for MissionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "m{}", self.0)
    }
}

impl fmt::Display for ProgramId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "m{}-p{}", self.mission, self.program)
    }
}

impl fmt::Display for ActivityId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-a{}", self.program, self.number)
    }
}

impl fmt::Display for TableId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-t{}", self.program, self.number)
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ItemId::Activity(a) => a.fmt(f),
            ItemId::Table(t) => t.fmt(f),
        }
    }
}

/// In JSON an id is its string (`"m9-p3-a1"`), as before the ids were typed.
macro_rules! serde_as_string {
    ($($t:ty),*) => {$(
        impl Serialize for $t {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_str(self)
            }
        }
        impl<'de> Deserialize<'de> for $t {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                // Through `String`, whose reader every program here already has.
                let s = String::deserialize(d)?;
                s.parse().map_err(serde::de::Error::custom)
            }
        }
    )*};
}

impl fmt::Display for NearId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NearId::Program(p) => p.fmt(f),
            NearId::Activity(a) => a.fmt(f),
            NearId::Table(t) => t.fmt(f),
        }
    }
}

serde_as_string!(MissionId, ProgramId, ActivityId, TableId, ItemId, NearId);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_id_reads_back_what_it_writes() {
        let p = MissionId(9).program(3);
        assert_eq!(p.to_string(), "m9-p3");
        assert_eq!(p.activity(1).to_string(), "m9-p3-a1");
        assert_eq!(MissionId(1).program(3).table(1).to_string(), "m1-p3-t1");
        assert_eq!(MissionId(12).to_string(), "m12");
        for s in ["m9-p3-a1", "m1-p10-a25", "m1-p3-t1"] {
            assert_eq!(s.parse::<ItemId>().unwrap().to_string(), s);
        }
        assert_eq!("m9-p3".parse::<ProgramId>(), Ok(p));
        assert_eq!("m9".parse::<MissionId>(), Ok(MissionId(9)));
        assert_eq!("m9-p3-a1".parse::<ItemId>().unwrap().program(), p);
    }

    #[test]
    fn anything_else_is_refused_by_name() {
        for s in
            ["", "m", "m9-p", "9-3-1", "m9-p3-a", "m9-p3-a1x", "m9-p3-x1", "m-9-p3", "m09-p3", "m9-p3-a1-a2", " m9-p3"]
        {
            assert!(s.parse::<ItemId>().is_err(), "{s:?}");
            assert!(s.parse::<ProgramId>().is_err(), "{s:?}");
        }
        assert!("m9-p3-a1".parse::<ProgramId>().is_err());
        assert!("m9-p3-t1".parse::<ActivityId>().is_err());
        assert!("m9-p3".parse::<MissionId>().is_err());
        let e = "m9-x".parse::<ActivityId>().unwrap_err();
        assert_eq!(e.to_string(), "\"m9-x\" is not the id of an activity");
    }

    #[test]
    fn a_near_id_is_an_item_or_a_programme() {
        let p = MissionId(1).program(3);
        for (s, near) in [
            ("m1-p3", NearId::Program(p)),
            ("m1-p3-a2", NearId::Activity(p.activity(2))),
            ("m1-p3-t1", NearId::Table(p.table(1))),
        ] {
            assert_eq!(s.parse::<NearId>(), Ok(near));
            assert_eq!(near.to_string(), s);
            assert_eq!(near.item().map(|i| i.to_string()), s.parse::<ItemId>().ok().map(|i| i.to_string()));
        }
        assert_eq!(NearId::from(ItemId::from(p.table(1))), NearId::Table(p.table(1)));
        assert_eq!(ItemId::from(p.activity(2)), ItemId::Activity(p.activity(2)));
        for s in ["m1", "", "m1-p3-a", "m1-p3-x1"] {
            assert!(s.parse::<NearId>().is_err(), "{s:?}");
        }
        let json = serde_json::to_string(&[Some(NearId::Program(p)), None]).unwrap();
        assert_eq!(json, r#"["m1-p3",null]"#);
        assert_eq!(serde_json::from_str::<[Option<NearId>; 2]>(&json).unwrap(), [Some(NearId::Program(p)), None]);
    }

    #[test]
    fn json_keeps_the_strings() {
        let id = MissionId(5).program(2).activity(6);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, "\"m5-p2-a6\"");
        assert_eq!(serde_json::from_str::<ActivityId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<ActivityId>("\"m5-p2-t6\"").is_err());
    }
}
