//! `index-builder`: the report → open data (JSON, CSV) and the browser's search bundle.

mod commands;
mod ndjson;

use clap::{Parser, Subcommand, ValueEnum};
use rendiconto_search::Sort;
use std::path::PathBuf;
use std::process::ExitCode;

/// The report bundled into the binary: the default input.
pub const BUNDLED_REPORT: &[u8] = include_bytes!("../../data/torino-rendiconto-2023-relazione-programma.txt");
pub const BUNDLED_NAME: &str = "torino-rendiconto-2023-relazione-programma.txt";

#[derive(Parser)]
#[command(
    name = "index-builder",
    version,
    about = "Compiles the City of Turin's Rendiconto report into open data and a search index.",
    after_help = "EXIT CODES:\n  0  success\n  2  wrong command-line usage\n  3  the input or index cannot be read (missing file, permissions)\n  4  the input is not a valid report (empty, not UTF-8, binary, another document, truncated)\n     or the synonym list has a mistake (the message names the line)\n  5  the search index or bundle is damaged or of another version\n  6  the output cannot be written"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Parse the report and print counts, word coverage and notes.
    Check {
        /// Report text file (default: the bundled 2023 report).
        #[arg(long)]
        input: Option<PathBuf>,
        /// Also build the search index in memory (as `build` does, with the bundled synonym
        /// list) and print what each part weighs: every file of index.pack raw and brotli,
        /// and each field's term dictionary, postings, positions, norms (docs/index-parts.md).
        #[arg(long)]
        index_usage: bool,
    },
    /// Export the report as open data (formats: docs/data-format.md; search documents: docs/scale.md).
    Export {
        #[arg(long, value_enum)]
        format: Format,
        #[arg(long)]
        input: Option<PathBuf>,
        /// Output file (default: standard output); for `datapackage`, the folder to write
        /// (created if needed).
        #[arg(long)]
        out: Option<PathBuf>,
        #[command(flatten)]
        meta: MetaArgs,
    },
    /// Write the search index and data bundle for the browser.
    Build {
        #[arg(long)]
        input: Option<PathBuf>,
        /// Output directory (created if needed).
        #[arg(long, default_value = "out/bundle")]
        out: PathBuf,
        /// The civic synonym list (default: the bundled data/sinonimi.txt; format in its header).
        #[arg(long)]
        synonyms: Option<PathBuf>,
    },
    /// Search, with the same engine the browser uses.
    Search {
        /// The query, as a person would type it.
        query: String,
        /// A bundle directory written by `build` (default: built in memory from the bundled report).
        #[arg(long)]
        index: Option<PathBuf>,
        /// Keep results with FIELD=VALUE; FIELD is missione, programma, stato, politica, anno or unita.
        #[arg(long = "filter", value_name = "FIELD=VALUE")]
        filters: Vec<String>,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Order: pertinenza (best match first), rendiconto (report order) or stato (concluded first).
        #[arg(long, default_value = "pertinenza", value_parser = parse_sort)]
        sort: Sort,
        /// With the index built in memory: this synonym list instead of the bundled one.
        #[arg(long, conflicts_with = "index")]
        synonyms: Option<PathBuf>,
        /// Print results as JSON.
        #[arg(long)]
        json: bool,
    },
}

fn parse_sort(s: &str) -> Result<Sort, String> {
    Sort::from_key(s).ok_or_else(|| format!("{s:?}: use pertinenza, rendiconto or stato"))
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    /// The whole report as one JSON document.
    Json,
    /// One flat CSV, one row per indicator value.
    Csv,
    /// The open-data folder (--out DIR): a Frictionless Data Package (datapackage.json and
    /// one CSV per table), rendiconto.json, ricerca.ndjson and DCAT-AP_IT metadata (dcat.jsonld).
    Datapackage,
    /// One JSON document per searchable item, for a search server.
    Ndjson,
}

/// Who publishes the open data, under which licence and where: the DCAT-AP_IT metadata
/// and the Data Package's licence (used by `--format datapackage`).
#[derive(clap::Args, Clone)]
pub struct MetaArgs {
    /// The publisher and rights holder.
    #[arg(long, default_value = rendiconto_export::dataset::DEFAULT_PUBLISHER_NAME)]
    pub publisher_name: String,
    /// The publisher's code in the IPA index (it prefixes the dataset identifier).
    #[arg(long, default_value = rendiconto_export::dataset::DEFAULT_PUBLISHER_IPA)]
    pub publisher_ipa: String,
    /// The licence's SPDX identifier.
    #[arg(long, default_value = rendiconto_export::dataset::DEFAULT_LICENSE_ID)]
    pub license_id: String,
    /// The licence's name.
    #[arg(long, default_value = rendiconto_export::dataset::DEFAULT_LICENSE_TITLE)]
    pub license_title: String,
    /// The licence's URL.
    #[arg(long, default_value = rendiconto_export::dataset::DEFAULT_LICENSE_URL)]
    pub license_url: String,
    /// The URL the files will be published under (their download URLs start with it).
    #[arg(long, default_value = rendiconto_export::dataset::DEFAULT_BASE_URL)]
    pub base_url: String,
    /// The data's modification date, YYYY-MM-DD (default: SOURCE_DATE_EPOCH if set; else,
    /// for the bundled report, the date it was last changed, for --input, today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub modified: Option<String>,
}

/// An error with the exit code it maps to.
pub struct Failure {
    pub code: u8,
    pub message: String,
}

impl Failure {
    pub fn new(code: u8, message: impl Into<String>) -> Failure {
        Failure { code, message: message.into() }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check { input, index_usage } => commands::check(input, index_usage),
        Command::Export { format, input, out, meta } => commands::export(format, input, out, meta),
        Command::Build { input, out, synonyms } => commands::build(input, out, synonyms),
        Command::Search { query, index, filters, limit, sort, synonyms, json } => {
            commands::search(&query, commands::Source { index, synonyms }, &filters, limit, sort, json)
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            eprintln!("index-builder: error: {}", f.message);
            ExitCode::from(f.code)
        }
    }
}
