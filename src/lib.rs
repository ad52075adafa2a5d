//! claimlint finds prohibited advertising claims in clinic and regenerative-medicine marketing
//! copy in Japanese, Chinese (Simplified and Traditional) and English.
//!
//! ```text
//! paths | stdin -> source (decode, extract markup text, offset map)
//!   -> text (normalize + offset map, paragraphs, language, sentences)
//!   -> engine (one literal automaton + regexes + co-occurrence -> context filter -> document rules)
//!   -> config policy -> inline suppressions -> baseline
//!   -> Diagnostic { span in the file's text } -> report (human, json, ...)
//! ```
//!
//! One function takes a document from bytes to its final [`FileReport`]:
//! [`run::Pipeline::check_bytes`]. `check`, `report`, `eval`, `check --records`, `lsp` and
//! `serve` all check through it.
//!
//! The library never prints; the binary chooses a reporter and maps the outcome to an exit code.
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod baseline;
pub mod concise;
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod error;
pub mod eval;
pub mod explain;
pub mod init;
pub mod input;
pub mod jurisdiction;
pub mod learned;
pub mod model;
pub mod output;
pub mod records;
pub mod report;
pub mod rules;
pub mod run;
pub mod source;
pub mod suggest;
pub mod suppress;
pub mod text;
pub mod walk;
mod window;
mod yaml_place;

pub use diagnostic::{Diagnostic, FileReport, LineIndex, RunReport, SharedList, SharedStr};
pub use engine::{CheckOptions, Checked, Engine};
pub use error::Error;
pub use model::{Category, Lang, LangSet, Severity};
pub use rules::RuleSet;

/// Loads the embedded default packs plus `extra` packs (path, YAML text) into one rule set.
pub fn load_rule_set(use_default: bool, extra: &[(String, String)]) -> Result<RuleSet, Error> {
    let mut parsed = Vec::new();
    if use_default {
        for (path, text) in rules::default_pack_sources() {
            parsed.push(rules::parse_pack(path, text)?);
        }
    }
    for (path, text) in extra {
        parsed.push(rules::parse_pack(path, text)?);
    }
    rules::build_rule_set(parsed)
}
