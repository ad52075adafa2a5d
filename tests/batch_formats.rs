//! JSONL, CSV, --stats, --encoding and --output, and the streamed reporters against the
//! whole-run ones.

mod batch_support;
use batch_support::{check, fixture, put};
use serde_json::Value;

const FLAGGED: &str = "Our miracle cure works.\nThe best clinic in town.\n当院なら必ず治る。\n";

#[test]
fn jsonl_is_one_json_contract_diagnostic_per_line_with_its_path() {
    let t = tempfile::tempdir().unwrap();
    put(t.path(), "b.txt", FLAGGED);
    put(t.path(), "a.txt", "miracle cure\n");
    put(t.path(), "clean.txt", "Opening hours.\n");
    let json = check(t.path(), &[".", "--format", "json"], b"").json();
    let out = check(t.path(), &[".", "--format", "jsonl"], b"");
    assert_eq!(out.code, 1, "{}", out.stderr);
    let text = out.text();
    let lines: Vec<Value> = text
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    // The same diagnostics in the same order as the JSON document, each with its file's path.
    let mut expected = Vec::new();
    for f in json["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            let mut d = d.clone();
            d.as_object_mut()
                .unwrap()
                .insert("path".into(), f["path"].clone());
            expected.push(d);
        }
    }
    assert_eq!(lines.len(), 4);
    assert_eq!(lines, expected);
    assert!(text.lines().all(|l| l.starts_with("{\"path\":")));
    assert!(text.ends_with('\n'));
}

#[test]
fn csv_round_trips_quotes_commas_newlines_and_cjk() {
    let t = tempfile::tempdir().unwrap();
    put(t.path(), "page, \"one\".txt", FLAGGED);
    let out = check(t.path(), &[".", "--format", "csv"], b"");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(!out.stdout.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::Reader::from_reader(out.stdout.as_slice());
    let header: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "path",
            "line",
            "column",
            "end_line",
            "end_column",
            "rule",
            "category",
            "severity",
            "codes",
            "message",
            "matched",
            "suggestion",
            "references"
        ]
    );
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows[0],
        [
            "./page, \"one\".txt",
            "1",
            "5",
            "1",
            "17",
            "batch.miracle",
            "curative-claim",
            "error",
            "mhlw:3; test:1",
            "Says \"miracle\", a cure claim,\nwhich is prohibited",
            "miracle cure",
            "Describe the treatment, not a promised outcome",
            "Medical Care Act, art. 6-5; MHLW advertising guideline, sec. 3",
        ]
    );
    assert_eq!(rows[1][5], "batch.best");
    assert_eq!(rows[1][11], "", "no suggestion is an empty field");
    assert_eq!(rows[2][9], "必ず治るという保証");
    assert_eq!(rows[2][10], "必ず治る");
    assert_eq!((rows[2][1].as_str(), rows[2][2].as_str()), ("3", "5"));
}

#[test]
fn csv_bom_is_written_once_at_the_start() {
    let t = tempfile::tempdir().unwrap();
    put(t.path(), "a.txt", FLAGGED);
    put(t.path(), "b.txt", FLAGGED);
    let out = check(t.path(), &[".", "--format", "csv", "--csv-bom"], b"");
    let bom = "\u{feff}".as_bytes();
    assert!(out.stdout.starts_with(bom));
    let body = &out.stdout[bom.len()..];
    assert!(!body.windows(3).any(|w| w == bom));
    let mut reader = csv::Reader::from_reader(body);
    assert_eq!(reader.headers().unwrap().get(0), Some("path"));
    assert_eq!(reader.records().count(), 6);
}

#[test]
fn stats_go_to_stderr_for_machine_formats_and_stdout_for_human() {
    let t = tempfile::tempdir().unwrap();
    put(t.path(), "a.txt", FLAGGED);
    put(t.path(), "b.txt", "miracle cure\n");
    put(t.path(), "c.txt", "nothing\n");
    let out = check(t.path(), &[".", "--format", "jsonl", "--stats"], b"");
    for line in out.text().lines() {
        serde_json::from_str::<Value>(line).unwrap();
    }
    let expected = "Findings by category:\n\
                    \x20       2  curative-claim\n\
                    \x20       1  safety-guarantee\n\
                    \x20       1  superlative\n\
                    Findings by file:\n\
                    \x20       3  ./a.txt (1 error, 1 warning, 1 info)\n\
                    \x20       1  ./b.txt (1 error, 0 warning, 0 info)\n\
                    Total: 4 findings in 2 of 3 files (0 skipped as binary, 0 unreadable)\n";
    assert!(out.stderr.contains(expected), "{}", out.stderr);

    let json = check(t.path(), &[".", "--format", "json", "--stats"], b"");
    json.json();
    assert!(json.stderr.contains(expected));

    let human = check(t.path(), &[".", "--stats", "--quiet"], b"");
    assert!(human.text().ends_with(expected), "{}", human.text());
    assert!(!human.stderr.contains("Findings by"));
}

#[test]
fn encoding_flag_forces_the_decoding() {
    let dir = fixture("");
    let sjis = fixture("sjis.txt");
    let sjis = sjis.to_str().unwrap();
    let flagged = |enc: &str| {
        let out = check(&dir, &[sjis, "--format", "json", "--encoding", enc], b"");
        out.json()["summary"]["diagnostics"].as_u64().unwrap()
    };
    assert_eq!(flagged("shift_jis"), 1);
    assert_eq!(flagged("Shift-JIS"), 1, "labels are WHATWG labels");
    assert_eq!(
        flagged("windows-1252"),
        0,
        "forced to Latin-1 the phrase is mojibake"
    );
    assert_eq!(flagged("euc-jp"), 0);

    let out = check(&dir, &[sjis, "--encoding", "klingon"], b"");
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("unknown encoding `klingon`"),
        "{}",
        out.stderr
    );
}

#[test]
fn output_writes_the_report_to_a_file_and_never_over_a_checked_file() {
    let t = tempfile::tempdir().unwrap();
    put(t.path(), "site/a.txt", FLAGGED);
    let out = check(
        t.path(),
        &["site", "--format", "jsonl", "-o", "out.jsonl"],
        b"",
    );
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let written = std::fs::read_to_string(t.path().join("out.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 3);

    let out = check(
        t.path(),
        &["site", "--format", "json", "-o", "site/a.txt"],
        b"",
    );
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("one of the files being checked"),
        "{}",
        out.stderr
    );
    assert_eq!(
        std::fs::read_to_string(t.path().join("site/a.txt")).unwrap(),
        FLAGGED
    );
}

/// The JSON emitter writes one valid document in the contract's layout whatever the run holds
/// (findings, a binary file, an unreadable one, or no files at all); the byte-for-byte layout
/// is pinned by tests/snapshots/emit.json.
#[test]
fn json_is_one_document_for_any_run() {
    use claimlint::report::{emit_run, JsonEmitter, RunMeta};
    use claimlint::run::{check_all, Input, Settings};

    let t = tempfile::tempdir().unwrap();
    put(t.path(), "a.txt", FLAGGED);
    put(t.path(), "b.html", "<p>miracle cure</p>");
    put(t.path(), "c.bin", [0u8, 1, 2, 3, 0, 0]);
    put(t.path(), "d.txt", "clean\n");
    let pack = std::fs::read_to_string(fixture("pack.yaml")).unwrap();
    let set = claimlint::load_rule_set(false, &[("pack.yaml".into(), pack)]).unwrap();
    let engine = claimlint::Engine::new(set).unwrap();
    let meta = RunMeta {
        packs: engine.rules().packs.clone(),
    };
    let inputs: Vec<Input> = ["a.txt", "b.html", "c.bin", "d.txt", "missing.txt"]
        .iter()
        .map(|f| Input::Path(t.path().join(f)))
        .collect();
    let mut run = check_all(&engine, &inputs, &Settings::default());
    assert_eq!(run.errors.len(), 1);
    let findings: usize = run.files.iter().map(|f| f.diagnostics.len()).sum();
    assert!(findings > 0);
    for expected_files in [4, 0] {
        let mut out = Vec::new();
        emit_run(&mut JsonEmitter::default(), &run, &meta, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
        let keys: Vec<&str> = doc
            .as_object()
            .unwrap()
            .keys()
            .map(|k| k.as_str())
            .collect();
        assert_eq!(keys.len(), 4, "{text}");
        assert_eq!(doc["version"], 1);
        assert_eq!(doc["tool"]["name"], "claimlint");
        assert_eq!(
            doc["tool"]["packs"][0]["name"],
            engine.rules().packs[0].name
        );
        assert_eq!(doc["files"].as_array().unwrap().len(), expected_files);
        let listed: usize = doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["diagnostics"].as_array().unwrap().len())
            .sum();
        assert_eq!(
            doc["summary"]["diagnostics"].as_u64().unwrap() as usize,
            listed
        );
        assert!(text.starts_with("{\n  \"version\": 1,\n  \"tool\": {\n    \"name\""));
        assert!(text.ends_with("\n  }\n}\n"), "{text}");
        run.files.clear();
    }
}

/// SARIF is streamed (results spilled to a temporary file and copied into place) yet stays
/// exactly what one `serde_json` pretty-print of the whole document gives, as it was when the
/// document was built in memory: re-serializing the parsed output reproduces it byte for byte.
#[test]
fn streamed_sarif_is_byte_identical_to_one_pretty_printed_document() {
    let t = tempfile::tempdir().unwrap();
    put(t.path(), "site/a.txt", FLAGGED);
    put(
        t.path(),
        "site/b.html",
        "<p>miracle cure </script> \u{2028}</p>",
    );
    put(t.path(), "site/c.txt", [b'a', 0xff, b'\n']);
    put(t.path(), "site/d.txt", "clean\n");
    for args in [
        &["site"][..],
        &["site/d.txt"][..],
        &["site", "missing.txt"][..],
    ] {
        let mut all = vec!["--format", "sarif"];
        all.extend_from_slice(args);
        let out = check(t.path(), &all, b"");
        let text = String::from_utf8(out.stdout).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        let again = serde_json::to_string_pretty(&value).unwrap() + "\n";
        assert!(text == again, "{args:?}:\n{text}");
    }
}
