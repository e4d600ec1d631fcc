use super::*;

const KEY_TEXT: &str = "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

#[test]
fn standard_secrets_parse_with_or_without_the_prefix_to_the_same_key() {
    let with = Secret::new("a", Scheme::StandardWebhooks, &format!("whsec_{KEY_TEXT}"), None).unwrap();
    let without = Secret::new("b", Scheme::StandardWebhooks, &format!("  {KEY_TEXT}\n"), None).unwrap();
    assert_eq!(with.key(), without.key());
    assert_eq!(with.key().len(), 24);
    assert_eq!(without.reveal(), KEY_TEXT);
    assert_eq!(with.reveal(), format!("whsec_{KEY_TEXT}"));
}

#[test]
fn invalid_base64_and_short_keys_are_refused_without_quoting_the_secret() {
    let bad = "whsec_not*base64*at_all!!";
    let err = Secret::new("a", Scheme::StandardWebhooks, bad, None).unwrap_err();
    assert_eq!(err, SecretError::InvalidBase64);
    let short = "whsec_c2hvcnRrZXk="; // "shortkey": 8 bytes
    let err2 = Secret::new("a", Scheme::StandardWebhooks, short, None).unwrap_err();
    assert_eq!(err2, SecretError::TooShort { bytes: 8 });
    assert!(err2.to_string().contains("too short to be a signing key"));
    for (err, text) in [(err, bad), (err2, short)] {
        let message = err.to_string();
        assert!(!message.contains(text.trim_start_matches("whsec_")), "{message}");
        assert!(!format!("{err:?}").contains(text.trim_start_matches("whsec_")));
    }
    assert_eq!(Secret::new("a", Scheme::StandardWebhooks, "whsec_", None).unwrap_err(), SecretError::Empty);
}

#[test]
fn raw_key_schemes_take_any_non_empty_text() {
    let s = Secret::new("gh", Scheme::Github, "whsec_ not base64!", None).unwrap();
    assert_eq!(s.key(), b"whsec_ not base64!");
    assert_eq!(Secret::new("gh", Scheme::Slack, "  ", None).unwrap_err(), SecretError::Empty);
    assert_eq!(Secret::new(" ", Scheme::Slack, "x", None).unwrap_err(), SecretError::EmptyLabel);
    assert_eq!(Secret::new("p", Scheme::Slack, "x", Some("hooks")).unwrap_err(), SecretError::PathPrefix);
    assert_eq!(Secret::new("p", Scheme::Slack, "x", Some("")).unwrap().path_prefix(), None);
}

#[test]
fn masked_shows_only_the_last_four_characters() {
    let s = Secret::new("a", Scheme::StandardWebhooks, &format!("whsec_{KEY_TEXT}"), None).unwrap();
    assert_eq!(s.masked(), "••••LaSw");
    let short = Secret::new("a", Scheme::Github, "hunter2", None).unwrap();
    assert_eq!(short.masked(), "••••");
}

#[test]
fn debug_shows_label_and_mask_but_never_the_secret() {
    let s = Secret::new("current", Scheme::StandardWebhooks, &format!("whsec_{KEY_TEXT}"), Some("/hooks")).unwrap();
    let debug = format!("{s:?}");
    assert!(debug.contains("current") && debug.contains("••••LaSw") && debug.contains("/hooks"), "{debug}");
    assert!(!debug.contains(&KEY_TEXT[..28]), "{debug}");
    assert!(!debug.contains(&format!("{:?}", s.key())), "{debug}");
    let gh = Secret::new("gh", Scheme::Github, "It's a Secret to Everybody", None).unwrap();
    assert!(!format!("{gh:?}").contains("Secret to Every"));
}

#[test]
fn accessors_return_what_was_given() {
    let s = Secret::new("label", Scheme::Shopify, "abc", Some("/shop")).unwrap();
    assert_eq!((s.label(), s.scheme(), s.path_prefix()), ("label", &Scheme::Shopify, Some("/shop")));
}
