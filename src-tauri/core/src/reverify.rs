//! Re-verifying every stored delivery after the secrets change, in the
//! background and in chunks, so capture goes on and the front ends see progress.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde::Serialize;
use ts_rs::TS;

use crate::events::CoreEvent;
use crate::signing::SigningConfig;
use crate::store::{Store, StoreError};
use crate::verify::{self, Request};

/// Deliveries read, verified and updated per step.
const CHUNK: u32 = 500;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReverifyProgress {
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
    pub finished: bool,
}

/// Counts re-verification runs; a run stops as soon as a newer one starts.
#[derive(Clone, Default)]
pub(crate) struct Runs(Arc<AtomicU64>);

impl Runs {
    pub(crate) fn start(&self) -> u64 {
        self.0.fetch_add(1, Ordering::SeqCst) + 1
    }

    fn is_current(&self, run: u64) -> bool {
        self.0.load(Ordering::SeqCst) == run
    }
}

/// Which stored deliveries a run re-verifies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    /// Those captured here (after a secret change). Imported deliveries keep the
    /// verdict recorded where they were captured.
    Captured,
    /// Those imported from exported logs, on demand.
    Imported,
}

/// Re-verifies every delivery in `scope` against `signing`, unless run `run` is superseded.
pub(crate) async fn run(
    store: Store,
    signing: Arc<SigningConfig>,
    runs: Runs,
    run: u64,
    scope: Scope,
) -> Result<(), StoreError> {
    let imported = scope == Scope::Imported;
    let total = store.count_signed(imported).await?;
    let mut done = 0u64;
    let mut after: Option<String> = None;
    loop {
        if !runs.is_current(run) {
            return Ok(());
        }
        let inputs = store.signed_inputs(after.clone(), CHUNK, imported).await?;
        let Some(last) = inputs.last() else { break };
        after = Some(last.id.clone());
        done += inputs.len() as u64;
        let signing = signing.clone();
        let verdicts = tokio::task::spawn_blocking(move || {
            inputs
                .into_iter()
                .map(|input| {
                    let request = Request {
                        path: &input.path,
                        headers: &input.headers,
                        body: &input.body,
                        received_at_ms: input.received_at_ms,
                    };
                    let verdict = verify::verify(&request, &signing.secrets, &signing.settings);
                    (input.id, verdict)
                })
                .collect::<Vec<_>>()
        })
        .await
        .map_err(StoreError::ReadTask)?;
        let progress = ReverifyProgress { done: done.min(total), total, finished: false };
        store.set_verifications(verdicts, vec![CoreEvent::Reverified(progress)]).await?;
    }
    let finished = ReverifyProgress { done: total, total, finished: true };
    store.set_verifications(Vec::new(), vec![CoreEvent::Reverified(finished)]).await
}
