// The signature report for the open delivery: fetched when the Signature tab
// is shown, and again after the stored deliveries were re-verified.
import { errorMessage, signatureReport, type SignatureReport } from "../lib/ipc";

export class SignatureReportStore {
  report = $state.raw<SignatureReport | null>(null);
  /** The delivery `report` belongs to. */
  reportId = $state<string | null>(null);
  error = $state<string | null>(null);

  #latest = 0;
  /** `id#revision` of the last request: switching tabs back and forth does not refetch. */
  #asked: string | null = null;

  async show(id: string, revision: number): Promise<void> {
    const asked = `${id}#${revision}`;
    if (asked === this.#asked && this.error === null) return;
    this.#asked = asked;
    const request = ++this.#latest;
    if (this.reportId !== id) {
      this.report = null;
      this.reportId = null;
    }
    this.error = null;
    try {
      const report = await signatureReport(id);
      if (request !== this.#latest) return;
      this.report = report;
      this.reportId = id;
    } catch (error) {
      if (request === this.#latest) this.error = errorMessage(error);
    }
  }
}
