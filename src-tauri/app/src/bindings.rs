//! The TypeScript types of everything that crosses IPC, generated from the Rust
//! types so the two can never drift. `make test` fails when the committed file
//! is stale; `make bindings` (UPDATE_BINDINGS=1) rewrites it.

use std::path::PathBuf;

use hookscope_core::delivery::{Answer, DeliveryJson, DeliverySummary};
use hookscope_core::events::StorageHealth;
use hookscope_core::export::{
    ExportFormat, ExportRequest, ExportScope, ExportSummary, RedactionOptions, RedactionPreview,
};
use hookscope_core::forward::ForwardSettings;
use hookscope_core::group::{GapTiming, GapVerdict, Relation};
use hookscope_core::import::{ImportCounts, ImportFormat, ImportProgress, ImportSummary, Rejected};
use hookscope_core::inspector::SignatureReport;
use hookscope_core::outcome::{OutcomeKind, SenderOutcome};
use hookscope_core::replay::{
    FailureKind, ReplayMode, ReplayOutcome, ReplayResponse, ReplayResult, SendFailure, SentRequest,
};
use hookscope_core::replays::{ReplayRecord, ReplaySettings};
use hookscope_core::retention::{Retention, RetentionView, Usage};
use hookscope_core::reverify::ReverifyProgress;
use hookscope_core::store::{ChainEntry, GroupChain, GroupPage, GroupSummary, Page, StatusRange, TimelineFilter};
use hookscope_core::vault::SecretStorage;
use hookscope_core::verify::{
    EntryState, ExpectedSignature, HeaderFamily, ReceivedSignature, Scheme, SignatureDetail, Verification,
    VerificationStatus,
};

use hookscope_core::tunnel::{TunnelLogEntry, TunnelState, TunnelStateKind};

use crate::answers::{AnswerForm, AnswersView};
use crate::commands::tunnel::DowntimeWindow;
use crate::secrets::{NewSecret, SecretInfo, SecretsView};
use crate::tunnel::{StaleUrl, TunnelSettings, TunnelView};
use ts_rs::{Config, TS};

use crate::error::{ErrorCode, IpcError};
use crate::events::StoredRows;
use crate::first_run::TestEventView;
use crate::listener::ListenerStatus;
use hookscope_core::test_event::send::TestEventSent;

fn declarations() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        DeliverySummary::decl(&cfg),
        Answer::decl(&cfg),
        Relation::decl(&cfg),
        OutcomeKind::decl(&cfg),
        SenderOutcome::decl(&cfg),
        Scheme::decl(&cfg),
        VerificationStatus::decl(&cfg),
        Verification::decl(&cfg),
        DeliveryJson::decl(&cfg),
        Page::decl(&cfg),
        TimelineFilter::decl(&cfg),
        StatusRange::decl(&cfg),
        GroupSummary::decl(&cfg),
        GroupPage::decl(&cfg),
        GapTiming::decl(&cfg),
        GapVerdict::decl(&cfg),
        ChainEntry::decl(&cfg),
        GroupChain::decl(&cfg),
        HeaderFamily::decl(&cfg),
        EntryState::decl(&cfg),
        ExpectedSignature::decl(&cfg),
        ReceivedSignature::decl(&cfg),
        SignatureDetail::decl(&cfg),
        SignatureReport::decl(&cfg),
        ReverifyProgress::decl(&cfg),
        ReplayMode::decl(&cfg),
        SentRequest::decl(&cfg),
        ReplayResponse::decl(&cfg),
        FailureKind::decl(&cfg),
        SendFailure::decl(&cfg),
        ReplayResult::decl(&cfg),
        ReplayOutcome::decl(&cfg),
        ReplayRecord::decl(&cfg),
        ReplaySettings::decl(&cfg),
        ForwardSettings::decl(&cfg),
        TunnelState::decl(&cfg),
        TunnelStateKind::decl(&cfg),
        TunnelLogEntry::decl(&cfg),
        TunnelSettings::decl(&cfg),
        StaleUrl::decl(&cfg),
        TunnelView::decl(&cfg),
        DowntimeWindow::decl(&cfg),
        StorageHealth::decl(&cfg),
        Retention::decl(&cfg),
        Usage::decl(&cfg),
        RetentionView::decl(&cfg),
        SecretStorage::decl(&cfg),
        SecretInfo::decl(&cfg),
        SecretsView::decl(&cfg),
        NewSecret::decl(&cfg),
        AnswerForm::decl(&cfg),
        AnswersView::decl(&cfg),
        ListenerStatus::decl(&cfg),
        StoredRows::decl(&cfg),
        TestEventSent::decl(&cfg),
        TestEventView::decl(&cfg),
        ExportFormat::decl(&cfg),
        ExportScope::decl(&cfg),
        RedactionOptions::decl(&cfg),
        ExportRequest::decl(&cfg),
        ExportSummary::decl(&cfg),
        RedactionPreview::decl(&cfg),
        ImportFormat::decl(&cfg),
        ImportCounts::decl(&cfg),
        Rejected::decl(&cfg),
        ImportSummary::decl(&cfg),
        ImportProgress::decl(&cfg),
        ErrorCode::decl(&cfg),
        IpcError::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `make bindings` (src-tauri/app/src/bindings.rs). Do not edit.\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    // Values the window offers as defaults, from the core's own constants.
    let constants = [
        ("DEFAULT_REDACTED_HEADERS", &hookscope_core::export::redact::DEFAULT_HEADERS[..]),
        ("SELF_PERSONAL_DATA", &hookscope_core::export::redact::SELF_PERSONAL_DATA[..]),
    ];
    for (name, values) in constants {
        let json = serde_json::to_string(values).expect("a list of strings serializes");
        out.push_str(&format!("export const {name}: readonly string[] = {json};\n\n"));
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

fn bindings_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/ipc/bindings.ts")
}

#[test]
fn typescript_bindings_are_current() {
    let generated = declarations();
    let path = bindings_path();
    if std::env::var_os("UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(committed == generated, "ui/src/lib/ipc/bindings.ts is stale: run `make bindings` and commit the result");
}
