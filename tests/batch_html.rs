//! The HTML report: one self-contained file whose embedded data no checked text can break, the
//! same from `check --format html` and `report -o`; and the browser test when Chromium is here.

mod batch_support;
use batch_support::{check, fixture, put, run};
use serde_json::Value;

const DATA_OPEN: &str = "<script type=\"application/json\" id=\"claimlint-data\">";

fn tree() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    put(
        t.path(),
        "site/a.txt",
        "Our miracle cure.\nThe best clinic.\n",
    );
    put(t.path(), "site/ja.txt", "必ず治る。\n");
    put(t.path(), "site/clean.txt", "Opening hours.\n");
    put(
        t.path(),
        "site/hostile.txt",
        std::fs::read(fixture("hostile.txt")).unwrap(),
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
    let out = check(t.path(), &["site", "--format", "html"], b"");
    assert_eq!(out.code, 1, "{}", out.stderr);
    let html = out.text();
    let json = check(t.path(), &["site", "--format", "json"], b"").json();

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
    let pack = fixture("pack.yaml").to_string_lossy().into_owned();
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
    let out = run(t.path(), &args, b"");
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert!(out.stdout.is_empty());
    let written = std::fs::read(t.path().join("report.html")).unwrap();
    let piped = check(t.path(), &["site", "--format", "html"], b"").stdout;
    assert!(written == piped);
}

#[test]
fn unreadable_inputs_are_listed_on_the_page() {
    let t = tree();
    let out = check(t.path(), &["site", "missing.html", "--format", "html"], b"");
    assert_eq!(out.code, 2);
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
