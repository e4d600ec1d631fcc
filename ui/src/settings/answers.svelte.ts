// How Hookscope answers deliveries (status, delay, body and headers, "fail
// the next N", a per-attempt script), as the core last reported it. The core also pushes
// `answers-changed`, e.g. as "fail the next 3" counts down.
import {
  answers,
  errorMessage,
  onAnswersChanged,
  setAnswers,
  type AnswerForm,
  type AnswersView,
  type UnlistenFn,
} from "../lib/ipc";

/** Plain 200s with Hookscope's own body, no delay, no extra headers, no script: what "Reset" sends. */
export const DEFAULT_ANSWERS: AnswerForm = { status: null, delay: "", body: "", headers: "", script: "", fail_next: null, fail_status: null };

export class AnswersStore {
  /** null until the core has answered once. */
  view = $state.raw<AnswersView | null>(null);
  /** The core's message for a rejected change (or a failed load): shown by the form. */
  error = $state<string | null>(null);
  applying = $state(false);

  #eventCount = 0;
  #unlisten: UnlistenFn | null = null;

  async init(): Promise<void> {
    try {
      // Subscribe first so a change between the two calls is not lost.
      this.#unlisten = await onAnswersChanged((view) => {
        this.#eventCount++;
        this.view = view;
      });
      const seen = this.#eventCount;
      const view = await answers();
      if (this.#eventCount === seen) this.view = view;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Sends `form`; true when the core took it. */
  async apply(form: AnswerForm): Promise<boolean> {
    this.applying = true;
    this.error = null;
    try {
      this.view = await setAnswers(form);
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      return false;
    } finally {
      this.applying = false;
    }
  }

  reset(): Promise<boolean> {
    return this.apply({ ...DEFAULT_ANSWERS });
  }

  dispose(): void {
    this.#unlisten?.();
    this.#unlisten = null;
  }
}
