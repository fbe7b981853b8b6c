//! Turns the text of "Rendiconto 2023 — Relazione sull'attuazione del programma" into
//! [`rendiconto_model::Document`].
//!
//! The text was pulled from a PDF and is irregular (see `ARCHITECTURE.md`). The parser
//! walks it line by line: `input` numbers the lines, `front` reads the cover and the
//! table of contents, `body` follows missions and programmes, `activities` and
//! `indicator_tables` assemble table rows, `actions` groups action text by year.
//! What cannot be placed with confidence becomes a [`rendiconto_model::Note`];
//! [`coverage`] proves that every word of the source landed somewhere.

mod actions;
mod activities;
mod body;
pub mod coverage;
mod error;
mod front;
mod html;
mod indicator_tables;
mod input;

pub use error::ParseError;
use rendiconto_model::Document;

/// Parses the report from raw bytes (checks that they are UTF-8 text first).
pub fn parse_bytes(bytes: &[u8]) -> Result<Document, ParseError> {
    parse_str(input::decode(bytes)?)
}

/// Parses the report from text.
pub fn parse_str(text: &str) -> Result<Document, ParseError> {
    if text.trim().is_empty() {
        return Err(ParseError::Empty { line: 1 });
    }
    body::parse(&input::lines(text))
}
