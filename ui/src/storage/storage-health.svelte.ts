// Whether the core can store deliveries. It says so only when that changes
// (the disk filled up, then had room again), so the window starts out assuming
// all is well and follows the `storage-health` events.
import { errorMessage, onStorageHealth, type StorageHealth, type UnlistenFn } from "../lib/ipc";

export class StorageHealthStore {
  /** The latest report; null until the core has sent one. */
  health = $state.raw<StorageHealth | null>(null);
  error = $state<string | null>(null);

  /** True while deliveries cannot be stored. */
  readonly failing = $derived(this.health !== null && !this.health.ok);

  #unlisten: UnlistenFn | null = null;

  async init(): Promise<void> {
    try {
      this.#unlisten = await onStorageHealth((health) => (this.health = health));
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  dispose(): void {
    this.#unlisten?.();
    this.#unlisten = null;
  }
}

/** "Cannot store deliveries: the disk is full. Senders get 503 and will retry." */
export function storageSentence(problem: string | null): string {
  const what = (problem ?? "").trim().replace(/\.+$/, "") || "the store failed";
  return `Cannot store deliveries: ${what}. Senders get 503 and will retry.`;
}
