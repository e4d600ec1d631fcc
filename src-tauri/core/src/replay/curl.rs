//! A replay written out as a `curl` command the developer can paste into a shell.
//!
//! The body is fed to `curl --data-binary @-` from `printf '<format>'`, with the
//! bytes written into printf's format string: printable text as itself, `\` and
//! `%` doubled (`\\`, `%%`), and every other byte (NUL, control bytes, bytes that
//! are not UTF-8) as a three-digit octal escape (`\000`, `\377`). That form is
//! POSIX `sh` (no `$'…'`, no `base64 -d`, no `printf %b`), byte-exact for any
//! body, and keeps a JSON body readable. `printf` is a shell builtin in every
//! common shell, so a large body does not hit the exec argument-size limit.
//!
//! Everything is single-quoted (`'` written as `'\''`), so `$`, backticks and `!`
//! stay literal. A header value that is not UTF-8 is spliced in from
//! `"$(printf '…')"` the same way.

use super::ReplayRequest;

/// Headers curl adds on its own unless told not to (`-H 'Name:'`), so the
/// command sends what [`super::send`] sends. `content-type` and `expect` only
/// matter when there is a body (`--data-binary` adds a form content type, and
/// `Expect: 100-continue` above 1 MiB).
const CURL_DEFAULTS: [&str; 2] = ["User-Agent", "Accept"];
const CURL_BODY_DEFAULTS: [&str; 2] = ["Content-Type", "Expect"];

/// A shell command reproducing `request` with curl (see the module comment).
///
/// `--globoff` stops curl reading `[]{}` in the URL as ranges, and
/// `--path-as-is` stops it collapsing `/../` in the path.
pub fn curl(request: &ReplayRequest) -> String {
    let mut lines = Vec::new();
    let has_body = !request.body.is_empty();
    let mut first = String::new();
    if has_body {
        first.push_str(&format!("printf {} | ", quote(&printf_format(&request.body))));
    }
    first.push_str(&format!(
        "curl --globoff --path-as-is -X {} {}",
        quote(&request.method),
        quote(request.url.as_str())
    ));
    lines.push(first);
    for (name, value) in &request.headers {
        lines.push(format!("-H {}", header_argument(name, value)));
    }
    let has = |name: &str| request.headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name));
    let defaults = CURL_DEFAULTS.iter().chain(if has_body { &CURL_BODY_DEFAULTS[..] } else { &[] });
    for name in defaults.filter(|name| !has(name)) {
        lines.push(format!("-H {}", quote(&format!("{name}:"))));
    }
    if has_body {
        lines.push("--data-binary @-".to_owned());
    }
    lines.join(" \\\n  ")
}

/// `-H`'s argument. curl reads `name:` as "remove the header" and `name;` as "send
/// it empty", so an empty value is written the second way.
fn header_argument(name: &str, value: &[u8]) -> String {
    if value.is_empty() {
        return quote(&format!("{name};"));
    }
    match std::str::from_utf8(value) {
        Ok(text) => quote(&format!("{name}: {text}")),
        Err(_) => format!("{}\"$(printf {})\"", quote(&format!("{name}: ")), quote(&printf_format(value))),
    }
}

/// `text` in single quotes, safe for any POSIX shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A printf format string that prints exactly `bytes`.
fn printf_format(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    // A format starting with `-` would be read as an option.
    let rest = match bytes.strip_prefix(b"-") {
        Some(rest) => {
            push_octal(&mut out, b'-');
            rest
        }
        None => bytes,
    };
    for chunk in rest.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                '\\' => out.push_str(r"\\"),
                '%' => out.push_str("%%"),
                // Newlines and tabs stay as they are: legal inside single quotes,
                // and a pretty-printed JSON body stays readable.
                '\n' | '\t' => out.push(c),
                c if c.is_control() => {
                    let mut buf = [0; 4];
                    c.encode_utf8(&mut buf).bytes().for_each(|b| push_octal(&mut out, b));
                }
                c => out.push(c),
            }
        }
        chunk.invalid().iter().for_each(|b| push_octal(&mut out, *b));
    }
    out
}

fn push_octal(out: &mut String, byte: u8) {
    out.push_str(&format!("\\{byte:03o}"));
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;

    use super::*;

    fn request(headers: &[(&str, &[u8])], body: &'static [u8]) -> ReplayRequest {
        ReplayRequest {
            method: "POST".into(),
            url: url::Url::parse("http://localhost:3000/webhooks/self?a=1").unwrap(),
            headers: headers.iter().map(|(n, v)| (n.to_string(), v.to_vec())).collect(),
            body: Bytes::from_static(body),
        }
    }

    #[test]
    fn escapes_for_printf_and_the_shell() {
        assert_eq!(printf_format(b"a%b\\c"), r"a%%b\\c");
        assert_eq!(printf_format(b"\x00\xff\r\x7f"), r"\000\377\015\177");
        assert_eq!(printf_format("é\n\t$`'\"".as_bytes()), "é\n\t$`'\"");
        assert_eq!(printf_format(b"--x-"), r"\055-x-");
        assert_eq!(quote("it's $HOME"), r"'it'\''s $HOME'");
    }

    #[test]
    fn writes_method_url_headers_and_body() {
        let text = curl(&request(&[("content-type", b"application/json"), ("x-empty", b"")], b"{\"a\":1}"));
        let expected = [
            r#"printf '{"a":1}' | curl --globoff --path-as-is -X 'POST' 'http://localhost:3000/webhooks/self?a=1'"#,
            "-H 'content-type: application/json'",
            "-H 'x-empty;'",
            "-H 'User-Agent:'",
            "-H 'Accept:'",
            "-H 'Expect:'",
            "--data-binary @-",
        ]
        .join(" \\\n  ");
        assert_eq!(text, expected);
    }

    #[test]
    fn without_a_body_there_is_no_printf_and_no_data() {
        let text = curl(&request(&[("user-agent", b"Svix-Webhooks/1.0"), ("x-latin", &[0xe9])], b""));
        let expected = [
            "curl --globoff --path-as-is -X 'POST' 'http://localhost:3000/webhooks/self?a=1'",
            "-H 'user-agent: Svix-Webhooks/1.0'",
            r#"-H 'x-latin: '"$(printf '\351')""#,
            "-H 'Accept:'",
        ]
        .join(" \\\n  ");
        assert_eq!(text, expected);
    }
}
