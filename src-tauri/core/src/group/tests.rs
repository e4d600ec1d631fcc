use super::*;

fn headers(pairs: &[(&str, &str)]) -> Headers {
    pairs.iter().map(|(n, v)| (n.to_string(), v.as_bytes().to_vec())).collect()
}

const COMPLETED: &[u8] = br#"{"type":"verification.completed","verification_id":"ver_123","user":{"id":7}}"#;

// --- message ids --------------------------------------------------------------

#[test]
fn svix_id_is_the_message_id_and_wins_over_the_others() {
    let h = headers(&[("x-github-delivery", "gh-1"), ("webhook-id", "wh-1"), ("svix-id", "msg_2abc")]);
    assert_eq!(message_id(&h, b"{}"), Some("msg_2abc".to_owned()));
}

#[test]
fn webhook_id_is_used_without_svix_id() {
    let h = headers(&[("webhook-id", "msg_std"), ("x-github-delivery", "gh-1")]);
    assert_eq!(message_id(&h, b"{}"), Some("msg_std".to_owned()));
}

#[test]
fn github_delivery_header_is_a_message_id() {
    let h = headers(&[("x-github-delivery", "72d3162e-cc78-11e3-81ab-4c9367dc0958")]);
    assert_eq!(message_id(&h, b"{}"), Some("72d3162e-cc78-11e3-81ab-4c9367dc0958".to_owned()));
}

#[test]
fn stripe_event_id_comes_from_the_body_when_signed_by_stripe() {
    let h = headers(&[("stripe-signature", "t=1,v1=abc")]);
    let body = br#"{"id":"evt_1NG8Du","object":"event","type":"charge.succeeded"}"#;
    assert_eq!(message_id(&h, body), Some("evt_1NG8Du".to_owned()));
}

#[test]
fn body_id_is_ignored_without_a_stripe_signature() {
    let body = br#"{"id":"evt_1NG8Du"}"#;
    assert_eq!(message_id(&headers(&[("content-type", "application/json")]), body), None);
}

#[test]
fn stripe_body_without_a_string_id_has_no_message_id() {
    let h = headers(&[("stripe-signature", "t=1,v1=abc")]);
    assert_eq!(message_id(&h, br#"{"id":42}"#), None);
    assert_eq!(message_id(&h, b"not json"), None);
    assert_eq!(message_id(&h, br#"["evt_1"]"#), None);
}

#[test]
fn empty_id_headers_fall_through() {
    let h = headers(&[("svix-id", "  "), ("webhook-id", "wh-9")]);
    assert_eq!(message_id(&h, b""), Some("wh-9".to_owned()));
}

#[test]
fn no_id_source_gives_no_message_id() {
    assert_eq!(message_id(&headers(&[("user-agent", "curl/8")]), b"{}"), None);
}

// --- dedup keys ---------------------------------------------------------------

#[test]
fn verification_completed_key_is_verification_id_completed() {
    assert_eq!(dedup_key(COMPLETED, Some("msg_1")), "ver_123-completed");
}

#[test]
fn future_self_event_uses_the_last_segment_of_its_type() {
    let body = br#"{"verification_id":"ver_9","type":"verification.expired"}"#;
    assert_eq!(dedup_key(body, None), "ver_9-expired");
    let nested = br#"{"type":"verification.document.rejected","verification_id":"v"}"#;
    assert_eq!(dedup_key(nested, None), "v-rejected");
}

#[test]
fn non_string_fields_fall_back_without_losing_the_others() {
    // `verification_id` not a string: not a Self key, falls back to the message id.
    let body = br#"{"type":"verification.completed","verification_id":{"a":1}}"#;
    assert_eq!(dedup_key(body, Some("m1")), "msg:m1");
    // A non-string `type` does not hide a string `id`.
    let h = headers(&[("stripe-signature", "t=1")]);
    assert_eq!(message_id(&h, br#"{"type":[1,[2]],"id":"evt_5"}"#), Some("evt_5".to_owned()));
}

#[test]
fn other_event_types_use_the_message_id() {
    let body = br#"{"type":"user.created","verification_id":"ver_1"}"#;
    assert_eq!(dedup_key(body, Some("msg_2abc")), "msg:msg_2abc");
}

#[test]
fn without_any_id_the_key_is_the_body_hash() {
    assert_eq!(dedup_key(b"hello", None), "sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
    assert_eq!(dedup_key(b"", None), "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

#[test]
fn hostile_bodies_do_not_panic_and_fall_back() {
    let invalid = b"{\"type\":\"verification.completed\",";
    assert_eq!(dedup_key(invalid, Some("m")), "msg:m");

    let binary: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    let key = dedup_key(&binary, None);
    assert_eq!(key, format!("sha256:{}", hex::encode(Sha256::digest(&binary))));

    let duplicate_keys = br#"{"type":"verification.completed","type":"verification.completed","verification_id":"v"}"#;
    assert_eq!(dedup_key(duplicate_keys, Some("m")), "msg:m");

    let array = br#"["verification.completed","v","x"]"#;
    assert_eq!(dedup_key(array, Some("m")), "msg:m");

    let bad_utf8 = b"{\"type\":\"verification.\xff\",\"verification_id\":\"v\"}";
    assert_eq!(dedup_key(bad_utf8, Some("m")), "msg:m");

    let empty_segment = br#"{"type":"verification.","verification_id":"v"}"#;
    assert_eq!(dedup_key(empty_segment, Some("m")), "msg:m");
}

#[test]
fn deep_nesting_does_not_panic() {
    const DEPTH: usize = 100_000;
    let arrays = format!("{}{}", "[".repeat(DEPTH), "]".repeat(DEPTH));
    assert_eq!(dedup_key(arrays.as_bytes(), Some("m")), "msg:m");

    // Nested inside an ignored field and inside a wanted field, with the Self fields around them.
    let in_ignored = format!(
        r#"{{"type":"verification.completed","pad":{}1{},"verification_id":"v"}}"#,
        r#"{"a":"#.repeat(DEPTH),
        "}".repeat(DEPTH)
    );
    assert_eq!(dedup_key(in_ignored.as_bytes(), None), "v-completed");
    let in_wanted =
        format!(r#"{{"verification_id":{}{},"type":"verification.completed"}}"#, "[".repeat(DEPTH), "]".repeat(DEPTH));
    assert_eq!(dedup_key(in_wanted.as_bytes(), Some("m")), "msg:m");

    // Unclosed nesting.
    let unclosed = format!(r#"{{"x":{}"#, "[".repeat(DEPTH));
    let h = headers(&[("stripe-signature", "t=1")]);
    assert_eq!(message_id(&h, unclosed.as_bytes()), None);
}

#[test]
fn ten_mib_body_is_parsed_for_its_fields() {
    let pad = "a".repeat(10 * 1024 * 1024);
    let body = format!(r#"{{"pad":"{pad}","type":"verification.completed","verification_id":"ver_big"}}"#);
    assert_eq!(dedup_key(body.as_bytes(), None), "ver_big-completed");
}

// --- classification -----------------------------------------------------------

fn known(key: Option<&str>, message: Option<&str>, attempts: u32) -> Known {
    Known {
        first_with_key: key.map(str::to_owned),
        first_with_message: message.map(str::to_owned),
        attempts_of_message: attempts,
    }
}

#[test]
fn first_delivery_is_an_original() {
    assert_eq!(
        classify(&Known::default(), None),
        Classification { attempt: 1, duplicate_of: None, relation: Relation::Original }
    );
}

#[test]
fn retries_count_attempts_and_point_at_the_original() {
    assert_eq!(
        classify(&known(Some("d1"), Some("d1"), 1), None),
        Classification {
            attempt: 2,
            duplicate_of: Some("d1".to_owned()),
            relation: Relation::Retry { of: "d1".to_owned() }
        }
    );
    assert_eq!(
        classify(&known(Some("d1"), Some("d1"), 2), None),
        Classification {
            attempt: 3,
            duplicate_of: Some("d1".to_owned()),
            relation: Relation::Retry { of: "d1".to_owned() }
        }
    );
}

#[test]
fn retry_of_a_duplicate_message_points_at_the_first_event() {
    // d1 was the first event; d5 a second message of the same event; d7 retries d5.
    let c = classify(&known(Some("d1"), Some("d5"), 1), None);
    assert_eq!(c.attempt, 2);
    assert_eq!(c.duplicate_of.as_deref(), Some("d1"));
    assert_eq!(c.relation, Relation::Retry { of: "d5".to_owned() });
}

#[test]
fn retry_with_an_inconsistent_zero_count_is_still_attempt_two() {
    assert_eq!(classify(&known(None, Some("d1"), 0), None).attempt, 2);
}

#[test]
fn same_event_under_a_new_message_id_is_a_duplicate_event() {
    assert_eq!(
        classify(&known(Some("d1"), None, 0), None),
        Classification {
            attempt: 1,
            duplicate_of: Some("d1".to_owned()),
            relation: Relation::DuplicateEvent { of: "d1".to_owned() }
        }
    );
}

#[test]
fn replay_is_marked_by_the_caller_and_is_not_an_attempt() {
    assert_eq!(
        classify(&known(Some("d1"), Some("d1"), 3), Some("d3")),
        Classification {
            attempt: 1,
            duplicate_of: Some("d1".to_owned()),
            relation: Relation::Replay { of: "d3".to_owned() }
        }
    );
    assert_eq!(classify(&Known::default(), Some("d3")).duplicate_of.as_deref(), Some("d3"));
}

#[test]
fn relation_serialises_tagged_snake_case() {
    let json = serde_json::to_string(&Relation::DuplicateEvent { of: "d1".into() }).unwrap();
    assert_eq!(json, r#"{"kind":"duplicate_event","of":"d1"}"#);
    assert_eq!(serde_json::to_string(&Relation::Original).unwrap(), r#"{"kind":"original"}"#);
}

// --- schedule -----------------------------------------------------------------

#[test]
fn schedule_gaps_follow_svix() {
    let gaps: Vec<Option<i64>> = (0..=9).map(schedule_gap).collect();
    assert_eq!(
        gaps,
        vec![
            None,
            None,
            Some(5_000),
            Some(300_000),
            Some(1_800_000),
            Some(7_200_000),
            Some(18_000_000),
            Some(36_000_000),
            Some(36_000_000),
            None,
        ]
    );
}

#[test]
fn gap_comparison_at_each_step() {
    // (attempt, latest early, earliest as scheduled, latest as scheduled, earliest late)
    let cases = [
        (2, 2_999, 3_000, 7_000, 7_001),
        (3, 238_999, 239_000, 361_000, 361_001),
        (4, 1_438_999, 1_439_000, 2_161_000, 2_161_001),
        (5, 5_758_999, 5_759_000, 8_641_000, 8_641_001),
        (6, 14_398_999, 14_399_000, 21_601_000, 21_601_001),
        (7, 28_798_999, 28_799_000, 43_201_000, 43_201_001),
        (8, 28_798_999, 28_799_000, 43_201_000, 43_201_001),
    ];
    for (attempt, early, low, high, late) in cases {
        let timing = |gap| compare_gap(attempt, gap).map(|v| v.timing);
        assert_eq!(timing(early), Some(GapTiming::Early), "attempt {attempt}");
        assert_eq!(timing(low), Some(GapTiming::AsScheduled), "attempt {attempt}");
        assert_eq!(timing(high), Some(GapTiming::AsScheduled), "attempt {attempt}");
        assert_eq!(timing(late), Some(GapTiming::Late), "attempt {attempt}");
    }
}

#[test]
fn gap_verdict_carries_both_gaps() {
    assert_eq!(
        compare_gap(3, 290_000),
        Some(GapVerdict { expected_ms: 300_000, actual_ms: 290_000, timing: GapTiming::AsScheduled })
    );
    assert_eq!(
        serde_json::to_string(&compare_gap(2, 100).unwrap()).unwrap(),
        r#"{"expected_ms":5000,"actual_ms":100,"timing":"early"}"#
    );
}

#[test]
fn attempts_without_a_scheduled_gap_are_not_compared() {
    assert_eq!(compare_gap(1, 0), None);
    assert_eq!(compare_gap(9, 36_000_000), None);
}
