//! Markdown to checkable text: prose, headings, list items, table cells, link text and image
//! alt text from pulldown-cmark's events with their source ranges; code is skipped, embedded
//! HTML goes through the HTML extractor, and front matter contributes its values.

use std::ops::Range;

use pulldown_cmark::{Event, MetadataBlockKind, Options, Parser, Tag, TagEnd};

use super::builder::Builder;
use super::{html, Extracted};

/// Extracts the checkable text of a Markdown document.
pub(crate) fn extract(src: &str) -> Extracted {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_TASKLISTS);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_YAML_STYLE_METADATA_BLOCKS);
    options.insert(Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS);

    let mut builder = Builder::new();
    let mut in_code = false;
    let mut metadata: Option<MetadataBlockKind> = None;
    // Lines of one HTML block arrive as separate events; adjacent ones are extracted together
    // so a comment or element spanning lines is seen whole. Container prefixes ("> ") break
    // the adjacency, and those parts are extracted apart.
    let mut html_run: Option<Range<usize>> = None;

    for (event, range) in Parser::new_ext(src, options).into_offset_iter() {
        if let Event::Html(_) = event {
            html_run = match html_run {
                Some(run) if run.end == range.start => Some(run.start..range.end),
                Some(run) => {
                    html::extract_into(src, run, &mut builder);
                    Some(range)
                }
                None => Some(range),
            };
            continue;
        }
        if let Some(run) = html_run.take() {
            html::extract_into(src, run, &mut builder);
        }
        match event {
            Event::Start(Tag::MetadataBlock(kind)) => metadata = Some(kind),
            Event::End(TagEnd::MetadataBlock(_)) => {
                metadata = None;
                builder.paragraph();
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                builder.paragraph();
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                builder.paragraph();
            }
            Event::Text(text) => {
                if let Some(kind) = metadata {
                    front_matter(src, range, kind, &mut builder);
                } else if !in_code {
                    emit(src, range, &text, &mut builder);
                }
            }
            Event::SoftBreak | Event::HardBreak => emit(src, range, "\n", &mut builder),
            Event::InlineHtml(_) => html::extract_into(src, range, &mut builder),
            Event::Start(tag) => {
                if !is_inline(&tag) {
                    builder.paragraph();
                }
            }
            Event::End(tag) => {
                if !is_inline_end(tag) {
                    builder.paragraph();
                }
            }
            Event::Rule => builder.paragraph(),
            // Code is not prose; the rest carries no text.
            Event::Code(_)
            | Event::InlineMath(_)
            | Event::DisplayMath(_)
            | Event::Html(_)
            | Event::FootnoteReference(_)
            | Event::TaskListMarker(_) => {}
        }
    }
    if let Some(run) = html_run {
        html::extract_into(src, run, &mut builder);
    }
    builder.finish(src.len())
}

/// Tags inside a paragraph that do not split words. Images do: their alt text is a caption of
/// its own, as `<img alt>` is in HTML.
fn is_inline(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
    )
}

fn is_inline_end(tag: TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
    )
}

/// Emits an event's text: a copy when the source says exactly that, otherwise (escapes,
/// entities, hard breaks) a replacement of the event's whole range.
fn emit(src: &str, range: Range<usize>, text: &str, builder: &mut Builder) {
    if src.get(range.clone()) == Some(text) {
        builder.copy(src, range);
    } else {
        builder.replace(range, text);
    }
}

/// Emits the string values of a front matter block (`src[range]`, without its fences): one
/// paragraph per value of `key: value` (YAML) or `key = value` (TOML), per `- item`, per item
/// of a `[a, b]` list, and per `|`/`>` block scalar. Keys are never emitted.
///
/// This is not a YAML parser: it reads the flat shapes front matter uses in practice, and
/// what it does not understand it leaves out rather than emitting keys or syntax.
fn front_matter(src: &str, range: Range<usize>, kind: MetadataBlockKind, builder: &mut Builder) {
    let separator = match kind {
        MetadataBlockKind::YamlStyle => ":",
        MetadataBlockKind::PlusesStyle => "=",
    };
    // Indentation of the key that opened a block scalar, while inside one.
    let mut block_scalar: Option<usize> = None;
    let mut line_start = range.start;
    while line_start < range.end {
        let rest = src.get(line_start..range.end).unwrap_or_default();
        let line_len = rest.find('\n').unwrap_or(rest.len());
        let next = line_start + line_len + 1;
        let line = rest.get(..line_len).unwrap_or_default().trim_end();
        let indent = line.len() - line.trim_start().len();
        let content = line.trim_start();
        let content_start = line_start + indent;
        let content_range = content_start..content_start + content.len();
        line_start = next;

        if let Some(key_indent) = block_scalar {
            if content.is_empty() {
                continue;
            }
            if indent > key_indent {
                // Lines of a block scalar: one paragraph, lines joined by the builder's
                // whitespace rule (a line break in the source maps to "\n").
                if !builder.at_line_start() {
                    builder.line_break();
                }
                builder.copy(src, content_range);
                continue;
            }
            block_scalar = None;
            builder.paragraph();
        }
        // Comments, and TOML table headers ("[extra]"), carry no values.
        let toml_table = separator == "=" && content.starts_with('[');
        if content.is_empty() || content.starts_with('#') || toml_table {
            continue;
        }
        if let Some(item) = content.strip_prefix('-') {
            if item.is_empty() || item.starts_with(' ') {
                let item_start = content_range.end - item.len();
                let item_range = trim_range(src, item_start..content_range.end);
                // "- key: value" (a list of maps) keeps only its value.
                let value = key_value(src, item_range.clone(), separator).unwrap_or(item_range);
                scalar(src, value, builder, 0);
                continue;
            }
        }
        let Some(value) = key_value(src, content_range, separator) else {
            continue;
        };
        let text = src.get(value.clone()).unwrap_or_default();
        if separator == ":" && (text.starts_with('|') || text.starts_with('>')) {
            block_scalar = Some(indent);
            builder.paragraph();
            continue;
        }
        scalar(src, value, builder, 0);
    }
    builder.paragraph();
}

/// The trimmed value range of a `key: value` / `key = value` line, if it is one.
fn key_value(src: &str, range: Range<usize>, separator: &str) -> Option<Range<usize>> {
    let line = src.get(range.clone())?;
    let at = if separator == ":" {
        // "key:" or "key: value"; "a:b" is a plain scalar in YAML, not a mapping.
        line.find(": ")
            .or_else(|| line.ends_with(':').then(|| line.len() - 1))?
    } else {
        line.find('=')?
    };
    let key = line.get(..at)?.trim();
    if key.is_empty() {
        return None;
    }
    Some(trim_range(
        src,
        range.start + at + separator.len()..range.end,
    ))
}

/// How deep flow lists (`[a, [b, c]]`) in front matter are read. Real front matter nests two
/// or three levels; each level is a stack frame, and a hostile file nesting 10,000 `[` would
/// overflow the stack and abort the whole batch.
pub(crate) const MAX_FRONT_MATTER_DEPTH: usize = 32;

/// Emits one scalar value as its own paragraph: quotes removed, a trailing comment dropped,
/// flow lists split into items; values that are not prose (numbers, booleans, dates, paths,
/// URLs) are left out. A list nested deeper than [`MAX_FRONT_MATTER_DEPTH`] is left out with a
/// notice naming its line; the rest of the file is still checked.
fn scalar(src: &str, range: Range<usize>, builder: &mut Builder, depth: usize) {
    let Some(text) = src.get(range.clone()) else {
        return;
    };
    if depth >= MAX_FRONT_MATTER_DEPTH {
        const NOTICE: &str = "front matter nested deeper than";
        if builder.has_notice(NOTICE) {
            return;
        }
        let line = src
            .get(..range.start)
            .map_or(0, |before| before.matches('\n').count())
            + 1;
        builder.notice(format!(
            "{NOTICE} {MAX_FRONT_MATTER_DEPTH} levels at line {line}; that value is not checked"
        ));
        return;
    }
    let inner = |open: char, close: char| -> Option<Range<usize>> {
        let body = text.strip_prefix(open)?;
        let end = body.rfind(close)?;
        Some(range.start + open.len_utf8()..range.start + open.len_utf8() + end)
    };
    let value = if let Some(quoted) = inner('"', '"').or_else(|| inner('\'', '\'')) {
        quoted
    } else if let Some(list) = inner('[', ']') {
        let mut item_start = list.start;
        let body = src.get(list.clone()).unwrap_or_default();
        for (at, c) in body
            .char_indices()
            .chain(std::iter::once((body.len(), ',')))
        {
            if c == ',' {
                let item = trim_range(src, item_start..list.start + at);
                scalar(src, item, builder, depth + 1);
                item_start = list.start + at + 1;
            }
        }
        return;
    } else if text.starts_with('{') || text.starts_with('&') || text.starts_with('*') {
        // Flow maps, anchors and aliases: structure, not prose.
        return;
    } else {
        // An unquoted value ends at a " #" comment.
        let end = text.find(" #").unwrap_or(text.len());
        trim_range(src, range.start..range.start + end)
    };
    let Some(value_text) = src.get(value.clone()) else {
        return;
    };
    if is_prose(value_text) {
        builder.paragraph();
        builder.copy(src, value);
        builder.paragraph();
    }
}

/// Whether a front matter value reads as words rather than data.
fn is_prose(value: &str) -> bool {
    const KEYWORDS: [&str; 9] = ["true", "false", "yes", "no", "on", "off", "null", "~", ""];
    if KEYWORDS.iter().any(|k| value.eq_ignore_ascii_case(k)) {
        return false;
    }
    let single_token = !value.contains(char::is_whitespace);
    if single_token && (value.contains('/') || value.contains("://")) {
        return false;
    }
    value.chars().any(char::is_alphabetic)
}

/// `range` without leading and trailing whitespace.
fn trim_range(src: &str, range: Range<usize>) -> Range<usize> {
    let Some(text) = src.get(range.clone()) else {
        return range.start..range.start;
    };
    let start = range.start + (text.len() - text.trim_start().len());
    let end = range.start + text.trim_end().len();
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(md: &str) -> String {
        extract(md).text
    }

    #[test]
    fn code_is_skipped_prose_is_kept() {
        let md =
            "# 見出し\n\n本文 `code` です\n\n```\nfenced 治る\n```\n\n    indented 治る\n\n最後\n";
        assert_eq!(text(md), "見出し\n\n本文  です\n\n最後\n\n");
    }

    #[test]
    fn escapes_and_entities_replace_their_range() {
        let md = "a \\* b &amp; c\n";
        let ex = extract(md);
        assert_eq!(ex.text, "a * b & c\n\n");
        let at = ex.text.find('&').unwrap_or_default();
        assert_eq!(&md[ex.map.map_span(at..at + 1)], "&amp;");
    }

    #[test]
    fn soft_breaks_become_line_breaks() {
        assert_eq!(text("再生\n医療\n"), "再生\n医療\n\n");
        assert_eq!(text("a  \nb\n"), "a\nb\n\n");
    }

    #[test]
    fn front_matter_values_not_keys() {
        let md = concat!(
            "---\n",
            "title: \"幹細胞治療\"\n",
            "description: 必ず治る # comment\n",
            "date: 2024-01-01\n",
            "draft: false\n",
            "image: /img/a.png\n",
            "tags:\n",
            "  - 再生医療\n",
            "  - がん\n",
            "keywords: [免疫, 'NK細胞']\n",
            "summary: |\n",
            "  一行目\n",
            "  二行目\n",
            "author: 山田\n",
            "---\n",
            "本文\n"
        );
        assert_eq!(
            text(md),
            "幹細胞治療\n\n必ず治る\n\n再生医療\n\nがん\n\n免疫\n\nNK細胞\n\n一行目\n二行目\n\n山田\n\n本文\n\n"
        );
    }

    #[test]
    fn toml_front_matter_values() {
        let md = "+++\ntitle = \"再生\"\n[extra]\nnote = '注意'\n+++\n本文\n";
        assert_eq!(text(md), "再生\n\n注意\n\n本文\n\n");
    }

    #[test]
    fn html_in_markdown_uses_html_rules() {
        let md = "<div>\n<!-- claimlint-disable\n -->\n<b>x</b>\n</div>\n\nがんが<b>治る</b><!-- z -->\n";
        let ex = extract(md);
        assert_eq!(ex.text, "x\n\nがんが治る\n\n");
        assert_eq!(ex.comments.len(), 2);
        assert_eq!(ex.comments[0].body, " claimlint-disable\n ");
        assert_eq!(&md[ex.comments[1].span.clone()], "<!-- z -->");
    }

    #[test]
    fn blockquoted_html_keeps_exact_offsets() {
        let md = "> <p>\n> 引用\n> </p>\n";
        let ex = extract(md);
        assert_eq!(ex.text, "引用\n\n");
        assert_eq!(&md[ex.map.map_span(0..6)], "引用");
    }
}
