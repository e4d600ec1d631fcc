// The local listener's state as the window knows it: what the core last said,
// plus the outcome of the user's own "Listen" attempts.
import {
  errorMessage,
  listenerStatus,
  onListenerChanged,
  startListener,
  type ListenerStatus,
  type UnlistenFn,
} from "../lib/ipc";

export class ListenerStore {
  /** null until the core has answered once. */
  status = $state<ListenerStatus | null>(null);
  /** A failed call (the core unreachable, start_listener rejected): shown beside the port controls. */
  error = $state<string | null>(null);
  /** True while a start_listener call is in flight: the Listen button is disabled meanwhile. */
  applying = $state(false);

  readonly url = $derived(this.status?.state === "running" ? this.status.url : null);

  // Counts listener-changed events so that the first listener_status answer does
  // not overwrite a newer state that an event already brought.
  #eventCount = 0;
  #unlisten: UnlistenFn | null = null;

  async init(): Promise<void> {
    try {
      // Subscribe first so a change between the two calls is not lost.
      this.#unlisten = await onListenerChanged((status) => {
        this.#eventCount++;
        this.status = status;
        this.error = null;
      });
      const seen = this.#eventCount;
      const status = await listenerStatus();
      if (this.#eventCount === seen) this.status = status;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Restarts the listener on `port` (the failed-state panel's "Listen" button). */
  async listen(port: number): Promise<void> {
    if (this.applying) return;
    this.applying = true;
    this.error = null;
    try {
      // The answer is the state the restart reached, so it wins over events seen meanwhile.
      this.status = await startListener(port);
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.applying = false;
    }
  }

  dispose(): void {
    this.#unlisten?.();
    this.#unlisten = null;
  }
}
