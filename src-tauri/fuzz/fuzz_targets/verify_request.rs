//! Any request against a fixed secret of every scheme: the header parsers, the
//! verdict, the mismatch diagnosis and the signature detail never panic, agree
//! with one another, and never show a secret.
//!
//! Input: the receipt time in epoch milliseconds, a newline, then an HTTP/1 request.
#![no_main]

use std::sync::OnceLock;

use hookscope_core::signing::SigningConfig;
use hookscope_core::verify::{self, signature_detail, EntryState, Request, VerificationStatus};
use hookscope_fuzz::{first_line, parse_request, signing};
use libfuzzer_sys::fuzz_target;

fn config() -> &'static SigningConfig {
    static CONFIG: OnceLock<SigningConfig> = OnceLock::new();
    CONFIG.get_or_init(signing)
}

fuzz_target!(|data: &[u8]| {
    let Some((time, rest)) = first_line(data) else { return };
    let Ok(received_at_ms) = time.trim().parse::<i64>() else { return };
    let Some(raw) = parse_request(rest) else { return };
    let headers = raw.headers.iter().map(|(n, v)| (n.to_ascii_lowercase(), v.to_vec())).collect();
    let request = Request { path: raw.target, headers: &headers, body: raw.body, received_at_ms };
    let config = config();
    let at_receipt = verify::verify(&request, &config.secrets, &config.settings);
    let ignoring_time = verify::verify_ignoring_time(&request, &config.secrets, &config.settings);
    let detail = signature_detail(&request, &config.secrets, &config.settings);

    use VerificationStatus::*;
    // The timestamp is the only difference: a stale match is a match once time is ignored.
    match at_receipt.status {
        Verified | Stale => assert_eq!(ignoring_time.status, Verified, "{at_receipt:?} vs {ignoring_time:?}"),
        other => assert_eq!(ignoring_time.status, other, "{at_receipt:?} vs {ignoring_time:?}"),
    }
    assert_eq!(at_receipt.matched_secret.is_some(), matches!(at_receipt.status, Verified | Stale));
    assert_eq!(at_receipt.scheme, detail.scheme);
    // The detail shows a problem exactly when there is nothing to compare.
    assert_eq!(detail.problem.is_some(), matches!(at_receipt.status, Unsigned | Malformed), "{detail:?}");
    let matched_entry = detail.received.iter().any(|r| r.state == EntryState::Matched);
    assert_eq!(matched_entry, ignoring_time.status == Verified, "{detail:?}");
    assert_eq!(detail.expected.iter().any(|e| e.matched), matched_entry, "{detail:?}");
    // Secrets are named by label only: a secret's text shows only where the
    // request itself carried it (the sentences quote what the sender wrote).
    for secret in &config.secrets {
        let text = secret.reveal();
        let shown = at_receipt.detail.contains(text) || at_receipt.hints.iter().any(|h| h.contains(text));
        assert!(!shown || data.windows(text.len()).any(|w| w == text.as_bytes()), "{at_receipt:?}");
    }
});
