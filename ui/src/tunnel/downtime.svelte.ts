// When the tunnel was down although it was on, read again on every tunnel
// change (a reconnect closes a window, a drop opens one).
import { errorMessage, onTunnelChanged, tunnelDowntime, type DowntimeWindow, type UnlistenFn } from "../lib/ipc";

export class DowntimeStore {
  /** Oldest first; the last may still be open (`to_ms` null). */
  windows = $state.raw<DowntimeWindow[]>([]);
  error = $state<string | null>(null);

  #unlisten: UnlistenFn | null = null;
  // Only the answer to the latest read may land.
  #latest = 0;

  async init(): Promise<void> {
    try {
      this.#unlisten = await onTunnelChanged(() => void this.reload());
    } catch (error) {
      this.error = errorMessage(error);
      return;
    }
    await this.reload();
  }

  async reload(): Promise<void> {
    const request = ++this.#latest;
    try {
      const windows = await tunnelDowntime();
      if (request !== this.#latest) return;
      this.windows = [...windows].sort((a, b) => a.from_ms - b.from_ms);
      this.error = null;
    } catch (error) {
      if (request === this.#latest) this.error = errorMessage(error);
    }
  }

  dispose(): void {
    this.#latest++;
    this.#unlisten?.();
    this.#unlisten = null;
  }
}
