use super::*;

fn signed_by(secret: &Secret, settings: &VerifySettings, timestamp: i64, body: &[u8]) -> Headers {
    sign(HeaderFamily::Svix, secret, settings, "msg_1", timestamp, body)
        .unwrap()
        .into_iter()
        .map(|(n, v)| (n, v.into_bytes()))
        .collect()
}

/// Signs BODY, then checks: verifies, a tampered body mismatches; returns the headers.
fn round_trip(secret: &Secret, settings: &VerifySettings) -> Headers {
    let h = signed_by(secret, settings, T, BODY);
    let v = run_with(&h, BODY, T * 1000, std::slice::from_ref(secret), settings);
    assert_eq!(v.status, VerificationStatus::Verified, "{v:?}");
    assert_eq!(v.scheme.as_ref(), Some(secret.scheme()));
    assert_eq!(v.matched_secret.as_deref(), Some(secret.label()));
    let mut tampered = BODY.to_vec();
    tampered[3] ^= 0x01;
    let v = run_with(&h, &tampered, T * 1000, std::slice::from_ref(secret), settings);
    assert_eq!(v.status, VerificationStatus::Mismatch, "{v:?}");
    h
}

fn value<'h>(h: &'h Headers, name: &str) -> &'h str {
    std::str::from_utf8(&h.iter().find(|(n, _)| n == name).unwrap().1).unwrap()
}

#[test]
fn stripe_round_trip_and_tolerance() {
    let secret = Secret::new("stripe", Scheme::Stripe, "whsec_test_secret_value", None).unwrap();
    let h = round_trip(&secret, &VerifySettings::default());
    let header = value(&h, "stripe-signature");
    assert!(header.starts_with(&format!("t={T},v1=")) && header.len() == format!("t={T},v1=").len() + 64);
    let at = |offset: i64| run(&h, BODY, (T + offset) * 1000, std::slice::from_ref(&secret));
    assert_eq!(at(300).status, VerificationStatus::Verified);
    assert_eq!(at(-301).status, VerificationStatus::Stale);
    assert_eq!(at(301).skew_seconds, Some(301));
}

#[test]
fn stripe_accepts_any_v1_entry_and_reports_unusable_headers() {
    let secret = Secret::new("stripe", Scheme::Stripe, "sk_sec", None).unwrap();
    let h = signed_by(&secret, &VerifySettings::default(), T, BODY);
    let real = value(&h, "stripe-signature").split_once(',').unwrap().1.to_owned();
    let several = format!("t={T},v1={},{real},v0=abcd", "0".repeat(64));
    let check =
        |header: &str| run(&headers(&[("stripe-signature", header)]), BODY, T * 1000, std::slice::from_ref(&secret));
    assert_eq!(check(&several).status, VerificationStatus::Verified);
    assert_eq!(check(&real).detail, "The stripe-signature header has no t= timestamp.");
    assert_eq!(
        check(&format!("t=abc,{real}")).detail,
        "The stripe-signature t= value is not a whole number of seconds."
    );
    assert_eq!(check(&format!("t={T},v0=abcd")).status, VerificationStatus::Malformed);
}

#[test]
fn github_sha256_and_legacy_sha1() {
    let secret = Secret::new("gh", Scheme::Github, "It's a Secret to Everybody", None).unwrap();
    let h = round_trip(&secret, &VerifySettings::default());
    assert!(value(&h, "x-hub-signature-256").starts_with("sha256="));
    assert!(value(&h, "x-hub-signature").starts_with("sha1="));
    let sha1_only = without_header(h, "x-hub-signature-256");
    let v = run(&sha1_only, BODY, T * 1000, std::slice::from_ref(&secret));
    assert_eq!(v.status, VerificationStatus::Verified);
    assert_eq!(v.skew_seconds, None);
    assert_eq!(v.detail, "Signature matched secret 'gh'.");
    assert_eq!(run(&sha1_only, b"{}", T * 1000, std::slice::from_ref(&secret)).status, VerificationStatus::Mismatch);
    let bad = headers(&[("x-hub-signature-256", "md5=abcd")]);
    assert_eq!(run(&bad, BODY, T * 1000, &[secret]).status, VerificationStatus::Malformed);
}

#[test]
fn shopify_round_trip() {
    let secret = Secret::new("shop", Scheme::Shopify, "shpss_0123456789abcdef", None).unwrap();
    let h = round_trip(&secret, &VerifySettings::default());
    assert_eq!(value(&h, "x-shopify-hmac-sha256").len(), 44);
    let bad = headers(&[("x-shopify-hmac-sha256", "not base64!")]);
    assert_eq!(run(&bad, BODY, T * 1000, &[secret]).status, VerificationStatus::Malformed);
}

#[test]
fn slack_round_trip_and_tolerance() {
    let secret = Secret::new("slack", Scheme::Slack, "8f742231b10e8888abcd99yyyzzz85a5", None).unwrap();
    let h = round_trip(&secret, &VerifySettings::default());
    assert_eq!(value(&h, "x-slack-request-timestamp"), T.to_string());
    assert!(value(&h, "x-slack-signature").starts_with("v0="));
    assert_eq!(run(&h, BODY, (T - 300) * 1000, std::slice::from_ref(&secret)).status, VerificationStatus::Verified);
    assert_eq!(run(&h, BODY, (T + 301) * 1000, std::slice::from_ref(&secret)).status, VerificationStatus::Stale);
    let no_ts = without_header(h, "x-slack-request-timestamp");
    let v = run(&no_ts, BODY, T * 1000, &[secret]);
    assert_eq!(
        (v.status, v.detail.as_str()),
        (VerificationStatus::Malformed, "The x-slack-request-timestamp header is missing.")
    );
}

#[test]
fn generic_hex_with_prefix_and_base64_without() {
    let secret = Secret::new("mine", Scheme::Generic, "generic-secret", None).unwrap();
    let hex = VerifySettings {
        generic: Some(GenericScheme {
            header: "X-Signature".into(),
            encoding: SignatureEncoding::Hex,
            prefix: Some("sha256=".into()),
        }),
        ..VerifySettings::default()
    };
    let h = round_trip(&secret, &hex);
    assert!(value(&h, "x-signature").starts_with("sha256="));
    let b64 = VerifySettings {
        generic: Some(GenericScheme { header: "x-sig".into(), encoding: SignatureEncoding::Base64, prefix: None }),
        ..VerifySettings::default()
    };
    let h = round_trip(&secret, &b64);
    assert!(value(&h, "x-sig").ends_with('='));
    // Without the configuration the same headers are simply unsigned.
    assert_eq!(run(&h, BODY, T * 1000, std::slice::from_ref(&secret)).status, VerificationStatus::Unsigned);
    let missing_prefix = headers(&[("x-signature", &"ab".repeat(32))]);
    assert_eq!(
        run_with(&missing_prefix, BODY, T * 1000, std::slice::from_ref(&secret), &hex).status,
        VerificationStatus::Malformed
    );
    let err = sign(HeaderFamily::Svix, &secret, &VerifySettings::default(), "m", T, BODY).unwrap_err();
    assert_eq!(err, SignError::GenericNotConfigured);
}

#[test]
fn detection_follows_the_documented_order() {
    let gh = Secret::new("gh", Scheme::Github, "k", None).unwrap();
    let stripe = Secret::new("stripe", Scheme::Stripe, "k", None).unwrap();
    let mut h = signed_by(&gh, &VerifySettings::default(), T, BODY);
    h.extend(signed_by(&stripe, &VerifySettings::default(), T, BODY));
    let v = run(&h, BODY, T * 1000, &[gh.clone(), stripe]);
    assert_eq!(v.scheme, Some(Scheme::Stripe));
    h.extend(std_headers(HeaderFamily::Webhook, &std_secret("std", 1, 16), T, BODY));
    assert_eq!(run(&h, BODY, T * 1000, &[gh]).scheme, Some(Scheme::StandardWebhooks));
}
