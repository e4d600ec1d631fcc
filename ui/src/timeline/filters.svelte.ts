// The filter as the user sets it in the toolbar: one value for the deliveries
// and the events lists, saved in the store so it is there again after a
// restart. Typing in the search box applies after a pause, not per key.
import { errorMessage, eventTypes, saveTimelineFilter, savedTimelineFilter, type TimelineFilter } from "../lib/ipc";
import { NO_FILTER, normalized } from "./filter";

/** A pause this long in typing applies the search. */
export const SEARCH_DEBOUNCE_MS = 250;

export class FilterStore {
  /** What the lists show. `$state.raw`: only ever replaced. */
  filter = $state.raw<TimelineFilter>(NO_FILTER);
  /** The search box's text; the filter takes it after a pause. */
  searchText = $state("");
  /** The event types stored deliveries have, for the type choice. */
  types = $state.raw<string[]>([]);
  /** The filter could not be saved (it still applies). */
  error = $state<string | null>(null);

  readonly #apply: (filter: TimelineFilter) => void;
  readonly #debounceMs: number;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `apply` shows a new filter in the lists. */
  constructor(apply: (filter: TimelineFilter) => void, debounceMs = SEARCH_DEBOUNCE_MS) {
    this.#apply = apply;
    this.#debounceMs = debounceMs;
  }

  /**
   * Reads the saved filter (none, or one that cannot be read: everything shows);
   * `saved`: that read, when already under way.
   */
  async restore(saved: Promise<TimelineFilter> = savedTimelineFilter()): Promise<TimelineFilter> {
    try {
      this.filter = normalized(await saved);
      this.searchText = this.filter.search;
    } catch (error) {
      this.error = errorMessage(error);
    }
    return this.filter;
  }

  /** Changes part of the filter (a search still being typed goes with it). */
  update(part: Partial<TimelineFilter>): void {
    this.#set({ ...this.filter, search: this.searchText, ...part });
  }

  /** The search box changed: the filter follows after a pause. */
  typed(text: string): void {
    this.searchText = text;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => this.update({}), this.#debounceMs);
  }

  /** Back to everything. */
  clear(): void {
    this.searchText = "";
    this.#set(NO_FILTER);
  }

  async loadTypes(): Promise<void> {
    try {
      this.types = await eventTypes();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }

  #set(next: TimelineFilter): void {
    clearTimeout(this.#timer);
    if (JSON.stringify(next) === JSON.stringify(this.filter)) return;
    this.filter = next;
    this.#apply(next);
    saveTimelineFilter(next).then(
      () => (this.error = null),
      (error: unknown) => (this.error = errorMessage(error)),
    );
  }
}
