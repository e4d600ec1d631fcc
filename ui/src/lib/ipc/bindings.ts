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
outcome: string, 
/**
 * The exported log's file name, for a delivery imported from one.
 */
imported_from?: string, 
/**
 * Kept whatever the retention cap (`hookscope pin`, the pin button).
 */
pinned: boolean, };

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
sender_outcome: SenderOutcome, 
/**
 * Hookscope's replays of this delivery to the developer's service, newest first.
 */
replays: Array<ReplayRecord>, 
/**
 * The exported log's file name, for a delivery imported from one.
 */
imported_from?: string, 
/**
 * Kept whatever the retention cap (`hookscope pin`, the pin button).
 */
pinned: boolean, };

export type Page = { items: Array<DeliverySummary>, 
/**
 * Pass as `before` to fetch the next (older) page; `null` at the end.
 */
next_before: string | null, };

export type TimelineFilter = { 
/**
 * Only deliveries with one of these verdicts.
 */
verdicts: Array<VerificationStatus>, 
/**
 * Words or "quoted phrases" that must all appear in the path, headers or body
 * (see [`crate::search`]); empty: no search.
 */
search: string, 
/**
 * Only deliveries whose JSON body's `type` is one of these (`verification.completed`).
 */
event_types: Array<string>, 
/**
 * Only deliveries Hookscope answered with a status in one of these ranges.
 */
statuses: Array<StatusRange>, 
/**
 * Only retries and duplicate events (deliveries that are not the first of their event).
 */
duplicates_only: boolean, 
/**
 * Only deliveries received at or after this instant (epoch ms).
 */
since_ms: number | null, 
/**
 * Only deliveries received before this instant (epoch ms).
 */
until_ms: number | null, };

export type StatusRange = { from: number, to: number, };

export type GroupSummary = { dedup_key: string, 
/**
 * The first delivery of the event.
 */
first_id: string, 
/**
 * The latest delivery of the event.
 */
latest: DeliverySummary, 
/**
 * How many deliveries the event had.
 */
deliveries: number, 
/**
 * How many distinct sender messages carried it (more than one: duplicate events).
 */
messages: number, 
/**
 * The highest attempt number seen.
 */
max_attempt: number, };

export type GroupPage = { items: Array<GroupSummary>, 
/**
 * Pass as `before` for the next page; `null` at the end.
 */
next_before: string | null, };

export type GapTiming = "early" | "as_scheduled" | "late";

export type GapVerdict = { expected_ms: number, actual_ms: number, timing: GapTiming, };

export type ChainEntry = { delivery: DeliverySummary, 
/**
 * Milliseconds since the previous attempt of the same message.
 */
gap_ms: number | null, 
/**
 * That wait next to the sender's schedule.
 */
gap: GapVerdict | null, };

export type GroupChain = { dedup_key: string, entries: Array<ChainEntry>, 
/**
 * When the sender's next attempt is due, while the event is still failing.
 */
next_attempt_at_ms: number | null, 
/**
 * The developer's service answered 2xx to more than one replay or forward of this event.
 */
processed_twice: boolean, };

export type HeaderFamily = "svix" | "webhook";

export type EntryState = "matched" | "no_match" | "not_checked" | "unusable";

export type ExpectedSignature = { secret_label: string, signature: string, matched: boolean, };

export type ReceivedSignature = { entry: string, state: EntryState, };

export type SignatureDetail = { scheme: Scheme | null, 
/**
 * `svix` or `webhook`, for Standard Webhooks deliveries.
 */
header_family: HeaderFamily | null, 
/**
 * The signature-related header names read (lowercase).
 */
signature_headers: Array<string>, 
/**
 * The signed content with at most the first 200 body bytes, invalid UTF-8 replaced.
 */
signed_content_preview: string, 
/**
 * Whether the body was longer than the preview.
 */
preview_truncated: boolean, 
/**
 * The signed timestamp (unix seconds), for schemes that sign one.
 */
timestamp: number | null, 
/**
 * The signature each applicable secret produces, written as the header writes it.
 */
expected: Array<ExpectedSignature>, 
/**
 * The received signature entries.
 */
received: Array<ReceivedSignature>, 
/**
 * Why the headers are unusable (malformed) or absent (unsigned), as a sentence.
 */
problem: string | null, };

export type SignatureReport = { 
/**
 * The verdict as at receipt (stored; null for a refused body).
 */
at_receipt: Verification | null, 
/**
 * Would it verify now, with today's secrets, ignoring the timestamp?
 */
now_ignoring_time: Verification, detail: SignatureDetail, };

export type ReverifyProgress = { done: number, total: number, finished: boolean, };

export type ReplayMode = { "kind": "as_captured" } | { "kind": "resigned", 
/**
 * Use a fresh message id instead of the captured one (the handler sees a new message).
 */
new_message_id: boolean, } | { "kind": "edited", resign: boolean, new_message_id: boolean, };

export type SentRequest = { method: string, url: string, 
/**
 * `[name, value]` pairs in sending order; values that are not UTF-8 are shown lossily.
 */
headers: Array<[string, string]>, 
/**
 * The body, when it is valid UTF-8 (otherwise `body_base64`).
 */
body?: string, 
/**
 * The body in standard base64, when it is not valid UTF-8.
 */
body_base64?: string, };

export type ReplayResponse = { status: number, headers: Array<[string, string]>, body?: string, body_base64?: string, 
/**
 * True when the body was longer than [`super::RESPONSE_BODY_CAP`] and cut there.
 */
truncated: boolean, };

export type FailureKind = "refused" | "timeout" | "dns" | "tls" | "other";

export type SendFailure = { cause: FailureKind, 
/**
 * One short sentence, e.g. "nothing is listening on localhost:3000".
 */
message: string, };

export type ReplayResult = { "kind": "answered" } & ReplayResponse | { "kind": "failed" } & SendFailure;

export type ReplayOutcome = { request: SentRequest, 
/**
 * Epoch milliseconds (UTC) at which sending started.
 */
sent_at_ms: number, 
/**
 * From sending to the end of the response body (or its cut, or the failure).
 */
latency_ms: number, result: ReplayResult, };

export type ReplayRecord = { id: number, delivery_id: string, at_ms: number, target: string, mode: ReplayMode, outcome: ReplayOutcome, 
/**
 * Sent by forward mode as the delivery arrived, rather than by hand.
 */
forwarded: boolean, };

export type ReplaySettings = { 
/**
 * The developer's handler, e.g. `http://localhost:3000/webhooks/self`. Only ever
 * set by the developer, never taken from a payload.
 */
target: string | null, 
/**
 * How long to wait for the handler's answer.
 */
timeout_seconds: number, };

export type ForwardSettings = { enabled: boolean, 
/**
 * Rebuild signatures at the time of forwarding (keeping the message id).
 */
resign: boolean, 
/**
 * Answer the sender with the handler's status instead of Hookscope's own answer.
 */
mirror: boolean, };

export type TunnelState = { "state": "off" } | { "state": "connecting" } | { "state": "online", url: string, } | { "state": "reconnecting", url: string | null, } | { "state": "failed", reason: string, code: string | null, };

export type TunnelStateKind = "off" | "connecting" | "online" | "reconnecting" | "failed";

export type TunnelLogEntry = { 
/**
 * When, in Unix milliseconds.
 */
at_ms: number, state: TunnelStateKind, 
/**
 * The public URL, for `online` (and `reconnecting` when one was online).
 */
url: string | null, };

export type TunnelSettings = { 
/**
 * A domain reserved on the ngrok account, so the registered URL survives restarts.
 */
domain: string | null, 
/**
 * The path registered at the provider, e.g. `/webhooks/self`.
 */
webhook_path: string, 
/**
 * A public URL from elsewhere (another tunnel, a deployed proxy), used when the tunnel is off.
 */
manual_url: string | null, };

export type StaleUrl = { previous: string, current: string, };

export type TunnelView = { state: TunnelState, 
/**
 * The tunnel's URL while online, else the manual URL.
 */
public_url: string | null, 
/**
 * `public_url` + the webhook path: what to register at the provider.
 */
webhook_url: string | null, settings: TunnelSettings, 
/**
 * Whether an authtoken is available (saved, or `NGROK_AUTHTOKEN`).
 */
has_token: boolean, stale_url: StaleUrl | null, };

export type DowntimeWindow = { from_ms: number, to_ms: number | null, };

export type StorageHealth = { ok: boolean, 
/**
 * What is wrong, in words ("the disk is full"), while not ok.
 */
problem: string | null, };

export type Retention = { 
/**
 * The most deliveries kept.
 */
max_deliveries: number, 
/**
 * The most bytes of bodies kept, all deliveries together.
 */
max_body_bytes: number, };

export type Usage = { 
/**
 * Deliveries counted against the cap (the unpinned ones).
 */
deliveries: number, 
/**
 * Their bodies' bytes.
 */
body_bytes: number, 
/**
 * Pinned deliveries, kept on top of the cap.
 */
pinned: number, pinned_body_bytes: number, };

export type RetentionView = { retention: Retention, usage: Usage, };

export type SecretStorage = { 
/**
 * `keyring` or `file`.
 */
kind: string, 
/**
 * The keyring entry, or the file's path.
 */
location: string, };

export type SecretInfo = { label: string, scheme: Scheme, path_prefix: string | null, masked: string, };

export type SecretsView = { storage: SecretStorage, secrets: Array<SecretInfo>, tolerance_seconds: number, };

export type NewSecret = { label: string, scheme: Scheme, value: string, path_prefix: string | null, };

export type AnswerForm = { 
/**
 * The status for every delivery; null = 200.
 */
status: number | null, 
/**
 * A wait before answering, e.g. "2s" or "250ms"; empty = none.
 */
delay: string, 
/**
 * The body of every answer; absent or empty = Hookscope's `{"id": …}`.
 */
body?: string, 
/**
 * Extra answer headers, one `Name: value` per line.
 */
headers?: string, 
/**
 * One step per attempt, e.g. "503,429 Retry-After: 30,timeout,200"; empty = none.
 */
script: string, 
/**
 * Fail this many of the next deliveries…
 */
fail_next: number | null, 
/**
 * …with this status (default 503).
 */
fail_status: number | null, };

export type AnswersView = { form: AnswerForm, 
/**
 * What the window must say while answers are not a plain 200, e.g. "Answering 503 to every delivery".
 */
banner: string | null, };

export type ListenerStatus = { "state": "starting", port: number, } | { "state": "running", url: string, port: number, } | { "state": "failed", port: number, message: string, };

export type StoredRows = { 
/**
 * The newest of them, at most a page, oldest first.
 */
rows: Array<DeliverySummary>, 
/**
 * Stored before `rows` and not sent: the window pages them in, or counts them.
 */
skipped: number, 
/**
 * The oldest delivery stored since the last message (sent or skipped).
 */
first_id: string, };

export type TestEventSent = { url: string, 
/**
 * The listener's answer status (200 unless its answers were set otherwise).
 */
status: number, 
/**
 * The stored delivery's id, from the listener's `{"id": …}` answer; none
 * when it answered with a body of its own.
 */
delivery_id: string | null, message_id: string, verification_id: string, };

export type TestEventView = { sent: TestEventSent, 
/**
 * The label of the secret the event was signed with.
 */
secret_label: string, 
/**
 * When no secret applied, the one generated and added to the secrets: its
 * value, given this once so it can go into the developer's own handler.
 */
generated_secret: string | null, };

export type ExportFormat = "ndjson" | "har";

export type ExportScope = { 
/**
 * The timeline filter in force (verdicts, search, time window…).
 */
filter: TimelineFilter, 
/**
 * Only these deliveries (a selection); empty: no restriction.
 */
ids: Array<string>, };

export type RedactionOptions = { 
/**
 * Header names (any case) whose values are replaced.
 */
headers: Array<string>, 
/**
 * Dotted JSON paths in bodies whose values are replaced.
 */
json_paths: Array<string>, };

export type ExportRequest = { format: ExportFormat, scope: ExportScope, redaction: RedactionOptions, };

export type ExportSummary = { format: ExportFormat, 
/**
 * Deliveries written.
 */
count: number, 
/**
 * Deliveries whose body was changed by a redaction (their signatures no longer match).
 */
redacted_bodies: number, 
/**
 * Occurrences of a signing secret or the ngrok authtoken cut out.
 */
secrets_removed: number, 
/**
 * Bytes written.
 */
bytes: number, };

export type RedactionPreview = { 
/**
 * Header names whose values would be replaced, lowercase, once each.
 */
headers: Array<string>, 
/**
 * The JSON paths in the body whose values would be replaced (indices spelled out).
 */
json_paths: Array<string>, 
/**
 * Occurrences of a signing secret or the ngrok authtoken that would be removed.
 */
secrets: number, };

export type ImportFormat = "ndjson" | "har";

export type ImportCounts = { 
/**
 * Deliveries added to the timeline.
 */
added: number, 
/**
 * Deliveries already stored (same id), not added again.
 */
skipped: number, 
/**
 * Lines or entries that could not be read.
 */
rejected: number, };

export type Rejected = { 
/**
 * Where: `line 4` (NDJSON) or `entry 2` (HAR), counted from 1.
 */
at: string, message: string, };

export type ImportSummary = { 
/**
 * The file's name, as recorded on every delivery imported from it.
 */
file: string, format: ImportFormat, 
/**
 * The first rejected lines or entries, with why.
 */
errors: Array<Rejected>, 
/**
 * Deliveries added to the timeline.
 */
added: number, 
/**
 * Deliveries already stored (same id), not added again.
 */
skipped: number, 
/**
 * Lines or entries that could not be read.
 */
rejected: number, };

export type ImportProgress = { file: string, 
/**
 * Bytes of the file read so far, of `total_bytes`.
 */
bytes_read: number, total_bytes: number, finished: boolean, 
/**
 * Deliveries added to the timeline.
 */
added: number, 
/**
 * Deliveries already stored (same id), not added again.
 */
skipped: number, 
/**
 * Lines or entries that could not be read.
 */
rejected: number, };

export type ErrorCode = "not_found" | "invalid_input" | "store" | "listen" | "file";

export type IpcError = { code: ErrorCode, 
/**
 * A sentence for the user.
 */
message: string, };

export const DEFAULT_REDACTED_HEADERS: readonly string[] = ["authorization","cookie","x-api-key"];

export const SELF_PERSONAL_DATA: readonly string[] = ["proof","external_uuid","proof_attributes.*"];
