//! Rebuilding a delivery's signature at the current time, so a handler's
//! timestamp check (5 minutes for Standard Webhooks, Stripe and Slack) passes on
//! an event captured hours ago.

use crate::delivery::{header_value, Delivery, Headers};
use crate::signing::SigningConfig;
use crate::verify::{sign, verify_ignoring_time, HeaderFamily, Request, Scheme, Secret};

use super::ReplayError;

/// Headers other than Standard Webhooks' `<family>-id` that carry a message id a
/// handler may deduplicate on; a fresh id replaces them too. Neither is signed.
const OTHER_ID_HEADERS: [&str; 2] = ["x-github-delivery", "x-shopify-webhook-id"];

/// What re-signing needs besides the delivery and the request being built.
pub(crate) struct Resign<'a> {
    pub signing: &'a SigningConfig,
    /// Unix seconds to sign at.
    pub now_s: i64,
    /// The fresh message id, used when `new_message_id` is set.
    pub new_id: &'a str,
    pub new_message_id: bool,
}

/// Replaces the signature headers in `headers` with ones signing `body` for the
/// scheme `delivery` was signed with, in place (same position, no duplicates).
///
/// The scheme, the Standard Webhooks header family (`svix-*`, `webhook-*`, or
/// both when the sender sent both) and the secret's path come from the captured
/// delivery, so an edited header list cannot change what is rebuilt.
pub(crate) fn resign(delivery: &Delivery, headers: &mut Headers, body: &[u8], how: &Resign) -> Result<(), ReplayError> {
    let captured = &delivery.captured;
    let request = Request {
        path: &captured.path,
        headers: &captured.headers,
        body: &captured.body,
        received_at_ms: captured.received_at_ms,
    };
    // Verifying again (rather than trusting the stored verdict) picks up secrets
    // and a generic scheme configured since the capture.
    let verdict = verify_ignoring_time(&request, &how.signing.secrets, &how.signing.settings);
    let scheme = verdict.scheme.ok_or_else(|| ReplayError::Unsigned { id: delivery.id.clone() })?;
    let secret = pick_secret(&how.signing.secrets, &scheme, &captured.path, verdict.matched_secret.as_deref())
        .ok_or_else(|| ReplayError::NoSecret { scheme: scheme.clone(), path: path_only(&captured.path).to_owned() })?;

    if scheme == Scheme::StandardWebhooks {
        for family in families(&captured.headers) {
            let id = message_id(family, headers, captured.message_id.as_deref(), how);
            replace(headers, sign(family, secret, &how.signing.settings, &id, how.now_s, body)?);
        }
    } else {
        // The family and message id are ignored by every other scheme.
        let signed = sign(HeaderFamily::Webhook, secret, &how.signing.settings, how.new_id, how.now_s, body)?;
        replace(headers, signed);
        if how.new_message_id {
            for name in OTHER_ID_HEADERS {
                if header_value(headers, name).is_some() {
                    replace(headers, vec![(name.to_owned(), how.new_id.to_owned())]);
                }
            }
        }
    }
    Ok(())
}

/// The secret that verified the original if there is one (the handler most
/// likely holds that one, e.g. mid-rotation), else the first for the scheme and path.
fn pick_secret<'s>(secrets: &'s [Secret], scheme: &Scheme, path: &str, matched: Option<&str>) -> Option<&'s Secret> {
    let mut applicable = secrets.iter().filter(|s| s.applies_to(scheme, path));
    let first = applicable.clone().next();
    matched.and_then(|label| applicable.find(|s| s.label() == label)).or(first)
}

/// The Standard Webhooks families whose headers the delivery carries.
fn families(headers: &Headers) -> Vec<HeaderFamily> {
    let present = |family: HeaderFamily| {
        ["id", "timestamp", "signature"]
            .iter()
            .any(|suffix| has_header(headers, &format!("{}-{suffix}", family.prefix())))
    };
    let found: Vec<HeaderFamily> =
        [HeaderFamily::Svix, HeaderFamily::Webhook].into_iter().filter(|f| present(*f)).collect();
    // Unreachable while detection needs one of these headers to name the scheme;
    // the spec's own names are the sensible default should that ever change.
    if found.is_empty() {
        vec![HeaderFamily::Webhook]
    } else {
        found
    }
}

fn has_header(headers: &Headers, name: &str) -> bool {
    headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(name))
}

/// The id to sign: the fresh one if asked for; else the id in the headers being
/// sent (an edit may have changed it on purpose), else the captured one.
fn message_id(family: HeaderFamily, headers: &Headers, captured: Option<&str>, how: &Resign) -> String {
    if how.new_message_id {
        return how.new_id.to_owned();
    }
    let name = format!("{}-id", family.prefix());
    header_value(headers, &name)
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .or(captured)
        // A delivery that never had an id gets the fresh one rather than an empty id.
        .unwrap_or(how.new_id)
        .to_owned()
}

/// Sets each header: the first one of that name (compared without case) takes
/// the new value in place, later ones go; a header not present is appended.
pub(crate) fn replace(headers: &mut Headers, new: Vec<(String, String)>) {
    for (name, value) in new {
        match headers.iter().position(|(n, _)| n.eq_ignore_ascii_case(&name)) {
            Some(first) => {
                headers[first].1 = value.into_bytes();
                let mut index = 0;
                headers.retain(|(n, _)| {
                    let keep = index <= first || !n.eq_ignore_ascii_case(&name);
                    index += 1;
                    keep
                });
            }
            None => headers.push((name, value.into_bytes())),
        }
    }
}

/// The path without its query string, for messages.
fn path_only(path: &str) -> &str {
    path.split(['?', '#']).next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&str, &str)]) -> Headers {
        pairs.iter().map(|(n, v)| (n.to_string(), v.as_bytes().to_vec())).collect()
    }

    #[test]
    fn replace_keeps_position_and_drops_duplicates_without_case() {
        let mut h = headers(&[("A", "1"), ("Svix-Signature", "old"), ("b", "2"), ("svix-signature", "older")]);
        replace(&mut h, vec![("svix-signature".into(), "new".into()), ("c".into(), "3".into())]);
        assert_eq!(h, headers(&[("A", "1"), ("Svix-Signature", "new"), ("b", "2"), ("c", "3")]));
    }

    #[test]
    fn path_only_drops_the_query() {
        assert_eq!(path_only("/webhooks/self?x=1"), "/webhooks/self");
        assert_eq!(path_only("/plain"), "/plain");
    }

    #[test]
    fn families_found_from_any_header_of_the_family() {
        assert_eq!(families(&headers(&[("svix-id", "a")])), vec![HeaderFamily::Svix]);
        assert_eq!(families(&headers(&[("Webhook-Signature", "v1,x")])), vec![HeaderFamily::Webhook]);
        assert_eq!(
            families(&headers(&[("webhook-id", "a"), ("svix-id", "a")])),
            vec![HeaderFamily::Svix, HeaderFamily::Webhook]
        );
    }
}
