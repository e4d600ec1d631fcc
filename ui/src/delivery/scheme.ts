// Names of the signing schemes as their vendors write them.
import type { Scheme } from "../lib/ipc";

export const SCHEME_LABEL: Record<Scheme, string> = {
  standard_webhooks: "Standard Webhooks / Svix",
  stripe: "Stripe",
  github: "GitHub",
  shopify: "Shopify",
  slack: "Slack",
  generic: "Generic HMAC",
};

/** In the order the secret form offers them; the first is its default. */
export const SCHEMES: readonly Scheme[] = ["standard_webhooks", "stripe", "github", "shopify", "slack", "generic"];
