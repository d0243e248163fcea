/** Per signature scheme: what it is called, and what to paste where in the sender's console. */
import type { components } from "@/api/schema";

export type ProviderName = components["schemas"]["ProviderOutput"]["provider_name"];

type Guide = {
  label: string;
  /** What the sender calls the shared secret, for the input's label. */
  secretLabel: string | null;
  secretPlaceholder?: string;
  /** Steps in the sender's console, in order. */
  steps: string[];
};

// A Record, so a scheme the API adds is a compile error here until it has a guide.
export const providerGuides: Record<ProviderName, Guide> = {
  stripe: {
    label: "Stripe",
    secretLabel: "Endpoint signing secret",
    secretPlaceholder: "whsec_…",
    steps: [
      "In the Stripe Dashboard open Developers → Webhooks → Add endpoint and choose the events to send.",
      "Reveal the endpoint's signing secret (whsec_…) and paste it here.",
      "Once created, set the endpoint URL in Stripe to the ingest URL Hooklane shows.",
    ],
  },
  github: {
    label: "GitHub",
    secretLabel: "Webhook secret",
    steps: [
      "Make up a long random secret and paste it here.",
      "In the repository or organization open Settings → Webhooks → Add webhook.",
      "Payload URL: the ingest URL Hooklane shows; Content type: application/json; Secret: the same secret.",
    ],
  },
  shopify: {
    label: "Shopify",
    secretLabel: "Webhook signing secret",
    steps: [
      "In the Shopify admin open Settings → Notifications → Webhooks (or your app's settings in the Partner Dashboard).",
      "Copy the signing secret shown under the webhooks list (for apps: the app's client secret) and paste it here.",
      "Create a webhook with the ingest URL Hooklane shows, format JSON.",
    ],
  },
  slack: {
    label: "Slack",
    secretLabel: "Signing secret",
    steps: [
      "At api.slack.com/apps open your app → Basic Information and copy the Signing Secret here.",
      "Under Event Subscriptions paste the ingest URL as the Request URL; Hooklane answers Slack's challenge.",
    ],
  },
  twilio: {
    label: "Twilio",
    secretLabel: "Auth token",
    steps: [
      "In the Twilio Console open Account → API keys & tokens and copy the Auth Token here.",
      "Set the ingest URL as the webhook of your phone number or messaging service (HTTP POST).",
    ],
  },
  standard_webhooks: {
    label: "Standard Webhooks / Svix",
    secretLabel: "Signing secret",
    secretPlaceholder: "whsec_…",
    steps: [
      "In the sender's webhook settings (Svix, Resend, Clerk, …) add an endpoint.",
      "Copy the endpoint's signing secret (whsec_…) here.",
      "Set the endpoint URL to the ingest URL Hooklane shows.",
    ],
  },
  hmac_generic: {
    label: "Generic HMAC",
    secretLabel: "Shared secret",
    steps: [
      "For a sender that signs the raw body with a shared secret: paste the secret here.",
      "Tell Hooklane the header it signs in, the hash algorithm, the encoding and any prefix (e.g. sha256=).",
      "Point the sender at the ingest URL Hooklane shows.",
    ],
  },
  none: {
    label: "No signature",
    secretLabel: null,
    steps: [
      "Nothing to verify: anyone who knows the ingest URL can post to it.",
      "Use only for senders that cannot sign, and keep the URL private.",
    ],
  },
  custom: {
    label: "Custom recipe",
    secretLabel: "Signing secret",
    steps: [
      "Describe the sender's signature as a recipe in settings.recipe; try it on a sample request in the recipe console.",
      "Paste the shared secret the sender signs with.",
    ],
  },
};

export const providerOptions = Object.entries(providerGuides).map(([value, guide]) => ({ value, label: guide.label }));

export function isProviderName(value: string | null): value is ProviderName {
  return value !== null && Object.hasOwn(providerGuides, value);
}
