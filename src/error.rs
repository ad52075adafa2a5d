//! The library's one error type. Rendering (miette) happens at the edge; every variant carries
//! what a user needs to find the problem: a path, and for YAML a line and column.

use miette::{NamedSource, SourceSpan};
use std::sync::Arc;

/// Everything that can go wrong in claimlint, apart from findings themselves.
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
pub enum Error {
    /// A file or directory could not be read.
    #[error("{path}: {message}")]
    #[diagnostic(code(claimlint::io))]
    Io {
        /// The path as the user gave it.
        path: String,
        /// What the operating system said.
        message: String,
    },
    /// A rule pack or a config file is malformed.
    #[error(transparent)]
    #[diagnostic(transparent)]
    Yaml(#[from] Box<YamlError>),
    /// The command line asks for something impossible.
    #[error("{0}")]
    #[diagnostic(code(claimlint::usage))]
    Usage(String),
    /// Standard output was closed by its reader (`claimlint ... | head`): the run stops quietly.
    #[error("standard output was closed")]
    OutputClosed,
}

impl Error {
    /// An I/O error for `path`.
    pub fn io(path: impl Into<String>, err: &std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            message: err.to_string(),
        }
    }
}

/// A problem at a place in a YAML file (a rule pack or a config file).
#[derive(Debug, thiserror::Error, miette::Diagnostic)]
#[error("{path}:{line}:{column}: {message}")]
#[diagnostic(code(claimlint::yaml))]
pub struct YamlError {
    /// The file's name as shown to the user.
    pub path: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (characters).
    pub column: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it, where we know.
    #[help]
    pub help: Option<String>,
    #[source_code]
    src: NamedSource<Arc<str>>,
    #[label("here")]
    span: Option<SourceSpan>,
}

impl YamlError {
    /// An error at a 1-based line and column of `text`.
    pub fn at(
        path: &str,
        text: &Arc<str>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Box<Self> {
        let span = byte_offset(text, line, column).map(|start| {
            let rest = text.get(start..).unwrap_or("");
            let len = rest.find(['\n', '\r']).unwrap_or(rest.len()).max(1);
            SourceSpan::from((start, len.min(rest.len().max(1))))
        });
        Box::new(YamlError {
            path: path.to_string(),
            line: line.max(1),
            column: column.max(1),
            message: message.into(),
            help: None,
            src: NamedSource::new(path, Arc::clone(text)),
            span,
        })
    }

    /// Adds a hint.
    pub fn with_help(mut self: Box<Self>, help: impl Into<String>) -> Box<Self> {
        self.help = Some(help.into());
        self
    }
}

fn byte_offset(text: &str, line: usize, column: usize) -> Option<usize> {
    let (start, rest) = yaml_lines(text).nth(line.checked_sub(1)?)?;
    let col = rest
        .char_indices()
        .nth(column.saturating_sub(1))
        .map(|(i, _)| i)
        .unwrap_or(0);
    Some(start + col)
}

/// The lines of a YAML file with their byte offsets, split where YAML (and serde_yaml's line
/// numbers) split them: at `\n`, `\r\n` and a lone `\r`. `str::lines` ignores a lone `\r`, which
/// made errors in a file with old Mac line endings point past its end.
pub(crate) fn yaml_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut start = 0usize;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let rest = text.get(start..)?;
        let line_start = start;
        match rest.find(['\n', '\r']) {
            Some(i) => {
                let brk = if rest.get(i..).is_some_and(|r| r.starts_with("\r\n")) {
                    2
                } else {
                    1
                };
                start += i + brk;
                Some((line_start, rest.get(..i).unwrap_or("")))
            }
            // The last line (empty after a final line break, as the line an error at the
            // end of the file is on).
            None => {
                done = true;
                Some((line_start, rest))
            }
        }
    })
}
