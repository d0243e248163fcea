import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import type { components } from "@/api/schema";
import { aJob } from "@/testing/data";
import { csrf, loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderInRouter } from "@/testing/test-utils";

import { DestinationDetail } from "./destination-detail";

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
  filter_expression: "",
  transformation: "",
  is_active: true,
  consecutive_failures: 0,
  last_alert_at: null,
  previous_secret_expires_at: null,
  created_at: "2026-11-25T12:00:00Z",
  updated_at: "2026-11-25T12:00:00Z",
};

describe("a destination's page", () => {
  it("deletes it as a background job, shows the progress, and leaves only when closed", async () => {
    let polls = 0;
    const job = aJob({ kind: "destination_delete", target_name: "Billing", status: "queued", total: 3000, done: 0 });
    const onDeleted = vi.fn();
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/destinations/{id}/attempts/", ({ response }) => response(200).json([])),
      http.delete("/api/v1/destinations/{id}/", ({ response }) => response(202).json(job)),
      http.get("/api/v1/jobs/{id}/", ({ response }) => {
        polls += 1;
        return response(200).json(
          polls === 1 ? { ...job, status: "running", done: 1000 } : { ...job, status: "done", done: 3000 },
        );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<DestinationDetail destination={destination} providerOptions={[]} onDeleted={onDeleted} />);

    await user.click(await screen.findByRole("button", { name: "Delete" }));
    await user.click(await screen.findByRole("button", { name: "Delete destination" }));

    const dialog = await screen.findByRole("dialog", { name: "Deleting Billing" });
    expect(await within(dialog).findByText(/1,000 of 3,000 deliveries and attempts detached/)).toBeInTheDocument();
    expect(onDeleted).not.toHaveBeenCalled();
    expect(await within(dialog).findByText(/Done\. 3,000 of 3,000/, {}, { timeout: 3_000 })).toBeInTheDocument();
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    expect(onDeleted).toHaveBeenCalledOnce();
  });

  it("shows why a job failed", async () => {
    const job = aJob({ kind: "destination_delete", status: "failed", total: 5, done: 2, error: "The worker gave up." });
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/destinations/{id}/attempts/", ({ response }) => response(200).json([])),
      http.delete("/api/v1/destinations/{id}/", ({ response }) => response(202).json(job)),
      http.get("/api/v1/jobs/{id}/", ({ response }) => response(200).json(job)),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<DestinationDetail destination={destination} providerOptions={[]} onDeleted={() => {}} />);

    await user.click(await screen.findByRole("button", { name: "Delete" }));
    await user.click(await screen.findByRole("button", { name: "Delete destination" }));

    const dialog = await screen.findByRole("dialog", { name: "Deleting Billing" });
    expect(await within(dialog).findByText("The worker gave up.")).toBeInTheDocument();
    expect(within(dialog).getByText(/The job failed\. 2 of 5/)).toBeInTheDocument();
  });
});

describe("a destination's test console", () => {
  it("opens on the saved filter and runs it", async () => {
    server.use(
      loggedInAs("member"),
      csrf(),
      http.get("/api/v1/destinations/{id}/attempts/", ({ response }) => response(200).json([])),
      http.get("/api/v1/logs/", ({ response }) => response(200).json({ results: [] })),
      http.post("/api/v1/destinations/filter-test/", ({ response }) =>
        response(200).json({ matches: true, value: true, reason: "The expression is true: the webhook is sent.", error: null }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    const filtered = { ...destination, filter_expression: "body.data.object.amount >= 1000" };
    renderInRouter(<DestinationDetail destination={filtered} providerOptions={[]} onDeleted={() => {}} />);

    expect(screen.getByText("body.data.object.amount >= 1000")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Open the test console" }));
    expect(screen.getByRole("textbox", { name: /filter \(cel\)/i })).toHaveValue("body.data.object.amount >= 1000");
    await user.click(screen.getByRole("radio", { name: "A pasted body" }));
    await user.click(screen.getByRole("textbox", { name: /body \(json\)/i }));
    await user.paste('{"data": {"object": {"amount": 2500}}}');
    await user.click(screen.getByRole("button", { name: "Test filter" }));

    expect(await screen.findByText("Matches: sent")).toBeInTheDocument();
  });
});
