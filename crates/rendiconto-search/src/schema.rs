//! The index schema. Only the item ordinal is stored: the texts travel in the data
//! bundle, which the browser needs anyway to show an activity.

use crate::analysis::ITALIAN;
use crate::items::{Facet, TextField};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

#[derive(Clone)]
pub struct Fields {
    pub ord: Field,
    /// One stemmed field per [`TextField`], in [`TextField::ALL`] order.
    pub texts: [(TextField, Field); 5],
    pub facets: Vec<(Facet, Field)>,
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
        let mut texts = [(TextField::Objective, f("ord")?); 5];
        for (slot, t) in texts.iter_mut().zip(TextField::ALL) {
            *slot = (t, f(t.name())?);
        }
        Ok(Fields {
            ord: f("ord")?,
            texts,
            facets: Facet::ALL.iter().map(|&k| Ok((k, f(k.key())?))).collect::<tantivy::Result<_>>()?,
        })
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
    b.add_u64_field("ord", INDEXED | STORED | FAST);
    for t in TextField::ALL {
        b.add_text_field(t.name(), text(ITALIAN));
    }
    // The folded words (completions and corrections) are no field: only their list and
    // counts are read, written beside the index (`engine::vocabulary::PACK_FILE`).
    for f in Facet::ALL {
        b.add_text_field(f.key(), STRING);
    }
    b.build()
}
