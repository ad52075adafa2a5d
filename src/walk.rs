//! Walking: paths given on the command line or in a list file -> the sorted [`Input`]s to check.
//!
//! Directories are walked with the `ignore` crate, as ripgrep walks them: `.gitignore`, `.ignore`
//! and `.git/info/exclude` are honoured, hidden entries are skipped, `--glob`/`--exclude` filter
//! what is found. Paths named explicitly are always checked, whatever the ignore rules say.
//! Symbolic links are followed only when asked; a broken link or a loop is an error for that
//! path, never a hang, and the rest of the walk goes on.
//!
//! A walk keeps only files of the selected types (by extension, as `rg --type` and ruff do): by
//! default prose and pages ([`DEFAULT_TYPES`]), so a directory's SARIF output, config file,
//! scripts and style sheets are not checked as copy. A file named explicitly is checked
//! whatever its extension, unless it is a PDF, an office document or binary, which is an error
//! for that path rather than a silent skip.

use crate::error::Error;
use crate::input::{shown_path, Input};
use ignore::overrides::OverrideBuilder;
use ignore::WalkBuilder;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The file types a directory walk checks by default: name and extensions.
pub const DEFAULT_TYPES: [(&str, &[&str]); 5] = [
    ("text", &["txt", "text"]),
    ("markdown", &["md", "markdown", "mdx", "mkd", "mdown"]),
    ("html", &["html", "htm", "xhtml", "shtml"]),
    ("rst", &["rst"]),
    ("asciidoc", &["adoc", "asciidoc"]),
];

/// The `--type` name that selects every file, whatever its extension.
pub const ALL_TYPES: &str = "all";

/// Document formats whose text claimlint cannot read: named explicitly, they are an error.
const DOCUMENT_FORMATS: [&str; 12] = [
    "pdf", "doc", "docx", "odt", "rtf", "pages", "xls", "xlsx", "ppt", "pptx", "key", "epub",
];

/// The extensions a walk keeps (`None`: every file), from `--type` names (empty: the config's
/// `extensions`, else [`DEFAULT_TYPES`]) plus `--type-add` extensions. An unknown type name is
/// a usage error listing the known ones.
pub fn select_extensions(
    types: &[String],
    added: &[String],
    config: Option<&[String]>,
) -> Result<Option<BTreeSet<String>>, Error> {
    let norm = |e: &str| e.trim_start_matches('.').to_lowercase();
    let mut set: BTreeSet<String> = BTreeSet::new();
    if types.is_empty() {
        match config {
            Some(exts) => set.extend(exts.iter().map(|e| norm(e))),
            None => set.extend(
                DEFAULT_TYPES
                    .iter()
                    .flat_map(|(_, exts)| exts.iter().map(|e| e.to_string())),
            ),
        }
    }
    for t in types.iter().flat_map(|t| t.split(',')) {
        if t == ALL_TYPES {
            return Ok(None);
        }
        let Some((_, exts)) = DEFAULT_TYPES.iter().find(|(name, _)| *name == t) else {
            let known: Vec<&str> = DEFAULT_TYPES.iter().map(|(n, _)| *n).collect();
            return Err(Error::Usage(format!(
                "unknown file type `{t}` (known: {}, {ALL_TYPES}; add an extension with --type-add EXT)",
                known.join(", ")
            )));
        };
        set.extend(exts.iter().map(|e| e.to_string()));
    }
    set.extend(added.iter().map(|e| norm(e)));
    Ok(Some(set))
}

/// The error for a run whose paths held no file to check (an empty directory, everything
/// ignored or of another type): a check of nothing must not pass as "0 errors".
pub fn nothing_to_check(paths: &[PathBuf]) -> Error {
    let shown: Vec<String> = paths.iter().map(|p| shown_path(p)).collect();
    Error::Usage(format!(
        "no files to check in {}: nothing of the selected types ({}) was found; \
         name files explicitly, or widen the walk with --type all, --type-add EXT or --no-ignore",
        shown.join(", "),
        DEFAULT_TYPES
            .iter()
            .map(|(n, _)| *n)
            .collect::<Vec<_>>()
            .join(", ")
    ))
}

/// Whether a walk with these extensions keeps `path`.
fn selected(path: &Path, extensions: Option<&BTreeSet<String>>) -> bool {
    let Some(set) = extensions else {
        return true;
    };
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| set.contains(&e.to_lowercase()))
}

/// Why an explicitly named file cannot be checked (a PDF, an office document, binary bytes).
fn unreadable_format(path: &Path) -> Option<String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_lowercase);
    if let Some(ext) = ext.filter(|e| DOCUMENT_FORMATS.contains(&e.as_str())) {
        return Some(format!(
            "a .{ext} file is not text; extract its text first (e.g. `pdftotext FILE - | claimlint check --stdin-filename FILE.txt`)"
        ));
    }
    use std::io::Read;
    let mut head = Vec::with_capacity(8192);
    let file = std::fs::File::open(path).ok()?;
    file.take(8192).read_to_end(&mut head).ok()?;
    binary_refusal(&head)
}

/// Why bytes given explicitly (a named file, standard input) are refused as binary, if they are.
pub(crate) fn binary_refusal(bytes: &[u8]) -> Option<String> {
    let head = bytes.get(..8192).unwrap_or(bytes);
    crate::source::binary_reason(head, None).map(|reason| {
        format!("binary file ({reason}); claimlint checks plain text, Markdown and HTML")
    })
}

/// How directories are walked.
#[derive(Debug, Clone, Default)]
pub struct WalkOptions {
    /// Include hidden files and directories (names starting with `.`).
    pub hidden: bool,
    /// Follow symbolic links found while walking (`-L`).
    pub follow: bool,
    /// Do not read `.gitignore`, `.ignore` or `.git/info/exclude`.
    pub no_ignore: bool,
    /// Only files matching one of these gitignore-style globs (`--glob`).
    pub globs: Vec<String>,
    /// Skip files and directories matching these globs (`--exclude`).
    pub excludes: Vec<String>,
    /// Keep only walked files with these extensions (lowercase, no dot); `None` keeps every
    /// file. See [`select_extensions`].
    pub extensions: Option<BTreeSet<String>>,
}

/// Expands `paths` into the inputs to check, sorted by their shown path and without repeats.
///
/// No paths means standard input; `-` is standard input. Files are taken as given (a PDF, an
/// office document or a binary file is an error); directories are walked, keeping the files
/// with the selected extensions. Paths that cannot be read or walked go to the returned errors. A malformed glob
/// is a usage error for the whole run.
pub fn collect(paths: &[PathBuf], opts: &WalkOptions) -> Result<(Vec<Input>, Vec<Error>), Error> {
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    let mut dirs = Vec::new();
    if paths.is_empty() {
        inputs.push(Input::Stdin);
    }
    for p in paths {
        if p.as_os_str() == "-" {
            inputs.push(Input::Stdin);
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => dirs.push(p.clone()),
            Ok(_) => match unreadable_format(p) {
                Some(message) => errors.push(Error::Io {
                    path: shown_path(p),
                    message,
                }),
                None => inputs.push(Input::Path(p.clone())),
            },
            Err(e) => errors.push(Error::io(shown_path(p), &e)),
        }
    }
    if let Some((first, rest)) = dirs.split_first() {
        let mut builder = WalkBuilder::new(first);
        for d in rest {
            builder.add(d);
        }
        configure(&mut builder, opts)?;
        walk(builder, opts, &mut inputs, &mut errors);
    }
    // Sorted by the name reports show, so output is in the same order whatever the walk order
    // or the number of threads.
    inputs.sort_by_cached_key(Input::display);
    inputs.dedup();
    Ok((inputs, errors))
}

fn configure(builder: &mut WalkBuilder, opts: &WalkOptions) -> Result<(), Error> {
    builder
        .hidden(!opts.hidden)
        .follow_links(opts.follow)
        .parents(!opts.no_ignore)
        .ignore(!opts.no_ignore)
        .git_ignore(!opts.no_ignore)
        .git_exclude(!opts.no_ignore)
        // A saved site is rarely a git repository, and its .gitignore still says what to skip.
        .require_git(false)
        // The user's global excludes are not part of the corpus: the same tree must give the
        // same report on every machine.
        .git_global(false)
        // Sorted walking makes the order of walk errors the same on every file system.
        .sort_by_file_name(|a, b| a.cmp(b));
    if !opts.globs.is_empty() || !opts.excludes.is_empty() {
        // Globs are relative to the working directory, as in ripgrep; a glob without a slash
        // matches a name at any depth.
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut ov = OverrideBuilder::new(cwd);
        let bad = |g: &str, e: ignore::Error| Error::Usage(format!("invalid glob `{g}`: {e}"));
        for g in &opts.globs {
            ov.add(g).map_err(|e| bad(g, e))?;
        }
        for g in &opts.excludes {
            ov.add(&format!("!{g}")).map_err(|e| bad(g, e))?;
        }
        let ov = ov
            .build()
            .map_err(|e| Error::Usage(format!("invalid glob: {e}")))?;
        builder.overrides(ov);
    }
    Ok(())
}

fn walk(
    builder: WalkBuilder,
    opts: &WalkOptions,
    inputs: &mut Vec<Input>,
    errors: &mut Vec<Error>,
) {
    for entry in builder.build() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                errors.push(walk_error(&e, None));
                continue;
            }
        };
        // Ignore files that failed to parse are reported but do not stop the walk.
        if let Some(e) = entry.error() {
            errors.push(walk_error(e, Some(entry.path())));
        }
        let Some(ft) = entry.file_type() else {
            continue;
        };
        if ft.is_file() {
            if !selected(entry.path(), opts.extensions.as_ref()) {
                continue;
            }
            inputs.push(Input::Path(entry.into_path()));
        } else if ft.is_symlink() && !opts.follow {
            // Not followed (as ripgrep), but a dangling link in a saved site means a page is
            // missing, which the user should hear about.
            if let Err(e) = std::fs::metadata(entry.path()) {
                errors.push(Error::Io {
                    path: shown_path(entry.path()),
                    message: if e.kind() == std::io::ErrorKind::NotFound {
                        BROKEN_LINK.into()
                    } else {
                        e.to_string()
                    },
                });
            }
        }
    }
}

const BROKEN_LINK: &str = "broken symbolic link (its target does not exist)";
const LOOP: &str = "symbolic link loop";

/// Whether `err` is a walk error for a symbolic link loop (which the walk did not follow).
pub fn is_symlink_loop(err: &Error) -> bool {
    matches!(err, Error::Io { message, .. } if message.starts_with(LOOP))
}

/// An `ignore` walk error as our error, naming the path it happened at.
fn walk_error(err: &ignore::Error, at: Option<&Path>) -> Error {
    let path = error_path(err).or(at).map(shown_path).unwrap_or_default();
    let message = match innermost(err) {
        ignore::Error::Loop { ancestor, .. } => format!(
            "{LOOP} (points to its ancestor {}); not followed",
            ancestor.display()
        ),
        ignore::Error::Io(e) if e.kind() == std::io::ErrorKind::NotFound => BROKEN_LINK.into(),
        other => other.to_string(),
    };
    Error::Io { path, message }
}

fn error_path(err: &ignore::Error) -> Option<&Path> {
    match err {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::Loop { child, .. } => Some(child),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

fn innermost(err: &ignore::Error) -> &ignore::Error {
    match err {
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => innermost(err),
        other => other,
    }
}

/// Parses a list of paths (`--files-from`): one per line, or NUL-separated when `nul` is set.
///
/// Empty entries are skipped; in line mode a trailing `\r` is dropped (lists written on Windows).
/// On Unix the bytes are taken as they are, so any file name a crawler wrote can be listed.
pub fn parse_path_list(bytes: &[u8], nul: bool) -> Vec<PathBuf> {
    let sep = if nul { b'\0' } else { b'\n' };
    bytes
        .split(|&b| b == sep)
        .map(|entry| {
            if nul {
                entry
            } else {
                entry.strip_suffix(b"\r").unwrap_or(entry)
            }
        })
        .filter(|entry| !entry.is_empty())
        .map(path_from_bytes)
        .collect()
}

#[cfg(unix)]
fn path_from_bytes(b: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(b))
}

#[cfg(not(unix))]
fn path_from_bytes(b: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(b).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_list_lines_drop_cr_and_blanks() {
        let got = parse_path_list(b"a.html\r\n\nb c.html\n", false);
        assert_eq!(
            got,
            vec![PathBuf::from("a.html"), PathBuf::from("b c.html")]
        );
    }

    #[test]
    fn path_list_nul_keeps_newlines_in_names() {
        let got = parse_path_list(b"a\nb.html\0c.html\0", true);
        assert_eq!(
            got,
            vec![PathBuf::from("a\nb.html"), PathBuf::from("c.html")]
        );
    }
}
