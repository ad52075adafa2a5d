//! Code actions for one finding: insert the rule's suggested disclosure, or silence the finding
//! with an inline suppression comment whose reason is left for the writer to fill in.

use super::position::LineMap;
use claimlint::rules::Rule;
use claimlint::source::Kind;
use claimlint::{Category, Diagnostic};
use lsp_types::{CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit, Url, WorkspaceEdit};
use std::collections::HashMap;

/// The reason written into a new suppression: a directive needs one, and only the writer knows it.
pub const REASON_PLACEHOLDER: &str = "TODO: why this wording is allowed here";

/// The actions offered for finding `d` of the document `text`.
pub fn for_finding(
    uri: &Url,
    text: &str,
    kind: Option<Kind>,
    d: &Diagnostic,
    rule: Option<&Rule>,
    lsp: lsp_types::Diagnostic,
) -> Vec<CodeActionOrCommand> {
    let kind = kind.unwrap_or_else(|| claimlint::source::sniff_kind(text));
    let map = LineMap::new(text);
    let mut out = Vec::new();
    let disclosure = rule
        .filter(|r| r.requires.is_some() || r.category == Category::MissingDisclosure)
        .and_then(|r| r.suggestion.as_deref())
        .map(disclosure_block);
    if let Some(block) = disclosure {
        let (at, new_text) = disclosure_insertion(text, kind, &block);
        let pos = map.position(text, at);
        out.push(action(
            format!("Insert the suggested disclosure ({})", d.rule),
            uri,
            TextEdit::new(lsp_types::Range::new(pos, pos), new_text),
            &lsp,
            true,
        ));
    }
    if !claimlint::suppress::META_RULES.contains(&d.rule.as_str()) {
        let line = map.position(text, d.span.start).line;
        let line_start = map.offset(text, lsp_types::Position::new(line, 0));
        let indent: String = text
            .get(line_start..)
            .unwrap_or("")
            .chars()
            .take_while(|c| *c == ' ' || *c == '\t')
            .collect();
        let directive = format!(
            "claimlint-disable-next-line {} -- {REASON_PLACEHOLDER}",
            d.rule
        );
        let comment = match kind {
            Kind::Text => directive,
            Kind::Markdown | Kind::Html => format!("<!-- {directive} -->"),
        };
        let pos = lsp_types::Position::new(line, 0);
        out.push(action(
            format!("Suppress {} on this line (with a reason)", d.rule),
            uri,
            TextEdit::new(
                lsp_types::Range::new(pos, pos),
                format!("{indent}{comment}{}", line_break(text)),
            ),
            &lsp,
            false,
        ));
    }
    out
}

fn action(
    title: String,
    uri: &Url,
    edit: TextEdit,
    diagnostic: &lsp_types::Diagnostic,
    preferred: bool,
) -> CodeActionOrCommand {
    CodeActionOrCommand::CodeAction(CodeAction {
        title,
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(vec![diagnostic.clone()]),
        edit: Some(WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), vec![edit])])),
            ..Default::default()
        }),
        is_preferred: preferred.then_some(true),
        ..Default::default()
    })
}

/// The text to insert from a disclosure rule's suggestion: the quoted block when the suggestion
/// quotes one (`「…」を記載してください`, `Add: "…"`), else the whole suggestion.
pub fn disclosure_block(suggestion: &str) -> String {
    let quoted = |open: char, close: char| {
        let start = suggestion.find(open)? + open.len_utf8();
        let end = start + suggestion.get(start..)?.rfind(close)?;
        suggestion.get(start..end).filter(|s| !s.trim().is_empty())
    };
    quoted('「', '」')
        .or_else(|| quoted('“', '”'))
        .or_else(|| quoted('"', '"'))
        .unwrap_or(suggestion)
        .trim()
        .to_string()
}

/// Where the disclosure goes and how it is written: a paragraph at the end of the document
/// (before `</body>` in HTML).
fn disclosure_insertion(text: &str, kind: Kind, block: &str) -> (usize, String) {
    let nl = line_break(text);
    match kind {
        Kind::Html => {
            let escaped = block
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            let lower = text.to_ascii_lowercase();
            let at = lower.rfind("</body>").unwrap_or(text.len());
            (at, format!("<p>{escaped}</p>{nl}"))
        }
        Kind::Markdown | Kind::Text => {
            let body = text.trim_end_matches(['\n', '\r']);
            let breaks = text
                .get(body.len()..)
                .map_or(0, |t| t.matches('\n').count());
            let lead = if body.is_empty() {
                String::new()
            } else {
                nl.repeat(2 - breaks.min(2))
            };
            (text.len(), format!("{lead}{block}{nl}"))
        }
    }
}

/// The document's own line break.
fn line_break(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disclosure_block_takes_the_quoted_text() {
        assert_eq!(
            disclosure_block("「本治療は自由診療です。」を同じページに記載してください。"),
            "本治療は自由診療です。"
        );
        assert_eq!(
            disclosure_block("Add: \"This treatment is not approved.\""),
            "This treatment is not approved."
        );
        assert_eq!(disclosure_block("State the cost."), "State the cost.");
    }

    #[test]
    fn disclosure_goes_in_a_paragraph_of_its_own() {
        let (at, t) = disclosure_insertion("a\n", Kind::Markdown, "B");
        assert_eq!((at, t.as_str()), (2, "\nB\n"));
        let (at, t) = disclosure_insertion("a", Kind::Markdown, "B");
        assert_eq!((at, t.as_str()), (1, "\n\nB\n"));
        let html = "<body><p>x</p></body>";
        let (at, t) = disclosure_insertion(html, Kind::Html, "<B>");
        assert_eq!((at, t.as_str()), (14, "<p>&lt;B&gt;</p>\n"));
    }
}
