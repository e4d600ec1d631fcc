use super::*;

fn current() -> Secret {
    std_secret("current", 1, 24)
}

fn signed(body: &[u8]) -> Headers {
    std_headers(HeaderFamily::Svix, &current(), T, body)
}

#[test]
fn verifies_at_the_tolerance_edges_and_goes_stale_one_second_past_them() {
    let h = signed(BODY);
    for (offset, status) in [
        (0, VerificationStatus::Verified),
        (300, VerificationStatus::Verified),
        (-300, VerificationStatus::Verified),
        (301, VerificationStatus::Stale),
        (-301, VerificationStatus::Stale),
    ] {
        let v = run(&h, BODY, (T + offset) * 1000, &[current()]);
        assert_eq!(v.status, status, "offset {offset}: {v:?}");
        assert_eq!(v.skew_seconds, Some(offset));
        assert_eq!(v.matched_secret.as_deref(), Some("current"));
    }
}

#[test]
fn verified_detail_names_the_secret_and_the_skew() {
    let v = run(&signed(BODY), BODY, (T + 3) * 1000 + 999, &[current()]);
    assert_eq!(v.detail, "Signature matched secret 'current'; timestamp 3 s from receipt.");
}

#[test]
fn tolerance_is_configurable() {
    let settings = VerifySettings { tolerance_seconds: 10, ..VerifySettings::default() };
    let h = signed(BODY);
    assert_eq!(run_with(&h, BODY, (T + 10) * 1000, &[current()], &settings).status, VerificationStatus::Verified);
    assert_eq!(run_with(&h, BODY, (T + 11) * 1000, &[current()], &settings).status, VerificationStatus::Stale);
}

#[test]
fn ignoring_time_verifies_an_old_but_correct_delivery() {
    let h = signed(BODY);
    let req = Request { path: PATH, headers: &h, body: BODY, received_at_ms: (T + 86_400) * 1000 };
    let v = verify_ignoring_time(&req, &[current()], &VerifySettings::default());
    assert_eq!(v.status, VerificationStatus::Verified);
    assert_eq!(v.skew_seconds, Some(86_400));
    assert_eq!(verify(&req, &[current()], &VerifySettings::default()).status, VerificationStatus::Stale);
}

#[test]
fn rotation_header_with_old_and_new_signatures_matches_the_first_configured_secret() {
    let old = std_secret("previous", 2, 24);
    let new_sig = signed(BODY);
    let old_sig = std_headers(HeaderFamily::Svix, &old, T, BODY);
    let both = format!("{} {}", String::from_utf8_lossy(&old_sig[2].1), String::from_utf8_lossy(&new_sig[2].1));
    let h = with_header(new_sig, "svix-signature", &both);
    let v = run(&h, BODY, T * 1000, &[current(), old.clone()]);
    assert_eq!(v.status, VerificationStatus::Verified);
    assert_eq!(v.matched_secret.as_deref(), Some("current"));
    assert!(!has_hint(&v, "previous secret"));
    // With only the old secret configured, the old entry is the one that matches.
    let v = run(&h, BODY, T * 1000, std::slice::from_ref(&old));
    assert_eq!(v.matched_secret.as_deref(), Some("previous"));
}

#[test]
fn a_signature_that_matches_no_secret_is_a_mismatch() {
    let other = std_secret("other", 9, 24);
    let v = run(&signed(BODY), BODY, T * 1000, &[other]);
    assert_eq!(v.status, VerificationStatus::Mismatch);
    assert_eq!(v.matched_secret, None);
    assert_eq!(v.detail, "No Standard Webhooks signature matched the secret 'other'.");
}

fn malformed_detail(h: &Headers) -> String {
    let v = run(h, BODY, T * 1000, &[current()]);
    assert_eq!(v.status, VerificationStatus::Malformed, "{v:?}");
    assert_eq!(v.scheme, Some(Scheme::StandardWebhooks));
    v.detail
}

#[test]
fn each_malformed_shape_is_reported_with_its_reason() {
    let good = signed(BODY);
    let sig = String::from_utf8(good[2].1.clone()).unwrap();
    assert_eq!(
        malformed_detail(&without_header(good.clone(), "svix-timestamp")),
        "The svix-timestamp header is missing."
    );
    assert_eq!(
        malformed_detail(&with_header(good.clone(), "svix-timestamp", "soon")),
        "The svix-timestamp header is not a whole number of seconds."
    );
    assert_eq!(
        malformed_detail(&with_header(good.clone(), "svix-timestamp", "1700000000.5")),
        "The svix-timestamp header is not a whole number of seconds."
    );
    assert_eq!(malformed_detail(&without_header(good.clone(), "svix-id")), "The svix-id header is missing.");
    assert_eq!(
        malformed_detail(&without_header(good.clone(), "svix-signature")),
        "The svix-signature header is missing."
    );
    assert_eq!(
        malformed_detail(&with_header(good.clone(), "svix-signature", "")),
        "The svix-signature header is empty."
    );
    let v1a = with_header(
        good.clone(),
        "svix-signature",
        "v1a,hnO3f9T8Ytu9HwrXslvumlUpqtNVqkhqw/enGzPCXe5BdqzCInXqYXFymVJaA7AZdpXwVLPo3mNl8EM+m7TBAg==",
    );
    let detail = malformed_detail(&v1a);
    assert!(detail.contains("only v1a (ed25519)") && detail.contains("public key"), "{detail}");
    let garbage = with_header(good.clone(), "svix-signature", "nocomma v1,!!!notbase64 v1,c2hvcnQ= ,x");
    assert_eq!(malformed_detail(&garbage), "The svix-signature header holds no usable v1 signature.");
    // The reason never quotes the received signature.
    assert!(!malformed_detail(&with_header(good, "svix-timestamp", "x")).contains(&sig));
}

#[test]
fn unusable_entries_beside_a_matching_v1_do_not_spoil_it() {
    let good = signed(BODY);
    let sig = String::from_utf8(good[2].1.clone()).unwrap();
    let messy = format!("v1,!!!bad   nocomma  v1a,Zm9vYmFy {sig}  v2,abc ");
    let v = run(&with_header(good, "svix-signature", &messy), BODY, T * 1000, &[current()]);
    assert_eq!(v.status, VerificationStatus::Verified);
}

#[test]
fn a_non_utf8_body_is_signed_and_verified_as_raw_bytes() {
    let body = [0xff, 0xfe, 0x00, b'{', 0xc3, 0x28, b'\n'];
    let v = run(&signed(&body), &body, T * 1000, &[current()]);
    assert_eq!(v.status, VerificationStatus::Verified);
    let mut flipped = body;
    flipped[0] = 0xfd;
    assert_eq!(run(&signed(&body), &flipped, T * 1000, &[current()]).status, VerificationStatus::Mismatch);
}

#[test]
fn a_one_mebibyte_body_verifies() {
    let body = vec![b'x'; 1 << 20];
    let v = run(&signed(&body), &body, T * 1000, &[current()]);
    assert_eq!(v.status, VerificationStatus::Verified);
}

#[test]
fn header_names_match_without_case() {
    let h: Headers = signed(BODY).into_iter().map(|(n, v)| (n.replace("svix", "Svix").to_uppercase(), v)).collect();
    assert_eq!(h[0].0, "SVIX-ID");
    assert_eq!(run(&h, BODY, T * 1000, &[current()]).status, VerificationStatus::Verified);
}

#[test]
fn the_webhook_header_family_verifies() {
    let h = std_headers(HeaderFamily::Webhook, &current(), T, BODY);
    assert_eq!(h[0].0, "webhook-id");
    let v = run(&h, BODY, T * 1000, &[current()]);
    assert_eq!(v.status, VerificationStatus::Verified);
    let req = Request { path: PATH, headers: &h, body: BODY, received_at_ms: T * 1000 };
    assert_eq!(
        signature_detail(&req, &[current()], &VerifySettings::default()).header_family,
        Some(HeaderFamily::Webhook)
    );
}

#[test]
fn svix_headers_are_preferred_when_both_families_are_present() {
    let mut h = signed(BODY);
    h.extend(std_headers(HeaderFamily::Webhook, &std_secret("other", 5, 24), T, BODY));
    let req = Request { path: PATH, headers: &h, body: BODY, received_at_ms: T * 1000 };
    let detail = signature_detail(&req, &[current()], &VerifySettings::default());
    assert_eq!(detail.header_family, Some(HeaderFamily::Svix));
    assert_eq!(verify(&req, &[current()], &VerifySettings::default()).status, VerificationStatus::Verified);
}

#[test]
fn no_signature_headers_is_unsigned() {
    let h = headers(&[("content-type", "application/json")]);
    let v = run(&h, BODY, T * 1000, &[current()]);
    assert_eq!(v.status, VerificationStatus::Unsigned);
    assert_eq!(v.scheme, None);
    assert!(v.hints.is_empty());
}

#[test]
fn signed_without_an_applicable_secret_is_no_secret() {
    let stripe = Secret::new("stripe", Scheme::Stripe, "whsec_abc", None).unwrap();
    let v = run(&signed(BODY), BODY, T * 1000, &[stripe]);
    assert_eq!(v.status, VerificationStatus::NoSecret);
    assert_eq!(v.scheme, Some(Scheme::StandardWebhooks));
    assert_eq!(run(&signed(BODY), BODY, T * 1000, &[]).status, VerificationStatus::NoSecret);
}

#[test]
fn path_scoped_secrets_apply_only_under_their_prefix() {
    let scoped = Secret::new("scoped", Scheme::StandardWebhooks, &whsec(1, 24), Some("/hooks")).unwrap();
    let h = signed(BODY);
    assert_eq!(run(&h, BODY, T * 1000, std::slice::from_ref(&scoped)).status, VerificationStatus::Verified);
    assert!(scoped.applies_to(&Scheme::StandardWebhooks, "/hooks?x=1"));
    assert!(!scoped.applies_to(&Scheme::StandardWebhooks, "/hooksy"));
    assert!(!scoped.applies_to(&Scheme::Stripe, "/hooks"));
}

#[test]
fn signature_detail_shows_content_expected_and_received_signatures() {
    let body = vec![b'a'; 250];
    let old = std_secret("previous", 2, 24);
    let h = signed(&body);
    let sig = String::from_utf8(h[2].1.clone()).unwrap();
    let h = with_header(h, "svix-signature", &format!("{sig} v1a,Zm9v junk"));
    let req = Request { path: PATH, headers: &h, body: &body, received_at_ms: T * 1000 };
    let d = signature_detail(&req, &[current(), old], &VerifySettings::default());
    assert_eq!(d.scheme, Some(Scheme::StandardWebhooks));
    assert_eq!(d.signed_content_preview, format!("msg_2x9.{T}.{}", "a".repeat(200)));
    assert!(d.preview_truncated);
    assert_eq!(d.timestamp, Some(T));
    assert_eq!(d.signature_headers, ["svix-id", "svix-timestamp", "svix-signature"]);
    assert_eq!(d.expected.len(), 2);
    assert_eq!(
        (d.expected[0].secret_label.as_str(), d.expected[0].signature.as_str(), d.expected[0].matched),
        ("current", sig.as_str(), true)
    );
    assert!(!d.expected[1].matched && d.expected[1].signature.starts_with("v1,"));
    let states: Vec<EntryState> = d.received.iter().map(|r| r.state).collect();
    assert_eq!(states, [EntryState::Matched, EntryState::NotChecked, EntryState::Unusable]);
    assert_eq!(d.problem, None);
}

#[test]
fn signature_detail_explains_malformed_and_unsigned_deliveries() {
    let h = without_header(signed(BODY), "svix-id");
    let req = Request { path: PATH, headers: &h, body: BODY, received_at_ms: T * 1000 };
    let d = signature_detail(&req, &[current()], &VerifySettings::default());
    assert_eq!(d.problem.as_deref(), Some("The svix-id header is missing."));
    assert!(d.expected.is_empty());
    let none = headers(&[]);
    let req = Request { path: PATH, headers: &none, body: BODY, received_at_ms: T * 1000 };
    assert_eq!(signature_detail(&req, &[], &VerifySettings::default()).scheme, None);
}
