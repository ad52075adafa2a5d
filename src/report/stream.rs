//! The one reporter trait: each file is written (or reduced to what the report needs) as soon as
//! it is checked, in path order, and its text is then dropped; totals come at the end.

use super::RunMeta;
use crate::diagnostic::{Diagnostic, FileReport, LineIndex, RunReport};
use crate::model::Severity;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};

/// A reporter fed one file at a time, in path order. A file comes as a head, its findings in
/// ordered chunks, and an end ([`crate::run::ReportSink`]'s pieces), so that a large file's
/// findings are written as its windows are checked; [`Emitter::file`] is one file whole, the
/// same calls with one chunk, so the two give the same bytes.
pub trait Emitter {
    /// Called once before the first file.
    fn begin(&mut self, _meta: &RunMeta, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// The start of a file: every field of `head` but `diagnostics` (empty, or all of them
    /// when the file comes whole: not to be read here) and `voice` (not yet known).
    fn file_begin(&mut self, _head: &FileReport, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// The file's next findings (never none), after those of its earlier chunks, with the
    /// file's line index. Called through [`Emitter::file_chunk`].
    fn file_findings(
        &mut self,
        head: &FileReport,
        diagnostics: &[Diagnostic],
        index: &LineIndex,
        out: &mut dyn Write,
    ) -> io::Result<()>;
    /// The file's next findings, after those of its earlier chunks; `index` is the file's (the
    /// same for each of its chunks), built when the first finding needs it. An empty chunk
    /// writes nothing.
    fn file_chunk(
        &mut self,
        head: &FileReport,
        diagnostics: &[Diagnostic],
        index: &mut FileIndex,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if diagnostics.is_empty() {
            return Ok(());
        }
        self.file_findings(head, diagnostics, index.of(head), out)
    }
    /// The end of the file: `file.voice` is known; `file.diagnostics` is not to be read.
    fn file_end(&mut self, _file: &FileReport, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }
    /// Called for each checked file, in path order: the file whole.
    fn file(&mut self, file: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        self.file_begin(file, out)?;
        self.file_chunk(file, &file.diagnostics, &mut FileIndex::default(), out)?;
        self.file_end(file, out)
    }
    /// Called once after the last file, with the run's totals.
    fn end(&mut self, stats: &Stats, meta: &RunMeta, out: &mut dyn Write) -> io::Result<()>;
}

/// Writes a whole run through an [`Emitter`] (for callers that already hold a [`RunReport`]).
pub fn emit_run(
    emitter: &mut dyn Emitter,
    run: &RunReport,
    meta: &RunMeta,
    out: &mut dyn Write,
) -> io::Result<()> {
    let mut stats = Stats::default();
    emitter.begin(meta, out)?;
    for f in &run.files {
        stats.add(f);
        emitter.file(f, out)?;
    }
    stats.unreadable = run.errors.iter().map(|e| e.to_string()).collect();
    emitter.end(&stats, meta, out)
}

/// Findings by severity: (errors, warnings, infos).
pub(crate) fn severity_counts(diagnostics: &[crate::diagnostic::Diagnostic]) -> [usize; 3] {
    let mut counts = [0; 3];
    for d in diagnostics {
        let slot = match d.severity {
            Severity::Error => &mut counts[0],
            Severity::Warning => &mut counts[1],
            Severity::Info => &mut counts[2],
        };
        *slot += 1;
    }
    counts
}

/// Totals of a run, gathered file by file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Stats {
    /// Files checked (binary files skipped included, unreadable ones not).
    pub files: usize,
    /// Binary files skipped.
    pub skipped: usize,
    /// Inputs that could not be read or walked, as `path: what went wrong`.
    pub unreadable: Vec<String>,
    /// Findings of severity error.
    pub errors: usize,
    /// Findings of severity warning.
    pub warnings: usize,
    /// Findings of severity info.
    pub infos: usize,
    /// Findings per category id.
    pub by_category: BTreeMap<&'static str, usize>,
    /// Files with findings, in path order: path and (errors, warnings, infos).
    pub by_file: Vec<(String, [usize; 3])>,
}

impl Stats {
    /// Counts one file.
    pub fn add(&mut self, f: &FileReport) {
        let counts = self.add_findings(&f.diagnostics);
        self.add_file(f, counts);
    }

    /// Counts some findings of a file (a chunk); returns their (errors, warnings, infos), which
    /// [`Stats::add_file`] takes summed over the file's chunks.
    pub fn add_findings(&mut self, diagnostics: &[Diagnostic]) -> [usize; 3] {
        let counts = severity_counts(diagnostics);
        for d in diagnostics {
            *self.by_category.entry(d.category.id()).or_default() += 1;
        }
        self.errors += counts[0];
        self.warnings += counts[1];
        self.infos += counts[2];
        counts
    }

    /// Counts one file whose findings were counted by [`Stats::add_findings`]: `counts` is
    /// their sum.
    pub fn add_file(&mut self, f: &FileReport, counts: [usize; 3]) {
        self.files += 1;
        self.skipped += usize::from(f.skipped);
        if counts.iter().sum::<usize>() > 0 {
            self.by_file.push((f.path.clone(), counts));
        }
    }

    /// The one-line summary of the machine formats (`claimlint: N files checked: ...`).
    pub fn tool_summary(&self) -> String {
        format!(
            "claimlint: {} files checked: {} errors, {} warnings, {} infos",
            self.files, self.errors, self.warnings, self.infos
        )
    }

    /// All findings.
    pub fn diagnostics(&self) -> usize {
        self.errors + self.warnings + self.infos
    }

    /// Whether any finding is at or above `level` (`None`: never fail).
    pub fn fails_at(&self, level: Option<Severity>) -> bool {
        match level {
            None => false,
            Some(Severity::Error) => self.errors > 0,
            Some(Severity::Warning) => self.errors + self.warnings > 0,
            Some(Severity::Info) => self.diagnostics() > 0,
        }
    }

    /// The `--stats` table: findings per category, then per file (files with findings only).
    pub fn render(&self) -> String {
        let mut s = String::from("Findings by category:\n");
        if self.by_category.is_empty() {
            s.push_str("  (none)\n");
        }
        for (cat, n) in &self.by_category {
            s.push_str(&format!("  {n:>7}  {cat}\n"));
        }
        s.push_str("Findings by file:\n");
        if self.by_file.is_empty() {
            s.push_str("  (none)\n");
        }
        for (path, [e, w, i]) in &self.by_file {
            s.push_str(&format!(
                "  {:>7}  {path} ({e} error, {w} warning, {i} info)\n",
                e + w + i
            ));
        }
        s.push_str(&format!(
            "Total: {} findings in {} of {} files ({} skipped as binary, {} unreadable)\n",
            self.diagnostics(),
            self.by_file.len(),
            self.files,
            self.skipped,
            self.unreadable.len()
        ));
        s
    }
}

/// A file's line index for its chunks: made on first use, so a file without findings costs
/// nothing, and once per file, not once per chunk. One per file: the caller makes a new one
/// for each file.
#[derive(Debug, Default)]
pub struct FileIndex {
    index: Option<LineIndex>,
}

impl FileIndex {
    /// The index of `f`'s text.
    pub fn of(&mut self, f: &FileReport) -> &LineIndex {
        self.index.get_or_insert_with(|| LineIndex::new(&f.text))
    }
}

/// A writer that indents every line but the first by `pad`, as it goes: pretty JSON written
/// through it comes out as it would nested `pad` deeper, without being held to be re-indented
/// (JSON strings hold no raw newlines, so every `\n` is a line break of the layout).
pub(crate) struct Indent<W: Write> {
    pub(crate) inner: W,
    pub(crate) pad: &'static str,
}

impl<W: Write> Write for Indent<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(at) = rest.iter().position(|&b| b == b'\n') {
            let (line, tail) = rest.split_at(at + 1);
            self.inner.write_all(line)?;
            self.inner.write_all(self.pad.as_bytes())?;
            rest = tail;
        }
        self.inner.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// Serializes `value` as pretty JSON (serde_json's layout) into `out`, indented by `pad`.
pub(crate) fn write_pretty(
    out: &mut dyn Write,
    pad: &'static str,
    value: &impl Serialize,
) -> io::Result<()> {
    let mut w = Indent { inner: out, pad };
    serde_json::to_writer_pretty(&mut w, value)?;
    Ok(())
}

/// A checked file with findings, notices, a voice and jurisdictions, for the reporters' tests.
#[cfg(test)]
pub(crate) fn sample_file() -> FileReport {
    let pack = include_str!("../../tests/fixtures/hostile/prop_pack.yaml");
    let set = crate::load_rule_set(false, &[("p.yaml".into(), pack.into())]).unwrap();
    let engine = crate::engine::Engine::new(set).unwrap();
    let pipeline = crate::run::Pipeline::new(&engine, Default::default());
    let text =
        "当院の幹細胞で糖尿病が完治します。\n\nstem cells cure diabetes <&> 95% guaranteed.\n";
    let mut f = pipeline.check_text("a \"b\".txt", text, crate::source::Kind::Text, None);
    f.notices.push("a notice </script>".into());
    f.voice.score = Some(0.25);
    assert!(f.diagnostics.len() >= 3, "{:?}", f.diagnostics);
    f
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `emitter` writing `f` in three chunks (one of them empty), after another file.
    pub(crate) fn in_chunks(emitter: &mut dyn Emitter, f: &FileReport) -> Vec<u8> {
        let mut out = Vec::new();
        let mut other = f.clone();
        other.diagnostics.clear();
        emitter.file(&other, &mut out).unwrap();
        let mut head = f.clone();
        head.diagnostics.clear();
        let voice = std::mem::take(&mut head.voice);
        emitter.file_begin(&head, &mut out).unwrap();
        let mut index = FileIndex::default();
        let (a, b) = f.diagnostics.split_at(1);
        for chunk in [a, &[], b] {
            emitter
                .file_chunk(&head, chunk, &mut index, &mut out)
                .unwrap();
        }
        head.voice = voice;
        emitter.file_end(&head, &mut out).unwrap();
        out
    }

    #[test]
    fn json_pieces_equal_one_pretty_printed_file_object() {
        let f = sample_file();
        let mut other = f.clone();
        other.diagnostics.clear();
        let mut expected = Vec::new();
        for (sep, file) in [("", &other), (",", &f)] {
            write!(expected, "{sep}\n    ").unwrap();
            write_pretty(
                &mut expected,
                "    ",
                &super::super::json::FileJsonStream::new(file),
            )
            .unwrap();
        }
        let got = in_chunks(&mut super::super::JsonEmitter::default(), &f);
        assert_eq!(
            String::from_utf8(got).unwrap(),
            String::from_utf8(expected).unwrap()
        );
    }
}
