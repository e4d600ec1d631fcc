// What the first-run guide needs from the window, handed down through context
// so the timeline's empty state can show it without the timeline knowing.
import { getContext, setContext } from "svelte";

import type { ListenerStore } from "../settings/listener.svelte";
import type { TunnelStore } from "../tunnel/tunnel.svelte";
import type { FirstRunStore } from "./first-run.svelte";

export type FirstRunContext = {
  listener: ListenerStore;
  tunnel: TunnelStore;
  firstRun: FirstRunStore;
  /** Opens the settings at the form that adds a signing secret. */
  openSecretForm: () => void;
};

const KEY = Symbol("first-run");

export function setFirstRunContext(context: FirstRunContext): void {
  setContext(KEY, context);
}

/** The context, or undefined where the window did not set one (a list shown on its own). */
export function getFirstRunContext(): FirstRunContext | undefined {
  return getContext<FirstRunContext | undefined>(KEY);
}

/** The webhook path when the tunnel settings have not been read yet (the core's default). */
export const DEFAULT_WEBHOOK_PATH = "/webhooks/self";

export type RegisterUrl = { url: string; public: boolean };

/** The URL to register at the provider: the public webhook URL when there is one, else the local one. */
export function registerUrl(localUrl: string | null, tunnel: TunnelStore): RegisterUrl | null {
  const view = tunnel.view;
  if (view?.webhook_url) return { url: view.webhook_url, public: true };
  if (localUrl === null) return null;
  const path = view?.settings.webhook_path ?? DEFAULT_WEBHOOK_PATH;
  return { url: `${localUrl.replace(/\/+$/, "")}${path}`, public: false };
}
