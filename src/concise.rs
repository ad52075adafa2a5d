//! `--format concise`: one line per finding, `path:line:col: severity rule message`, the shape
//! compilers, `grep -n` and ruff's concise output use, so editors and `sed` read it unaided.
//!
//! And `--color auto|always|never`: when the human format draws in colour.

use crate::diagnostic::Diagnostic;
use crate::report::{relative_path, Emitter, RunMeta, Stats};
use crate::run::FileReport;
use std::io::{self, Write};

/// The concise emitter: findings as they come, then the summary line.
#[derive(Debug, Default)]
pub struct ConciseEmitter;

impl Emitter for ConciseEmitter {
    fn file_begin(&mut self, f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        let path = relative_path(&f.path);
        for n in &f.notices {
            writeln!(out, "{path}: notice: {}", one_line(n))?;
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
        let path = relative_path(&f.path);
        for d in diagnostics {
            let (line, col) = index.line_col(&f.text, d.span.start);
            writeln!(
                out,
                "{path}:{line}:{col}: {} {} {}",
                d.severity,
                d.rule,
                one_line(&d.message)
            )?;
        }
        Ok(())
    }

    fn end(&mut self, stats: &Stats, _meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        writeln!(out, "{}", stats.tool_summary())
    }
}

/// A message on one line: a finding is one line whatever its message holds.
fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `--color`: when the human format uses colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless `NO_COLOR` is set (the default).
    #[default]
    Auto,
    /// Always, even into a pipe or file (`less -R`, CI logs that render ANSI).
    Always,
    /// Never.
    Never,
}

impl ColorChoice {
    /// Whether to draw in colour, given whether the output is a terminal.
    pub fn enabled(self, terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => terminal && std::env::var_os("NO_COLOR").is_none(),
        }
    }
}
