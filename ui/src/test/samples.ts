// Sample values of the IPC types for tests: deliveries numbered so their ids
// sort like the core's, and the records and verdicts built around them.
import type {
  DeliveryJson,
  DeliverySummary,
  GroupSummary,
  ReplayRecord,
  ReplayResult,
  SignatureReport,
  StoredRows,
  Verification,
} from "../lib/ipc";

const BASE_MS = Date.UTC(2025, 0, 2, 3, 4, 5, 6);

/** Summary number `n`; ids sort by `n` like the core's ULIDs sort by arrival. */
export function summary(n: number, overrides: Partial<DeliverySummary> = {}): DeliverySummary {
  return {
    id: `D${n.toString().padStart(8, "0")}`,
    received_at_ms: BASE_MS + n * 1000,
    method: "POST",
    path: `/webhooks/${n}?attempt=1`,
    size: 17,
    status: 200,
    rejection: null,
    verification: "unsigned",
    message_id: null,
    attempt: 1,
    duplicate_of: null,
    relation: { kind: "original" },
    outcome: "delivered",
    pinned: false,
    ...overrides,
  };
}

/** `count` summaries, newest (highest number) first. */
export function newestFirst(count: number, from = 1): DeliverySummary[] {
  return Array.from({ length: count }, (_, i) => summary(from + count - 1 - i));
}

export function deliveryJson(s: DeliverySummary, overrides: Partial<DeliveryJson> = {}): DeliveryJson {
  return {
    id: s.id,
    received_at: new Date(s.received_at_ms).toISOString(),
    remote_addr: "127.0.0.1:50123",
    method: s.method,
    path: s.path,
    headers: [
      ["host", "127.0.0.1:8790"],
      ["content-type", "application/json"],
    ],
    body: '{"hello":"world"}',
    size: s.size,
    response: { status: s.status, delay_ms: 0, scripted: false, held: false },
    verification: null,
    message_id: s.message_id,
    dedup_key: `sha256:${s.id}`,
    attempt: s.attempt,
    duplicate_of: s.duplicate_of,
    relation: s.relation,
    sender_outcome: { kind: "delivered", summary: s.outcome, next_attempt_at_ms: null, attempt: s.attempt, max_attempts: 8 },
    replays: [],
    pinned: s.pinned,
    ...overrides,
  };
}

/** Lets pending promise callbacks (mocked invokes, event handlers) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}

/** Event `n`, whose latest delivery is `latest`. */
export function group(n: number, overrides: Partial<GroupSummary> = {}): GroupSummary {
  const latest = overrides.latest ?? summary(n);
  return {
    dedup_key: `evt_${n}`,
    first_id: latest.id,
    latest,
    deliveries: 1,
    messages: 1,
    max_attempt: latest.attempt,
    ...overrides,
  };
}

export function verification(overrides: Partial<Verification> = {}): Verification {
  return {
    scheme: "standard_webhooks",
    status: "verified",
    matched_secret: "current",
    skew_seconds: 3,
    hints: [],
    detail: "The signature matches the secret labelled current.",
    ...overrides,
  };
}

export function signatureReportOf(overrides: Partial<SignatureReport> = {}): SignatureReport {
  return {
    at_receipt: verification(),
    now_ignoring_time: verification({ skew_seconds: null }),
    detail: {
      scheme: "standard_webhooks",
      header_family: "webhook",
      signature_headers: ["webhook-id", "webhook-timestamp", "webhook-signature"],
      signed_content_preview: 'msg_1.1735787045.{"type":"invoice.paid"}',
      preview_truncated: false,
      timestamp: 1735787045,
      expected: [{ secret_label: "current", signature: "v1,abc=", matched: true }],
      received: [{ entry: "v1,abc=", state: "matched" }],
      problem: null,
    },
    ...overrides,
  };
}

/** A target's answer, for a replay record's `result`. */
export function answered(overrides: Partial<Extract<ReplayResult, { kind: "answered" }>> = {}): ReplayResult {
  return { kind: "answered", status: 200, headers: [["content-type", "text/plain"]], body: "ok", truncated: false, ...overrides };
}

/** No answer, for a replay record's `result`. */
export function failed(message = "nothing is listening on localhost:3000", cause: "refused" | "timeout" | "dns" | "tls" | "other" = "refused"): ReplayResult {
  return { kind: "failed", cause, message };
}

/** Replay number `n` of delivery 1, sent as captured a minute apart, answered 200 unless told otherwise. */
export function replayRecord(n: number, overrides: Partial<ReplayRecord> & { result?: ReplayResult; latency_ms?: number } = {}): ReplayRecord {
  const { result = answered(), latency_ms = 12, ...rest } = overrides;
  const at_ms = BASE_MS + 60_000 * n;
  const target = rest.target ?? "http://localhost:3000/webhooks";
  return {
    id: n,
    delivery_id: summary(1).id,
    at_ms,
    mode: { kind: "as_captured" },
    target,
    outcome: {
      request: { method: "POST", url: target, headers: [["content-type", "application/json"]], body: '{"hello":"world"}' },
      sent_at_ms: at_ms,
      latency_ms,
      result,
    },
    forwarded: false,
    ...rest,
  };
}

/** A `deliveries-stored` batch of `rows` (oldest first), after `skipped` older ones it left out. */
export function stored(rows: DeliverySummary[], skipped = 0, firstId = rows[0]?.id ?? ""): StoredRows {
  return { rows, skipped, first_id: firstId };
}
