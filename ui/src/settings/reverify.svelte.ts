// Re-verification after the secrets changed: the core re-checks every stored
// delivery in the background and reports progress. When it finishes, the
// lists and the open delivery are read again so their verdicts are current.
import { errorMessage, onReverifyProgress, type ReverifyProgress, type UnlistenFn } from "../lib/ipc";

/** How long "Re-verified N deliveries" stays in the status line. */
export const FINISHED_NOTICE_MS = 5000;

export class ReverifyStore {
  /** The latest report; null when nothing is running and nothing was just finished. */
  progress = $state.raw<ReverifyProgress | null>(null);
  error = $state<string | null>(null);

  #unlisten: UnlistenFn | null = null;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #onFinished: () => void;

  constructor(onFinished: () => void) {
    this.#onFinished = onFinished;
  }

  async init(): Promise<void> {
    try {
      this.#unlisten = await onReverifyProgress((progress) => this.#report(progress));
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  dispose(): void {
    clearTimeout(this.#timer);
    this.#unlisten?.();
    this.#unlisten = null;
  }

  #report(progress: ReverifyProgress): void {
    clearTimeout(this.#timer);
    this.progress = progress;
    if (!progress.finished) return;
    this.#onFinished();
    this.#timer = setTimeout(() => (this.progress = null), FINISHED_NOTICE_MS);
  }
}
