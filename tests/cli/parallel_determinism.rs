//! Parallel runs: every format is byte-identical for any number of threads, files are reported
//! in path order and once, and `-j` never starts more threads than inputs.

use crate::common::*;
use std::path::Path;

// Output is the same bytes for any number of threads.

/// About fifty files of every kind the walker and decoder meet, with findings at varied places.
fn make_corpus(root: &Path) {
    let phrases = ["miracle cure", "best clinic", "必ず治る", "nothing to see"];
    for i in 0..52 {
        let dir = format!("corpus/d{}/s{}", i % 5, i % 3);
        let phrase = phrases[i % phrases.len()];
        // Files of very different sizes, so that threads finish out of order.
        let filler = "Plain prose about the clinic's opening hours. ".repeat((i * 37) % 400);
        match i % 7 {
            0 => write(root, &format!("{dir}/p{i}.txt"), format!("{filler}\n{phrase} {i}\n{phrase}\n")),
            1 => write(
                root,
                &format!("{dir}/p{i}.html"),
                format!("<!doctype html><html><body><p>{filler}</p><p>{phrase}</p><!-- {phrase} --></body></html>"),
            ),
            2 => write(root, &format!("{dir}/p{i}.md"), format!("# T{i}\n\n{phrase}\n\n```\n{phrase}\n```\n{filler}")),
            3 => {
                let text = format!("当院では{phrase}。{i}\n");
                let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
                write(root, &format!("{dir}/p{i}.txt"), bytes.as_ref());
            }
            4 => {
                let mut bytes = vec![0xFF, 0xFE];
                for u in format!("{phrase} {i}\n").encode_utf16() {
                    bytes.extend_from_slice(&u.to_le_bytes());
                }
                write(root, &format!("{dir}/p{i}.txt"), bytes);
            }
            5 => write(root, &format!("{dir}/p{i}.png"), [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0, 1, 2]),
            _ => write(root, &format!("{dir}/p{i}"), if i % 2 == 0 { String::new() } else { format!("{phrase}{phrase}") }),
        }
    }
}

#[test]
fn every_format_is_byte_identical_for_any_number_of_threads() {
    let t = tempdir();
    make_corpus(t.path());
    for format in ["json", "jsonl", "csv", "human", "html"] {
        let run = |jobs: &str| {
            // --type all: the binary and extensionless files are part of what must stay in order.
            let out = check_batch(
                t.path(),
                &["corpus", "--type", "all", "--format", format, "-j", jobs],
                b"",
            );
            assert_eq!(out.code, Some(1), "{format} -j{jobs}: {}", out.stderr);
            out.stdout_bytes
        };
        let one = run("1");
        assert!(one.len() > 1000, "{format}: suspiciously short output");
        assert!(run("2") == one, "{format}: -j2 differs from -j1");
        assert!(run("7") == one, "{format}: -j7 differs from -j1");
    }
}

#[test]
fn files_are_reported_in_path_order_and_each_once() {
    let t = tempdir();
    make_corpus(t.path());
    let out = check_batch(
        t.path(),
        &[
            "corpus",
            "corpus/d0",
            "--type",
            "all",
            "--format",
            "json",
            "-j",
            "3",
        ],
        b"",
    );
    let paths = out.json_paths();
    assert_eq!(paths.len(), 52);
    let mut sorted = paths.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(paths, sorted);
    // Binary files are listed as skipped, not dropped.
    let skipped = out.json()["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["skipped"] == true)
        .count();
    assert_eq!(skipped, 7);
}

#[test]
fn a_million_jobs_for_three_files_starts_three_threads_not_a_million() {
    let t = tempdir();
    for name in ["a.txt", "b.txt", "c.txt"] {
        write(t.path(), name, "miracle cure\n");
    }
    let started = std::time::Instant::now();
    let out = check_batch(
        t.path(),
        &[
            "a.txt", "b.txt", "c.txt", "--format", "jsonl", "-j", "1000000",
        ],
        b"",
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert_eq!(
        out.stdout_bytes
            .split(|&b| b == b'\n')
            .filter(|l| !l.is_empty())
            .count(),
        3
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn json_over_the_corpus_is_byte_identical_for_any_thread_count() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/synthetic");
    let corpus = corpus.to_string_lossy();
    let one = run(&[
        "check",
        "--format",
        "json",
        "-j",
        "1",
        "--no-progress",
        &corpus,
    ]);
    let two = run(&[
        "check",
        "--format",
        "json",
        "-j",
        "2",
        "--no-progress",
        &corpus,
    ]);
    assert_eq!(one.code, Some(1), "{}", one.stderr);
    assert!(one.stdout_bytes.len() > 10_000, "the corpus has findings");
    assert!(one.stdout_bytes == two.stdout_bytes, "-j1 and -j2 differ");
}

/// A file of several windows among small ones: on two threads the writer checks it in its turn,
/// window by window, while the workers go on; every format is the same bytes as on one thread.
#[test]
fn a_multi_window_file_among_others_is_byte_identical_on_two_threads() {
    let t = tempdir();
    let mut big = String::new();
    while big.len() < 2_400_000 {
        big.push_str(
            "当院なら必ず治る。\nA miracle cure at the best clinic.\nWe open daily from nine.\n\n",
        );
    }
    write(t.path(), "corpus/b.txt", big);
    for (i, phrase) in ["miracle cure", "必ず治る", "best clinic"]
        .iter()
        .enumerate()
    {
        write(t.path(), &format!("corpus/a{i}.txt"), format!("{phrase}\n"));
        write(
            t.path(),
            &format!("corpus/c{i}.txt"),
            format!("{phrase} {i}\n"),
        );
    }
    for format in ["json", "human", "sarif"] {
        let run = |jobs: &str| {
            let args = ["corpus", "--judge", "off", "--format", format, "-j", jobs];
            let out = check_batch(t.path(), &args, b"");
            assert_eq!(out.code, Some(1), "{format} -j{jobs}: {}", out.stderr);
            out.stdout_bytes
        };
        let one = run("1");
        assert!(
            one.len() > 100_000,
            "{format}: the large file's findings are missing"
        );
        assert!(run("2") == one, "{format}: -j2 differs from -j1");
    }
}
