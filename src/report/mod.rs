//! Reporters: one [`Emitter`] per output format, each fed the same plain
//! [`crate::diagnostic::FileReport`]s in path order. The engine never prints; reporters never
//! match.

mod csv;
mod github;
mod html;
mod human;
mod json;
mod jsonl;
mod sarif;
mod stream;

pub use github::{escape_data, escape_property, GithubEmitter};
pub use human::{printable_path, HumanEmitter};
pub use json::{diag_json, DiagJson, JsonEmitter};
pub use sarif::{path_uri, stable_hash, SarifEmitter, FINGERPRINT_KEY};

pub use self::csv::{CsvEmitter, CSV_HEADER};
pub use html::HtmlEmitter;
pub use jsonl::JsonlEmitter;
pub use stream::{emit_run, Emitter, FileIndex, Stats};

pub use crate::input::relative_path;
use crate::rules::PackInfo;

/// What every reporter is told about the run besides the findings.
#[derive(Debug, Clone)]
pub struct RunMeta {
    /// The packs that were loaded.
    pub packs: Vec<PackInfo>,
}
