// The full delivery behind the selected row, fetched on selection.
import { errorMessage, getDelivery, type DeliveryJson } from "../lib/ipc";

export class DeliveryDetailStore {
  /** `$state.raw`: a delivery can carry a 10 MiB body; it is only ever replaced whole. */
  delivery = $state.raw<DeliveryJson | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  // Selections change faster than the core answers (holding an arrow key): only
  // the answer for the latest request may land.
  #latest = 0;

  async show(id: string): Promise<void> {
    const request = ++this.#latest;
    if (this.delivery?.id !== id) this.delivery = null;
    this.loading = true;
    this.error = null;
    try {
      const delivery = await getDelivery(id);
      if (request === this.#latest) this.delivery = delivery;
    } catch (error) {
      if (request === this.#latest) this.error = errorMessage(error);
    } finally {
      if (request === this.#latest) this.loading = false;
    }
  }
}
