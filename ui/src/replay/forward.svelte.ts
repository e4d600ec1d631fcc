// Forward mode: every incoming delivery also goes to the saved replay target
// as it arrives, optionally re-signed, and optionally with the handler's
// status mirrored back to the sender. Each change is sent at once; the core
// refuses to enable it with no saved replay target, and says so.
import {
  errorMessage,
  forwardSettings,
  replaySettings,
  setForwardSettings,
  type ForwardSettings,
} from "../lib/ipc";

export class ForwardStore {
  /** null until the core has answered once. */
  settings = $state.raw<ForwardSettings | null>(null);
  /** Where forwarded deliveries go (the saved replay target); null when none is saved. */
  target = $state<string | null>(null);
  error = $state<string | null>(null);
  saving = $state(false);

  async load(): Promise<void> {
    try {
      this.settings = await forwardSettings();
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    }
    try {
      this.target = (await replaySettings()).target;
    } catch {
      // Only said for information: the switches work without it.
    }
  }

  /** Sends `next`; true when the core took it. On a refusal the settings stay as they were. */
  async set(next: ForwardSettings): Promise<boolean> {
    this.saving = true;
    this.error = null;
    try {
      this.settings = await setForwardSettings(next);
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      return false;
    } finally {
      this.saving = false;
    }
  }
}
