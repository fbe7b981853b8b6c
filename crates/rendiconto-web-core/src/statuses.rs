//! Activities counted by status, for the state-of-implementation bars.

use rendiconto_model::Activity;
use rendiconto_search::items::status_rank;
use serde::{Deserialize, Serialize};

/// Activities by status, in the order the bars show them: concluded, in progress,
/// started, the other statuses as printed, and last those with no status
/// (`status: None`). Each activity counts once, by its first status.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StatusCounts(pub Vec<(Option<String>, usize)>);

impl StatusCounts {
    pub fn of<'a>(activities: impl IntoIterator<Item = &'a Activity>) -> StatusCounts {
        StatusCounts::add_up(activities.into_iter().map(|a| (&a.status, 1)))
    }

    pub fn total(&self) -> usize {
        self.0.iter().map(|(_, n)| n).sum()
    }

    /// The counts of several groups added up, in the same order.
    pub fn sum<'a>(parts: impl IntoIterator<Item = &'a StatusCounts>) -> StatusCounts {
        StatusCounts::add_up(parts.into_iter().flat_map(|c| c.0.iter().map(|(s, n)| (s, *n))))
    }

    fn add_up<'a>(counts: impl Iterator<Item = (&'a Option<String>, usize)>) -> StatusCounts {
        let mut out: Vec<(Option<String>, usize)> = Vec::new();
        for (s, n) in counts {
            match out.iter_mut().find(|(x, _)| x == s) {
                Some((_, m)) => *m += n,
                None => out.push((s.clone(), n)),
            }
        }
        out.sort_by(|a, b| status_rank(a.0.as_deref()).cmp(&status_rank(b.0.as_deref())).then(a.0.cmp(&b.0)));
        StatusCounts(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concluded_first_and_no_status_last() {
        let a = |s: Option<&str>| StatusCounts(vec![(s.map(String::from), 1)]);
        let sum = StatusCounts::sum([&a(None), &a(Some("Avviato")), &a(Some("Concluso")), &a(Some("Avviato"))]);
        let order: Vec<_> = sum.0.iter().map(|(s, n)| (s.as_deref(), *n)).collect();
        assert_eq!(order, [(Some("Concluso"), 1), (Some("Avviato"), 2), (None, 1)]);
        assert_eq!(sum.total(), 4);
    }
}
