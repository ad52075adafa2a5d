//! The JSON contract (`--format json`): keys may be added, never removed or renamed.

use super::stream::{write_pretty, Emitter, Stats};
use super::RunMeta;
use crate::diagnostic::{Diagnostic, FileReport, LineIndex};
use serde::Serialize;
use std::io::{self, Write};

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'static str,
    packs: Vec<Pack<'a>>,
}

#[derive(Serialize)]
struct Pack<'a> {
    name: &'a str,
    version: &'a str,
}

/// The ids of the jurisdictions a file was checked for.
fn jurisdiction_ids(f: &FileReport) -> Vec<&'static str> {
    f.jurisdictions
        .iter()
        .map(crate::jurisdiction::Jurisdiction::id)
        .collect()
}

/// The document's voice in the JSON contract (present when the judge ran on it).
#[derive(Serialize)]
pub struct VoiceJson {
    /// How likely the document speaks for an advertiser (0-1).
    score: f64,
    /// Whether the voice gate dropped its findings as a reporting page's.
    reporting: bool,
}

fn voice_json(v: &crate::diagnostic::DocumentVoice) -> Option<VoiceJson> {
    v.score.map(|score| VoiceJson {
        score: thousandths(score),
        reporting: v.reporting,
    })
}

/// A 0-1 score rounded to three decimals, as JSON prints it.
fn thousandths(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}

/// One diagnostic in the JSON contract.
#[derive(Serialize)]
pub struct DiagJson<'a> {
    rule: &'a str,
    category: &'static str,
    severity: &'static str,
    message: &'a str,
    matched: &'a str,
    start: usize,
    end: usize,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    suggestion: Option<&'a str>,
    references: &'a [String],
    codes: &'a [String],
    /// The voice score of the finding's paragraph (0-1, 1 = the advertiser speaking).
    #[serde(skip_serializing_if = "Option::is_none")]
    voice: Option<f64>,
    /// The claim score of the finding's sentence for its category (0-1).
    #[serde(skip_serializing_if = "Option::is_none")]
    score: Option<f64>,
}

/// The JSON object of one diagnostic, with line/column computed from `index`.
pub fn diag_json<'a>(text: &'a str, index: &LineIndex, d: &'a Diagnostic) -> DiagJson<'a> {
    let (line, column) = index.line_col(text, d.span.start);
    let (end_line, end_column) = index.line_col(text, d.span.end);
    DiagJson {
        rule: &d.rule,
        category: d.category.id(),
        severity: d.severity.name(),
        message: &d.message,
        matched: text.get(d.span.clone()).unwrap_or(""),
        start: d.span.start,
        end: d.span.end,
        line,
        column,
        end_line,
        end_column,
        suggestion: d.suggestion.as_deref(),
        references: &d.references,
        codes: &d.codes,
        voice: d.voice.map(|v| f64::from(v) / 1000.0),
        score: d.score.map(|v| f64::from(v) / 1000.0),
    }
}

/// A file object serialized whole by serde (each diagnostic's object made as it is written):
/// what [`JsonEmitter`]'s pieces must equal, byte for byte (tested).
#[cfg(test)]
pub(crate) struct FileJsonStream<'a> {
    f: &'a FileReport,
    index: LineIndex,
}

#[cfg(test)]
impl<'a> FileJsonStream<'a> {
    pub(crate) fn new(f: &'a FileReport) -> Self {
        FileJsonStream {
            f,
            index: LineIndex::new(&f.text),
        }
    }
}

#[cfg(test)]
impl Serialize for FileJsonStream<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Diags<'b>(&'b FileJsonStream<'b>);
        impl Serialize for Diags<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let f = self.0.f;
                s.collect_seq(
                    f.diagnostics
                        .iter()
                        .map(|d| diag_json(&f.text, &self.0.index, d)),
                )
            }
        }
        let f = self.f;
        let mut st = s.serialize_struct("FileJson", 7)?;
        st.serialize_field("path", &f.path)?;
        st.serialize_field("language", f.language.code())?;
        st.serialize_field("diagnostics", &Diags(self))?;
        if !f.notices.is_empty() {
            st.serialize_field("notices", &f.notices)?;
        }
        if f.skipped {
            st.serialize_field("skipped", &f.skipped)?;
        }
        if let Some(v) = voice_json(&f.voice) {
            st.serialize_field("voice", &v)?;
        }
        let jurisdictions = jurisdiction_ids(f);
        if !jurisdictions.is_empty() {
            st.serialize_field("jurisdictions", &jurisdictions)?;
        }
        st.end()
    }
}

/// `--format json`: the JSON contract, written one file object at a time and each file's
/// diagnostics a chunk at a time, in the layout of `serde_json`'s pretty printer: the file's
/// `path` and `language` first, its `diagnostics` as they come, then the keys known at its end.
#[derive(Debug, Default)]
pub struct JsonEmitter {
    files: usize,
    /// Diagnostics written of the current file.
    diagnostics: usize,
}

/// Where a file object sits in the document (`files[i]`), and its keys and diagnostics.
const FILE_PAD: &str = "    ";
const KEY_PAD: &str = "      ";
const DIAG_PAD: &str = "        ";

/// The summary object, same keys and order as the JSON contract's.
#[derive(Serialize)]
struct JsonSummary {
    files: usize,
    diagnostics: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
}

/// A value written as pretty JSON at a file key's depth (object safe, for one helper over
/// values of several types).
mod erased {
    use std::io::{self, Write};

    pub(super) trait Value {
        fn pretty(&self, out: &mut dyn Write) -> io::Result<()>;
    }

    impl<T: serde::Serialize> Value for T {
        fn pretty(&self, out: &mut dyn Write) -> io::Result<()> {
            super::write_pretty(out, super::KEY_PAD, self)
        }
    }
}

/// Indents every line but the first by `n` spaces (JSON strings hold no raw newlines).
fn indent(json: &str, n: usize) -> String {
    json.replace('\n', &format!("\n{}", " ".repeat(n)))
}

impl Emitter for JsonEmitter {
    fn begin(&mut self, meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        let tool = Tool {
            name: "claimlint",
            version: env!("CARGO_PKG_VERSION"),
            packs: meta
                .packs
                .iter()
                .map(|p| Pack {
                    name: &p.name,
                    version: &p.version,
                })
                .collect(),
        };
        write!(out, "{{\n  \"version\": 1,\n  \"tool\": ")?;
        write_pretty(out, "  ", &tool)?;
        write!(out, ",\n  \"files\": [")
    }

    fn file_begin(&mut self, f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let sep = if self.files == 0 { "" } else { "," };
        self.files += 1;
        self.diagnostics = 0;
        write!(out, "{sep}\n{FILE_PAD}{{\n{KEY_PAD}\"path\": ")?;
        serde_json::to_writer(&mut *out, &f.path)?;
        write!(out, ",\n{KEY_PAD}\"language\": ")?;
        serde_json::to_writer(&mut *out, f.language.code())?;
        write!(out, ",\n{KEY_PAD}\"diagnostics\": [")
    }

    fn file_findings(
        &mut self,
        f: &FileReport,
        diagnostics: &[Diagnostic],
        index: &LineIndex,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        for d in diagnostics {
            let sep = if self.diagnostics == 0 { "" } else { "," };
            self.diagnostics += 1;
            write!(out, "{sep}\n{DIAG_PAD}")?;
            write_pretty(out, DIAG_PAD, &diag_json(&f.text, index, d))?;
        }
        Ok(())
    }

    fn file_end(&mut self, f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        if self.diagnostics > 0 {
            write!(out, "\n{KEY_PAD}")?;
        }
        out.write_all(b"]")?;
        let mut key = |name: &str, value: &dyn erased::Value| -> io::Result<()> {
            write!(out, ",\n{KEY_PAD}\"{name}\": ")?;
            value.pretty(&mut *out)
        };
        if !f.notices.is_empty() {
            key("notices", &f.notices)?;
        }
        if f.skipped {
            key("skipped", &f.skipped)?;
        }
        if let Some(v) = voice_json(&f.voice) {
            key("voice", &v)?;
        }
        let jurisdictions = jurisdiction_ids(f);
        if !jurisdictions.is_empty() {
            key("jurisdictions", &jurisdictions)?;
        }
        write!(out, "\n{FILE_PAD}}}")
    }

    fn end(&mut self, stats: &Stats, _meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        if self.files > 0 {
            write!(out, "\n  ")?;
        }
        let summary = JsonSummary {
            files: stats.files,
            diagnostics: stats.diagnostics(),
            errors: stats.errors,
            warnings: stats.warnings,
            infos: stats.infos,
        };
        let summary = indent(&serde_json::to_string_pretty(&summary)?, 2);
        write!(out, "],\n  \"summary\": {summary}\n}}\n")
    }
}
