// The first-run "Send test event": what was sent, what went wrong, and the
// secret generated for it (when none was configured), which is shown once.
import { errorMessage, sendTestEvent, type TestEventView } from "../lib/ipc";

export class FirstRunStore {
  sending = $state(false);
  /** The last test event sent. */
  sent = $state.raw<TestEventView | null>(null);
  error = $state<string | null>(null);
  /** A secret generated for the test event; shown until dismissed, then never again. */
  generatedSecret = $state<string | null>(null);
  generatedLabel = $state<string | null>(null);

  async sendTestEvent(): Promise<void> {
    if (this.sending) return;
    this.sending = true;
    this.error = null;
    try {
      const view = await sendTestEvent();
      this.sent = view;
      if (view.generated_secret !== null) {
        this.generatedSecret = view.generated_secret;
        this.generatedLabel = view.secret_label;
      }
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.sending = false;
    }
  }

  /** Forgets the generated secret's value: the settings show it masked from then on. */
  dismissSecret(): void {
    this.generatedSecret = null;
    this.generatedLabel = null;
  }
}
