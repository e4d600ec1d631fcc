// The signing secrets as the core describes them: labels, schemes and masked
// values only. A new secret's value passes through `add` to the core and is
// not kept anywhere here.
import {
  addSecret,
  errorMessage,
  removeSecret,
  secrets,
  setTolerance as saveTolerance,
  type NewSecret,
  type SecretsView,
} from "../lib/ipc";

export class SecretsStore {
  view = $state.raw<SecretsView | null>(null);
  /** A failed load, removal or tolerance change. */
  error = $state<string | null>(null);
  /** Why the core refused the secret last added: shown next to the form. */
  addError = $state<string | null>(null);
  busy = $state(false);

  async load(): Promise<void> {
    await this.#run(() => secrets(), (message) => (this.error = message));
  }

  /** True when the core stored the secret. */
  async add(secret: NewSecret): Promise<boolean> {
    this.addError = null;
    return this.#run(() => addSecret(secret), (message) => (this.addError = message));
  }

  async remove(label: string): Promise<boolean> {
    return this.#run(() => removeSecret(label), (message) => (this.error = message));
  }

  async setTolerance(seconds: number): Promise<boolean> {
    return this.#run(() => saveTolerance(seconds), (message) => (this.error = message));
  }

  async #run(call: () => Promise<SecretsView>, fail: (message: string) => void): Promise<boolean> {
    this.busy = true;
    this.error = null;
    try {
      this.view = await call();
      return true;
    } catch (error) {
      fail(errorMessage(error));
      return false;
    } finally {
      this.busy = false;
    }
  }
}
