//! Human output: a graphical report per finding in miette's style, then a one-line summary.
//!
//! The snippet is drawn here rather than by miette: miette's header counts columns in bytes, and
//! its width table (unicode-width 0.1) gives half-width katakana voiced marks (ﾞ ﾟ) no width, so
//! its underline came out short on ｶﾞﾝ. Columns here are characters; widths come from
//! unicode-width 0.2, which matches terminals for full-width and half-width forms.

use super::stream::{Emitter, Stats};
use super::RunMeta;
use crate::diagnostic::{Diagnostic, FileReport, LineIndex};
use crate::model::Severity;
use std::io::{self, Write};
use unicode_width::UnicodeWidthChar;

/// `--format human`.
#[derive(Debug, Clone)]
pub struct HumanEmitter {
    /// Use colour.
    pub color: bool,
    /// Print only the summary line.
    pub quiet: bool,
    /// Terminal width: long source lines are windowed to it, messages and notes wrapped.
    pub width: usize,
}

/// Characters a line must not start with (Japanese and Chinese line-breaking rules, 禁則).
const NO_LINE_START: &str = "、。，．,.)）」』】〕〉》！？!?：；:;ー・…";

/// Wraps `text` to `width` display cells: the first line starts after `first` cells (a label),
/// the next ones after `indent`. Latin text breaks at spaces, CJK between any two characters
/// (never before closing punctuation). Returns the lines, without indentation.
pub fn wrap(text: &str, first: usize, indent: usize, width: usize) -> Vec<String> {
    let room_after = |lead: usize| width.saturating_sub(lead).max(20);
    let cells = |s: &str| s.chars().map(cell_width).sum::<usize>();
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut room = room_after(first);
    for c in text.chars() {
        if c == '\n' {
            lines.push(std::mem::take(&mut line));
            room = room_after(indent);
            continue;
        }
        if cells(&line) + cell_width(c) > room && !line.trim().is_empty() {
            // Break at the line's last space when there is one, else here; closing punctuation
            // stays with the character before it.
            let carry = match line.trim_end().rfind(' ') {
                Some(i) if c != ' ' => line.split_off(i + 1),
                _ if NO_LINE_START.contains(c) => line.pop().map(String::from).unwrap_or_default(),
                _ => String::new(),
            };
            lines.push(line.trim_end().to_string());
            line = carry;
            room = room_after(indent);
            if c == ' ' && line.is_empty() {
                continue;
            }
        }
        line.push(c);
    }
    lines.push(line);
    lines
}

const RED: &str = "\x1b[31;1m";
const YELLOW: &str = "\x1b[33;1m";
const CYAN: &str = "\x1b[36;1m";
const DIM: &str = "\x1b[2m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// Display width of one character as a terminal draws it (controls shown as one cell).
fn cell_width(c: char) -> usize {
    if c == '\t' {
        4
    } else {
        c.width().unwrap_or(1)
    }
}

fn display_char(c: char, out: &mut String) {
    match c {
        '\t' => out.push_str("    "),
        c if c.is_control() => out.push('�'),
        c => out.push(c),
    }
}

/// A report's path as the terminal shows it: [`crate::input::shown_path`] keeps line feeds and
/// tabs in names (JSON escapes them); on a terminal they are written `\x0A` and `\x09`.
pub fn printable_path(path: &str) -> std::borrow::Cow<'_, str> {
    if path.contains(['\n', '\t']) {
        path.replace('\n', "\\x0A").replace('\t', "\\x09").into()
    } else {
        path.into()
    }
}

impl HumanEmitter {
    fn paint(&self, style: &str, s: &str) -> String {
        if self.color {
            format!("{style}{s}{RESET}")
        } else {
            s.to_string()
        }
    }

    /// The first lines of a finding: mark, severity, rule, and the message wrapped to the width.
    fn header(&self, d: &Diagnostic, mark: &str, style: &str) -> String {
        let mut s = String::new();
        let head = format!("{}[{}]:", d.severity, d.rule);
        let message = format!("{} ({})", d.message, d.category);
        let mut first = 2 + head.chars().map(cell_width).sum::<usize>() + 1;
        let head_alone = self.width.saturating_sub(first) < 20;
        if head_alone {
            // A long rule id leaves no room: the message starts on the next line.
            s.push_str(&format!(
                "{} {}\n",
                self.paint(style, mark),
                self.paint(style, &head)
            ));
            first = 4;
        }
        for (i, part) in wrap(&message, first, 4, self.width).iter().enumerate() {
            if i == 0 && !head_alone {
                s.push_str(&format!(
                    "{} {} {}\n",
                    self.paint(style, mark),
                    self.paint(style, &head),
                    self.paint(BOLD, part)
                ));
            } else {
                s.push_str(&format!("    {}\n", self.paint(BOLD, part)));
            }
        }
        s
    }

    /// The `help:`, `note:` and `codes:` lines, wrapped under their labels.
    fn notes(&self, d: &Diagnostic, s: &mut String) {
        let mut labelled = |label: &str, style: &str, text: &str| {
            let first = 2 + label.len() + 1;
            let indent = " ".repeat(first);
            for (i, part) in wrap(text, first, first, self.width).iter().enumerate() {
                if i == 0 {
                    s.push_str(&format!("  {} {part}\n", self.paint(style, label)));
                } else {
                    s.push_str(&format!("{indent}{part}\n"));
                }
            }
        };
        if let Some(sug) = &d.suggestion {
            labelled("help:", CYAN, sug);
        }
        if !d.references.is_empty() {
            labelled("note:", DIM, &d.references.join("; "));
        }
        if !d.codes.is_empty() {
            labelled("codes:", DIM, &d.codes.join(", "));
        }
    }

    /// Renders one finding.
    pub fn render(&self, path: &str, text: &str, index: &LineIndex, d: &Diagnostic) -> String {
        let path = printable_path(path);
        let (line, col) = index.line_col(text, d.span.start);
        let (end_line, _) = index.line_col(text, d.span.end.max(d.span.start));
        let (mark, style) = match d.severity {
            Severity::Error => ("×", RED),
            Severity::Warning => ("⚠", YELLOW),
            Severity::Info => ("☞", CYAN),
        };
        let mut s = self.header(d, mark, style);
        let gutter = end_line.to_string().len();
        let pad = " ".repeat(gutter);
        s.push_str(&format!(
            "  {pad} {}{}\n",
            self.paint(DIM, "╭─["),
            format_args!("{path}:{line}:{col}{}", self.paint(DIM, "]"))
        ));
        let last = end_line.min(line + 4);
        for l in line..=last {
            let range = index.line_range(text, l);
            let from = d.span.start.max(range.start);
            let to = d.span.end.min(range.end).max(from);
            let (shown, lead, under) = self.window(text, range.clone(), from, to);
            s.push_str(&format!(
                "  {:>gutter$} {} {shown}\n",
                l,
                self.paint(DIM, "│")
            ));
            if under > 0 || l == line {
                let mut u = String::new();
                let width = under.max(1);
                let mid = width / 2;
                for i in 0..width {
                    u.push(if l == line && i == mid { '┬' } else { '─' });
                }
                s.push_str(&format!(
                    "  {pad} {} {}{}\n",
                    self.paint(DIM, "·"),
                    " ".repeat(lead),
                    self.paint(style, &u)
                ));
                if l == line {
                    s.push_str(&format!(
                        "  {pad} {} {}{}\n",
                        self.paint(DIM, "·"),
                        " ".repeat(lead + mid),
                        self.paint(style, &format!("╰── {}", d.category))
                    ));
                }
            }
        }
        if last < end_line {
            s.push_str(&format!("  {pad} {} …\n", self.paint(DIM, "·")));
        }
        s.push_str(&format!("  {pad} {}\n", self.paint(DIM, "╰────")));
        self.notes(d, &mut s);
        s
    }

    /// The part of a line to show (long lines are cut around the span), the display column
    /// where the underline starts, and the underline's width.
    fn window(
        &self,
        text: &str,
        line: std::ops::Range<usize>,
        from: usize,
        to: usize,
    ) -> (String, usize, usize) {
        let budget = self.width.max(40);
        let line_text = text.get(line.clone()).unwrap_or("");
        let before = text.get(line.start..from).unwrap_or("");
        let span = text.get(from..to).unwrap_or("");
        let after = text.get(to..line.end).unwrap_or("");
        let w = |s: &str| s.chars().map(cell_width).sum::<usize>();
        let mut out = String::new();
        if w(line_text) <= budget {
            for c in line_text.chars() {
                display_char(c, &mut out);
            }
            return (out, w(before), w(span));
        }
        // Keep about a third of the budget before the span.
        let keep_before = budget / 3;
        let mut pre: Vec<char> = Vec::new();
        let mut used = 0;
        for c in before.chars().rev() {
            used += cell_width(c);
            if used > keep_before {
                break;
            }
            pre.push(c);
        }
        pre.reverse();
        let cut_before = pre.len() < before.chars().count();
        let mut lead = 0;
        if cut_before {
            out.push('…');
            lead += 1;
        }
        for c in &pre {
            display_char(*c, &mut out);
            lead += cell_width(*c);
        }
        let mut under = 0;
        for c in span.chars().take(budget) {
            display_char(c, &mut out);
            under += cell_width(c);
        }
        let mut rest = budget.saturating_sub(lead + under);
        let mut cut_after = false;
        for c in after.chars() {
            let cw = cell_width(c);
            if cw > rest {
                cut_after = true;
                break;
            }
            rest -= cw;
            display_char(c, &mut out);
        }
        if cut_after {
            out.push('…');
        }
        (out, lead, under)
    }
}

/// Findings as each file's windows are checked, the summary line at the end.
impl Emitter for HumanEmitter {
    fn file_begin(&mut self, f: &FileReport, out: &mut dyn Write) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        for n in &f.notices {
            writeln!(out, "{}: notice: {n}", printable_path(&f.path))?;
        }
        Ok(())
    }

    fn file_findings(
        &mut self,
        f: &FileReport,
        diagnostics: &[Diagnostic],
        index: &LineIndex,
        out: &mut dyn Write,
    ) -> io::Result<()> {
        if self.quiet {
            return Ok(());
        }
        for d in diagnostics {
            writeln!(out, "{}", self.render(&f.path, &f.text, index, d))?;
        }
        Ok(())
    }

    fn end(&mut self, stats: &Stats, _meta: &RunMeta, out: &mut dyn Write) -> io::Result<()> {
        let counts = [stats.errors, stats.warnings, stats.infos];
        writeln!(
            out,
            "{}",
            summary_line(stats.files, counts, stats.unreadable.len())
        )
    }
}

/// The closing line of human output: files checked, findings by severity, unreadable inputs.
pub(crate) fn summary_line(files: usize, [e, w, i]: [usize; 3], unreadable: usize) -> String {
    let plural = |n: usize| if n == 1 { "" } else { "s" };
    let tail = if unreadable == 0 {
        String::new()
    } else {
        format!(", {unreadable} unreadable")
    };
    format!(
        "{files} file{} checked: {e} error{}, {w} warning{}, {i} info{}{tail}",
        plural(files),
        plural(e),
        plural(w),
        plural(i),
    )
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn latin_breaks_at_spaces_cjk_anywhere_but_before_closing_punctuation() {
        let lines = wrap("one two three four five six seven eight nine ten", 0, 0, 20);
        assert_eq!(
            lines,
            ["one two three four", "five six seven eight", "nine ten"]
        );
        // 20 cells = 10 full-width characters; 。 never starts a line.
        let lines = wrap("再生医療は自由診療です。費用は一回五十万円です。", 0, 0, 20);
        assert_eq!(
            lines,
            ["再生医療は自由診療で", "す。費用は一回五十万", "円です。"]
        );
        let lines = wrap("あいうえおかきくけこ。さ", 0, 0, 20);
        assert_eq!(lines, ["あいうえおかきくけ", "こ。さ"]);
        // The first line leaves room for its label; a word longer than a line is not lost.
        let lines = wrap("aaaa bbbb", 15, 0, 30);
        assert_eq!(lines, ["aaaa bbbb"]);
        let long = "x".repeat(50);
        assert_eq!(wrap(&long, 0, 0, 20).concat(), long);
        assert_eq!(wrap("", 0, 0, 20), [""]);
    }
}
