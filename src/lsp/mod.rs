//! (Binary only.) `claimlint lsp`: a language server on stdio for Markdown, HTML and plain text.
//!
//! Diagnostics are `check`'s findings for the open text (config, suppressions), published a
//! short while after the last change; hover explains the rule under the cursor; code actions
//! insert a rule's suggested disclosure or a suppression comment. One thread: requests are
//! answered between checks, and a check of a 20 KB page takes milliseconds.

mod actions;
pub mod position;

use crate::document_check::{config_path_for, DocumentChecker};
use crate::PackArgs;
use claimlint::source::Kind;
use claimlint::{Diagnostic, Error, Severity};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use lsp_types::{
    notification, request, CodeDescription, DiagnosticRelatedInformation, DiagnosticSeverity,
    Hover, HoverContents, HoverProviderCapability, InitializeParams, Location, MarkupContent,
    MarkupKind, MessageType, NumberOrString, PublishDiagnosticsParams, ServerCapabilities,
    ShowMessageParams, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Url,
};
use position::LineMap;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;
use std::time::{Duration, Instant};

/// How long after the last change a document is checked: long enough that a burst of typing
/// is checked once, short enough to feel immediate. `initializationOptions.debounceMs` changes it.
const DEBOUNCE: Duration = Duration::from_millis(100);

/// Where `codeDescription` links: the generated rule docs, one heading per rule id.
const RULE_DOCS: &str = "https://github.com/claimlint/claimlint/blob/main/docs/rules.md";

/// How the server finds its config (the global `--config` / `--no-config` flags).
pub struct LspOptions {
    /// The command line's packs.
    pub packs: PackArgs,
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--no-config`.
    pub no_config: bool,
}

/// An open document and what was last published for it.
struct Document {
    text: String,
    version: i32,
    kind: Option<Kind>,
    path: Option<PathBuf>,
    config: Option<PathBuf>,
    /// The findings of the last check, with their LSP ranges.
    findings: Vec<(Diagnostic, lsp_types::Range)>,
}

struct Server {
    options: LspOptions,
    root: Option<PathBuf>,
    debounce: Duration,
    docs: HashMap<Url, Document>,
    /// When each changed document is due to be checked.
    due: HashMap<Url, Instant>,
    /// Checkers per config file (`None`: no config); an error is kept so it is shown once.
    checkers: HashMap<Option<PathBuf>, Result<Rc<DocumentChecker>, String>>,
}

/// Runs the server on stdin/stdout until the client says exit.
pub fn run(options: LspOptions) -> Result<(), Error> {
    let (connection, io_threads) = Connection::stdio();
    let lsp_err = |e: &dyn std::fmt::Display| Error::Io {
        path: "<lsp>".into(),
        message: e.to_string(),
    };
    let sync = TextDocumentSyncOptions {
        open_close: Some(true),
        change: Some(TextDocumentSyncKind::FULL),
        save: Some(TextDocumentSyncSaveOptions::Supported(true)),
        ..Default::default()
    };
    let capabilities = ServerCapabilities {
        text_document_sync: Some(TextDocumentSyncCapability::Options(sync)),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        code_action_provider: Some(lsp_types::CodeActionProviderCapability::Simple(true)),
        ..Default::default()
    };
    let caps = serde_json::to_value(capabilities).map_err(|e| lsp_err(&e))?;
    let init = connection.initialize(caps).map_err(|e| lsp_err(&e))?;
    let init: InitializeParams = serde_json::from_value(init).map_err(|e| lsp_err(&e))?;
    #[allow(deprecated)] // root_uri: older clients (Neovim 0.7) send only this.
    let root = init
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or(init.root_uri.clone())
        .and_then(|u| u.to_file_path().ok());
    let debounce = init
        .initialization_options
        .as_ref()
        .and_then(|o| o.get("debounceMs"))
        .and_then(serde_json::Value::as_u64)
        .map_or(DEBOUNCE, Duration::from_millis);
    let mut server = Server {
        options,
        root,
        debounce,
        docs: HashMap::new(),
        due: HashMap::new(),
        checkers: HashMap::new(),
    };
    server.main_loop(&connection).map_err(|e| lsp_err(&e))?;
    drop(connection);
    io_threads.join().map_err(|e| lsp_err(&e))?;
    Ok(())
}

impl Server {
    fn main_loop(&mut self, conn: &Connection) -> Result<(), String> {
        loop {
            let now = Instant::now();
            let wait = self
                .due
                .values()
                .min()
                .map_or(Duration::from_secs(3600), |t| {
                    t.saturating_duration_since(now)
                });
            match conn.receiver.recv_timeout(wait) {
                Ok(Message::Request(req)) => {
                    if conn.handle_shutdown(&req).map_err(|e| e.to_string())? {
                        return Ok(());
                    }
                    // Hover and code actions answer from the last check: bring a document that
                    // changed since up to date first, so ranges match the text the client has.
                    let uri = req.params["textDocument"]["uri"]
                        .as_str()
                        .and_then(|u| Url::parse(u).ok());
                    if let Some(uri) = uri.filter(|u| self.due.contains_key(u)) {
                        self.due.remove(&uri);
                        self.publish(conn, &uri)?;
                    }
                    let resp = self.request(req);
                    send(conn, Message::Response(resp))?;
                }
                Ok(Message::Notification(n)) => self.notification(conn, n)?,
                Ok(Message::Response(_)) => {}
                Err(e) if e.is_timeout() => {}
                Err(_) => return Ok(()), // the client went away
            }
            let now = Instant::now();
            let ready: Vec<Url> = self
                .due
                .iter()
                .filter(|(_, t)| **t <= now)
                .map(|(u, _)| u.clone())
                .collect();
            for uri in ready {
                self.due.remove(&uri);
                self.publish(conn, &uri)?;
            }
        }
    }

    fn notification(&mut self, conn: &Connection, n: Notification) -> Result<(), String> {
        match n.method.as_str() {
            notification::DidOpenTextDocument::METHOD => {
                let p: lsp_types::DidOpenTextDocumentParams = parse(n.params)?;
                let doc = p.text_document;
                let path = doc.uri.to_file_path().ok();
                let kind = kind_for(&doc.language_id)
                    .or_else(|| path.as_deref().and_then(claimlint::source::kind_from_path));
                let config = config_path_for(
                    self.options.config.as_deref(),
                    self.options.no_config,
                    path.as_deref(),
                    self.root.as_deref(),
                );
                self.docs.insert(
                    doc.uri.clone(),
                    Document {
                        text: doc.text,
                        version: doc.version,
                        kind,
                        path,
                        config,
                        findings: Vec::new(),
                    },
                );
                // Opening shows findings at once; only typing is debounced.
                self.publish(conn, &doc.uri)?;
            }
            notification::DidChangeTextDocument::METHOD => {
                let p: lsp_types::DidChangeTextDocumentParams = parse(n.params)?;
                let Some(doc) = self.docs.get_mut(&p.text_document.uri) else {
                    return Ok(());
                };
                for change in p.content_changes {
                    match change.range {
                        Some(range) => {
                            let map = LineMap::new(&doc.text);
                            let start = map.offset(&doc.text, range.start);
                            let end = map.offset(&doc.text, range.end).max(start);
                            doc.text.replace_range(start..end, &change.text);
                        }
                        None => doc.text = change.text,
                    }
                }
                doc.version = p.text_document.version;
                self.due
                    .insert(p.text_document.uri, Instant::now() + self.debounce);
            }
            notification::DidSaveTextDocument::METHOD => {
                let p: lsp_types::DidSaveTextDocumentParams = parse(n.params)?;
                let saved = p.text_document.uri.to_file_path().ok();
                let is_config = saved.as_ref().and_then(|s| s.file_name()).is_some_and(|f| {
                    claimlint::config::FILE_NAMES
                        .iter()
                        .any(|n| std::ffi::OsStr::new(n) == f)
                });
                if is_config {
                    // A saved config (or a pack it names) may change every finding.
                    self.checkers.clear();
                    let now = Instant::now();
                    for uri in self.docs.keys() {
                        self.due.insert(uri.clone(), now);
                    }
                }
            }
            notification::DidCloseTextDocument::METHOD => {
                let p: lsp_types::DidCloseTextDocumentParams = parse(n.params)?;
                self.docs.remove(&p.text_document.uri);
                self.due.remove(&p.text_document.uri);
                let clear = PublishDiagnosticsParams::new(p.text_document.uri, Vec::new(), None);
                notify::<notification::PublishDiagnostics>(conn, clear)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn request(&mut self, req: Request) -> Response {
        let id = req.id.clone();
        let result = match req.method.as_str() {
            request::HoverRequest::METHOD => parse(req.params)
                .map(|p| self.hover(p))
                .and_then(|h| serde_json::to_value(h).map_err(|e| e.to_string())),
            request::CodeActionRequest::METHOD => parse(req.params)
                .map(|p| self.code_actions(p))
                .and_then(|a| serde_json::to_value(a).map_err(|e| e.to_string())),
            _ => {
                return Response::new_err(
                    id,
                    ErrorCode::MethodNotFound as i32,
                    format!("unhandled method {}", req.method),
                )
            }
        };
        response(id, result)
    }

    /// The checker for a config, loaded on first use; a config or pack error is shown once.
    fn checker(
        &mut self,
        conn: &Connection,
        config: &Option<PathBuf>,
    ) -> Result<Option<Rc<DocumentChecker>>, String> {
        if !self.checkers.contains_key(config) {
            let loaded = config
                .as_deref()
                .map(claimlint::config::load)
                .transpose()
                .and_then(|cfg| DocumentChecker::load(&self.options.packs, cfg.as_ref()))
                .map(Rc::new)
                .map_err(|e| format!("{:?}", miette::Report::new(e)));
            if let Err(message) = &loaded {
                let shown = ShowMessageParams {
                    typ: MessageType::ERROR,
                    message: format!("claimlint: {message}"),
                };
                notify::<notification::ShowMessage>(conn, shown)?;
            }
            self.checkers.insert(config.clone(), loaded);
        }
        Ok(self
            .checkers
            .get(config)
            .and_then(|c| c.as_ref().ok())
            .cloned())
    }

    fn publish(&mut self, conn: &Connection, uri: &Url) -> Result<(), String> {
        let Some(config) = self.docs.get(uri).map(|d| d.config.clone()) else {
            return Ok(());
        };
        let Some(checker) = self.checker(conn, &config)? else {
            return Ok(());
        };
        let Some(doc) = self.docs.get_mut(uri) else {
            return Ok(());
        };
        let check = || checker.check_text(doc.path.as_deref(), &doc.text, doc.kind, None);
        // A panic in the engine loses this check, not the editor's server.
        let file = match std::panic::catch_unwind(std::panic::AssertUnwindSafe(check)) {
            Ok(file) => file,
            Err(_) => {
                let shown = ShowMessageParams {
                    typ: MessageType::ERROR,
                    message: format!(
                        "claimlint: internal error while checking {uri} (please report it)"
                    ),
                };
                return notify::<notification::ShowMessage>(conn, shown);
            }
        };
        // Spans index the decoded text, which is the document minus a byte order mark.
        let shift = doc.text.len().saturating_sub(file.text.len());
        let map = LineMap::new(&doc.text);
        doc.findings = file
            .diagnostics
            .into_iter()
            .map(|d| {
                let span = d.span.start + shift..d.span.end + shift;
                let range = map.range(&doc.text, &span);
                (d, range)
            })
            .collect();
        let diagnostics = doc
            .findings
            .iter()
            .map(|(d, range)| to_lsp(uri, d, *range, checker.engine().rules().rule(&d.rule)))
            .collect();
        let params = PublishDiagnosticsParams::new(uri.clone(), diagnostics, Some(doc.version));
        notify::<notification::PublishDiagnostics>(conn, params)
    }

    fn hover(&self, p: lsp_types::HoverParams) -> Option<Hover> {
        let at = p.text_document_position_params;
        let doc = self.docs.get(&at.text_document.uri)?;
        let checker = self.checkers.get(&doc.config)?.as_ref().ok()?;
        let here: Vec<&(Diagnostic, lsp_types::Range)> = doc
            .findings
            .iter()
            .filter(|(_, r)| r.start <= at.position && at.position <= r.end)
            .collect();
        let first = here.first()?.1;
        let value = here
            .iter()
            .map(|(d, _)| match checker.engine().rules().rule(&d.rule) {
                Some(rule) => claimlint::explain::explain_rule(checker.engine().rules(), rule),
                None => format!("## {}\n\n{}\n", d.rule, d.message),
            })
            .collect::<Vec<_>>()
            .join("\n---\n\n");
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value,
            }),
            range: Some(first),
        })
    }

    fn code_actions(&self, p: lsp_types::CodeActionParams) -> Vec<lsp_types::CodeActionOrCommand> {
        let Some(doc) = self.docs.get(&p.text_document.uri) else {
            return Vec::new();
        };
        let Some(Ok(checker)) = self.checkers.get(&doc.config) else {
            return Vec::new();
        };
        let wanted = p.range;
        doc.findings
            .iter()
            .filter(|(_, r)| r.start <= wanted.end && wanted.start <= r.end)
            .flat_map(|(d, range)| {
                let rule = checker.engine().rules().rule(&d.rule);
                let lsp = to_lsp(&p.text_document.uri, d, *range, rule);
                actions::for_finding(&p.text_document.uri, &doc.text, doc.kind, d, rule, lsp)
            })
            .collect()
    }
}

/// The kind an editor's language id names.
fn kind_for(language_id: &str) -> Option<Kind> {
    match language_id {
        "markdown" | "mdx" => Some(Kind::Markdown),
        "html" => Some(Kind::Html),
        "plaintext" | "text" => Some(Kind::Text),
        _ => None,
    }
}

/// A finding as an LSP diagnostic: the rule id as code, its docs as the code description, the
/// category in the message, the law references as related information.
fn to_lsp(
    uri: &Url,
    d: &Diagnostic,
    range: lsp_types::Range,
    rule: Option<&claimlint::rules::Rule>,
) -> lsp_types::Diagnostic {
    let severity = match d.severity {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
    };
    let href =
        rule.and_then(|r| Url::parse(&format!("{RULE_DOCS}#{}", heading_anchor(&r.id))).ok());
    let related = d
        .references
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location::new(uri.clone(), range),
            message: r.clone(),
        })
        .collect::<Vec<_>>();
    let mut message = format!("{} [{}]", d.message, d.category);
    if !d.codes.is_empty() {
        message.push_str(&format!(" ({})", d.codes.join(", ")));
    }
    lsp_types::Diagnostic {
        range,
        severity: Some(severity),
        code: Some(NumberOrString::String(d.rule.to_string())),
        code_description: href.map(|href| CodeDescription { href }),
        source: Some("claimlint".into()),
        message,
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: Some(serde_json::json!({
            "category": d.category.id(),
            "codes": d.codes,
            "suggestion": d.suggestion,
        })),
    }
}

/// GitHub's anchor for a `## rule.id` heading: lower case, punctuation other than `-` and `_`
/// dropped.
fn heading_anchor(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-' || *c == '_')
        .flat_map(char::to_lowercase)
        .collect()
}

fn parse<T: serde::de::DeserializeOwned>(v: serde_json::Value) -> Result<T, String> {
    serde_json::from_value(v).map_err(|e| e.to_string())
}

fn response(id: RequestId, result: Result<serde_json::Value, String>) -> Response {
    match result {
        Ok(v) => Response::new_ok(id, v),
        Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, e),
    }
}

fn send(conn: &Connection, msg: Message) -> Result<(), String> {
    conn.sender.send(msg).map_err(|e| e.to_string())
}

fn notify<N: lsp_types::notification::Notification>(
    conn: &Connection,
    params: N::Params,
) -> Result<(), String> {
    send(
        conn,
        Message::Notification(Notification::new(N::METHOD.into(), params)),
    )
}
