/** Small factories for API bodies in tests, typed from the schema so they drift with it. */
import type { components } from "@/api/schema";

type Schemas = components["schemas"];

export function aLogSummary(overrides: Partial<Schemas["LogSummaryOutput"]> = {}): Schemas["LogSummaryOutput"] {
  return {
    id: "5f0c6a52-0000-4000-8000-000000000001",
    provider: { id: "7d1e0000-0000-4000-8000-0000000000aa", display_name: "Stripe live", provider_name: "stripe" },
    status: "delivered",
    event_type: "invoice.paid",
    external_id: "evt_1",
    content_type: "application/json",
    size_bytes: 512,
    source_ip: "127.0.0.1",
    received_at: "2026-11-25T12:00:00Z",
    processed_at: "2026-11-25T12:00:01Z",
    error: "",
    has_failed_attempts: false,
    probable_replay: false,
    verification: "verified",
    verification_reason: "",
    ...overrides,
  };
}

export function aLogDetail(overrides: Partial<Schemas["LogDetailOutput"]> = {}): Schemas["LogDetailOutput"] {
  return {
    ...aLogSummary(),
    headers: { "content-type": "application/json", "stripe-signature": "[redacted]" },
    signature_headers_redacted: true,
    payload: { id: "evt_1", type: "invoice.paid" },
    ...overrides,
  };
}

export function anAttempt(overrides: Partial<Schemas["DeliveryAttemptOutput"]> = {}): Schemas["DeliveryAttemptOutput"] {
  return {
    id: "a1000000-0000-4000-8000-000000000001",
    delivery_id: "d1000000-0000-4000-8000-000000000001",
    log_id: "5f0c6a52-0000-4000-8000-000000000001",
    destination_id: "de570000-0000-4000-8000-000000000001",
    destination_name: "Billing",
    listen_session_id: null,
    attempt_number: 1,
    cycle: 1,
    outcome: "succeeded",
    status_code: 200,
    response_excerpt: "ok",
    duration_ms: 8,
    error: "",
    next_retry_at: null,
    created_at: "2026-11-25T12:00:01Z",
    ...overrides,
  };
}

export function aMe(overrides: Partial<Schemas["MeOutput"]> = {}): Schemas["MeOutput"] {
  return {
    id: "0b7f0000-0000-4000-8000-00000000000a",
    email: "ada@acme.example",
    role: "admin",
    organization: { id: "0b7f0000-0000-4000-8000-0000000000f0", name: "Acme", slug: "acme", retention_days: 30 },
    last_login_at: null,
    ...overrides,
  };
}

export function aProvider(overrides: Partial<Schemas["ProviderOutput"]> = {}): Schemas["ProviderOutput"] {
  return {
    id: "7d1e0000-0000-4000-8000-0000000000aa",
    provider_name: "stripe",
    display_name: "Stripe live",
    ingest_url: "http://127.0.0.1:8000/in/k3y",
    is_active: true,
    settings: {},
    has_signing_secret: true,
    previous_secret_expires_at: null,
    created_at: "2026-11-25T12:00:00Z",
    updated_at: "2026-11-25T12:00:00Z",
    ...overrides,
  };
}

export function aProviderType(overrides: Partial<Schemas["ProviderTypeOutput"]> = {}): Schemas["ProviderTypeOutput"] {
  return {
    name: "stripe",
    label: "Stripe",
    family: "hmac",
    verification: "verified",
    docs_url: "https://docs.stripe.com/webhooks#verify-events",
    setup: "In the Stripe Dashboard open Developers → Webhooks, add an endpoint with the ingest URL, then reveal its signing secret (whsec_…).",
    secret_label: "Endpoint signing secret",
    signature_headers: ["stripe-signature"],
    signs_timestamp: true,
    accepts_get: false,
    handshake: null,
    ...overrides,
  };
}

export function aUser(overrides: Partial<Schemas["UserOutput"]> = {}): Schemas["UserOutput"] {
  return {
    id: "0b7f0000-0000-4000-8000-00000000000b",
    email: "grace@acme.example",
    role: "member",
    is_active: true,
    last_login_at: null,
    created_at: "2026-11-25T12:00:00Z",
    ...overrides,
  };
}

export function anInvitation(overrides: Partial<Schemas["InvitationOutput"]> = {}): Schemas["InvitationOutput"] {
  return {
    id: "0b7f0000-0000-4000-8000-0000000000a1",
    email: "ada@elsewhere.example",
    role: "member",
    invited_by: { id: "0b7f0000-0000-4000-8000-00000000000a", email: "admin@acme.example" },
    created_at: "2026-11-25T12:00:00Z",
    expires_at: "2026-11-28T12:00:00Z",
    ...overrides,
  };
}

export function aJob(overrides: Partial<Schemas["ReplayJobOutput"]> = {}): Schemas["ReplayJobOutput"] {
  return {
    id: "9a000000-0000-4000-8000-000000000001",
    kind: "replay",
    target_id: null,
    target_name: "",
    status: "running",
    filters: {},
    destination_id: null,
    total: 10,
    done: 4,
    replayed: 4,
    error: "",
    created_at: "2026-11-25T12:00:00Z",
    finished_at: null,
    ...overrides,
  };
}

/** A destination's delivery controls as the API returns them by default (no limit, circuit closed, unordered). */
export function flowControls(
  overrides: Partial<Schemas["DestinationOutput"]> = {},
): Pick<
  Schemas["DestinationOutput"],
  | "rate_limit"
  | "rate_period"
  | "circuit_threshold"
  | "circuit_probe_seconds"
  | "circuit"
  | "ordered"
  | "ordering_key"
  | "ordering_on_failure"
> {
  return {
    rate_limit: null,
    rate_period: "second",
    circuit_threshold: 10,
    circuit_probe_seconds: 60,
    circuit: { state: "closed", since: null, consecutive_failures: 0, threshold: 10, next_probe_at: null },
    ordered: false,
    ordering_key: "",
    ordering_on_failure: "wait",
    ...overrides,
  };
}
