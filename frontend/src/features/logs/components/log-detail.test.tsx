import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";

import type { components } from "@/api/schema";
import { aLogDetail, anAttempt } from "@/testing/data";
import { loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderApp } from "@/testing/test-utils";

type Log = components["schemas"]["LogDetailOutput"];
type Attempt = components["schemas"]["DeliveryAttemptOutput"];

const hostile = '<script>window.pwned = true</script><img src=x onerror="window.pwned = true">';

/** Opens the log's page as a member, the API answering with `log` and its `attempts`. */
function openLog(log: Log = aLogDetail(), attempts: Attempt[] = []) {
  server.use(
    loggedInAs("member"),
    http.get("/api/v1/destinations/", ({ response }) => response(200).json({ results: [] })),
    http.get("/api/v1/logs/{id}/", ({ response }) => response(200).json(log)),
    http.get("/api/v1/logs/{id}/attempts/", ({ response }) => response(200).json({ next: null, results: attempts })),
  );
  return renderApp(`/logs/${log.id}`);
}

describe("a log's detail", () => {
  it("shows a hostile payload as text, never as markup", async () => {
    const { container } = openLog(aLogDetail({ payload: { note: hostile } }));

    expect(await screen.findByLabelText("Payload (pretty)")).toHaveTextContent(hostile.replaceAll('"', '\\"'));
    expect(container.querySelector("main script")).toBeNull();
    expect(container.querySelector("main img")).toBeNull();
  });

  it("lists the headers by name", async () => {
    openLog(aLogDetail({ headers: { "x-b": "2", "x-a": "1" } }));

    const table = await screen.findByRole("table", { name: "Headers" });
    const headers = within(table)
      .getAllByRole("rowheader")
      .map((cell) => cell.textContent);
    expect(headers).toEqual(["x-a", "x-b"]);
  });

  it("marks a probable replay next to the status", async () => {
    openLog(aLogDetail({ probable_replay: true }));

    expect(await screen.findByText("Probable replay")).toBeInTheDocument();
  });

  it("says nothing of replays for an ordinary log", async () => {
    openLog(aLogDetail({ probable_replay: false }));

    await screen.findByRole("table", { name: "Headers" });
    expect(screen.queryByText("Probable replay")).not.toBeInTheDocument();
  });

  it("says why signature headers are redacted", async () => {
    openLog(aLogDetail({ headers: { "x-hub-signature-256": "[redacted]" }, signature_headers_redacted: true }));

    const table = await screen.findByRole("table", { name: "Headers" });
    expect(within(table).getByRole("row", { name: "x-hub-signature-256 [redacted]" })).toBeInTheDocument();
    expect(screen.getByText(/Signature headers are shown to admins only/)).toBeInTheDocument();
  });

  it("shows an admin the signature without a note", async () => {
    openLog(aLogDetail({ headers: { "x-hub-signature-256": "sha256=abc" }, signature_headers_redacted: false }));

    const table = await screen.findByRole("table", { name: "Headers" });
    expect(table).toHaveTextContent("sha256=abc");
    expect(screen.queryByText(/Signature headers are shown to admins only/)).not.toBeInTheDocument();
  });

  it("shows each delivery attempt from the attempts endpoint with its destination and outcome", async () => {
    openLog(aLogDetail(), [
      anAttempt({ outcome: "http_error", status_code: 500, response_excerpt: "boom", next_retry_at: "2026-11-25T12:05:00Z" }),
      anAttempt({ id: "a1000000-0000-4000-8000-000000000002", destination_id: null, destination_name: null, cycle: 2 }),
    ]);

    const timeline = await screen.findByLabelText("Attempt timeline");
    expect(timeline).toHaveTextContent("BillingHTTP error · 500");
    expect(timeline).toHaveTextContent("boom");
    expect(timeline).toHaveTextContent("Next try");
    expect(timeline).toHaveTextContent("A deleted destinationSucceeded · 200replay 1");
  });

  it("loads more attempts through the cursor", async () => {
    const cursors: (string | null)[] = [];
    openLog();
    server.use(
      http.get("/api/v1/logs/{id}/attempts/", ({ query, response }) => {
        cursors.push(query.get("cursor"));
        return query.get("cursor") === "p2"
          ? response(200).json({ results: [anAttempt({ id: "a1000000-0000-4000-8000-000000000009", destination_name: "Late" })] })
          : response(200).json({ next: "http://testserver/api/v1/logs/x/attempts/?cursor=p2", results: [anAttempt()] });
      }),
    );
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole("button", { name: "Load more" }));

    expect(await screen.findByText("Late")).toBeInTheDocument();
    expect(screen.getByLabelText("Attempt timeline")).toHaveTextContent("Billing");
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
    expect(cursors).toEqual([null, "p2"]);
  });

  it("says why nothing was forwarded when no destination matched", async () => {
    openLog(aLogDetail({ status: "processed" }));

    expect(await screen.findByText("No destination matched this webhook, so nothing was forwarded.")).toBeInTheDocument();
  });

  it("says so when the attempts cannot be loaded, and keeps the rest of the log", async () => {
    openLog();
    server.use(
      http.get("/api/v1/logs/{id}/attempts/", ({ response }) =>
        response(404).json({ error: "not_found", detail: "No such log.", fields: {} }),
      ),
    );

    expect(await screen.findByRole("alert")).toHaveTextContent("No such log.");
    expect(screen.getByLabelText("Payload (pretty)")).toBeInTheDocument();
  });

  it("keeps refreshing while a retry is scheduled, until it is done", async () => {
    let round = 0;
    openLog();
    server.use(
      http.get("/api/v1/logs/{id}/", ({ response }) =>
        response(200).json(aLogDetail({ status: round === 0 ? "failed" : "delivered" })),
      ),
      http.get("/api/v1/logs/{id}/attempts/", ({ response }) => {
        const answer =
          round === 0
            ? [anAttempt({ outcome: "timeout", status_code: null, next_retry_at: "2026-11-25T12:05:00Z" })]
            : [anAttempt({ outcome: "timeout", status_code: null }), anAttempt({ id: "a1000000-0000-4000-8000-000000000002" })];
        return response(200).json({ results: answer });
      }),
    );

    expect(await screen.findByText("Timed out")).toBeInTheDocument();
    expect(screen.getByText("Failed")).toBeInTheDocument();
    round = 1;

    expect(await screen.findByText("Succeeded · 200", {}, { timeout: 5_000 })).toBeInTheDocument();
    // The attempts settle first; the log's own refresh must still catch its new status.
    expect(await screen.findByText("Delivered", {}, { timeout: 5_000 })).toBeInTheDocument();
  });

  it("stops refreshing once the log is settled and no retry is due", async () => {
    let calls = 0;
    openLog(aLogDetail({ status: "delivered" }), [anAttempt()]);
    server.use(
      http.get("/api/v1/logs/{id}/attempts/", ({ response }) => {
        calls += 1;
        return response(200).json({ results: [anAttempt()] });
      }),
    );

    expect(await screen.findByText("Succeeded · 200")).toBeInTheDocument();
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(calls).toBe(1);
  });

  it("loads the raw body when asked, byte for byte", async () => {
    openLog();
    server.use(
      http.untyped.get("/api/v1/logs/:id/raw/", () =>
        HttpResponse.text("a=1&b=<b>bold</b>", { headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
      ),
    );
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole("tab", { name: "Raw" }));

    expect(await screen.findByLabelText("Payload (raw)")).toHaveTextContent("a=1&b=<b>bold</b>");
  });

  it("opens on the raw body when it is not JSON", async () => {
    openLog(aLogDetail({ payload: null, content_type: "text/plain" }));
    server.use(http.untyped.get("/api/v1/logs/:id/raw/", () => HttpResponse.text("plain text body")));

    expect(await screen.findByLabelText("Payload (raw)")).toHaveTextContent("plain text body");
  });
});

describe("a large payload", () => {
  // About 1.6 MB once pretty-printed: far past what the page shows at first.
  const items = Array.from({ length: 25_000 }, (_, index) => ({ id: index, note: `item number ${index}` }));
  const pretty = JSON.stringify({ items }, null, 2);

  it("shows its first part, says how much is hidden, and shows all when asked", async () => {
    openLog(aLogDetail({ payload: { items }, size_bytes: JSON.stringify({ items }).length }));
    const user = userEvent.setup({ delay: null });

    const shown = await screen.findByLabelText("Payload (pretty)");
    expect(shown.textContent!.length).toBeLessThanOrEqual(64 * 1024);
    expect(shown).not.toHaveTextContent("item number 24999");
    expect(screen.getByText(/^Showing the first 6\d\.\d KB of 1\.\d MB; 1\.\d MB hidden\.$/)).toBeInTheDocument();
    expect(screen.getByRole("link", { name: "Download raw body" })).toHaveAttribute(
      "href",
      "/api/v1/logs/5f0c6a52-0000-4000-8000-000000000001/raw/",
    );

    await user.click(screen.getByRole("button", { name: "Show all" }));

    expect(screen.getByLabelText("Payload (pretty)").textContent).toBe(pretty);
    expect(screen.getByText(/^Showing all 1\.\d MB\.$/)).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Show less" }));
    expect(screen.getByLabelText("Payload (pretty)")).not.toHaveTextContent("item number 24999");
  });

  it("keeps the attempts and headers on the page above it", async () => {
    openLog(aLogDetail({ payload: { items } }), [anAttempt()]);

    await screen.findByLabelText("Payload (pretty)");
    const headings = screen.getAllByRole("heading", { level: 2 }).map((heading) => heading.textContent);
    expect(headings).toEqual(["Delivery attempts", "Headers", "Payload"]);
    expect(screen.getByLabelText("Attempt timeline")).toHaveTextContent("Succeeded · 200");
  });

  it("shows a short payload whole, with no note", async () => {
    openLog();

    expect(await screen.findByLabelText("Payload (pretty)")).toHaveTextContent('"type": "invoice.paid"');
    expect(screen.queryByRole("button", { name: "Show all" })).not.toBeInTheDocument();
  });
});
