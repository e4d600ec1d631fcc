//! A failed send in words a developer acts on ("nothing is listening on
//! localhost:3000"), rather than the client's error chain.

use std::time::Duration;

use super::{FailureKind, SendFailure};

/// Describes a failure before any response arrived.
pub(crate) fn before_answer(error: &reqwest::Error, url: &url::Url, timeout: Duration) -> SendFailure {
    let place = place(url);
    let cause = innermost(error);
    if refused(error) {
        return failure(FailureKind::Refused, format!("nothing is listening on {place}"));
    }
    if error.is_timeout() {
        return failure(FailureKind::Timeout, format!("no answer within {}", seconds(timeout)));
    }
    if error.is_dns() {
        let host = url.host_str().unwrap_or_default();
        return failure(FailureKind::Dns, format!("cannot resolve host {host}: {cause}"));
    }
    if error.is_connect() && url.scheme() == "https" && tls(error) {
        return failure(FailureKind::Tls, format!("TLS handshake with {place} failed: {cause}"));
    }
    if error.is_connect() {
        return failure(FailureKind::Other, format!("cannot connect to {place}: {cause}"));
    }
    failure(FailureKind::Other, format!("the request to {place} failed: {cause}"))
}

/// Describes a failure while reading the body of a response that had begun.
pub(crate) fn during_body(error: &reqwest::Error, status: u16, timeout: Duration) -> SendFailure {
    if error.is_timeout() {
        let message =
            format!("status {status} arrived, but the rest of the answer did not within {}", seconds(timeout));
        return failure(FailureKind::Timeout, message);
    }
    failure(FailureKind::Other, format!("status {status} arrived, but reading the body failed: {}", innermost(error)))
}

fn failure(cause: FailureKind, message: String) -> SendFailure {
    SendFailure { cause, message }
}

/// `host:port`, with the scheme's port when the URL names none.
fn place(url: &url::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port_or_known_default() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// "30 s", or "300 ms" for a timeout that is not whole seconds.
fn seconds(timeout: Duration) -> String {
    if timeout.subsec_millis() == 0 {
        format!("{} s", timeout.as_secs())
    } else {
        format!("{} ms", timeout.as_millis())
    }
}

fn refused(error: &reqwest::Error) -> bool {
    io_errors(error).any(|e| e.kind() == std::io::ErrorKind::ConnectionRefused)
}

/// rustls reports a failed handshake as an `InvalidData` I/O error wrapping its
/// own error; naming rustls's type would tie this crate to its version.
fn tls(error: &reqwest::Error) -> bool {
    io_errors(error).any(|e| e.kind() == std::io::ErrorKind::InvalidData)
}

fn io_errors(error: &reqwest::Error) -> impl Iterator<Item = &std::io::Error> {
    causes(error).filter_map(|e| e.downcast_ref::<std::io::Error>())
}

/// `error` and its causes, outermost first. An I/O error is looked into with
/// `get_ref`, since its `source` skips the error it wraps and goes straight to
/// that error's own source (hiding, e.g., rustls's I/O error inside hyper's).
fn causes(error: &reqwest::Error) -> impl Iterator<Item = &(dyn std::error::Error + 'static)> {
    std::iter::successors(Some(error as &(dyn std::error::Error + 'static)), |e| {
        match e.downcast_ref::<std::io::Error>() {
            Some(io) => io.get_ref().map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        }
    })
}

/// The deepest cause's text: the specific part ("received corrupt message"),
/// without the generic layers above it. Never holds a secret: the request's
/// headers and body are not part of any client error.
fn innermost(error: &reqwest::Error) -> String {
    causes(error).last().map(ToString::to_string).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_read_in_seconds_or_milliseconds() {
        assert_eq!(seconds(Duration::from_secs(30)), "30 s");
        assert_eq!(seconds(Duration::from_millis(300)), "300 ms");
        assert_eq!(seconds(Duration::from_millis(1500)), "1500 ms");
    }

    #[test]
    fn place_uses_the_scheme_port_when_none_is_given() {
        assert_eq!(place(&url::Url::parse("https://example.com/x").unwrap()), "example.com:443");
        assert_eq!(place(&url::Url::parse("http://localhost:3000/x").unwrap()), "localhost:3000");
        assert_eq!(place(&url::Url::parse("http://[::1]:8080/").unwrap()), "[::1]:8080");
    }
}
