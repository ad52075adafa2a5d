//! Micro-benchmarks per pipeline stage, so a regression can be traced to its stage:
//! decoding, markup extraction, normalization (with paragraphs and sentences), language
//! tagging, literal matching, regexes, context filtering, and reporting.
//! Run: `cargo bench --bench stages`.

use claimlint::engine::{CheckOptions, Engine};
use claimlint::report::{emit_run, JsonEmitter, RunMeta};
use claimlint::run::{FileReport, RunReport};
use claimlint::source::{self, Kind, SourceOptions};
use claimlint::text::{detect_paragraph, LangDetector, Normalized};
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

const JA: &str = "当院では幹細胞点滴による再生医療を提供しています。費用は一回あたり五十万円です。\
効果には個人差があります。糖尿病が完治するわけではありません。\n\
幹細胞で糖尿病が完治します！副作用はありません。\n\n";
const ZH: &str =
    "本院提供干细胞治疗，费用为每次五万元。效果因人而异。干细胞可以根治糖尿病，无副作用。\n\n\
幹細胞療法可以根治帕金森病，這是真的。\n\n";
const EN: &str = "Our clinic offers stem cell therapy in Tokyo. Results vary between patients. \
Stem cells cure diabetes with no side effects! This is not a cure for Parkinson's disease.\n\n";

/// About 1 MB of mixed copy.
fn text() -> String {
    let unit = format!("{JA}{ZH}{EN}");
    unit.repeat(1_000_000 / unit.len() + 1)
}

fn pack(kind: &str) -> Engine {
    let yaml = match kind {
        "literals" => {
            r#"
pack: bench-literals
version: "1"
lexicons:
  therapy: [幹細胞, 干细胞, stem cell, stem cells, 再生医療]
  disease: [糖尿病, 帕金森病, diabetes, parkinson's disease]
rules:
  - id: b.lit
    category: curative-claim
    severity: error
    message: m
    patterns:
      - {kind: literal, phrases: [完治, 根治, cure, cures, 副作用はありません, 无副作用, no side effects]}
  - id: b.co
    category: unapproved-indication
    severity: error
    message: m
    patterns:
      - {kind: cooccurrence, a: ["@therapy"], b: ["@disease"]}
"#
        }
        "regexes" => {
            r#"
pack: bench-regexes
version: "1"
rules:
  - id: b.re
    category: curative-claim
    severity: error
    message: m
    patterns:
      - {kind: regex, regex: '治(?:ります|る|せる)'}
      - {kind: regex, regex: 'cure[sd]?(?-u:\b)'}
      - {kind: regex, regex: '治愈率\s*\d+'}
"#
        }
        _ => {
            r#"
pack: bench-context
version: "1"
contexts:
  negation:
    - {terms: [ません, わけではありません, ない], where: after, within: 12}
    - {terms: [不能, 无法, not, no], where: before, within: 8}
  prohibition:
    - {terms: [禁止, prohibited], where: sentence}
defaults:
  exceptions: [negation, prohibition]
rules:
  - id: b.ctx
    category: curative-claim
    severity: error
    message: m
    patterns:
      - {kind: literal, phrases: [完治, 根治, cure]}
"#
        }
    };
    let set = claimlint::load_rule_set(false, &[("bench.yaml".into(), yaml.into())])
        .unwrap_or_else(|e| panic!("{e}"));
    Engine::new(set).unwrap_or_else(|e| panic!("{e}"))
}

#[divan::bench]
fn decode_shift_jis(b: Bencher) {
    let text = JA.repeat(5000);
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&text);
    let opts = SourceOptions::default();
    b.counter(divan::counter::BytesCount::new(bytes.len()))
        .bench(|| source::load(black_box(&bytes), None, &opts));
}

#[divan::bench]
fn extract_html(b: Bencher) {
    let body: String = (0..3000)
        .map(|i| format!("<div class=\"c{i}\"><p>がんが<b>治る</b>&amp;幹細胞</p><script>var x={i};</script></div>\n"))
        .collect();
    let html = format!("<html><head><title>t</title></head><body>{body}</body></html>");
    b.counter(divan::counter::BytesCount::new(html.len()))
        .bench(|| source::extract(black_box(&html), Kind::Html));
}

#[divan::bench]
fn normalize_paragraphs_sentences(b: Bencher) {
    let t = text();
    let d = LangDetector::new();
    b.counter(divan::counter::BytesCount::new(t.len()))
        .bench(|| Normalized::build(black_box(&t), None, &d));
}

#[divan::bench]
fn language_tagging(b: Bencher) {
    let t = text();
    let paras: Vec<&str> = t.split("\n\n").collect();
    b.counter(divan::counter::BytesCount::new(t.len()))
        .bench(|| {
            for p in &paras {
                black_box(detect_paragraph(p));
            }
        });
}

#[divan::bench(args = ["literals", "regexes", "context"])]
fn check_with_pack(b: Bencher, kind: &str) {
    let e = pack(kind);
    let t = text();
    let opts = CheckOptions::default();
    b.counter(divan::counter::BytesCount::new(t.len()))
        .bench(|| e.check(black_box(&t), &opts));
}

#[divan::bench]
fn report_json(b: Bencher) {
    let e = pack("literals");
    let t = text();
    let checked = e.check(&t, &CheckOptions::default());
    let run = RunReport {
        files: vec![FileReport {
            path: "bench.txt".into(),
            language: checked.language,
            text: t.clone(),
            diagnostics: checked.diagnostics,
            notices: Vec::new(),
            skipped: false,
            suppressions: Vec::new(),
            voice: checked.voice,
            jurisdictions: Default::default(),
        }],
        errors: Vec::new(),
    };
    let meta = RunMeta {
        packs: e.rules().packs.clone(),
    };
    b.bench(|| {
        let mut out = Vec::new();
        let _ = emit_run(&mut JsonEmitter::default(), &run, &meta, &mut out);
        out
    });
}
