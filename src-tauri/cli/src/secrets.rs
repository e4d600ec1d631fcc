//! `--secret` values: `VALUE[;scheme=S][;path=/prefix]`, labelled by position.

use hookscope_core::verify::{Scheme, Secret};

/// Parses the `position`-th (from 1) `--secret` argument. Errors never repeat the value.
pub fn parse(arg: &str, position: usize) -> Result<Secret, String> {
    let mut parts = arg.split(';');
    let value = parts.next().unwrap_or_default();
    let mut scheme = Scheme::StandardWebhooks;
    let mut path = None;
    for option in parts {
        match option.split_once('=') {
            Some(("scheme", name)) => {
                scheme = serde_json::from_value(serde_json::Value::from(name.trim())).map_err(|_| {
                    format!(
                        "secret {position}: unknown scheme '{name}' (standard_webhooks, stripe, github, shopify, slack)"
                    )
                })?
            }
            Some(("path", prefix)) => path = Some(prefix.trim().to_owned()),
            _ => return Err(format!("secret {position}: unknown option '{option}' (expected scheme=… or path=…)")),
        }
    }
    Secret::new(&position.to_string(), scheme, value, path.as_deref()).map_err(|e| format!("secret {position}: {e}"))
}

/// Parses every `--secret` argument, labelled 1, 2, … in order.
pub fn parse_all(args: &[String]) -> Result<Vec<Secret>, String> {
    args.iter().enumerate().map(|(i, arg)| parse(arg, i + 1)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_values_are_standard_webhooks_secrets_labelled_by_position() {
        let secret = parse("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", 2).unwrap();
        assert_eq!(secret.label(), "2");
        assert_eq!(secret.scheme(), &Scheme::StandardWebhooks);
        assert_eq!(secret.path_prefix(), None);
    }

    #[test]
    fn scheme_and_path_options_are_read() {
        let secret = parse("sk_raw;scheme=stripe;path=/webhooks/stripe", 1).unwrap();
        assert_eq!(secret.scheme(), &Scheme::Stripe);
        assert_eq!(secret.path_prefix(), Some("/webhooks/stripe"));
    }

    #[test]
    fn errors_are_clear_and_never_echo_the_secret() {
        let error = parse("whsec_!!!not-base64!!!", 1).unwrap_err();
        assert!(error.starts_with("secret 1:"), "{error}");
        assert!(!error.contains("not-base64"), "{error}");
        assert!(parse("abc;scheme=paypal", 3).unwrap_err().contains("unknown scheme 'paypal'"));
        assert!(parse("abc;colour=red", 1).unwrap_err().contains("unknown option"));
    }
}
