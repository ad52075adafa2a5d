//! `--format jsonl`: one JSON object per finding, `path` first and then the keys of the JSON
//! contract's diagnostic object ([`super::json::diag_json`]), one per line, streamed in path
//! order. Files without findings write nothing.

use super::stream::{Emitter, Stats};
use super::RunMeta;
use crate::diagnostic::{Diagnostic, FileReport};
use serde::Serialize;
use std::io::{self, Write};

/// `--format jsonl`.
#[derive(Debug, Default)]
pub struct JsonlEmitter;

#[derive(Serialize)]
struct Line<'a> {
    path: &'a str,
    #[serde(flatten)]
    diagnostic: super::json::DiagJson<'a>,
}

impl Emitter for JsonlEmitter {
    fn file_findings(
        &mut self,
        f: &FileReport,
        diagnostics: &[Diagnostic],
        index: &crate::diagnostic::LineIndex,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for d in diagnostics {
            let line = Line {
                path: &f.path,
                diagnostic: super::json::diag_json(&f.text, index, d),
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
        Ok(())
    }

    fn end(&mut self, _stats: &Stats, _meta: &RunMeta, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
