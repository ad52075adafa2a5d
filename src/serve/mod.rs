//! (Binary only.) `claimlint serve`: a checking page on 127.0.0.1 for people who never open a
//! terminal. Paste or drop copy, see the findings highlighted in place.
//!
//! Private by construction: the server binds the loopback address only, answers only requests
//! whose Host is that address (so a web page cannot reach it through DNS rebinding), accepts
//! only `application/octet-stream` posts (which a cross-site page cannot send without a CORS
//! preflight, which is never granted), bounds the body, never writes to disk, and serves one
//! page whose styles and script are inline and whose Content-Security-Policy forbids requests
//! anywhere but back to this server.

use crate::document_check::DocumentChecker;
use crate::PackArgs;
use claimlint::config::LoadedConfig;
use claimlint::jurisdiction::{Jurisdiction, Jurisdictions};
use claimlint::source::Kind;
use claimlint::{Error, Lang};
use std::io::{Read, Write};
use tiny_http::{Header, Method, Request, Response, Server};

/// The page: markup, styles and script in one file, embedded in the binary.
const PAGE: &str = include_str!("page.html");

/// The largest body accepted: a long page, far below what would strain memory.
pub const MAX_BODY: usize = 4 << 20;

/// What the page's content security policy allows: this page's inline code, requests back to
/// this server, nothing else.
const CSP: &str = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; \
    connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Serves the page until the process is stopped.
pub fn run(port: u16, packs: &PackArgs, cfg: Option<&LoadedConfig>) -> Result<(), Error> {
    let checker = DocumentChecker::load(packs, cfg)?;
    let server = Server::http(("127.0.0.1", port)).map_err(|e| Error::Io {
        path: format!("127.0.0.1:{port}"),
        message: e.to_string(),
    })?;
    let port = server.server_addr().to_ip().map_or(port, |a| a.port());
    let mut stdout = std::io::stdout();
    // The URL is the one line a person needs (and what tests read to find the port).
    let _ = writeln!(
        stdout,
        "claimlint: serving on http://127.0.0.1:{port}/ (Ctrl-C to stop)"
    );
    let _ = stdout.flush();
    for mut request in server.incoming_requests() {
        let reply = handle(&checker, port, &mut request);
        // A browser that went away is not our error.
        let _ = request.respond(reply);
    }
    Ok(())
}

type Reply = Response<std::io::Cursor<Vec<u8>>>;

fn handle(checker: &DocumentChecker, port: u16, req: &mut Request) -> Reply {
    let host_ok = header(req, "Host")
        .is_some_and(|h| h == format!("127.0.0.1:{port}") || h == format!("localhost:{port}"));
    if !host_ok {
        return text(403, "only http://127.0.0.1 may use this page");
    }
    let url = req.url().to_string();
    let (path, query) = url.split_once('?').unwrap_or((&url, ""));
    match (req.method(), path) {
        (Method::Get, "/") => page(),
        (Method::Post, "/api/check") => {
            let octets = header(req, "Content-Type")
                .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/octet-stream"));
            if !octets {
                return text(415, "send the copy as application/octet-stream");
            }
            match read_body(req) {
                Ok(body) => json(&check(checker, &body, query)),
                Err(reply) => reply,
            }
        }
        (Method::Get | Method::Post, _) => text(404, "not found"),
        _ => text(405, "method not allowed"),
    }
}

fn header(req: &Request, name: &'static str) -> Option<String> {
    req.headers()
        .iter()
        .find(|h| h.field.equiv(name))
        .map(|h| h.value.as_str().to_string())
}

/// The request body, refused beyond [`MAX_BODY`] whatever Content-Length claims.
fn read_body(req: &mut Request) -> Result<Vec<u8>, Reply> {
    let too_large = || text(413, "the copy is too large (4 MB at most)");
    if req.body_length().is_some_and(|n| n > MAX_BODY) {
        return Err(too_large());
    }
    let mut body = Vec::new();
    req.as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut body)
        .map_err(|_| text(400, "the request body could not be read"))?;
    if body.len() > MAX_BODY {
        return Err(too_large());
    }
    Ok(body)
}

/// The value of `key` in a query string of plain ASCII words (all the page sends).
fn query_value<'q>(query: &'q str, key: &str) -> Option<&'q str> {
    query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == key)
        .map(|(_, v)| v)
}

/// Checks the posted copy and describes the findings for the page, with spans as UTF-16
/// offsets of the returned text (what JavaScript strings index).
fn check(checker: &DocumentChecker, body: &[u8], query: &str) -> serde_json::Value {
    let kind = match query_value(query, "kind") {
        Some("text") => Some(Kind::Text),
        Some("markdown") => Some(Kind::Markdown),
        Some("html") => Some(Kind::Html),
        _ => None,
    };
    let lang = match query_value(query, "lang") {
        Some("ja") => Some(Lang::Ja),
        Some("zh") => Some(Lang::Zh),
        Some("en") => Some(Lang::En),
        _ => None,
    };
    // A picked jurisdiction: every finding is made, those of other countries' laws are counted
    // as hidden, the rest show that jurisdiction's codes and references only.
    let picked = query_value(query, "jurisdiction")
        .and_then(Jurisdiction::from_id)
        .map(|j| Jurisdictions::of(&[j]));
    let all = picked.map(|_| Jurisdictions::of(&Jurisdiction::ALL));
    let file = checker.check_bytes_for("<pasted>", None, body, kind, lang, all);
    let (mut shown, hidden): (Vec<_>, Vec<_>) = file
        .diagnostics
        .iter()
        .cloned()
        .partition(|d| picked.is_none_or(|set| set.applies(d)));
    if let Some(set) = picked {
        set.apply(&mut shown, true);
    }
    let mut offsets: Vec<usize> = shown
        .iter()
        .flat_map(|d| [d.span.start, d.span.end])
        .collect();
    let units = utf16_offsets(&file.text, &mut offsets);
    let at = |b: usize| units.get(&b).copied().unwrap_or(0);
    let findings: Vec<serde_json::Value> = shown
        .iter()
        .map(|d| {
            serde_json::json!({
                "rule": d.rule,
                "category": d.category.id(),
                "severity": d.severity.name(),
                "message": d.message,
                "suggestion": d.suggestion,
                "references": d.references,
                "codes": d.codes,
                "start": at(d.span.start),
                "end": at(d.span.end),
                "excerpt": file.text.get(d.span.clone()).unwrap_or(""),
            })
        })
        .collect();
    serde_json::json!({
        "text": file.text,
        "language": file.language.code(),
        "skipped": file.skipped,
        "notices": file.notices,
        "findings": findings,
        "hidden": hidden.len(),
    })
}

/// UTF-16 offsets of the given byte offsets of `text`, in one pass.
fn utf16_offsets(text: &str, offsets: &mut [usize]) -> std::collections::HashMap<usize, usize> {
    offsets.sort_unstable();
    let mut out = std::collections::HashMap::new();
    let mut units = 0;
    let mut chars = text.char_indices().peekable();
    for &o in offsets.iter() {
        while let Some(&(i, c)) = chars.peek() {
            if i >= o {
                break;
            }
            units += c.len_utf16();
            chars.next();
        }
        out.insert(o, units);
    }
    out
}

fn new_header(name: &str, value: &str) -> Option<Header> {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).ok()
}

fn reply(status: u16, content_type: &str, body: Vec<u8>) -> Reply {
    let mut r = Response::from_data(body).with_status_code(status);
    for h in [
        new_header("Content-Type", content_type),
        new_header("Cache-Control", "no-store"),
        new_header("X-Content-Type-Options", "nosniff"),
        new_header("Referrer-Policy", "no-referrer"),
        new_header("Content-Security-Policy", CSP),
    ]
    .into_iter()
    .flatten()
    {
        r.add_header(h);
    }
    r
}

fn page() -> Reply {
    reply(200, "text/html; charset=utf-8", PAGE.as_bytes().to_vec())
}

fn text(status: u16, message: &str) -> Reply {
    reply(
        status,
        "text/plain; charset=utf-8",
        message.as_bytes().to_vec(),
    )
}

fn json(value: &serde_json::Value) -> Reply {
    reply(200, "application/json", value.to_string().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_offsets_count_emoji_as_two() {
        let text = "a😀幹細胞";
        let mut offs = vec![text.find('幹').unwrap(), 0, text.len()];
        let m = utf16_offsets(text, &mut offs);
        assert_eq!(m[&0], 0);
        assert_eq!(m[&text.find('幹').unwrap()], 3);
        assert_eq!(m[&text.len()], 6);
    }
}
