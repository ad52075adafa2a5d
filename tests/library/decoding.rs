//! End-to-end decoding: one fixture per encoding problem, each checked for the detected
//! encoding, the decoded text and an exact offset mapping back into it.

use std::path::Path;

use claimlint::source::{load, Kind, Loaded, Source, SourceOptions};

fn fixture(name: &str) -> Vec<u8> {
    let path = crate::common::fixture("source").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn load_fixture(name: &str, opts: &SourceOptions) -> Source {
    match load(&fixture(name), Some(Path::new(name)), opts) {
        Loaded::Source(source) => source,
        Loaded::Binary { reason } => panic!("{name} judged binary: {reason}"),
    }
}

/// Finds `needle` in the extracted text, maps it back, and checks that the source text at the
/// mapped range is exactly `needle` and that it starts at `expected_start`.
fn assert_maps_back(source: &Source, needle: &str, expected_start: usize) {
    let ex = &source.extracted;
    assert_eq!(ex.map.derived_len(), ex.text.len());
    assert_eq!(ex.map.source_len(), source.text.len());
    let at = ex
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in extracted {:?}", ex.text));
    let span = ex.map.map_span(at..at + needle.len());
    assert_eq!(source.text.get(span.clone()), Some(needle));
    assert_eq!(span.start, expected_start);
}

/// Byte offset of `needle` in `hay`, for expected positions (the fixture has it once).
fn offset_of(hay: &str, needle: &str) -> usize {
    assert_eq!(hay.matches(needle).count(), 1, "{needle:?} must occur once");
    hay.find(needle).unwrap_or_default()
}

#[test]
fn f1_sjis_meta_charset() {
    let source = load_fixture("sjis_meta.html", &SourceOptions::default());
    assert_eq!(source.encoding, "Shift_JIS");
    assert_eq!(source.kind, Kind::Html);
    assert!(source.warnings.is_empty(), "{:?}", source.warnings);
    // cp932 extensions (NEC circled digits, IBM kanji) decode too.
    assert!(source.text.contains("①初診料"));
    assert!(source.text.contains("髙橋院長"));
    assert!(source.extracted.text.starts_with("幹細胞治療のご案内\n\n"));
    let start = offset_of(&source.text, "がんが治る");
    assert_maps_back(&source, "がんが治る", start);
}

#[test]
fn eucjp_without_meta_is_detected() {
    let source = load_fixture("eucjp_nometa.html", &SourceOptions::default());
    assert_eq!(source.encoding, "EUC-JP");
    assert!(source.warnings.is_empty(), "{:?}", source.warnings);
    assert!(source
        .extracted
        .text
        .starts_with("再生医療のご案内\n\n当院の"));
    let start = offset_of(&source.text, "再生医療のご案内");
    assert_maps_back(&source, "再生医療のご案内", start);
}

#[test]
fn gb18030_text_with_four_byte_character() {
    let source = load_fixture("gb18030.txt", &SourceOptions::default());
    assert_eq!(source.encoding, "gb18030");
    assert!(source.warnings.is_empty(), "{:?}", source.warnings);
    assert!(source.text.starts_with("本诊所的干细胞疗法可以根治癌症"));
    let start = offset_of(&source.text, "\u{20000}");
    assert_maps_back(&source, "\u{20000}", start);
}

#[test]
fn big5_text_is_detected() {
    let source = load_fixture("big5.txt", &SourceOptions::default());
    assert_eq!(source.encoding, "Big5");
    assert!(source.warnings.is_empty(), "{:?}", source.warnings);
    assert!(source.text.starts_with("本診所的幹細胞療法可以根治癌症"));
    let start = "本診所的".len();
    assert_maps_back(&source, "幹細胞療法", start);
}

#[test]
fn f1_utf16le_bom() {
    let source = load_fixture("utf16le_bom.txt", &SourceOptions::default());
    assert_eq!(source.encoding, "UTF-16LE");
    assert!(
        source.text.starts_with("UTF-16LE: 当院の"),
        "BOM is stripped"
    );
    assert_maps_back(&source, "当院", "UTF-16LE: ".len());
}

#[test]
fn f1_utf16be_bom() {
    let source = load_fixture("utf16be_bom.txt", &SourceOptions::default());
    assert_eq!(source.encoding, "UTF-16BE");
    assert!(source.text.starts_with("UTF-16BE: 当院の"));
    assert_maps_back(&source, "当院", "UTF-16BE: ".len());
}

#[test]
fn iso_2022_jp_text_is_detected() {
    let source = load_fixture("iso2022jp.txt", &SourceOptions::default());
    assert_eq!(source.encoding, "ISO-2022-JP");
    assert!(source.warnings.is_empty(), "{:?}", source.warnings);
    assert!(source.text.starts_with("当院の幹細胞治療は、がんが治る"));
    assert!(!source.text.contains('\u{1b}'));
    let start = offset_of(&source.text, "がんが治る");
    assert_maps_back(&source, "がんが治る", start);
}

#[test]
fn utf8_bom_is_stripped() {
    let source = load_fixture("utf8_bom.txt", &SourceOptions::default());
    assert_eq!(source.encoding, "UTF-8");
    assert!(
        source.text.starts_with("BOM付き"),
        "{:?}",
        &source.text[..12]
    );
    assert_maps_back(&source, "BOM付き", 0);
}

#[test]
fn invalid_utf8_is_lossy_with_warning() {
    let source = load_fixture("invalid_utf8.txt", &SourceOptions::default());
    assert_eq!(source.encoding, "UTF-8");
    assert_eq!(source.warnings.len(), 1, "{:?}", source.warnings);
    let first = "前の文です。".len();
    assert!(
        source.warnings[0].contains(&format!("first at byte {first}")),
        "{:?}",
        source.warnings
    );
    assert!(source.text.starts_with("前の文です。\u{fffd}がんが治る。"));
    // U+FFFD is three bytes where the file had one: offsets are into the decoded text.
    assert_maps_back(&source, "がんが治る", first + '\u{fffd}'.len_utf8());
}

#[test]
fn png_is_binary() {
    match load(
        &fixture("tiny.png"),
        Some(Path::new("tiny.png")),
        &SourceOptions::default(),
    ) {
        Loaded::Binary { reason } => assert!(reason.contains("PNG"), "{reason}"),
        Loaded::Source(_) => panic!("a PNG was decoded as text"),
    }
    // The signature decides, whatever the name says.
    let renamed = load(
        &fixture("tiny.png"),
        Some(Path::new("page.html")),
        &SourceOptions::default(),
    );
    assert!(matches!(renamed, Loaded::Binary { .. }));
}

#[test]
fn nul_bytes_in_text_stay_text() {
    let source = load_fixture("nul_in_text.txt", &SourceOptions::default());
    assert_eq!(source.encoding, "UTF-8");
    assert!(source.text.contains("page\0 with"));
    assert_maps_back(&source, "stray NUL", offset_of(&source.text, "stray NUL"));
}

#[test]
fn forced_encoding_overrides_detection() {
    let opts = SourceOptions {
        encoding: Some(encoding_rs::EUC_JP),
        kind: None,
    };
    // Shift_JIS bytes read as EUC-JP: garbage, but no panic and a warning.
    let source = load_fixture("sjis_meta.html", &opts);
    assert_eq!(source.encoding, "EUC-JP");
    assert!(!source.text.contains("がんが治る"));
    assert_eq!(source.warnings.len(), 1, "{:?}", source.warnings);
    assert!(source.warnings[0].contains("EUC-JP"));
}

#[test]
fn forced_kind_overrides_extension() {
    let opts = SourceOptions {
        encoding: None,
        kind: Some(Kind::Text),
    };
    let source = load_fixture("sjis_meta.html", &opts);
    assert_eq!(source.kind, Kind::Text);
    assert_eq!(source.extracted.text, source.text);
}

#[test]
fn stdin_html_is_sniffed() {
    let bytes = fixture("sjis_meta.html");
    let Loaded::Source(source) = load(&bytes, None, &SourceOptions::default()) else {
        panic!("binary");
    };
    assert_eq!(source.kind, Kind::Html);
    assert_eq!(source.encoding, "Shift_JIS");
}

fn utf16(text: &str, le: bool) -> Vec<u8> {
    text.encode_utf16()
        .flat_map(|u| if le { u.to_le_bytes() } else { u.to_be_bytes() })
        .collect()
}

/// Japanese in UTF-16 without a byte order mark was decoded as something else and reported
/// clean; the NUL pattern of its line breaks and ASCII gives it away.
#[test]
fn f1_utf16le_and_be_without_bom_are_detected() {
    let text = "当院の幹細胞治療で\r\nがんが完治します。\r\n料金は30万円です。\r\n";
    for (le, name) in [(true, "UTF-16LE"), (false, "UTF-16BE")] {
        let bytes = utf16(text, le);
        let source = match load(
            &bytes,
            Some(Path::new("page.txt")),
            &SourceOptions::default(),
        ) {
            Loaded::Source(source) => source,
            Loaded::Binary { reason } => panic!("{name} judged binary: {reason}"),
        };
        assert_eq!(source.encoding, name);
        assert_eq!(source.text, text);
        assert!(source.warnings.is_empty(), "{:?}", source.warnings);
        assert_maps_back(&source, "完治", offset_of(text, "完治"));
    }
    // Mostly-ASCII UTF-16 (half its bytes NUL) is text too, not binary.
    let bytes = utf16("A miracle cure for every patient.\n", true);
    assert!(matches!(
        load(&bytes, None, &SourceOptions::default()),
        Loaded::Source(s) if s.encoding == "UTF-16LE"
    ));
}

#[test]
fn utf8_with_stray_nuls_on_one_parity_stays_utf8() {
    let text = "clinic page\0 with a stray NUL\0 byte\n当院なら\0完治する。\n";
    let source = match load(text.as_bytes(), None, &SourceOptions::default()) {
        Loaded::Source(source) => source,
        Loaded::Binary { reason } => panic!("judged binary: {reason}"),
    };
    assert_eq!(source.encoding, "UTF-8");
    assert_eq!(source.text, text);
    // Shift_JIS has no NULs at all: never taken for UTF-16.
    let (sjis, _, _) = encoding_rs::SHIFT_JIS.encode("当院の幹細胞治療でがんが完治します。");
    match load(&sjis, None, &SourceOptions::default()) {
        Loaded::Source(s) => assert_eq!(s.encoding, "Shift_JIS"),
        Loaded::Binary { reason } => panic!("judged binary: {reason}"),
    }
}
