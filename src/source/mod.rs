//! Sources: bytes on disk -> decoded text -> the checkable text of a plain, Markdown or HTML
//! file, with an offset map from every checkable byte back to the decoded text.
//!
//! Diagnostics index into [`Source::text`] (the decoded original), never into the extracted
//! text; [`Extracted::map`] is how a hit in the extracted text finds its way back.
#![deny(missing_docs)]

mod builder;
mod decode;
mod html;
mod markdown;

use std::ops::Range;
use std::path::Path;

use crate::text::offset::OffsetMap;

pub use decode::{binary_reason, decode, Decoded};

/// What kind of markup a source holds, which decides how its checkable text is extracted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// Plain text: checked as it is.
    Text,
    /// Markdown (CommonMark with tables and YAML front matter).
    Markdown,
    /// HTML: visible text and the attributes people read (alt, title, meta description).
    Html,
}

/// The kind a file's extension implies, if it names one we know.
pub fn kind_from_path(path: &Path) -> Option<Kind> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "txt" | "text" => Some(Kind::Text),
        "md" | "markdown" | "mdx" => Some(Kind::Markdown),
        "html" | "htm" | "xhtml" | "shtml" => Some(Kind::Html),
        _ => None,
    }
}

/// How far into a text [`sniff_kind`] looks for HTML markers.
const SNIFF_LEN: usize = 1024;

/// Guesses the kind of a text with no telling extension (stdin, `.php` dumps, extensionless
/// saved pages): HTML if an HTML marker appears near the start, otherwise plain text.
///
/// Markdown is never guessed: plain prose is valid Markdown, and checking it as text loses
/// nothing but code-block skipping.
pub fn sniff_kind(text: &str) -> Kind {
    if looks_like_html(text.as_bytes()) {
        Kind::Html
    } else {
        Kind::Text
    }
}

/// The byte-level test behind [`sniff_kind`], shared with decoding (which must decide before
/// it has text whether to look for a `<meta charset>`).
pub(crate) fn looks_like_html(bytes: &[u8]) -> bool {
    const MARKERS: [&[u8]; 5] = [b"<!doctype html", b"<html", b"<head", b"<body", b"<meta"];
    let head = bytes.get(..SNIFF_LEN).unwrap_or(bytes);
    head.iter().enumerate().any(|(i, &b)| {
        b == b'<'
            && head
                .get(i..)
                .is_some_and(|rest| MARKERS.iter().any(|m| starts_with_ignore_case(rest, m)))
    })
}

fn starts_with_ignore_case(hay: &[u8], needle: &[u8]) -> bool {
    hay.get(..needle.len())
        .is_some_and(|h| h.eq_ignore_ascii_case(needle))
}

/// Caller overrides for [`load`]; the default detects everything.
#[derive(Debug, Clone, Copy, Default)]
pub struct SourceOptions {
    /// Decode with this encoding whatever the bytes say (`--encoding`).
    pub encoding: Option<&'static encoding_rs::Encoding>,
    /// Treat the source as this kind whatever its name says (`--kind`, stdin).
    pub kind: Option<Kind>,
}

/// A decoded source file and its checkable text.
#[derive(Debug, Clone)]
pub struct Source {
    /// The decoded original text (byte order mark removed); diagnostic spans are byte offsets
    /// into this.
    pub text: String,
    /// The kind the text was extracted as.
    pub kind: Kind,
    /// The encoding the bytes were decoded from, by its WHATWG name ("UTF-8", "Shift_JIS", ...).
    pub encoding: &'static str,
    /// Problems worth telling the user that did not stop the file from being checked.
    pub warnings: Vec<String>,
    /// The text to check, mapped back to [`Source::text`].
    pub extracted: Extracted,
}

/// The checkable text of a source, with its offset map and the comments found in it.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// Prose only: markup removed, entities decoded, paragraphs separated by "\n\n".
    pub text: String,
    /// Maps byte offsets of [`Extracted::text`] to byte offsets of the source text.
    pub map: OffsetMap,
    /// HTML comments (`<!-- -->`) in source order; suppression directives live there.
    pub comments: Vec<Comment>,
    /// Parts of the source left out of the text, and why (nesting too deep), with their line.
    pub notices: Vec<String>,
}

/// An HTML comment, in an HTML file or in Markdown.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Comment {
    /// The whole comment, `<!--` to `-->`, as a byte range of the source text.
    pub span: Range<usize>,
    /// The text between `<!--` and `-->`, unchanged.
    pub body: String,
}

/// What [`load`] made of a file's bytes.
#[derive(Debug, Clone)]
pub enum Loaded {
    /// A text file, decoded and extracted.
    Source(Source),
    /// A file that is not text (an image, an archive, an executable), which is not checked.
    Binary {
        /// Why the bytes were judged binary, for the report.
        reason: String,
    },
}

/// Decodes a file's bytes and extracts its checkable text.
///
/// `path` is used only for its extension; `opts` overrides detection. Never fails: bytes that do
/// not decode become U+FFFD with a warning, and non-text files come back as [`Loaded::Binary`].
pub fn load(bytes: &[u8], path: Option<&Path>, opts: &SourceOptions) -> Loaded {
    match decode_bytes(bytes, path, opts) {
        Ok((decoded, declared)) => extract_decoded(decoded, declared),
        Err(reason) => Loaded::Binary { reason },
    }
}

/// [`load`] for bytes the caller gives up: they are dropped once decoded, before extraction, so
/// a large file is held twice (decoded and extracted text) at the peak, not three times.
pub fn load_owned(bytes: Vec<u8>, path: Option<&Path>, opts: &SourceOptions) -> Loaded {
    let decoded = decode_bytes(&bytes, path, opts);
    drop(bytes);
    match decoded {
        Ok((decoded, declared)) => extract_decoded(decoded, declared),
        Err(reason) => Loaded::Binary { reason },
    }
}

/// The first half of [`load`]: the decoded text and the kind the path or options declare, or
/// why the bytes are binary.
fn decode_bytes(
    bytes: &[u8],
    path: Option<&Path>,
    opts: &SourceOptions,
) -> Result<(decode::Decoded, Option<Kind>), String> {
    let declared = opts.kind.or_else(|| path.and_then(kind_from_path));
    if let Some(reason) = binary_reason(bytes, opts.encoding) {
        return Err(reason);
    }
    // A meta charset is only meaningful in HTML; when the kind is still open, look at the bytes.
    let html_hint = match declared {
        Some(kind) => kind == Kind::Html,
        None => looks_like_html(bytes),
    };
    Ok((decode(bytes, opts.encoding, html_hint), declared))
}

/// The second half of [`load`]: the kind, then the checkable text.
fn extract_decoded(decoded: decode::Decoded, declared: Option<Kind>) -> Loaded {
    let kind = declared.unwrap_or_else(|| sniff_kind(&decoded.text));
    let extracted = extract(&decoded.text, kind);
    let mut warnings = decoded.warnings;
    warnings.extend(extracted.notices.iter().cloned());
    Loaded::Source(Source {
        text: decoded.text,
        kind,
        encoding: decoded.encoding.name(),
        warnings,
        extracted,
    })
}

/// Extracts the checkable text of an already decoded `text` of the given kind.
pub fn extract(text: &str, kind: Kind) -> Extracted {
    match kind {
        Kind::Text => Extracted {
            text: text.to_owned(),
            map: OffsetMap::identity(text.len()),
            comments: Vec::new(),
            notices: Vec::new(),
        },
        Kind::Markdown => markdown::extract(text),
        Kind::Html => html::extract(text),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_pick_kinds() {
        assert_eq!(kind_from_path(Path::new("a/b.MD")), Some(Kind::Markdown));
        assert_eq!(kind_from_path(Path::new("x.shtml")), Some(Kind::Html));
        assert_eq!(kind_from_path(Path::new("x.text")), Some(Kind::Text));
        assert_eq!(kind_from_path(Path::new("x.php")), None);
        assert_eq!(kind_from_path(Path::new("README")), None);
    }

    #[test]
    fn sniffing_finds_html_markers_near_the_start() {
        assert_eq!(sniff_kind("  <!DOCTYPE html><p>x"), Kind::Html);
        assert_eq!(sniff_kind("<HTML lang=ja>"), Kind::Html);
        assert_eq!(sniff_kind("<meta charset=utf-8>"), Kind::Html);
        assert_eq!(sniff_kind("plain <b>bold</b> text"), Kind::Text);
        let late = format!("{}<html>", "x".repeat(2000));
        assert_eq!(sniff_kind(&late), Kind::Text);
        assert_eq!(sniff_kind(""), Kind::Text);
        assert_eq!(sniff_kind("<"), Kind::Text);
    }

    #[test]
    fn loading_owned_bytes_gives_what_loading_borrowed_bytes_gives() {
        let sjis = encoding_rs::SHIFT_JIS
            .encode("当院の治療で完治します。")
            .0
            .into_owned();
        let inputs: Vec<(Vec<u8>, &str)> = vec![
            ("当院なら完治。\n".into(), "a.txt"),
            (b"\xEF\xBB\xBF# t\n\n\xE5\xAE\x8C".to_vec(), "a.md"),
            (b"<html><meta charset=shift_jis><p>".to_vec(), "a.html"),
            (sjis, "b.txt"),
            (b"\x00\x00\x00\x00PNG\x00\x00".to_vec(), "x.png"),
            (b"bad \xFF utf-8".to_vec(), "c"),
        ];
        let show = |l: Loaded| match l {
            Loaded::Binary { reason } => format!("binary: {reason}"),
            Loaded::Source(s) => format!(
                "{:?} {} {:?} {:?} {:?}",
                s.kind, s.encoding, s.text, s.warnings, s.extracted.text
            ),
        };
        for (bytes, name) in inputs {
            let opts = SourceOptions::default();
            let path = Some(Path::new(name));
            let borrowed = show(load(&bytes, path, &opts));
            assert_eq!(show(load_owned(bytes, path, &opts)), borrowed, "{name}");
        }
    }
}
