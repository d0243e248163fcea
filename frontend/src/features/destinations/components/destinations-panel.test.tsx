import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { components } from "@/api/schema";
import { csrf, loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderInRouter } from "@/testing/test-utils";

import { DestinationsPanel } from "./destinations-panel";

const created: components["schemas"]["DestinationCreatedOutput"] = {
  id: "de570000-0000-4000-8000-000000000001",
  name: "Billing",
  url: "https://billing.example/hooks",
  provider_ids: [],
  event_types: [],
  header_names: ["Authorization"],
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
  signing_secret: "whsec_c2VjcmV0",
};

describe("the destinations page", () => {
  it("creates a destination and shows its signing secret once", async () => {
    let sent: unknown;
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/destinations/", ({ response }) => response(200).json({ results: [] })),
      http.post("/api/v1/destinations/", async ({ request, response }) => {
        sent = await request.json();
        return response(201).json(created);
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<DestinationsPanel providerOptions={[]} />);

    await user.click((await screen.findAllByRole("button", { name: "New destination" }))[0]!);
    const dialog = await screen.findByRole("dialog", { name: "New destination" });
    await user.type(within(dialog).getByRole("textbox", { name: /^name/i }), "Billing");
    await user.type(within(dialog).getByRole("textbox", { name: /^url/i }), "https://billing.example/hooks");
    await user.type(within(dialog).getByLabelText(/event types/i), "invoice.*{Enter}");
    await user.type(within(dialog).getByRole("textbox", { name: /extra headers/i }), "Authorization: Bearer t0k");
    await user.click(within(dialog).getByRole("button", { name: "Create destination" }));

    expect(await within(dialog).findByLabelText("Signing secret")).toHaveTextContent("whsec_c2VjcmV0");
    expect(sent).toEqual({
      name: "Billing",
      url: "https://billing.example/hooks",
      provider_ids: [],
      event_types: ["invoice.*"],
      timeout_seconds: 15,
      max_attempts: 8,
      filter_expression: "",
      transformation: "",
      headers: { Authorization: "Bearer t0k" },
      is_active: true,
    });

    await user.click(within(dialog).getByRole("button", { name: "Done" }));
    expect(screen.queryByText("whsec_c2VjcmV0")).not.toBeInTheDocument();
  });

  it("shows the server's objection beside the URL", async () => {
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/destinations/", ({ response }) => response(200).json({ results: [] })),
      http.post("/api/v1/destinations/", ({ response }) =>
        response(400).json({
          error: "invalid",
          detail: "The input is not valid.",
          fields: { url: ["This address is private; destinations must be public."] },
        }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<DestinationsPanel providerOptions={[]} />);

    await user.click((await screen.findAllByRole("button", { name: "New destination" }))[0]!);
    const dialog = await screen.findByRole("dialog", { name: "New destination" });
    await user.type(within(dialog).getByRole("textbox", { name: /^name/i }), "Internal");
    await user.type(within(dialog).getByRole("textbox", { name: /^url/i }), "http://10.0.0.1/hooks");
    await user.click(within(dialog).getByRole("button", { name: "Create destination" }));

    expect(await within(dialog).findByText("This address is private; destinations must be public.")).toBeInTheDocument();
    expect(within(dialog).getByRole("textbox", { name: /^url/i })).toHaveAttribute("aria-invalid", "true");
  });

  it("pages through the destinations with Load more", async () => {
    const cursors: (string | null)[] = [];
    const destination = (n: number) => ({
      ...created,
      id: `de570000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      name: `Service ${n}`,
    });
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/destinations/", ({ query, response }) => {
        cursors.push(query.get("cursor"));
        return query.get("cursor") === "p2"
          ? response(200).json({ results: [destination(2)] })
          : response(200).json({ next: "http://testserver/api/v1/destinations/?cursor=p2", results: [destination(1)] });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<DestinationsPanel providerOptions={[]} />);

    expect(await screen.findByRole("link", { name: "Service 1" })).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Load more" }));

    expect(await screen.findByRole("link", { name: "Service 2" })).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Service 1" })).toBeInTheDocument();
    expect(screen.getByText("Showing all 2 destinations")).toBeInTheDocument();
    expect(cursors).toEqual([null, "p2"]);
  });

  it("keeps the loaded rows and offers a retry when the next page fails", async () => {
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/destinations/", ({ query, response }) =>
        query.get("cursor")
          ? response(400).json({ error: "invalid", detail: "Invalid cursor", fields: {} })
          : response(200).json({ next: "http://testserver/api/v1/destinations/?cursor=bad", results: [created] }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<DestinationsPanel providerOptions={[]} />);

    await user.click(await screen.findByRole("button", { name: "Load more" }));

    expect(await screen.findByRole("alert")).toHaveTextContent("Invalid cursor");
    expect(screen.getByRole("link", { name: "Billing" })).toBeInTheDocument();
    expect(screen.getByRole("button", { name: "Try again" })).toBeInTheDocument();
  });
});
