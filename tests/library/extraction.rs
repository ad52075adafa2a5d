//! End-to-end extraction: Markdown and HTML fixtures, checked for what is kept, what is
//! skipped, and exact offsets back into the decoded source.

use std::ops::Range;
use std::path::Path;
use std::time::{Duration, Instant};

use claimlint::source::{extract, load, Kind, Loaded, Source, SourceOptions};

fn load_fixture(name: &str) -> Source {
    let path = crate::common::fixture("source").join(name);
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    match load(&bytes, Some(&path), &SourceOptions::default()) {
        Loaded::Source(source) => source,
        Loaded::Binary { reason } => panic!("{name} judged binary: {reason}"),
    }
}

/// Maps the first occurrence of `needle` in the extracted text back to the source.
fn mapped(source: &Source, needle: &str) -> Range<usize> {
    let ex = &source.extracted;
    assert_eq!(ex.map.derived_len(), ex.text.len());
    assert_eq!(ex.map.source_len(), source.text.len());
    let at = ex
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in extracted {:?}", ex.text));
    ex.map.map_span(at..at + needle.len())
}

/// The range of `needle` in the source, located after the unique `context` (so the expected
/// position does not depend on re-finding the needle itself).
fn source_range(source: &Source, context: &str, needle: &str) -> Range<usize> {
    assert_eq!(
        source.text.matches(context).count(),
        1,
        "{context:?} must occur once"
    );
    let ctx = source.text.find(context).unwrap_or_default();
    let start = ctx
        + context
            .find(needle)
            .unwrap_or_else(|| panic!("{needle:?} in {context:?}"));
    start..start + needle.len()
}

#[test]
fn markdown_offsets_are_exact() {
    let source = load_fixture("page.md");
    assert_eq!(source.kind, Kind::Markdown);
    let text = &source.extracted.text;

    // Front matter: values, never keys.
    assert_eq!(
        mapped(&source, "幹細胞治療のご案内"),
        source_range(
            &source,
            "title: \"幹細胞治療のご案内\"",
            "幹細胞治療のご案内"
        )
    );
    assert_eq!(
        mapped(&source, "免疫療法"),
        source_range(&source, "  - 免疫療法\n", "免疫療法")
    );
    assert!(!text.contains("title"));
    assert!(!text.contains("description"));
    // A list item, with an entity replaced over its range.
    assert_eq!(
        mapped(&source, "副作用はほとんど"),
        source_range(&source, "- 副作用はほとんどありません", "副作用はほとんど")
    );
    assert_eq!(
        mapped(&source, "1回です & 予約"),
        source_range(
            &source,
            "通院は月に1回です &amp; 予約制",
            "1回です &amp; 予約"
        )
    );
    // A table cell.
    assert_eq!(
        mapped(&source, "NK細胞療法"),
        source_range(&source, "| NK細胞療法 |", "NK細胞療法")
    );
    // Link text, and emphasis that does not split words.
    assert_eq!(
        mapped(&source, "無料カウンセリング"),
        source_range(&source, "[無料カウンセリング](", "無料カウンセリング")
    );
    assert_eq!(
        mapped(&source, "では最新の幹細胞"),
        source_range(&source, "では**最新の**幹細胞", "では**最新の**幹細胞")
    );
    // A soft break is one "\n" mapped to the newline.
    assert_eq!(
        mapped(&source, "を\n提供"),
        source_range(&source, "治療を\n提供", "を\n提供")
    );
    assert!(text.contains("院内の写真"), "image alt text");
    // Code is skipped, fenced and indented.
    assert!(!text.contains("がんが治る"), "{text:?}");
    assert!(!text.contains("必ず治る"), "{text:?}");
    assert!(!text.contains("https://"));
    // The HTML comment is recorded for suppressions, not checked.
    assert_eq!(source.extracted.comments.len(), 1);
    let comment = &source.extracted.comments[0];
    assert_eq!(comment.body, " claimlint-disable-next-line ");
    assert_eq!(
        source.text.get(comment.span.clone()),
        Some("<!-- claimlint-disable-next-line -->")
    );
    assert!(text.contains("最後の段落です。"));
}

#[test]
fn html_page_visible_text_and_attributes() {
    let source = load_fixture("page.html");
    assert_eq!(source.kind, Kind::Html);
    let text = &source.extracted.text;

    // Inline markup splitting a word: joined, and mapped over the tags.
    assert_eq!(
        mapped(&source, "がんが治ると"),
        source_range(
            &source,
            "がんが<b>治</b><span>る</span>と",
            "がんが<b>治</b><span>る</span>と"
        )
    );
    // A wrapped line is one "\n".
    assert!(
        text.contains("評判です。\n副作用はほとんどありません。"),
        "{text:?}"
    );
    // Entities: named in text, numeric, in attribute values.
    assert_eq!(
        mapped(&source, "費用 < 100"),
        source_range(&source, "費用 &lt; 100", "費用 &lt; 100")
    );
    assert_eq!(
        mapped(&source, "ありません。"),
        source_range(&source, "ありません&#x3002;", "ありません&#x3002;")
    );
    assert_eq!(
        mapped(&source, "がんが治る…最新"),
        source_range(&source, "がんが治る&hellip;最新", "がんが治る&hellip;最新")
    );
    // Title, meta description, og:title, alt and title attributes: each its own paragraph.
    for paragraph in [
        "再生医療 & 幹細胞治療｜Example Clinic",
        "がんが治る…最新の治療",
        "幹細胞で若返り",
        "院内の様子",
        "待合室",
        "無料相談",
    ] {
        assert!(
            text.split("\n\n").any(|p| p == paragraph),
            "{paragraph:?} is not a paragraph of {text:?}"
        );
    }
    assert_eq!(
        mapped(&source, "院内の様子"),
        source_range(&source, "alt=院内の様子 ", "院内の様子")
    );
    assert_eq!(
        mapped(&source, "無料相談"),
        source_range(&source, "title='無料相談'", "無料相談")
    );
    // Skipped: script, style, noscript, template, comments, doctype, tag names, URLs.
    for hidden in [
        "必ず治る",
        "color",
        "JavaScript",
        "テンプレート",
        "DOCTYPE",
        "href",
        "contact",
    ] {
        assert!(!text.contains(hidden), "{hidden:?} leaked into {text:?}");
    }
    assert_eq!(source.extracted.comments.len(), 1);
    assert_eq!(
        source.extracted.comments[0].body,
        " claimlint-disable no-cure-claim "
    );
}

#[test]
fn nested_divs_100k_are_fast_and_flat() {
    // Generated rather than committed: 1.1 MB of "<div>" teaches nothing a reader can see.
    let depth = 100_000;
    let html = format!(
        "{}がんが<b>治る</b>{}",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    let started = Instant::now();
    let ex = extract(&html, Kind::Html);
    let elapsed = started.elapsed();
    assert_eq!(ex.text, "がんが治る\n\n");
    let span = ex.map.map_span(0.."がんが治る".len());
    assert_eq!(html.get(span), Some("がんが<b>治る"));
    // Generous for a debug build on a slow machine; a quadratic scan takes minutes.
    assert!(elapsed < Duration::from_secs(5), "took {elapsed:?}");
}

#[test]
fn unclosed_deep_nesting_and_stray_markup_never_panic() {
    let inputs = [
        "<".repeat(10_000),
        "<a ".repeat(10_000),
        "<!--".repeat(1000),
        "&#".repeat(1000) + "&#x110000000000;&#0;&",
        "<p title=\"unterminated".to_owned(),
        "<scr".to_owned() + &"ipt>".repeat(100),
        "<div".repeat(50_000),
    ];
    for html in inputs {
        let ex = extract(&html, Kind::Html);
        assert_eq!(ex.map.source_len(), html.len());
        assert_eq!(ex.map.derived_len(), ex.text.len());
        let md = extract(&html, Kind::Markdown);
        assert_eq!(md.map.source_len(), html.len());
        assert_eq!(md.map.derived_len(), md.text.len());
    }
}

#[test]
fn plain_text_is_identity() {
    let text = "がんが治る\n  再生医療 <b>";
    let ex = extract(text, Kind::Text);
    assert_eq!(ex.text, text);
    assert_eq!(ex.map.map_span(3..9), 3..9);
    assert!(ex.comments.is_empty());
}

/// A small deterministic generator, so the invariant test needs no extra dependency and
/// fails the same way every run.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        usize::try_from(self.0 % 1_000_003).unwrap_or_default()
    }
}

/// Checks the map invariants every consumer relies on: it covers both texts, and every
/// extracted character maps to a non-empty range on character boundaries of the source.
fn assert_map_invariants(source: &str, ex: &claimlint::source::Extracted) {
    assert_eq!(ex.map.source_len(), source.len(), "source {source:?}");
    assert_eq!(ex.map.derived_len(), ex.text.len(), "source {source:?}");
    let mut last_start = 0;
    for (at, c) in ex.text.char_indices() {
        let span = ex.map.map_span(at..at + c.len_utf8());
        assert!(
            source.get(span.clone()).is_some(),
            "{span:?} not on boundaries of {source:?}"
        );
        assert!(span.start >= last_start, "map went backwards in {source:?}");
        last_start = span.start;
    }
    for comment in &ex.comments {
        let whole = source.get(comment.span.clone()).unwrap_or_default();
        assert!(whole.starts_with("<!--") && whole.contains(comment.body.as_str()));
    }
}

#[test]
fn random_markup_keeps_map_invariants() {
    const PIECES: [&str; 32] = [
        "<",
        ">",
        "&",
        "amp;",
        "&#x6CBB;",
        "&copy",
        "<!--",
        "-->",
        "<b>",
        "</b>",
        "<p>",
        "</p>",
        "<br>",
        "\n",
        "  ",
        "が",
        "治る",
        "#",
        "`",
        "```\n",
        "|",
        "---\n",
        "- ",
        "\"",
        "'",
        "=",
        "<script>",
        "</script>",
        "<img alt=",
        "title=",
        "\\",
        "*",
    ];
    let mut rng = XorShift(0x9e37_79b9_7f4a_7c15);
    for _ in 0..2000 {
        let len = rng.next() % 40;
        let doc: String = (0..len)
            .map(|_| PIECES.get(rng.next() % PIECES.len()).copied().unwrap_or(""))
            .collect();
        for kind in [Kind::Html, Kind::Markdown, Kind::Text] {
            assert_map_invariants(&doc, &extract(&doc, kind));
        }
    }
}

#[test]
fn random_bytes_never_panic() {
    let mut rng = XorShift(0x2545_f491_4f6c_dd1d);
    let mut decoded = 0;
    for _ in 0..500 {
        let len = rng.next() % 300;
        // Mostly printable and high bytes, so most inputs get past binary detection and
        // exercise the decoders and the meta prescan.
        let mut bytes: Vec<u8> = (0..len)
            .map(|_| match rng.next() % 16 {
                0 => b'\n',
                1 => b'<',
                2 => 0x1b,
                _ => u8::try_from(0x20 + rng.next() % 0xe0).unwrap_or(b' '),
            })
            .collect();
        if rng.next().is_multiple_of(4) {
            bytes.splice(0..0, b"<meta charset=shift_jis>".iter().copied());
        }
        for name in ["x.html", "x.md", "x.txt", "x"] {
            if let Loaded::Source(source) =
                load(&bytes, Some(Path::new(name)), &SourceOptions::default())
            {
                decoded += 1;
                assert_map_invariants(&source.text, &source.extracted);
            }
        }
    }
    // The generator is meant to reach the decoders, not only binary detection.
    assert!(decoded > 1500, "only {decoded} of 2000 inputs were decoded");
}
