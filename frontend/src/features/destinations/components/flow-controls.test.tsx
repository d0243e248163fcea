import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { components } from "@/api/schema";
import { flowControls } from "@/testing/data";
import { csrf, loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderInRouter } from "@/testing/test-utils";

import { DestinationDetail } from "./destination-detail";
import { DestinationForm, destinationBody } from "./destination-form";

const open = {
  state: "open" as const,
  since: "2026-11-25T12:00:00Z",
  consecutive_failures: 10,
  threshold: 10,
  next_probe_at: "2026-11-25T12:01:00Z",
};

const destination: components["schemas"]["DestinationOutput"] = {
  id: "de570000-0000-4000-8000-000000000001",
  name: "Billing",
  url: "https://billing.example/hooks",
  provider_ids: [],
  event_types: [],
  header_names: [],
  timeout_seconds: 15,
  max_attempts: 8,
  retry_schedule: null,
  is_active: true,
  consecutive_failures: 10,
  last_alert_at: null,
  previous_secret_expires_at: null,
  filter_expression: "",
  transformation: "",
  ...flowControls({ rate_limit: 5, circuit: open, ordered: true, ordering_key: "body.customer" }),
  created_at: "2026-11-25T12:00:00Z",
  updated_at: "2026-11-25T12:00:00Z",
};

const history = [
  {
    id: "c1000000-0000-4000-8000-000000000001",
    from_state: "closed",
    to_state: "open",
    reason: "failures" as const,
    consecutive_failures: 10,
    at: "2026-11-25T12:00:00Z",
  },
];

function circuitHandlers(onReset = vi.fn()) {
  return [
    http.get("/api/v1/destinations/{id}/attempts/", ({ response }) => response(200).json([])),
    http.get("/api/v1/destinations/{id}/circuit/", ({ response }) => response(200).json({ ...open, transitions: history })),
    http.post("/api/v1/destinations/{id}/circuit/", ({ response }) => {
      onReset();
      return response(200).json({ ...open, state: "closed", consecutive_failures: 0, next_probe_at: null, transitions: history });
    }),
  ];
}

describe("a destination's delivery controls", () => {
  it("shows an open circuit with its history, and lets an admin close it", async () => {
    const onReset = vi.fn();
    server.use(loggedInAs("admin"), csrf(), ...circuitHandlers(onReset));
    const user = userEvent.setup({ delay: null });
    renderInRouter(<DestinationDetail destination={destination} providerOptions={[]} onDeleted={() => {}} />);

    expect(screen.getByText("5 per second")).toBeInTheDocument();
    expect(screen.getByText(/One at a time per body\.customer/)).toBeInTheDocument();
    const table = await screen.findByRole("table", { name: "Circuit history" });
    expect(within(table).getByText("closed → open")).toBeInTheDocument();
    expect(screen.getByText(/Deliveries wait; next probe/)).toBeInTheDocument();

    await user.click(screen.getByRole("button", { name: "Close circuit" }));
    const dialog = await screen.findByRole("dialog");
    await user.click(within(dialog).getByRole("button", { name: "Close circuit" }));
    await vi.waitFor(() => expect(onReset).toHaveBeenCalledOnce());
  });

  it("offers members no way to close the circuit", async () => {
    server.use(loggedInAs("member"), ...circuitHandlers());
    renderInRouter(<DestinationDetail destination={destination} providerOptions={[]} onDeleted={() => {}} />);

    expect(await screen.findByRole("table", { name: "Circuit history" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Close circuit" })).not.toBeInTheDocument();
  });

  it("sends a rate limit and an ordering key, and an empty limit as none", async () => {
    const onSubmit = vi.fn();
    const user = userEvent.setup({ delay: null });
    renderInRouter(<DestinationForm providerOptions={[]} submitLabel="Create" pending={false} onSubmit={onSubmit} />);

    const fill = async (name: RegExp, text: string) => {
      await user.click(screen.getByRole("textbox", { name }));
      await user.paste(text);
    };
    await fill(/^name/i, "Billing");
    await fill(/^url/i, "https://billing.example/hooks");
    await fill(/rate limit/i, "5");
    await user.click(screen.getByRole("switch", { name: /ordered delivery/i }));
    await fill(/ordering key/i, "body.customer");
    await user.click(screen.getByRole("button", { name: "Create" }));

    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledOnce());
    const body = destinationBody(onSubmit.mock.calls[0]![0]);
    expect(body).toMatchObject({ rate_limit: 5, rate_period: "second", ordered: true, ordering_key: "body.customer" });

    await user.clear(screen.getByRole("textbox", { name: /rate limit/i }));
    await user.click(screen.getByRole("button", { name: "Create" }));
    await vi.waitFor(() => expect(onSubmit).toHaveBeenCalledTimes(2));
    expect(destinationBody(onSubmit.mock.calls[1]![0]).rate_limit).toBeNull();
  });
});
