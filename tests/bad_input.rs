//! Bad input through the CLI: huge files, deep nesting, NUL bytes, broken encodings,
//! unreadable paths, empty files and symbolic link loops. Each must finish (a hang fails: every
//! run has a time limit), report what it could not check, check everything else, and leave the
//! files it read untouched.

mod common;

use common::{run_limited, Out, PROP_PACK};
use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

/// `check` with the property pack and `args`, rules alone: the counts below are the rules'
/// (the learned judge may rightly read a page of repeated quotations as reporting and gate it;
/// `single_line_of_100_mb_completes` runs the judge over the whole line too).
fn check(args: &[&str], limit: Duration) -> Out {
    let mut all = vec![
        "check",
        "--judge",
        "off",
        "--no-default-rules",
        "--rules",
        PROP_PACK,
    ];
    all.extend_from_slice(args);
    run_limited(&all, None, limit)
}

/// The summary line of the human reporter.
fn summary(run: &Out) -> &str {
    run.stdout.lines().last().unwrap_or("")
}

/// One repeat of the 100 MB line: a claim (完治, its nearest ません 12 characters away), a
/// suppressed claim (根治しません), a rate
/// (100%), a co-occurrence (幹細胞 … 糖尿病) and English, with no sentence end anywhere, so the
/// whole line is one paragraph and one sentence.
const LINE_UNIT: &str = "幹細胞で糖尿病が完治すると書いた広告、根治しません、100% stem cells ";

#[test]
#[cfg_attr(
    debug_assertions,
    ignore = "minutes in a debug build; .ci/fuzz.sh runs it with the release build"
)]
fn single_line_of_100_mb_completes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("one-line.txt");
    let repeats = 100_000_000 / LINE_UNIT.len();
    fs::write(&path, LINE_UNIT.repeat(repeats)).unwrap();
    let started = Instant::now();
    let run = check(
        &["--quiet", path.to_str().unwrap()],
        Duration::from_secs(600),
    );
    eprintln!(
        "100 MB single line ({} bytes): {:.1?} ({} build)",
        repeats * LINE_UNIT.len(),
        started.elapsed(),
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        }
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    // The line is checked in windows of `WINDOW_BYTES` (no line break: each cut at a character
    // boundary), each window a document and a sentence of its own: every 完治 whole inside a
    // window is an error (one per repeat but those a cut splits), and so is one co-occurrence per
    // window; 根治しません is negated but where a cut parts them; every rate whole enough to
    // match (`100%`, or `0%` after a cut) is a warning.
    let text = LINE_UNIT.repeat(repeats);
    let windows = claimlint::engine::windows(&text, claimlint::engine::WINDOW_BYTES);
    assert!(windows.len() >= 95, "{} windows", windows.len());
    let (mut errors, mut warnings) = (0, 0);
    for w in &windows {
        let piece = &text[w.clone()];
        errors += piece.matches("完治").count();
        errors += usize::from(piece.contains("幹細胞") && piece.contains("糖尿病"));
        // A cut between 根治 and its ません leaves that 根治 unnegated.
        errors += usize::from(
            piece
                .rfind("根治")
                .is_some_and(|i| !piece[i..].contains("ません")),
        );
        let bytes = piece.as_bytes();
        warnings += (1..bytes.len())
            .filter(|&i| bytes[i] == b'%' && bytes[i - 1].is_ascii_digit())
            .count();
    }
    assert!(errors >= repeats && warnings + windows.len() >= repeats);
    assert_eq!(
        summary(&run),
        format!("1 file checked: {errors} errors, {warnings} warnings, 0 infos")
    );
    // The judge reads the whole line too (voice and claim scores over one 100 MB paragraph and
    // sentence): it finishes, and whatever it decides, every finding is in the rules' list.
    let started = Instant::now();
    let all = vec![
        "check",
        "--no-default-rules",
        "--rules",
        PROP_PACK,
        "--quiet",
    ];
    let judged = run_limited(
        &[all.as_slice(), &[path.to_str().unwrap()]].concat(),
        None,
        Duration::from_secs(600),
    );
    eprintln!("the same with the judge: {:.1?}", started.elapsed());
    assert!(matches!(judged.code, Some(0 | 1)), "{}", judged.stderr);
}

#[test]
fn a_million_short_lines() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lines.txt");
    let mut text = String::with_capacity(16_000_000);
    for i in 0..1_000_000 {
        if i % 1000 == 999 {
            text.push_str("当院なら完治する。\n");
        } else {
            // Japanese filler: a paragraph that is mostly Latin is judged Latin as a whole, and
            // ja rules do not run on it (see docs/robustness.md).
            text.push_str("ただの行\n");
        }
    }
    fs::write(&path, &text).unwrap();
    let started = Instant::now();
    let run = check(
        &["--format", "json", path.to_str().unwrap()],
        Duration::from_secs(300),
    );
    eprintln!("1,000,000 lines: {:.1?}", started.elapsed());
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let json = run.json();
    let diags = json["files"][0]["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1000);
    // The last claim is on line 1,000,000, after 当院なら (4 characters).
    let last = diags.last().unwrap();
    assert_eq!(last["line"], 1_000_000);
    assert_eq!(last["column"], 5);
    assert_eq!(last["matched"], "完治");
    assert_eq!(diags[0]["line"], 1000);
}

#[test]
fn html_nested_100_000_levels_deep() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("deep.html");
    let depth = 100_000;
    let html = format!(
        "<html><body>{}<span>当院なら完治する。</span>{}</body></html>",
        "<div>".repeat(depth),
        "</div>".repeat(depth)
    );
    fs::write(&path, &html).unwrap();
    let run = check(
        &["--format", "json", path.to_str().unwrap()],
        Duration::from_secs(120),
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let json = run.json();
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["matched"], "完治");
    let start = d["start"].as_u64().unwrap() as usize;
    assert_eq!(&html[start..start + "完治".len()], "完治");
}

#[test]
fn markdown_nested_100_000_levels_deep() {
    let dir = tempfile::tempdir().unwrap();
    // Block quotes, list items and emphasis, each nested 100,000 deep.
    for (name, md) in [
        (
            "quotes.md",
            format!("{}当院なら完治する。\n", "> ".repeat(100_000)),
        ),
        // List items nest on one line ("- - - a"), so depth costs no indentation.
        (
            "lists.md",
            format!("{}当院なら完治する。\n", "- ".repeat(100_000)),
        ),
        (
            "ordered.md",
            format!("{}当院なら完治する。\n", "1. ".repeat(100_000)),
        ),
        (
            "emphasis.md",
            format!(
                "{}当院なら完治する。{}\n",
                "*_".repeat(50_000),
                "_*".repeat(50_000)
            ),
        ),
        (
            "links.md",
            format!(
                "{}当院なら完治する。{}\n",
                "[".repeat(100_000),
                "](x)".repeat(100_000)
            ),
        ),
    ] {
        let path = dir.path().join(name);
        fs::write(&path, &md).unwrap();
        let started = Instant::now();
        let run = check(
            &["--format", "json", path.to_str().unwrap()],
            Duration::from_secs(300),
        );
        eprintln!("{name}: {:.1?}", started.elapsed());
        assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
        let json = run.json();
        let d = &json["files"][0]["diagnostics"][0];
        assert_eq!(d["matched"], "完治", "{name}");
        let start = d["start"].as_u64().unwrap() as usize;
        assert_eq!(&md[start..start + "完治".len()], "完治", "{name}");
    }
}

#[test]
fn front_matter_nested_10_000_deep_does_not_overflow_the_stack_or_abort_the_batch() {
    let dir = tempfile::tempdir().unwrap();
    let nested = format!("{}治る{}", "[".repeat(10_000), "]".repeat(10_000));
    fs::write(
        dir.path().join("a-yaml.md"),
        format!("---\ntitle: x\ntags: {nested}\n---\n\n当院なら完治する。\n"),
    )
    .unwrap();
    fs::write(
        dir.path().join("b-toml.md"),
        format!("+++\ntags = {nested}\n+++\n\n当院なら完治する。\n"),
    )
    .unwrap();
    fs::write(dir.path().join("c.txt"), "当院なら完治する。\n").unwrap();
    let run = check(
        &["--format", "json", dir.path().to_str().unwrap()],
        Duration::from_secs(120),
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let json = run.json();
    let files = json["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    for (f, line) in files.iter().zip([3, 2]) {
        // The prose after the front matter is still checked, and the notice says where.
        assert_eq!(f["diagnostics"][0]["matched"], "完治", "{f}");
        assert_eq!(
            f["notices"][0],
            format!("front matter nested deeper than 32 levels at line {line}; that value is not checked"),
        );
    }
    assert_eq!(files[2]["diagnostics"][0]["matched"], "完治");
}

#[test]
fn a_file_over_the_size_limit_is_refused_with_a_message_not_an_out_of_memory_abort() {
    let dir = tempfile::tempdir().unwrap();
    // Sparse: 300 MiB of size, no disk space.
    let huge = fs::File::create(dir.path().join("huge.txt")).unwrap();
    huge.set_len(300 << 20).unwrap();
    fs::write(dir.path().join("small.txt"), "当院なら完治する。\n").unwrap();
    let run = check(
        &["--format", "jsonl", dir.path().to_str().unwrap()],
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "huge.txt: file is too large to check (314572800 bytes, the limit is 256 MiB); not checked"
        ),
        "{}",
        run.stderr
    );
    assert!(run.stdout.contains("完治"), "{}", run.stdout);
    // Standard input is read up to the limit, not to the end of memory.
    let big_stdin = vec![b'a'; (256 << 20) + 10];
    let run = run_limited(
        &["check", "--no-default-rules", "--rules", PROP_PACK, "-"],
        Some(&big_stdin),
        Duration::from_secs(120),
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("<stdin>: file is too large to check"),
        "{}",
        run.stderr
    );
    // A rule pack is read the same way.
    let pack = dir.path().join("huge.yaml");
    fs::File::create(&pack).unwrap().set_len(300 << 20).unwrap();
    let run = run_limited(
        &["check", "--rules", pack.to_str().unwrap(), "-"],
        Some(b"x"),
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(
        run.stderr.contains("huge.yaml: file is too large to check"),
        "{}",
        run.stderr
    );
}

#[test]
fn nul_bytes_in_text_are_checked_and_offsets_stay_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nul.txt");
    let text = "clinic page\0 with a stray NUL\0 byte\n当院なら\0完治する。\n";
    fs::write(&path, text).unwrap();
    let run = check(
        &["--format", "json", path.to_str().unwrap()],
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(1), "{}", run.stderr);
    let json = run.json();
    let d = &json["files"][0]["diagnostics"][0];
    assert_eq!(d["matched"], "完治");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(6))
    );
    let start = d["start"].as_u64().unwrap() as usize;
    assert_eq!(start, text.find("完治").unwrap());

    // Mostly NUL and named explicitly: an error for that file (exit 2), not silently passed.
    let bin = dir.path().join("nul.bin");
    let mut bytes = vec![0u8; 4096];
    bytes.extend_from_slice("完治する。".as_bytes());
    fs::write(&bin, &bytes).unwrap();
    let run = check(
        &["--format", "json", bin.to_str().unwrap()],
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    assert!(run.stderr.contains("binary file"), "{}", run.stderr);
}

#[test]
fn invalid_utf8_in_a_file_that_claims_utf8_is_decoded_lossily_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "meta.html",
            [
                &b"<html><head><meta charset=\"utf-8\"></head><body><p>\xff\xfe broken "[..],
                "当院の幹細胞治療なら完治する。保険適用外。</p></body></html>".as_bytes(),
            ]
            .concat(),
        ),
        (
            "bom.txt",
            [
                &b"\xef\xbb\xbfbroken \xc3\x28 and \xe3\x81 here\n"[..],
                "当院なら完治する。\n".as_bytes(),
            ]
            .concat(),
        ),
        (
            "truncated.txt",
            [
                "当院の幹細胞治療なら完治する。\n".as_bytes(),
                &b"cut in the middle \xe5\xae"[..],
            ]
            .concat(),
        ),
    ];
    for (name, bytes) in &cases {
        let path = dir.path().join(name);
        fs::write(&path, bytes).unwrap();
        let run = check(
            &["--format", "json", path.to_str().unwrap()],
            Duration::from_secs(60),
        );
        assert_eq!(run.code, Some(1), "{name}: {}", run.stderr);
        let json = run.json();
        let file = &json["files"][0];
        let notice = file["notices"][0].as_str().unwrap_or("");
        assert!(
            notice.contains("invalid UTF-8 byte sequence") && notice.contains("U+FFFD"),
            "{name}: {notice:?}"
        );
        // Offsets index the decoded text: the input with U+FFFD for each bad sequence.
        let decoded = String::from_utf8_lossy(bytes);
        let decoded = decoded.strip_prefix('\u{FEFF}').unwrap_or(&decoded);
        let d = &file["diagnostics"][0];
        let (start, end) = (
            d["start"].as_u64().unwrap() as usize,
            d["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(decoded.get(start..end), Some("完治"), "{name}");
        assert_eq!(d["matched"], "完治", "{name}");
    }
    // The human reporter shows the warning too.
    let path = dir.path().join("bom.txt");
    let run = check(&[path.to_str().unwrap()], Duration::from_secs(60));
    assert!(
        run.stdout.contains("bom.txt: notice: 2 invalid UTF-8 byte sequences replaced with U+FFFD (first at byte 7)"),
        "{}",
        run.stdout
    );
}

#[test]
fn unreadable_paths_are_reported_and_the_rest_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let tree = root.join("tree");
    fs::create_dir(&tree).unwrap();
    fs::write(tree.join("a.txt"), "当院なら完治する。\n").unwrap();
    std::os::unix::fs::symlink(tree.join("missing.txt"), tree.join("broken.txt")).unwrap();
    std::os::unix::fs::symlink(tree.join("loop2"), tree.join("loop1")).unwrap();
    std::os::unix::fs::symlink(tree.join("loop1"), tree.join("loop2")).unwrap();
    // A directory named like a file is walked, not read.
    fs::create_dir(tree.join("page.html")).unwrap();
    fs::write(tree.join("page.html").join("inner.txt"), "必ず治る。\n").unwrap();
    let plain = root.join("plain.txt");
    fs::write(&plain, "ok\n").unwrap();
    let not_a_dir = format!("{}/", plain.display());
    let missing = root.join("nope.txt");
    let mut args = vec![
        "--format".to_string(),
        "json".to_string(),
        tree.display().to_string(),
        not_a_dir.clone(),
        missing.display().to_string(),
    ];
    // Opens fine but fails on read (EIO): a read error after a successful open.
    let proc_mem = Path::new("/proc/self/mem");
    if proc_mem.exists() {
        args.push(proc_mem.display().to_string());
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = check(&args, Duration::from_secs(60));
    assert_eq!(run.code, Some(2), "{}", run.stderr);
    let stderr = run.unwrapped_stderr();
    for (what, needle) in [
        (
            "broken symlink",
            format!(
                "{}: broken symbolic link (its target does not exist)",
                tree.join("broken.txt").display()
            ),
        ),
        (
            "symlink loop",
            format!(
                "{}: Too many levels of symbolic links",
                tree.join("loop1").display()
            ),
        ),
        (
            "symlink loop",
            format!(
                "{}: Too many levels of symbolic links",
                tree.join("loop2").display()
            ),
        ),
        (
            "file used as a directory",
            format!("{not_a_dir}: Not a directory"),
        ),
        (
            "missing path",
            format!("{}: No such file or directory", missing.display()),
        ),
    ] {
        assert!(
            stderr.contains(&needle),
            "{what}: no `{needle}` in {stderr}"
        );
    }
    if proc_mem.exists() {
        assert!(
            stderr.contains("/proc/self/mem: Input/output error"),
            "{stderr}"
        );
    }
    // The readable files were still checked.
    let json = run.json();
    let files = json["files"].as_array().unwrap();
    let found: Vec<(&str, &str)> = files
        .iter()
        .flat_map(|f| {
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |d| (f["path"].as_str().unwrap(), d["rule"].as_str().unwrap()))
        })
        .collect();
    let a = tree.join("a.txt").display().to_string();
    let inner = tree
        .join("page.html")
        .join("inner.txt")
        .display()
        .to_string();
    assert_eq!(
        found,
        vec![(a.as_str(), "prop.literal"), (inner.as_str(), "prop.regex")]
    );
}

#[test]
fn empty_files_and_empty_stdin_are_clean() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("empty.txt");
    fs::write(&path, "").unwrap();
    let html = dir.path().join("empty.html");
    fs::write(&html, "").unwrap();
    let run = check(
        &[
            "--format",
            "json",
            path.to_str().unwrap(),
            html.to_str().unwrap(),
        ],
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    let json = run.json();
    assert_eq!(json["summary"]["files"], 2);
    assert_eq!(json["summary"]["diagnostics"], 0);
    let stdin = run_limited(
        &["check", "--no-default-rules", "--rules", PROP_PACK],
        Some(b""),
        Duration::from_secs(60),
    );
    assert_eq!(stdin.code, Some(0), "{}", stdin.stderr);
    assert_eq!(
        summary(&stdin),
        "1 file checked: 0 errors, 0 warnings, 0 infos"
    );
}

/// Everything about a tree that a run could change: names, kinds, sizes, modes, mtimes, contents.
fn snapshot(dir: &Path) -> Vec<(String, String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let mut entries: Vec<_> = fs::read_dir(&d)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        entries.sort();
        for p in entries {
            let m = fs::symlink_metadata(&p).unwrap();
            let meta = format!(
                "{:?} len={} mode={:o} mtime={:?}",
                m.file_type(),
                m.len(),
                std::os::unix::fs::PermissionsExt::mode(&m.permissions()),
                m.modified().unwrap()
            );
            let content = if m.is_file() {
                fs::read(&p).unwrap()
            } else {
                Vec::new()
            };
            if m.is_dir() {
                stack.push(p.clone());
            }
            out.push((p.display().to_string(), meta, content));
        }
    }
    out
}

#[test]
fn checked_files_are_never_changed_and_nothing_is_written_beside_them() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("site");
    fs::create_dir_all(tree.join("sub")).unwrap();
    fs::write(tree.join("index.html"), "<p>当院なら完治する。</p>").unwrap();
    fs::write(
        tree.join("sub").join("a.md"),
        "# 幹細胞\n\n幹細胞で糖尿病を治す。\n",
    )
    .unwrap();
    fs::write(
        tree.join("sub").join("b.txt"),
        b"\xef\xbb\xbfbroken \xc3\x28 100%\n",
    )
    .unwrap();
    fs::write(tree.join(".hidden.txt"), "完治").unwrap();
    let ro = tree.join("readonly.txt");
    fs::write(&ro, "必ず治る").unwrap();
    fs::set_permissions(&ro, std::os::unix::fs::PermissionsExt::from_mode(0o444)).unwrap();
    std::os::unix::fs::symlink(tree.join("gone"), tree.join("dangling")).unwrap();
    // Old mtimes, so a rewrite in the same second would still show.
    for f in ["index.html", "sub/a.md", "sub/b.txt", "readonly.txt"] {
        let file = fs::File::options().read(true).open(tree.join(f)).unwrap();
        file.set_modified(std::time::SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000))
            .unwrap();
    }
    let before = snapshot(dir.path());
    for format in ["human", "json"] {
        let run = check(
            &["--format", format, tree.to_str().unwrap()],
            Duration::from_secs(60),
        );
        assert_eq!(run.code, Some(2), "{}", run.stderr); // the dangling symlink
        assert!(run.stderr.contains("dangling"), "{}", run.stderr);
        if format == "json" {
            assert_eq!(run.json()["summary"]["files"], 4);
        } else {
            assert!(run.stdout.contains("4 files checked"), "{}", run.stdout);
        }
    }
    assert_eq!(snapshot(dir.path()), before);
}

// `claimlint eval` walks its corpus with the walker `check -L` uses (issue 17).
#[cfg(unix)]
#[test]
fn eval_does_not_follow_symlink_loops_forever() {
    use std::os::unix::fs::symlink;
    let t = tempfile::tempdir().unwrap();
    let root = t.path().join("corpus");
    std::fs::create_dir_all(root.join("ja/sub")).unwrap();
    std::fs::write(root.join("ja/a.txt"), "当院なら完治する。\n").unwrap();
    std::fs::write(
        root.join("ja/manifest.yaml"),
        "language: ja\ndocuments:\n  - file: a.txt\n    expect: [curative-claim]\n",
    )
    .unwrap();
    // Two links back to ancestors in every directory: followed naively, the walk doubles at
    // every level and never ends.
    symlink("..", root.join("ja/sub/up")).unwrap();
    symlink("../..", root.join("ja/sub/top")).unwrap();
    symlink(".", root.join("ja/self")).unwrap();
    let run = run_limited(
        &["eval", root.to_str().unwrap()],
        None,
        Duration::from_secs(60),
    );
    assert_eq!(run.code, Some(0), "{}", run.stderr);
    assert!(run.stdout.starts_with("1 documents\n"), "{}", run.stdout);
}
