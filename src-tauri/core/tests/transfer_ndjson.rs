//! Hookscope logs (NDJSON) end to end: exported from a real store, imported
//! into another, exported again unchanged; scope, redaction markers, progress,
//! a second import, malformed lines.

mod common;
mod sample_log;

use hookscope_core::export::{ExportFormat, ExportScope, RedactionOptions};
use hookscope_core::store::TimelineFilter;
use hookscope_core::verify::VerificationStatus;
use hookscope_core::CoreEvent;
use sample_log::{comparable_lines, empty, export_file, populated, request, BINARY};
use serde_json::Value;

#[tokio::test]
async fn export_import_export_gives_the_same_deliveries() {
    let s = populated().await;
    let dir = tempfile::tempdir().unwrap();
    let all = request(ExportFormat::Ndjson, ExportScope::default(), RedactionOptions::none());
    let (path, summary, first) = export_file(&s.h.inspector, all.clone(), vec![], dir.path(), "a.ndjson").await;
    assert_eq!(summary.count, 5);
    assert_eq!(summary.redacted_bodies, 0);

    let manifest: Value = serde_json::from_str(first.lines().next().unwrap()).unwrap();
    assert_eq!(manifest["format"], "hookscope-log");
    assert_eq!(manifest["version"], 1);
    assert_eq!(manifest["app_version"], hookscope_core::VERSION);
    assert_eq!(manifest["exported_at"], "2026-11-26T08:30:20.345Z");
    assert_eq!(manifest["count"], 5);
    // Each delivery line is what `hookscope list --json` prints for it.
    let signed_line: Value = serde_json::from_str(first.lines().nth(1).unwrap()).unwrap();
    let listed = s.h.inspector.delivery_json(&s.signed).await.unwrap().unwrap();
    assert_eq!(signed_line, serde_json::to_value(&listed).unwrap());
    assert_eq!(listed.replays.len(), 1);

    let (_other_dir, other) = empty();
    let mut events = other.subscribe();
    let imported = other.import(&path).await.unwrap();
    assert_eq!((imported.counts.added, imported.counts.skipped, imported.counts.rejected), (5, 0, 0));
    assert_eq!(imported.file, "a.ndjson");
    let mut progress = Vec::new();
    while let Ok(CoreEvent::Imported(p)) = events.try_recv() {
        progress.push(p);
    }
    let last = progress.last().unwrap();
    assert!(last.finished && last.counts.added == 5 && last.bytes_read == last.total_bytes, "{progress:?}");

    // Verdicts, grouping, answers and replays are kept, although this store has no secret.
    let (_, _, second) = export_file(&other, all, vec![], dir.path(), "b.ndjson").await;
    assert_eq!(comparable_lines(&second), comparable_lines(&first));
    let page = other.page(None, 10, TimelineFilter::default()).await.unwrap();
    assert!(page.items.iter().all(|s| s.imported_from.as_deref() == Some("a.ndjson")));
    let binary = other.delivery(&s.binary).await.unwrap().unwrap();
    assert_eq!(&binary.captured.body[..], BINARY);
    let retry = other.delivery(&s.retry).await.unwrap().unwrap();
    assert_eq!(retry.grouping.attempt, 2);
    assert_eq!(retry.captured.verification.unwrap().status, VerificationStatus::Verified);

    // A second import of the same file adds nothing.
    let again = other.import(&path).await.unwrap();
    assert_eq!((again.counts.added, again.counts.skipped), (0, 5));
    assert_eq!(other.store().count().await.unwrap(), 5);
}

#[tokio::test]
async fn the_scope_selects_by_filter_ids_and_time() {
    let s = populated().await;
    let dir = tempfile::tempdir().unwrap();
    let ids_of = |text: &str| -> Vec<String> {
        text.lines()
            .skip(1)
            .map(|l| serde_json::from_str::<Value>(l).unwrap()["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let export = |scope: ExportScope| {
        let inspector = &s.h.inspector;
        let dir = dir.path().to_owned();
        async move {
            let (_, summary, text) = export_file(
                inspector,
                request(ExportFormat::Ndjson, scope, RedactionOptions::none()),
                vec![],
                &dir,
                "s",
            )
            .await;
            assert_eq!(summary.count as usize, text.lines().count() - 1);
            text
        }
    };
    let mismatches: TimelineFilter = serde_json::from_value(serde_json::json!({"verdicts": ["mismatch"]})).unwrap();
    let text = export(ExportScope { filter: mismatches, ..ExportScope::default() }).await;
    assert_eq!(ids_of(&text), [s.mismatch.as_str()]);
    let manifest: Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
    assert_eq!(manifest["scope"]["filter"]["verdicts"], serde_json::json!(["mismatch"]));

    let search: TimelineFilter = serde_json::from_value(serde_json::json!({"search": "hello"})).unwrap();
    assert_eq!(ids_of(&export(ExportScope { filter: search, ..ExportScope::default() }).await), [s.plain.as_str()]);

    let selection = ExportScope { ids: vec![s.plain.clone(), s.signed.clone()], ..ExportScope::default() };
    assert_eq!(ids_of(&export(selection).await), [s.signed.as_str(), s.plain.as_str()]);

    // Received at T0, +5 s, +6 s, +7 s, +8 s: [T0 + 5 s, T0 + 7 s) holds the retry and the mismatch.
    let window = serde_json::json!({"since_ms": common::T0 + 5_000, "until_ms": common::T0 + 7_000});
    let window = ExportScope { filter: serde_json::from_value(window).unwrap(), ..ExportScope::default() };
    assert_eq!(ids_of(&export(window).await), [s.retry.as_str(), s.mismatch.as_str()]);
}

#[tokio::test]
async fn redacted_bodies_are_listed_in_the_manifest_and_marked_on_the_delivery() {
    let s = populated().await;
    let dir = tempfile::tempdir().unwrap();
    let options = RedactionOptions::default().with_self_preset();
    let preview = s.h.inspector.redaction_preview(&s.signed, &options, vec![]).await.unwrap().unwrap();
    assert_eq!(preview.headers, ["authorization"]);
    assert_eq!(preview.json_paths[..2], ["proof".to_owned(), "external_uuid".to_owned()]);

    let (path, summary, text) = export_file(
        &s.h.inspector,
        request(ExportFormat::Ndjson, ExportScope::default(), options),
        vec![],
        dir.path(),
        "r.ndjson",
    )
    .await;
    // The three Self bodies changed; the binary and plain ones are not JSON.
    assert_eq!(summary.redacted_bodies, 3);
    let lines: Vec<Value> = text.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    let listed = &lines[0]["redactions"]["redacted_bodies"];
    assert_eq!(*listed, serde_json::json!([s.signed, s.retry, s.mismatch]));
    let signed = &lines[1];
    assert_eq!(signed["redacted"]["body"], true);
    assert_eq!(signed["redacted"]["headers"], serde_json::json!(["authorization"]));
    assert_eq!(signed["redacted"]["json_paths"][0], "proof");
    let body: Value = serde_json::from_str(signed["body"].as_str().unwrap()).unwrap();
    assert_eq!(body["proof"], "[redacted]");
    assert_eq!(body["proof_attributes"]["age_gte_18"], "[redacted]");
    // The verdict recorded at receipt stays, though this body would no longer verify.
    assert_eq!(signed["verification"]["status"], "verified");
    // The replay sent the same body: redacted the same way.
    let replayed: Value =
        serde_json::from_str(signed["replays"][0]["outcome"]["request"]["body"].as_str().unwrap()).unwrap();
    assert_eq!(replayed["external_uuid"], "[redacted]");
    assert!(!text.contains("a1b2c3d4-5678-4e9a-b012-3456789abcde"), "the user id must be gone everywhere");
    assert!(lines[4].get("redacted").is_none(), "the binary body was not touched");

    let (_other_dir, other) = empty();
    assert_eq!(other.import(&path).await.unwrap().counts.added, 5);
    let kept = other.delivery(&s.signed).await.unwrap().unwrap();
    assert_eq!(kept.captured.verification.unwrap().status, VerificationStatus::Verified);
}

#[tokio::test]
async fn malformed_lines_are_skipped_and_reported_with_their_numbers() {
    let s = populated().await;
    let dir = tempfile::tempdir().unwrap();
    let all = request(ExportFormat::Ndjson, ExportScope::default(), RedactionOptions::none());
    let (_, _, text) = export_file(&s.h.inspector, all, vec![], dir.path(), "a.ndjson").await;
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    lines[2] = lines[2][..40].to_owned();
    lines.insert(4, r#"{"id":"01X","received_at":"not a time"}"#.to_owned());
    let broken = dir.path().join("broken.ndjson");
    std::fs::write(&broken, lines.join("\n")).unwrap();

    let (_other_dir, other) = empty();
    let summary = other.import(&broken).await.unwrap();
    assert_eq!((summary.counts.added, summary.counts.rejected), (4, 2));
    assert_eq!(summary.errors[0].at, "line 3");
    assert!(summary.errors[0].message.starts_with("not a delivery: EOF while parsing"), "{:?}", summary.errors);
    assert_eq!(summary.errors[1].at, "line 5");
    assert!(summary.errors[1].message.contains("missing field"), "{:?}", summary.errors);
    assert_eq!(other.store().count().await.unwrap(), 4);

    std::fs::write(&broken, "\u{89}PNG\r\n").unwrap();
    let error = other.import(&broken).await.unwrap_err();
    assert!(error.to_string().starts_with("the file is neither a Hookscope log nor a HAR file"), "{error}");
    let missing = other.import(&dir.path().join("nope.ndjson")).await.unwrap_err();
    assert!(missing.to_string().starts_with("cannot open "), "{missing}");
}

#[tokio::test]
async fn large_imports_commit_in_batches_with_progress() {
    let s = populated().await;
    let dir = tempfile::tempdir().unwrap();
    let (_, _, text) = export_file(
        &s.h.inspector,
        request(ExportFormat::Ndjson, ExportScope::default(), RedactionOptions::none()),
        vec![],
        dir.path(),
        "a.ndjson",
    )
    .await;
    // 1,200 distinct deliveries: the same lines under new ids.
    let template: Value = serde_json::from_str(text.lines().nth(5).unwrap()).unwrap();
    let mut big = String::new();
    for n in 0..1_200 {
        let mut line = template.clone();
        line["id"] = format!("01KBULK{n:019}").into();
        big.push_str(&line.to_string());
        big.push('\n');
    }
    let path = dir.path().join("big.ndjson");
    std::fs::write(&path, &big).unwrap();
    let (_other_dir, other) = empty();
    let mut events = other.subscribe();
    let summary = other.import(&path).await.unwrap();
    assert_eq!(summary.counts.added, 1_200);
    let mut seen = Vec::new();
    while let Ok(CoreEvent::Imported(p)) = events.try_recv() {
        seen.push((p.counts.added, p.finished));
    }
    assert_eq!(seen, [(500, false), (1_000, false), (1_200, false), (1_200, true)]);
}

#[tokio::test]
async fn imported_verdicts_stay_when_secrets_change_until_reverified_on_demand() {
    let s = populated().await;
    let dir = tempfile::tempdir().unwrap();
    let all = request(ExportFormat::Ndjson, ExportScope::default(), RedactionOptions::none());
    let (path, _, _) = export_file(&s.h.inspector, all, vec![], dir.path(), "a.ndjson").await;
    let (_other_dir, other) = empty();
    other.import(&path).await.unwrap();
    let verdict = |id: String| {
        let other = &other;
        async move { other.delivery(&id).await.unwrap().unwrap().captured.verification.unwrap().status }
    };

    // A change of secrets re-verifies what was captured here, not what was imported.
    other.set_signing(sample_log::signing(sample_log::OTHER)).await.unwrap().unwrap();
    assert_eq!(verdict(s.signed.clone()).await, VerificationStatus::Verified);
    assert_eq!(verdict(s.mismatch.clone()).await, VerificationStatus::Mismatch);

    // On demand, against the secrets in use: the other secret signed only the mismatch.
    let mut events = other.subscribe();
    other.reverify_imported().await.unwrap().unwrap();
    assert_eq!(verdict(s.signed.clone()).await, VerificationStatus::Mismatch);
    assert_eq!(verdict(s.mismatch.clone()).await, VerificationStatus::Verified);
    let mut last = None;
    while let Ok(CoreEvent::Reverified(p)) = events.try_recv() {
        last = Some(p);
    }
    // The binary and plain bodies count too (unsigned).
    let last = last.unwrap();
    assert!(last.finished && last.total == 5 && last.done == 5, "{last:?}");
}
