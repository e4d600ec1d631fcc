//! The protocol around a request: 100-continue, HTTP/1.0, pipelining, bare LF,
//! unknown versions, bytes that are not HTTP, senders that hang up.

use super::*;

pub fn all() -> Vec<Shape> {
    let expect_continue = b"POST /continue HTTP/1.1\r\nhost: h\r\ncontent-length: 5\r\nexpect: 100-continue\r\n\r\n";
    let continue_expect = stored(expect_continue, "POST", "/continue", b"hello");
    let http10 = b"POST /old HTTP/1.0\r\ncontent-length: 3\r\n\r\nold";
    let keep_alive = b"POST /old HTTP/1.0\r\nconnection: keep-alive\r\ncontent-length: 3\r\n\r\nold";
    let first = request("POST", b"/one", &[], b"first");
    let second = request("GET", b"/two", &[], b"");
    let bare_lf = b"POST /lf HTTP/1.1\nhost: h\ncontent-length: 2\n\nlf";
    let no_host = b"POST /nohost HTTP/1.1\r\ncontent-length: 1\r\n\r\nx";
    vec![
        Shape {
            name: "Expect: 100-continue",
            bytes: [&expect_continue[..], b"hello"].concat(),
            send: Send::AfterContinue(expect_continue.len()),
            head: false,
            expect: vec![continue_expect],
        },
        shape("HTTP/1.0 without Host", http10.to_vec(), vec![stored(http10, "POST", "/old", b"old")]),
        shape("HTTP/1.0 keep-alive", keep_alive.to_vec(), vec![stored(keep_alive, "POST", "/old", b"old")]),
        shape(
            "two pipelined requests in one write",
            [first.clone(), second.clone()].concat(),
            vec![stored(&first, "POST", "/one", b"first"), stored(&second, "GET", "/two", b"")],
        ),
        shape("HTTP/1.1 without Host", no_host.to_vec(), vec![stored(no_host, "POST", "/nohost", b"x")]),
        plain("Connection: close", "POST", "/close", &[("connection", b"close")], b"x"),
        shape("bare LF line endings", bare_lf.to_vec(), vec![stored(bare_lf, "POST", "/lf", b"lf")]),
        answered("an unknown HTTP version", b"POST / HTTP/1.2\r\nhost: h\r\n\r\n", 400),
        answered("HTTP/2.0 in an HTTP/1 request line", b"POST / HTTP/2.0\r\nhost: h\r\n\r\n", 400),
        // No request to answer: the sender hung up before its head ended.
        Shape {
            name: "only a request line, then the sender hangs up",
            bytes: b"POST / HTTP/1.1\r\n".to_vec(),
            send: Send::ThenHalfClose,
            head: false,
            expect: vec![Expect::Closed],
        },
        answered(
            "a TLS ClientHello sent to plain HTTP",
            b"\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03hello tls\r\n\r\n",
            400,
        ),
        answered("garbage instead of a request line", b"\x00\x01\x02 garbage\r\n\r\n", 400),
        Shape {
            name: "nothing sent, then the sender hangs up",
            bytes: Vec::new(),
            send: Send::ThenHalfClose,
            head: false,
            expect: vec![Expect::Closed],
        },
    ]
}
