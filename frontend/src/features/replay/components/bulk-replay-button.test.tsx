import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { aJob } from "@/testing/data";
import { csrf } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderWithProviders } from "@/testing/test-utils";

import { BulkReplayButton } from "./bulk-replay-button";

describe("bulk replay", () => {
  it("counts first, replays on confirmation, shows progress and cancels", async () => {
    const bodies: unknown[] = [];
    let job = aJob({ status: "running", total: 10, done: 4 });
    server.use(
      csrf(),
      http.post("/api/v1/logs/bulk-replay/", async ({ request, response }) => {
        const body = await request.json();
        bodies.push(body);
        return body?.dry_run ? response(200).json({ count: 10 }) : response(202).json(job);
      }),
      http.get("/api/v1/jobs/{id}/", ({ response }) => response(200).json(job)),
      http.post("/api/v1/jobs/{id}/cancel/", ({ response }) => {
        job = aJob({ status: "cancelled", total: 10, done: 4 });
        return response(200).json(job);
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<BulkReplayButton filters={{ status: ["failed"], q: "invoice" }} />);

    await user.click(screen.getByRole("button", { name: "Replay all matching" }));
    const dialog = await screen.findByRole("dialog", { name: "Bulk replay" });
    expect(await within(dialog).findByText(/webhooks match/)).toHaveTextContent("10 webhooks match");
    expect(bodies).toEqual([{ status: ["failed"], q: "invoice", dry_run: true }]);

    await user.click(within(dialog).getByRole("button", { name: "Replay 10 webhooks" }));
    expect(await within(dialog).findByRole("progressbar", { name: "Replay progress" })).toHaveAttribute(
      "aria-valuenow",
      "40",
    );
    expect(bodies.at(-1)).toEqual({ status: ["failed"], q: "invoice", dry_run: false });

    await user.click(within(dialog).getByRole("button", { name: "Cancel replay" }));
    expect(await within(dialog).findByText(/Cancelled/)).toBeInTheDocument();
    expect(within(dialog).queryByRole("button", { name: "Cancel replay" })).not.toBeInTheDocument();
  });

  it("says there is nothing to replay when nothing matches", async () => {
    server.use(csrf(), http.post("/api/v1/logs/bulk-replay/", ({ response }) => response(200).json({ count: 0 })));
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<BulkReplayButton filters={{}} />);

    await user.click(screen.getByRole("button", { name: "Replay all matching" }));

    expect(await screen.findByText(/there is nothing to replay/)).toBeInTheDocument();
  });
});
