import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { components } from "@/api/schema";
import { csrf, loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderInRouter } from "@/testing/test-utils";

import { IssuesPanel } from "./issues-panel";

type Issue = components["schemas"]["IssueOutput"];

const issue: Issue = {
  id: "15500000-0000-4000-8000-000000000001",
  destination_id: "de570000-0000-4000-8000-000000000001",
  destination_name: "Billing",
  kind: "http_5xx",
  state: "open",
  first_seen_at: "2026-12-03T12:00:00Z",
  last_seen_at: "2026-12-03T12:30:00Z",
  count: 12,
  sample_log_id: "1a900000-0000-4000-8000-000000000001",
  sample_attempt_id: null,
  last_status_code: 503,
  last_error: "HTTP 503",
  acknowledged_at: null,
  acknowledged_by: null,
  resolved_at: null,
  resolved_by: null,
  notified_at: "2026-12-03T12:00:00Z",
  created_at: "2026-12-03T12:00:00Z",
};

describe("the issues page", () => {
  it("lists unresolved issues with links to the destination and the latest webhook", async () => {
    const queries: string[] = [];
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/issues/", ({ request, response }) => {
        queries.push(new URL(request.url).search);
        return response(200).json({ results: [issue] });
      }),
    );
    renderInRouter(<IssuesPanel />);

    const table = await screen.findByRole("table", { name: "Issues" });
    expect(within(table).getByRole("link", { name: "Billing" })).toHaveAttribute("href", `/destinations/${issue.destination_id}`);
    expect(within(table).getByRole("link", { name: "The webhook" })).toHaveAttribute("href", `/logs/${issue.sample_log_id}`);
    expect(within(table).getByText("5xx response")).toBeInTheDocument();
    expect(within(table).getByText("HTTP 503")).toBeInTheDocument();
    expect(queries[0]).toContain("state=open&state=acknowledged");
    // Members read; only admins act.
    expect(within(table).queryByRole("button", { name: "Acknowledge" })).not.toBeInTheDocument();
  });

  it("lets an admin acknowledge an issue", async () => {
    let acknowledged = "";
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/issues/", ({ response }) => response(200).json({ results: [issue] })),
      http.post("/api/v1/issues/{id}/acknowledge/", ({ params, response }) => {
        acknowledged = params.id;
        return response(200).json({ ...issue, state: "acknowledged" });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<IssuesPanel />);

    await user.click(await screen.findByRole("button", { name: "Acknowledge" }));

    await expect.poll(() => acknowledged).toBe(issue.id);
  });
});
