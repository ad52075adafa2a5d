//! The record stream (`check --records`) and the one-text pipeline the Python binding shares:
//! JSON Lines in — `{"id": …, "text" | "html" | "markdown": …, "lang"?: …}` — and one JSON line
//! out per record, in input order, checked on worker threads.
//!
//! A record is a text, not a file: it is never decoded or sniffed, so a finding's `start`/`end`
//! are UTF-8 byte offsets into exactly the string the record carried (a leading U+FEFF included).
//! A bad record (invalid JSON, a missing or doubled field, more than [`MAX_RECORD_BYTES`]) gives
//! an error record and the stream goes on.

use crate::config::Policy;
use crate::diagnostic::FileReport;
use crate::diagnostic::LineIndex;
use crate::engine::{CheckOptions, Engine};
use crate::error::Error;
use crate::model::{Lang, Severity};
use crate::report::{diag_json, DiagJson};
use crate::run::{panic_message, Pipeline, Settings};
use crate::source::Kind;
use crate::window::Window;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::{self, BufRead, Write};
use std::sync::{mpsc, Mutex, PoisonError};

/// The largest input line (one record's JSON) that is checked: 16 MiB. A longer line is skipped
/// without being held in memory and answered with an error record; saved pages are far smaller,
/// and the cap keeps a stream's memory at (records in flight) x (cap) in the worst case.
pub const MAX_RECORD_BYTES: usize = 16 << 20;

/// The path every record's [`FileReport`] carries: like standard input, records have no path,
/// so a config's per-path settings never apply to them.
pub const RECORD_PATH: &str = "<stdin>";

/// The markup kind named by a record field or the Python `kind=` argument.
pub fn parse_kind(name: &str) -> Result<Kind, Error> {
    match name {
        "text" => Ok(Kind::Text),
        "html" => Ok(Kind::Html),
        "markdown" => Ok(Kind::Markdown),
        other => Err(Error::Usage(format!(
            "unknown kind `{other}` (expected text, html or markdown)"
        ))),
    }
}

/// The language named by a record's `lang` or the Python `lang=` argument; `auto` (or none)
/// detects it per paragraph.
pub fn parse_lang(name: Option<&str>) -> Result<Option<Lang>, Error> {
    match name {
        None | Some("auto") => Ok(None),
        Some("ja") => Ok(Some(Lang::Ja)),
        Some("zh") => Ok(Some(Lang::Zh)),
        Some("en") => Ok(Some(Lang::En)),
        Some(other) => Err(Error::Usage(format!(
            "unknown language `{other}` (expected ja, zh, en or auto)"
        ))),
    }
}

/// Everything a text is checked with: the library pipeline ([`Pipeline`]) with the engine, the
/// resolved config policy, and whether inline `claimlint-disable` comments count (as in `check`,
/// unless `--no-inline-suppressions`).
#[derive(Debug)]
pub struct TextChecker<'a> {
    pipeline: Pipeline<'a>,
}

impl<'a> TextChecker<'a> {
    /// A checker; `lang` is the language for texts that name none (`None`: detect).
    pub fn new(
        engine: &'a Engine,
        policy: &'a Policy,
        inline_suppressions: bool,
        lang: Option<Lang>,
    ) -> Self {
        let settings = Settings {
            check: CheckOptions {
                lang,
                ..Default::default()
            },
            ..Default::default()
        };
        TextChecker {
            pipeline: Pipeline::new(engine, settings)
                .policy(policy)
                .inline_suppressions(inline_suppressions, false),
        }
    }

    /// Checks one text of a known kind through the pipeline, as `check` checks a file (config
    /// policy, inline suppressions). `lang` overrides the checker's language for this text.
    ///
    /// Text that looks binary (NUL bytes, a file signature) is skipped as `check` skips binary
    /// files; a panic in the engine is turned into an error for this text.
    pub fn check_text(
        &self,
        text: &str,
        kind: Kind,
        lang: Option<Lang>,
    ) -> Result<FileReport, Error> {
        let run = || self.pipeline.check_text(RECORD_PATH, text, kind, lang);
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(run)).map_err(|panic| {
            Error::Usage(format!(
                "internal error while checking this text (please report it): {}",
                panic_message(&*panic)
            ))
        })
    }
}

/// The JSON objects of a checked text's findings (the JSON contract's diagnostic object).
pub fn findings_json(file: &FileReport) -> Vec<DiagJson<'_>> {
    let index = LineIndex::new(&file.text);
    file.diagnostics
        .iter()
        .map(|d| diag_json(&file.text, &index, d))
        .collect()
}

/// One input record.
#[derive(Deserialize)]
struct RecordIn {
    #[serde(default)]
    id: serde_json::Value,
    text: Option<String>,
    html: Option<String>,
    markdown: Option<String>,
    lang: Option<String>,
}

/// One output line.
#[derive(Serialize)]
struct RecordOut<'a> {
    id: &'a serde_json::Value,
    #[serde(skip_serializing_if = "Option::is_none")]
    language: Option<&'static str>,
    findings: Vec<DiagJson<'a>>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    notices: &'a [String],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    skipped: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    /// The input line of an error record, since its id may be unknown.
    #[serde(skip_serializing_if = "Option::is_none")]
    line: Option<usize>,
}

/// What one record came to, for the exit code.
#[derive(Debug, Clone, Copy, Default)]
struct Outcome {
    error: bool,
    worst: Option<Severity>,
}

/// Counts over a whole stream.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StreamStats {
    /// Records answered (error records included).
    pub records: usize,
    /// Error records.
    pub errors: usize,
    /// The highest severity of any finding.
    pub worst: Option<Severity>,
}

/// An input line as read: its bytes, or only its size when it was over the cap.
enum Line {
    Record(Vec<u8>),
    TooLong(usize),
}

/// Reads the next non-empty line (without its `\n`, or `\r\n`), keeping at most `cap` bytes of it
/// in memory. `Ok(None)` at the end of input. `line_no` is advanced past every line read.
fn next_line(r: &mut impl BufRead, cap: usize, line_no: &mut usize) -> io::Result<Option<Line>> {
    loop {
        let mut buf = Vec::new();
        let mut size = 0usize;
        let mut any = false;
        loop {
            let avail = match r.fill_buf() {
                Ok(b) => b,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(e),
            };
            if avail.is_empty() {
                break;
            }
            any = true;
            let (chunk, used, done) = match avail.iter().position(|&b| b == b'\n') {
                Some(i) => (avail.get(..i).unwrap_or_default(), i + 1, true),
                None => (avail, avail.len(), false),
            };
            size += chunk.len();
            if size <= cap {
                buf.extend_from_slice(chunk);
            } else {
                buf = Vec::new();
            }
            r.consume(used);
            if done {
                break;
            }
        }
        if !any {
            return Ok(None);
        }
        *line_no += 1;
        if size > cap {
            return Ok(Some(Line::TooLong(size)));
        }
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        if buf.iter().all(u8::is_ascii_whitespace) {
            continue; // blank lines are not records
        }
        return Ok(Some(Line::Record(buf)));
    }
}

/// Checks one input line and serializes its answer (with the trailing newline).
fn answer(checker: &TextChecker<'_>, line: Line, line_no: usize) -> (Vec<u8>, Outcome) {
    let null = serde_json::Value::Null;
    let error_line = |id: &serde_json::Value, message: &str| {
        let out = RecordOut {
            id,
            language: None,
            findings: Vec::new(),
            notices: &[],
            skipped: false,
            error: Some(message),
            line: Some(line_no),
        };
        let outcome = Outcome {
            error: true,
            worst: None,
        };
        (to_line(&out), outcome)
    };
    let bytes = match line {
        Line::TooLong(size) => {
            let message = format!(
                "record on line {line_no} is {size} bytes, over the limit of {MAX_RECORD_BYTES}"
            );
            return error_line(&null, &message);
        }
        Line::Record(bytes) => bytes,
    };
    let record: RecordIn = match serde_json::from_slice(&bytes) {
        Ok(r) => r,
        Err(e) => return error_line(&null, &format!("record on line {line_no}: {e}")),
    };
    let id = &record.id;
    let file = match check_record(checker, &record) {
        Ok(f) => f,
        Err(e) => return error_line(id, &format!("record on line {line_no}: {e}")),
    };
    let out = RecordOut {
        id,
        language: Some(file.language.code()),
        findings: findings_json(&file),
        notices: &file.notices,
        skipped: file.skipped,
        error: None,
        line: None,
    };
    let worst = file.diagnostics.iter().map(|d| d.severity).max();
    (
        to_line(&out),
        Outcome {
            error: false,
            worst,
        },
    )
}

/// Checks a parsed record: an `id` and exactly one of `text`, `html` and `markdown`.
fn check_record(checker: &TextChecker<'_>, record: &RecordIn) -> Result<FileReport, String> {
    if record.id.is_null() {
        return Err("missing `id`".into());
    }
    let texts = [
        ("text", &record.text),
        ("html", &record.html),
        ("markdown", &record.markdown),
    ];
    let mut given = texts
        .iter()
        .filter_map(|(name, t)| t.as_ref().map(|t| (*name, t)));
    let (kind, text) = match (given.next(), given.next()) {
        (Some((kind, text)), None) => (kind, text),
        (None, _) => return Err("missing `text`, `html` or `markdown`".into()),
        (Some(_), Some(_)) => {
            return Err("give only one of `text`, `html` and `markdown`".into());
        }
    };
    parse_kind(kind)
        .and_then(|kind| Ok((kind, parse_lang(record.lang.as_deref())?)))
        .and_then(|(kind, lang)| checker.check_text(text, kind, lang))
        .map_err(|e| e.to_string())
}

fn to_line(out: &RecordOut<'_>) -> Vec<u8> {
    // Serializing plain strings, numbers and a JSON value cannot fail; keep the line anyway.
    let mut line = serde_json::to_vec(out).unwrap_or_else(|e| {
        format!(r#"{{"id":null,"findings":[],"error":"cannot serialize: {e}"}}"#).into_bytes()
    });
    line.push(b'\n');
    line
}

/// Reads records from `input` until its end, checks them on `jobs` threads and writes one line
/// per record to `out` in input order, flushing whenever the answers have caught up with the
/// input (so a client may write a record and wait for its answer).
///
/// Memory stays bounded: the reader never runs more than a few records per thread ahead of the
/// writer. A read or write error stops the stream and is returned; bad records do not.
pub fn check_stream(
    checker: &TextChecker<'_>,
    mut input: impl BufRead,
    out: &mut (dyn Write + Send),
    jobs: usize,
) -> Result<StreamStats, Error> {
    let jobs = jobs.max(1);
    // Records are capped at MAX_RECORD_BYTES each, so a count bounds the reader's lead.
    let window = Window::new(jobs * 4, u64::MAX);
    let (job_tx, job_rx) = mpsc::sync_channel::<(usize, Line, usize)>(window.items());
    let job_rx = Mutex::new(job_rx);
    let (done_tx, done_rx) = mpsc::channel::<Answer>();

    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let done_tx = done_tx.clone();
            let job_rx = &job_rx;
            scope.spawn(move || loop {
                let job = job_rx.lock().unwrap_or_else(PoisonError::into_inner).recv();
                let Ok((seq, line, line_no)) = job else { break };
                let (bytes, outcome) = answer(checker, line, line_no);
                if done_tx.send((seq, bytes, outcome)).is_err() {
                    break;
                }
            });
        }
        drop(done_tx);
        let window = &window;
        let writer = scope.spawn(move || write_in_order(done_rx, out, window));
        let read_error = read_records(&mut input, &job_tx, window);
        drop(job_tx);
        let written = writer
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the record writer panicked")))
            .map_err(|e| Error::io("<stdout>", &e))?;
        match read_error {
            Some(e) => Err(e),
            None => Ok(written),
        }
    })
}

/// A record's answer: its place in the input, its output line, what it found.
type Answer = (usize, Vec<u8>, Outcome);

/// Reads records and hands them to the workers while the window allows; a read error is returned.
fn read_records(
    input: &mut impl BufRead,
    jobs: &mpsc::SyncSender<(usize, Line, usize)>,
    window: &Window,
) -> Option<Error> {
    let mut line_no = 0usize;
    while let Some(seq) = window.take(usize::MAX, |_| 0) {
        match next_line(input, MAX_RECORD_BYTES, &mut line_no) {
            Ok(Some(line)) => {
                if jobs.send((seq, line, line_no)).is_err() {
                    return None;
                }
            }
            Ok(None) => return None,
            Err(e) => return Some(Error::io("<stdin>", &e)),
        }
    }
    None
}

/// Writes answers in input order as they arrive, flushing when none is waiting; on a write
/// error tells the reader to stop.
fn write_in_order(
    done: mpsc::Receiver<Answer>,
    out: &mut (dyn Write + Send),
    window: &Window,
) -> io::Result<StreamStats> {
    let mut stats = StreamStats::default();
    let mut pending = BTreeMap::new();
    let mut write = |out: &mut (dyn Write + Send), (seq, bytes, outcome): Answer| {
        pending.insert(seq, (bytes, outcome));
        while let Some((bytes, outcome)) = pending.remove(&stats.records) {
            out.write_all(&bytes)?;
            stats.records += 1;
            stats.errors += usize::from(outcome.error);
            stats.worst = stats.worst.max(outcome.worst);
        }
        window.written(stats.records);
        io::Result::Ok(())
    };
    let mut result = Ok(());
    while let Ok(answer) = done.recv() {
        result = write(&mut *out, answer);
        while result.is_ok() {
            match done.try_recv() {
                Ok(answer) => result = write(&mut *out, answer),
                Err(_) => break,
            }
        }
        if result.is_ok() {
            result = out.flush();
        }
        if result.is_err() {
            break;
        }
    }
    if result.is_err() {
        window.stop();
    }
    result.map(|()| stats)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_are_measured_not_kept() {
        let input = format!("{}\n\n{{\"id\":1}}\r\n", "x".repeat(100));
        let mut r = io::BufReader::with_capacity(7, input.as_bytes());
        let mut n = 0;
        assert!(matches!(
            next_line(&mut r, 50, &mut n).unwrap(),
            Some(Line::TooLong(100))
        ));
        match next_line(&mut r, 50, &mut n).unwrap() {
            Some(Line::Record(b)) => assert_eq!(b, b"{\"id\":1}"),
            _ => panic!("expected the record"),
        }
        assert_eq!(n, 3, "the blank line counts as a line");
        assert!(next_line(&mut r, 50, &mut n).unwrap().is_none());
    }
}
