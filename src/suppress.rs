//! Inline suppressions: directives written in the checked text that silence findings.
//!
//! ```text
//! <!-- claimlint-disable-next-line RULE_OR_CATEGORY[, ...] -- reason -->
//! <!-- claimlint-disable RULE_OR_CATEGORY -- reason -->  ...  <!-- claimlint-enable RULE_OR_CATEGORY -->
//! text <!-- claimlint-disable-line RULE_OR_CATEGORY -- reason -->
//! claimlint-disable-next-line RULE -- reason      (plain text, optionally after `#`, `//` or `<!--`)
//! text  # claimlint-disable-line RULE -- reason   (plain text, at the end of the line it silences)
//! ```
//!
//! HTML and Markdown directives live in comments ([`crate::source::Extracted::comments`]), which
//! readers never see; plain text has no comments, so there a directive is a line of its own, or
//! for `claimlint-disable-line` the tail of the line it silences. The text of a directive is
//! never checked itself: its reason often quotes the very claim it silences.
//! A directive without a reason still suppresses, and is reported as
//! [`NO_REASON`]; one that suppresses nothing is reported as [`UNUSED`] when asked.
//!
//! Meta findings have their own category, `suppression`, so claim tallies stay clean, and
//! carry the code [`META_CODE`].

use crate::diagnostic::{Diagnostic, FileReport, LineIndex};
use crate::model::{Category, Severity};
use crate::source::{Kind, Source};
use std::ops::Range;

/// Rule id of the finding for a suppression without a reason.
pub const NO_REASON: &str = "claimlint.suppression.no-reason";
/// Rule id of the finding for a suppression that suppresses nothing.
pub const UNUSED: &str = "claimlint.suppression.unused";
/// The rule ids claimlint itself reports about directives (not in any pack).
pub const META_RULES: [&str; 2] = [NO_REASON, UNUSED];
/// The code every meta finding carries, in `codes`.
pub const META_CODE: &str = "claimlint:meta";
/// The category meta findings are filed under: their own, so claim tallies stay clean.
pub const META_CATEGORY: Category = Category::Suppression;

pub use crate::diagnostic::{Directive, DirectiveKind};

/// Parses one directive from the inside of a comment (or a line), if it is one.
pub fn parse_directive(body: &str, span: Range<usize>) -> Option<Directive> {
    let body = body.trim();
    // Longest keywords first: `claimlint-disable` is a prefix of the line forms.
    let kinds = [
        DirectiveKind::NextLine,
        DirectiveKind::Line,
        DirectiveKind::Disable,
        DirectiveKind::Enable,
    ];
    let (kind, rest) = kinds.into_iter().find_map(|k| {
        let rest = body.strip_prefix(k.keyword())?;
        (rest.is_empty() || rest.starts_with(char::is_whitespace)).then_some((k, rest))
    })?;
    let (list, reason) = split_reason(rest);
    let selectors = list
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect();
    Some(Directive {
        kind,
        selectors,
        reason,
        span,
    })
}

/// Splits `RULES -- reason` at the first `--` that starts a word.
fn split_reason(rest: &str) -> (&str, Option<String>) {
    let mut search = 0;
    while let Some(pos) = rest.get(search..).and_then(|r| r.find("--")) {
        let at = search + pos;
        let starts_word = at == 0
            || rest
                .get(..at)
                .and_then(|b| b.chars().next_back())
                .is_some_and(char::is_whitespace);
        if starts_word {
            let list = rest.get(..at).unwrap_or("");
            let reason = rest.get(at + 2..).unwrap_or("").trim();
            return (list, (!reason.is_empty()).then(|| reason.to_string()));
        }
        search = at + 2;
    }
    (rest, None)
}

/// Every directive of a loaded source: comments for HTML and Markdown, lines for plain text.
pub fn directives(src: &Source) -> Vec<Directive> {
    match src.kind {
        Kind::Html | Kind::Markdown => src
            .extracted
            .comments
            .iter()
            .filter_map(|c| parse_directive(&c.body, c.span.clone()))
            .collect(),
        Kind::Text => text_directives(&src.text),
    }
}

/// Directives written as lines of their own in plain text.
pub fn text_directives(text: &str) -> Vec<Directive> {
    let mut out = Vec::new();
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let span = start..start + content.len();
        start += line.len();
        let mut body = content.trim();
        if let Some(b) = body.strip_prefix("<!--") {
            body = b.trim_end().strip_suffix("-->").unwrap_or(b);
        } else if let Some(b) = body.strip_prefix("//") {
            body = b;
        } else if let Some(b) = body.strip_prefix('#') {
            body = b;
        }
        if let Some(d) = parse_directive(body, span.clone()) {
            out.push(d);
        } else if let Some(d) = trailing_line_directive(content, span.start) {
            out.push(d);
        }
    }
    out
}

/// A `claimlint-disable-line` written after the text it silences (`text  # claimlint-disable-line
/// x -- why`), with its comment prefix; its span runs from the prefix to the end of the line.
fn trailing_line_directive(content: &str, line_start: usize) -> Option<Directive> {
    let keyword = DirectiveKind::Line.keyword();
    let at = content.find(keyword)?;
    let before = content.get(..at)?;
    let trimmed = before.trim_end();
    let prefix = ["<!--", "//", "#"]
        .into_iter()
        .find(|p| trimmed.ends_with(p));
    let start = match prefix {
        Some(p) => trimmed.len() - p.len(),
        None => at,
    };
    // The directive must stand apart from the text (`x # claimlint-disable-line`), so a word
    // merely containing the keyword is prose.
    let head = content.get(..start)?;
    if !head.is_empty() && !head.ends_with(char::is_whitespace) {
        return None;
    }
    let mut body = content.get(at..)?.trim_end();
    if prefix == Some("<!--") {
        body = body.strip_suffix("-->").unwrap_or(body);
    }
    let d = parse_directive(body, line_start + start..line_start + content.len())?;
    (d.kind == DirectiveKind::Line).then_some(d)
}

/// One region a directive silences, for one selector (`None`: every rule).
struct Scope {
    directive: usize,
    selector: Option<String>,
    range: Range<usize>,
}

fn selects(selector: Option<&str>, d: &Diagnostic) -> bool {
    selector.is_none_or(|s| s == d.rule || s == d.category.id())
}

fn scopes(text: &str, index: &LineIndex, directives: &[Directive]) -> Vec<Scope> {
    let mut out = Vec::new();
    let mut open: Vec<(Option<String>, usize, usize)> = Vec::new();
    let per_selector = |d: &Directive| -> Vec<Option<String>> {
        if d.selectors.is_empty() {
            vec![None]
        } else {
            d.selectors.iter().cloned().map(Some).collect()
        }
    };
    for (i, d) in directives.iter().enumerate() {
        match d.kind {
            DirectiveKind::NextLine => {
                let (line, _) =
                    index.line_col(text, d.span.end.saturating_sub(1).max(d.span.start));
                let target = index.line_range(text, line + 1);
                // The last line has no next line: line_range falls back to an empty range.
                if target.start <= d.span.end.saturating_sub(1) {
                    continue;
                }
                for selector in per_selector(d) {
                    out.push(Scope {
                        directive: i,
                        selector,
                        range: target.start..target.end + 1,
                    });
                }
            }
            DirectiveKind::Line => {
                let (line, _) = index.line_col(text, d.span.start);
                let target = index.line_range(text, line);
                for selector in per_selector(d) {
                    out.push(Scope {
                        directive: i,
                        selector,
                        range: target.start..target.end + 1,
                    });
                }
            }
            DirectiveKind::Disable => {
                for selector in per_selector(d) {
                    open.push((selector, i, d.span.end));
                }
            }
            DirectiveKind::Enable => {
                let closes = |sel: &Option<String>| {
                    d.selectors.is_empty() || sel.as_ref().is_some_and(|s| d.selectors.contains(s))
                };
                let mut kept = Vec::new();
                for (selector, directive, start) in open.drain(..) {
                    if closes(&selector) {
                        out.push(Scope {
                            directive,
                            selector,
                            range: start..d.span.start,
                        });
                    } else {
                        kept.push((selector, directive, start));
                    }
                }
                open = kept;
            }
        }
    }
    for (selector, directive, start) in open {
        out.push(Scope {
            directive,
            selector,
            range: start..text.len() + 1,
        });
    }
    out
}

fn meta(rule: &str, span: Range<usize>, message: String) -> Diagnostic {
    Diagnostic {
        rule: rule.into(),
        category: META_CATEGORY,
        severity: Severity::Warning,
        message: message.into(),
        span,
        suggestion: None,
        references: Default::default(),
        codes: [META_CODE].into_iter().collect(),
        voice: None,
        score: None,
    }
}

/// The directive as a user would write it, without its reason.
fn written(d: &Directive) -> String {
    if d.selectors.is_empty() {
        d.kind.keyword().to_string()
    } else {
        format!("{} {}", d.kind.keyword(), d.selectors.join(", "))
    }
}

/// Applies a file's directives: drops the findings they silence, then adds a [`NO_REASON`]
/// finding per directive without a reason and, with `report_unused`, an [`UNUSED`] finding per
/// directive that silenced nothing. Diagnostics stay sorted by position ([`position_order`]).
pub fn apply(file: &mut FileReport, report_unused: bool) {
    if file.suppressions.is_empty() {
        return;
    }
    let mut suppressor = Suppressor::new(&file.text, &file.suppressions);
    suppressor.filter(&mut file.diagnostics);
    file.diagnostics.extend(suppressor.meta(report_unused));
    file.diagnostics.sort_by(position_order);
}

/// The order of a file's findings once directives have been applied: start, end, rule id.
pub fn position_order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
}

/// A file's directives, applied to its findings a chunk at a time (a streamed file's windows,
/// in file order); [`apply`] is one chunk of every finding.
pub struct Suppressor {
    directives: Vec<Directive>,
    scopes: Vec<Scope>,
    used: Vec<bool>,
}

impl Suppressor {
    /// The directives of the file whose text is `text`.
    pub fn new(text: &str, directives: &[Directive]) -> Self {
        let index = LineIndex::new(text);
        Suppressor {
            scopes: scopes(text, &index, directives),
            used: vec![false; directives.len()],
            directives: directives.to_vec(),
        }
    }

    /// Drops the findings the directives silence, noting which directives were used.
    pub fn filter(&mut self, diagnostics: &mut Vec<Diagnostic>) {
        // A directive is never a finding itself (a plain-text directive is checked as prose, and
        // its reason may quote the claim it silences); this does not count as using it.
        let directives = &self.directives;
        diagnostics.retain(|d| {
            !directives.iter().any(|s| {
                d.span.start < s.span.end && s.span.start < d.span.end.max(d.span.start + 1)
            })
        });
        let (scopes, used) = (&self.scopes, &mut self.used);
        diagnostics.retain(|d| {
            let mut silenced = false;
            for s in scopes {
                if s.range.contains(&d.span.start) && selects(s.selector.as_deref(), d) {
                    silenced = true;
                    if let Some(u) = used.get_mut(s.directive) {
                        *u = true;
                    }
                }
            }
            !silenced
        });
    }

    /// The meta findings, in directive order: [`NO_REASON`] per directive without a reason
    /// and, with `report_unused` (final only once every finding has been filtered), [`UNUSED`]
    /// per directive that silenced nothing.
    pub fn meta(&self, report_unused: bool) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for (i, d) in self.directives.iter().enumerate() {
            if d.kind == DirectiveKind::Enable {
                continue;
            }
            if d.reason.is_none() {
                out.push(meta(
                    NO_REASON,
                    d.span.clone(),
                    format!(
                        "suppression without a reason: write `{} -- WHY`",
                        written(d)
                    ),
                ));
            }
            if report_unused && !self.used.get(i).copied().unwrap_or(true) {
                out.push(meta(
                    UNUSED,
                    d.span.clone(),
                    format!("unused suppression: `{}` silences no finding", written(d)),
                ));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kinds_selectors_and_reasons() {
        let d = parse_directive(
            " claimlint-disable-next-line a.b, superlative -- quoted from a ruling ",
            0..1,
        )
        .unwrap();
        assert_eq!(d.kind, DirectiveKind::NextLine);
        assert_eq!(d.selectors, ["a.b", "superlative"]);
        assert_eq!(d.reason.as_deref(), Some("quoted from a ruling"));
        let d = parse_directive("claimlint-disable", 0..1).unwrap();
        assert_eq!(d.kind, DirectiveKind::Disable);
        assert!(d.selectors.is_empty() && d.reason.is_none());
        let d = parse_directive("claimlint-enable x", 0..1).unwrap();
        assert_eq!(d.kind, DirectiveKind::Enable);
        assert!(parse_directive("claimlint-disabled x", 0..1).is_none());
        assert!(parse_directive("see claimlint-disable", 0..1).is_none());
        // `--` inside a rule id is not the reason separator; an empty reason is no reason.
        let d = parse_directive("claimlint-disable a--b --  ", 0..1).unwrap();
        assert_eq!(d.selectors, ["a--b"]);
        assert!(d.reason.is_none());
    }

    #[test]
    fn text_lines_take_comment_prefixes() {
        let t = "# claimlint-disable-next-line x -- r\nbody\n// claimlint-disable y\n<!-- claimlint-enable y -->\n";
        let ds = text_directives(t);
        assert_eq!(ds.len(), 3);
        assert_eq!(ds[0].reason.as_deref(), Some("r"));
        assert_eq!(
            &t[ds[0].span.clone()],
            "# claimlint-disable-next-line x -- r"
        );
        assert_eq!(ds[1].selectors, ["y"]);
        assert_eq!(ds[2].kind, DirectiveKind::Enable);
        assert_eq!(ds[2].selectors, ["y"]);
    }

    #[test]
    fn trailing_disable_line_needs_a_separate_word() {
        let t = "A cure. # claimlint-disable-line x -- r\nsee-claimlint-disable-line x\n";
        let ds = text_directives(t);
        assert_eq!(ds.len(), 1);
        assert_eq!(ds[0].kind, DirectiveKind::Line);
        assert_eq!(&t[ds[0].span.clone()], "# claimlint-disable-line x -- r");
    }
}
