//! A finding as plain data: what rule, where in the checked text, and what to tell the user.
//! Spans are byte ranges of the decoded file text; lines and columns are computed by reporters.

use crate::model::{Category, Severity};
use std::ops::Range;

/// One finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule's id.
    pub rule: String,
    /// The rule's category.
    pub category: Category,
    /// Effective severity (after config overrides).
    pub severity: Severity,
    /// What is wrong, with placeholders filled in.
    pub message: String,
    /// Byte range in the checked (decoded) text.
    pub span: Range<usize>,
    /// A compliant rewrite.
    pub suggestion: Option<String>,
    /// Law and guideline references.
    pub references: Vec<String>,
    /// Enforcement codes (`mhlw:3`, `cn-adlaw:16`).
    pub codes: Vec<String>,
}

/// Line and column positions of a text, computed once per file for reporters.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
}

impl LineIndex {
    /// Indexes `text`. Lines end at `\n`, `\r\n` or a lone `\r`.
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let lone_cr = b == b'\r' && bytes.get(i + 1) != Some(&b'\n');
            if b == b'\n' || lone_cr {
                starts.push(i + 1);
            }
            i += 1;
        }
        LineIndex { starts }
    }

    /// 1-based line and 1-based column in characters of byte `pos` of `text`.
    pub fn line_col(&self, text: &str, pos: usize) -> (usize, usize) {
        let line = self.starts.partition_point(|&s| s <= pos).max(1);
        let start = self.starts.get(line - 1).copied().unwrap_or(0);
        let col = text.get(start..pos).map(|s| s.chars().count()).unwrap_or(0) + 1;
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
