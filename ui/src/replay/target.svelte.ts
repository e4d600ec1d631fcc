// Where replays go: the saved default target, and the field the user edits
// for the next replays (which may differ from it without being saved).
import { replaySettings, setReplaySettings, type ReplaySettings } from "../lib/ipc";
import type { LastError } from "./last-error.svelte";

export class ReplayTargetStore {
  /** null until the core has answered once. */
  settings = $state.raw<ReplaySettings | null>(null);
  /** The target field. */
  draft = $state("");
  /** The answer timeout field, in seconds. */
  timeoutDraft = $state("");
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
      if (this.timeoutDraft === "") this.timeoutDraft = String(settings.timeout_seconds);
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

  /** The timeout field as whole seconds (1–600), or null when it is not one. */
  get timeoutSeconds(): number | null {
    const text = this.timeoutDraft.trim();
    const value = /^\d{1,3}$/.test(text) ? Number(text) : NaN;
    return value >= 1 && value <= 600 ? value : null;
  }

  /** Whether the fields say something other than the saved settings. */
  get changed(): boolean {
    if (this.settings === null) return false;
    return this.chosen !== this.settings.target || this.timeoutSeconds !== this.settings.timeout_seconds;
  }

  /** Saves the field as the default target; true when the core took it. */
  async save(): Promise<boolean> {
    if (this.settings === null) return false;
    const timeout_seconds = this.timeoutSeconds;
    if (timeout_seconds === null) {
      this.#lastError.show(new Error("The timeout is a whole number of seconds from 1 to 600."));
      return false;
    }
    this.saving = true;
    this.#lastError.clear();
    try {
      this.settings = await setReplaySettings({ ...this.settings, target: this.chosen, timeout_seconds });
      this.draft = this.settings.target ?? "";
      this.timeoutDraft = String(this.settings.timeout_seconds);
      return true;
    } catch (error) {
      this.#lastError.show(error);
      return false;
    } finally {
      this.saving = false;
    }
  }
}
