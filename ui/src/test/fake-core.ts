// A stand-in for the Rust core in tests: answers the IPC commands from plain
// data through Tauri's own mockIPC, and records every call made.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";

import { matchesFilter, MIN_TERM_CHARS, NO_FILTER, normalized, searchTerms } from "../timeline/filter";
import { isTransferCommand, mockMainWindow, transferCommand, type FakeTransferOptions } from "./fake-transfer";
import { replayRecord } from "./samples";

import type {
  AnswerForm,
  AnswersView,
  DeliveryJson,
  DeliverySummary,
  DowntimeWindow,
  ForwardSettings,
  GroupChain,
  GroupPage,
  GroupSummary,
  IpcError,
  ListenerStatus,
  NewSecret,
  Page,
  ReplayMode,
  ReplayRecord,
  ReplayResult,
  ReplaySettings,
  Retention,
  RetentionView,
  SecretsView,
  SignatureReport,
  TimelineFilter,
  TestEventView,
  TunnelSettings,
  TunnelView,
  Verification,
} from "../lib/ipc";

export type Call = { cmd: string; args: Record<string, unknown> };

export type FakeCore = {
  calls: Call[];
  callsTo(cmd: string): Record<string, unknown>[];
};

export type FakeCoreOptions = {
  /** Every delivery in the store, newest first (what list_deliveries pages over). */
  summaries?: DeliverySummary[];
  deliveries?: DeliveryJson[];
  status?: ListenerStatus;
  /** Overrides: return a value, or throw an IpcError to reject. */
  onStartListener?: (port: number) => ListenerStatus;
  onListDeliveries?: (before: string | null, limit: number, filter: TimelineFilter) => Page;
  /** Every event, newest latest delivery first (what list_groups pages over). */
  groups?: GroupSummary[];
  chains?: GroupChain[];
  /** Signature reports by delivery id. */
  reports?: Record<string, SignatureReport>;
  /** The secrets at start; add/remove/set_tolerance change a copy, as the core would. */
  secrets?: SecretsView;
  /** Replaces the default add_secret (which refuses a label in use); throw an IpcError to reject. */
  onAddSecret?: (secret: NewSecret) => SecretsView;
  answers?: AnswersView;
  /** Replaces the default set_answers; throw an IpcError to reject. */
  onSetAnswers?: (form: AnswerForm) => AnswersView;
  /** The replay settings at start (default: no target, 30 s); set_replay_settings changes a copy. */
  replaySettings?: ReplaySettings;
  /** Replaces the default set_replay_settings (which takes anything); throw an IpcError to reject. */
  onSetReplaySettings?: (settings: ReplaySettings) => ReplaySettings;
  /**
   * Answers replay_delivery and replay_edited (default: a 200 from the target);
   * throw an IpcError to reject. `edit` is set for replay_edited.
   */
  onReplay?: (request: ReplayAsked) => ReplayRecord;
  /** Answers replay_in_order (default: each id through `onReplay`, in the order given); throw an IpcError to reject. */
  onReplayInOrder?: (ids: string[], target: string | null, mode: ReplayMode) => ReplayRecord[];
  /** Answers idempotency_check (default: `copies` re-signed sends through `onReplay`); throw an IpcError to reject. */
  onIdempotencyCheck?: (id: string, target: string | null, copies: number) => ReplayRecord[];
  /** Answers curl_command (default: a one-line command naming the target). */
  onCurl?: (id: string, target: string | null, resign: boolean) => string;
  /** The tunnel at start (default: off, no token); the tunnel commands change a copy. */
  tunnel?: TunnelView;
  /** Replaces the default tunnel_start (connecting, or failed without a token); throw an IpcError to reject. */
  onTunnelStart?: () => TunnelView;
  /** Replaces the default set_tunnel_settings (which checks the path and URL like the core); throw to reject. */
  onSetTunnelSettings?: (settings: TunnelSettings) => TunnelView;
  /** What tunnel_downtime answers, oldest first. */
  downtime?: DowntimeWindow[];
  /** Forward mode at start (default: all off); set_forward_settings refuses enabling with no replay target, like the core. */
  forward?: ForwardSettings;
  /** The timeline filter saved last time (default: none saved); set_timeline_filter replaces it. */
  savedFilter?: TimelineFilter;
  /** timeline_filter fails (the saved filter cannot be read). */
  failSavedFilter?: boolean;
  /** Answers count_since (default: the summaries from `from` on that match, as the core counts). */
  onCountSince?: (from: string, filter: TimelineFilter) => number;
  /** What event_types answers. */
  eventTypes?: string[];
  /** The retention cap and usage at start (default: 100,000 deliveries, 1 GiB, an empty store); set_retention changes a copy. */
  retention?: RetentionView;
  /** Answers send_test_event (default: sent, answered 200, signed with the configured secret); throw an IpcError to reject. */
  onSendTestEvent?: () => TestEventView;
  /** Export and import (see fake-transfer.ts). */
  transfer?: FakeTransferOptions;
};

/** What a replay command was asked to do. */
export type ReplayAsked = {
  id: string;
  target: string | null;
  mode: ReplayMode;
  edit?: { body: string; headers: Array<[string, string]> };
};

export function fakeCore(options: FakeCoreOptions = {}): FakeCore {
  const calls: Call[] = [];
  const summaries = options.summaries ?? [];
  const groups = options.groups ?? [];
  let secrets: SecretsView = structuredClone(options.secrets ?? noSecrets());
  let answers: AnswersView = structuredClone(options.answers ?? { form: emptyAnswers(), banner: null });
  let replaySettings: ReplaySettings = structuredClone(options.replaySettings ?? { target: null, timeout_seconds: 30 });
  let replayCount = 0;
  let tunnel: TunnelView = structuredClone(options.tunnel ?? tunnelView());
  let savedFilter: TimelineFilter = structuredClone(options.savedFilter ?? NO_FILTER);
  let forward: ForwardSettings = structuredClone(options.forward ?? { enabled: false, resign: false, mirror: false });
  let retention: RetentionView = structuredClone(options.retention ?? retentionView());
  const replay =
    options.onReplay ??
    ((asked: ReplayAsked) =>
      replayRecord(++replayCount, { delivery_id: asked.id, mode: asked.mode, target: asked.target ?? replaySettings.target ?? "http://localhost:3000/" }));
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      switch (cmd) {
        case "listener_status":
          return options.status ?? running(8790);
        case "start_listener":
          return (options.onStartListener ?? ((port: number) => running(port)))(args.port as number);
        case "timeline_filter":
          if (options.failSavedFilter) throw { code: "store", message: "the saved filter cannot be read" } satisfies IpcError;
          return savedFilter;
        case "set_timeline_filter":
          savedFilter = args.filter as TimelineFilter;
          return null;
        case "count_since": {
          const [from, filter] = [args.from as string, args.filter as TimelineFilter];
          if (options.onCountSince) return options.onCountSince(from, filter);
          return summaries.filter((s) => s.id >= from && matches(filter, s)).length;
        }
        case "event_types":
          return options.eventTypes ?? [];
        case "list_deliveries": {
          const before = args.before as string | null;
          const limit = args.limit as number;
          const filter = (args.filter as TimelineFilter | undefined) ?? NO_FILTER;
          if (options.onListDeliveries) return options.onListDeliveries(before, limit, filter);
          return pageOf(summaries.filter((s) => matches(filter, s)), before, limit);
        }
        case "list_groups": {
          const filter = (args.filter as TimelineFilter | undefined) ?? NO_FILTER;
          const shown = groups.filter((g) => matches(filter, g.latest));
          return groupPageOf(shown, args.before as string | null, args.limit as number);
        }
        case "group_chain": {
          const found = options.chains?.find((c) => c.dedup_key === args.dedupKey);
          if (!found) throw { code: "not_found", message: `no event ${String(args.dedupKey)}` } satisfies IpcError;
          return found;
        }
        case "signature_report": {
          const found = options.reports?.[args.id as string];
          if (!found) throw { code: "not_found", message: "the delivery was not found" } satisfies IpcError;
          return found;
        }
        case "secrets":
          return secrets;
        case "add_secret": {
          const secret = args.secret as NewSecret;
          if (options.onAddSecret) return (secrets = options.onAddSecret(secret));
          if (secrets.secrets.some((s) => s.label === secret.label)) {
            throw { code: "invalid_input", message: `a secret labelled '${secret.label}' already exists` } satisfies IpcError;
          }
          const info = { label: secret.label, scheme: secret.scheme, path_prefix: secret.path_prefix, masked: masked(secret.value) };
          return (secrets = { ...secrets, secrets: [...secrets.secrets, info] });
        }
        case "remove_secret":
          return (secrets = { ...secrets, secrets: secrets.secrets.filter((s) => s.label !== args.label) });
        case "set_tolerance":
          return (secrets = { ...secrets, tolerance_seconds: args.seconds as number });
        case "answers":
          return answers;
        case "set_answers": {
          const form = args.form as AnswerForm;
          answers = options.onSetAnswers ? options.onSetAnswers(form) : { form, banner: bannerFor(form) };
          return answers;
        }
        case "replay_settings":
          return replaySettings;
        case "set_replay_settings": {
          const settings = args.settings as ReplaySettings;
          return (replaySettings = options.onSetReplaySettings ? options.onSetReplaySettings(settings) : settings);
        }
        case "replay_delivery":
          return replay({ id: args.id as string, target: args.target as string | null, mode: args.mode as ReplayMode });
        case "replay_edited":
          return replay({
            id: args.id as string,
            target: args.target as string | null,
            mode: { kind: "edited", resign: args.resign as boolean, new_message_id: args.newMessageId as boolean },
            edit: { body: args.body as string, headers: args.headers as Array<[string, string]> },
          });
        case "replay_in_order": {
          const [ids, target, mode] = [args.ids as string[], args.target as string | null, args.mode as ReplayMode];
          if (options.onReplayInOrder) return options.onReplayInOrder(ids, target, mode);
          return ids.map((id) => replay({ id, target, mode }));
        }
        case "idempotency_check": {
          const [id, target, copies] = [args.id as string, args.target as string | null, args.copies as number];
          if (options.onIdempotencyCheck) return options.onIdempotencyCheck(id, target, copies);
          const mode: ReplayMode = { kind: "resigned", new_message_id: false };
          return Array.from({ length: copies }, () => replay({ id, target, mode }));
        }
        case "replays_of":
          return options.deliveries?.find((d) => d.id === args.id)?.replays ?? [];
        case "curl_command": {
          const target = args.target as string | null;
          if (options.onCurl) return options.onCurl(args.id as string, target, args.resign as boolean);
          return `curl -X POST '${target ?? replaySettings.target ?? "http://localhost:3000/"}' --data-binary @-`;
        }
        case "tunnel_view":
          return tunnel;
        case "tunnel_start": {
          if (options.onTunnelStart) return (tunnel = options.onTunnelStart());
          if ((options.status ?? running(8790)).state !== "running") {
            throw { code: "invalid_input", message: "start the local listener first" } satisfies IpcError;
          }
          const state: TunnelView["state"] = tunnel.has_token
            ? { state: "connecting" }
            : { state: "failed", reason: NO_TOKEN_SENTENCE, code: null };
          return (tunnel = withUrls({ ...tunnel, state }));
        }
        case "tunnel_stop":
          return (tunnel = withUrls({ ...tunnel, state: { state: "off" } }));
        case "set_tunnel_settings": {
          const settings = args.settings as TunnelSettings;
          if (options.onSetTunnelSettings) return (tunnel = options.onSetTunnelSettings(settings));
          if (!settings.webhook_path.startsWith("/")) {
            throw { code: "invalid_input", message: "the webhook path starts with /, e.g. /webhooks/self" } satisfies IpcError;
          }
          if (settings.manual_url !== null && !/^https?:\/\//.test(settings.manual_url)) {
            throw { code: "invalid_input", message: "a public URL starts with https://" } satisfies IpcError;
          }
          return (tunnel = withUrls({ ...tunnel, settings }));
        }
        case "set_ngrok_token":
          return (tunnel = { ...tunnel, has_token: args.token !== null });
        case "tunnel_downtime":
          return options.downtime ?? [];
        case "forward_settings":
          return forward;
        case "set_forward_settings": {
          const settings = args.settings as ForwardSettings;
          if (settings.enabled && replaySettings.target === null) {
            throw { code: "invalid_input", message: "set a replay target first" } satisfies IpcError;
          }
          return (forward = settings);
        }
        case "set_menu_enabled":
          return null;
        case "send_test_event":
          return (options.onSendTestEvent ?? (() => testEventView()))();
        case "retention":
          return retention;
        case "set_retention": {
          const cap = args.retention as Retention;
          if (cap.max_body_bytes < 1024 * 1024) throw { code: "invalid_input", message: "keep at least 1 MiB of bodies" } satisfies IpcError;
          return (retention = { ...retention, retention: cap });
        }
        case "set_pinned": {
          if (!options.deliveries?.some((d) => d.id === args.id)) throw { code: "not_found", message: "the delivery was not found" } satisfies IpcError;
          return args.pinned as boolean;
        }
        case "get_delivery": {
          const found = options.deliveries?.find((d) => d.id === args.id);
          if (!found) throw { code: "not_found", message: `no delivery ${String(args.id)}` } satisfies IpcError;
          return found;
        }
        default:
          if (isTransferCommand(cmd)) return transferCommand(cmd, args, options.transfer ?? {}, summaries);
          throw { code: "invalid_input", message: `unexpected command ${cmd}` } satisfies IpcError;
      }
    },
    { shouldMockEvents: true },
  );
  mockMainWindow();
  return { calls, callsTo: (cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.args) };
}

/** Keyset pagination over a newest-first list, as the core does it. */
export function pageOf(all: DeliverySummary[], before: string | null, limit: number): Page {
  const start = before === null ? 0 : all.findIndex((s) => s.id === before) + 1;
  const items = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return { items, next_before: more ? (items[items.length - 1]?.id ?? null) : null };
}

/** Keyset pagination over events, with the last event's key as the cursor. */
export function groupPageOf(all: GroupSummary[], before: string | null, limit: number): GroupPage {
  const start = before === null ? 0 : all.findIndex((g) => g.dedup_key === before) + 1;
  const items = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return { items, next_before: more ? (items[items.length - 1]?.dedup_key ?? null) : null };
}

/**
 * As the core filters, for what a summary holds: the search looks at the path
 * only (a summary has no headers or body); an event type matches no summary.
 */
function matches(filter: TimelineFilter, s: DeliverySummary): boolean {
  const complete = normalized(filter);
  const terms = searchTerms(complete.search).filter((t) => [...t].length >= MIN_TERM_CHARS);
  const path = s.path.toLowerCase();
  if (!terms.every((t) => path.includes(t.toLowerCase()))) return false;
  if (complete.event_types.length > 0) return false;
  return matchesFilter(complete, s);
}

/** Like the core: a few characters of the start and end, never the whole value. */
export function masked(value: string): string {
  return `${value.slice(0, 6)}…${value.slice(-2)}`;
}

export function noSecrets(): SecretsView {
  return { storage: { kind: "file", location: "/home/dev/.local/share/hookscope/secrets.json" }, secrets: [], tolerance_seconds: 300 };
}

export function emptyAnswers(): AnswerForm {
  return { status: null, delay: "", body: "", headers: "", script: "", fail_next: null, fail_status: null };
}

/** A rough stand-in for the core's banner sentence. */
export function bannerFor(form: AnswerForm): string | null {
  if (form.fail_next !== null && form.fail_next > 0) return `Failing the next ${form.fail_next} deliveries with ${form.fail_status ?? 503}`;
  if (form.script !== "") return `Answering by script: ${form.script}`;
  if (form.status !== null && form.status !== 200) return `Answering ${form.status} to every delivery`;
  if (form.delay !== "") return `Waiting ${form.delay} before answering`;
  if (form.body || form.headers) return "Answering with a fixed body or headers";
  return null;
}

/** The default cap over an empty store, unless told otherwise. */
export function retentionView(overrides: Partial<RetentionView["usage"]> = {}): RetentionView {
  return {
    retention: { max_deliveries: 100_000, max_body_bytes: 1024 ** 3 },
    usage: { deliveries: 0, body_bytes: 0, pinned: 0, pinned_body_bytes: 0, ...overrides },
  };
}

/** The core's sentence for switching on with no authtoken. */
export const NO_TOKEN_SENTENCE =
  "No ngrok authtoken is set. Get one at https://dashboard.ngrok.com/get-started/your-authtoken, then paste it in Settings or set the NGROK_AUTHTOKEN environment variable.";

/** A tunnel view, off with no token unless told otherwise; the URLs follow the state and settings as in the core. */
/** A test event sent to the listener, answered 200 and stored. */
export function testEventView(overrides: Partial<TestEventView> = {}): TestEventView {
  return {
    sent: {
      url: "http://127.0.0.1:8790/webhooks/self",
      status: 200,
      delivery_id: "D00000001",
      message_id: "msg_01M8BFKZVS0000000000000000",
      verification_id: "00010203-0405-4607-8809-0a0b0c0d0e0f",
    },
    secret_label: "current",
    generated_secret: null,
    ...overrides,
  };
}

export function tunnelView(overrides: Partial<TunnelView> = {}): TunnelView {
  return withUrls({
    state: { state: "off" },
    public_url: null,
    webhook_url: null,
    settings: { domain: null, webhook_path: "/webhooks/self", manual_url: null },
    has_token: false,
    stale_url: null,
    ...overrides,
  });
}

/** The tunnel's URL while it has one, else the manual URL; the webhook URL is that plus the path. */
function withUrls(view: TunnelView): TunnelView {
  const state = view.state;
  const tunnelUrl = state.state === "online" || state.state === "reconnecting" ? state.url : null;
  const public_url = tunnelUrl ?? view.settings.manual_url;
  const webhook_url = public_url === null ? null : `${public_url.replace(/\/+$/, "")}${view.settings.webhook_path}`;
  return { ...view, public_url, webhook_url };
}

export { clearMocks, emit };

export function running(port: number): ListenerStatus {
  return { state: "running", port, url: `http://127.0.0.1:${port}` };
}

export * from "./samples";
