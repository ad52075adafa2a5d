//! `--format csv`: one row per finding under a header row, RFC 4180 quoting (the `csv` crate),
//! optionally after a UTF-8 byte order mark so that spreadsheet programs read CJK text as UTF-8.
//! Fields come from the JSON contract's diagnostic object, so both formats always agree.

use super::stream::{Emitter, Stats};
use super::RunMeta;
use crate::diagnostic::{Diagnostic, FileReport};
use serde_json::Value;
use std::io::{self, Write};

/// The header row; `codes` and `references` hold their items joined by `"; "`.
pub const CSV_HEADER: [&str; 13] = [
    "path",
    "line",
    "column",
    "end_line",
    "end_column",
    "rule",
    "category",
    "severity",
    "codes",
    "message",
    "matched",
    "suggestion",
    "references",
];

/// `--format csv`.
#[derive(Debug, Default)]
pub struct CsvEmitter {
    /// Start with a UTF-8 byte order mark (`--csv-bom`).
    pub bom: bool,
}

fn field(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(field).collect::<Vec<_>>().join("; "),
        other => other.to_string(),
    }
}

fn writer(out: &mut dyn Write) -> csv::Writer<&mut dyn Write> {
    csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(out)
}

fn to_io(e: csv::Error) -> io::Error {
    match e.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

impl Emitter for CsvEmitter {
    fn begin(&mut self, _meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        if self.bom {
            out.write_all("\u{feff}".as_bytes())?;
        }
        let mut w = writer(out);
        w.write_record(CSV_HEADER).map_err(to_io)?;
        w.flush()
    }

    fn file_findings(
        &mut self,
        f: &FileReport,
        diagnostics: &[Diagnostic],
        index: &crate::diagnostic::LineIndex,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let mut w = writer(out);
        for d in diagnostics {
            let v = serde_json::to_value(super::json::diag_json(&f.text, index, d))?;
            let row = CSV_HEADER.map(|key| match key {
                "path" => f.path.clone(),
                key => v.get(key).map(field).unwrap_or_default(),
            });
            w.write_record(&row).map_err(to_io)?;
        }
        w.flush()
    }

    fn end(&mut self, _stats: &Stats, _meta: &RunMeta, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
}
