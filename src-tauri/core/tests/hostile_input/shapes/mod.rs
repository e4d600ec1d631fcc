//! The request shapes, each named, with what the listener must make of it:
//! the types and builders here, the table by theme in the submodules.

mod bodies;
mod headers;
mod protocol;
mod targets;

use super::raw::Send;

/// The listener's body limit in this test (1 MiB: room for 100,000-deep JSON).
pub const LIMIT: usize = 1 << 20;

pub enum Expect {
    /// Answered `status` and stored exactly: method, target, body, and every header of `head`.
    Stored { status: u16, method: String, path: String, body: Vec<u8>, head: Vec<u8> },
    /// Answered `status` and recorded as a refused attempt.
    Refused { status: u16, rejection: &'static str },
    /// Answered `status` by the HTTP parser: no request to store.
    Answered(u16),
    /// No request to answer (the sender hung up first): the connection just closes, without a reset.
    Closed,
}

pub struct Shape {
    pub name: &'static str,
    pub bytes: Vec<u8>,
    pub send: Send,
    /// A HEAD request: its answers carry no body.
    pub head: bool,
    pub expect: Vec<Expect>,
}

/// An HTTP/1.1 request with a Host header and, when there is a body, its length.
pub fn request(method: &str, target: &[u8], headers: &[(&str, &[u8])], body: &[u8]) -> Vec<u8> {
    let mut out = [method.as_bytes(), b" ", target, b" HTTP/1.1\r\nhost: hookscope.test\r\n"].concat();
    for (name, value) in headers {
        out.extend_from_slice(&[name.as_bytes(), b": ", value, b"\r\n"].concat());
    }
    if !body.is_empty() || method == "POST" {
        out.extend_from_slice(format!("content-length: {}\r\n", body.len()).as_bytes());
    }
    out.extend_from_slice(b"\r\n");
    out.extend_from_slice(body);
    out
}

/// Stored as sent, answered 200.
fn stored(bytes: &[u8], method: &str, path: &str, body: &[u8]) -> Expect {
    let end = bytes.windows(4).position(|w| w == b"\r\n\r\n").or_else(|| bytes.windows(2).position(|w| w == b"\n\n"));
    let head = bytes[..end.unwrap_or(bytes.len())].to_vec();
    Expect::Stored { status: 200, method: method.into(), path: path.into(), body: body.into(), head }
}

fn shape(name: &'static str, bytes: Vec<u8>, expect: Vec<Expect>) -> Shape {
    Shape { name, bytes, send: Send::Whole, head: false, expect }
}

/// A request stored exactly as sent, answered 200.
fn plain(name: &'static str, method: &str, target: &str, headers: &[(&str, &[u8])], body: &[u8]) -> Shape {
    let bytes = request(method, target.as_bytes(), headers, body);
    let expect = stored(&bytes, method, target, body);
    shape(name, bytes, vec![expect])
}

/// Stored with `path` as the request target the listener saw.
fn recorded_as(name: &'static str, method: &str, target: &str, path: &str) -> Shape {
    let bytes = request(method, target.as_bytes(), &[], b"x");
    let expect = stored(&bytes, method, path, b"x");
    shape(name, bytes, vec![expect])
}

fn answered(name: &'static str, bytes: &[u8], status: u16) -> Shape {
    shape(name, bytes.to_vec(), vec![Expect::Answered(status)])
}

fn refused(name: &'static str, bytes: Vec<u8>, send: Send, status: u16, rejection: &'static str) -> Shape {
    Shape { name, bytes, send, head: false, expect: vec![Expect::Refused { status, rejection }] }
}

/// A chunked request: `chunks` is the raw chunked body (sizes, data, terminator, trailers).
fn chunked(name: &'static str, chunks: &[u8], body: &[u8]) -> Shape {
    let head = b"POST /chunked HTTP/1.1\r\nhost: hookscope.test\r\ntransfer-encoding: chunked\r\n\r\n";
    let expect = stored(head, "POST", "/chunked", body);
    shape(name, [&head[..], chunks].concat(), vec![expect])
}

pub fn all() -> Vec<Shape> {
    let mut shapes = bodies::all();
    shapes.extend(targets::all());
    shapes.extend(headers::all());
    shapes.extend(protocol::all());
    shapes
}
