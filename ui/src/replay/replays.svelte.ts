// The replays of the open delivery, newest first: those the core sent with the
// delivery, then the ones sent here and those the core's `replay-recorded`
// event reports (which include these, hence the merge by id).
import {
  idempotencyCheck,
  onReplayRecorded,
  replayDelivery,
  replayEdited,
  type ReplayEdit,
  type ReplayMode,
  type ReplayRecord,
  type UnlistenFn,
} from "../lib/ipc";
import type { LastError } from "./last-error.svelte";

export class ReplaysStore {
  /** The delivery `records` belong to. */
  deliveryId = $state<string | null>(null);
  /** `$state.raw`: a record can hold a 1 MiB response body; the list is only ever replaced. */
  records = $state.raw<ReplayRecord[]>([]);
  /** One entry per replay on its way (each can take the whole timeout), by delivery. */
  #sending = $state<string[]>([]);

  readonly #lastError: LastError;
  #unlisten: UnlistenFn | null = null;
  #disposed = false;

  constructor(lastError: LastError) {
    this.#lastError = lastError;
  }

  async listen(): Promise<void> {
    const unlisten = await onReplayRecorded((record) => this.#add(record));
    // The pane may have closed while the subscription was being set up.
    if (this.#disposed) unlisten();
    else this.#unlisten = unlisten;
  }

  dispose(): void {
    this.#disposed = true;
    this.#unlisten?.();
    this.#unlisten = null;
  }

  isSending(id: string): boolean {
    return this.#sending.includes(id);
  }

  /**
   * Makes `id` the open delivery, with the replays `stored` with it. Called
   * again when the delivery is read again: what arrived meanwhile is kept.
   */
  open(id: string, stored: ReplayRecord[]): void {
    if (this.deliveryId !== id) {
      this.deliveryId = id;
      this.records = [];
    }
    this.records = merged(stored, this.records);
  }

  /** Replays delivery `id`; `target` null means the saved target. True when a record came back. */
  async replay(id: string, target: string | null, mode: ReplayMode): Promise<boolean> {
    return (await this.#send(id, async () => [await replayDelivery(id, target, mode)])) !== null;
  }

  async replayEdited(id: string, target: string | null, edit: ReplayEdit): Promise<boolean> {
    return (await this.#send(id, async () => [await replayEdited(id, target, edit)])) !== null;
  }

  /** Sends `copies` re-signed copies of `id` at once (one message id); their records, or null when nothing was sent. */
  checkIdempotency(id: string, target: string | null, copies: number): Promise<ReplayRecord[] | null> {
    return this.#send(id, () => idempotencyCheck(id, target, copies));
  }

  async #send(id: string, call: () => Promise<ReplayRecord[]>): Promise<ReplayRecord[] | null> {
    this.#lastError.clear();
    this.#sending.push(id);
    try {
      // A target that did not answer still comes back as a record (result "failed");
      // a rejection means nothing was sent.
      const records = await call();
      for (const record of records) this.#add(record);
      return records;
    } catch (error) {
      this.#lastError.show(error);
      return null;
    } finally {
      this.#sending.splice(this.#sending.indexOf(id), 1);
    }
  }

  #add(record: ReplayRecord): void {
    if (record.delivery_id === this.deliveryId) this.records = merged([record], this.records);
  }
}

/** Both lists as one, each replay once, newest first. */
function merged(a: ReplayRecord[], b: ReplayRecord[]): ReplayRecord[] {
  const byId = new Map<number, ReplayRecord>();
  for (const record of [...b, ...a]) byId.set(record.id, record);
  return [...byId.values()].sort((x, y) => y.at_ms - x.at_ms || y.id - x.id);
}
