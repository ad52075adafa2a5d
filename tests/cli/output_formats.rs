//! Output formats: JSON, JSONL, CSV, SARIF (valid against the official schema), GitHub
//! annotations, human and concise text, colour and wrapping; every emitter against its snapshot
//! under tests/snapshots/; and the self-contained HTML report.

use crate::common::*;
use claimlint::report::{
    emit_run, CsvEmitter, Emitter, GithubEmitter, HtmlEmitter, HumanEmitter, JsonEmitter,
    JsonlEmitter, RunMeta, SarifEmitter,
};
use claimlint::run::{Pipeline, RunReport, Settings};
use claimlint::source::Kind;
use claimlint::Engine;
use serde_json::Value;
use std::path::Path;

// JSONL, CSV, --stats, --encoding and --output, and the streamed reporters against the
// whole-run ones.

const FLAGGED: &str = "Our miracle cure works.\nThe best clinic in town.\n当院なら必ず治る。\n";

#[test]
fn jsonl_is_one_json_contract_diagnostic_per_line_with_its_path() {
    let t = tempdir();
    write(t.path(), "b.txt", FLAGGED);
    write(t.path(), "a.txt", "miracle cure\n");
    write(t.path(), "clean.txt", "Opening hours.\n");
    let json = check_batch(t.path(), &[".", "--format", "json"], b"").json();
    let out = check_batch(t.path(), &[".", "--format", "jsonl"], b"");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
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
    let t = tempdir();
    write(t.path(), "page, \"one\".txt", FLAGGED);
    let out = check_batch(t.path(), &[".", "--format", "csv"], b"");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(!out.stdout_bytes.starts_with("\u{feff}".as_bytes()));
    let mut reader = csv::Reader::from_reader(out.stdout_bytes.as_slice());
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
    let t = tempdir();
    write(t.path(), "a.txt", FLAGGED);
    write(t.path(), "b.txt", FLAGGED);
    let out = check_batch(t.path(), &[".", "--format", "csv", "--csv-bom"], b"");
    let bom = "\u{feff}".as_bytes();
    assert!(out.stdout_bytes.starts_with(bom));
    let body = &out.stdout_bytes[bom.len()..];
    assert!(!body.windows(3).any(|w| w == bom));
    let mut reader = csv::Reader::from_reader(body);
    assert_eq!(reader.headers().unwrap().get(0), Some("path"));
    assert_eq!(reader.records().count(), 6);
}

#[test]
fn stats_go_to_stderr_for_machine_formats_and_stdout_for_human() {
    let t = tempdir();
    write(t.path(), "a.txt", FLAGGED);
    write(t.path(), "b.txt", "miracle cure\n");
    write(t.path(), "c.txt", "nothing\n");
    let out = check_batch(t.path(), &[".", "--format", "jsonl", "--stats"], b"");
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

    let json = check_batch(t.path(), &[".", "--format", "json", "--stats"], b"");
    json.json();
    assert!(json.stderr.contains(expected));

    let human = check_batch(t.path(), &[".", "--stats", "--quiet"], b"");
    assert!(human.text().ends_with(expected), "{}", human.text());
    assert!(!human.stderr.contains("Findings by"));
}

#[test]
fn encoding_flag_forces_the_decoding() {
    let dir = fixture("batch/");
    let sjis = fixture("batch/sjis.txt");
    let sjis = sjis.to_str().unwrap();
    let flagged = |enc: &str| {
        let out = check_batch(&dir, &[sjis, "--format", "json", "--encoding", enc], b"");
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

    let out = check_batch(&dir, &[sjis, "--encoding", "klingon"], b"");
    assert_eq!(out.code, Some(2));
    assert!(
        out.stderr.contains("unknown encoding `klingon`"),
        "{}",
        out.stderr
    );
}

#[test]
fn output_writes_the_report_to_a_file_and_never_over_a_checked_file() {
    let t = tempdir();
    write(t.path(), "site/a.txt", FLAGGED);
    let out = check_batch(
        t.path(),
        &["site", "--format", "jsonl", "-o", "out.jsonl"],
        b"",
    );
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stdout_bytes.is_empty());
    let written = std::fs::read_to_string(t.path().join("out.jsonl")).unwrap();
    assert_eq!(written.lines().count(), 3);

    let out = check_batch(
        t.path(),
        &["site", "--format", "json", "-o", "site/a.txt"],
        b"",
    );
    assert_eq!(out.code, Some(2));
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

    let t = tempdir();
    write(t.path(), "a.txt", FLAGGED);
    write(t.path(), "b.html", "<p>miracle cure</p>");
    write(t.path(), "c.bin", [0u8, 1, 2, 3, 0, 0]);
    write(t.path(), "d.txt", "clean\n");
    let pack = std::fs::read_to_string(fixture("batch/pack.yaml")).unwrap();
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
    let t = tempdir();
    write(t.path(), "site/a.txt", FLAGGED);
    write(
        t.path(),
        "site/b.html",
        "<p>miracle cure </script> \u{2028}</p>",
    );
    write(t.path(), "site/c.txt", [b'a', 0xff, b'\n']);
    write(t.path(), "site/d.txt", "clean\n");
    for args in [
        &["site"][..],
        &["site/d.txt"][..],
        &["site", "missing.txt"][..],
    ] {
        let mut all = vec!["--format", "sarif"];
        all.extend_from_slice(args);
        let out = check_batch(t.path(), &all, b"");
        let text = String::from_utf8(out.stdout_bytes).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        let again = serde_json::to_string_pretty(&value).unwrap() + "\n";
        assert!(text == again, "{args:?}:\n{text}");
    }
}

// The HTML report: one self-contained file whose embedded data no checked text can break, the
// same from `check --format html` and `report -o`; and the browser test when Chromium is here.

const DATA_OPEN: &str = "<script type=\"application/json\" id=\"claimlint-data\">";

fn tree() -> tempfile::TempDir {
    let t = tempdir();
    write(
        t.path(),
        "site/a.txt",
        "Our miracle cure.\nThe best clinic.\n",
    );
    write(t.path(), "site/ja.txt", "必ず治る。\n");
    write(t.path(), "site/clean.txt", "Opening hours.\n");
    write(
        t.path(),
        "site/hostile.txt",
        std::fs::read(fixture("batch/hostile.txt")).unwrap(),
    );
    t
}

fn embedded_data(html: &str) -> Value {
    let start = html.find(DATA_OPEN).expect("data block") + DATA_OPEN.len();
    let len = html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..start + len]).unwrap()
}

#[test]
fn html_report_embeds_the_run_and_is_self_contained() {
    let t = tree();
    let out = check_batch(t.path(), &["site", "--format", "html"], b"");
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    let html = out.text();
    let json = check_batch(t.path(), &["site", "--format", "json"], b"").json();

    let data = embedded_data(&html);
    for key in ["files", "diagnostics", "errors", "warnings", "infos"] {
        assert_eq!(data["summary"][key], json["summary"][key], "{key}");
    }
    assert_eq!(data["summary"]["by_category"]["curative-claim"], 2);
    // Files without findings are counted, not listed.
    let listed: Vec<&str> = data["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(listed, ["site/a.txt", "site/hostile.txt", "site/ja.txt"]);
    let first = &data["files"][0]["findings"][0];
    assert_eq!(first["before"], "Our ");
    assert_eq!(first["shown"], "miracle cure");
    assert_eq!(first["after"], ".");
    assert_eq!(first["references"][0], "Medical Care Act, art. 6-5");

    // No network: nothing is loaded from elsewhere.
    for attr in ["src=", "href="] {
        for (i, _) in html.match_indices(attr) {
            let value = &html[i + attr.len()..];
            assert!(
                !value.trim_start_matches(['"', '\'']).starts_with("http"),
                "remote {attr} at {i}"
            );
        }
    }
    assert!(html.contains("Content-Security-Policy"));
    // Exactly the page's two script elements; text from the checked page cannot add or close one.
    assert_eq!(html.matches("</script>").count(), 2);
    assert_eq!(html.matches("<!--").count(), 0);
    let hostile = &data["files"][1]["findings"][0]["after"];
    assert!(hostile
        .as_str()
        .unwrap()
        .contains("</script><script>alert(\"x\")</script> <!-- works & more."));
    // The data is inserted as text only.
    assert!(!html.contains("innerHTML"));
}

#[test]
fn report_command_writes_the_same_page_as_check_format_html() {
    let t = tree();
    let pack = fixture("batch/pack.yaml").to_string_lossy().into_owned();
    let args: Vec<String> = [
        "report",
        "--no-default-rules",
        "--rules",
        &pack,
        "site",
        "-o",
        "report.html",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    let out = cmd(&args).cwd(t.path()).stdin(b"").run();
    assert_eq!(out.code, Some(1), "{}", out.stderr);
    assert!(out.stdout_bytes.is_empty());
    let written = std::fs::read(t.path().join("report.html")).unwrap();
    let piped = check_batch(t.path(), &["site", "--format", "html"], b"").stdout_bytes;
    assert!(written == piped);
}

#[test]
fn unreadable_inputs_are_listed_on_the_page() {
    let t = tree();
    let out = check_batch(t.path(), &["site", "missing.html", "--format", "html"], b"");
    assert_eq!(out.code, Some(2));
    let data = embedded_data(&out.text());
    assert_eq!(data["summary"]["unreadable"], 1);
    assert!(data["errors"][0]
        .as_str()
        .unwrap()
        .starts_with("missing.html: "));
}

/// Runs tests/browser/report_test.mjs when Chromium and Node are installed (CI runs it as its own
/// step in any case, after installing Chromium).
#[test]
fn browser_report_test_passes_where_chromium_is_installed() {
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let node_ok = std::process::Command::new("node")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !std::path::Path::new(&chromium).exists() || !node_ok {
        eprintln!("skipped: no {chromium} or no node (see .ci/run)");
        return;
    }
    let script =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/report_test.mjs");
    let out = std::process::Command::new("node")
        .arg(script)
        .arg(env!("CARGO_BIN_EXE_claimlint"))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success() && stdout.contains(" passed, 0 failed"),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

// `--format sarif` and `--format github`: schema validity, locations, fingerprints, escaping.

fn sarif(dir: &std::path::Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "sarif"];
    all.extend_from_slice(args);
    let out = check_ci(dir, &all);
    assert!(out.code == Some(0) || out.code == Some(1), "{out:?}");
    serde_json::from_str(&out.stdout).expect("SARIF is JSON")
}

/// The official schema (tests/fixtures/ci/sarif-schema-2.1.0.json, verbatim from
/// oasis-tcs/sarif-spec Schemata/), with formats (uri, uri-reference) checked.
///
/// That file has one known defect: `region`'s `anyOf` (startLine, charOffset or byteOffset is
/// required) sits inside `properties`, which the 2020-12 meta-schema rejects. It is moved to
/// where the spec puts it, which makes the check stricter, not looser.
fn schema() -> jsonschema::Validator {
    let text = std::fs::read_to_string(fixture("ci/sarif-schema-2.1.0.json")).unwrap();
    let mut schema: Value = serde_json::from_str(&text).unwrap();
    let region = &mut schema["definitions"]["region"];
    let any_of = region["properties"]
        .as_object_mut()
        .unwrap()
        .remove("anyOf")
        .expect("the known defect is still there; drop this fix-up if the schema was updated");
    region["anyOf"] = any_of;
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

fn assert_valid(v: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = v
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF schema violations:\n{}",
        errors.join("\n")
    );
}

fn results(doc: &Value) -> &Vec<Value> {
    doc["runs"][0]["results"].as_array().unwrap()
}

/// (ruleId, fingerprint, startLine) of every result.
fn fingerprints(doc: &Value) -> Vec<(String, String, u64)> {
    results(doc)
        .iter()
        .map(|r| {
            (
                r["ruleId"].as_str().unwrap().to_string(),
                r["partialFingerprints"]["claimlintFindingHash/v1"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["locations"][0]["physicalLocation"]["region"]["startLine"]
                    .as_u64()
                    .unwrap(),
            )
        })
        .collect()
}

fn sample_dir() -> tempfile::TempDir {
    let dir = tempdir();
    write(
        dir.path(),
        "page.md",
        "# Clinic\n\nOur miracle cure works. The best clinic.\n\n<!-- claimlint-disable-next-line -->\nno side effects\n",
    );
    write(dir.path(), "ja.txt", "がんが完治します。\n");
    write(
        dir.path(),
        "sub dir/p.html",
        "<p>A 90% cure rate &amp; no side effects.</p>",
    );
    dir
}

#[test]
fn sarif_validates_against_the_official_2_1_0_schema() {
    let dir = sample_dir();
    let doc = sarif(dir.path(), &["--report-unused-suppressions", "."]);
    assert_valid(&schema(), &doc);
    assert_eq!(doc["version"], "2.1.0");
    assert!(results(&doc).len() >= 5, "{doc:#}");
}

#[test]
fn the_schema_check_rejects_broken_sarif() {
    // Guards the test above: the validator must catch a bad level and a missing version.
    let dir = sample_dir();
    let v = schema();
    let mut doc = sarif(dir.path(), &["."]);
    doc["runs"][0]["results"][0]["level"] = Value::from("fatal");
    assert!(!v.is_valid(&doc));
    let mut doc = sarif(dir.path(), &["."]);
    doc.as_object_mut().unwrap().remove("version");
    assert!(!v.is_valid(&doc));
    // A region without a start and a URI with a raw space are caught too.
    let mut doc = sarif(dir.path(), &["."]);
    let region = &mut doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"];
    region.as_object_mut().unwrap().remove("startLine");
    assert!(!v.is_valid(&doc));
    let mut doc = sarif(dir.path(), &["."]);
    doc["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] =
        Value::from("sub dir/p.html");
    assert!(!v.is_valid(&doc));
}

#[test]
fn driver_describes_rules_with_help_and_categories() {
    let dir = sample_dir();
    let doc = sarif(dir.path(), &["."]);
    let driver = &doc["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "claimlint");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    assert!(driver["informationUri"]
        .as_str()
        .unwrap()
        .starts_with("https://"));
    let rules = driver["rules"].as_array().unwrap();
    let miracle = rules.iter().find(|r| r["id"] == "t.miracle").unwrap();
    assert_eq!(miracle["name"], "miracle");
    assert_eq!(miracle["shortDescription"]["text"], "Miracle claim");
    assert!(!miracle["fullDescription"]["text"]
        .as_str()
        .unwrap()
        .is_empty());
    let help_text = miracle["help"]["text"].as_str().unwrap();
    assert!(help_text.contains("Describe the treatment without promising a result."));
    assert!(help_text.contains("FTC Act §5"));
    let md = miracle["help"]["markdown"].as_str().unwrap();
    assert!(
        md.contains("## t.miracle") && md.contains("### References") && md.contains("FTC Act §5")
    );
    assert_eq!(miracle["defaultConfiguration"]["level"], "error");
    assert_eq!(
        rules.iter().find(|r| r["id"] == "t.safe").unwrap()["defaultConfiguration"]["level"],
        "note"
    );
    let tags = miracle["properties"]["tags"].as_array().unwrap();
    assert!(tags.contains(&Value::from("curative-claim")));
    // Every result's ruleIndex points at its rule.
    for r in results(&doc) {
        let i = r["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[i]["id"], r["ruleId"]);
    }
}

#[test]
fn results_carry_levels_locations_codes_and_category() {
    let dir = sample_dir();
    let doc = sarif(dir.path(), &["."]);
    let rs = results(&doc);
    let miracle = rs.iter().find(|r| r["ruleId"] == "t.miracle").unwrap();
    assert_eq!(miracle["level"], "error");
    assert!(miracle["message"]["text"]
        .as_str()
        .unwrap()
        .starts_with("Miracle claim"));
    assert_eq!(miracle["properties"]["codes"][0], "ftc:5");
    assert_eq!(miracle["properties"]["category"], "curative-claim");
    let loc = &miracle["locations"][0]["physicalLocation"];
    assert_eq!(loc["artifactLocation"]["uri"], "page.md");
    assert_eq!(loc["region"]["startLine"], 3);
    assert_eq!(loc["region"]["startColumn"], 5);
    assert_eq!(loc["region"]["endLine"], 3);
    assert_eq!(loc["region"]["endColumn"], 17);
    assert_eq!(
        rs.iter().find(|r| r["ruleId"] == "t.best").unwrap()["level"],
        "warning"
    );
    // Paths are relative URIs, percent-encoded.
    let html = rs.iter().find(|r| r["ruleId"] == "t.percent").unwrap();
    assert_eq!(
        html["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "sub%20dir/p.html"
    );
    assert_eq!(doc["runs"][0]["columnKind"], "unicodeCodePoints");
}

#[test]
fn cjk_columns_count_code_points() {
    let dir = sample_dir();
    let doc = sarif(dir.path(), &["ja.txt"]);
    let r = &results(&doc)[0];
    let region = &r["locations"][0]["physicalLocation"]["region"];
    // が ん が 完 治: 完 is the 4th code point (byte 9); 治 ends before the 6th.
    assert_eq!(
        (region["startColumn"].as_u64(), region["endColumn"].as_u64()),
        (Some(4), Some(6))
    );
    assert_eq!(region["snippet"]["text"], "完治");
}

#[test]
fn fingerprints_survive_an_inserted_line() {
    let dir = tempdir();
    let body = "A miracle cure.\nThe best clinic.\nAnother miracle cure.\n";
    write(dir.path(), "a.txt", body);
    let before = fingerprints(&sarif(dir.path(), &["a.txt"]));
    assert_eq!(before.len(), 3);
    // Two findings of one rule on one text still get different fingerprints.
    assert_ne!(before[0].1, before[2].1);
    write(
        dir.path(),
        "a.txt",
        format!("Welcome to our page.\n\n{body}"),
    );
    let after = fingerprints(&sarif(dir.path(), &["a.txt"]));
    assert_eq!(after.len(), 3);
    for (b, a) in before.iter().zip(&after) {
        assert_eq!((&b.0, &b.1), (&a.0, &a.1), "fingerprint changed");
        assert_eq!(
            a.2,
            b.2 + 2,
            "the line moved down, the fingerprint did not change"
        );
    }
    // Same input, same output: fingerprints are stable across runs.
    assert_eq!(after, fingerprints(&sarif(dir.path(), &["a.txt"])));
}

#[test]
fn github_annotations_escape_data_and_properties() {
    let dir = tempdir();
    write(
        dir.path(),
        "a,b:c.txt",
        "A cure rate of 90%.\nThe best clinic.\nno side effects\n",
    );
    let out = check_ci(dir.path(), &["--format", "github", "a,b:c.txt"]);
    assert_eq!(out.code, Some(1), "{out:?}");
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "::error file=a%2Cb%3Ac.txt,line=1,col=3,endLine=1,endColumn=12,title=t.percent::100%25 cure rate, stated as fact (efficacy-rate)%0Ahelp: Cite the study:%0Aname it, and its size"
    );
    assert!(
        lines[1].starts_with("::warning file=a%2Cb%3Ac.txt,line=2,col=5,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].starts_with("::notice file=a%2Cb%3Ac.txt,line=3,col=1,"),
        "{}",
        lines[2]
    );
    assert_eq!(
        annotated_rules(&out.stdout),
        ["t.percent", "t.best", "t.safe"]
    );
    // No raw newline inside a command: one annotation per line.
    assert_eq!(lines.iter().filter(|l| l.starts_with("::")).count(), 3);
}

// Every output format against one shared set of diagnostics, compared byte for byte with one
// expected file per format under tests/snapshots/ (`UPDATE_SNAPSHOTS=1 cargo test --test cli
// every_format_renders` rewrites them after an intended change).

/// The shared fixture: a few documents of each kind, flagged and clean, one unreadable.
fn snapshot_run(engine: &Engine) -> RunReport {
    let docs: [(&str, Kind, &str); 4] = [
        (
            "site/clinic.md",
            Kind::Markdown,
            "# 幹細胞点滴\n\n当院なら必ず治る。The best clinic in town.\n",
        ),
        (
            "site/en.html",
            Kind::Html,
            "<html><body><p>Our miracle cure works &amp; lasts.</p></body></html>\n",
        ),
        (
            "site/mixed, \"one\".txt",
            Kind::Text,
            "Our miracle cure works.\n<!-- claimlint-disable-next-line batch.best -->\nThe best clinic.\n当院なら必ず治る。\n",
        ),
        ("site/clean.txt", Kind::Text, "ご予約はお電話でどうぞ。\n"),
    ];
    // Rules alone, so the snapshots do not move with the model's weights; the judge's fields
    // are set by hand on the first document.
    let mut settings = Settings::default();
    settings.check.judge = claimlint::engine::JudgeOptions::OFF;
    let pipeline = Pipeline::new(engine, settings);
    let mut run = RunReport::default();
    for (path, kind, text) in docs {
        run.files
            .push(pipeline.check_bytes(path, None, text.as_bytes(), Some(kind), None));
    }
    let first = &mut run.files[0];
    first.voice = claimlint::engine::DocumentVoice {
        score: Some(0.9124),
        reporting: false,
    };
    first.diagnostics[0].voice = Some(931);
    first.diagnostics[0].score = Some(875);
    run.errors.push(claimlint::Error::Io {
        path: "site/gone.txt".into(),
        message: "No such file or directory".into(),
    });
    run
}

fn emitters(engine: &Engine) -> Vec<(&'static str, Box<dyn Emitter + '_>)> {
    vec![
        (
            "human",
            Box::new(HumanEmitter {
                color: false,
                quiet: false,
                width: 100,
            }),
        ),
        ("json", Box::new(JsonEmitter::default())),
        ("jsonl", Box::new(JsonlEmitter)),
        ("csv", Box::new(CsvEmitter { bom: false })),
        ("html", Box::new(HtmlEmitter::default())),
        ("sarif", Box::new(SarifEmitter::new(engine.rules()))),
        ("github", Box::new(GithubEmitter)),
    ]
}

#[test]
fn every_format_renders_the_shared_diagnostics_as_its_snapshot() {
    let pack = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/batch/pack.yaml");
    let pack = std::fs::read_to_string(pack).unwrap();
    let set = claimlint::load_rule_set(false, &[("pack.yaml".into(), pack)]).unwrap();
    let engine = Engine::new(set).unwrap();
    let run = snapshot_run(&engine);
    assert!(
        run.files
            .iter()
            .filter(|f| !f.diagnostics.is_empty())
            .count()
            >= 3,
        "the fixture must flag something in each flagged document"
    );
    let meta = RunMeta {
        packs: engine.rules().packs.clone(),
    };
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let mut stale = Vec::new();
    for (format, mut emitter) in emitters(&engine) {
        let mut out = Vec::new();
        emit_run(&mut *emitter, &run, &meta, &mut out).unwrap();
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/snapshots")
            .join(format!("emit.{format}"));
        if update {
            std::fs::write(&path, &out).unwrap();
            continue;
        }
        let expected = std::fs::read(&path).unwrap_or_default();
        if expected != out {
            stale.push(format);
        }
    }
    assert!(
        stale.is_empty(),
        "output differs from tests/snapshots/emit.<format> for {stale:?}"
    );
}

#[test]
fn json_start_end_are_byte_offsets_and_matched_is_that_slice() {
    let pack = fixture_arg("cli/cjk.yaml");
    let path = fixture_arg("cli/cjk.txt");
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &pack,
        "--format",
        "json",
        &path,
    ]);
    let v = o.json();
    let d = &v["files"][0]["diagnostics"][0];
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let (s, e) = (
        d["start"].as_u64().unwrap_or(0) as usize,
        d["end"].as_u64().unwrap_or(0) as usize,
    );
    assert_eq!(text.get(s..e), Some("ｶﾞﾝに効く奇跡"));
    assert_eq!(d["matched"], "ｶﾞﾝに効く奇跡");
    // Columns count characters: 当院の治療は is six characters, so the match starts at 7.
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(2), Some(7))
    );
    assert_eq!(d["end_column"].as_u64(), Some(15));
}

#[test]
fn human_output_underlines_exactly_under_full_and_half_width_text() {
    let o = run(&[
        "check",
        "--no-default-rules",
        "--rules",
        &fixture_arg("cli/cjk.yaml"),
        &fixture_arg("cli/cjk.txt"),
    ]);
    let out = o.stdout;
    assert!(
        !out.contains('\x1b'),
        "no colour when not a terminal: {out}"
    );
    assert!(out.contains("cjk.txt:2:7]"), "{out}");
    let lines: Vec<&str> = out.lines().collect();
    let src_i = lines
        .iter()
        .position(|l| l.contains("当院の治療は"))
        .unwrap_or_else(|| panic!("{out}"));
    let src = lines[src_i];
    let under = lines[src_i + 1];
    let width = |s: &str| {
        s.chars()
            .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
            .sum::<usize>()
    };
    let prefix = src.find("ｶﾞﾝ").unwrap_or(0);
    let col = width(&src[..prefix]);
    let start = under.find('─').unwrap_or(0);
    assert_eq!(
        width(&under[..start]),
        col,
        "underline starts under ｶ:\n{src}\n{under}"
    );
    assert_eq!(
        under.matches(['─', '┬']).count(),
        width("ｶﾞﾝに効く奇跡"),
        "\n{src}\n{under}"
    );
    assert!(
        out.contains("1 file checked: 1 error, 0 warnings, 0 infos"),
        "{out}"
    );
}

#[test]
fn concise_format_is_one_line_per_finding() {
    let dir = tempdir();
    std::fs::write(
        dir.path().join("copy.txt"),
        "Welcome.\nThis treatment cures diabetes.\n",
    )
    .unwrap();
    // Rules alone: the format is under test, not what the model adds.
    let o = run_in(
        dir.path(),
        &["check", "--judge", "off", "--format", "concise", "copy.txt"],
    );
    assert_eq!(o.code, Some(1), "{}", o.stderr);
    let out = o.stdout;
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 2, "{out}");
    assert!(
        lines[0].starts_with("copy.txt:2:16: error en.curative."),
        "{out}"
    );
    assert!(lines[1].starts_with("claimlint: 1 files checked"), "{out}");
}

#[test]
fn color_always_colours_a_pipe_and_never_does_not() {
    let claim = fixture_arg("cli/claim.txt");
    let always = run(&["check", "--color", "always", &claim]);
    assert!(always.stdout.contains("\x1b["), "{}", always.stdout);
    let never = run(&["check", "--color", "never", &claim]);
    assert!(!never.stdout.contains("\x1b["));
    // auto into a pipe: no colour.
    let auto = run(&["check", &claim]);
    assert!(!auto.stdout.contains("\x1b["));
    assert_eq!(never.stdout, auto.stdout);
}

#[test]
fn human_output_wraps_messages_and_notes_to_the_width() {
    let run_cols = |cols: &str| {
        cmd(["check", "--judge", "off", "-"])
            .stdin("当院の幹細胞点滴でがんが完治します。\n")
            .env("COLUMNS", cols)
            .env("NO_COLOR", "1")
            .run()
            .stdout
    };
    let cells = |l: &str| {
        l.chars()
            .map(|c| {
                // East Asian wide and full-width ranges, as terminals draw them.
                let u = c as u32;
                let wide = [
                    (0x1100, 0x115F),
                    (0x2E80, 0xA4CF),
                    (0xAC00, 0xD7A3),
                    (0xF900, 0xFAFF),
                    (0xFE30, 0xFE4F),
                    (0xFF00, 0xFF60),
                    (0xFFE0, 0xFFE6),
                ]
                .iter()
                .any(|&(a, b)| (a..=b).contains(&u));
                if wide {
                    2
                } else {
                    1
                }
            })
            .sum::<usize>()
    };
    let narrow = run_cols("50");
    let prose: Vec<&str> = narrow
        .lines()
        .filter(|l| !l.contains('│') && !l.contains('·') && !l.contains('╭'))
        .collect();
    assert!(prose.iter().all(|l| cells(l) <= 50), "{narrow}");
    let wide = run_cols("400");
    assert!(
        narrow.lines().count() > wide.lines().count() + 8,
        "{narrow}\n{wide}"
    );
    // Nothing is lost: the same words, only broken differently.
    let words = |s: &str| s.split_whitespace().collect::<String>();
    assert_eq!(words(&narrow), words(&wide));
}
