import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { csrf, loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderWithProviders } from "@/testing/test-utils";

import { OrganizationPanel } from "./organization-panel";

const organization = {
  id: "0b7f0000-0000-4000-8000-0000000000f0",
  name: "Acme",
  slug: "acme",
  retention_days: 30,
  ingest_rate_per_second: null,
  ingest_rate_burst: null,
  stored_bytes_quota: null,
  quota: {
    rate_per_second: 100,
    burst: 1000,
    stored_bytes_limit: 10 * 1024 ** 3,
    stored_bytes: 3 * 1024 * 1024,
    refused: { rate_limited: 12, over_quota: 0 },
  },
};

describe("the organization settings", () => {
  it("saves a new name and shows the server's objection to a retention", async () => {
    const sent: unknown[] = [];
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/organization/", ({ response }) => response(200).json(organization)),
      http.patch("/api/v1/organization/", async ({ request, response }) => {
        sent.push(await request.json());
        return response(400).json({
          error: "invalid",
          detail: "The input is not valid.",
          fields: { retention_days: ["Your plan keeps logs for 90 days at most."] },
        });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<OrganizationPanel />);

    const name = await screen.findByRole("textbox", { name: /^name/i });
    await user.clear(name);
    await user.type(name, "Acme Corp");
    await user.click(screen.getByRole("button", { name: "Save settings" }));

    expect(await screen.findByText("Your plan keeps logs for 90 days at most.")).toBeInTheDocument();
    expect(sent).toEqual([{ name: "Acme Corp", retention_days: 30 }]);
  });

  it("shows a member the settings without a way to change them", async () => {
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/organization/", ({ response }) => response(200).json(organization)),
    );
    renderWithProviders(<OrganizationPanel />);

    expect(await screen.findByRole("textbox", { name: /^name/i })).toHaveAttribute("readonly");
    expect(screen.queryByRole("button", { name: "Save settings" })).not.toBeInTheDocument();
    expect(screen.getByText("Only admins can change these settings.")).toBeInTheDocument();
  });

  it("shows the quotas in force, what is stored and how often webhooks were refused", async () => {
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/organization/", ({ response }) => response(200).json(organization)),
    );
    renderWithProviders(<OrganizationPanel />);

    expect(await screen.findByText("100/s, 1,000 at once")).toBeInTheDocument();
    expect(screen.getByText("3.0 MB of 10.0 GB")).toBeInTheDocument();
    expect(screen.getByText("12")).toBeInTheDocument();
  });
});
