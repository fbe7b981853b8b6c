//! The words of a question marked on an opened activity or table.

use crate::content::Detail;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::tests::doc;

    #[test]
    fn an_activity_opened_from_a_search_marks_the_words() {
        let doc = doc();
        let engine = rendiconto_search::Engine::in_memory(doc.clone()).unwrap();
        // "Torino Città del libro: ridefinire il ruolo delle biblioteche civiche…"
        let d = Detail::find(&doc, "m5-p2-a6".parse().unwrap()).unwrap();
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
}
