//! `--format html` and `claimlint report`: one self-contained HTML file (inline CSS and script,
//! no network) with totals, a sortable file list, filters, and every finding in its line.
//!
//! The data travels as JSON in a `<script type="application/json">` block and the page's script
//! inserts it with `textContent` only. `<`, `>` and `&` are written as `\u003c`-style escapes in
//! that JSON, so no text from a checked page (`</script>`, `<!--`) can end the block early.
//!
//! Each file is reduced to what the page shows as soon as it is checked (the finding's line,
//! cut around the match), so the file texts are not kept until the end.

use super::stream::{Emitter, Stats};
use super::RunMeta;
use crate::diagnostic::{Diagnostic, FileReport, LineIndex};
use serde::Serialize;
use std::io::{self, Read, Seek, Write};

const TEMPLATE: &str = include_str!("html_template.html");
const DATA_SLOT: &str = "{{CLAIMLINT_DATA}}";
/// Characters of context kept on each side of a match.
const CONTEXT_CHARS: usize = 120;
/// Longest matched text kept whole.
const MATCH_CHARS: usize = 600;

/// `--format html`.
#[derive(Debug, Default)]
pub struct HtmlEmitter {
    /// The listed files' JSON objects, made script-safe and comma-separated as each file was
    /// checked, kept in a temporary file until the page is written: the page's totals come
    /// first, and memory must not grow with the run.
    files: Option<io::BufWriter<std::fs::File>>,
    /// How many files are in `files`.
    listed: usize,
    /// The current file's findings, script-safe and comma-separated, until its end (its
    /// counts come before them on the page).
    findings: Spill,
    /// The current file's (errors, warnings, infos).
    counts: [usize; 3],
}

/// Bytes held in memory before a file's findings spill to a temporary file.
const SPILL_BYTES: usize = 1 << 20;

/// A buffer that moves to a temporary file once it holds [`SPILL_BYTES`].
#[derive(Debug, Default)]
struct Spill {
    mem: Vec<u8>,
    file: Option<std::fs::File>,
    /// Bytes in `file`.
    spilled: u64,
}

impl Spill {
    fn is_empty(&self) -> bool {
        self.mem.is_empty() && self.spilled == 0
    }

    /// Moves the buffer to the file when it is full.
    fn settle(&mut self) -> io::Result<()> {
        if self.mem.len() < SPILL_BYTES {
            return Ok(());
        }
        if self.file.is_none() {
            self.file = Some(tempfile::tempfile()?);
        }
        if let Some(file) = self.file.as_mut() {
            file.write_all(&self.mem)?;
            self.spilled += self.mem.len() as u64;
        }
        self.mem.clear();
        Ok(())
    }

    /// Copies everything to `out` and empties the buffer (the file is kept for the next one).
    fn drain(&mut self, out: &mut dyn Write) -> io::Result<()> {
        if let (Some(file), true) = (self.file.as_mut(), self.spilled > 0) {
            file.seek(io::SeekFrom::Start(0))?;
            io::copy(&mut Read::take(&mut *file, self.spilled), out)?;
            file.seek(io::SeekFrom::Start(0))?;
            file.set_len(0)?;
        }
        self.spilled = 0;
        out.write_all(&self.mem)?;
        self.mem.clear();
        Ok(())
    }
}

/// A writer that makes JSON safe inside `<script>` as it passes ([`script_safe`], streamed).
struct ScriptSafe<W: Write> {
    inner: W,
    /// The start of a U+2028/U+2029 cut by the end of the last write.
    pending: Vec<u8>,
}

impl<W: Write> Write for ScriptSafe<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let joined;
        let data: &[u8] = if self.pending.is_empty() {
            buf
        } else {
            let mut j = std::mem::take(&mut self.pending);
            j.extend_from_slice(buf);
            joined = j;
            &joined
        };
        let mut start = 0;
        let mut i = 0;
        while let Some(&b) = data.get(i) {
            let (escape, len): (&[u8], usize) = match b {
                b'<' => (b"\\u003c", 1),
                b'>' => (b"\\u003e", 1),
                b'&' => (b"\\u0026", 1),
                0xE2 => match (data.get(i + 1), data.get(i + 2)) {
                    (Some(0x80), Some(0xA8)) => (b"\\u2028", 3),
                    (Some(0x80), Some(0xA9)) => (b"\\u2029", 3),
                    (None, _) | (Some(0x80), None) => {
                        self.inner
                            .write_all(data.get(start..i).unwrap_or_default())?;
                        self.pending = data.get(i..).unwrap_or_default().to_vec();
                        return Ok(buf.len());
                    }
                    _ => {
                        i += 1;
                        continue;
                    }
                },
                _ => {
                    i += 1;
                    continue;
                }
            };
            self.inner
                .write_all(data.get(start..i).unwrap_or_default())?;
            self.inner.write_all(escape)?;
            i += len;
            start = i;
        }
        self.inner
            .write_all(data.get(start..).unwrap_or_default())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        let pending = std::mem::take(&mut self.pending);
        self.inner.write_all(&pending)?;
        self.inner.flush()
    }
}

/// One listed file of the page, serialized whole: what [`HtmlEmitter`]'s pieces must equal,
/// byte for byte (tested).
#[cfg(test)]
struct HtmlFile<'a> {
    f: &'a FileReport,
    index: LineIndex,
}

#[cfg(test)]
impl Serialize for HtmlFile<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        struct Findings<'b>(&'b HtmlFile<'b>);
        impl Serialize for Findings<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let HtmlFile { f, index } = self.0;
                s.collect_seq(f.diagnostics.iter().map(|d| finding(f, index, d)))
            }
        }
        let f = self.f;
        let mut st = s.serialize_struct("HtmlFile", 6)?;
        st.serialize_field("path", &f.path)?;
        st.serialize_field("language", f.language.code())?;
        st.serialize_field("counts", &super::stream::severity_counts(&f.diagnostics))?;
        st.serialize_field("notices", &f.notices)?;
        st.serialize_field("skipped", &f.skipped)?;
        st.serialize_field("findings", &Findings(self))?;
        st.end()
    }
}

/// A finding with its line around it, cut to what the page shows.
fn finding<'a>(
    f: &'a FileReport,
    index: &LineIndex,
    d: &'a crate::diagnostic::Diagnostic,
) -> HtmlFinding<'a> {
    let (line, _) = index.line_col(&f.text, d.span.start);
    let (end_line, _) = index.line_col(&f.text, d.span.end);
    let start_line = index.line_range(&f.text, line);
    let end_line = index.line_range(&f.text, end_line);
    let before = f.text.get(start_line.start..d.span.start).unwrap_or("");
    let matched = f.text.get(d.span.clone()).unwrap_or("");
    let after = f
        .text
        .get(d.span.end..end_line.end.max(d.span.end))
        .unwrap_or("");
    // An HTML page shows the text a reader sees (tags dropped, entities decoded), cut to the
    // sentence around the finding; other files show their line as written.
    let html = crate::source::kind_from_path(std::path::Path::new(&f.path))
        == Some(crate::source::Kind::Html);
    let (before, shown, after) = if html {
        (
            sentence_start(&visible(before)).to_string(),
            visible(matched),
            sentence_end(&visible(after)).to_string(),
        )
    } else {
        (before.to_string(), matched.to_string(), after.to_string())
    };
    HtmlFinding {
        diagnostic: super::json::diag_json(&f.text, index, d),
        before: last_chars(&before, CONTEXT_CHARS),
        shown: first_chars(&shown, MATCH_CHARS),
        after: first_chars(&after, CONTEXT_CHARS),
    }
}

/// The text of an HTML fragment as a reader sees it: tags (and a tag cut at either end)
/// dropped, entities decoded, runs of white space made one space.
fn visible(fragment: &str) -> String {
    let mut text = String::with_capacity(fragment.len());
    // A fragment that starts inside a tag (`p class="x">...`) begins after its `>`.
    let mut rest = match (fragment.find('>'), fragment.find('<')) {
        (Some(gt), Some(lt)) if gt < lt => fragment.get(gt + 1..).unwrap_or(""),
        (Some(gt), None) => fragment.get(gt + 1..).unwrap_or(""),
        _ => fragment,
    };
    // A tag cut at the end (`<sp`) is dropped; the rest is read as the checker reads pages.
    if let Some(lt) = rest.rfind('<') {
        if !rest.get(lt..).is_some_and(|r| r.contains('>')) {
            rest = rest.get(..lt).unwrap_or("");
        }
    }
    text.push_str(rest);
    let extracted = crate::source::extract(&text, crate::source::Kind::Html).text;
    let decoded = extracted.as_str();
    let mut out = String::with_capacity(decoded.len());
    for word in decoded.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    // Keep a leading or trailing space: it separates the context from the match.
    let lead = decoded.starts_with(char::is_whitespace) && !out.is_empty();
    let trail = decoded.ends_with(char::is_whitespace) && !out.is_empty();
    format!(
        "{}{out}{}",
        if lead { " " } else { "" },
        if trail { " " } else { "" }
    )
}

/// Where a sentence ends: CJK full stops, and `.!?` followed by a space.
fn sentence_ends(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.char_indices().filter_map(move |(i, c)| {
        let end = i + c.len_utf8();
        let next = text.get(end..).and_then(|r| r.chars().next());
        let ends = matches!(c, '。' | '！' | '？' | '．')
            || (matches!(c, '.' | '!' | '?') && next.is_none_or(char::is_whitespace));
        ends.then_some(end)
    })
}

/// The part of `before` in the finding's own sentence.
fn sentence_start(before: &str) -> &str {
    let start = sentence_ends(before).last().unwrap_or(0);
    before.get(start..).unwrap_or(before).trim_start()
}

/// The part of `after` up to the end of the finding's sentence.
fn sentence_end(after: &str) -> &str {
    let end = sentence_ends(after).next().unwrap_or(after.len());
    after.get(..end).unwrap_or(after)
}

#[derive(Serialize)]
struct HtmlFinding<'a> {
    #[serde(flatten)]
    diagnostic: super::json::DiagJson<'a>,
    /// The start line up to the match (cut to its last characters).
    before: String,
    /// What the underline covers, cut if very long.
    shown: String,
    /// The end line after the match (cut to its first characters).
    after: String,
}

#[derive(Serialize)]
struct Page<'a> {
    tool: Tool<'a>,
    summary: Summary<'a>,
    errors: &'a [String],
}

#[derive(Serialize)]
struct Tool<'a> {
    name: &'static str,
    version: &'static str,
    packs: Vec<[&'a str; 2]>,
}

#[derive(Serialize)]
struct Summary<'a> {
    files: usize,
    diagnostics: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    skipped: usize,
    unreadable: usize,
    files_with_findings: usize,
    by_category: &'a std::collections::BTreeMap<&'static str, usize>,
}

fn last_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    if count <= n {
        return s.to_string();
    }
    let mut out = String::from("…");
    out.extend(s.chars().skip(count - n));
    out
}

fn first_chars(s: &str, n: usize) -> String {
    let mut out: String = s.chars().take(n).collect();
    if out.len() < s.len() {
        out.push('…');
    }
    out
}

/// The findings' JSON, made safe to sit inside a `<script>` element.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

impl HtmlEmitter {
    /// Writes the page for the files seen so far, with `stats` as totals. The data is written
    /// piece by piece (escaping is per character, so pieces escape as the whole would): the
    /// page is never held twice in memory.
    pub fn write_page(
        &mut self,
        stats: &Stats,
        meta: &RunMeta,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let page = Page {
            tool: Tool {
                name: "claimlint",
                version: env!("CARGO_PKG_VERSION"),
                packs: meta
                    .packs
                    .iter()
                    .map(|p| [p.name.as_str(), p.version.as_str()])
                    .collect(),
            },
            summary: Summary {
                files: stats.files,
                diagnostics: stats.diagnostics(),
                errors: stats.errors,
                warnings: stats.warnings,
                infos: stats.infos,
                skipped: stats.skipped,
                unreadable: stats.unreadable.len(),
                files_with_findings: stats.by_file.len(),
                by_category: &stats.by_category,
            },
            errors: &stats.unreadable,
        };
        let head = serde_json::to_string(&page)?;
        // `head` is an object; the file objects go in as its last key.
        let head = head.strip_suffix('}').unwrap_or(&head);
        let (before, after) = TEMPLATE.split_once(DATA_SLOT).unwrap_or((TEMPLATE, ""));
        out.write_all(before.as_bytes())?;
        out.write_all(script_safe(head).as_bytes())?;
        out.write_all(b",\"files\":[")?;
        if let Some(files) = self.files.as_mut() {
            files.flush()?;
            let file = files.get_mut();
            let end = file.stream_position()?;
            file.seek(io::SeekFrom::Start(0))?;
            io::copy(&mut Read::take(&mut *file, end), out)?;
            file.seek(io::SeekFrom::Start(end))?;
        }
        out.write_all(b"]}")?;
        out.write_all(after.as_bytes())
    }
}

impl Emitter for HtmlEmitter {
    fn file_begin(&mut self, _head: &FileReport, _out: &mut dyn Write) -> io::Result<()> {
        self.counts = [0; 3];
        Ok(())
    }

    fn file_findings(
        &mut self,
        f: &FileReport,
        diagnostics: &[Diagnostic],
        index: &LineIndex,
        _out: &mut dyn Write,
    ) -> io::Result<()> {
        for (total, n) in self
            .counts
            .iter_mut()
            .zip(super::stream::severity_counts(diagnostics))
        {
            *total += n;
        }
        for d in diagnostics {
            if !self.findings.is_empty() {
                self.findings.mem.push(b',');
            }
            let mut safe = ScriptSafe {
                inner: &mut self.findings.mem,
                pending: Vec::new(),
            };
            serde_json::to_writer(&mut safe, &finding(f, index, d))?;
            safe.flush()?;
            self.findings.settle()?;
        }
        Ok(())
    }

    /// The file's object, `HtmlFile`'s keys in its order, when the page lists the file.
    fn file_end(&mut self, f: &FileReport, _out: &mut dyn Write) -> io::Result<()> {
        let found = !self.findings.is_empty();
        if !(found || !f.notices.is_empty() || f.skipped) {
            return Ok(());
        }
        if self.files.is_none() {
            self.files = Some(io::BufWriter::new(tempfile::tempfile()?));
        }
        let Some(files) = self.files.as_mut() else {
            return Ok(());
        };
        if self.listed > 0 {
            files.write_all(b",")?;
        }
        self.listed += 1;
        let mut safe = ScriptSafe {
            inner: &mut *files,
            pending: Vec::new(),
        };
        safe.write_all(b"{\"path\":")?;
        serde_json::to_writer(&mut safe, &f.path)?;
        safe.write_all(b",\"language\":")?;
        serde_json::to_writer(&mut safe, f.language.code())?;
        safe.write_all(b",\"counts\":")?;
        serde_json::to_writer(&mut safe, &self.counts)?;
        safe.write_all(b",\"notices\":")?;
        serde_json::to_writer(&mut safe, &f.notices)?;
        safe.write_all(b",\"skipped\":")?;
        serde_json::to_writer(&mut safe, &f.skipped)?;
        safe.write_all(b",\"findings\":[")?;
        safe.flush()?;
        // Already script-safe.
        self.findings.drain(files)?;
        files.write_all(b"]}")
    }

    fn end(&mut self, stats: &Stats, meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        self.write_page(stats, meta, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_pieces_equal_one_serialized_file_object() {
        let f = crate::report::stream::sample_file();
        let mut other = f.clone();
        other.diagnostics.clear();
        let mut emitter = HtmlEmitter::default();
        let mut out = Vec::new();
        emitter.file(&other, &mut out).unwrap();
        let mut head = f.clone();
        head.diagnostics.clear();
        emitter.file_begin(&head, &mut out).unwrap();
        let mut index = crate::report::FileIndex::default();
        let (a, b) = f.diagnostics.split_at(1);
        for chunk in [a, &[], b] {
            emitter
                .file_chunk(&head, chunk, &mut index, &mut out)
                .unwrap();
        }
        emitter.file_end(&head, &mut out).unwrap();
        let mut files = emitter.files.take().unwrap().into_inner().unwrap();
        files.seek(io::SeekFrom::Start(0)).unwrap();
        let mut got = String::new();
        files.read_to_string(&mut got).unwrap();
        let whole = |f: &FileReport| {
            script_safe(
                &serde_json::to_string(&HtmlFile {
                    f,
                    index: LineIndex::new(&f.text),
                })
                .unwrap(),
            )
        };
        assert_eq!(got, format!("{},{}", whole(&other), whole(&f)));
    }

    #[test]
    fn script_safe_leaves_no_markup() {
        let s = script_safe("{\"t\":\"</script><!-- & \u{2028}\"}");
        assert!(
            !s.contains('<') && !s.contains('>') && !s.contains('&') && !s.contains('\u{2028}')
        );
        let back: serde_json::Value = serde_json::from_str(&s).unwrap();
        assert_eq!(back["t"], "</script><!-- & \u{2028}");
    }

    #[test]
    fn streamed_escaping_equals_script_safe_even_split_mid_character() {
        let json = "{\"t\":\"</script><!-- & \u{2028}\u{2029}ア\u{2028}\"}";
        let mut out = Vec::new();
        let mut w = ScriptSafe {
            inner: &mut out,
            pending: Vec::new(),
        };
        for b in json.as_bytes() {
            w.write_all(std::slice::from_ref(b)).unwrap();
        }
        w.flush().unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), script_safe(json));
    }

    #[test]
    fn html_context_is_the_visible_sentence() {
        assert_eq!(
            visible("<p class=\"a\">Our <b>best</b> &amp; only "),
            "Our best & only "
        );
        assert_eq!(visible("iv class=x>治る</div><sp").trim(), "治る");
        assert_eq!(visible("</p>\n  <p>Next").trim(), "Next");
        assert_eq!(sentence_start("First one. Second 当院。その"), "その");
        assert_eq!(sentence_start("no end yet "), "no end yet ");
        assert_eq!(sentence_end(" works. Then more."), " works.");
        assert_eq!(sentence_end("ます。次の文"), "ます。");
        assert_eq!(sentence_end("v3.2 still"), "v3.2 still");
    }

    #[test]
    fn context_is_cut_on_characters() {
        assert_eq!(last_chars("あいうえお", 2), "…えお");
        assert_eq!(first_chars("あいうえお", 2), "あい…");
        assert_eq!(first_chars("あい", 2), "あい");
    }
}
