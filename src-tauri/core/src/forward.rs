//! Forward mode: every incoming delivery is also sent to the developer's
//! handler as it arrives, and the handler's answer recorded like a replay.
//! With `mirror`, the sender is answered with the handler's status.

use std::sync::{Arc, RwLock};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::clock::Clock;
use crate::delivery::Delivery;
use crate::replay::{self, ReplayMode, ReplayOutcome, ReplayResult};
use crate::replaying::{record, shared_client};
use crate::replays::NewReplay;
use crate::signing::Signing;
use crate::store::Store;

/// Forward mode as the settings hold it; the target is the replay target.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ForwardSettings {
    pub enabled: bool,
    /// Rebuild signatures at the time of forwarding (keeping the message id).
    pub resign: bool,
    /// Answer the sender with the handler's status instead of Hookscope's own answer.
    pub mirror: bool,
}

/// What forwarding does while it is on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ForwardPlan {
    pub target: String,
    pub resign: bool,
    pub mirror: bool,
    pub timeout: Duration,
}

/// The plan in force (none: forwarding off). Cheap to clone.
#[derive(Clone, Default)]
pub struct Forwarding(Arc<RwLock<Option<ForwardPlan>>>);

impl Forwarding {
    pub fn current(&self) -> Option<ForwardPlan> {
        match self.0.read() {
            Ok(plan) => plan.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn set(&self, plan: Option<ForwardPlan>) {
        match self.0.write() {
            Ok(mut slot) => *slot = plan,
            Err(poisoned) => *poisoned.into_inner() = plan,
        }
    }
}

/// Status answered to the sender in mirror mode when the handler could not be reached.
pub const MIRROR_UNREACHABLE: u16 = 502;

/// Sends `delivery` to the plan's target; `None` when no request could be built
/// (e.g. re-signing without a secret), which is logged.
pub(crate) async fn send(
    delivery: &Delivery,
    plan: &ForwardPlan,
    signing: &Signing,
    clock: &Clock,
) -> Option<(ReplayMode, ReplayOutcome)> {
    let mode = if plan.resign { ReplayMode::Resigned { new_message_id: false } } else { ReplayMode::AsCaptured };
    let now_ms = clock.now_ms();
    let built = replay::build(delivery, &plan.target, mode, None, &signing.current(), now_ms / 1000, "");
    let client = shared_client();
    match (built, client) {
        (Ok(request), Ok(client)) => {
            let clock = clock.clone();
            Some((mode, replay::send(client, &request, plan.timeout, move || clock.now_ms()).await))
        }
        (Err(error), _) | (_, Err(error)) => {
            tracing::warn!(error = %crate::capture::error_chain(&error), "a delivery could not be forwarded");
            None
        }
    }
}

/// The status a mirrored sender gets: the handler's, or 502 when it did not answer.
pub(crate) fn mirrored_status(outcome: Option<&(ReplayMode, ReplayOutcome)>) -> u16 {
    match outcome.map(|(_, o)| &o.result) {
        Some(ReplayResult::Answered(response)) => response.status,
        _ => MIRROR_UNREACHABLE,
    }
}

/// Records a forward of the delivery `delivery_id`.
pub(crate) async fn keep(
    store: &Store,
    delivery_id: String,
    at_ms: i64,
    target: String,
    sent: (ReplayMode, ReplayOutcome),
) {
    let (mode, outcome) = sent;
    let new = NewReplay { delivery_id, at_ms, target, mode, outcome, forwarded: true };
    if let Err(error) = record(store, new).await {
        tracing::warn!(error = %crate::capture::error_chain(&error), "a forward could not be recorded");
    }
}
