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
    ...overrides,
  };
}

export function aLogDetail(overrides: Partial<Schemas["LogDetailOutput"]> = {}): Schemas["LogDetailOutput"] {
  return {
    ...aLogSummary(),
    headers: { "content-type": "application/json", "stripe-signature": "[redacted]" },
    payload: { id: "evt_1", type: "invoice.paid" },
    ...overrides,
  };
}
