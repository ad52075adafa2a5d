//! What a run checks and how it names it: an [`Input`] (a file or standard input) and the
//! path as reports, baselines and errors show it. Plain data at the bottom of the crate.

use std::path::{Path, PathBuf};

/// Something to check.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Input {
    /// Standard input, shown as `<stdin>`.
    Stdin,
    /// A file.
    Path(PathBuf),
}

impl Input {
    /// The name shown in reports ([`shown_path`]).
    pub fn display(&self) -> String {
        match self {
            Input::Stdin => "<stdin>".to_string(),
            Input::Path(p) => shown_path(p),
        }
    }
}

/// A path as reports, baselines and errors show it: exact and printable. Bytes that are not
/// UTF-8 are written `\xFF` (a lossy `�` made 128 different names print alike, and a baseline
/// entry for one hid new findings in another), control characters `\x1B` / `\u{85}` (an ESC
/// in a name was printed raw to the terminal), and on Unix a backslash `\\`, so different
/// names never show alike. Ordinary names are shown unchanged; [`path_from_shown`] reverses it.
///
/// A line feed or tab in a name is kept: machine formats escape it themselves (JSON `\n`), and
/// the human reporter writes it as `\x0A` ([`crate::report::printable_path`]).
pub fn shown_path(p: &Path) -> String {
    #[cfg(unix)]
    let bytes = {
        use std::os::unix::ffi::OsStrExt;
        p.as_os_str().as_bytes()
    };
    #[cfg(not(unix))]
    let lossy = p.to_string_lossy();
    #[cfg(not(unix))]
    let bytes = lossy.as_bytes();
    let plain = std::str::from_utf8(bytes).is_ok_and(|s| {
        !s.chars()
            .any(|c| c.is_control() || (cfg!(unix) && c == '\\'))
    });
    if plain {
        return String::from_utf8_lossy(bytes).into_owned();
    }
    use std::fmt::Write;
    let mut out = String::with_capacity(bytes.len() + 8);
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' if cfg!(unix) => out.push_str("\\\\"),
                c if c.is_ascii_control() && escaped(c) => {
                    let _ = write!(out, "\\x{:02X}", u32::from(c));
                }
                c if escaped(c) => {
                    let _ = write!(out, "\\u{{{:X}}}", u32::from(c));
                }
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            let _ = write!(out, "\\x{b:02X}");
        }
    }
    out
}

/// Control characters [`shown_path`] escapes: all but line feed and tab.
fn escaped(c: char) -> bool {
    c.is_control() && c != '\n' && c != '\t'
}

/// The path a [`shown_path`] string names (Unix: escapes turned back into bytes).
pub fn path_from_shown(shown: &str) -> PathBuf {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        if !shown.contains('\\') {
            return PathBuf::from(shown);
        }
        let mut bytes = Vec::with_capacity(shown.len());
        let mut rest = shown;
        while let Some(at) = rest.find('\\') {
            bytes.extend_from_slice(rest.get(..at).unwrap_or_default().as_bytes());
            let esc = rest.get(at + 1..).unwrap_or_default();
            let hex = |s: &str| u32::from_str_radix(s, 16).ok();
            if let Some(tail) = esc.strip_prefix('\\') {
                bytes.push(b'\\');
                rest = tail;
            } else if let Some(b) = esc
                .strip_prefix('x')
                .and_then(|e| e.get(..2))
                .and_then(hex)
                .and_then(|v| u8::try_from(v).ok())
            {
                bytes.push(b);
                rest = esc.get(3..).unwrap_or_default();
            } else if let Some((c, len)) = esc.strip_prefix("u{").and_then(|e| {
                let end = e.find('}')?;
                let c = char::from_u32(hex(e.get(..end)?)?)?;
                Some((c, end + 3))
            }) {
                bytes.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
                rest = esc.get(len..).unwrap_or_default();
            } else {
                bytes.push(b'\\');
                rest = esc;
            }
        }
        bytes.extend_from_slice(rest.as_bytes());
        PathBuf::from(std::ffi::OsStr::from_bytes(&bytes))
    }
    #[cfg(not(unix))]
    {
        PathBuf::from(shown)
    }
}

/// A path as reports show it: relative to the working directory where it lies under it,
/// without a leading `./`, with `/` separators.
pub fn relative_path(path: &str) -> String {
    let p = std::path::Path::new(path);
    let rel = if p.is_absolute() {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| p.strip_prefix(cwd).ok().map(|r| r.to_path_buf()))
            .unwrap_or_else(|| p.to_path_buf())
    } else {
        p.to_path_buf()
    };
    let s = rel.to_string_lossy();
    // Windows separators become `/`; on Unix a backslash is part of a name (or of an escape
    // made by [`shown_path`]).
    let s = if std::path::MAIN_SEPARATOR == '\\' {
        s.replace('\\', "/")
    } else {
        s.into_owned()
    };
    let mut s = s.as_str();
    while let Some(rest) = s.strip_prefix("./") {
        s = rest;
    }
    s.to_string()
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::ffi::OsStrExt;

    #[test]
    fn shown_paths_are_exact_printable_and_reversible() {
        let names: [&[u8]; 7] = [
            b"site/a.txt",
            b"x\xff.txt",
            b"esc\x1b[1m.txt",
            b"back\\slash\\x41.txt",
            "c1\u{85}.txt".as_bytes(),
            "日本語.md".as_bytes(),
            b"new\nline\t.txt",
        ];
        let shown: Vec<String> = names
            .iter()
            .map(|n| shown_path(Path::new(std::ffi::OsStr::from_bytes(n))))
            .collect();
        assert_eq!(
            shown,
            [
                "site/a.txt",
                "x\\xFF.txt",
                "esc\\x1B[1m.txt",
                "back\\\\slash\\\\x41.txt",
                "c1\\u{85}.txt",
                "日本語.md",
                "new\nline\t.txt"
            ]
        );
        for (n, s) in names.iter().zip(&shown) {
            assert_eq!(path_from_shown(s).as_os_str().as_bytes(), *n);
        }
    }
}
