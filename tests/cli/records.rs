//! `check --records`: JSON Lines in, one answer line per record, in order, for any thread count.

use crate::common::*;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Runs claimlint with `input` on stdin (and `--no-config`).
fn run_stdin(args: &[&str], input: Vec<u8>) -> Out {
    cmd(args).arg("--no-config").stdin(input).run()
}

fn lines(out: &Out) -> Vec<Value> {
    out.stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

fn jsonl(records: &[Value]) -> Vec<u8> {
    let mut s = String::new();
    for r in records {
        s.push_str(&r.to_string());
        s.push('\n');
    }
    s.into_bytes()
}

/// Every UTF-8 text and HTML document of the synthetic corpus, sorted.
fn corpus_docs() -> Vec<(PathBuf, &'static str, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpus/synthetic");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for e in std::fs::read_dir(&dir).expect("corpus dir").flatten() {
            let p = e.path();
            if p.is_dir() {
                dirs.push(p);
                continue;
            }
            let kind = match p.extension().and_then(|e| e.to_str()) {
                Some("txt") => "text",
                Some("html") => "html",
                _ => continue,
            };
            let Ok(text) = String::from_utf8(std::fs::read(&p).expect("read")) else {
                continue;
            };
            if !text.starts_with('\u{feff}') {
                out.push((p, kind, text));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn records_answer_in_input_order_identically_for_any_thread_count() {
    let docs = corpus_docs();
    assert!(docs.len() > 100, "the corpus has {} documents", docs.len());
    let records: Vec<Value> = docs
        .iter()
        .enumerate()
        .map(|(i, (_, kind, text))| json!({"id": i, (*kind): text}))
        .collect();
    let one = run_stdin(&["check", "--records", "-j", "1"], jsonl(&records));
    let four = run_stdin(&["check", "--records", "-j", "4"], jsonl(&records));
    assert_eq!(one.stdout_bytes, four.stdout_bytes);
    let answers = lines(&four);
    let ids: Vec<u64> = answers.iter().map(|a| a["id"].as_u64().unwrap()).collect();
    assert_eq!(ids, (0..docs.len() as u64).collect::<Vec<_>>());
    assert!(answers.iter().any(|a| a["findings"] == json!([])));
    assert!(answers.iter().all(|a| a.get("error").is_none()));
}

#[test]
fn record_findings_equal_check_json_on_the_same_file() {
    let docs = corpus_docs();
    let picked: Vec<_> = docs.iter().step_by(9).collect();
    let records: Vec<Value> = picked
        .iter()
        .map(|(p, kind, text)| json!({"id": p.to_string_lossy(), (*kind): text}))
        .collect();
    let answers = lines(&run_stdin(&["check", "--records"], jsonl(&records)));
    let paths: Vec<String> = picked
        .iter()
        .map(|(p, _, _)| p.to_string_lossy().into_owned())
        .collect();
    let mut args = vec!["check", "--no-config", "--format", "json"];
    args.extend(paths.iter().map(String::as_str));
    let out = run(&args);
    let report: Value = serde_json::from_slice(&out.stdout_bytes).expect("json");
    let files = report["files"].as_array().expect("files");
    assert_eq!(files.len(), picked.len());
    for answer in &answers {
        let file = files
            .iter()
            .find(|f| f["path"] == answer["id"])
            .unwrap_or_else(|| panic!("no file for {}", answer["id"]));
        assert_eq!(answer["findings"], file["diagnostics"], "{}", answer["id"]);
        assert_eq!(answer["language"], file["language"]);
    }
}

#[test]
fn bad_records_get_error_records_and_the_stream_goes_on() {
    let input = concat!(
        "{\"id\": 1, \"text\": \"完治します\"}\n",
        "not json\n",
        "\n",
        "{\"text\": \"no id\"}\n",
        "{\"id\": \"both\", \"text\": \"a\", \"html\": \"b\"}\n",
        "{\"id\": \"none\"}\n",
        "{\"id\": \"lang\", \"text\": \"a\", \"lang\": \"fr\"}\n",
        "{\"id\": \"type\", \"text\": 3}\n",
        "{\"id\": 2, \"text\": \"clean copy\", \"lang\": \"en\"}\n",
    );
    let out = run_stdin(&["check", "--records"], input.as_bytes().to_vec());
    assert_eq!(out.code, Some(2));
    let a = lines(&out);
    assert_eq!(a.len(), 8, "one answer per non-blank line");
    assert_eq!(a[0]["id"], 1);
    assert!(!a[0]["findings"].as_array().unwrap().is_empty());
    let errors: Vec<(&Value, &str, u64)> = a[1..7]
        .iter()
        .map(|r| {
            (
                &r["id"],
                r["error"].as_str().unwrap(),
                r["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(errors[0].0, &Value::Null);
    assert_eq!(errors[0].2, 2);
    assert!(errors[1].1.contains("missing `id`"), "{}", errors[1].1);
    assert_eq!(errors[1].2, 4, "lines count the blank one");
    assert!(errors[2].1.contains("only one of"));
    assert_eq!(errors[3].0, "none");
    assert!(errors[3].1.contains("missing `text`, `html` or `markdown`"));
    assert!(errors[4].1.contains("unknown language `fr`"));
    assert!(errors[5].1.contains("invalid type"), "{}", errors[5].1);
    assert_eq!(a[7], json!({"id": 2, "language": "en", "findings": []}));
    assert!(out.stderr.contains("6 of 8 records"));
}

#[test]
fn a_record_over_the_size_cap_is_an_error_and_the_next_one_is_checked() {
    let big = "あ".repeat((16 << 20) / 3 + 10);
    let records = [
        json!({"id": "big", "text": big}),
        json!({"id": "after", "text": "完治します"}),
    ];
    let out = run_stdin(&["check", "--records"], jsonl(&records));
    let a = lines(&out);
    assert_eq!(a.len(), 2);
    assert_eq!(
        a[0]["id"],
        Value::Null,
        "the id of an oversized record is not parsed"
    );
    assert!(a[0]["error"]
        .as_str()
        .unwrap()
        .contains("over the limit of 16777216"));
    assert_eq!(a[1]["id"], "after");
    assert!(!a[1]["findings"].as_array().unwrap().is_empty());
}

#[test]
fn record_offsets_are_utf8_bytes_of_the_record_text_even_after_a_bom() {
    let text = "\u{feff}当院では糖尿病が完治します。";
    let out = run_stdin(
        &["check", "--records"],
        jsonl(&[json!({"id": 1, "text": text})]),
    );
    let a = lines(&out);
    let findings = a[0]["findings"].as_array().unwrap();
    assert!(!findings.is_empty());
    for f in findings {
        let (s, e) = (
            f["start"].as_u64().unwrap() as usize,
            f["end"].as_u64().unwrap() as usize,
        );
        assert_eq!(text.get(s..e), f["matched"].as_str(), "{f}");
    }
}

#[test]
fn records_exit_one_on_findings_and_zero_when_clean() {
    let dirty = run_stdin(
        &["check", "--records"],
        jsonl(&[json!({"id": 1, "text": "幹細胞治療で糖尿病が完治します。"})]),
    );
    assert_eq!(dirty.code, Some(1));
    let clean = run_stdin(
        &["check", "--records"],
        jsonl(&[json!({"id": 1, "markdown": "# Opening hours\n\nMonday to Friday."})]),
    );
    assert_eq!(clean.code, Some(0));
    assert_eq!(lines(&clean)[0]["findings"], json!([]));
}

#[test]
fn records_refuse_paths() {
    let out = run_stdin(&["check", "--records", "x.txt"], Vec::new());
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("cannot be used with"));
}
