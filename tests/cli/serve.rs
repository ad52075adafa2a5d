//! `claimlint serve` over raw HTTP: the page, the check endpoint's spans (UTF-16, as the page's
//! JavaScript indexes), the jurisdiction filter, and the guards that keep it private (Host,
//! content type, body size, nothing written). The page itself is tested in headless Chromium by
//! tests/browser/serve_test.mjs.

use crate::common::*;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

struct Served {
    child: Child,
    port: u16,
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(dir: &std::path::Path, args: &[&str]) -> Served {
    let mut child = command()
        .arg("serve")
        .args(args)
        .current_dir(dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap();
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .split_whitespace()
        .find(|w| w.starts_with("http://"))
        .unwrap_or_else(|| panic!("no URL in {line:?}"));
    let port = url
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches('/')
        .parse()
        .unwrap_or_else(|_| panic!("not a 127.0.0.1 URL: {url}"));
    Served { child, port }
}

/// Sends one raw request; returns (status, headers, body).
fn http(port: u16, head: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.write_all(head.as_bytes()).unwrap();
    let _ = s.write_all(body);
    let mut out = Vec::new();
    let _ = s.read_to_end(&mut out);
    let split = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
    let headers = String::from_utf8_lossy(&out[..split]).into_owned();
    let status = headers[9..12].parse().unwrap();
    (status, headers, out[split..].to_vec())
}

fn post(port: u16, query: &str, body: &[u8]) -> (u16, String, Vec<u8>) {
    let head = format!(
        "POST /api/check?{query} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    http(port, &head, body)
}

#[test]
fn serve_page_is_self_contained_with_a_strict_csp() {
    let dir = tempdir();
    let s = serve(dir.path(), &[]);
    let (status, headers, body) = http(
        s.port,
        &format!(
            "GET / HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nConnection: close\r\n\r\n",
            s.port
        ),
        b"",
    );
    assert_eq!(status, 200);
    assert!(headers.contains("default-src 'none'"), "{headers}");
    assert!(headers.contains("connect-src 'self'"), "{headers}");
    let page = String::from_utf8(body).unwrap();
    assert!(page.contains("<textarea id=\"copy\""));
    // No asset is fetched from anywhere: no src/href to another host.
    for needle in ["http://", "https://", "src=\"//", "href=\"//"] {
        assert!(!page.contains(needle), "the page refers to {needle}");
    }
}

#[test]
fn serve_check_returns_findings_with_utf16_offsets_of_the_decoded_text() {
    let dir = tempdir();
    let s = serve(dir.path(), &[]);
    let copy = "🧬😀 当院の再生医療なら必ず治る。";
    let (status, _, body) = post(
        s.port,
        "lang=auto&jurisdiction=all&kind=text",
        copy.as_bytes(),
    );
    assert_eq!(status, 200);
    let v: Value = serde_json::from_slice(&body).unwrap();
    assert_eq!(v["text"], copy);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "ja.curative.guaranteed-result")
        .expect("the guaranteed-result finding");
    // Two emoji are 4 UTF-16 units, the space and 当院の再生医療なら 10 more.
    assert_eq!(
        (f["start"].as_u64(), f["end"].as_u64()),
        (Some(14), Some(18))
    );
    assert_eq!(f["excerpt"], "必ず治る");
    assert!(f["suggestion"].is_string() && !f["references"].as_array().unwrap().is_empty());
}

#[test]
fn serve_jurisdiction_keeps_only_findings_with_its_code_prefix() {
    let dir = tempdir();
    let s = serve(dir.path(), &[]);
    let copy = "当院の再生医療なら必ず治る。\n\nOur miracle cure works.\n".as_bytes();
    let all: Value = serde_json::from_slice(&post(s.port, "jurisdiction=all", copy).2).unwrap();
    let us: Value = serde_json::from_slice(&post(s.port, "jurisdiction=us", copy).2).unwrap();
    let n_all = all["findings"].as_array().unwrap().len();
    let us_findings = us["findings"].as_array().unwrap();
    assert!(!us_findings.is_empty() && us_findings.len() < n_all);
    for f in us_findings {
        let codes = f["codes"].as_array().unwrap();
        assert!(
            codes.iter().any(|c| c.as_str().unwrap().starts_with("us-")),
            "{f}"
        );
    }
    assert_eq!(
        us["hidden"].as_u64().unwrap() as usize + us_findings.len(),
        n_all
    );
}

#[test]
fn serve_refuses_other_hosts_other_content_types_and_large_bodies() {
    let dir = tempdir();
    let s = serve(dir.path(), &[]);
    let p = s.port;
    // DNS rebinding: a page from another origin reaching the port under its own name.
    let (status, _, _) = http(
        p,
        &format!("GET / HTTP/1.1\r\nHost: evil.example:{p}\r\nConnection: close\r\n\r\n"),
        b"",
    );
    assert_eq!(status, 403);
    // A cross-site form can post text/plain without a preflight; the server does not take it.
    let (status, _, _) = http(
        p,
        &format!("POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nContent-Type: text/plain\r\nContent-Length: 3\r\nConnection: close\r\n\r\n"),
        b"abc",
    );
    assert_eq!(status, 415);
    // A body over the bound is refused without being read.
    let (status, _, _) = http(
        p,
        &format!("POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nContent-Type: application/octet-stream\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", 5 << 20),
        b"",
    );
    assert_eq!(status, 413);
    // And one that streams past the bound without a length is cut off.
    let big = vec![b'a'; (4 << 20) + 10];
    let head = format!("POST /api/check HTTP/1.1\r\nHost: 127.0.0.1:{p}\r\nContent-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n");
    let mut chunked = format!("{:x}\r\n", big.len()).into_bytes();
    chunked.extend_from_slice(&big);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let (status, _, _) = http(p, &head, &chunked);
    assert_eq!(status, 413);
    // The server is still there, and it wrote nothing.
    let (status, _, _) = post(p, "", b"ok");
    assert_eq!(status, 200);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn serve_port_flag_listens_on_that_port() {
    let free = std::net::TcpListener::bind(("127.0.0.1", 0))
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempdir();
    let s = serve(dir.path(), &["--port", &free.to_string()]);
    assert_eq!(s.port, free);
}
