//! Methods (standard, WebDAV, custom tokens) and request targets (traversal,
//! absolute-, asterisk- and authority-form, odd bytes, very long).

use super::*;

pub fn all() -> Vec<Shape> {
    let long_method = "X".repeat(100);
    let long_path = format!("/{}", "p".repeat(60 * 1024));
    let head = request("HEAD", b"/head", &[], b"");
    let head_expect = stored(&head, "HEAD", "/head", b"");
    let mut shapes =
        vec![Shape { name: "HEAD", bytes: head, send: Send::Whole, head: true, expect: vec![head_expect] }];
    for method in ["PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "MKCOL", "FROBNICATE", "post"] {
        let name: &'static str = Box::leak(format!("method {method}").into_boxed_str());
        shapes.push(plain(name, method, "/m", &[], b"x"));
    }
    shapes.extend([
        plain(
            "PROPFIND with an XML body",
            "PROPFIND",
            "/dav",
            &[("depth", b"1")],
            b"<?xml version=\"1.0\"?><propfind/>",
        ),
        plain("a 100-character method", &long_method, "/m", &[], b""),
        plain("a path climbing out of the root", "POST", "/../../etc/passwd", &[], b"x"),
        plain("a percent-encoded climb", "POST", "/%2e%2e/%2e%2e/etc/passwd", &[], b"x"),
        plain("a double-encoded climb", "POST", "/%252e%252e/%252e%252e/etc/passwd", &[], b"x"),
        plain("an absolute-form target", "POST", "http://example.com/hook?x=1", &[], b"x"),
        plain("a 60 KiB path", "POST", &long_path, &[], b"x"),
        plain("a query with encoded NUL and odd bytes", "POST", "/q?a=%00%ff&b=%3Cscript%3E&c=|{}^&d=", &[], b"x"),
        plain("an empty query", "POST", "/?", &[], b"x"),
        plain("raw UTF-8 in the path", "POST", "/caf\u{e9}", &[], b"x"),
        answered("a raw byte that is not UTF-8 in the path", b"POST /\xff HTTP/1.1\r\nhost: h\r\n\r\n", 400),
        plain("backslashes in the path", "POST", "/..\\..\\windows", &[], b"x"),
        // Not part of a request target (RFC 9112 3.2): kept out of the record, as a browser never sends it.
        recorded_as("a fragment in the target", "POST", "/hook#frag", "/hook"),
        answered("raw quotes and angle brackets in the query", b"POST /q?a=\"'<x> HTTP/1.1\r\nhost: h\r\n\r\n", 400),
        plain("an asterisk-form target", "OPTIONS", "*", &[], b""),
        plain("CONNECT with an authority-form target", "CONNECT", "example.com:443", &[], b""),
        answered(
            "a path too long for the parser (600 KiB)",
            &request("POST", &[b"/".repeat(600 * 1024)].concat(), &[], b"x"),
            431,
        ),
        answered("a NUL byte in the path", b"POST /a\0b HTTP/1.1\r\nhost: h\r\n\r\n", 400),
        answered("a space inside the target", b"POST /a b HTTP/1.1\r\nhost: h\r\n\r\n", 400),
    ]);
    shapes
}
