//! Signing a body as a sender would: for replay re-signing and test events.

use super::{generic, github, shopify, slack, standard, stripe};
use super::{HeaderFamily, Scheme, Secret, VerifySettings};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignError {
    #[error("the generic scheme is not configured, so there is no header to sign into")]
    GenericNotConfigured,
}

/// The headers (lowercase names) that sign `body` with `secret`, for the secret's scheme.
///
/// `family` picks `svix-*` or `webhook-*` names for Standard Webhooks and is
/// ignored otherwise; `message_id` is used only by Standard Webhooks and
/// `timestamp_s` (unix seconds) only by the schemes that sign one (Standard
/// Webhooks, Stripe, Slack). GitHub gets both `x-hub-signature-256` and the
/// legacy `x-hub-signature`, as GitHub sends them. The generic scheme signs into
/// `settings.generic`'s header.
pub fn sign(
    family: HeaderFamily,
    secret: &Secret,
    settings: &VerifySettings,
    message_id: &str,
    timestamp_s: i64,
    body: &[u8],
) -> Result<Vec<(String, String)>, SignError> {
    let key = secret.key();
    Ok(match secret.scheme() {
        Scheme::StandardWebhooks => standard::sign(family, key, message_id, timestamp_s, body),
        Scheme::Stripe => stripe::sign(key, timestamp_s, body),
        Scheme::Github => github::sign(key, body),
        Scheme::Shopify => shopify::sign(key, body),
        Scheme::Slack => slack::sign(key, timestamp_s, body),
        Scheme::Generic => {
            let config = settings.generic.as_ref().ok_or(SignError::GenericNotConfigured)?;
            generic::sign(config, key, body)
        }
    })
}
