//! Turning a stored delivery into the request a replay sends. Pure.

use reqwest::header::{HeaderName, HeaderValue};
use reqwest::Method;

use crate::delivery::{Delivery, Headers};
use crate::signing::SigningConfig;

use super::resign::{resign, Resign};
use super::{hop_by_hop, Edit, ReplayError, ReplayMode, ReplayRequest};

/// The request replaying `delivery` to `target` (an `http`/`https` URL whose path
/// and query are used as they are, e.g. `http://localhost:3000/webhooks/self`).
///
/// - [`ReplayMode::AsCaptured`]: the captured body bytes and headers, in order,
///   minus the connection-specific ones (`host`, `connection`, `transfer-encoding`,
///   …) and `content-length`.
/// - [`ReplayMode::Resigned`]: the same, with the signature headers rebuilt at
///   `now_s` (unix seconds) with the configured secret for the delivery's scheme
///   and path; `new_id` replaces the message id when `new_message_id` is set.
/// - [`ReplayMode::Edited`]: `edit`'s body and headers (the captured ones when
///   `edit` is `None`), re-signed when `resign` is set.
///
/// An `edit` with any other mode is refused rather than silently ignored.
pub fn build(
    delivery: &Delivery,
    target: &str,
    mode: ReplayMode,
    edit: Option<&Edit>,
    signing: &SigningConfig,
    now_s: i64,
    new_id: &str,
) -> Result<ReplayRequest, ReplayError> {
    let url = parse_target(target)?;
    let captured = &delivery.captured;
    if Method::from_bytes(captured.method.as_bytes()).is_err() {
        return Err(ReplayError::InvalidMethod { method: captured.method.clone() });
    }
    let (body, headers, resigned) = match (mode, edit) {
        (ReplayMode::AsCaptured, None) => (captured.body.clone(), &captured.headers, None),
        (ReplayMode::Resigned { new_message_id }, None) => {
            (captured.body.clone(), &captured.headers, Some(new_message_id))
        }
        (ReplayMode::Edited { resign, new_message_id }, edit) => {
            let (body, headers) = match edit {
                Some(edit) => (edit.body.clone(), &edit.headers),
                None => (captured.body.clone(), &captured.headers),
            };
            (body, headers, resign.then_some(new_message_id))
        }
        (_, Some(_)) => return Err(ReplayError::UnexpectedEdit),
    };
    let mut headers = hop_by_hop::strip(headers);
    if let Some(new_message_id) = resigned {
        let how = Resign { signing, now_s, new_id, new_message_id };
        resign(delivery, &mut headers, &body, &how)?;
    }
    check_headers(&headers)?;
    Ok(ReplayRequest { method: captured.method.clone(), url, headers, body })
}

fn parse_target(target: &str) -> Result<url::Url, ReplayError> {
    let url = url::Url::parse(target.trim())
        .map_err(|source| ReplayError::InvalidTarget { target: target.to_owned(), source })?;
    match url.scheme() {
        "http" | "https" => Ok(url),
        _ => Err(ReplayError::UnsupportedTarget { target: target.to_owned() }),
    }
}

/// Refuses what the HTTP client would refuse later, so the developer hears about
/// a bad edited header before anything is sent.
fn check_headers(headers: &Headers) -> Result<(), ReplayError> {
    for (name, value) in headers {
        let invalid = |reason| ReplayError::InvalidHeader { name: name.clone(), reason };
        HeaderName::from_bytes(name.as_bytes()).map_err(|_| invalid("the name is not a valid header name"))?;
        HeaderValue::from_bytes(value).map_err(|_| invalid("the value contains a line break or other control byte"))?;
    }
    Ok(())
}
