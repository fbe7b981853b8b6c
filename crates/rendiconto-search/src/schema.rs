//! The index schema: the five ranked texts, and nothing else. Nothing is stored: the
//! texts travel in the data bundle, which the browser needs anyway to show an activity,
//! and a document's id is its item's ordinal (one segment, written in report order).
//! The filters are counted from the items (`facets::FacetTable`), and the folded words
//! for completions and corrections are a file of the pack ([`crate::vocabulary`]): an
//! index field for either would only add to the download (docs/index-parts.md).

use crate::analysis::ITALIAN;
use crate::items::TextField;
use tantivy::schema::{Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions};

#[derive(Clone)]
pub struct Fields {
    /// One stemmed field per [`TextField`], in [`TextField::ALL`] order.
    pub texts: [(TextField, Field); 5],
}

impl Fields {
    /// The ranked text fields with their weights.
    pub fn ranked(&self) -> [(Field, f32); 5] {
        self.texts.map(|(t, f)| (f, t.weight()))
    }

    pub fn text(&self, t: TextField) -> Field {
        self.texts[TextField::ALL.iter().position(|x| *x == t).unwrap_or(0)].1
    }

    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        let mut texts = [(TextField::Objective, Field::from_field_id(0)); 5];
        for (slot, t) in texts.iter_mut().zip(TextField::ALL) {
            *slot = (t, f(t.name())?);
        }
        Ok(Fields { texts })
    }
}

pub fn schema() -> Schema {
    let text = |tokenizer: &str| {
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
    };
    let mut b = Schema::builder();
    for t in TextField::ALL {
        b.add_text_field(t.name(), text(ITALIAN));
    }
    b.build()
}
