//! Reporters: one per output format, each reading the same plain [`RunReport`]. The engine
//! never prints; reporters never match.

mod csv;
mod github;
mod html;
mod human;
mod json;
mod jsonl;
mod sarif;
mod stream;

pub use github::{escape_data, escape_property, GithubReporter};
pub use human::{printable_path, HumanReporter};
pub use json::{diag_json, file_json, DiagJson, JsonReporter};
pub use sarif::{path_uri, stable_hash, SarifEmitter, SarifReporter, FINGERPRINT_KEY};

pub use self::csv::{CsvEmitter, CSV_HEADER};
pub use html::HtmlEmitter;
pub use jsonl::JsonlEmitter;
pub use stream::{emit_run, Emitter, HumanStream, JsonStream, Stats};

use crate::diagnostic::RunReport;
pub use crate::input::relative_path;
use crate::rules::PackInfo;
use std::io::{self, Write};

/// What every reporter is told about the run besides the findings.
#[derive(Debug, Clone)]
pub struct RunMeta {
    /// The packs that were loaded.
    pub packs: Vec<PackInfo>,
}

/// Writes a whole run in one format.
pub trait Reporter {
    /// Writes `run` to `out`.
    fn report(&mut self, run: &RunReport, meta: &RunMeta, out: &mut dyn Write) -> io::Result<()>;
}
