//! A file checked in windows goes to the reporter a window at a time (issue 17: a file's memory
//! must not grow with its findings), and what the reporters write from those chunks is byte for
//! byte what they write from the whole file.

use claimlint::diagnostic::Diagnostic;
use claimlint::engine::{CheckOptions, Engine, JudgeOptions, WINDOW_BYTES};
use claimlint::report::{
    CsvEmitter, Emitter, FileIndex, GithubEmitter, HtmlEmitter, HumanEmitter, JsonEmitter,
    JsonlEmitter, RunMeta, SarifEmitter, Stats,
};
use claimlint::run::{FileReport, Input, Pipeline, ReportSink, Settings};
use std::io::Write;

fn engine() -> Engine {
    let pack = include_str!("../fixtures/hostile/prop_pack.yaml");
    let set = claimlint::load_rule_set(false, &[("prop_pack.yaml".into(), pack.into())]).unwrap();
    Engine::new(set).unwrap()
}

fn pipeline(engine: &Engine) -> Pipeline<'_> {
    let settings = Settings {
        check: CheckOptions {
            judge: JudgeOptions::OFF,
            ..Default::default()
        },
        ..Settings::default()
    };
    Pipeline::new(engine, settings)
}

/// Text of about 2.5 windows: claims on most lines, blank lines between paragraphs, and
/// suppression directives (some without a reason, which adds a meta finding at the directive)
/// spread through it, so meta findings fall in every window.
fn windowed_text() -> String {
    let mut text = String::new();
    let mut i = 0;
    while text.len() < WINDOW_BYTES * 5 / 2 {
        match i % 9 {
            0 => text.push_str("当院の幹細胞で糖尿病が完治します。\n"),
            1 => text.push_str("stem cells cure diabetes, 95% guaranteed.\n\n"),
            2 => text.push_str("診療時間は九時からです。必ず改善。\n"),
            3 if i % 400 == 3 => text.push_str("claimlint-disable-next-line prop.literal\n"),
            3 if i % 400 == 12 => {
                text.push_str("claimlint-disable-next-line prop.regex -- quoted\n")
            }
            4 => text.push_str("干细胞可以治愈癌症。\n\n"),
            _ => text.push_str("Our clinic is open daily from nine to six.\n"),
        }
        i += 1;
    }
    text
}

/// Records what a pipeline hands over.
#[derive(Default)]
struct Recorder {
    begun: usize,
    chunks: Vec<Vec<Diagnostic>>,
    ended: Option<FileReport>,
}

impl ReportSink for Recorder {
    fn begin(&mut self, _head: &FileReport) -> std::io::Result<()> {
        self.begun += 1;
        Ok(())
    }
    fn chunk(&mut self, _head: &FileReport, d: &[Diagnostic]) -> std::io::Result<()> {
        self.chunks.push(d.to_vec());
        Ok(())
    }
    fn end(&mut self, file: &FileReport) -> std::io::Result<()> {
        self.ended = Some(file.clone());
        Ok(())
    }
}

/// Writes the pieces a pipeline hands over through every emitter at once, as `check` does
/// through one.
struct Through<'a> {
    emitters: Vec<(&'static str, Box<dyn Emitter + 'a>, Vec<u8>)>,
    index: FileIndex,
    stats: Stats,
    counts: [usize; 3],
}

impl ReportSink for Through<'_> {
    fn begin(&mut self, head: &FileReport) -> std::io::Result<()> {
        self.index = FileIndex::default();
        self.counts = [0; 3];
        for (_, e, out) in &mut self.emitters {
            e.file_begin(head, out)?;
        }
        Ok(())
    }
    fn chunk(&mut self, head: &FileReport, d: &[Diagnostic]) -> std::io::Result<()> {
        let c = self.stats.add_findings(d);
        for (t, n) in self.counts.iter_mut().zip(c) {
            *t += n;
        }
        for (_, e, out) in &mut self.emitters {
            e.file_chunk(head, d, &mut self.index, out)?;
        }
        Ok(())
    }
    fn end(&mut self, file: &FileReport) -> std::io::Result<()> {
        self.stats.add_file(file, self.counts);
        for (_, e, out) in &mut self.emitters {
            e.file_end(file, out)?;
        }
        Ok(())
    }
}

fn key(d: &Diagnostic) -> (String, std::ops::Range<usize>, String, String) {
    (
        d.rule.to_string(),
        d.span.clone(),
        d.message.to_string(),
        d.severity.to_string(),
    )
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
        ("concise", Box::new(claimlint::concise::ConciseEmitter)),
        ("json", Box::new(JsonEmitter::default())),
        ("jsonl", Box::new(JsonlEmitter)),
        ("csv", Box::new(CsvEmitter { bom: false })),
        ("github", Box::new(GithubEmitter)),
        ("sarif", Box::new(SarifEmitter::new(engine.rules()))),
        ("html", Box::new(HtmlEmitter::default())),
    ]
}

#[test]
fn a_windowed_file_reaches_the_reporter_in_chunks_and_every_format_writes_what_the_whole_file_gives(
) {
    let engine = engine();
    let text = windowed_text();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("large.txt");
    std::fs::write(&path, &text).unwrap();
    let small = dir.path().join("small.txt");
    std::fs::write(&small, "stem cells cure diabetes.\n").unwrap();
    let inputs = [Input::Path(path.clone()), Input::Path(small)];
    let pipeline = pipeline(&engine);

    // The whole file, as -j2 checks it.
    let whole = pipeline.check_input(&inputs[0]).unwrap();
    assert!(
        whole.diagnostics.len() > 10_000,
        "{}",
        whole.diagnostics.len()
    );
    let meta_findings = whole
        .diagnostics
        .iter()
        .filter(|d| d.rule == claimlint::suppress::NO_REASON)
        .count();
    assert!(meta_findings > 10, "{meta_findings} meta findings");

    // Streamed: more than one chunk, and the same findings in the same order.
    let mut rec = Recorder::default();
    pipeline
        .check_input_into(&inputs[0], &mut rec)
        .unwrap()
        .unwrap();
    assert_eq!(rec.begun, 1);
    assert!(rec.chunks.len() >= 3, "{} chunks", rec.chunks.len());
    let streamed: Vec<_> = rec.chunks.iter().flatten().map(key).collect();
    let collected: Vec<_> = whole.diagnostics.iter().map(key).collect();
    assert_eq!(streamed.len(), collected.len());
    assert!(
        streamed == collected,
        "streamed findings differ from the whole file's"
    );
    let ended = rec.ended.unwrap();
    assert_eq!(ended.language, whole.language);
    assert_eq!(ended.jurisdictions, whole.jurisdictions);

    // Every format: streamed pieces give the bytes of whole files (and a small file after it).
    let meta = RunMeta {
        packs: engine.rules().packs.clone(),
    };
    let files = [whole, pipeline.check_input(&inputs[1]).unwrap()];
    let mut through = Through {
        emitters: emitters(&engine)
            .into_iter()
            .map(|(name, e)| (name, e, Vec::new()))
            .collect(),
        index: FileIndex::default(),
        stats: Stats::default(),
        counts: [0; 3],
    };
    for (_, e, out) in &mut through.emitters {
        e.begin(&meta, out).unwrap();
    }
    for input in &inputs {
        pipeline
            .check_input_into(input, &mut through)
            .unwrap()
            .unwrap();
    }
    let mut stats = Stats::default();
    for f in &files {
        stats.add(f);
    }
    assert_eq!(through.stats, stats);
    let streamed_stats = through.stats.clone();
    for ((name, mut a), (_, mut b, mut out)) in emitters(&engine).into_iter().zip(through.emitters)
    {
        let mut expected = Vec::new();
        a.begin(&meta, &mut expected).unwrap();
        for f in &files {
            a.file(f, &mut expected).unwrap();
        }
        a.end(&stats, &meta, &mut expected).unwrap();
        b.end(&streamed_stats, &meta, &mut out).unwrap();
        out.flush().unwrap();
        assert!(expected.len() > 100_000, "{name}: {} bytes", expected.len());
        assert!(
            out == expected,
            "{name}: streamed output differs from the whole file's"
        );
    }
}

/// On several threads (`Pipeline::check_each_deferring`, what `check -j N` runs), the inputs
/// picked to be deferred reach `emit` unchecked, in their turn, for the writer to check window by
/// window; every other input arrives checked; the order is the input order for any `jobs`.
#[test]
fn deferred_inputs_reach_the_writer_unchecked_in_their_turn() {
    let engine = engine();
    let p = pipeline(&engine);
    let dir = tempfile::tempdir().unwrap();
    let inputs: Vec<Input> = (0..7)
        .map(|i| {
            let path = dir.path().join(format!("f{i}.txt"));
            std::fs::write(&path, "当院の幹細胞で糖尿病が完治します。\n").unwrap();
            Input::Path(path)
        })
        .collect();
    let large = |input: &Input| matches!(input, Input::Path(p) if p.ends_with("f2.txt") || p.ends_with("f5.txt"));
    let want: Vec<(Input, bool)> = inputs.iter().map(|i| (i.clone(), large(i))).collect();
    for jobs in [1, 2, 3] {
        let mut got = Vec::new();
        p.check_each_deferring(&inputs, jobs, large, |input, result| {
            if let Some(checked) = &result {
                assert!(checked.as_ref().is_ok_and(|f| !f.diagnostics.is_empty()));
            }
            got.push((input.clone(), result.is_none()));
            Ok::<(), ()>(())
        })
        .unwrap();
        assert_eq!(got, want, "jobs = {jobs}");
    }
}
