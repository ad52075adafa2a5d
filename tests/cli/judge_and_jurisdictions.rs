//! The judge (voice scores in JSON, `claimlint voice`) and jurisdictions (which law a finding
//! cites, which rules run, from the flag, the config, the page's language and script).

use crate::common::*;

#[test]
fn json_carries_the_document_voice_and_each_findings_voice_and_score() {
    let page = fixture_arg("judge/clinic-page.txt");
    let out = run(&["check", "--format", "json", "--voice-threshold", "0", &page]);
    let doc = out.json();
    let file = &doc["files"][0];
    let voice = file["voice"]["score"].as_f64().unwrap();
    assert!((0.0..=1.0).contains(&voice), "{file}");
    assert_eq!(file["voice"]["reporting"], false, "{file}");
    let diags = file["diagnostics"].as_array().unwrap();
    assert!(!diags.is_empty());
    for d in diags {
        let v = d["voice"]
            .as_f64()
            .unwrap_or_else(|| panic!("no voice: {d}"));
        assert!((0.0..=1.0).contains(&v), "{d}");
        if let Some(s) = d["score"].as_f64() {
            assert!((0.0..=1.0).contains(&s), "{d}");
        }
    }
    assert!(diags.iter().any(|d| d["score"].is_f64()), "{diags:?}");
    // A gated page says so; rules alone carry no judge fields at all.
    let out = run(&["check", "--format", "json", "--voice-threshold", "1", &page]);
    let file = &out.json()["files"][0];
    assert_eq!(file["voice"]["reporting"], true, "{file}");
    assert_eq!(file["diagnostics"].as_array().unwrap().len(), 0);
    let out = run(&["check", "--format", "json", "--judge", "off", &page]);
    let file = &out.json()["files"][0];
    assert!(file.get("voice").is_none(), "{file}");
    for d in file["diagnostics"].as_array().unwrap() {
        assert!(d.get("voice").is_none() && d.get("score").is_none(), "{d}");
    }
}

#[test]
fn voice_explains_the_verdict_per_paragraph_with_the_weighing_ngrams() {
    let page = fixture_arg("judge/clinic-page.txt");
    let out = run(&["voice", "--voice-threshold", "0", &page]);
    assert_eq!(out.code, Some(0), "{}", out.stderr);
    let text = out.stdout;
    let head = text.lines().next().unwrap();
    assert!(head.contains("clinic-page.txt: voice 0."), "{text}");
    assert!(head.contains("advertiser: findings count"), "{text}");
    // One line per paragraph, then the n-grams either way.
    let paragraphs = std::fs::read_to_string(&page)
        .unwrap()
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .count();
    let scored = text
        .lines()
        .filter(|l| l.starts_with("  0.") || l.starts_with("  1."))
        .count();
    assert_eq!(scored, paragraphs, "{text}");
    assert!(text.contains("paragraphs towards advertiser: "), "{text}");
    assert!(text.contains("paragraphs towards reporting: "), "{text}");
    // The document voice's two parts and the document output's own features.
    assert!(
        text.lines().nth(1).is_some_and(
            |l| l.contains(" x paragraph mean 0.") && l.contains(" x document output 0.")
        ),
        "{text}"
    );
    assert!(text.contains("document output, genre: genre:"), "{text}");
    assert!(
        text.contains("document output towards advertiser: "),
        "{text}"
    );
    let out = run(&["voice", "--voice-threshold", "1", &page]);
    assert!(out.stdout.contains("reporting: findings are dropped"));
    // A short snippet is not judged; a missing file is named and exits 2, the rest is judged.
    let out = run_stdin(&["voice", "-"], "Cures everything.");
    assert!(out.stdout.contains("not judged"), "{}", out.stdout);
    let out = run(&["voice", "/no/such/file.txt", &page]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("/no/such/file.txt"));
    assert!(out.stdout.contains("clinic-page.txt: voice"));
}

/// `(rule, codes, references)` of the first file's findings in a JSON report.
fn findings_with_law(out: &Out) -> Vec<(String, Vec<String>, Vec<String>)> {
    let doc = out.json();
    let strings = |v: &serde_json::Value| -> Vec<String> {
        v.as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_string())
            .collect()
    };
    doc["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                strings(&d["codes"]),
                strings(&d["references"]),
            )
        })
        .collect()
}

#[test]
fn jurisdictions_decide_the_law_shown_and_named_ones_drop_other_countries_rules() {
    let page = fixture_arg("judge/clinic-page.txt");
    // English copy defaults to the US and the UK: no Japanese code or law is shown.
    let out = run(&["check", "--format", "json", "--judge", "off", &page]);
    assert_eq!(
        out.json()["files"][0]["jurisdictions"],
        serde_json::json!(["us", "uk"])
    );
    let found = findings_with_law(&out);
    assert!(!found.is_empty());
    for (rule, codes, refs) in &found {
        assert!(!codes.is_empty(), "{rule}");
        assert!(
            codes
                .iter()
                .all(|c| c.starts_with("us-") || c.starts_with("uk-")),
            "{rule}: {codes:?}"
        );
        assert!(refs.iter().all(|r| !r.contains('法')), "{rule}: {refs:?}");
    }
    // A Japanese clinic's English page answers to Japanese law when the run says so.
    let out = run(&[
        "check",
        "--format",
        "json",
        "--judge",
        "off",
        "--jurisdiction",
        "jp",
        &page,
    ]);
    let jp = findings_with_law(&out);
    assert_eq!(jp.len(), found.len());
    for (rule, codes, refs) in &jp {
        assert!(
            codes.iter().all(|c| c.starts_with("mhlw:")),
            "{rule}: {codes:?}"
        );
        assert!(
            refs.iter()
                .all(|r| !r.contains("FTC") && !r.contains("CAP")),
            "{rule}: {refs:?}"
        );
    }
    // A rule that enforces no UK law goes when only the UK is named, stays by default.
    let text = "Ideal for people in a state of sub-health who feel tired all the time.\n";
    let rules = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["check", "--format", "json", "--judge", "off"];
        all.extend_from_slice(args);
        let out = run_stdin(&all, text);
        findings_with_law(&out)
            .into_iter()
            .map(|(r, _, _)| r)
            .collect()
    };
    assert!(rules(&[]).contains(&"en.immunity.sub-health".to_string()));
    assert!(rules(&["--jurisdiction", "us,jp"]).contains(&"en.immunity.sub-health".to_string()));
    assert!(!rules(&["--jurisdiction", "uk"]).contains(&"en.immunity.sub-health".to_string()));
    let out = run(&["check", "--jurisdiction", "mars", &page]);
    assert_eq!(out.code, Some(2));
    assert!(out.stderr.contains("`mars`"), "{}", out.stderr);
}

#[test]
fn chinese_pages_default_to_taiwan_by_html_lang_or_traditional_script_else_china() {
    let dir = tempdir();
    let write = |name: &str, text: &str| {
        let p = dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    };
    let hant = write(
        "tw.txt",
        "本院幹細胞療法可根治糖尿病，療效顯著，無任何副作用。\n",
    );
    let hans = write(
        "cn.txt",
        "本院干细胞疗法可根治糖尿病，疗效显著，无任何副作用。\n",
    );
    // Traditional text whose script alone would not tell: <html lang> decides.
    let html = write(
        "page.html",
        "<!doctype html><html lang=\"zh-Hant-TW\"><body><p>本院幹細胞療法可根治糖尿病。</p></body></html>\n",
    );
    let out = run(&[
        "check", "--format", "json", "--judge", "off", &hant, &hans, &html,
    ]);
    let doc = out.json();
    let by_path = |name: &str| {
        doc["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["path"].as_str().unwrap().ends_with(name))
            .unwrap()
            .clone()
    };
    for (name, want, prefix) in [
        ("tw.txt", "tw", "tw-"),
        ("cn.txt", "cn", "cn-"),
        ("page.html", "tw", "tw-"),
    ] {
        let f = by_path(name);
        assert_eq!(f["language"], "zh", "{name}: {f}");
        assert_eq!(f["jurisdictions"], serde_json::json!([want]), "{name}");
        let diags = f["diagnostics"].as_array().unwrap();
        assert!(!diags.is_empty(), "{name}");
        for d in diags {
            for c in d["codes"].as_array().unwrap() {
                assert!(c.as_str().unwrap().starts_with(prefix), "{name}: {d}");
            }
        }
    }
}

#[test]
fn the_config_names_jurisdictions_and_the_flag_wins() {
    let dir = tempdir();
    std::fs::write(dir.path().join("claimlint.yaml"), "jurisdictions: [jp]\n").unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Our stem cell therapy cures arthritis.\n",
    )
    .unwrap();
    let run_in = |args: &[&str]| run_in(dir.path(), args);
    let out = run_in(&["check", "--format", "json", "--judge", "off", "a.txt"]);
    assert_eq!(
        out.json()["files"][0]["jurisdictions"],
        serde_json::json!(["jp"])
    );
    let out = run_in(&[
        "check",
        "--format",
        "json",
        "--judge",
        "off",
        "--jurisdiction",
        "us",
        "a.txt",
    ]);
    assert_eq!(
        out.json()["files"][0]["jurisdictions"],
        serde_json::json!(["us"])
    );
    let out = run_in(&["config", "show"]);
    assert!(
        out.stdout.contains("jurisdictions:\n- jp"),
        "{}",
        out.stdout
    );
    std::fs::write(
        dir.path().join("claimlint.yaml"),
        "jurisdictions: [jp, xx]\n",
    )
    .unwrap();
    let out = run_in(&["check", "a.txt"]);
    assert_eq!(out.code, Some(2));
    let err = out.stderr;
    assert!(
        err.contains("claimlint.yaml") && err.contains("`xx`"),
        "{err}"
    );
}
