//! Which files a run checks and how it names them: directory walks (ignore files, hidden
//! entries, globs, file types), `--files-from`, standard input and `--stdin-filename`, missing
//! files and symbolic links, and names that are not UTF-8 or hold control bytes.

use crate::common::*;

// Walking directory trees: ignore files, hidden files, globs, path lists, symlinks.

const FLAGGED: &str = "A miracle cure for knees.\n";

#[test]
fn gitignore_ignore_and_hidden_entries_are_skipped_by_default() {
    let t = tempdir();
    let root = t.path();
    write(root, "site/a.txt", FLAGGED);
    write(root, "site/.gitignore", "ignored.txt\n");
    write(root, "site/ignored.txt", FLAGGED);
    write(root, "site/sub/.ignore", "drop.txt\n");
    write(root, "site/sub/drop.txt", FLAGGED);
    write(root, "site/sub/keep.txt", FLAGGED);
    write(root, "site/.hidden/h.txt", FLAGGED);
    write(root, "site/.h.txt", FLAGGED);

    let out = check_batch(root, &["site", "--format", "json"], b"");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(out.json_paths(), ["site/a.txt", "site/sub/keep.txt"]);

    let out = check_batch(root, &["site", "--format", "json", "--hidden"], b"");
    assert_eq!(
        out.json_paths(),
        [
            "site/.h.txt",
            "site/.hidden/h.txt",
            "site/a.txt",
            "site/sub/keep.txt"
        ]
    );

    let out = check_batch(root, &["site", "--format", "json", "--no-ignore"], b"");
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
    let t = tempdir();
    let root = t.path();
    write(root, "site/.gitignore", "ignored.txt\n");
    write(root, "site/ignored.txt", FLAGGED);
    write(root, "site/.h.txt", FLAGGED);
    let out = check_batch(
        root,
        &["site/ignored.txt", "site/.h.txt", "--format", "json"],
        b"",
    );
    assert_eq!(out.json_paths(), ["site/.h.txt", "site/ignored.txt"]);
}

#[test]
fn glob_selects_and_exclude_removes() {
    let t = tempdir();
    let root = t.path();
    for f in ["a.html", "b.txt", "drafts/c.html", "sub/d.html", "sub/e.md"] {
        write(root, &format!("site/{f}"), FLAGGED);
    }
    let paths = |args: &[&str]| {
        let mut all = vec!["site", "--format", "json"];
        all.extend_from_slice(args);
        let out = check_batch(root, &all, b"");
        assert_eq!(out.code, Some(1), "{}", out.stderr);
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
    let t = tempdir();
    write(t.path(), "site/a.txt", FLAGGED);
    let out = check_batch(t.path(), &["site", "--glob", "a{b"], b"");
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("invalid glob `a{b`"), "{}", out.stderr);
}

#[test]
fn files_from_reads_lines_and_nul_separated_lists() {
    let t = tempdir();
    let root = t.path();
    write(root, "pages/one.html", FLAGGED);
    write(root, "pages/two words.txt", FLAGGED);
    write(root, "pages/dir/three.txt", FLAGGED);
    write(root, "pages/not-listed.txt", FLAGGED);
    write(root, "pages/new\nline.txt", FLAGGED);

    // CRLF line ends and blank lines, as a Windows crawler writes them; a directory is walked.
    write(
        root,
        "list.txt",
        "pages/two words.txt\r\n\r\npages/one.html\r\npages/dir\r\n",
    );
    let out = check_batch(root, &["--files-from", "list.txt", "--format", "json"], b"");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
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
    let out = check_batch(root, &["--files-from", "-", "-0", "--format", "json"], list);
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(out.json_paths(), ["pages/new\nline.txt", "pages/one.html"]);

    // Listed and positional paths are checked together.
    write(root, "short.txt", "pages/one.html\n");
    let out = check_batch(
        root,
        &["--files-from", "short.txt", "pages/dir", "--format", "json"],
        b"",
    );
    assert_eq!(out.json_paths(), ["pages/dir/three.txt", "pages/one.html"]);
}

#[test]
fn an_empty_files_from_list_checks_nothing_and_does_not_read_stdin() {
    let t = tempdir();
    write(t.path(), "empty.txt", "");
    let out = check_batch(
        t.path(),
        &["--files-from", "empty.txt", "--format", "json"],
        FLAGGED.as_bytes(),
    );
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    assert!(out.json_paths().is_empty());
}

#[test]
fn files_from_stdin_and_stdin_as_input_conflict() {
    let t = tempdir();
    let out = check_batch(t.path(), &["--files-from", "-", "-"], b"a.txt\n");
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("standard input"), "{}", out.stderr);
}

#[test]
fn a_missing_listed_file_is_reported_and_the_others_still_checked() {
    let t = tempdir();
    write(t.path(), "a.txt", FLAGGED);
    write(t.path(), "list.txt", "a.txt\nmissing.txt\n");
    let out = check_batch(
        t.path(),
        &["--files-from", "list.txt", "--format", "json"],
        b"",
    );
    assert_eq!(out.code, Some(2));
    assert_eq!(out.json_paths(), ["a.txt"]);
    assert!(out.stderr.contains("missing.txt"), "{}", out.stderr);
}

#[cfg(unix)]
#[test]
fn broken_symlink_and_symlink_loop_are_reported_and_others_checked() {
    use std::os::unix::fs::symlink;
    let t = tempdir();
    let root = t.path();
    write(root, "site/good.txt", FLAGGED);
    write(root, "site/sub/inner.txt", FLAGGED);
    symlink("does-not-exist.txt", root.join("site/broken.txt")).unwrap();
    // A directory link to its own ancestor: following it naively never ends.
    symlink("..", root.join("site/sub/loop")).unwrap();

    // Without -L links are not followed (so no loop), but a dangling one is still reported.
    let out = check_batch(root, &["site", "--format", "json"], b"");
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert_eq!(out.json_paths(), ["site/good.txt", "site/sub/inner.txt"]);
    assert!(
        out.stderr.contains("site/broken.txt") && out.stderr.contains("broken symbolic link"),
        "{}",
        out.stderr
    );
    assert!(!out.stderr.contains("loop"), "{}", out.stderr);

    // With -L the loop is found, reported, and not followed; every real file is checked once.
    let out = check_batch(root, &["site", "-L", "--format", "json"], b"");
    assert_eq!(out.code, Some(2), "{}", out.stderr);
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
    let t = tempdir();
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
        write(root, name, FLAGGED);
    }
    for name in [
        "site/report.sarif",
        "site/report.json",
        "site/claimlint.yaml",
        "site/app.js",
        "site/style.css",
        "site/notes",
    ] {
        write(root, name, FLAGGED);
    }
    let out = check_batch(root, &["site", "--format", "json"], b"");
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
    let out = check_batch(
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
    let out = check_batch(root, &["site", "--type", "all", "--format", "json"], b"");
    assert_eq!(out.json_paths().len(), 13);
    // Named explicitly, any text file is checked.
    let out = check_batch(
        root,
        &["site/app.js", "site/notes", "--format", "json"],
        b"",
    );
    assert_eq!(out.json_paths(), ["site/app.js", "site/notes"]);
    // The config's `extensions` replaces the default types.
    write(root, "claimlint.yaml", "extensions: [css, txt]\n");
    let out = check_batch(root, &["site", "--format", "json"], b"");
    assert_eq!(out.json_paths(), ["site/a.txt", "site/style.css"]);
    let out = check_batch(root, &["site", "--type", "nonsense"], b"");
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("unknown file type `nonsense`"),
        "{}",
        out.stderr
    );
}

#[test]
fn a_run_that_checks_nothing_exits_2() {
    let t = tempdir();
    let root = t.path();
    std::fs::create_dir_all(root.join("empty")).unwrap();
    let out = check_batch(root, &["empty"], b"");
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("no files to check"), "{}", out.stderr);
    write(root, "site/app.js", FLAGGED);
    let out = check_batch(root, &["site"], b"");
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(out.stderr.contains("no files to check"), "{}", out.stderr);
}

#[test]
fn an_explicit_pdf_docx_or_binary_file_exits_2_with_a_message() {
    let t = tempdir();
    let root = t.path();
    write(root, "brochure.pdf", "%PDF-1.4 A miracle cure.\n");
    write(root, "copy.docx", "PK A miracle cure.\n");
    std::fs::write(root.join("data.bin"), [0u8; 256]).unwrap();
    for name in ["brochure.pdf", "copy.docx", "data.bin"] {
        let out = check_batch(root, &[name], b"");
        assert_eq!(out.code, Some(2), "{name}: {}", out.stderr);
        assert!(out.stderr.contains(name), "{}", out.stderr);
        assert!(
            out.stderr.contains("not text") || out.stderr.contains("binary file"),
            "{}",
            out.stderr
        );
    }
}

/// Regression (found by prop_text): binary bytes on standard input were skipped with a notice
/// and exit 0, where the same bytes in a file named on the command line exit 2.
#[test]
fn binary_bytes_on_stdin_exit_2_as_an_explicit_binary_file_does() {
    let t = tempdir();
    let out = check_batch(t.path(), &["-"], &[0u8, 1, 2, 3, 0, 0, 0, 7]);
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.contains("<stdin>: binary file"),
        "{}",
        out.stderr
    );
    // Text on stdin is still checked.
    let out = check_batch(t.path(), &["-"], "A miracle cure.\n".as_bytes());
    assert_ne!(out.code, Some(2), "{}", out.stderr);
}

#[test]
fn stdin_is_read_with_dash_or_no_path() {
    let acme = fixture_arg("cli/acme.yaml");
    for args in [
        vec![
            "check",
            "--no-default-rules",
            "--rules",
            &acme,
            "--format",
            "json",
        ],
        vec![
            "check",
            "--no-default-rules",
            "--rules",
            &acme,
            "--format",
            "json",
            "-",
        ],
    ] {
        let o = run_stdin(&args, "A miracle treatment for all.");
        assert_eq!(o.code, Some(1));
        let v = o.json();
        assert_eq!(v["files"][0]["path"], "<stdin>");
        assert_eq!(
            v["files"][0]["diagnostics"][0]["matched"],
            "miracle treatment"
        );
    }
}

#[test]
fn a_path_without_the_check_subcommand_is_checked() {
    let dir = tempdir();
    let file = dir.path().join("copy.txt");
    std::fs::write(&file, "This treatment cures diabetes.\n").unwrap();
    let f = file.to_str().unwrap();
    let implicit = run(&[f, "--format", "json"]);
    let explicit = run(&["check", f, "--format", "json"]);
    assert_eq!(implicit.code, Some(1), "{}", implicit.stderr);
    assert_eq!(implicit.stdout, explicit.stdout);
    // Not a path and not a subcommand: clap's own error, exit 2.
    let o = run(&["no-such-file.txt"]);
    assert_eq!(o.code, Some(2));
}

#[test]
fn stdin_filename_names_stdin_for_reports_kind_and_per_path_rules() {
    let dir = tempdir();
    let cfg = dir.path().join("claimlint.yaml");
    std::fs::write(
        &cfg,
        "per-path:\n  - paths: [\"legal/**\"]\n    disable: [curative-claim]\n",
    )
    .unwrap();
    let run_in = |args: &[&str], input: &str| cmd(args).cwd(dir.path()).stdin(input).run();
    let claim = "This treatment cures diabetes.\n";
    let o = run_in(
        &[
            "check",
            "--format",
            "concise",
            "--stdin-filename",
            "site/a.txt",
        ],
        claim,
    );
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    assert!(o.stdout.starts_with("site/a.txt:1:"), "{}", o.stdout);
    let o = run_in(&["check", "--stdin-filename", "legal/a.txt", "-"], claim);
    assert_eq!(o.code, Some(0), "{}", o.stdout);
    // The name decides the kind: in HTML a comment is not copy.
    let html = "<p>Welcome.</p><!-- This treatment cures diabetes. -->\n";
    let o = run_in(&["check", "--stdin-filename", "page.html"], html);
    assert_eq!(o.code, Some(0), "{}", o.stdout);
    let o = run_in(
        &["check", "--stdin-filename", "a.txt", "claimlint.yaml"],
        "",
    );
    assert_eq!(o.code, Some(2));
    assert!(o.stderr.contains("--stdin-filename"), "{}", o.stderr);
}

// File names are shown exactly and printably (issue 17): names that are not UTF-8 stay
// distinct in reports and baselines, and control bytes never reach the terminal raw.
#[cfg(unix)]
mod file_names {
    use super::*;
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;

    const PAGE: &str = "A miracle cure.\n";

    fn put_raw(dir: &std::path::Path, name: &[u8], text: &str) {
        std::fs::write(dir.join(OsStr::from_bytes(name)), text).unwrap();
    }

    #[test]
    fn non_utf8_names_stay_distinct_in_reports() {
        let dir = tempdir();
        let site = dir.path().join("site");
        std::fs::create_dir(&site).unwrap();
        for b in [0x80u8, 0xfe, 0xff] {
            put_raw(&site, &[b'x', b, b'.', b't', b'x', b't'], PAGE);
        }
        let out = check_ci(dir.path(), &["--format", "json", "site"]);
        assert_eq!(out.code, Some(1), "{out:?}");
        let json: serde_json::Value = serde_json::from_str(&out.stdout).unwrap();
        let paths: Vec<&str> = json["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["path"].as_str().unwrap())
            .collect();
        assert_eq!(
            paths,
            ["site/x\\x80.txt", "site/x\\xFE.txt", "site/x\\xFF.txt"]
        );
    }

    #[test]
    fn a_baseline_entry_for_one_non_utf8_name_does_not_hide_findings_in_another() {
        let dir = tempdir();
        let root = dir.path();
        put_raw(root, b"x\xfe.txt", PAGE);
        let out = check_ci(
            root,
            &["--write-baseline", "baseline.json", "x\u{fffd}.txt"],
        );
        // The lossy spelling is not the file's name.
        assert_eq!(out.code, Some(2), "{out:?}");
        let name = OsStr::from_bytes(b"x\xfe.txt").to_owned();
        let run = |args: &[&OsStr]| {
            let out = check_with("ci/pack.yaml", &[]).args(args).cwd(root).run();
            (out.code, out.stdout)
        };
        let (code, _) = run(&[
            OsStr::new("--write-baseline"),
            OsStr::new("baseline.json"),
            &name,
        ]);
        assert_eq!(code, Some(0));
        let baseline = std::fs::read_to_string(root.join("baseline.json")).unwrap();
        assert!(baseline.contains("\"x\\\\xFE.txt\""), "{baseline}");
        // A new file whose lossy name is the same: its finding is new, and reported.
        put_raw(root, b"x\xff.txt", PAGE);
        let other = OsStr::from_bytes(b"x\xff.txt").to_owned();
        let (code, stdout) = run(&[
            OsStr::new("--format"),
            OsStr::new("jsonl"),
            OsStr::new("--baseline"),
            OsStr::new("baseline.json"),
            &name,
            &other,
        ]);
        assert_eq!(code, Some(1), "{stdout}");
        assert_eq!(stdout.lines().count(), 1, "{stdout}");
        assert!(stdout.contains("x\\\\xFF.txt"), "{stdout}");
        // Pruning keeps the entry of a file that exists but was not checked this time.
        let (code, _) = run(&[
            OsStr::new("--baseline"),
            OsStr::new("baseline.json"),
            OsStr::new("--prune-baseline"),
            &other,
        ]);
        assert_eq!(code, Some(1));
        let pruned = std::fs::read_to_string(root.join("baseline.json")).unwrap();
        assert!(pruned.contains("\"x\\\\xFE.txt\""), "{pruned}");
    }

    #[test]
    fn control_bytes_in_names_are_escaped_not_printed_raw() {
        let dir = tempdir();
        put_raw(dir.path(), b"evil\x1b[2J\x07.txt", PAGE);
        put_raw(dir.path(), b"new\nline.txt", PAGE);
        let out = check_ci(dir.path(), &["."]);
        assert_eq!(out.code, Some(1), "{out:?}");
        assert!(!out.stdout.contains('\x1b') && !out.stdout.contains('\x07'));
        assert!(
            out.stdout.contains("evil\\x1B[2J\\x07.txt:1:3"),
            "{}",
            out.stdout
        );
        assert!(
            out.stdout.contains("new\\x0Aline.txt:1:3"),
            "{}",
            out.stdout
        );
    }
}
