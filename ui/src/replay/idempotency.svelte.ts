// The idempotency check: several re-signed copies of the open delivery sent at
// once with one message id, as a sender retrying in a hurry would. Kept per
// pane (see replay-state) so the count typed survives moving between deliveries;
// the answers shown belong to the delivery they were sent for.
import type { ReplayRecord } from "../lib/ipc";
import type { ReplaysStore } from "./replays.svelte";
import { idempotencyVerdict } from "./tally";

/** How many copies the field allows; the core sends them all at once, so keep it small. */
export const COPIES = { min: 2, max: 20, initial: 5 } as const;

export class IdempotencyStore {
  /** The copies field; null while it is empty (as Svelte binds a number input). */
  copies = $state<number | null>(COPIES.initial);
  /** The delivery `records` were sent for. */
  deliveryId = $state<string | null>(null);
  /** One per copy, in the order the core returns them. `$state.raw`: only ever replaced. */
  records = $state.raw<ReplayRecord[]>([]);

  readonly verdict = $derived(this.records.length > 0 ? idempotencyVerdict(this.records) : null);

  readonly #replays: ReplaysStore;

  constructor(replays: ReplaysStore) {
    this.#replays = replays;
  }

  /** The field holds a whole number of copies the core accepts. */
  get valid(): boolean {
    const copies = this.copies;
    return copies !== null && Number.isInteger(copies) && copies >= COPIES.min && copies <= COPIES.max;
  }

  /** Sends the copies of delivery `id`; `target` null means the saved target. */
  async run(id: string, target: string | null): Promise<void> {
    const copies = this.copies;
    if (!this.valid || copies === null) return;
    // The last answers must not sit next to a check that has not come back yet.
    this.deliveryId = id;
    this.records = [];
    const records = await this.#replays.checkIdempotency(id, target, copies);
    if (records !== null && this.deliveryId === id) this.records = records;
  }
}
