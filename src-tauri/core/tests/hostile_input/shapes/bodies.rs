//! Bodies: empty, binary, invalid or 100,000-deep JSON, at and over the limit,
//! chunked (valid, with extensions or trailers, malformed, cut off), encoded.

use super::*;

const CL_AND_CHUNKED: &[u8] =
    b"POST /both HTTP/1.1\r\nhost: h\r\ncontent-length: 5\r\ntransfer-encoding: chunked\r\n\r\n";

const GZIP_BODY: &[u8] = &[
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0xff, 0xab, 0x56, 0x2a, 0xa9, 0x2c, 0x48, 0x55, 0xb2, 0x52,
    0x2a, 0x4b, 0x2d, 0xca, 0x4c, 0xcb, 0x4c, 0x4e, 0x2c, 0xc9, 0xcc, 0xcf, 0xd3, 0x4b, 0xce, 0xcf, 0x2d, 0xc8, 0x49,
    0x2d, 0x49, 0x4d, 0x51, 0xaa, 0x05, 0x00, 0x2f, 0xdd, 0x9a, 0x8b, 0x21, 0x00, 0x00, 0x00,
];

pub fn all() -> Vec<Shape> {
    let every_byte: Vec<u8> = (0..=255).collect();
    let deep_arrays = ["[".repeat(100_000), "]".repeat(100_000)].concat();
    let deep_objects = [r#"{"a":"#.repeat(100_000), "1".into(), "}".repeat(100_000)].concat();
    let json: &[(&str, &[u8])] = &[("content-type", b"application/json")];
    let wrongly_signed: &[(&str, &[u8])] = &[
        ("content-type", b"application/json"),
        ("svix-id", b"msg_hostile"),
        ("svix-timestamp", b"1795681812"),
        ("svix-signature", b"v1,bm90IHRoZSBzaWduYXR1cmUgb2YgdGhpcyBib2R5IGF0IGFsbA=="),
    ];
    let over = vec![b'o'; LIMIT + 1];
    let mut over_chunked = b"POST /big HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..=LIMIT / 4096 {
        over_chunked.extend_from_slice(format!("1000\r\n{}\r\n", "c".repeat(4096)).as_bytes());
    }
    over_chunked.extend_from_slice(b"0\r\n\r\n");
    vec![
        plain("an empty POST", "POST", "/empty", &[], b""),
        shape(
            "a GET without a body",
            b"GET /get HTTP/1.1\r\nhost: h\r\n\r\n".to_vec(),
            vec![stored(b"GET /get HTTP/1.1\r\nhost: h", "GET", "/get", b"")],
        ),
        plain("a body that is not UTF-8", "POST", "/bin", &[], &[0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xff]),
        plain("a body holding every byte value", "POST", "/bytes", &[], &every_byte),
        plain("NUL bytes in the body", "POST", "/nul", &[], b"a\0b\0\0c"),
        plain("invalid JSON", "POST", "/json", json, br#"{"type": "verification.completed", "data": {"#),
        plain("JSON nested 100,000 arrays deep", "POST", "/deep", json, deep_arrays.as_bytes()),
        plain("JSON nested 100,000 objects deep", "POST", "/deeper", json, deep_objects.as_bytes()),
        plain("deep JSON under a wrong Svix signature", "POST", "/signed", wrongly_signed, deep_arrays.as_bytes()),
        plain("a body exactly at the limit", "POST", "/at-limit", &[], &vec![b'l'; LIMIT]),
        refused("a body one byte over the limit", request("POST", b"/over", &[], &over), Send::Whole, 413, "too_large"),
        refused("a chunked body over the limit", over_chunked, Send::Whole, 413, "too_large"),
        refused(
            "a body shorter than declared, then the sender hangs up",
            b"POST /short HTTP/1.1\r\nhost: h\r\ncontent-length: 100\r\n\r\nonly ten..".to_vec(),
            Send::ThenHalfClose,
            400,
            "body_unreadable",
        ),
        answered(
            "Content-Length that is not a number",
            b"POST / HTTP/1.1\r\nhost: h\r\ncontent-length: ten\r\n\r\n",
            400,
        ),
        answered(
            "two different Content-Lengths",
            b"POST / HTTP/1.1\r\nhost: h\r\ncontent-length: 3\r\ncontent-length: 4\r\n\r\nabcd",
            400,
        ),
        // Chunked wins over Content-Length (RFC 9112 6.3), and the HTTP parser drops the
        // Content-Length a smuggler would rely on: the record shows the framing used.
        shape(
            "Content-Length and chunked together",
            [CL_AND_CHUNKED, b"5\r\nhello\r\n0\r\n\r\n"].concat(),
            vec![stored(b"POST /both HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked", "POST", "/both", b"hello")],
        ),
        answered(
            "a transfer coding other than chunked last",
            b"POST / HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked, gzip\r\n\r\nhello",
            400,
        ),
        answered(
            "Content-Length with a plus sign",
            b"POST / HTTP/1.1\r\nhost: h\r\ncontent-length: +5\r\n\r\nhello",
            400,
        ),
        chunked("a chunked body in three chunks", b"3\r\nabc\r\n4\r\ndefg\r\n1\r\nh\r\n0\r\n\r\n", b"abcdefgh"),
        chunked("a chunked body with chunk extensions", b"5;name=value;x\r\nhello\r\n0;last\r\n\r\n", b"hello"),
        chunked("a chunked body with trailers", b"5\r\nhello\r\n0\r\nx-trailer: t\r\nx-other: u\r\n\r\n", b"hello"),
        chunked("an empty chunked body", b"0\r\n\r\n", b""),
        refused(
            "a chunked body with a size that is not hex",
            b"POST /bad HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n".to_vec(),
            Send::Whole,
            400,
            "body_unreadable",
        ),
        refused(
            "a chunked body cut off mid-chunk",
            b"POST /cut HTTP/1.1\r\nhost: h\r\ntransfer-encoding: chunked\r\n\r\n10\r\nonly part".to_vec(),
            Send::ThenHalfClose,
            400,
            "body_unreadable",
        ),
        plain(
            "a gzip body, stored as received (not inflated)",
            "POST",
            "/gz",
            &[("content-encoding", b"gzip")],
            GZIP_BODY,
        ),
        plain(
            "a body claiming br, which it is not",
            "POST",
            "/br",
            &[("content-encoding", b"br")],
            b"\x00not brotli\xff",
        ),
    ]
}
