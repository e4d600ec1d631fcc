// The public URL side of Hookscope: the ngrok tunnel's state, the URL to
// register at the provider, and the tunnel settings, as the core last
// reported them. The core pushes `tunnel-changed` on every change, including
// the ones the tunnel makes on its own (online, reconnecting, failed).
import {
  errorMessage,
  onTunnelChanged,
  setNgrokToken,
  setTunnelSettings,
  tunnelStart,
  tunnelStop,
  tunnelView,
  type TunnelSettings,
  type TunnelStateKind,
  type TunnelView,
  type UnlistenFn,
} from "../lib/ipc";

/** States in which the tunnel is wanted up: the switch shows as on. */
const SWITCHED_ON: ReadonlySet<TunnelStateKind> = new Set(["connecting", "online", "reconnecting"]);

export class TunnelStore {
  /** null until the core has answered once. */
  view = $state.raw<TunnelView | null>(null);
  /** Why switching failed (e.g. "start the local listener first"); shown beside the switch. */
  switchError = $state<string | null>(null);
  /** Why the core refused the tunnel settings; shown beside their form. */
  settingsError = $state<string | null>(null);
  /** Why saving or forgetting the token failed. */
  tokenError = $state<string | null>(null);
  /** A call is in flight: its buttons are disabled meanwhile. */
  busy = $state(false);

  readonly kind = $derived<TunnelStateKind>(this.view?.state.state ?? "off");
  readonly switchedOn = $derived(SWITCHED_ON.has(this.kind));

  // Every change comes as an event. An answer to a call is taken only when no
  // event arrived while it was in flight: the event may be newer.
  #eventCount = 0;
  #unlisten: UnlistenFn | null = null;

  async init(): Promise<void> {
    try {
      // Subscribe first so a change between the two calls is not lost.
      this.#unlisten = await onTunnelChanged((view) => {
        this.#eventCount++;
        this.view = view;
      });
      await this.#call(() => tunnelView(), (message) => (this.switchError = message));
    } catch (error) {
      this.switchError = errorMessage(error);
    }
  }

  /** The switch: stops a wanted tunnel, starts one that is off or failed. */
  toggle(): Promise<boolean> {
    return this.switchedOn ? this.stop() : this.start();
  }

  start(): Promise<boolean> {
    return this.#call(() => tunnelStart(), (message) => (this.switchError = message));
  }

  stop(): Promise<boolean> {
    return this.#call(() => tunnelStop(), (message) => (this.switchError = message));
  }

  saveSettings(settings: TunnelSettings): Promise<boolean> {
    return this.#call(() => setTunnelSettings(settings), (message) => (this.settingsError = message));
  }

  /** Hands the token to the core's vault; it is never read back. */
  saveToken(token: string): Promise<boolean> {
    return this.#call(() => setNgrokToken(token), (message) => (this.tokenError = message));
  }

  forgetToken(): Promise<boolean> {
    return this.#call(() => setNgrokToken(null), (message) => (this.tokenError = message));
  }

  dispose(): void {
    this.#unlisten?.();
    this.#unlisten = null;
  }

  async #call(call: () => Promise<TunnelView>, fail: (message: string) => void): Promise<boolean> {
    this.busy = true;
    this.switchError = null;
    this.settingsError = null;
    this.tokenError = null;
    const seen = this.#eventCount;
    try {
      const view = await call();
      if (this.#eventCount === seen || this.view === null) this.view = view;
      return true;
    } catch (error) {
      fail(errorMessage(error));
      return false;
    } finally {
      this.busy = false;
    }
  }
}
