//! Bytes to text: binary detection and encoding detection (forced > BOM > HTML meta charset >
//! UTF-8 > statistical guess), decoding lossily with a warning rather than failing.

use encoding_rs::{Encoding, GB18030, GBK, REPLACEMENT, UTF_16BE, UTF_16LE};
use encoding_rs::{UTF_8, WINDOWS_1252, X_USER_DEFINED};

/// How many leading bytes binary detection and the meta prescan look at.
const BINARY_SNIFF_LEN: usize = 8 * 1024;
/// The WHATWG prescan window for `<meta charset>`.
const PRESCAN_LEN: usize = 1024;

/// Signatures of formats that are never text, with a name for the report.
const SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or docx/xlsx/epub)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7z archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\xca\xfe\xba\xbe", "Mach-O or Java class file"),
    (b"\xcf\xfa\xed\xfe", "Mach-O executable"),
    (b"\0asm", "WebAssembly module"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "OLE document (doc/xls/ppt)",
    ),
    (b"RIFF", "RIFF media (WebP/WAV/AVI)"),
    (b"II*\0", "TIFF image"),
    (b"MM\0*", "TIFF image"),
    (b"\0\0\x01\0", "ICO image"),
    (b"wOFF", "WOFF font"),
    (b"wOF2", "WOFF2 font"),
    (b"OggS", "Ogg media"),
    (b"ID3", "MP3 audio"),
    (b"SQLite format 3\0", "SQLite database"),
];

/// Why `bytes` are not text, or `None` if they should be decoded and checked.
///
/// A UTF-16 byte order mark (or a forced UTF-16 encoding) always means text, since half of the
/// bytes of UTF-16 are NUL. Otherwise a known signature, or more than 10% control bytes other
/// than tab, line feed, carriage return, form feed and escape (ISO-2022-JP shifts with ESC) in
/// the first 8 KiB, means binary; a stray NUL in a page does not.
pub fn binary_reason(bytes: &[u8], forced: Option<&'static Encoding>) -> Option<String> {
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return None;
    }
    if forced.is_some_and(|e| e == UTF_16LE || e == UTF_16BE) {
        return None;
    }
    if forced.is_none() && sniff_utf16(bytes).is_some() {
        return None;
    }
    if let Some((_, name)) = SIGNATURES.iter().find(|(sig, _)| bytes.starts_with(sig)) {
        return Some(format!("{name} signature"));
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        return Some("MP4/HEIF media signature".to_owned());
    }
    let head = bytes.get(..BINARY_SNIFF_LEN).unwrap_or(bytes);
    let controls = head.iter().filter(|&&b| is_binary_control(b)).count();
    if controls * 10 > head.len() {
        return Some(format!(
            "{controls} control bytes in the first {} bytes",
            head.len()
        ));
    }
    None
}

fn is_binary_control(b: u8) -> bool {
    (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0c | 0x1b)) || b == 0x7f
}

/// Decoded text and how it was decoded.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, without a byte order mark.
    pub text: String,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// What went wrong without stopping decoding (replaced bytes, a wrong declaration).
    pub warnings: Vec<String>,
}

/// Decodes `bytes`: with `forced` if given, else by BOM, else (when `html` is set) by a
/// `<meta charset>` in the first 1024 bytes, else as UTF-8 if that is (nearly) valid, else by
/// chardetng's guess. Invalid sequences become U+FFFD and add a warning.
///
/// Unlike a browser, a meta declaration that the bytes plainly contradict (legacy declared but
/// valid UTF-8, or UTF-8 declared but legacy bytes) loses, with a warning saying so.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>, html: bool) -> Decoded {
    let mut warnings = Vec::new();
    if let Some(encoding) = forced {
        let encoding = widen(encoding);
        let (text, had_errors) = encoding.decode_with_bom_removal(bytes);
        return finish(text.into_owned(), encoding, had_errors, bytes, warnings);
    }
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let rest = bytes.get(bom_len..).unwrap_or_default();
        let (text, had_errors) = encoding.decode_without_bom_handling(rest);
        return finish(text.into_owned(), encoding, had_errors, rest, warnings);
    }
    if let Some(encoding) = sniff_utf16(bytes) {
        let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
        return finish(text.into_owned(), encoding, had_errors, bytes, warnings);
    }
    if html {
        if let Some(declared) = prescan_meta_charset(bytes) {
            let (text, had_errors) = declared.decode_without_bom_handling(bytes);
            // Pages saved by a browser are often re-encoded to UTF-8 with the old meta kept;
            // trusting the meta would turn the whole page into mojibake.
            if had_errors && declared != UTF_8 && std::str::from_utf8(bytes).is_ok() {
                warnings.push(format!(
                    "page declares {} but is valid UTF-8; decoded as UTF-8",
                    declared.name()
                ));
                return finish(
                    String::from_utf8_lossy(bytes).into_owned(),
                    UTF_8,
                    false,
                    bytes,
                    warnings,
                );
            }
            // The reverse happens too: a template's "utf-8" meta on a page saved in Shift_JIS.
            // A browser would show mojibake; a linter finding nothing in mojibake is worse.
            if had_errors && declared == UTF_8 && !mostly_utf8(bytes) {
                let guess = guess(bytes);
                let (text, guess_errors) = guess.decode_without_bom_handling(bytes);
                if !guess_errors {
                    warnings.push(format!(
                        "page declares UTF-8 but is not; decoded as {}",
                        guess.name()
                    ));
                    return finish(text.into_owned(), guess, false, bytes, warnings);
                }
            }
            return finish(text.into_owned(), declared, had_errors, bytes, warnings);
        }
    }
    let encoding = if mostly_utf8(bytes) {
        UTF_8
    } else {
        guess(bytes)
    };
    let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
    finish(text.into_owned(), encoding, had_errors, bytes, warnings)
}

/// UTF-16 without a byte order mark, recognised by its NUL pattern: every ASCII character (a
/// line break, a space, a digit) has a NUL high byte, so NULs fall on odd offsets (LE) or even
/// ones (BE) and almost never on the other; and the units must decode to text (letters,
/// punctuation, whitespace), which a binary file's do not. Without the pattern nothing is
/// claimed: chardetng never guesses UTF-16, and Japanese UTF-16 read as a legacy encoding was
/// checked as mojibake and reported clean.
///
/// Valid UTF-8 with a few stray NULs on one parity must stay UTF-8, so for bytes that are valid
/// UTF-8 the pattern must be dense and more than a chance: NULs in at least a third of the
/// units (mostly-ASCII text), and at least four of them (`"Ⅻ\0"`, four bytes of valid UTF-8,
/// was read as the UTF-16 `"藢«"`).
pub(crate) fn sniff_utf16(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..BINARY_SNIFF_LEN).unwrap_or(bytes);
    if head.len() < 4 || !bytes.len().is_multiple_of(2) {
        return None;
    }
    let (mut even, mut odd) = (0usize, 0usize);
    for (i, _) in head.iter().enumerate().filter(|(_, &b)| b == 0) {
        if i.is_multiple_of(2) {
            even += 1;
        } else {
            odd += 1;
        }
    }
    let (encoding, nuls, others) = if odd > even {
        (UTF_16LE, odd, even)
    } else {
        (UTF_16BE, even, odd)
    };
    // A CJK character whose low byte is 0 (U+4E00) puts a NUL on the other parity, rarely.
    if nuls == 0 || others * 4 > nuls {
        return None;
    }
    let units = head.len() / 2;
    let valid_utf8 = match std::str::from_utf8(head) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(), // cut inside a character at the window's end
    };
    if valid_utf8 && (nuls * 3 < units || nuls < 4) {
        return None;
    }
    let le = encoding == UTF_16LE;
    let code_units = head.chunks_exact(2).map(|pair| match pair {
        [a, b] if le => u16::from_le_bytes([*a, *b]),
        [a, b] => u16::from_be_bytes([*a, *b]),
        _ => 0,
    });
    let (mut chars, mut texty) = (0usize, 0usize);
    for c in char::decode_utf16(code_units) {
        chars += 1;
        texty += usize::from(c.is_ok_and(is_text_char));
    }
    (texty * 10 >= chars * 9).then_some(encoding)
}

/// Characters that make up prose in the languages we check (not controls, private use,
/// unpaired surrogates or U+0000).
fn is_text_char(c: char) -> bool {
    c.is_alphanumeric()
        || matches!(c, '\t' | '\n' | '\r' | ' ' | '\u{3000}')
        || c.is_ascii_punctuation()
        || matches!(c,
            '\u{A0}'..='\u{BF}'
            | '\u{2000}'..='\u{206F}'
            | '\u{2190}'..='\u{2BFF}'
            | '\u{3000}'..='\u{303F}'
            | '\u{FF00}'..='\u{FFEF}'
            | '\u{1F000}'..='\u{1FAFF}')
}

/// chardetng's guess for bytes that are not UTF-8.
fn guess(bytes: &[u8]) -> &'static Encoding {
    // Browsers refuse to guess ISO-2022-JP for script safety; we run no scripts, and
    // Japanese mail-merged pages still use it.
    let mut detector = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Allow);
    detector.feed(bytes, true);
    widen(detector.guess(None, chardetng::Utf8Detection::Deny))
}

/// GBK and gb18030 share one decoder (WHATWG); reporting the superset says what was used.
fn widen(encoding: &'static Encoding) -> &'static Encoding {
    if encoding == GBK {
        GB18030
    } else {
        encoding
    }
}

fn finish(
    text: String,
    encoding: &'static Encoding,
    had_errors: bool,
    bytes: &[u8],
    mut warnings: Vec<String>,
) -> Decoded {
    if had_errors {
        warnings.push(if encoding == UTF_8 {
            let (count, first) = utf8_errors(bytes);
            format!(
                "{count} invalid UTF-8 byte sequence{} replaced with U+FFFD (first at byte {first})",
                if count == 1 { "" } else { "s" }
            )
        } else {
            format!(
                "invalid {} byte sequences replaced with U+FFFD",
                encoding.name()
            )
        });
    }
    Decoded {
        text,
        encoding,
        warnings,
    }
}

/// Number of invalid UTF-8 sequences and the byte offset of the first.
fn utf8_errors(bytes: &[u8]) -> (usize, usize) {
    let mut count = 0;
    let mut first = None;
    let mut offset = 0;
    let mut rest = bytes;
    while let Err(err) = std::str::from_utf8(rest) {
        count += 1;
        let bad = offset + err.valid_up_to();
        first.get_or_insert(bad);
        // An incomplete sequence at the very end has no error_len; it is the last error.
        let skip = err.valid_up_to() + err.error_len().unwrap_or(rest.len() - err.valid_up_to());
        offset += skip;
        rest = rest.get(skip..).unwrap_or_default();
    }
    (count, first.unwrap_or(0))
}

/// Whether the bytes are UTF-8 with at most a few damaged sequences: at least four valid
/// multi-byte characters per invalid sequence. Legacy CJK text almost never forms valid UTF-8
/// by chance, while a UTF-8 page with one bad byte should not be guessed as Shift_JIS.
/// Pure 7-bit text with ISO-2022-JP escapes is valid UTF-8 but is left to the detector.
fn mostly_utf8(bytes: &[u8]) -> bool {
    if looks_like_iso_2022_jp(bytes) {
        return false;
    }
    let mut valid_multibyte = 0usize;
    let mut invalid = 0usize;
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                valid_multibyte += s.chars().filter(|c| !c.is_ascii()).count();
                break;
            }
            Err(err) => {
                let good = rest.get(..err.valid_up_to()).unwrap_or_default();
                valid_multibyte += good.iter().filter(|&&b| b >= 0xc0).count();
                invalid += 1;
                let skip =
                    err.valid_up_to() + err.error_len().unwrap_or(rest.len() - err.valid_up_to());
                rest = rest.get(skip..).unwrap_or_default();
            }
        }
    }
    invalid == 0 || valid_multibyte >= invalid.saturating_mul(4)
}

/// ESC sequences that designate JIS X 0208/0212 (`ESC $ @`, `ESC $ B`, `ESC $ ( D`).
fn looks_like_iso_2022_jp(bytes: &[u8]) -> bool {
    bytes
        .windows(3)
        .any(|w| w == b"\x1b$B" || w == b"\x1b$@" || w == b"\x1b$(")
}

/// The encoding a `<meta charset=…>` or `<meta http-equiv=content-type content="…charset=…">`
/// in the first 1024 bytes declares, following the WHATWG prescan in simplified form.
fn prescan_meta_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..PRESCAN_LEN).unwrap_or(bytes);
    let mut i = 0;
    while i < head.len() {
        let rest = head.get(i..).unwrap_or_default();
        if rest.starts_with(b"<!--") {
            i += find(rest, b"-->").map_or(head.len(), |p| p + 3);
        } else if starts_with_ignore_case(rest, b"<meta")
            && rest.get(5).is_some_and(|&b| is_space(b) || b == b'/')
        {
            let (label, end) = meta_charset(rest, 5);
            if let Some(encoding) = label.as_deref().and_then(label_to_encoding) {
                return Some(encoding);
            }
            i += end.max(1);
        } else if rest.first() == Some(&b'<')
            && rest
                .get(1)
                .is_some_and(|&b| b.is_ascii_alphabetic() || matches!(b, b'/' | b'!' | b'?'))
        {
            // Skip the whole tag, so a "<meta" inside an attribute value is not read.
            let (_, end) = meta_charset(rest, 1);
            i += end.max(1);
        } else {
            i += 1;
        }
    }
    None
}

/// Maps a declared label to an encoding the way browsers do for a meta prescan.
fn label_to_encoding(label: &[u8]) -> Option<&'static Encoding> {
    let encoding = Encoding::for_label(label)?;
    if encoding == UTF_16LE || encoding == UTF_16BE {
        // A page that could be read as ASCII to find its meta is not UTF-16.
        Some(UTF_8)
    } else if encoding == X_USER_DEFINED {
        Some(WINDOWS_1252)
    } else if encoding == REPLACEMENT {
        // Decoding with "replacement" would destroy the page; fall back to detection.
        None
    } else {
        Some(widen(encoding))
    }
}

/// Reads the attributes of a tag starting at `tag[from..]` up to its `>`, returning the charset
/// label it declares (if any) and the offset just past the tag.
fn meta_charset(tag: &[u8], from: usize) -> (Option<Vec<u8>>, usize) {
    let mut i = from;
    // Skip the rest of the tag name.
    while tag
        .get(i)
        .is_some_and(|&b| !is_space(b) && b != b'>' && b != b'/')
    {
        i += 1;
    }
    let mut charset = None;
    let mut content = None;
    let mut content_type = false;
    while let Some((name, value)) = next_attribute(tag, &mut i) {
        match name.as_slice() {
            b"charset" if charset.is_none() => charset = Some(trim(&value).to_vec()),
            b"content" if content.is_none() => content = Some(value),
            b"http-equiv" => content_type |= trim(&value).eq_ignore_ascii_case(b"content-type"),
            _ => {}
        }
    }
    let label = charset.or_else(|| {
        if content_type {
            content.as_deref().and_then(charset_from_content)
        } else {
            None
        }
    });
    (label, i.min(tag.len()))
}

/// The next attribute of a tag from `*i` (name lower-cased, value unquoted), moving `*i` past
/// it; `None` at the tag's end (`*i` then past its `>`).
fn next_attribute(tag: &[u8], i: &mut usize) -> Option<(Vec<u8>, Vec<u8>)> {
    loop {
        while tag.get(*i).is_some_and(|&b| is_space(b) || b == b'/') {
            *i += 1;
        }
        match tag.get(*i) {
            None => return None,
            Some(b'>') => {
                *i += 1;
                return None;
            }
            Some(_) => {}
        }
        let name_start = *i;
        while tag
            .get(*i)
            .is_some_and(|&b| !is_space(b) && !matches!(b, b'=' | b'>' | b'/'))
        {
            *i += 1;
        }
        let name = tag
            .get(name_start..*i)
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name.is_empty() {
            // A lone '/' or '=' cannot start a name; step over it.
            *i += 1;
            continue;
        }
        while tag.get(*i).is_some_and(|&b| is_space(b)) {
            *i += 1;
        }
        let mut value = Vec::new();
        if tag.get(*i) == Some(&b'=') {
            *i += 1;
            while tag.get(*i).is_some_and(|&b| is_space(b)) {
                *i += 1;
            }
            match tag.get(*i) {
                Some(&q) if q == b'"' || q == b'\'' => {
                    let start = *i + 1;
                    let end = tag
                        .get(start..)
                        .and_then(|r| r.iter().position(|&b| b == q))
                        .map_or(tag.len(), |p| start + p);
                    value = tag.get(start..end).unwrap_or_default().to_vec();
                    *i = end + 1;
                }
                _ => {
                    let start = *i;
                    while tag.get(*i).is_some_and(|&b| !is_space(b) && b != b'>') {
                        *i += 1;
                    }
                    value = tag.get(start..*i).unwrap_or_default().to_vec();
                }
            }
        }
        return Some((name, value));
    }
}

/// The charset in a `content="text/html; charset=…"` value.
fn charset_from_content(content: &[u8]) -> Option<Vec<u8>> {
    let lower = content.to_ascii_lowercase();
    let at = find(&lower, b"charset")?;
    let mut i = at + b"charset".len();
    while lower.get(i).is_some_and(|&b| is_space(b)) {
        i += 1;
    }
    if lower.get(i) != Some(&b'=') {
        return None;
    }
    i += 1;
    while lower.get(i).is_some_and(|&b| is_space(b)) {
        i += 1;
    }
    let rest = content.get(i..)?;
    let value = match rest.first() {
        Some(&q) if q == b'"' || q == b'\'' => {
            let inner = rest.get(1..)?;
            inner.get(..inner.iter().position(|&b| b == q)?)?
        }
        _ => {
            let end = rest
                .iter()
                .position(|&b| is_space(b) || b == b';')
                .unwrap_or(rest.len());
            rest.get(..end)?
        }
    };
    (!value.is_empty()).then(|| value.to_vec())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn starts_with_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.get(..needle.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(needle))
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | 0x0c)
}

fn trim(bytes: &[u8]) -> &[u8] {
    let start = bytes
        .iter()
        .position(|&b| !is_space(b))
        .unwrap_or(bytes.len());
    let end = bytes
        .iter()
        .rposition(|&b| !is_space(b))
        .map_or(start, |p| p + 1);
    bytes.get(start..end).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{BIG5, ISO_2022_JP};

    #[test]
    fn meta_charset_attribute_is_found() {
        let page = b"<!doctype html><html><head><META CHARSET='shift_jis'>";
        assert_eq!(prescan_meta_charset(page), Some(encoding_rs::SHIFT_JIS));
    }

    #[test]
    fn http_equiv_content_type_is_found() {
        let page =
            b"<head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=EUC-JP\">";
        assert_eq!(prescan_meta_charset(page), Some(encoding_rs::EUC_JP));
    }

    #[test]
    fn content_without_http_equiv_is_ignored() {
        let page = b"<meta name=x content=\"charset=euc-jp\">";
        assert_eq!(prescan_meta_charset(page), None);
    }

    #[test]
    fn meta_inside_comment_is_ignored() {
        let page = b"<!-- <meta charset=euc-jp> --><meta charset=big5>";
        assert_eq!(prescan_meta_charset(page), Some(BIG5));
    }

    #[test]
    fn meta_after_1024_bytes_is_ignored() {
        let mut page = vec![b' '; 1100];
        page.extend_from_slice(b"<meta charset=euc-jp>");
        assert_eq!(prescan_meta_charset(&page), None);
    }

    #[test]
    fn gbk_is_reported_as_gb18030() {
        assert_eq!(prescan_meta_charset(b"<meta charset=gbk>"), Some(GB18030));
    }

    #[test]
    fn declared_legacy_but_utf8_bytes_decode_as_utf8() {
        let page = "<meta charset=shift_jis><p>再生医療</p>".as_bytes();
        let decoded = decode(page, None, true);
        assert_eq!(decoded.encoding, UTF_8);
        assert!(decoded.text.contains("再生医療"));
        assert_eq!(decoded.warnings.len(), 1);
    }

    #[test]
    fn declared_utf8_but_shift_jis_bytes_are_detected() {
        let (body, _, _) = encoding_rs::SHIFT_JIS
            .encode("<p>当院の幹細胞治療でがんが治ると評判です。副作用はありません。</p>");
        let mut page = b"<meta charset=utf-8>".to_vec();
        page.extend_from_slice(&body);
        let decoded = decode(&page, None, true);
        assert_eq!(decoded.encoding, encoding_rs::SHIFT_JIS);
        assert!(decoded.text.contains("がんが治る"));
        assert_eq!(decoded.warnings.len(), 1, "{:?}", decoded.warnings);
    }

    #[test]
    fn iso_2022_jp_is_not_taken_for_utf8() {
        let (bytes, _, _) = ISO_2022_JP.encode("がんが治る幹細胞治療です。");
        let decoded = decode(&bytes, None, false);
        assert_eq!(decoded.encoding, ISO_2022_JP);
        assert_eq!(decoded.text, "がんが治る幹細胞治療です。");
    }

    #[test]
    fn utf8_error_count_and_first_offset() {
        assert_eq!(utf8_errors(b"ab\xffcd\xfe"), (2, 2));
        assert_eq!(utf8_errors(b"ab\xe3\x81"), (1, 2));
    }

    #[test]
    fn short_valid_utf8_with_a_nul_stays_utf8() {
        // Found by prop_text: one NUL on an odd offset in four bytes of valid UTF-8.
        assert_eq!(sniff_utf16("Ⅻ\0".as_bytes()), None);
        assert_eq!(sniff_utf16("ab\0c\0d\0".as_bytes()), None);
        // Four NULs, densely placed, in ASCII-only UTF-16LE: still UTF-16.
        let le: Vec<u8> = "abcd".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(sniff_utf16(&le), Some(UTF_16LE));
    }

    #[test]
    fn few_nuls_are_text_many_are_binary() {
        let mut text = "plain text ".repeat(20).into_bytes();
        text.push(0);
        assert_eq!(binary_reason(&text, None), None);
        assert!(binary_reason(&[0u8; 64], None).is_some());
        assert_eq!(binary_reason(b"\xff\xfea\0b\0", None), None);
        assert!(binary_reason(b"%PDF-1.4", None).is_some());
    }

    #[test]
    fn empty_input_is_empty_utf8_text() {
        assert_eq!(binary_reason(b"", None), None);
        let decoded = decode(b"", None, false);
        assert_eq!(decoded.text, "");
        assert_eq!(decoded.encoding, UTF_8);
    }
}
