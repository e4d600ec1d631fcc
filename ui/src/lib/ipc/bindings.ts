// Generated from the Rust types by `make bindings` (src-tauri/app/src/bindings.rs). Do not edit.

export type DeliverySummary = { id: string, 
/**
 * Epoch milliseconds (UTC).
 */
received_at_ms: number, method: string, path: string, 
/**
 * Body size in bytes.
 */
size: number, 
/**
 * The status Hookscope answered.
 */
status: number, 
/**
 * Why the request was refused (`too_large`, `body_unreadable`), if it was.
 */
rejection: string | null, 
/**
 * The signature verdict as at receipt; null when the body was refused.
 */
verification: VerificationStatus | null, message_id: string | null, attempt: number, duplicate_of: string | null, relation: Relation, 
/**
 * What the sender will do next, in words.
 */
outcome: string, };

export type Answer = { status: number, 
/**
 * How long Hookscope waited before answering.
 */
delay_ms: number, 
/**
 * True when the answer came from the developer's answer settings, not the default 200.
 */
scripted: boolean, 
/**
 * True when Hookscope held the connection without answering (a simulated timeout).
 */
held: boolean, };

export type Relation = { "kind": "original" } | { "kind": "retry", of: string, } | { "kind": "duplicate_event", of: string, } | { "kind": "replay", of: string, };

export type OutcomeKind = "delivered" | "will_retry" | "permanent_rejection" | "gave_up";

export type SenderOutcome = { kind: OutcomeKind, 
/**
 * One plain sentence, e.g. "will retry in about 5 min (attempt 3 of 8)".
 */
summary: string, 
/**
 * When the next attempt is due (epoch ms), when there will be one.
 */
next_attempt_at_ms: number | null, attempt: number, max_attempts: number, };

export type Scheme = "standard_webhooks" | "stripe" | "github" | "shopify" | "slack" | "generic";

export type VerificationStatus = "verified" | "stale" | "mismatch" | "malformed" | "unsigned" | "no_secret";

export type Verification = { scheme: Scheme | null, status: VerificationStatus, 
/**
 * The label of the secret whose signature matched.
 */
matched_secret: string | null, 
/**
 * Receipt time minus the signed timestamp, in seconds (positive: signed in the past).
 */
skew_seconds: number | null, 
/**
 * Likely causes, one short sentence each; only those that apply.
 */
hints: Array<string>, 
/**
 * One human sentence summing up the verdict.
 */
detail: string, };

export type DeliveryJson = { id: string, 
/**
 * RFC 3339, UTC, milliseconds.
 */
received_at: string, remote_addr: string | null, method: string, 
/**
 * Path and query string exactly as received.
 */
path: string, 
/**
 * `[name, value]` pairs in arrival order; names lowercase.
 */
headers: Array<[string, string]>, 
/**
 * The body, when it is valid UTF-8 (exactly one of `body` and `body_base64` is present).
 */
body?: string, 
/**
 * The body in standard base64, when it is not valid UTF-8.
 */
body_base64?: string, 
/**
 * Body size in bytes.
 */
size: number, 
/**
 * The `Content-Length` the sender declared, if any (for a refused body, the size it claimed).
 */
declared_size?: number, 
/**
 * Why the request was refused, if it was.
 */
rejection?: string, 
/**
 * What Hookscope answered.
 */
response: Answer, 
/**
 * The signature verdict as at receipt; null when the body was refused.
 */
verification: Verification | null, 
/**
 * The sender's message id, shared by its retries.
 */
message_id: string | null, 
/**
 * The event's business key, shared by duplicates of one event.
 */
dedup_key: string, 
/**
 * The sender's attempt number for this message, from 1.
 */
attempt: number, 
/**
 * The first delivery of the same event, or null for that first one.
 */
duplicate_of: string | null, relation: Relation, 
/**
 * What the sender will do after the answer this delivery got.
 */
sender_outcome: SenderOutcome, };

export type Page = { items: Array<DeliverySummary>, 
/**
 * Pass as `before` to fetch the next (older) page; `null` at the end.
 */
next_before: string | null, };

export type ListenerStatus = { "state": "starting", port: number, } | { "state": "running", url: string, port: number, } | { "state": "failed", port: number, message: string, };

export type ErrorCode = "not_found" | "invalid_input" | "store" | "listen";

export type IpcError = { code: ErrorCode, 
/**
 * A sentence for the user.
 */
message: string, };
