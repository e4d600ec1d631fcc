//! Headers that describe one connection, not the message, and so must not be
//! copied onto the replay's own connection (RFC 9110 §7.6.1), plus
//! `content-length`, which the client writes from the body it actually sends.

use crate::delivery::Headers;

const CONNECTION_HEADERS: [&str; 9] = [
    "host",
    "connection",
    "transfer-encoding",
    "keep-alive",
    "te",
    "trailer",
    "upgrade",
    "proxy-connection",
    "content-length",
];

/// `headers` without the connection-specific ones, in their original order.
/// Headers that a `connection` header names (`connection: x-trace`) go too, as
/// RFC 9110 asks of anything forwarding a message.
pub(crate) fn strip(headers: &Headers) -> Headers {
    let named: Vec<String> = headers
        .iter()
        .filter(|(name, _)| name.eq_ignore_ascii_case("connection"))
        .flat_map(|(_, value)| {
            String::from_utf8_lossy(value).split(',').map(|t| t.trim().to_owned()).collect::<Vec<_>>()
        })
        .filter(|token| !token.is_empty())
        .collect();
    headers
        .iter()
        .filter(|(name, _)| {
            !CONNECTION_HEADERS.iter().any(|h| name.eq_ignore_ascii_case(h))
                && !named.iter().any(|n| name.eq_ignore_ascii_case(n))
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        pairs.iter().map(|(n, v)| (n.to_string(), v.as_bytes().to_vec())).collect()
    }

    #[test]
    fn drops_connection_headers_and_keeps_the_rest_in_order() {
        let input = headers(&[
            ("Host", "example.com"),
            ("x-b", "2"),
            ("connection", "keep-alive, X-Trace"),
            ("content-length", "12"),
            ("Transfer-Encoding", "chunked"),
            ("x-a", "1"),
            ("x-trace", "abc"),
            ("te", "trailers"),
            ("x-a", "3"),
            ("upgrade", "h2c"),
            ("proxy-connection", "keep-alive"),
            ("keep-alive", "timeout=5"),
            ("trailer", "x-checksum"),
        ]);
        assert_eq!(strip(&input), headers(&[("x-b", "2"), ("x-a", "1"), ("x-a", "3")]));
    }

    #[test]
    fn keeps_everything_when_nothing_is_connection_specific() {
        let input = headers(&[("content-type", "application/json"), ("svix-id", "msg_1")]);
        assert_eq!(strip(&input), input);
    }
}
