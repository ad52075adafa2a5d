//! GitHub Actions workflow commands (`--format github`): one `::error`, `::warning` or
//! `::notice` line per finding, which GitHub shows as annotations on the changed files.
//!
//! GitHub shows at most 10 annotations of each kind per step; for more, upload SARIF.

use super::stream::{Emitter, Stats};
use super::RunMeta;
use crate::diagnostic::{Diagnostic, FileReport};
use crate::input::relative_path;
use crate::model::Severity;
use std::io::{self, Write};

/// `--format github`.
#[derive(Debug, Default)]
pub struct GithubEmitter;

/// Escapes a command's message (data): `%`, CR and LF.
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a command property value: as data, plus `:` and `,`.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

fn command(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Each file's annotations are written as it is checked; the summary line at the end.
impl Emitter for GithubEmitter {
    fn file_begin(&mut self, f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let file = escape_property(&relative_path(&f.path));
        for n in &f.notices {
            writeln!(out, "::notice file={file}::{}", escape_data(n))?;
        }
        Ok(())
    }

    fn file_findings(
        &mut self,
        f: &FileReport,
        diagnostics: &[Diagnostic],
        index: &crate::diagnostic::LineIndex,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        let file = escape_property(&relative_path(&f.path));
        for d in diagnostics {
            let (line, col) = index.line_col(&f.text, d.span.start);
            let (end_line, end_col) = index.line_col(&f.text, d.span.end.max(d.span.start));
            let mut message = format!("{} ({})", d.message, d.category);
            if let Some(s) = &d.suggestion {
                message.push_str(&format!("\nhelp: {s}"));
            }
            if !d.references.is_empty() {
                message.push_str(&format!("\nnote: {}", d.references.join("; ")));
            }
            writeln!(
                out,
                "::{} file={file},line={line},col={col},endLine={end_line},endColumn={end_col},title={}::{}",
                command(d.severity),
                escape_property(&d.rule),
                escape_data(&message)
            )?;
        }
        Ok(())
    }

    fn end(&mut self, stats: &Stats, _meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", stats.tool_summary())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_data_and_properties() {
        assert_eq!(escape_data("100%\r\nsafe"), "100%25%0D%0Asafe");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        // Data keeps `:` and `,`: only properties are split on them.
        assert_eq!(escape_data("a:b,c"), "a:b,c");
    }
}
