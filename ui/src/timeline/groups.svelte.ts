// Events mode's data: one row per event (deliveries sharing a dedup key),
// the event with the newest delivery first, paged on `next_before` like the
// timeline.
//
// A live delivery can move an event from anywhere in the list to the top, and
// the summary batch does not say which event it belongs to, so arrivals
// (debounced) re-read the first page and put it over what is loaded: an event
// in that page replaces its old row wherever it was. The list only listens
// while it is shown; showing it starts from a fresh first page.
import {
  errorMessage,
  listGroups,
  onDeliveriesStored,
  onTimelineReset,
  type GroupSummary,
  type TimelineFilter,
  type UnlistenFn,
} from "../lib/ipc";
import { NO_FILTER } from "./filter";
import { PAGE_SIZE } from "./timeline.svelte";

/** Arrivals come in bursts (a sender retrying, a replay): one re-read per burst. */
export const ARRIVAL_DEBOUNCE_MS = 200;

export class GroupsStore {
  /** Newest event first; replaced whole, like the timeline's rows. */
  rows = $state.raw<GroupSummary[]>([]);
  ready = $state(false);
  loading = $state(false);
  exhausted = $state(false);
  error = $state<string | null>(null);
  filter = $state.raw<TimelineFilter>(NO_FILTER);
  /** Bumped when the list is replaced by another question (a filter): back to the top. */
  filterChanges = $state(0);
  /** Rows put on top by live arrivals: the list keeps a scrolled-down reader's place. */
  insertedOnTop = $state(0);
  /** The expanded event (its chain shows beside the list). */
  selectedKey = $state<string | null>(null);

  readonly selectedIndex = $derived(
    this.selectedKey === null ? -1 : this.rows.findIndex((row) => row.dedup_key === this.selectedKey),
  );
  readonly selected = $derived(this.selectedIndex >= 0 ? (this.rows[this.selectedIndex] ?? null) : null);

  #nextBefore: string | null = null;
  #generation = 0;
  #unlisten: UnlistenFn[] = [];
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #debounceMs: number;

  constructor(debounceMs = ARRIVAL_DEBOUNCE_MS) {
    this.#debounceMs = debounceMs;
  }

  /** Starts listening and loads a fresh first page. */
  async show(): Promise<void> {
    if (this.#unlisten.length === 0) {
      try {
        this.#unlisten.push(await onDeliveriesStored(() => this.#arrived()));
        this.#unlisten.push(await onTimelineReset(() => void this.reload()));
      } catch (error) {
        this.error = errorMessage(error);
        return;
      }
    }
    await this.reload();
  }

  /** Stops listening (the list is hidden); `show` reloads. */
  dispose(): void {
    clearTimeout(this.#timer);
    for (const unlisten of this.#unlisten) unlisten();
    this.#unlisten = [];
    this.#generation++;
    this.loading = false;
  }

  async setFilter(filter: TimelineFilter): Promise<void> {
    this.filter = filter;
    this.filterChanges++;
    this.rows = [];
    this.exhausted = false;
    if (this.#unlisten.length > 0) await this.reload();
  }

  /** Replaces the list with a fresh first page. */
  async reload(): Promise<void> {
    await this.#loadFirst("replace");
  }

  async loadMore(): Promise<void> {
    if (!this.ready) {
      if (!this.loading) await this.reload();
      return;
    }
    if (this.loading || this.exhausted) return;
    const generation = this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await listGroups(this.#nextBefore, PAGE_SIZE, this.filter);
      if (generation !== this.#generation) return;
      const known = new Set(this.rows.map((row) => row.dedup_key));
      const older = page.items.filter((row) => !known.has(row.dedup_key));
      if (older.length > 0) this.rows = this.rows.concat(older);
      this.#nextBefore = page.next_before;
      this.exhausted = page.next_before === null;
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  select(key: string | null): void {
    this.selectedKey = key;
  }

  selectIndex(index: number): void {
    const row = this.rows[Math.min(this.rows.length - 1, Math.max(0, index))];
    if (row) this.selectedKey = row.dedup_key;
  }

  #arrived(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#loadFirst("merge"), this.#debounceMs);
  }

  /**
   * "replace": the first page becomes the whole list. "merge": it goes on top
   * of what is loaded, each of its events taken out of its old place; when the
   * first page is all there is, it is the whole list either way.
   */
  async #loadFirst(mode: "replace" | "merge"): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await listGroups(null, PAGE_SIZE, this.filter);
      if (generation !== this.#generation) return;
      if (mode === "replace" || page.next_before === null || !this.ready) {
        this.rows = page.items;
        this.#nextBefore = page.next_before;
        this.exhausted = page.next_before === null;
      } else {
        const fresh = new Set(page.items.map((row) => row.dedup_key));
        const oldTop = this.rows[0]?.dedup_key;
        this.rows = page.items.concat(this.rows.filter((row) => !fresh.has(row.dedup_key)));
        // Rows now above the old top: what a reader scrolled down must skip to stay put.
        const above = this.rows.findIndex((row) => row.dedup_key === oldTop);
        if (above > 0) this.insertedOnTop += above;
      }
      this.ready = true;
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }
}
