//! Walking directory trees: ignore files, hidden files, globs, path lists, symlinks.

mod batch_support;
use batch_support::{check, put};

const FLAGGED: &str = "A miracle cure for knees.\n";

#[test]
fn gitignore_ignore_and_hidden_entries_are_skipped_by_default() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    put(root, "site/a.txt", FLAGGED);
    put(root, "site/.gitignore", "ignored.txt\n");
    put(root, "site/ignored.txt", FLAGGED);
    put(root, "site/sub/.ignore", "drop.txt\n");
    put(root, "site/sub/drop.txt", FLAGGED);
    put(root, "site/sub/keep.txt", FLAGGED);
    put(root, "site/.hidden/h.txt", FLAGGED);
    put(root, "site/.h.txt", FLAGGED);

    let out = check(root, &["site", "--format", "json"], b"");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.json_paths(), ["site/a.txt", "site/sub/keep.txt"]);

    let out = check(root, &["site", "--format", "json", "--hidden"], b"");
    assert_eq!(
        out.json_paths(),
        [
            "site/.h.txt",
            "site/.hidden/h.txt",
            "site/a.txt",
            "site/sub/keep.txt"
        ]
    );

    let out = check(root, &["site", "--format", "json", "--no-ignore"], b"");
    assert_eq!(
        out.json_paths(),
        [
            "site/a.txt",
            "site/ignored.txt",
            "site/sub/drop.txt",
            "site/sub/keep.txt"
        ]
    );
}

#[test]
fn a_path_named_explicitly_is_checked_even_when_ignored_or_hidden() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    put(root, "site/.gitignore", "ignored.txt\n");
    put(root, "site/ignored.txt", FLAGGED);
    put(root, "site/.h.txt", FLAGGED);
    let out = check(
        root,
        &["site/ignored.txt", "site/.h.txt", "--format", "json"],
        b"",
    );
    assert_eq!(out.json_paths(), ["site/.h.txt", "site/ignored.txt"]);
}

#[test]
fn glob_selects_and_exclude_removes() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    for f in ["a.html", "b.txt", "drafts/c.html", "sub/d.html", "sub/e.md"] {
        put(root, &format!("site/{f}"), FLAGGED);
    }
    let paths = |args: &[&str]| {
        let mut all = vec!["site", "--format", "json"];
        all.extend_from_slice(args);
        let out = check(root, &all, b"");
        assert_eq!(out.code, 1, "{}", out.stderr);
        out.json_paths()
    };
    assert_eq!(
        paths(&["--glob", "*.html"]),
        ["site/a.html", "site/drafts/c.html", "site/sub/d.html"]
    );
    assert_eq!(
        paths(&["--glob", "*.html", "--glob", "*.md", "--exclude", "drafts"]),
        ["site/a.html", "site/sub/d.html", "site/sub/e.md"]
    );
    assert_eq!(
        paths(&["--exclude", "*.html", "--exclude", "sub"]),
        ["site/b.txt"]
    );
    // -g is --glob.
    assert_eq!(paths(&["-g", "*.md"]), ["site/sub/e.md"]);
}

#[test]
fn an_invalid_glob_is_a_usage_error() {
    let t = tempfile::tempdir().unwrap();
    put(t.path(), "site/a.txt", FLAGGED);
    let out = check(t.path(), &["site", "--glob", "a{b"], b"");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("invalid glob `a{b`"), "{}", out.stderr);
}

#[test]
fn files_from_reads_lines_and_nul_separated_lists() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    put(root, "pages/one.html", FLAGGED);
    put(root, "pages/two words.txt", FLAGGED);
    put(root, "pages/dir/three.txt", FLAGGED);
    put(root, "pages/not-listed.txt", FLAGGED);
    put(root, "pages/new\nline.txt", FLAGGED);

    // CRLF line ends and blank lines, as a Windows crawler writes them; a directory is walked.
    put(
        root,
        "list.txt",
        "pages/two words.txt\r\n\r\npages/one.html\r\npages/dir\r\n",
    );
    let out = check(root, &["--files-from", "list.txt", "--format", "json"], b"");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(
        out.json_paths(),
        [
            "pages/dir/three.txt",
            "pages/one.html",
            "pages/two words.txt"
        ]
    );

    // NUL-separated (find -print0), so a name may hold a newline; the list comes from stdin.
    let list = b"pages/new\nline.txt\0pages/one.html\0";
    let out = check(root, &["--files-from", "-", "-0", "--format", "json"], list);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.json_paths(), ["pages/new\nline.txt", "pages/one.html"]);

    // Listed and positional paths are checked together.
    put(root, "short.txt", "pages/one.html\n");
    let out = check(
        root,
        &["--files-from", "short.txt", "pages/dir", "--format", "json"],
        b"",
    );
    assert_eq!(out.json_paths(), ["pages/dir/three.txt", "pages/one.html"]);
}

#[test]
fn an_empty_files_from_list_checks_nothing_and_does_not_read_stdin() {
    let t = tempfile::tempdir().unwrap();
    put(t.path(), "empty.txt", "");
    let out = check(
        t.path(),
        &["--files-from", "empty.txt", "--format", "json"],
        FLAGGED.as_bytes(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.json_paths().is_empty());
}

#[test]
fn files_from_stdin_and_stdin_as_input_conflict() {
    let t = tempfile::tempdir().unwrap();
    let out = check(t.path(), &["--files-from", "-", "-"], b"a.txt\n");
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("standard input"), "{}", out.stderr);
}

#[test]
fn a_missing_listed_file_is_reported_and_the_others_still_checked() {
    let t = tempfile::tempdir().unwrap();
    put(t.path(), "a.txt", FLAGGED);
    put(t.path(), "list.txt", "a.txt\nmissing.txt\n");
    let out = check(
        t.path(),
        &["--files-from", "list.txt", "--format", "json"],
        b"",
    );
    assert_eq!(out.code, 2);
    assert_eq!(out.json_paths(), ["a.txt"]);
    assert!(out.stderr.contains("missing.txt"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn broken_symlink_and_symlink_loop_are_reported_and_others_checked() {
    use std::os::unix::fs::symlink;
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    put(root, "site/good.txt", FLAGGED);
    put(root, "site/sub/inner.txt", FLAGGED);
    symlink("does-not-exist.txt", root.join("site/broken.txt")).unwrap();
    // A directory link to its own ancestor: following it naively never ends.
    symlink("..", root.join("site/sub/loop")).unwrap();

    // Without -L links are not followed (so no loop), but a dangling one is still reported.
    let out = check(root, &["site", "--format", "json"], b"");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.json_paths(), ["site/good.txt", "site/sub/inner.txt"]);
    assert!(
        out.stderr.contains("site/broken.txt") && out.stderr.contains("broken symbolic link"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("loop"), "{}", out.stderr);

    // With -L the loop is found, reported, and not followed; every real file is checked once.
    let out = check(root, &["site", "-L", "--format", "json"], b"");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert_eq!(out.json_paths(), ["site/good.txt", "site/sub/inner.txt"]);
    assert!(out.stderr.contains("site/sub/loop"), "{}", out.stderr);
    assert!(out.stderr.contains("symbolic link loop"), "{}", out.stderr);
    assert!(
        out.stderr.contains("broken symbolic link"),
        "{}",
        out.stderr
    );
    // The report itself is complete and valid.
    assert_eq!(out.json()["summary"]["errors"], 2);
}

#[test]
fn a_directory_walk_checks_prose_and_pages_not_its_own_reports_config_or_scripts() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    for name in [
        "site/a.txt",
        "site/b.md",
        "site/c.html",
        "site/d.HTM",
        "site/e.rst",
        "site/f.adoc",
        "site/g.mdx",
    ] {
        put(root, name, FLAGGED);
    }
    for name in [
        "site/report.sarif",
        "site/report.json",
        "site/claimlint.yaml",
        "site/app.js",
        "site/style.css",
        "site/notes",
    ] {
        put(root, name, FLAGGED);
    }
    let out = check(root, &["site", "--format", "json"], b"");
    assert_eq!(
        out.json_paths(),
        [
            "site/a.txt",
            "site/b.md",
            "site/c.html",
            "site/d.HTM",
            "site/e.rst",
            "site/f.adoc",
            "site/g.mdx"
        ]
    );
    let out = check(
        root,
        &[
            "site",
            "--type",
            "markdown",
            "--type-add",
            "js",
            "--format",
            "json",
        ],
        b"",
    );
    assert_eq!(out.json_paths(), ["site/app.js", "site/b.md", "site/g.mdx"]);
    let out = check(root, &["site", "--type", "all", "--format", "json"], b"");
    assert_eq!(out.json_paths().len(), 13);
    // Named explicitly, any text file is checked.
    let out = check(
        root,
        &["site/app.js", "site/notes", "--format", "json"],
        b"",
    );
    assert_eq!(out.json_paths(), ["site/app.js", "site/notes"]);
    // The config's `extensions` replaces the default types.
    put(root, "claimlint.yaml", "extensions: [css, txt]\n");
    let out = check(root, &["site", "--format", "json"], b"");
    assert_eq!(out.json_paths(), ["site/a.txt", "site/style.css"]);
    let out = check(root, &["site", "--type", "nonsense"], b"");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown file type `nonsense`"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_run_that_checks_nothing_exits_2() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    std::fs::create_dir_all(root.join("empty")).unwrap();
    let out = check(root, &["empty"], b"");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no files to check"), "{}", out.stderr);
    put(root, "site/app.js", FLAGGED);
    let out = check(root, &["site"], b"");
    assert_eq!(out.code, 2, "{}", out.stderr);
    assert!(out.stderr.contains("no files to check"), "{}", out.stderr);
}

#[test]
fn an_explicit_pdf_docx_or_binary_file_exits_2_with_a_message() {
    let t = tempfile::tempdir().unwrap();
    let root = t.path();
    put(root, "brochure.pdf", "%PDF-1.4 A miracle cure.\n");
    put(root, "copy.docx", "PK A miracle cure.\n");
    std::fs::write(root.join("data.bin"), [0u8; 256]).unwrap();
    for name in ["brochure.pdf", "copy.docx", "data.bin"] {
        let out = check(root, &[name], b"");
        assert_eq!(out.code, 2, "{name}: {}", out.stderr);
        assert!(out.stderr.contains(name), "{}", out.stderr);
        assert!(
            out.stderr.contains("not text") || out.stderr.contains("binary file"),
            "{}",
            out.stderr
        );
    }
}
