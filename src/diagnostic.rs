//! A finding as plain data: what rule, where in the checked text, and what to tell the user.
//! Spans are byte ranges of the decoded file text; lines and columns are computed by reporters.

use crate::error::Error;
use crate::jurisdiction::Jurisdictions;
use crate::model::{Category, Lang, Severity};
use std::fmt;
use std::ops::{Deref, Range};
use std::sync::Arc;

/// Text a finding shares with its rule and the rule's other findings (the rule id, a message or
/// suggestion without placeholders): a finding holds a pointer to the compiled rule's copy, so a
/// file with 200,000 findings does not hold 200,000 copies of each string. Reads as a `str`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct SharedStr(Arc<str>);

impl SharedStr {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Deref for SharedStr {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SharedStr {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for SharedStr {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for SharedStr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&*self.0, f)
    }
}

impl From<&str> for SharedStr {
    fn from(s: &str) -> Self {
        SharedStr(Arc::from(s))
    }
}

impl From<String> for SharedStr {
    fn from(s: String) -> Self {
        SharedStr(Arc::from(s))
    }
}

impl From<&String> for SharedStr {
    fn from(s: &String) -> Self {
        SharedStr(Arc::from(s.as_str()))
    }
}

impl PartialEq<str> for SharedStr {
    fn eq(&self, other: &str) -> bool {
        &*self.0 == other
    }
}

impl PartialEq<&str> for SharedStr {
    fn eq(&self, other: &&str) -> bool {
        &*self.0 == *other
    }
}

impl PartialEq<String> for SharedStr {
    fn eq(&self, other: &String) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<SharedStr> for str {
    fn eq(&self, other: &SharedStr) -> bool {
        self == &*other.0
    }
}

impl PartialEq<SharedStr> for &str {
    fn eq(&self, other: &SharedStr) -> bool {
        *self == &*other.0
    }
}

impl PartialEq<SharedStr> for String {
    fn eq(&self, other: &SharedStr) -> bool {
        **self == *other.0
    }
}

impl serde::Serialize for SharedStr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

/// A list a finding shares with its rule (references, enforcement codes); see [`SharedStr`].
/// Reads as a slice of strings.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct SharedList(Arc<[String]>);

impl SharedList {
    /// Where the list lives: findings of one rule share one address.
    fn address(&self) -> usize {
        Arc::as_ptr(&self.0).cast::<String>() as usize
    }
}

impl Default for SharedList {
    fn default() -> Self {
        SharedList(Arc::from(Vec::new()))
    }
}

impl Deref for SharedList {
    type Target = [String];
    fn deref(&self) -> &[String] {
        &self.0
    }
}

impl fmt::Debug for SharedList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl From<Vec<String>> for SharedList {
    fn from(v: Vec<String>) -> Self {
        SharedList(Arc::from(v))
    }
}

impl From<&[String]> for SharedList {
    fn from(v: &[String]) -> Self {
        SharedList(Arc::from(v))
    }
}

impl<'a> FromIterator<&'a str> for SharedList {
    fn from_iter<I: IntoIterator<Item = &'a str>>(it: I) -> Self {
        SharedList(it.into_iter().map(str::to_string).collect())
    }
}

impl FromIterator<String> for SharedList {
    fn from_iter<I: IntoIterator<Item = String>>(it: I) -> Self {
        SharedList(it.into_iter().collect())
    }
}

impl<const N: usize> PartialEq<[&str; N]> for SharedList {
    fn eq(&self, other: &[&str; N]) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<[String]> for SharedList {
    fn eq(&self, other: &[String]) -> bool {
        *self.0 == *other
    }
}

impl PartialEq<Vec<String>> for SharedList {
    fn eq(&self, other: &Vec<String>) -> bool {
        *self.0 == **other
    }
}

impl PartialEq<Vec<&str>> for SharedList {
    fn eq(&self, other: &Vec<&str>) -> bool {
        *self.0 == **other
    }
}

impl serde::Serialize for SharedList {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter())
    }
}

/// One finding.
///
/// The strings a finding has in common with its rule are [`SharedStr`] / [`SharedList`]: a
/// finding costs about 130 bytes plus its filled message, whatever its rule's texts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's id.
    pub rule: SharedStr,
    /// The rule's category.
    pub category: Category,
    /// Effective severity (after config overrides).
    pub severity: Severity,
    /// What is wrong, with placeholders filled in (shared with the rule when it has none).
    pub message: SharedStr,
    /// Byte range in the checked (decoded) text.
    pub span: Range<usize>,
    /// A compliant rewrite.
    pub suggestion: Option<SharedStr>,
    /// Law and guideline references.
    pub references: SharedList,
    /// Enforcement codes (`mhlw:3`, `cn-adlaw:16`).
    pub codes: SharedList,
    /// The learned voice score of the finding's paragraph: how likely it speaks for an advertiser,
    /// in thousandths (`None` when the judge did not run).
    pub voice: Option<u16>,
    /// The learned claim score of the finding's sentence for its category, in thousandths (`None`
    /// when the judge did not run or does not score the category).
    pub score: Option<u16>,
}

impl Jurisdictions {
    /// Keeps the codes and references of findings that apply here; `named` (the run chose the
    /// set) also drops the findings that do not apply, which are otherwise left whole.
    pub fn apply(self, diagnostics: &mut Vec<Diagnostic>, named: bool) {
        if named {
            diagnostics.retain(|d| self.applies(d));
        }
        // The findings of one rule share their lists, and so do their filtered lists: one filter
        // per rule, not one copy per finding.
        // The map holds the original lists, so their addresses stay theirs while it lives.
        type Lists = (SharedList, SharedList);
        let mut kept: std::collections::HashMap<(usize, usize), (Lists, Lists)> =
            std::collections::HashMap::new();
        for d in diagnostics.iter_mut().filter(|d| self.applies(d)) {
            let key = (d.codes.address(), d.references.address());
            let (_, (codes, references)) = kept.entry(key).or_insert_with(|| {
                let (mut codes, mut references) = (d.codes.to_vec(), d.references.to_vec());
                self.keep_laws(&mut codes, &mut references);
                (
                    (d.codes.clone(), d.references.clone()),
                    (SharedList::from(codes), SharedList::from(references)),
                )
            });
            d.codes = codes.clone();
            d.references = references.clone();
        }
    }

    /// Whether a finding's rule enforces a law of this set (or names no jurisdiction at all).
    pub fn applies(self, d: &Diagnostic) -> bool {
        self.applies_to(&d.codes)
    }
}

/// Line and column positions of a text, computed once per file for reporters.
///
/// Columns count characters; a file can be one long line (minified HTML, a CJK text without
/// breaks), so the index also keeps a checkpoint every [`CHECKPOINT`] bytes with its character
/// column, and a lookup counts characters from the nearest one instead of the line start.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// (byte offset on a char boundary, 0-based character column there).
    marks: Vec<(usize, usize)>,
}

/// Bytes between column checkpoints.
const CHECKPOINT: usize = 4096;

/// The next line break at or after `from`: a `\n`, or a `\r` not followed by `\n` (the `\r` of
/// a `\r\n` is a character of its line, as the `\n` ends it).
fn next_line_break(bytes: &[u8], from: usize) -> Option<usize> {
    let mut i = from;
    loop {
        let p = i + memchr::memchr2(b'\n', b'\r', bytes.get(i..)?)?;
        if bytes.get(p) == Some(&b'\r') && bytes.get(p + 1) == Some(&b'\n') {
            i = p + 1;
            continue;
        }
        return Some(p);
    }
}

/// Characters in UTF-8 `bytes`: the bytes that are not continuation bytes (a loop the compiler
/// vectorizes).
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`, `\r\n` or a lone `\r`.
    pub fn new(text: &str) -> Self {
        Self::with_checkpoint(text, CHECKPOINT)
    }

    /// [`LineIndex::new`] with checkpoints every `checkpoint` bytes (small ones in tests).
    ///
    /// Line ends are found with memchr and characters counted a span at a time, not byte by
    /// byte: a saved page is mostly script and style, and every file with a finding is indexed
    /// whole (this was 12 % of a run over saved pages).
    fn with_checkpoint(text: &str, checkpoint: usize) -> Self {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        let mut marks = Vec::new();
        let mut next_mark = checkpoint;
        // Column bookkeeping: `col` characters precede byte `at` on the current line.
        let (mut at, mut col) = (0usize, 0usize);
        let mut from = 0;
        loop {
            let brk = next_line_break(bytes, from);
            // The last byte of this line, its break included (checkpoints may fall on it).
            let last = brk.unwrap_or(bytes.len());
            while next_mark < last || (brk.is_some() && next_mark == last) {
                let Some(m) = (next_mark..bytes.len()).find(|&i| text.is_char_boundary(i)) else {
                    break;
                };
                if m > last {
                    break;
                }
                col += count_chars(bytes.get(at..m).unwrap_or_default());
                at = m;
                marks.push((m, col));
                next_mark = m + checkpoint;
            }
            let Some(b) = brk else { break };
            starts.push(b + 1);
            (at, col, from) = (b + 1, 0, b + 1);
        }
        LineIndex { starts, marks }
    }

    /// 1-based line and 1-based column in characters of byte `pos` of `text`.
    pub fn line_col(&self, text: &str, pos: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= pos).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        // The nearest checkpoint at or before `pos` on this line, else the line start.
        let m = self.marks.partition_point(|&(b, _)| b <= pos);
        let (from, base) = match m.checked_sub(1).and_then(|k| self.marks.get(k)) {
            Some(&(b, c)) if b >= start => (b, c),
            _ => (start, 0),
        };
        let col = text.get(from..pos).map(|s| s.chars().count()).unwrap_or(0) + base + 1;
        (line, col)
    }

    /// Byte range of 1-based `line`, without its line ending.
    pub fn line_range(&self, text: &str, line: usize) -> Range<usize> {
        let start = self
            .starts
            .get(line.saturating_sub(1))
            .copied()
            .unwrap_or(0);
        let mut end = self.starts.get(line).copied().unwrap_or(text.len());
        let bytes = text.as_bytes();
        while end > start && matches!(bytes.get(end - 1), Some(b'\n') | Some(b'\r')) {
            end -= 1;
        }
        start..end
    }
}

/// What a directive does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DirectiveKind {
    /// Silences the line after the directive.
    NextLine,
    /// Silences the line the directive is on.
    Line,
    /// Silences from here to a matching `claimlint-enable` (or the end of the file).
    Disable,
    /// Ends a `claimlint-disable` block.
    Enable,
}

impl DirectiveKind {
    /// The keyword as written.
    pub fn keyword(self) -> &'static str {
        match self {
            DirectiveKind::NextLine => "claimlint-disable-next-line",
            DirectiveKind::Line => "claimlint-disable-line",
            DirectiveKind::Disable => "claimlint-disable",
            DirectiveKind::Enable => "claimlint-enable",
        }
    }
}

/// A suppression directive found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    /// What it does.
    pub kind: DirectiveKind,
    /// Rule ids or category ids; empty means every rule.
    pub selectors: Vec<String>,
    /// The text after ` -- `, if any.
    pub reason: Option<String>,
    /// The whole comment (or line) as a byte range of the file text.
    pub span: Range<usize>,
}

/// The judge's view of a document, for reports and `--explain`.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentVoice {
    /// The probability the document speaks for an advertiser; `None` when it was not judged.
    pub score: Option<f32>,
    /// Whether the gate dropped findings because of it.
    pub reporting: bool,
}

/// The outcome for one checked file.
#[derive(Debug, Clone)]
pub struct FileReport {
    /// Path as given (or found by walking), `<stdin>` for standard input.
    pub path: String,
    /// The language with the most text.
    pub language: Lang,
    /// The decoded file text that diagnostic spans index into.
    pub text: String,
    /// Findings, sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Warnings about the input (lossy decoding, binary file skipped, ...).
    pub notices: Vec<String>,
    /// Whether the file was skipped (binary) rather than checked.
    pub skipped: bool,
    /// Inline suppression directives found in the file (applied by [`crate::suppress::apply`]).
    pub suppressions: Vec<Directive>,
    /// What the learned judge said of the document's voice.
    pub voice: DocumentVoice,
    /// The jurisdictions the document was checked for (empty when it was not checked).
    pub jurisdictions: crate::jurisdiction::Jurisdictions,
}

/// All results of a run.
#[derive(Debug, Default)]
pub struct RunReport {
    /// Checked files, sorted by path.
    pub files: Vec<FileReport>,
    /// Files that could not be checked.
    pub errors: Vec<Error>,
}

impl RunReport {
    /// Counts diagnostics by severity: (errors, warnings, infos).
    pub fn counts(&self) -> (usize, usize, usize) {
        let mut c = (0, 0, 0);
        for d in self.files.iter().flat_map(|f| &f.diagnostics) {
            match d.severity {
                Severity::Error => c.0 += 1,
                Severity::Warning => c.1 += 1,
                Severity::Info => c.2 += 1,
            }
        }
        c
    }

    /// Whether any diagnostic is at or above `level` (`None`: never fail).
    pub fn fails_at(&self, level: Option<Severity>) -> bool {
        level.is_some_and(|l| {
            self.files
                .iter()
                .flat_map(|f| &f.diagnostics)
                .any(|d| d.severity >= l)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jurisdiction::Jurisdiction::*;

    #[test]
    fn columns_on_a_long_line_match_counting_from_the_line_start() {
        let text = format!("x\n{}", "幹細胞a".repeat(5000));
        let index = LineIndex::new(&text);
        for pos in (2..text.len())
            .filter(|p| text.is_char_boundary(*p))
            .step_by(997)
        {
            let expected = text[2..pos].chars().count() + 1;
            assert_eq!(index.line_col(&text, pos), (2, expected), "at byte {pos}");
        }
    }

    /// The byte-at-a-time index that `LineIndex::with_checkpoint` replaced: the reference.
    fn index_byte_by_byte(text: &str, checkpoint: usize) -> LineIndex {
        let mut starts = vec![0];
        let mut marks = Vec::new();
        let bytes = text.as_bytes();
        let mut col = 0usize;
        let mut next_mark = checkpoint;
        for (i, &b) in bytes.iter().enumerate() {
            if i >= next_mark && (b & 0xC0) != 0x80 {
                marks.push((i, col));
                next_mark = i + checkpoint;
            }
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                starts.push(i + 1);
                col = 0;
            } else if (b & 0xC0) != 0x80 {
                col += 1;
            }
        }
        LineIndex { starts, marks }
    }

    #[test]
    fn the_memchr_line_index_equals_the_byte_by_byte_one() {
        // Every text of up to 6 pieces over ASCII, 2-, 3- and 4-byte characters and every kind of
        // line end, with checkpoints every 1 to 5 bytes: the same line starts and checkpoints.
        let pieces = ["a", "é", "漢", "😀", "\n", "\r", "\r\n"];
        let mut texts = vec![String::new()];
        let mut level = vec![String::new()];
        for _ in 0..6 {
            level = level
                .iter()
                .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
                .collect();
            texts.extend(level.iter().cloned());
        }
        texts.sort();
        texts.dedup();
        assert!(texts.len() > 100_000, "{} texts", texts.len());
        for text in &texts {
            for checkpoint in 1..=5 {
                let fast = LineIndex::with_checkpoint(text, checkpoint);
                let slow = index_byte_by_byte(text, checkpoint);
                assert_eq!(fast.starts, slow.starts, "{text:?} every {checkpoint}");
                assert_eq!(fast.marks, slow.marks, "{text:?} every {checkpoint}");
            }
        }
        // A saved page's shape: long minified lines, CRLF, CJK, the real checkpoint.
        let page = format!(
            "<!doctype html>\r\n<script>{}</script>\n<p>幹細胞で{}</p>\r{}",
            "var a=1;".repeat(3000),
            "完治します。".repeat(900),
            "x\r\n".repeat(50)
        );
        let (fast, slow) = (LineIndex::new(&page), index_byte_by_byte(&page, CHECKPOINT));
        assert_eq!((fast.starts, fast.marks), (slow.starts, slow.marks));
    }

    #[test]
    fn crlf_and_lone_cr_end_lines() {
        let text = "a\r\nb\rc\nd";
        let index = LineIndex::new(text);
        assert_eq!(index.line_col(text, 3), (2, 1));
        assert_eq!(index.line_col(text, 5), (3, 1));
        assert_eq!(index.line_col(text, 7), (4, 1));
    }

    fn diag(codes: &[&str], references: &[&str]) -> Diagnostic {
        Diagnostic {
            rule: "r".into(),
            category: crate::model::Category::CurativeClaim,
            severity: crate::model::Severity::Error,
            message: "".into(),
            span: 0..1,
            suggestion: None,
            references: references.iter().copied().collect(),
            codes: codes.iter().copied().collect(),
            voice: None,
            score: None,
        }
    }

    #[test]
    fn a_finding_is_kept_where_its_law_applies_and_shows_only_that_law() {
        let us = Jurisdictions::of(&[Us]);
        let mut ds = vec![
            diag(
                &["mhlw:3", "us-ftc:5", "uk-cap:12"],
                &[
                    "医療法 第6条の5",
                    "FTC Act §5; UK CAP Code rule 3.1",
                    "House rule",
                ],
            ),
            diag(
                &["mhlw:5"],
                &["医療広告ガイドライン 第4の2（限定解除要件）"],
            ),
            diag(&["claimlint:meta"], &[]),
            diag(&[], &["Our style guide"]),
        ];
        let mut guessed = ds.clone();
        us.apply(&mut guessed, false);
        assert_eq!(guessed.len(), 4, "a default never drops: {guessed:#?}");
        assert_eq!(guessed[0].codes, ["us-ftc:5"]);
        assert_eq!(
            guessed[1].codes,
            ["mhlw:5"],
            "nor hides a finding's only law"
        );
        us.apply(&mut ds, true);
        assert_eq!(ds.len(), 3, "the Japan-only finding goes: {ds:#?}");
        assert_eq!(ds[0].codes, ["us-ftc:5"]);
        assert_eq!(ds[0].references, ["FTC Act §5", "House rule"]);
        assert_eq!(ds[1].codes, ["claimlint:meta"]);
        assert_eq!(ds[2].references, ["Our style guide"]);
    }
}
