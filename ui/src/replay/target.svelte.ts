// Where replays go: the saved default target, and the field the user edits
// for the next replays (which may differ from it without being saved).
import { replaySettings, setReplaySettings, type ReplaySettings } from "../lib/ipc";
import type { LastError } from "./last-error.svelte";

export class ReplayTargetStore {
  /** null until the core has answered once. */
  settings = $state.raw<ReplaySettings | null>(null);
  /** The target field. */
  draft = $state("");
  saving = $state(false);

  readonly #lastError: LastError;
  #asked = false;

  constructor(lastError: LastError) {
    this.#lastError = lastError;
  }

  /** Reads the saved target once; the field is prefilled with it unless already typed in. */
  async load(): Promise<void> {
    if (this.#asked) return;
    this.#asked = true;
    try {
      const settings = await replaySettings();
      this.settings = settings;
      if (this.draft === "") this.draft = settings.target ?? "";
    } catch (error) {
      this.#asked = false;
      this.#lastError.show(error, "Could not read the replay target");
    }
  }

  /** What a replay sends as its target: the field, or null (the saved target) when it is empty. */
  get chosen(): string | null {
    const typed = this.draft.trim();
    return typed === "" ? null : typed;
  }

  /** Whether the field says something other than the saved target. */
  get changed(): boolean {
    return this.settings !== null && this.chosen !== this.settings.target;
  }

  /** Saves the field as the default target; true when the core took it. */
  async save(): Promise<boolean> {
    if (this.settings === null) return false;
    this.saving = true;
    this.#lastError.clear();
    try {
      this.settings = await setReplaySettings({ ...this.settings, target: this.chosen });
      this.draft = this.settings.target ?? "";
      return true;
    } catch (error) {
      this.#lastError.show(error);
      return false;
    } finally {
      this.saving = false;
    }
  }
}
