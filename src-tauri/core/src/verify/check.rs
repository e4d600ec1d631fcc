//! The verdict: which scheme, which secret matched, timestamp tolerance, and hints.

use super::diagnose::{self, SVIX_FAMILY_NOTE};
use super::signed::{self, Signed};
use super::{standard, Request, Secret, Verification, VerificationStatus, VerifySettings};

/// `tolerance`: allowed |skew| in seconds; `None` ignores the timestamp.
pub(crate) fn check(
    req: &Request,
    secrets: &[Secret],
    settings: &VerifySettings,
    tolerance: Option<i64>,
) -> Verification {
    let Some(parsed) = signed::detect(req.headers, settings) else {
        return Verification {
            scheme: None,
            status: VerificationStatus::Unsigned,
            matched_secret: None,
            skew_seconds: None,
            hints: Vec::new(),
            detail: "No signature headers of a known scheme.".to_owned(),
        };
    };
    let mut notes = Vec::new();
    if standard::only_svix_headers(req.headers) {
        notes.push(SVIX_FAMILY_NOTE.to_owned());
    }
    let signed = match parsed {
        Ok(signed) => signed,
        Err(malformed) => {
            return Verification {
                scheme: Some(malformed.scheme),
                status: VerificationStatus::Malformed,
                matched_secret: None,
                skew_seconds: None,
                hints: notes,
                detail: sentence(&malformed.reason),
            }
        }
    };
    let mut verification = judge(req, secrets, &signed, tolerance);
    verification.hints.extend(notes);
    verification
}

fn judge(req: &Request, secrets: &[Secret], signed: &Signed, tolerance: Option<i64>) -> Verification {
    let received_s = req.received_at_ms.div_euclid(1000);
    let skew = signed.timestamp.map(|t| received_s.saturating_sub(t));
    // The out-of-tolerance timestamp and its skew, when there is one.
    let late = match (signed.timestamp, skew, tolerance) {
        (Some(t), Some(s), Some(tol)) if s.checked_abs().is_none_or(|a| a > tol) => Some((t, s, tol)),
        _ => None,
    };
    let applicable: Vec<&Secret> = secrets.iter().filter(|s| s.applies_to(&signed.scheme, req.path)).collect();
    let matched = applicable.iter().position(|s| signed.matches(s.key(), req.body));
    let mut hints = Vec::new();
    let scheme_name = signed.scheme.display_name();

    let (status, detail) = match matched {
        Some(index) => {
            let label = applicable[index].label();
            if index > 0 {
                hints.push(diagnose::rotation_hint(applicable[index], applicable[0]));
            }
            match (late, skew) {
                (Some((t, s, tol)), _) => {
                    hints.push(diagnose::timestamp_hint(t, s, tol));
                    let detail = format!(
                        "Signature matched secret '{label}', but the timestamp is {} s from receipt, outside the {tol} s tolerance.",
                        s.unsigned_abs()
                    );
                    (VerificationStatus::Stale, detail)
                }
                (None, Some(s)) => (
                    VerificationStatus::Verified,
                    format!("Signature matched secret '{label}'; timestamp {} s from receipt.", s.unsigned_abs()),
                ),
                (None, None) => (VerificationStatus::Verified, format!("Signature matched secret '{label}'.")),
            }
        }
        None => {
            hints.extend(diagnose::explain_mismatch(signed, req, secrets));
            if let Some((t, s, tol)) = late {
                hints.push(diagnose::timestamp_hint(t, s, tol));
            }
            match applicable.as_slice() {
                [] => (
                    VerificationStatus::NoSecret,
                    format!("Signed with {scheme_name}, but no {scheme_name} secret is configured for this path."),
                ),
                [only] => (
                    VerificationStatus::Mismatch,
                    format!("No {scheme_name} signature matched the secret '{}'.", only.label()),
                ),
                many => (
                    VerificationStatus::Mismatch,
                    format!("No {scheme_name} signature matched any of the {} applicable secrets.", many.len()),
                ),
            }
        }
    };
    Verification {
        scheme: Some(signed.scheme.clone()),
        status,
        matched_secret: matched.map(|i| applicable[i].label().to_owned()),
        skew_seconds: skew,
        hints,
        detail,
    }
}

/// A reason ("the x header is missing") as a sentence ("The x header is missing.").
pub(crate) fn sentence(reason: &str) -> String {
    let mut chars = reason.chars();
    match chars.next() {
        Some(first) => format!("{}{}.", first.to_uppercase(), chars.as_str()),
        None => String::new(),
    }
}
