//! HTML to checkable text: a flat tokenizer (no tree, so no depth limit) that keeps visible text
//! and the attributes people read, decodes character references, and records comments.

use std::ops::Range;

use super::builder::Builder;
use super::{Comment, Extracted};

/// Extracts the checkable text of a whole HTML document.
pub(crate) fn extract(src: &str) -> Extracted {
    let mut builder = Builder::new();
    extract_into(src, 0..src.len(), &mut builder);
    builder.finish(src.len())
}

/// Extracts the HTML in `src[range]` into `builder`; used for whole pages and for the HTML
/// blocks and inline tags of Markdown. Offsets stay those of `src`.
pub(crate) fn extract_into(src: &str, range: Range<usize>, builder: &mut Builder) {
    let end = range.end.min(src.len());
    let bytes = src.as_bytes();
    let mut i = range.start;
    let mut text_start = i;
    while i < end {
        let Some(off) = bytes
            .get(i..end)
            .and_then(|rest| memchr::memchr(b'<', rest))
        else {
            break;
        };
        let lt = i + off;
        match markup_at(src, lt, end, builder, text_start) {
            Some(next) => {
                i = next.max(lt + 1);
                text_start = i;
            }
            // A '<' that starts no markup ("a < b", "1<2") is text.
            None => i = lt + 1,
        }
    }
    emit_text(src, text_start..end, builder, false);
}

/// How a tag affects the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum TagClass {
    /// Starts or ends a paragraph.
    Block,
    /// `<br>`: a single line break.
    LineBreak,
    /// Contents are not text people read (script, style, ...): skipped up to the end tag.
    Hidden,
    /// Contents are text but never markup (title, textarea): entities decoded, '<' literal.
    RawText,
    /// Emits nothing: words split by it stay joined (`がんが<b>治る</b>`).
    Inline,
}

/// Classifies a tag name, ASCII case-insensitively and without allocating.
fn tag_class(name: &[u8]) -> TagClass {
    let mut buf = [0u8; 16];
    let Some(lower) = buf.get_mut(..name.len()) else {
        return TagClass::Inline;
    };
    lower.copy_from_slice(name);
    lower.make_ascii_lowercase();
    match &*lower {
        b"br" => TagClass::LineBreak,
        b"script" | b"style" | b"noscript" | b"template" | b"iframe" | b"noembed" | b"noframes"
        | b"xmp" | b"svg" | b"math" => TagClass::Hidden,
        // title is also a block: its text is its own paragraph.
        b"title" | b"textarea" => TagClass::RawText,
        b"address" | b"article" | b"aside" | b"blockquote" | b"body" | b"button" | b"caption"
        | b"center" | b"dd" | b"details" | b"dialog" | b"dir" | b"div" | b"dl" | b"dt"
        | b"fieldset" | b"figcaption" | b"figure" | b"footer" | b"form" | b"h1" | b"h2" | b"h3"
        | b"h4" | b"h5" | b"h6" | b"head" | b"header" | b"hgroup" | b"hr" | b"html" | b"legend"
        | b"li" | b"main" | b"menu" | b"nav" | b"ol" | b"optgroup" | b"option" | b"p" | b"pre"
        | b"section" | b"select" | b"summary" | b"table" | b"tbody" | b"td" | b"tfoot" | b"th"
        | b"thead" | b"tr" | b"ul" => TagClass::Block,
        _ => TagClass::Inline,
    }
}

/// Handles the markup starting with the '<' at `lt`, returning the offset after it, or `None`
/// if the '<' is plain text. Text before `lt` (from `text_start`) is emitted first.
fn markup_at(
    src: &str,
    lt: usize,
    end: usize,
    builder: &mut Builder,
    text_start: usize,
) -> Option<usize> {
    let bytes = src.as_bytes();
    let rest = bytes.get(lt..end)?;
    let next = *rest.get(1)?;
    let after = if rest.starts_with(b"<!--") {
        emit_text(src, text_start..lt, builder, false);
        comment(src, lt, end, builder)
    } else if next == b'!' || next == b'?' {
        // Doctype, CDATA, processing instruction: a "bogus comment" up to the next '>'.
        emit_text(src, text_start..lt, builder, false);
        after_gt(bytes, lt + 2, end)
    } else if next == b'/' {
        let name_start = lt + 2;
        match bytes.get(name_start) {
            Some(b) if b.is_ascii_alphabetic() => {}
            Some(b'>') => {
                // "</>" is dropped by browsers.
                emit_text(src, text_start..lt, builder, false);
                return Some(lt + 3);
            }
            _ => {
                emit_text(src, text_start..lt, builder, false);
                return Some(after_gt(bytes, name_start, end));
            }
        }
        emit_text(src, text_start..lt, builder, false);
        let name_end = name_end(bytes, name_start, end);
        let name = bytes.get(name_start..name_end).unwrap_or_default();
        end_menu_element(name, builder);
        match tag_class(name) {
            // Browsers treat "</br>" as "<br>".
            TagClass::LineBreak => builder.line_break(),
            TagClass::Block | TagClass::RawText => builder.paragraph(),
            TagClass::Hidden | TagClass::Inline => {}
        }
        after_gt(bytes, name_end, end)
    } else if next.is_ascii_alphabetic() {
        emit_text(src, text_start..lt, builder, false);
        start_tag(src, lt, end, builder)
    } else {
        return None;
    };
    Some(after)
}

/// Records the comment at `lt` and returns the offset after it. An unclosed comment runs to the
/// end, as in browsers.
fn comment(src: &str, lt: usize, end: usize, builder: &mut Builder) -> usize {
    let bytes = src.as_bytes();
    let body_start = lt + 4;
    let rest = bytes.get(body_start..end).unwrap_or_default();
    // "<!-->" and "<!--->" are complete (empty) comments in browsers.
    let (body_end, after) = if rest.starts_with(b">") {
        (body_start, body_start + 1)
    } else if rest.starts_with(b"->") {
        (body_start, body_start + 2)
    } else {
        match find(rest, b"-->") {
            Some(p) => (body_start + p, body_start + p + 3),
            None => (end, end),
        }
    };
    let body = src.get(body_start..body_end).unwrap_or_default().to_owned();
    builder.comment(Comment {
        span: lt..after,
        body,
    });
    after
}

/// Attribute values of one start tag that may become text, as source ranges.
#[derive(Debug, Default)]
struct TagAttrs {
    title: Option<Range<usize>>,
    alt: Option<Range<usize>>,
    content: Option<Range<usize>>,
    /// `name=` or `property=` names a description or social title (meta only).
    describes: bool,
}

/// Meta names whose `content` is shown to people (search snippets, social cards).
const DESCRIPTIVE_META: [&str; 5] = [
    "description",
    "og:title",
    "og:description",
    "twitter:title",
    "twitter:description",
];

/// Handles a start tag at `lt` (a letter follows), returning the offset after the tag and, for
/// hidden and raw-text elements, after their contents.
fn start_tag(src: &str, lt: usize, end: usize, builder: &mut Builder) -> usize {
    let bytes = src.as_bytes();
    let name_start = lt + 1;
    let name_end = name_end(bytes, name_start, end);
    let name = bytes.get(name_start..name_end).unwrap_or_default();
    let (attrs, after) = attributes(src, name_end, end);
    let class = tag_class(name);
    match class {
        TagClass::Block | TagClass::RawText => builder.paragraph(),
        TagClass::LineBreak => builder.line_break(),
        TagClass::Hidden | TagClass::Inline => {}
    }

    let is = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
    if is("nav") {
        builder.nav_depth = builder.nav_depth.saturating_add(1);
    } else if builder.nav_depth > 0 && (is("a") || is("li")) {
        builder.menu_entry_depth = builder.menu_entry_depth.saturating_add(1);
    }
    let mut values: Vec<Range<usize>> = Vec::new();
    values.extend(attrs.title);
    if is("img") || is("area") {
        values.extend(attrs.alt);
    }
    if is("meta") && attrs.describes {
        values.extend(attrs.content);
    }
    // Emit in source order so the offset map never goes backwards.
    values.sort_by_key(|r| r.start);
    for value in values {
        builder.paragraph();
        emit_text(src, value, builder, true);
        builder.paragraph();
    }

    match class {
        TagClass::Hidden => closing_tag(bytes, name, after, end),
        TagClass::RawText => {
            let close = closing_tag(bytes, name, after, end);
            emit_text(src, after..close, builder, false);
            close
        }
        _ => after,
    }
}

/// A site's navigation menu is chrome, not the page's copy: the text of the links and list
/// items inside a `<nav>` ("Knee Pain", "Patient Stories") is not read; other text there (a
/// slogan in a `<p>`) is. Counted, not matched: `</li>` is optional, and `</nav>` ends them all.
fn end_menu_element(name: &[u8], builder: &mut Builder) {
    if name.eq_ignore_ascii_case(b"nav") {
        builder.nav_depth = builder.nav_depth.saturating_sub(1);
        if builder.nav_depth == 0 {
            builder.menu_entry_depth = 0;
        }
    } else if name.eq_ignore_ascii_case(b"a") || name.eq_ignore_ascii_case(b"li") {
        builder.menu_entry_depth = builder.menu_entry_depth.saturating_sub(1);
    }
}

/// Parses the attributes of a tag from `from` (just after its name) to its '>', returning the
/// ones that matter and the offset after the tag.
fn attributes(src: &str, from: usize, end: usize) -> (TagAttrs, usize) {
    let bytes = src.as_bytes();
    let mut attrs = TagAttrs::default();
    let mut i = from;
    loop {
        while bytes
            .get(i)
            .is_some_and(|&b| i < end && (is_space(b) || b == b'/'))
        {
            i += 1;
        }
        if i >= end {
            return (attrs, end);
        }
        if bytes.get(i) == Some(&b'>') {
            return (attrs, i + 1);
        }
        let name_start = i;
        // The first character may be '=' (browsers keep it in the name), so always take one.
        i += 1;
        while bytes
            .get(i)
            .is_some_and(|&b| i < end && !is_space(b) && !matches!(b, b'=' | b'>' | b'/'))
        {
            i += 1;
        }
        let name = bytes.get(name_start..i).unwrap_or_default();
        while bytes.get(i).is_some_and(|&b| i < end && is_space(b)) {
            i += 1;
        }
        if bytes.get(i) != Some(&b'=') || i >= end {
            continue;
        }
        i += 1;
        while bytes.get(i).is_some_and(|&b| i < end && is_space(b)) {
            i += 1;
        }
        let value = match bytes.get(i) {
            Some(&q) if i < end && (q == b'"' || q == b'\'') => {
                let start = i + 1;
                let close = bytes
                    .get(start..end)
                    .and_then(|r| memchr::memchr(q, r))
                    .map_or(end, |p| start + p);
                i = (close + 1).min(end);
                start..close
            }
            _ => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|&b| i < end && !is_space(b) && b != b'>')
                {
                    i += 1;
                }
                start..i
            }
        };
        let eq = |n: &str| name.eq_ignore_ascii_case(n.as_bytes());
        if eq("title") {
            attrs.title.get_or_insert(value);
        } else if eq("alt") {
            attrs.alt.get_or_insert(value);
        } else if eq("content") {
            attrs.content.get_or_insert(value);
        } else if eq("name") || eq("property") {
            let v = src.get(value).unwrap_or_default().trim();
            attrs.describes |= DESCRIPTIVE_META.iter().any(|m| v.eq_ignore_ascii_case(m));
        }
    }
}

/// The offset of the end tag `</name` closing a hidden or raw-text element, or `end`.
fn closing_tag(bytes: &[u8], name: &[u8], from: usize, end: usize) -> usize {
    let mut i = from;
    while let Some(p) = bytes.get(i..end).and_then(|r| find(r, b"</")) {
        let at = i + p;
        let after_name = at + 2 + name.len();
        let matches_name = bytes
            .get(at + 2..after_name)
            .is_some_and(|n| n.eq_ignore_ascii_case(name));
        let terminated = match bytes.get(after_name) {
            Some(&b) => after_name >= end || is_space(b) || b == b'/' || b == b'>',
            None => true,
        };
        if matches_name && terminated {
            return at;
        }
        i = at + 2;
    }
    end
}

/// The end of a tag name starting at `from`.
fn name_end(bytes: &[u8], from: usize, end: usize) -> usize {
    let mut i = from;
    while bytes
        .get(i)
        .is_some_and(|&b| i < end && !is_space(b) && b != b'>' && b != b'/')
    {
        i += 1;
    }
    i
}

/// The offset after the next '>' at or after `from`, or `end`.
fn after_gt(bytes: &[u8], from: usize, end: usize) -> usize {
    bytes
        .get(from..end)
        .and_then(|r| memchr::memchr(b'>', r))
        .map_or(end, |p| from + p + 1)
}

/// Emits the text `src[range]` (between tags, or an attribute value): character references
/// decoded as replacements, a whitespace run with a line break folded to "\n", whitespace at
/// the start of a line dropped, everything else copied.
fn emit_text(src: &str, range: Range<usize>, builder: &mut Builder, in_attribute: bool) {
    if builder.nav_depth > 0 && builder.menu_entry_depth > 0 {
        // A menu entry's text (see `end_menu_element`).
        return;
    }
    let bytes = src.as_bytes();
    let end = range.end.min(src.len());
    let mut i = range.start;
    let mut copy_from = i;
    while i < end {
        let Some(&b) = bytes.get(i) else { break };
        if b == b'&' {
            if let Some((len, decoded)) = char_ref(src, i, end, in_attribute) {
                builder.copy(src, copy_from..i);
                let mut buf = [0u8; 4];
                let text = match decoded {
                    CharRef::Named(s) => s,
                    CharRef::Numeric(c) => c.encode_utf8(&mut buf),
                };
                builder.replace(i..i + len, text);
                i += len;
                copy_from = i;
                continue;
            }
            i += 1;
        } else if is_space(b) {
            let run_start = i;
            let mut line_break = false;
            while let Some(&w) = bytes.get(i).filter(|&&w| i < end && is_space(w)) {
                line_break |= w == b'\n' || w == b'\r';
                i += 1;
            }
            builder.copy(src, copy_from..run_start);
            if builder.at_line_start() {
                // Indentation and blank lines between blocks carry nothing.
            } else if line_break {
                // Wrapped lines: one "\n" lets the normalizer join CJK lines without a space.
                builder.replace(run_start..i, "\n");
            } else {
                builder.copy(src, run_start..i);
            }
            copy_from = i;
        } else {
            i += 1;
        }
    }
    builder.copy(src, copy_from..end);
}

/// A decoded character reference.
enum CharRef {
    Named(&'static str),
    Numeric(char),
}

/// Decodes the character reference at `amp` (an '&'), returning its length in the source and
/// its text, or `None` if it is not one (the '&' is then text).
fn char_ref(src: &str, amp: usize, end: usize, in_attribute: bool) -> Option<(usize, CharRef)> {
    let bytes = src.as_bytes();
    let rest = bytes.get(amp..end)?;
    if rest.get(1) == Some(&b'#') {
        return numeric_ref(rest).map(|(len, c)| (len, CharRef::Numeric(c)));
    }
    let name_len = rest
        .iter()
        .skip(1)
        .take(htmlize::ENTITY_MAX_LENGTH)
        .take_while(|b| b.is_ascii_alphanumeric())
        .count();
    if name_len == 0 {
        return None;
    }
    if rest.get(1 + name_len) == Some(&b';') {
        if let Some(value) = rest
            .get(..name_len + 2)
            .and_then(|k| htmlize::ENTITIES.get(k))
        {
            return Some((
                name_len + 2,
                CharRef::Named(std::str::from_utf8(value).ok()?),
            ));
        }
    }
    // Legacy references without ';' ("&copy 2024"): the longest one that is a prefix.
    let longest = (name_len + 1).min(htmlize::BARE_ENTITY_MAX_LENGTH);
    for len in (2..=longest).rev() {
        let Some(value) = rest.get(..len).and_then(|k| htmlize::ENTITIES.get(k)) else {
            continue;
        };
        // In attribute values browsers leave "&copy=1" and "&copyx" alone (query strings).
        if in_attribute
            && rest
                .get(len)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'=')
        {
            return None;
        }
        return Some((len, CharRef::Named(std::str::from_utf8(value).ok()?)));
    }
    None
}

/// Decodes `&#123;` / `&#x1F;` at the start of `rest` (semicolon optional, as in browsers).
fn numeric_ref(rest: &[u8]) -> Option<(usize, char)> {
    let hex = matches!(rest.get(2), Some(b'x' | b'X'));
    let digits_start = if hex { 3 } else { 2 };
    let digits = rest
        .iter()
        .skip(digits_start)
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    if digits == 0 {
        return None;
    }
    let radix = if hex { 16 } else { 10 };
    let mut value: u32 = 0;
    for &d in rest.get(digits_start..digits_start + digits)? {
        let digit = char::from(d).to_digit(radix)?;
        // Saturate: anything past U+10FFFF becomes U+FFFD anyway.
        value = value
            .saturating_mul(radix)
            .saturating_add(digit)
            .min(0x11_0000);
    }
    let mut len = digits_start + digits;
    if rest.get(len) == Some(&b';') {
        len += 1;
    }
    Some((len, numeric_char(value)))
}

/// The character a numeric reference stands for, with the browser's fix-ups: NUL, surrogates
/// and out-of-range values become U+FFFD, and C1 controls are read as windows-1252.
fn numeric_char(value: u32) -> char {
    const C1: [u32; 32] = [
        0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x8D, 0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x9D, 0x017E, 0x0178,
    ];
    let value = match value {
        0x80..=0x9F => C1.get((value - 0x80) as usize).copied().unwrap_or(value),
        _ => value,
    };
    if value == 0 {
        return char::REPLACEMENT_CHARACTER;
    }
    char::from_u32(value).unwrap_or(char::REPLACEMENT_CHARACTER)
}

/// The first occurrence of `needle` in `hay` (SIMD: script and style bodies are most of a saved
/// page's bytes, and their end tag is searched through all of them).
fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    memchr::memmem::find(hay, needle)
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(html: &str) -> String {
        extract(html).text
    }

    /// Checks that `needle` occurs in the extracted text and maps back to `original`.
    fn maps_to(html: &str, needle: &str, original: &str) {
        let ex = extract(html);
        let at = ex.text.find(needle).expect("needle in extracted text");
        let span = ex.map.map_span(at..at + needle.len());
        assert_eq!(html.get(span), Some(original), "in {:?}", ex.text);
        assert_eq!(ex.map.source_len(), html.len());
        assert_eq!(ex.map.derived_len(), ex.text.len());
    }

    #[test]
    fn inline_tags_do_not_split_words() {
        assert_eq!(text("<p>がんが<b>治る</b></p>"), "がんが治る\n\n");
        maps_to("<p>がんが<B>治る</B></p>", "が治", "が<B>治");
    }

    #[test]
    fn block_tags_separate_paragraphs_once() {
        assert_eq!(
            text("<div><p>一</p>\n  <p>二</p></div><ul><li>三<li>四</ul>"),
            "一\n\n二\n\n三\n\n四\n\n"
        );
        assert_eq!(text("a<br>b<BR/>c"), "a\nb\nc");
    }

    #[test]
    fn wrapped_lines_fold_to_one_line_break() {
        assert_eq!(text("<p>再生\n    医療</p>"), "再生\n医療\n\n");
        assert_eq!(text("<p>a   b</p>"), "a   b\n\n");
        maps_to("<p>再生\r\n  医療</p>", "生\n医", "生\r\n  医");
    }

    #[test]
    fn lt_in_text_and_unclosed_tags_survive() {
        assert_eq!(text("1 < 2 and 3<4"), "1 < 2 and 3<4");
        assert_eq!(text("a <b"), "a ");
        assert_eq!(text("a <"), "a <");
        assert_eq!(text("x</>y"), "xy");
    }

    #[test]
    fn entities_decode_and_map_as_wholes() {
        assert_eq!(
            text("&amp;&lt;&#x6CBB;&#27835;&copy 2024&bogus;&#;&#128;"),
            "&<治治© 2024&bogus;&#;€"
        );
        maps_to("副作用&nbsp;なし", "\u{a0}な", "&nbsp;な");
        maps_to("A&amp;B", "&", "&amp;");
    }

    #[test]
    fn attribute_entities_follow_browser_rules() {
        assert_eq!(text("<img alt='a&copy=b &amp c'>"), "a&copy=b & c\n\n");
    }

    #[test]
    fn menu_entries_inside_nav_are_not_read_but_the_rest_of_nav_is() {
        let page = "<nav><ul><li><a href=/knee>Knee Pain</a></li><li>Patient Stories</ul></nav>\
                    <p>We treat knees.</p>";
        assert_eq!(text(page).trim(), "We treat knees.");
        // A slogan in a paragraph of the nav is the site's own copy.
        let slogan = "<nav><p>改善亚健康</p><ul><li>首页<li>联系我们</ul></nav>";
        assert_eq!(text(slogan).trim(), "改善亚健康");
        // Links and list items elsewhere are text.
        assert_eq!(
            text("<ul><li><a href=x>Knee Pain</a></li></ul>").trim(),
            "Knee Pain"
        );
        // Unclosed entries end with their nav; what follows is read.
        assert_eq!(
            text("<nav><li>Home<li><a>Menu</nav><li>After</li>").trim(),
            "After"
        );
        // Stray end tags cannot make the count go below zero.
        assert_eq!(text("</li></a></nav><li>x</li>").trim(), "x");
    }

    #[test]
    fn hidden_elements_are_skipped() {
        assert_eq!(
            text("<script>if (a<b) x='</p>'</script>A<STYLE>p{}</style>B<noscript>C</noscript>D"),
            "ABD"
        );
        assert_eq!(text("<script>never closed"), "");
        assert_eq!(text("<scriptx>y</scriptx>"), "y");
    }

    #[test]
    fn a_long_script_body_ends_at_its_own_end_tag_past_decoys() {
        // The end-tag search runs through the body with memmem: decoy "</", "</scrip",
        // "</scripts" and a '<' at the very end of the body must not end it.
        let body = "x=1;</b>y='</scrip';z='</scripts>';".repeat(2000) + "<";
        let page = format!(
            "<p>前</p><script>{body}</SCRIPT >後<b data-x=\"{}\">!</b>",
            "t".repeat(5000)
        );
        assert_eq!(text(&page), "前\n\n後!");
        assert_eq!(text("<style>a{}</style"), "");
    }

    #[test]
    fn comments_are_recorded_not_emitted() {
        let html = "a<!-- claimlint-disable -->b<!-->c<!-- open";
        let ex = extract(html);
        assert_eq!(ex.text, "abc");
        assert_eq!(ex.comments.len(), 3);
        assert_eq!(ex.comments[0].body, " claimlint-disable ");
        assert_eq!(
            &html[ex.comments[0].span.clone()],
            "<!-- claimlint-disable -->"
        );
        assert_eq!(ex.comments[1].body, "");
        assert_eq!(ex.comments[2].body, " open");
    }

    #[test]
    fn readable_attributes_become_paragraphs() {
        let html = concat!(
            "<head><title>最新 &amp; 再生医療</title>",
            "<meta content=\"必ず治る\" name=Description>",
            "<meta property='og:title' content='og title'>",
            "<meta name=keywords content=ignored></head>",
            "<p>前<img src=x.png alt=写真>後 <a title=\"タイトル\" href=/>リンク</a></p>"
        );
        assert_eq!(
            text(html),
            "最新 & 再生医療\n\n必ず治る\n\nog title\n\n前\n\n写真\n\n後 \n\nタイトル\n\nリンク\n\n"
        );
        maps_to(html, "必ず治る", "必ず治る");
        maps_to(html, "写真", "写真");
        maps_to(html, "& 再生", "&amp; 再生");
    }

    #[test]
    fn doctype_and_processing_instructions_are_skipped() {
        assert_eq!(text("<!DOCTYPE html><?xml version=1?><![CDATA[x]]>t"), "t");
    }

    #[test]
    fn title_contents_are_not_markup() {
        assert_eq!(text("<title>a<b>c</TITLE>d"), "a<b>c\n\nd");
    }

    #[test]
    fn deep_nesting_is_flat() {
        let html = format!(
            "{}深い{}",
            "<div>".repeat(100_000),
            "</div>".repeat(100_000)
        );
        assert_eq!(text(&html), "深い\n\n");
    }
}
