//! Headers: odd bytes, huge values, the most and too many, duplicates, malformed
//! lines, and malformed signature headers.

use super::*;

pub fn all() -> Vec<Shape> {
    let many: Vec<(String, Vec<u8>)> = (0..498).map(|i| (format!("x-h-{i}"), format!("{i}").into_bytes())).collect();
    let many: Vec<(&str, &[u8])> = many.iter().map(|(n, v)| (n.as_str(), v.as_slice())).collect();
    let mut too_many = b"POST / HTTP/1.1\r\nhost: h\r\n".to_vec();
    for i in 0..2000 {
        too_many.extend_from_slice(format!("x-{i}: {i}\r\n").as_bytes());
    }
    too_many.extend_from_slice(b"\r\n");
    let big_value = vec![b'v'; 64 * 1024];
    let huge = [&b"POST / HTTP/1.1\r\nhost: h\r\nx-huge: "[..], &vec![b'v'; 600 * 1024], b"\r\n\r\n"].concat();
    let candidates = vec!["v1,AAAAAA=="; 10_000].join(" ");
    vec![
        plain("header values with bytes over 0x7F", "POST", "/h", &[("x-latin", b"caf\xe9 \xff\x80")], b"x"),
        plain("a 64 KiB header value", "POST", "/h", &[("x-big", &big_value)], b"x"),
        answered("a 600 KiB header value", &huge, 431),
        plain("500 headers, the most allowed", "POST", "/h", &many, b"x"),
        answered("2,000 headers", &too_many, 431),
        plain("duplicate headers, interleaved", "POST", "/h", &[("x-a", b"1"), ("x-b", b"2"), ("x-a", b"3")], b"x"),
        plain("a header name of every token character", "POST", "/h", &[("x-!#$%&'*+.^_`|~09az", b"v")], b"x"),
        plain("an empty header value", "POST", "/h", &[("x-empty", b"")], b"x"),
        answered("a NUL byte in a header value", b"POST / HTTP/1.1\r\nhost: h\r\nx-nul: a\0b\r\n\r\n", 400),
        answered("a header line without a colon", b"POST / HTTP/1.1\r\nhost: h\r\nno colon here\r\n\r\n", 400),
        answered("a space before the colon", b"POST / HTTP/1.1\r\nhost: h\r\nx-a : b\r\n\r\n", 400),
        answered("an obsolete folded header line", b"POST / HTTP/1.1\r\nhost: h\r\nx-f: a\r\n  b\r\n\r\n", 400),
        plain(
            "malformed Svix signature headers",
            "POST",
            "/webhooks/self",
            &[("svix-id", b"msg_1"), ("svix-timestamp", b"not a time"), ("svix-signature", b"v1,!!!not base64!!!")],
            b"{}",
        ),
        plain("a Stripe signature without values", "POST", "/stripe", &[("stripe-signature", b"t=,v1=,v0")], b"{}"),
        plain("a GitHub signature that is not hex", "POST", "/gh", &[("x-hub-signature-256", b"sha256=zz")], b"{}"),
        plain(
            "10,000 Svix signature candidates",
            "POST",
            "/webhooks/self",
            &[("svix-id", b"msg_2"), ("svix-timestamp", b"1795681812"), ("svix-signature", candidates.as_bytes())],
            b"{}",
        ),
    ]
}
