// "Copy as cURL": the core writes the command (it knows how to re-sign), the
// clipboard takes it, and it stays on screen to select by hand when the
// clipboard refuses.
import { curlCommand } from "../lib/ipc";
import type { LastError } from "./last-error.svelte";

export type CurlText = { deliveryId: string; resigned: boolean; text: string };

export class CurlStore {
  /** The last command written, and for which delivery. */
  command = $state.raw<CurlText | null>(null);
  /** How the last copy went, for a moment after it. */
  copied = $state<"copied" | "failed" | null>(null);

  readonly #lastError: LastError;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(lastError: LastError) {
    this.#lastError = lastError;
  }

  async copy(id: string, target: string | null, resigned: boolean): Promise<void> {
    clearTimeout(this.#timer);
    this.copied = null;
    this.#lastError.clear();
    let text: string;
    try {
      text = await curlCommand(id, target, resigned);
    } catch (error) {
      this.#lastError.show(error);
      return;
    }
    this.command = { deliveryId: id, resigned, text };
    try {
      await navigator.clipboard.writeText(text);
      this.copied = "copied";
    } catch {
      this.copied = "failed";
    }
    this.#timer = setTimeout(() => (this.copied = null), 1600);
  }

  dispose(): void {
    clearTimeout(this.#timer);
  }
}
