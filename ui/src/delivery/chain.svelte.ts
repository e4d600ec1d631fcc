// The chain of one event: each delivery of it, oldest first, with the gap
// since the previous attempt. Fetched when an event is expanded, and again
// when its latest delivery changes.
import { errorMessage, groupChain, type GroupChain } from "../lib/ipc";

export class ChainStore {
  chain = $state.raw<GroupChain | null>(null);
  error = $state<string | null>(null);
  /** The chain entry whose delivery the detail pane shows. */
  selectedId = $state<string | null>(null);

  // Only the answer for the latest request may land (arrow keys outrun the core).
  #latest = 0;

  async show(dedupKey: string): Promise<void> {
    const request = ++this.#latest;
    if (this.chain?.dedup_key !== dedupKey) {
      this.chain = null;
      this.selectedId = null;
    }
    this.error = null;
    try {
      const chain = await groupChain(dedupKey);
      if (request === this.#latest) this.chain = chain;
    } catch (error) {
      if (request === this.#latest) this.error = errorMessage(error);
    }
  }

  clear(): void {
    this.#latest++;
    this.chain = null;
    this.selectedId = null;
    this.error = null;
  }
}
