// A stand-in for the Rust core in tests: answers the IPC commands from plain
// data through Tauri's own mockIPC, and records every call made.
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import { emit } from "@tauri-apps/api/event";

import type { DeliveryJson, DeliverySummary, IpcError, ListenerStatus, Page } from "../lib/ipc";

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
  onListDeliveries?: (before: string | null, limit: number) => Page;
};

export function fakeCore(options: FakeCoreOptions = {}): FakeCore {
  const calls: Call[] = [];
  const summaries = options.summaries ?? [];
  mockIPC(
    (cmd, payload) => {
      const args = (payload ?? {}) as Record<string, unknown>;
      calls.push({ cmd, args });
      switch (cmd) {
        case "listener_status":
          return options.status ?? running(8790);
        case "start_listener":
          return (options.onStartListener ?? ((port: number) => running(port)))(args.port as number);
        case "list_deliveries": {
          const before = args.before as string | null;
          const limit = args.limit as number;
          if (options.onListDeliveries) return options.onListDeliveries(before, limit);
          return pageOf(summaries, before, limit);
        }
        case "get_delivery": {
          const found = options.deliveries?.find((d) => d.id === args.id);
          if (!found) throw { code: "not_found", message: `no delivery ${String(args.id)}` } satisfies IpcError;
          return found;
        }
        default:
          throw { code: "invalid_input", message: `unexpected command ${cmd}` } satisfies IpcError;
      }
    },
    { shouldMockEvents: true },
  );
  return { calls, callsTo: (cmd) => calls.filter((c) => c.cmd === cmd).map((c) => c.args) };
}

/** Keyset pagination over a newest-first list, as the core does it. */
export function pageOf(all: DeliverySummary[], before: string | null, limit: number): Page {
  const start = before === null ? 0 : all.findIndex((s) => s.id === before) + 1;
  const items = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return { items, next_before: more ? (items[items.length - 1]?.id ?? null) : null };
}

export { clearMocks, emit };

export function running(port: number): ListenerStatus {
  return { state: "running", port, url: `http://127.0.0.1:${port}` };
}

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
    ...overrides,
  };
}

/** Lets pending promise callbacks (mocked invokes, event handlers) run. */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 0));
}
