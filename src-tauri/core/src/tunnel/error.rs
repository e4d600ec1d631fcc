//! Why a tunnel failed, in one sentence for the developer, with ngrok's
//! `ERR_NGROK_…` code kept visible so it can be searched.
//!
//! The mapping is pure: [`TunnelError::classify`] takes a code and a message, so
//! every case is tested without the network. The `from_*` adapters only pull the
//! code and the message out of the `ngrok` crate's errors.
//!
//! The codes come from ngrok's error reference (<https://ngrok.com/docs/errors>);
//! the crate itself carries them only as strings (`ngrok::Error::error_code`) and
//! lists none. 105, 107, 108, 319, 320 and 334 are the common agent errors there;
//! 106, 314, 324, 348, 4018, 7117 and 7118 are listed with matching messages but
//! are not known to be returned to an agent session (mapped anyway, in case).

use std::fmt;
use std::time::Duration;

use ngrok::session::{ConnectError, RpcError};
use ngrok::tunnel::AcceptError;
use ngrok::Error as _;

/// Where a developer finds (or resets) an authtoken.
pub const AUTHTOKEN_URL: &str = "https://dashboard.ngrok.com/get-started/your-authtoken";
const AGENTS_URL: &str = "https://dashboard.ngrok.com/agents";
const DOMAINS_URL: &str = "https://dashboard.ngrok.com/domains";
const ERRORS_URL: &str = "https://ngrok.com/docs/errors";

/// Sent to the server for the token being absent ("requires a verified account and authtoken").
const NO_TOKEN_CODES: &[&str] = &["ERR_NGROK_4018"];
/// Malformed (105), an old v1 token (106), well-formed but reset or revoked (107).
const INVALID_TOKEN_CODES: &[&str] = &["ERR_NGROK_105", "ERR_NGROK_106", "ERR_NGROK_107"];
/// Simultaneous agent sessions (108, 348), endpoints on one session (324).
const ACCOUNT_LIMIT_CODES: &[&str] = &["ERR_NGROK_108", "ERR_NGROK_348", "ERR_NGROK_324"];
/// Must be reserved first (319), reserved by another account (320), custom
/// hostnames need a paid plan (314), "not reserved (by your account)" (7117, 7118).
const DOMAIN_CODES: &[&str] = &["ERR_NGROK_319", "ERR_NGROK_320", "ERR_NGROK_314", "ERR_NGROK_7117", "ERR_NGROK_7118"];
/// The endpoint is already online in another session.
const DOMAIN_IN_USE_CODES: &[&str] = &["ERR_NGROK_334"];

/// Without a code, messages that say the service could not be reached.
const UNREACHABLE_HINTS: &[&str] = &[
    "tcp connection",
    "tls handshake",
    "dns",
    "lookup address",
    "name resolution",
    "timed out",
    "did not answer",
    "connection refused",
    "connection reset",
    "network is unreachable",
    "through proxy",
    "transport error",
    "muxado",
];

/// The kinds of failure the front ends tell apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TunnelErrorKind {
    /// No authtoken configured.
    NoToken,
    /// ngrok refused the authtoken.
    InvalidToken,
    /// An account limit (sessions, endpoints).
    AccountLimit,
    /// The requested domain is not reserved on this account (or cannot be used on it).
    DomainNotReserved,
    /// The requested domain is already online elsewhere.
    DomainInUse,
    /// The ngrok service could not be reached (offline, DNS, TCP, TLS, timeouts).
    Unreachable,
    /// Anything else.
    Other,
}

/// A tunnel failure. Never holds the authtoken: the runner redacts it from any
/// message the server echoes before the error goes anywhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TunnelError {
    kind: TunnelErrorKind,
    code: Option<String>,
    detail: String,
    domain: Option<String>,
}

impl TunnelError {
    /// Maps an ngrok error code (`ERR_NGROK_…`, or none) and message to a failure.
    /// A code written inside the message counts when `code` is `None`.
    pub fn classify(code: Option<&str>, message: &str) -> TunnelError {
        let code = code.map(str::trim).filter(|c| !c.is_empty()).map(str::to_owned).or_else(|| find_code(message));
        let detail = one_line(message);
        let kind = match code.as_deref() {
            Some(c) if NO_TOKEN_CODES.contains(&c) => TunnelErrorKind::NoToken,
            Some(c) if INVALID_TOKEN_CODES.contains(&c) => TunnelErrorKind::InvalidToken,
            Some(c) if ACCOUNT_LIMIT_CODES.contains(&c) => TunnelErrorKind::AccountLimit,
            Some(c) if DOMAIN_CODES.contains(&c) => TunnelErrorKind::DomainNotReserved,
            Some(c) if DOMAIN_IN_USE_CODES.contains(&c) => TunnelErrorKind::DomainInUse,
            Some(_) => TunnelErrorKind::Other,
            None => {
                let lower = detail.to_lowercase();
                if UNREACHABLE_HINTS.iter().any(|hint| lower.contains(hint)) {
                    TunnelErrorKind::Unreachable
                } else {
                    TunnelErrorKind::Other
                }
            }
        };
        TunnelError { kind, code, detail, domain: None }
    }

    /// No authtoken configured: decided locally, without the network.
    pub fn no_token() -> TunnelError {
        TunnelError { kind: TunnelErrorKind::NoToken, code: None, detail: String::new(), domain: None }
    }

    /// The ngrok service did not answer `what` within `after`.
    pub fn timed_out(what: &str, after: Duration) -> TunnelError {
        let detail = format!("{what} did not answer within {} s", after.as_secs());
        TunnelError { kind: TunnelErrorKind::Unreachable, code: None, detail, domain: None }
    }

    /// The ngrok dashboard or API stopped this agent.
    pub fn stopped_remotely() -> TunnelError {
        let detail = "the tunnel was stopped from the ngrok dashboard or API".to_owned();
        TunnelError { kind: TunnelErrorKind::Other, code: None, detail, domain: None }
    }

    /// From a failed `SessionBuilder::connect` (or a failed reconnect).
    pub fn from_connect(error: &ConnectError) -> TunnelError {
        match error {
            ConnectError::Auth(rpc) | ConnectError::Rebind(rpc) => TunnelError::from_rpc(rpc),
            ConnectError::Tcp(_) | ConnectError::Tls(_) | ConnectError::Start(_) | ConnectError::ProxyConnect(_) => {
                TunnelError::unreachable(chain(error))
            }
            ConnectError::Canceled => TunnelError::classify(None, "the connection to ngrok was cancelled"),
            other => TunnelError::classify(other.error_code(), &chain(other)),
        }
    }

    /// From a failed RPC (authentication, opening the endpoint).
    pub fn from_rpc(error: &RpcError) -> TunnelError {
        match error {
            RpcError::Response(_) => TunnelError::classify(error.error_code(), &error.msg()),
            RpcError::Open(_) | RpcError::Transport(_) | RpcError::Send(_) | RpcError::Receive(_) => {
                TunnelError::unreachable(chain(error))
            }
            other => TunnelError::classify(other.error_code(), &chain(other)),
        }
    }

    /// From the endpoint's stream of connections ending in an error.
    pub fn from_accept(error: &AcceptError) -> TunnelError {
        match error {
            AcceptError::Transport(_) => TunnelError::unreachable(chain(error)),
            AcceptError::Reconnect(connect) => TunnelError::from_connect(connect),
            AcceptError::ListenerClosed { message, error_code } => {
                TunnelError::classify(error_code.as_deref(), &format!("ngrok closed the endpoint: {message}"))
            }
            other => TunnelError::classify(None, &chain(other)),
        }
    }

    fn unreachable(detail: String) -> TunnelError {
        TunnelError { kind: TunnelErrorKind::Unreachable, code: None, detail: one_line(&detail), domain: None }
    }

    /// Names the domain the developer asked for in the domain sentences.
    pub fn with_domain(mut self, domain: Option<&str>) -> TunnelError {
        self.domain = domain.map(str::to_owned);
        self
    }

    /// Replaces every occurrence of `secret` in the message (ngrok echoes a
    /// rejected authtoken back in its messages).
    pub fn redact(mut self, secret: &str) -> TunnelError {
        self.detail = redact(&self.detail, secret);
        self
    }

    pub fn kind(&self) -> TunnelErrorKind {
        self.kind
    }

    /// ngrok's `ERR_NGROK_…` code, when it gave one.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// What the server or the network said, on one line (already redacted).
    pub fn detail(&self) -> &str {
        &self.detail
    }

    /// One sentence (or two) for the developer, with the code in it.
    pub fn sentence(&self) -> String {
        let tag = self.code.as_deref().map(|c| format!(" ({c})")).unwrap_or_default();
        let domain = match &self.domain {
            Some(d) => format!("The domain {d}"),
            None => "The chosen domain".to_owned(),
        };
        match self.kind {
            TunnelErrorKind::NoToken => format!(
                "No ngrok authtoken is set{tag}. Get one at {AUTHTOKEN_URL}, then paste it in Settings \
                 or set the NGROK_AUTHTOKEN environment variable."
            ),
            TunnelErrorKind::InvalidToken => format!(
                "ngrok rejected the authtoken{tag}: it is malformed, was reset or was revoked. Copy the \
                 current one from {AUTHTOKEN_URL} and paste it in Settings or set NGROK_AUTHTOKEN."
            ),
            TunnelErrorKind::AccountLimit => {
                let what = match self.code.as_deref() {
                    Some("ERR_NGROK_324") => "too many endpoints on one agent session",
                    _ => "too many ngrok agent sessions are online at once",
                };
                format!(
                    "The ngrok account has reached a limit{tag}: {what}. Stop the other ngrok agent \
                     (see {AGENTS_URL}) or upgrade the plan, then turn the tunnel on again."
                )
            }
            TunnelErrorKind::DomainNotReserved => {
                let what = match self.code.as_deref() {
                    Some("ERR_NGROK_320") => {
                        "is reserved by another ngrok account: check that the authtoken belongs to the account \
                         that reserved it"
                    }
                    Some("ERR_NGROK_314") => "is a custom hostname, which needs a paid ngrok plan",
                    _ => "is not reserved on this ngrok account",
                };
                format!(
                    "{domain} {what}{tag}. Reserve it at {DOMAINS_URL}, or clear the domain in Settings to use \
                     the account's own address."
                )
            }
            TunnelErrorKind::DomainInUse => format!(
                "{domain} is already online in another ngrok session{tag}. Stop the other agent using it \
                 (see {AGENTS_URL}) or choose another domain."
            ),
            TunnelErrorKind::Unreachable => format!(
                "Cannot reach the ngrok service: no internet connection, or a firewall or proxy blocks it ({}). \
                 The local listener keeps capturing; turn the tunnel on again once online.",
                self.detail
            ),
            TunnelErrorKind::Other => match self.code.as_deref() {
                Some(code) => format!(
                    "ngrok refused the tunnel ({code}): {}. See {ERRORS_URL}/{}.",
                    self.detail.trim_end_matches('.'),
                    code.to_lowercase()
                ),
                None => format!("The tunnel failed: {}.", self.detail.trim_end_matches('.')),
            },
        }
    }
}

impl fmt::Display for TunnelError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.sentence())
    }
}

impl std::error::Error for TunnelError {}

/// The first `ERR_NGROK_<digits>` in `text`.
fn find_code(text: &str) -> Option<String> {
    let at = text.find("ERR_NGROK_")?;
    let rest = &text[at + "ERR_NGROK_".len()..];
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (!digits.is_empty()).then(|| format!("ERR_NGROK_{digits}"))
}

/// The message on one line, without the code lines and the docs links ngrok appends.
fn one_line(message: &str) -> String {
    let lines: Vec<&str> = message
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("ERR_NGROK_") && !l.starts_with(ERRORS_URL))
        .collect();
    let joined = lines.join(" ");
    const MAX: usize = 300;
    match joined.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &joined[..cut]),
        None => joined,
    }
}

/// An error and its sources, joined with ": ".
fn chain(error: &dyn std::error::Error) -> String {
    let mut out = error.to_string();
    let mut source = error.source();
    while let Some(inner) = source {
        let text = inner.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        source = inner.source();
    }
    out
}

pub(crate) fn redact(text: &str, secret: &str) -> String {
    let secret = secret.trim();
    if secret.is_empty() {
        return text.to_owned();
    }
    text.replace(secret, "********")
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::Arc;

    use super::*;

    fn kind(code: &str) -> TunnelErrorKind {
        TunnelError::classify(Some(code), "message").kind()
    }

    #[test]
    fn no_token_says_where_to_get_one() {
        let sentence = TunnelError::no_token().sentence();
        assert!(sentence.contains("https://dashboard.ngrok.com/get-started/your-authtoken"), "{sentence}");
        assert!(sentence.contains("Settings") && sentence.contains("NGROK_AUTHTOKEN"), "{sentence}");
        assert_eq!(TunnelError::no_token().code(), None);
        let server = TunnelError::classify(Some("ERR_NGROK_4018"), "Usage of ngrok requires a verified account");
        assert_eq!(server.kind(), TunnelErrorKind::NoToken);
        assert!(server.sentence().contains("(ERR_NGROK_4018)"));
    }

    #[test]
    fn rejected_tokens() {
        for code in ["ERR_NGROK_105", "ERR_NGROK_106", "ERR_NGROK_107"] {
            assert_eq!(kind(code), TunnelErrorKind::InvalidToken, "{code}");
        }
        let error = TunnelError::classify(Some("ERR_NGROK_107"), "The authtoken you specified is invalid");
        let sentence = error.sentence();
        assert!(sentence.starts_with("ngrok rejected the authtoken (ERR_NGROK_107)"), "{sentence}");
        assert!(sentence.contains(AUTHTOKEN_URL), "{sentence}");
    }

    #[test]
    fn account_limits() {
        for code in ["ERR_NGROK_108", "ERR_NGROK_348", "ERR_NGROK_324"] {
            assert_eq!(kind(code), TunnelErrorKind::AccountLimit, "{code}");
        }
        let sessions = TunnelError::classify(Some("ERR_NGROK_108"), "limited to 1 simultaneous ngrok agent sessions");
        assert!(sessions.sentence().contains("limit (ERR_NGROK_108): too many ngrok agent sessions"));
        assert!(sessions.sentence().contains(AGENTS_URL));
        let endpoints = TunnelError::classify(Some("ERR_NGROK_324"), "");
        assert!(endpoints.sentence().contains("too many endpoints"));
    }

    #[test]
    fn domains_not_reserved_name_the_domain() {
        for code in ["ERR_NGROK_319", "ERR_NGROK_320", "ERR_NGROK_314", "ERR_NGROK_7117", "ERR_NGROK_7118"] {
            assert_eq!(kind(code), TunnelErrorKind::DomainNotReserved, "{code}");
        }
        let error =
            TunnelError::classify(Some("ERR_NGROK_319"), "You must reserve").with_domain(Some("hooks.example.dev"));
        let sentence = error.sentence();
        assert!(sentence.starts_with("The domain hooks.example.dev is not reserved"), "{sentence}");
        assert!(sentence.contains("(ERR_NGROK_319)") && sentence.contains(DOMAINS_URL), "{sentence}");
        let other = TunnelError::classify(Some("ERR_NGROK_320"), "").sentence();
        assert!(other.starts_with("The chosen domain is reserved by another ngrok account"), "{other}");
        assert!(TunnelError::classify(Some("ERR_NGROK_314"), "").sentence().contains("paid ngrok plan"));
    }

    #[test]
    fn domain_already_online() {
        let error = TunnelError::classify(Some("ERR_NGROK_334"), "The endpoint is already online")
            .with_domain(Some("a.ngrok.app"));
        assert_eq!(error.kind(), TunnelErrorKind::DomainInUse);
        assert!(error.sentence().starts_with("The domain a.ngrok.app is already online in another ngrok session"));
    }

    #[test]
    fn unreachable_from_messages() {
        for message in [
            "failed to establish tcp connection: failed to lookup address information: Temporary failure in name resolution",
            "tls handshake error: invalid peer certificate",
            "failed to connect through proxy",
            "connect.ngrok-agent.com did not answer within 8 s",
            "Connection refused (os error 111)",
        ] {
            let error = TunnelError::classify(None, message);
            assert_eq!(error.kind(), TunnelErrorKind::Unreachable, "{message}");
            assert_eq!(error.code(), None);
            let sentence = error.sentence();
            assert!(sentence.starts_with("Cannot reach the ngrok service"), "{sentence}");
            assert!(sentence.contains(message.lines().next().unwrap()), "{sentence}");
        }
    }

    #[test]
    fn other_codes_keep_the_code_and_a_link() {
        let error = TunnelError::classify(Some("ERR_NGROK_120"), "Your ngrok agent version is no longer supported.");
        assert_eq!(error.kind(), TunnelErrorKind::Other);
        assert_eq!(
            error.sentence(),
            "ngrok refused the tunnel (ERR_NGROK_120): Your ngrok agent version is no longer supported. \
             See https://ngrok.com/docs/errors/err_ngrok_120."
        );
        let plain = TunnelError::classify(None, "something odd");
        assert_eq!(plain.kind(), TunnelErrorKind::Other);
        assert_eq!(plain.sentence(), "The tunnel failed: something odd.");
    }

    #[test]
    fn codes_are_found_in_messages() {
        let error = TunnelError::classify(None, "authentication failed\nERR_NGROK_105\n");
        assert_eq!(error.code(), Some("ERR_NGROK_105"));
        assert_eq!(error.kind(), TunnelErrorKind::InvalidToken);
        assert_eq!(error.detail(), "authentication failed");
        assert_eq!(TunnelError::classify(None, "ERR_NGROK_ alone").code(), None);
        assert_eq!(TunnelError::classify(Some("  "), "x").code(), None);
    }

    #[test]
    fn echoed_tokens_are_redacted() {
        let token = "2abcDEFsecretTOKEN_123";
        let error =
            TunnelError::classify(Some("ERR_NGROK_999"), &format!("Your authtoken: {token} is odd")).redact(token);
        assert!(!error.sentence().contains(token));
        assert!(!format!("{error:?}").contains(token));
        assert!(error.detail().contains("Your authtoken: ******** is odd"));
        assert_eq!(redact("abc", ""), "abc");
    }

    #[test]
    fn long_messages_are_cut() {
        let error = TunnelError::classify(None, &"x".repeat(1000));
        assert_eq!(error.detail().chars().count(), 301);
    }

    #[test]
    fn crate_errors_map_without_the_network() {
        let dns = io::Error::other("failed to lookup address information");
        let error = TunnelError::from_connect(&ConnectError::Tcp(dns));
        assert_eq!(error.kind(), TunnelErrorKind::Unreachable);
        assert!(error.detail().contains("failed to establish tcp connection: failed to lookup address"));

        let auth =
            ConnectError::Auth(RpcError::Response("The authtoken you specified is invalid.\nERR_NGROK_107".into()));
        let error = TunnelError::from_connect(&auth);
        assert_eq!((error.kind(), error.code()), (TunnelErrorKind::InvalidToken, Some("ERR_NGROK_107")));

        let limit = RpcError::Response("Your account is limited to 1 simultaneous sessions.\nERR_NGROK_108".into());
        assert_eq!(TunnelError::from_rpc(&limit).kind(), TunnelErrorKind::AccountLimit);
        let send = RpcError::Send(io::Error::from(io::ErrorKind::BrokenPipe));
        assert_eq!(TunnelError::from_rpc(&send).kind(), TunnelErrorKind::Unreachable);

        let rebind = ConnectError::Rebind(RpcError::Response("already online\nERR_NGROK_334".into()));
        let reconnect = AcceptError::Reconnect(Arc::new(rebind));
        assert_eq!(TunnelError::from_accept(&reconnect).kind(), TunnelErrorKind::DomainInUse);
        let closed =
            AcceptError::ListenerClosed { message: "stopped".into(), error_code: Some("ERR_NGROK_3200".into()) };
        let error = TunnelError::from_accept(&closed);
        assert_eq!(error.code(), Some("ERR_NGROK_3200"));
        assert!(error.sentence().contains("ngrok closed the endpoint: stopped"));
        assert_eq!(TunnelError::from_connect(&ConnectError::Canceled).kind(), TunnelErrorKind::Other);
    }

    #[test]
    fn timeouts_are_unreachable() {
        let error = TunnelError::timed_out("connect.ngrok-agent.com", Duration::from_secs(8));
        assert_eq!(error.kind(), TunnelErrorKind::Unreachable);
        assert!(error.sentence().contains("connect.ngrok-agent.com did not answer within 8 s"));
    }
}
