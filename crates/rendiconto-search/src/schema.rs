//! The index schema. Only the item ordinal is stored: the texts travel in the data
//! bundle, which the browser needs anyway to show an activity.

use crate::analysis::{FOLDED, ITALIAN};
use crate::items::Facet;
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, FAST, INDEXED, STORED, STRING,
};

#[derive(Clone)]
pub struct Fields {
    pub ord: Field,
    pub objective: Field,
    pub policy: Field,
    pub actions: Field,
    pub indicators: Field,
    pub context: Field,
    /// Every text, folded but not stemmed: prefix and typo matching.
    pub folded: Field,
    pub facets: Vec<(Facet, Field)>,
}

impl Fields {
    /// The ranked text fields with their weights (the objective says most about an item).
    pub fn ranked(&self) -> [(Field, f32); 5] {
        [(self.objective, 3.0), (self.policy, 2.0), (self.indicators, 1.5), (self.actions, 1.0), (self.context, 0.6)]
    }

    pub fn from_schema(schema: &Schema) -> tantivy::Result<Fields> {
        let f = |name: &str| schema.get_field(name);
        Ok(Fields {
            ord: f("ord")?,
            objective: f("objective")?,
            policy: f("policy")?,
            actions: f("actions")?,
            indicators: f("indicators")?,
            context: f("context")?,
            folded: f("folded")?,
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
    for name in ["objective", "policy", "actions", "indicators", "context"] {
        b.add_text_field(name, text(ITALIAN));
    }
    // Only the term dictionary of this field is read (words and their document
    // frequency, for completions and corrections): no frequencies, no positions.
    b.add_text_field(
        "folded",
        TextOptions::default().set_indexing_options(
            TextFieldIndexing::default().set_tokenizer(FOLDED).set_index_option(IndexRecordOption::Basic),
        ),
    );
    for f in Facet::ALL {
        b.add_text_field(f.key(), STRING);
    }
    b.build()
}
