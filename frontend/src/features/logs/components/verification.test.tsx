import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { components } from "@/api/schema";
import { aLogDetail, aLogSummary } from "@/testing/data";
import { csrf, loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderApp, renderInRouter } from "@/testing/test-utils";

import { LogsBrowser } from "./logs-browser";

type Log = components["schemas"]["LogDetailOutput"];

const rejected = aLogDetail({ status: "rejected", verification: "failed", verification_reason: "wrong_signature" });

function openLog(log: Log, role: "admin" | "member" = "admin") {
  server.use(
    loggedInAs(role),
    http.get("/api/v1/destinations/", ({ response }) => response(200).json({ results: [] })),
    http.get("/api/v1/logs/{id}/", ({ response }) => response(200).json(log)),
    http.get("/api/v1/logs/{id}/attempts/", ({ response }) => response(200).json({ next: null, results: [] })),
  );
  return renderApp(`/logs/${log.id}`);
}

describe("verification in the log list", () => {
  it("shows each row's state, with the reason when it failed", async () => {
    server.use(
      http.get("/api/v1/logs/", ({ response }) =>
        response(200).json({
          results: [
            aLogSummary({ event_type: "ok.event" }),
            aLogSummary({
              id: "5f0c6a52-0000-4000-8000-000000000002",
              event_type: "bad.event",
              status: "rejected",
              verification: "failed",
              verification_reason: "stale_timestamp",
            }),
          ],
        }),
      ),
    );
    renderInRouter(<LogsBrowser providerOptions={[]} />, "/logs");

    const table = await screen.findByRole("table", { name: "Webhook logs" });
    const bad = within(table).getByRole("row", { name: /bad\.event/ });
    expect(within(bad).getByText("Failed: stale timestamp")).toBeInTheDocument();
    expect(within(bad).getByText("Rejected")).toBeInTheDocument();
    expect(within(within(table).getByRole("row", { name: /ok\.event/ })).getByText("Verified")).toBeInTheDocument();
  });

  it("filters by state and reason from the URL, and keeps new choices in the URL", async () => {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get("/api/v1/logs/", ({ request, response }) => {
        seen.push(new URL(request.url).searchParams);
        return response(200).json({ results: [] });
      }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderInRouter(<LogsBrowser providerOptions={[]} />, "/logs?verification=failed&reason=nonsense");

    await screen.findByRole("heading", { name: "No logs match" });
    expect(seen[0]?.getAll("verification")).toEqual(["failed"]);
    expect(seen[0]?.has("verification_reason")).toBe(false);

    await user.click(screen.getByPlaceholderText("Any reason"));
    await user.click(await screen.findByRole("option", { name: "Wrong signature", hidden: true }));
    await user.click(screen.getByRole("button", { name: "Apply filters" }));

    expect(router.state.location.search).toBe("?verification=failed&reason=wrong_signature");
    await screen.findByRole("heading", { name: "No logs match" });
    expect(seen.at(-1)?.getAll("verification_reason")).toEqual(["wrong_signature"]);
  });
});

describe("verification in a log's detail", () => {
  it("says in words why a request was refused", async () => {
    openLog(rejected, "member");

    const section = await screen.findByRole("region", { name: "Verification" });
    expect(within(section).getByText("Failed: wrong signature")).toBeInTheDocument();
    expect(section).toHaveTextContent(/does not match the body and the secret/);
    // Re-verify is for admins.
    expect(within(section).queryByRole("button", { name: "Re-verify" })).not.toBeInTheDocument();
  });

  it("explains a handshake: answered, never forwarded", async () => {
    openLog(aLogDetail({ status: "handshake" }));
    expect(await screen.findByText(/set-up check from the sender/)).toBeInTheDocument();
  });

  it("explains a request captured before the secret existed, and offers to re-verify it", async () => {
    openLog(aLogDetail({ status: "rejected", verification: "failed", verification_reason: "no_secret" }));

    const section = await screen.findByRole("region", { name: "Verification" });
    expect(section).toHaveTextContent(/had no secret yet: the request was kept but not forwarded/);
    expect(within(section).getByText("Failed: no secret configured")).toBeInTheDocument();
    expect(within(section).getByRole("button", { name: "Re-verify" })).toBeInTheDocument();
  });

  it("re-verifies with a pasted secret and says it is still refused, and why", async () => {
    let sent: unknown;
    openLog(rejected);
    server.use(
      csrf(),
      http.post("/api/v1/logs/{id}/reverify/", async ({ request, response }) => {
        sent = await request.json();
        return response(200).json({ verified: false, reason: "wrong_signature", detail: "No signature matched.", log: aLogSummary({ status: "rejected" }) });
      }),
    );
    const user = userEvent.setup({ delay: null });

    const section = await screen.findByRole("region", { name: "Verification" });
    await user.type(within(section).getByLabelText("Secret to try (optional)"), "whsec_old");
    await user.click(within(section).getByRole("button", { name: "Re-verify" }));

    expect(await within(section).findByText("Still refused")).toBeInTheDocument();
    expect(within(section).getByText("No signature matched.")).toBeInTheDocument();
    expect(sent).toEqual({ secret: "whsec_old" });
  });

  it("re-verifies against the current secret and shows the log go on", async () => {
    let log: Log = rejected;
    let sent: unknown;
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/destinations/", ({ response }) => response(200).json({ results: [] })),
      http.get("/api/v1/logs/{id}/", ({ response }) => response(200).json(log)),
      http.get("/api/v1/logs/{id}/attempts/", ({ response }) => response(200).json({ next: null, results: [] })),
      http.post("/api/v1/logs/{id}/reverify/", async ({ request, response }) => {
        sent = await request.json();
        log = { ...rejected, status: "processing", verification: "verified", verification_reason: "" };
        return response(200).json({ verified: true, reason: "", detail: "", log: aLogSummary({ status: "processing" }) });
      }),
    );
    renderApp(`/logs/${rejected.id}`);
    const user = userEvent.setup({ delay: null });

    const section = await screen.findByRole("region", { name: "Verification" });
    await user.click(within(section).getByRole("button", { name: "Re-verify" }));

    expect(await screen.findByText("The sender's signature matched.")).toBeInTheDocument();
    expect(sent).toEqual({});
    // Verified now, so there is nothing left to re-verify.
    expect(screen.queryByRole("button", { name: "Re-verify" })).not.toBeInTheDocument();
  });
});
