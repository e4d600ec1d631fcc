// The timeline's data: every delivery summary loaded so far, newest first.
//
// Rows arrive three ways: the first page on start, older pages as the user
// scrolls (keyset pagination on `next_before`), and `deliveries-stored` event
// batches for new arrivals. Arrivals shown live push the oldest loaded rows out
// past MAX_LIVE_ROWS; scrolling pages them in again. Ids are tracked in a Set so that a delivery seen
// through two of those ways is listed once. A `timeline-reset` event (the core
// dropped events for this window) reloads from the first page.
//
// A filter narrows all three ways alike: the core filters the pages, and
// arrivals it does not match are left out. While the list is filtered, or the
// reader has scrolled away from the top, arrivals do not move what is on screen:
// they wait behind an "N new" pill that shows them on a click. Search and event
// type need the delivery's body, so then the core counts the matching arrivals.
//
// A batch carries a page of the newest arrivals at most, and says how many older
// ones it left out (a burst). Live at the top, the list then restarts from that
// batch's rows, and the rows left out page in from the core as it scrolls; held
// behind the pill (or with a delivery open), the core counts the arrivals instead.
import {
  countSince,
  errorMessage,
  listDeliveries,
  onDeliveriesRemoved,
  onDeliveriesStored,
  onTimelineReset,
  type DeliverySummary,
  type StoredRows,
  type TimelineFilter,
  type UnlistenFn,
} from "../lib/ipc";
import { isFiltered, matchesFilter, needsCore, NO_FILTER } from "./filter";

export const PAGE_SIZE = 100;
/**
 * Arrivals held behind the pill as rows, at most. Past this only their count is
 * kept and a click reloads the first page: a window left scrolled down while
 * thousands arrive holds no more than this.
 */
export const MAX_HELD = PAGE_SIZE;
/**
 * Rows kept while arrivals go on top live: past this the oldest loaded rows are
 * let go (scrolling down pages them in again), so a window left open at the top
 * while 100,000 deliveries arrive holds a thousand of them, not all.
 */
export const MAX_LIVE_ROWS = 10 * PAGE_SIZE;
/** Arrivals come in bursts: the core counts the matching ones once per burst. */
export const COUNT_DEBOUNCE_MS = 200;

export class TimelineStore {
  /**
   * Newest first. `$state.raw`: the array can hold 100,000 summaries that never
   * change in place, so deep reactive proxies would only cost memory; updates
   * replace the array.
   */
  rows = $state.raw<DeliverySummary[]>([]);
  /** The first page has arrived (until then the empty state would be a lie). */
  ready = $state(false);
  /** A page request is in flight. */
  loading = $state(false);
  /** No older rows remain in the store. */
  exhausted = $state(false);
  error = $state<string | null>(null);
  selectedId = $state<string | null>(null);
  /** How many rows have been put on top since start: lets the list keep its scroll position. */
  insertedOnTop = $state(0);
  /** What the list shows; `$state.raw` because it is only ever replaced. */
  filter = $state.raw<TimelineFilter>(NO_FILTER);
  /** Bumped when the filter changes: the list scrolls back to the top. */
  filterChanges = $state(0);
  /** Bumped when the "N new" pill was clicked: the list scrolls to the top. */
  topRequests = $state(0);
  /** The list shows its first row (set by the list as it scrolls). */
  atTop = $state(true);
  /** How many matching deliveries arrived that are not shown yet (the pill). */
  newCount = $state(0);

  readonly selectedIndex = $derived(
    this.selectedId === null ? -1 : this.rows.findIndex((row) => row.id === this.selectedId),
  );
  readonly selected = $derived(this.selectedIndex >= 0 ? (this.rows[this.selectedIndex] ?? null) : null);

  #ids = new Set<string>();
  #nextBefore: string | null = null;
  // Event batches that arrive before the first page: merged once it is in, so
  // a delivery stored while that page was being read is neither lost nor doubled.
  #early: DeliverySummary[] = [];
  // An early batch left rows out: the list starts from the early rows, and older
  // rows page in from before this id (the oldest row that batch carried).
  #earlyBefore: string | null = null;
  // Bumped by each first-page load: an older page that lands after a reset
  // belongs to the list that was thrown away.
  #generation = 0;
  #unlisten: UnlistenFn[] = [];
  // Matching arrivals held back, oldest first, until the pill is clicked…
  #held: DeliverySummary[] = [];
  #heldIds = new Set<string>();
  // …unless there were more than MAX_HELD: then only `newCount` is kept.
  #heldOverflow = false;
  // A batch left arrivals out while they were held: the core counts them all.
  #counting = false;
  // The oldest arrival since the list was loaded, when the core counts (search, event
  // type, or arrivals held through a batch that left some out).
  #firstArrival: string | null = null;
  #countTimer: ReturnType<typeof setTimeout> | undefined;
  readonly #countDebounceMs: number;

  constructor(countDebounceMs = COUNT_DEBOUNCE_MS) {
    this.#countDebounceMs = countDebounceMs;
  }

  /** Starts listening and loads the first page, showing what `filter` matches. */
  async init(filter: TimelineFilter = NO_FILTER): Promise<void> {
    this.filter = filter;
    // All three at once: each is a round trip to the core, and the first page waits
    // for them (a delivery stored after the page is read must reach a listener).
    const listening = await Promise.allSettled([
      onDeliveriesStored((batch) => this.#arrived(batch)),
      onTimelineReset(() => void this.reload()),
      onDeliveriesRemoved((ids) => this.#removed(ids)),
    ]);
    for (const result of listening) {
      if (result.status === "fulfilled") this.#unlisten.push(result.value);
    }
    const failed = listening.find((result) => result.status === "rejected");
    if (failed) {
      this.error = errorMessage(failed.reason);
      return;
    }
    await this.#loadFirst();
  }

  /** Fetches the next older page; does nothing while one is in flight or none remain. */
  async loadMore(): Promise<void> {
    if (!this.ready) {
      if (!this.loading) await this.#loadFirst();
      return;
    }
    if (this.loading || this.exhausted) return;
    const generation = this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await listDeliveries(this.#nextBefore, PAGE_SIZE, this.filter);
      if (generation === this.#generation) this.#append(page.items, page.next_before);
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /**
   * Starts over from the first page. The rows on screen stay until it arrives;
   * batches arriving meanwhile are held and merged as on start.
   */
  async reload(): Promise<void> {
    this.ready = false;
    this.#early = [];
    this.#earlyBefore = null;
    this.#forgetArrivals();
    await this.#loadFirst();
  }

  /** The pill was clicked: the held arrivals go on top, and the list scrolls there. */
  async showNew(): Promise<void> {
    this.topRequests++;
    if (needsCore(this.filter)) {
      await this.reload();
      return;
    }
    if (this.#heldOverflow) {
      await this.reload();
      return;
    }
    const held = this.#held;
    this.#forgetArrivals();
    this.#prepend(held);
  }

  /** The list scrolled to its top (true) or away from it. Unfiltered, the top shows arrivals live. */
  setAtTop(atTop: boolean): void {
    this.atTop = atTop;
    if (atTop && !isFiltered(this.filter) && this.newCount > 0) void this.showNew();
  }

  /** Shows only deliveries matching `filter`, starting again from the first page. */
  async setFilter(filter: TimelineFilter): Promise<void> {
    this.filter = filter;
    this.filterChanges++;
    // The rows on screen no longer answer the question asked: drop them now
    // rather than show them under the new filter until the page lands.
    this.#ids = new Set();
    this.rows = [];
    this.exhausted = false;
    await this.reload();
  }

  select(id: string | null): void {
    this.selectedId = id;
  }

  /** Moves the selection `delta` rows (negative: up, toward newer); selects the top row when none is. */
  moveSelection(delta: number): void {
    if (this.rows.length === 0) return;
    const from = this.selectedIndex;
    const target = from < 0 ? 0 : Math.min(this.rows.length - 1, Math.max(0, from + delta));
    this.selectedId = this.rows[target]?.id ?? null;
  }

  selectIndex(index: number): void {
    const row = this.rows[Math.min(this.rows.length - 1, Math.max(0, index))];
    if (row) this.selectedId = row.id;
  }

  dispose(): void {
    clearTimeout(this.#countTimer);
    for (const unlisten of this.#unlisten) unlisten();
    this.#unlisten = [];
  }

  async #loadFirst(): Promise<void> {
    const generation = ++this.#generation;
    this.loading = true;
    this.error = null;
    try {
      const page = await listDeliveries(null, PAGE_SIZE, this.filter);
      if (generation !== this.#generation) return;
      // The first page replaces whatever was listed (nothing, or the list before a reset).
      this.#ids = new Set();
      this.rows = [];
      this.#append(page.items, page.next_before);
      this.ready = true;
      const [early, before] = [this.#early, this.#earlyBefore];
      this.#early = [];
      this.#earlyBefore = null;
      if (before === null) this.#prepend(early);
      else this.#restart(early, before);
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error);
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  /** A `deliveries-stored` batch: its newest rows, oldest first, after `skipped` older ones. */
  #arrived({ rows, skipped, first_id }: StoredRows): void {
    if (needsCore(this.filter) || this.#counting) {
      this.#firstArrival ??= first_id;
      this.#scheduleCount();
      return;
    }
    const shown = rows.filter((row) => matchesFilter(this.filter, row));
    const oldestSent = rows[0]?.id ?? first_id;
    if (!this.ready) {
      // Rows of earlier batches are older than the ones left out: they page in again.
      if (skipped > 0) [this.#early, this.#earlyBefore] = [[], oldestSent];
      this.#early.push(...shown);
    } else if (isFiltered(this.filter) || !this.atTop || this.newCount > 0) {
      if (skipped > 0) this.#countFrom(first_id);
      else this.#hold(shown);
    } else if (skipped === 0) this.#prepend(shown);
    // The open delivery would go from the list: it stays, and the arrivals wait.
    else if (this.selectedId !== null) this.#countFrom(first_id);
    else this.#restart(shown, oldestSent);
  }

  /**
   * Arrivals left out between the listed rows and `oldestFirst`: the list restarts
   * from those, and pages older rows from before `before` (the oldest one sent).
   */
  #restart(oldestFirst: DeliverySummary[], before: string): void {
    // An older page on its way belongs to the list before: it is dropped.
    this.#generation++;
    this.loading = false;
    this.#ids = new Set(oldestFirst.map((row) => row.id));
    this.rows = [...oldestFirst].reverse();
    this.#nextBefore = before;
    this.exhausted = false;
  }

  /** Held arrivals can no longer be listed: the core counts them, from the first one. */
  #countFrom(firstId: string): void {
    this.#firstArrival ??= this.#held[0]?.id ?? firstId;
    this.#counting = true;
    this.#heldOverflow = true;
    this.#held = [];
    this.#heldIds.clear();
    this.#scheduleCount();
  }

  #hold(oldestFirst: DeliverySummary[]): void {
    for (const row of oldestFirst) {
      if (this.#ids.has(row.id) || this.#heldIds.has(row.id)) continue;
      this.newCount++;
      if (this.#heldOverflow) continue;
      if (this.#held.length >= MAX_HELD) {
        // Kept should a batch later leave arrivals out (`#countFrom`).
        this.#firstArrival ??= this.#held[0]?.id ?? row.id;
        this.#heldOverflow = true;
        this.#held = [];
        this.#heldIds.clear();
      } else {
        this.#held.push(row);
        this.#heldIds.add(row.id);
      }
    }
  }

  #scheduleCount(): void {
    clearTimeout(this.#countTimer);
    const generation = this.#generation;
    this.#countTimer = setTimeout(() => void this.#count(generation), this.#countDebounceMs);
  }

  async #count(generation: number): Promise<void> {
    const from = this.#firstArrival;
    if (from === null) return;
    try {
      const count = await countSince(from, this.filter);
      if (generation === this.#generation && from === this.#firstArrival) this.newCount = count;
    } catch (error) {
      if (generation === this.#generation) this.error = errorMessage(error);
    }
  }

  #forgetArrivals(): void {
    clearTimeout(this.#countTimer);
    this.#held = [];
    this.#heldIds.clear();
    this.#heldOverflow = false;
    this.#counting = false;
    this.#firstArrival = null;
    this.newCount = 0;
  }

  /** Deliveries removed by retention (the oldest): dropped from the list. */
  #removed(ids: string[]): void {
    const gone = new Set(ids);
    for (const id of ids) this.#ids.delete(id);
    this.#early = this.#early.filter((row) => !gone.has(row.id));
    if (this.#held.some((row) => gone.has(row.id))) {
      this.#held = this.#held.filter((row) => !gone.has(row.id));
      for (const id of ids) this.#heldIds.delete(id);
      this.newCount = this.#held.length;
    }
    if (this.rows.some((row) => gone.has(row.id))) this.rows = this.rows.filter((row) => !gone.has(row.id));
  }

  #prepend(oldestFirst: DeliverySummary[]): void {
    const fresh = this.#unseen(oldestFirst).reverse();
    if (fresh.length === 0) return;
    let rows = fresh.concat(this.rows);
    // The open delivery stays listed, however far down the arrivals push it.
    const keep = Math.max(MAX_LIVE_ROWS, rows.findIndex((row) => row.id === this.selectedId) + 1);
    if (rows.length > keep) {
      for (const row of rows.slice(keep)) this.#ids.delete(row.id);
      rows = rows.slice(0, keep);
      // Keyset paging resumes right after the last row kept.
      this.#nextBefore = rows[rows.length - 1]?.id ?? null;
      this.exhausted = false;
    }
    this.rows = rows;
    this.insertedOnTop += fresh.length;
  }

  #append(newestFirst: DeliverySummary[], nextBefore: string | null): void {
    const fresh = this.#unseen(newestFirst);
    if (fresh.length > 0) this.rows = this.rows.concat(fresh);
    this.#nextBefore = nextBefore;
    this.exhausted = nextBefore === null;
  }

  #unseen(rows: DeliverySummary[]): DeliverySummary[] {
    const fresh: DeliverySummary[] = [];
    for (const row of rows) {
      if (this.#ids.has(row.id)) continue;
      this.#ids.add(row.id);
      fresh.push(row);
    }
    return fresh;
  }
}
