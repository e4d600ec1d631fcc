// The one module that talks to Tauri. Components and stores import these typed
// wrappers, so the command names and argument shapes live in a single place.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { getCurrentWebview } from "@tauri-apps/api/webview";

import type {
  AnswerForm,
  AnswersView,
  DeliveryJson,
  DeliverySummary,
  DowntimeWindow,
  ExportFormat,
  ExportRequest,
  ExportScope,
  ExportSummary,
  ForwardSettings,
  GroupChain,
  GroupPage,
  ImportProgress,
  ImportSummary,
  ListenerStatus,
  NewSecret,
  Page,
  RedactionOptions,
  RedactionPreview,
  ReplayMode,
  ReplayRecord,
  ReplaySettings,
  Retention,
  RetentionView,
  ReverifyProgress,
  SecretsView,
  SignatureReport,
  StorageHealth,
  StoredRows,
  TestEventView,
  TimelineFilter,
  TunnelSettings,
  TunnelView,
} from "./bindings";

export type * from "./bindings";
export { errorMessage, isIpcError } from "./errors";
/** Defaults the export dialog offers, generated from the core's constants. */
export { DEFAULT_REDACTED_HEADERS, SELF_PERSONAL_DATA } from "./bindings";
export type { UnlistenFn };

/** Event names emitted by the Rust side. */
export const EVENTS = {
  deliveriesStored: "deliveries-stored",
  listenerChanged: "listener-changed",
  /** The window missed events (the core's queue overflowed): reload the first page. */
  timelineReset: "timeline-reset",
  /** Stored deliveries are being re-verified after the secrets changed. */
  reverifyProgress: "reverify-progress",
  /** The answer settings changed (also as "fail the next N" counts down). */
  answersChanged: "answers-changed",
  /** A replay was sent and its record stored. */
  replayRecorded: "replay-recorded",
  /** The tunnel's state, URLs or settings changed. */
  tunnelChanged: "tunnel-changed",
  /** Deliveries can (ok) or cannot be stored; while not, senders are answered 503. */
  storageHealth: "storage-health",
  /** Retention removed these deliveries (ids, oldest first). */
  deliveriesRemoved: "deliveries-removed",
  /** An import committed a batch, or finished. */
  importProgress: "import-progress",
  /** A native menu item was clicked; the payload is the action's id (see keyboard/actions.ts). */
  menuAction: "menu-action",
} as const;

export function listenerStatus(): Promise<ListenerStatus> {
  return invoke<ListenerStatus>("listener_status");
}

/** Restarts the listener on `port`; resolves with the state it reached. */
export function startListener(port: number): Promise<ListenerStatus> {
  return invoke<ListenerStatus>("start_listener", { port });
}

/** One page, newest first. Pass a page's `next_before` to get the rows older than it. */
export function listDeliveries(before: string | null, limit: number, filter: TimelineFilter): Promise<Page> {
  return invoke<Page>("list_deliveries", { before, limit, filter });
}

export function getDelivery(id: string): Promise<DeliveryJson> {
  return invoke<DeliveryJson>("get_delivery", { id });
}

/** One page of events, the one with the newest delivery first; keyset on `next_before` as for deliveries. */
export function listGroups(before: string | null, limit: number, filter: TimelineFilter): Promise<GroupPage> {
  return invoke<GroupPage>("list_groups", { before, limit, filter });
}

/** The timeline filter saved when the app last ran (the core's default when none was). */
export function savedTimelineFilter(): Promise<TimelineFilter> {
  return invoke<TimelineFilter>("timeline_filter");
}

export function saveTimelineFilter(filter: TimelineFilter): Promise<void> {
  return invoke<void>("set_timeline_filter", { filter });
}

/** How many deliveries from `from` on (itself included) match `filter`; at most 1,000. */
export function countSince(from: string, filter: TimelineFilter): Promise<number> {
  return invoke<number>("count_since", { from, filter });
}

/** The event types (JSON `type`) of stored deliveries, alphabetically. */
export function eventTypes(): Promise<string[]> {
  return invoke<string[]>("event_types");
}

/** Every delivery of one event, oldest first, with the gaps between attempts. */
export function groupChain(dedupKey: string): Promise<GroupChain> {
  return invoke<GroupChain>("group_chain", { dedupKey });
}

export function signatureReport(id: string): Promise<SignatureReport> {
  return invoke<SignatureReport>("signature_report", { id });
}

export function secrets(): Promise<SecretsView> {
  return invoke<SecretsView>("secrets");
}

/** Rejects with `invalid_input` and a sentence for the user when the secret is unusable. */
export function addSecret(secret: NewSecret): Promise<SecretsView> {
  return invoke<SecretsView>("add_secret", { secret });
}

export function removeSecret(label: string): Promise<SecretsView> {
  return invoke<SecretsView>("remove_secret", { label });
}

export function setTolerance(seconds: number): Promise<SecretsView> {
  return invoke<SecretsView>("set_tolerance", { seconds });
}

export function answers(): Promise<AnswersView> {
  return invoke<AnswersView>("answers");
}

/** Rejects with `invalid_input` and a sentence for the user for a bad status, delay or script. */
export function setAnswers(form: AnswerForm): Promise<AnswersView> {
  return invoke<AnswersView>("set_answers", { form });
}

export function replaySettings(): Promise<ReplaySettings> {
  return invoke<ReplaySettings>("replay_settings");
}

/** Rejects with `invalid_input` and a sentence for the user for a bad target URL. */
export function setReplaySettings(settings: ReplaySettings): Promise<ReplaySettings> {
  return invoke<ReplaySettings>("set_replay_settings", { settings });
}

/**
 * Sends delivery `id` again; `target` null means the saved target. A send that
 * fails (nothing listening, timeout) still resolves, as a record whose result
 * is `failed`; it rejects only when the replay could not be built (a bad
 * target URL, no signing secret to re-sign with…).
 */
export function replayDelivery(id: string, target: string | null, mode: ReplayMode): Promise<ReplayRecord> {
  return invoke<ReplayRecord>("replay_delivery", { id, target, mode });
}

/** What replaces the captured body and headers in an edited replay. */
export type ReplayEdit = { body: string; headers: Array<[string, string]>; resign: boolean; newMessageId: boolean };

export function replayEdited(id: string, target: string | null, edit: ReplayEdit): Promise<ReplayRecord> {
  return invoke<ReplayRecord>("replay_edited", { id, target, ...edit });
}

/**
 * Replays deliveries `ids` one after another, in the order given (pass them
 * oldest first, as the sender sent them); one record per delivery, in that order.
 */
export function replayInOrder(ids: string[], target: string | null, mode: ReplayMode): Promise<ReplayRecord[]> {
  return invoke<ReplayRecord[]>("replay_in_order", { ids, target, mode });
}

/**
 * Sends `copies` re-signed copies of delivery `id` at once, all with the same
 * message id, as a sender retrying in a hurry would; one record per copy.
 */
export function idempotencyCheck(id: string, target: string | null, copies: number): Promise<ReplayRecord[]> {
  return invoke<ReplayRecord[]>("idempotency_check", { id, target, copies });
}

/** Every replay of delivery `id`, newest first (get_delivery carries the same list). */
export function replaysOf(id: string): Promise<ReplayRecord[]> {
  return invoke<ReplayRecord[]>("replays_of", { id });
}

/** The replay of `id` written as a cURL command line. */
export function curlCommand(id: string, target: string | null, resign: boolean): Promise<string> {
  return invoke<string>("curl_command", { id, target, resign });
}

export function tunnelView(): Promise<TunnelView> {
  return invoke<TunnelView>("tunnel_view");
}

/** Rejects ("start the local listener first") while nothing listens; a tunnel that fails resolves, in state `failed`. */
export function tunnelStart(): Promise<TunnelView> {
  return invoke<TunnelView>("tunnel_start");
}

export function tunnelStop(): Promise<TunnelView> {
  return invoke<TunnelView>("tunnel_stop");
}

/** Rejects with `invalid_input` and a sentence for the user for a bad path or URL. */
export function setTunnelSettings(settings: TunnelSettings): Promise<TunnelView> {
  return invoke<TunnelView>("set_tunnel_settings", { settings });
}

/** Saves the ngrok authtoken in the vault; null forgets it. The token never comes back. */
export function setNgrokToken(token: string | null): Promise<TunnelView> {
  return invoke<TunnelView>("set_ngrok_token", { token });
}

/** When the tunnel was down although it was on, oldest first; `to_ms` null while it still is. */
export function tunnelDowntime(): Promise<DowntimeWindow[]> {
  return invoke<DowntimeWindow[]>("tunnel_downtime");
}

export function forwardSettings(): Promise<ForwardSettings> {
  return invoke<ForwardSettings>("forward_settings");
}

/** Rejects ("set a replay target first") when enabling with no saved replay target. */
export function setForwardSettings(settings: ForwardSettings): Promise<ForwardSettings> {
  return invoke<ForwardSettings>("set_forward_settings", { settings });
}

/** Enables the native menu items of these actions and disables the others. */
export function setMenuEnabled(actions: string[]): Promise<void> {
  return invoke<void>("set_menu_enabled", { actions });
}

/**
 * Posts a signed sample `verification.completed` to the running listener at the
 * webhook path. Without a secret for that path, one is generated and added to
 * the secrets first; its value comes back once, here.
 */
export function sendTestEvent(): Promise<TestEventView> {
  return invoke<TestEventView>("send_test_event");
}

/** Batches of newly stored deliveries: the newest of them, oldest first, and how many older ones were left out. */
export function onDeliveriesStored(handler: (batch: StoredRows) => void): Promise<UnlistenFn> {
  return listen<StoredRows>(EVENTS.deliveriesStored, (event) => handler(event.payload));
}

export function onListenerChanged(handler: (status: ListenerStatus) => void): Promise<UnlistenFn> {
  return listen<ListenerStatus>(EVENTS.listenerChanged, (event) => handler(event.payload));
}

export function onTimelineReset(handler: () => void): Promise<UnlistenFn> {
  return listen<null>(EVENTS.timelineReset, () => handler());
}

export function onReverifyProgress(handler: (progress: ReverifyProgress) => void): Promise<UnlistenFn> {
  return listen<ReverifyProgress>(EVENTS.reverifyProgress, (event) => handler(event.payload));
}

export function onAnswersChanged(handler: (view: AnswersView) => void): Promise<UnlistenFn> {
  return listen<AnswersView>(EVENTS.answersChanged, (event) => handler(event.payload));
}

export function onReplayRecorded(handler: (record: ReplayRecord) => void): Promise<UnlistenFn> {
  return listen<ReplayRecord>(EVENTS.replayRecorded, (event) => handler(event.payload));
}

export function onTunnelChanged(handler: (view: TunnelView) => void): Promise<UnlistenFn> {
  return listen<TunnelView>(EVENTS.tunnelChanged, (event) => handler(event.payload));
}

export function onMenuAction(handler: (action: string) => void): Promise<UnlistenFn> {
  return listen<string>(EVENTS.menuAction, (event) => handler(event.payload));
}

export function onStorageHealth(handler: (health: StorageHealth) => void): Promise<UnlistenFn> {
  return listen<StorageHealth>(EVENTS.storageHealth, (event) => handler(event.payload));
}

/** The retention cap and how full the store is. */
export function retention(): Promise<RetentionView> {
  return invoke<RetentionView>("retention");
}

/** Rejects with `invalid_input` and a sentence for the user for a cap below the minimums. */
export function setRetention(retention: Retention): Promise<RetentionView> {
  return invoke<RetentionView>("set_retention", { retention });
}

/** Pins (kept whatever the cap) or unpins a delivery; resolves with its new state. */
export function setPinned(id: string, pinned: boolean): Promise<boolean> {
  return invoke<boolean>("set_pinned", { id, pinned });
}

export function onDeliveriesRemoved(handler: (ids: string[]) => void): Promise<UnlistenFn> {
  return listen<string[]>(EVENTS.deliveriesRemoved, (event) => handler(event.payload));
}

/** Asks where to save an export (the native save dialog); null when cancelled. */
export function chooseExportFile(format: ExportFormat, suggestedName: string): Promise<string | null> {
  return invoke<string | null>("choose_export_file", { format, suggestedName });
}

/** Asks which file to import (the native open dialog); null when cancelled. */
export function chooseImportFile(): Promise<string | null> {
  return invoke<string | null>("choose_import_file");
}

/**
 * Writes the export to `path` (replacing the file only once it is whole).
 * Rejects with `invalid_input` for a bad redaction path, `file` when the file cannot be written.
 */
export function exportDeliveries(request: ExportRequest, path: string): Promise<ExportSummary> {
  return invoke<ExportSummary>("export_deliveries", { request, path });
}

/** How many deliveries an export of `scope` would hold. */
export function exportCount(scope: ExportScope): Promise<number> {
  return invoke<number>("export_count", { scope });
}

/** What exporting delivery `id` with `redaction` would leave out. */
export function redactionPreview(id: string, redaction: RedactionOptions): Promise<RedactionPreview> {
  return invoke<RedactionPreview>("redaction_preview", { id, redaction });
}

/** Imports a Hookscope log or HAR file; progress comes as `onImportProgress`. Rejects with `file` when it cannot be read. */
export function importFile(path: string): Promise<ImportSummary> {
  return invoke<ImportSummary>("import_file", { path });
}

/** Re-verifies the imported deliveries against the secrets in use; progress comes as `onReverifyProgress`. */
export function reverifyImported(): Promise<void> {
  return invoke<void>("reverify_imported");
}

export function onImportProgress(handler: (progress: ImportProgress) => void): Promise<UnlistenFn> {
  return listen<ImportProgress>(EVENTS.importProgress, (event) => handler(event.payload));
}

/** Files dragged over the window: `over` while they hover, then the paths once dropped (or `left`). */
export type FileDrag = { kind: "over" } | { kind: "dropped"; paths: string[] } | { kind: "left" };

export function onFileDrag(handler: (drag: FileDrag) => void): Promise<UnlistenFn> {
  return getCurrentWebview().onDragDropEvent((event) => {
    const drag = event.payload;
    if (drag.type === "drop") handler({ kind: "dropped", paths: drag.paths });
    else if (drag.type === "leave") handler({ kind: "left" });
    else handler({ kind: "over" });
  });
}
