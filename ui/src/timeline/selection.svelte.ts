// The deliveries picked in the timeline with Ctrl/Cmd+click and Shift+click,
// to act on together (replay them in order). Apart from the open delivery: a
// plain click opens one row and drops the picks.
import { errorMessage, replayInOrder, type DeliverySummary, type ReplayMode } from "../lib/ipc";
import { describeBatch } from "../replay/tally";

/** How a row was clicked: plainly, with Ctrl/Cmd, or with Shift. */
export type PickHow = "one" | "toggle" | "range";

export class SelectionStore {
  /** The picked ids in timeline order (newest first). `$state.raw`: only ever replaced. */
  ids = $state.raw<string[]>([]);
  /** Replay them re-signed (same message ids) rather than as captured. */
  resign = $state(false);
  sending = $state(false);
  /** "5 replayed: 4 × 2xx, 1 failed", for the picks as they are. */
  result = $state<string | null>(null);
  error = $state<string | null>(null);

  readonly count = $derived(this.ids.length);
  readonly #picked = $derived(new Set(this.ids));

  /** Where a Shift+click range starts: the row last clicked without Shift. */
  #anchor: string | null = null;
  // Bumped whenever the picks change: a replay's result that lands afterwards
  // describes other rows and is dropped.
  #generation = 0;

  has(id: string): boolean {
    return this.#picked.has(id);
  }

  /**
   * A click on row `index` of `rows`. `openId` is the open delivery: the first
   * Ctrl/Cmd+click adds to it rather than starting from nothing, and a range
   * starts from it when no row was clicked yet.
   */
  pick(rows: DeliverySummary[], index: number, how: PickHow, openId: string | null): void {
    const row = rows[index];
    if (row === undefined) return;
    if (how === "one") {
      this.#anchor = row.id;
      this.#replace([]);
    } else if (how === "toggle") {
      const picked = new Set(this.ids.length === 0 && openId !== null && openId !== row.id ? [openId] : this.ids);
      if (picked.has(row.id)) picked.delete(row.id);
      else picked.add(row.id);
      this.#anchor = row.id;
      this.#replace(rows.filter((r) => picked.has(r.id)).map((r) => r.id));
    } else {
      // The anchor stays put, so further Shift+clicks move the range's other end.
      const anchored = indexOf(rows, this.#anchor);
      const from = anchored >= 0 ? anchored : indexOf(rows, openId);
      if (from < 0) this.#anchor = row.id;
      const [start, end] = from < 0 ? [index, index] : [Math.min(from, index), Math.max(from, index)];
      this.#replace(rows.slice(start, end + 1).map((r) => r.id));
    }
  }

  clear(): void {
    this.#anchor = null;
    this.#replace([]);
  }

  /** Replays the picks one after another, oldest first; `target` null means the saved target. */
  async replayInOrder(target: string | null): Promise<void> {
    if (this.sending || this.ids.length === 0) return;
    const generation = this.#generation;
    // Timeline order is newest first; the sender sent them the other way round.
    const oldestFirst = [...this.ids].reverse();
    const mode: ReplayMode = this.resign ? { kind: "resigned", new_message_id: false } : { kind: "as_captured" };
    this.sending = true;
    this.result = null;
    this.error = null;
    try {
      const records = await replayInOrder(oldestFirst, target, mode);
      if (generation === this.#generation) this.result = describeBatch(records);
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error);
    } finally {
      this.sending = false;
    }
  }

  #replace(ids: string[]): void {
    this.#generation++;
    // Rows re-render when the array changes: leave an empty one alone.
    if (ids.length > 0 || this.ids.length > 0) this.ids = ids;
    this.result = null;
    this.error = null;
  }
}

function indexOf(rows: DeliverySummary[], id: string | null): number {
  return id === null ? -1 : rows.findIndex((row) => row.id === id);
}
