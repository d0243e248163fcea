/** Handlers most page tests need: who is logged in. */
import type { components } from "@/api/schema";

import { aMe, aProviderType } from "./data";
import { http } from "./msw";

type Role = components["schemas"]["UserInviteInputRequest"]["role"];

/** `me` answers as a user with this role. */
export function loggedInAs(role: Role = "admin") {
  return http.get("/api/v1/auth/me/", ({ response }) => response(200).json(aMe({ role })));
}

/** `me` answers 401, as it does without a session. */
export function loggedOut() {
  return http.get("/api/v1/auth/me/", ({ response }) =>
    response(401).json({ error: "not_authenticated", detail: "Authentication credentials were not provided.", fields: {} }),
  );
}

/** The CSRF endpoint the client calls before its first unsafe request. */
export function csrf() {
  return http.get("/api/v1/auth/csrf/", ({ response }) => response(200).json({ csrf_token: "test-csrf-token" }));
}

/** The sender registry, with a few senders of each family (Stripe first). */
export function providerTypes(types = [
  aProviderType(),
  aProviderType({
    name: "github",
    label: "GitHub",
    docs_url: "https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries",
    setup: "Make up a secret; in Settings → Webhooks paste the ingest URL and the same secret.",
    secret_label: "Webhook secret",
    signs_timestamp: false,
  }),
  aProviderType({
    name: "gitlab",
    label: "GitLab",
    family: "token",
    verification: "authenticated",
    setup: "Paste a secret token in the project's Webhooks settings and here.",
    secret_label: "Secret token",
  }),
  aProviderType({
    name: "meta",
    label: "Meta (WhatsApp, Instagram, Messenger)",
    setup: "Paste the app secret here, choose a verify token and type it in Meta's webhook settings.",
    secret_label: "App secret",
    accepts_get: true,
    handshake: "meta_subscribe",
  }),
  aProviderType({
    name: "custom",
    label: "Custom recipe",
    family: "hmac",
    docs_url: "",
    setup: "Describe the sender's HMAC signature below and try it on a sample request.",
    secret_label: "Shared secret",
  }),
  aProviderType({ name: "none", label: "No signature", family: "unsigned", verification: "unsigned", docs_url: "", setup: "Nothing to verify.", secret_label: "" }),
]) {
  return http.get("/api/v1/provider-types/", ({ response }) => response(200).json(types));
}
