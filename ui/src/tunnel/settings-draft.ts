// The tunnel settings form as typed (all text) and as the core takes them.
// The core checks the path and URL and says what is wrong.
import type { TunnelSettings } from "../lib/ipc";

export const DEFAULT_WEBHOOK_PATH = "/webhooks/self";

export type TunnelSettingsDraft = { domain: string; webhookPath: string; manualUrl: string };

export function draftOf(settings: TunnelSettings): TunnelSettingsDraft {
  return { domain: settings.domain ?? "", webhookPath: settings.webhook_path, manualUrl: settings.manual_url ?? "" };
}

export function sameDraft(a: TunnelSettingsDraft, b: TunnelSettingsDraft): boolean {
  return a.domain === b.domain && a.webhookPath === b.webhookPath && a.manualUrl === b.manualUrl;
}

/** Blanks become null; a blank path is the default one. */
export function settingsOf(draft: TunnelSettingsDraft): TunnelSettings {
  return {
    domain: draft.domain.trim() || null,
    webhook_path: draft.webhookPath.trim() || DEFAULT_WEBHOOK_PATH,
    manual_url: draft.manualUrl.trim() || null,
  };
}
