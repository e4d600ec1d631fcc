// How much the store keeps (the retention cap) and how full it is. Read when
// the settings open; saving a lower cap makes the core remove the oldest
// unpinned deliveries in the background.
import { errorMessage, retention, setRetention, type Retention, type RetentionView } from "../lib/ipc";

const MIB = 1024 * 1024;

/** The form's fields as typed: a count, and a size in MiB. */
export type RetentionForm = { maxDeliveries: string; maxMib: string };

export function formOf(view: RetentionView): RetentionForm {
  const mib = view.retention.max_body_bytes / MIB;
  return { maxDeliveries: String(view.retention.max_deliveries), maxMib: String(Math.round(mib * 100) / 100) };
}

/** The cap a form asks for, or a sentence saying what is wrong with it. */
export function parseForm(form: RetentionForm): Retention | string {
  const count = form.maxDeliveries.trim();
  if (!/^\d{1,12}$/.test(count) || Number(count) < 1) return "Keep at least 1 delivery (a whole number).";
  const mib = Number(form.maxMib.trim());
  if (form.maxMib.trim() === "" || !Number.isFinite(mib) || mib < 1) return "Keep at least 1 MiB of bodies.";
  return { max_deliveries: Number(count), max_body_bytes: Math.round(mib * MIB) };
}

export class RetentionStore {
  /** null until the core has answered once. */
  view = $state.raw<RetentionView | null>(null);
  error = $state<string | null>(null);
  saving = $state(false);

  async load(): Promise<void> {
    try {
      this.view = await retention();
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  /** Saves the cap; true when the core took it. */
  async save(cap: Retention): Promise<boolean> {
    this.saving = true;
    this.error = null;
    try {
      this.view = await setRetention(cap);
      return true;
    } catch (error) {
      this.error = errorMessage(error);
      return false;
    } finally {
      this.saving = false;
    }
  }
}
