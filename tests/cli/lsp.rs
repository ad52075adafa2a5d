//! `claimlint lsp` driven as an editor drives it: JSON-RPC with Content-Length framing over the
//! child's stdin/stdout. Findings are compared with `claimlint check --format json` of the same
//! text, so the server cannot drift from `check`.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

/// The binary under test; `CLAIMLINT_BIN` points the timing test at a release build.
fn bin() -> String {
    std::env::var("CLAIMLINT_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_claimlint").to_string())
}

struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    next_id: i64,
    /// Notifications seen while waiting for something else.
    backlog: Vec<Value>,
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = Command::new(bin())
            .arg("lsp")
            .current_dir(root)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start claimlint lsp");
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, incoming) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse().unwrap();
                    }
                }
                let mut body = vec![0; len];
                r.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            incoming,
            next_id: 1,
            backlog: Vec::new(),
        };
        let uri = file_uri(root);
        c.request(
            "initialize",
            json!({"processId": null, "rootUri": uri, "capabilities": {},
                   "workspaceFolders": [{"uri": uri, "name": "ws"}]}),
        );
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let msg = self.recv();
            if msg["id"] == json!(id) {
                assert!(msg.get("error").is_none(), "{method} failed: {msg}");
                return msg["result"].clone();
            }
            self.backlog.push(msg);
        }
    }

    fn recv(&mut self) -> Value {
        self.incoming
            .recv_timeout(Duration::from_secs(30))
            .expect("the server answers within 30 s")
    }

    /// The next diagnostics published for `uri` at `version` (or any version if `None`).
    fn diagnostics(&mut self, uri: &str, version: Option<i64>) -> Vec<Value> {
        let matches = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && version.is_none_or(|v| m["params"]["version"] == json!(v))
        };
        if let Some(i) = self.backlog.iter().position(matches) {
            let m = self.backlog.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.recv();
            if matches(&m) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.backlog.push(m);
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}}),
        );
        self.diagnostics(uri, Some(1))
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": uri, "version": version},
                   "contentChanges": [{"text": text}]}),
        );
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "lsp exited with {status}");
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        panic!("lsp did not exit after shutdown/exit");
    }
}

fn file_uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// `claimlint check --format json` of one file: (rule, start byte, end byte).
fn check_json(dir: &Path, file: &Path) -> Vec<(String, usize, usize)> {
    let out = Command::new(bin())
        .args(["check", "--format", "json"])
        .arg(file)
        .current_dir(dir)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap().to_string(),
                d["start"].as_u64().unwrap() as usize,
                d["end"].as_u64().unwrap() as usize,
            )
        })
        .collect()
}

/// LSP position of a byte offset: line and UTF-16 column, counted the slow obvious way.
fn lsp_pos(text: &str, byte: usize) -> Value {
    let before = &text[..byte];
    let line = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    json!({"line": line, "character": text[line_start..byte].encode_utf16().count()})
}

/// Applies a WorkspaceEdit's edits for `uri` to `text` (edits do not overlap).
fn apply_edit(text: &str, uri: &str, edit: &Value) -> String {
    let mut edits: Vec<&Value> = edit["changes"][uri].as_array().unwrap().iter().collect();
    let offset = |p: &Value| -> usize {
        let line = p["line"].as_u64().unwrap() as usize;
        let ch = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    edits.sort_by_key(|e| std::cmp::Reverse(offset(&e["range"]["start"])));
    let mut out = text.to_string();
    for e in edits {
        let (s, t) = (offset(&e["range"]["start"]), offset(&e["range"]["end"]));
        out.replace_range(s..t, e["newText"].as_str().unwrap());
    }
    out
}

const PAGE: &str = "# 案内\n\n🧬😀 当院の再生医療なら必ず治る。\n\nOur 🧬 miracle cure works.\n";

#[test]
fn lsp_publishes_the_same_findings_as_check_with_utf16_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("page.md");
    std::fs::write(&path, PAGE).unwrap();
    let expected = check_json(dir.path(), &path);
    assert!(expected.len() >= 2, "the page has findings: {expected:?}");

    let mut c = Client::start(dir.path());
    let uri = file_uri(&path);
    let got = c.open(&uri, "markdown", PAGE);
    let got: Vec<(String, Value, Value)> = got
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"]["start"].clone(),
                d["range"]["end"].clone(),
            )
        })
        .collect();
    let want: Vec<(String, Value, Value)> = expected
        .iter()
        .map(|(r, s, e)| (r.clone(), lsp_pos(PAGE, *s), lsp_pos(PAGE, *e)))
        .collect();
    assert_eq!(got, want);
    // Two emoji (2 UTF-16 units each), a space and nine kanji/kana (1 each): 必 is at column 14.
    let kanarazu = PAGE.find("必ず").unwrap();
    assert_eq!(lsp_pos(PAGE, kanarazu), json!({"line": 2, "character": 14}));
    c.stop();
}

#[test]
fn lsp_diagnostic_carries_code_category_references_and_docs_link() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("page.md"));
    let mut c = Client::start(dir.path());
    let diags = c.open(&uri, "markdown", PAGE);
    let d = diags
        .iter()
        .find(|d| d["code"] == "ja.curative.guaranteed-result")
        .expect("the guaranteed-result finding");
    assert_eq!(d["source"], "claimlint");
    assert_eq!(d["severity"], 1);
    assert_eq!(d["data"]["category"], "curative-claim");
    assert!(d["message"].as_str().unwrap().contains("[curative-claim]"));
    let related: Vec<&str> = d["relatedInformation"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["message"].as_str().unwrap())
        .collect();
    assert!(related.contains(&"医療法 第6条の5"), "{related:?}");
    assert!(d["codeDescription"]["href"]
        .as_str()
        .unwrap()
        .ends_with("docs/rules.md#jacurativeguaranteed-result"));
    c.stop();
}

#[test]
fn lsp_honours_the_workspace_claimlint_yaml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("claimlint.yaml"),
        "rules:\n  disable: [ja.curative.cure-verb]\nseverity:\n  ja.curative.guaranteed-result: info\nper-path:\n  - paths: [\"legal/**\"]\n    disable: [curative-claim]\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("legal")).unwrap();
    let mut c = Client::start(dir.path());
    let uri = file_uri(&dir.path().join("page.md"));
    let diags = c.open(&uri, "markdown", PAGE);
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"ja.curative.cure-verb"), "{codes:?}");
    let g = diags
        .iter()
        .find(|d| d["code"] == "ja.curative.guaranteed-result")
        .unwrap();
    assert_eq!(g["severity"], 3, "severity override to info");
    let legal = file_uri(&dir.path().join("legal/page.md"));
    let diags = c.open(&legal, "markdown", PAGE);
    assert!(
        diags
            .iter()
            .all(|d| d["data"]["category"] != "curative-claim"),
        "per-path disable: {diags:?}"
    );
    c.stop();
}

#[test]
fn lsp_hover_on_a_finding_explains_its_rule() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("page.md"));
    let mut c = Client::start(dir.path());
    c.open(&uri, "markdown", PAGE);
    let at = lsp_pos(PAGE, PAGE.find("必ず").unwrap() + 3);
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at}),
    );
    let value = hover["contents"]["value"].as_str().unwrap();
    assert!(
        value.contains("## ja.curative.guaranteed-result"),
        "{value}"
    );
    assert!(value.contains("### References"), "{value}");
    let nothing = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": {"line": 0, "character": 0}}),
    );
    assert!(nothing.is_null());
    // Hover right after typing (inside the debounce) answers for the new text, not the old.
    let moved = format!("新しい行\n{PAGE}");
    c.change(&uri, 2, &moved);
    let at = lsp_pos(&moved, moved.find("必ず").unwrap() + 3);
    let hover = c.request(
        "textDocument/hover",
        json!({"textDocument": {"uri": uri}, "position": at}),
    );
    assert!(
        hover["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("## ja.curative.guaranteed-result")),
        "{hover}"
    );
    c.stop();
}

#[test]
fn lsp_suppression_action_inserts_a_comment_that_silences_the_finding() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("page.md"));
    let mut c = Client::start(dir.path());
    let diags = c.open(&uri, "markdown", PAGE);
    let target = diags
        .iter()
        .find(|d| d["code"] == "en.curative.cure-words")
        .expect("an English finding")
        .clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": target["range"],
               "context": {"diagnostics": [target]}}),
    );
    let suppress = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Suppress en.curative.cure-words")
        })
        .expect("a suppression action");
    let edited = apply_edit(PAGE, &uri, &suppress["edit"]);
    assert!(
        edited.contains("<!-- claimlint-disable-next-line en.curative.cure-words -- TODO"),
        "{edited}"
    );
    c.change(&uri, 2, &edited);
    let after = c.diagnostics(&uri, Some(2));
    let codes: Vec<&str> = after.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(!codes.contains(&"en.curative.cure-words"), "{codes:?}");
    assert!(
        !codes.contains(&"claimlint.suppression.no-reason"),
        "{codes:?}"
    );
    assert!(
        codes.contains(&"ja.curative.guaranteed-result"),
        "{codes:?}"
    );
    c.stop();
}

#[test]
fn lsp_disclosure_action_inserts_the_suggested_block() {
    let text = "# 幹細胞点滴\n\n当院では幹細胞点滴を行っています。ご予約はお電話で。\n";
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("page.md"));
    let mut c = Client::start(dir.path());
    let diags = c.open(&uri, "markdown", text);
    let target = diags
        .iter()
        .find(|d| d["code"] == "ja.disclosure.free-practice")
        .expect("a missing-disclosure finding")
        .clone();
    let actions = c.request(
        "textDocument/codeAction",
        json!({"textDocument": {"uri": uri}, "range": target["range"],
               "context": {"diagnostics": [target]}}),
    );
    let insert = actions
        .as_array()
        .unwrap()
        .iter()
        .find(|a| {
            a["title"]
                .as_str()
                .unwrap()
                .starts_with("Insert the suggested disclosure (ja.disclosure.free-practice)")
        })
        .expect("a disclosure action");
    let edited = apply_edit(text, &uri, &insert["edit"]);
    assert!(edited.starts_with(text), "inserted at the end: {edited}");
    assert!(
        edited.contains("\n\n本治療は公的医療保険の適用外の自由診療です。"),
        "{edited}"
    );
    c.change(&uri, 2, &edited);
    let after = c.diagnostics(&uri, Some(2));
    assert!(
        after
            .iter()
            .all(|d| d["code"] != "ja.disclosure.free-practice"),
        "{after:?}"
    );
    c.stop();
}

/// A 20 KB Markdown page of mixed Japanese and English copy with findings throughout.
fn page_20kb() -> String {
    let block = "## 再生医療のご案内\n\n当院の幹細胞治療は自由診療です。費用は1回550,000円（税込）、主な副作用は発熱です。\n\nOur clinic offers regenerative treatments. This miracle cure works for everyone.\n\n- 必ず治る\n- 痛みのない治療\n\n";
    let mut s = String::new();
    while s.len() < 20 * 1024 {
        s.push_str(block);
    }
    s
}

#[test]
fn lsp_keystroke_to_diagnostics_on_a_20kb_markdown_page() {
    let dir = tempfile::tempdir().unwrap();
    let uri = file_uri(&dir.path().join("long.md"));
    let mut c = Client::start(dir.path());
    let mut text = page_20kb();
    let first = c.open(&uri, "markdown", &text);
    assert!(first.len() > 20, "findings throughout: {}", first.len());
    let mut times = Vec::new();
    for i in 0..50 {
        // One keystroke: a character typed at the end of the first paragraph.
        let at = text.find("税込").unwrap();
        text.insert(at, if i % 2 == 0 { 'x' } else { 'y' });
        let version = 2 + i;
        let start = Instant::now();
        c.change(&uri, version, &text);
        let diags = c.diagnostics(&uri, Some(version));
        times.push(start.elapsed());
        assert_eq!(diags.len(), first.len(), "edit {i} keeps the findings");
    }
    times.sort();
    let median = times[times.len() / 2];
    println!(
        "lsp: keystroke to published diagnostics, 20 KB Markdown, median of 50 edits: {:.1} ms (includes the 100 ms debounce; min {:.1} ms, max {:.1} ms)",
        median.as_secs_f64() * 1000.0,
        times[0].as_secs_f64() * 1000.0,
        times[times.len() - 1].as_secs_f64() * 1000.0,
    );
    assert!(median < Duration::from_secs(2), "median {median:?}");
    c.stop();
}
