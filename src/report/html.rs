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
use crate::diagnostic::LineIndex;
use crate::run::FileReport;
use serde::Serialize;
use std::io::{self, Write};

const TEMPLATE: &str = include_str!("html_template.html");
const DATA_SLOT: &str = "{{CLAIMLINT_DATA}}";
/// Characters of context kept on each side of a match.
const CONTEXT_CHARS: usize = 120;
/// Longest matched text kept whole.
const MATCH_CHARS: usize = 600;

/// `--format html`.
#[derive(Debug, Default)]
pub struct HtmlEmitter {
    /// Each listed file as a JSON object made script-safe, rendered when the file was checked.
    files: Vec<String>,
}

#[derive(Serialize)]
struct HtmlFile<'a> {
    path: &'a str,
    language: &'static str,
    counts: [usize; 3],
    notices: &'a [String],
    skipped: bool,
    findings: Vec<HtmlFinding<'a>>,
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
    /// Whether this run's page will list `f` (files with findings, notices or skipped).
    fn listed(f: &FileReport) -> bool {
        !f.diagnostics.is_empty() || !f.notices.is_empty() || f.skipped
    }

    /// Writes the page for the files seen so far, with `stats` as totals. The data is written
    /// piece by piece (escaping is per character, so pieces escape as the whole would): the
    /// page is never held twice in memory.
    pub fn write_page(&self, stats: &Stats, meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
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
        for (i, file) in self.files.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            out.write_all(file.as_bytes())?;
        }
        out.write_all(b"]}")?;
        out.write_all(after.as_bytes())
    }
}

impl Emitter for HtmlEmitter {
    fn file(&mut self, f: &FileReport, _out: &mut dyn Write) -> io::Result<()> {
        if !Self::listed(f) {
            return Ok(());
        }
        let index = LineIndex::new(&f.text);
        let counts = super::stream::severity_counts(&f.diagnostics);
        let findings = f
            .diagnostics
            .iter()
            .map(|d| {
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
                HtmlFinding {
                    diagnostic: super::json::diag_json(&f.text, &index, d),
                    before: last_chars(before, CONTEXT_CHARS),
                    shown: first_chars(matched, MATCH_CHARS),
                    after: first_chars(after, CONTEXT_CHARS),
                }
            })
            .collect();
        let file = HtmlFile {
            path: &f.path,
            language: f.language.code(),
            counts,
            notices: &f.notices,
            skipped: f.skipped,
            findings,
        };
        self.files.push(script_safe(&serde_json::to_string(&file)?));
        Ok(())
    }

    fn end(&mut self, stats: &Stats, meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        self.write_page(stats, meta, out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn context_is_cut_on_characters() {
        assert_eq!(last_chars("あいうえお", 2), "…えお");
        assert_eq!(first_chars("あいうえお", 2), "あい…");
        assert_eq!(first_chars("あい", 2), "あい");
    }
}
