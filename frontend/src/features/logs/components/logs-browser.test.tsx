import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { aLogSummary } from "@/testing/data";
import { http, server } from "@/testing/msw";
import { renderInRouter } from "@/testing/test-utils";

import { LogsBrowser } from "./logs-browser";

const providers = [{ value: "7d1e0000-0000-4000-8000-0000000000aa", label: "Stripe live" }];

function renderBrowser(path = "/logs") {
  return renderInRouter(<LogsBrowser providerOptions={providers} />, path);
}

describe("the log list", () => {
  it("lists logs with a link to each one's detail", async () => {
    server.use(
      http.get("/api/v1/logs/", ({ response }) =>
        response(200).json({ next: null, previous: null, results: [aLogSummary({ event_type: "invoice.paid" })] }),
      ),
    );
    renderBrowser();

    const table = await screen.findByRole("table", { name: "Webhook logs" });
    const link = within(table).getByRole("link", { name: "invoice.paid" });
    expect(link).toHaveAttribute("href", "/logs/5f0c6a52-0000-4000-8000-000000000001");
    expect(within(table).getByText("Delivered")).toBeInTheDocument();
  });

  it("sends the filters from the URL and keeps new ones in the URL", async () => {
    const seen: URLSearchParams[] = [];
    server.use(
      http.get("/api/v1/logs/", ({ request, response }) => {
        seen.push(new URL(request.url).searchParams);
        return response(200).json({ next: null, previous: null, results: [] });
      }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderBrowser("/logs?status=failed&q=invoice");

    expect(await screen.findByRole("heading", { name: "No logs match" })).toBeInTheDocument();
    expect(seen[0]?.getAll("status")).toEqual(["failed"]);
    expect(seen[0]?.get("q")).toBe("invoice");

    const search = screen.getByRole("textbox", { name: "Search" });
    await user.clear(search);
    await user.type(search, "refund{Enter}");

    expect(router.state.location.search).toBe("?status=failed&q=refund");
    await screen.findByRole("heading", { name: "No logs match" });
    expect(seen.at(-1)?.get("q")).toBe("refund");
  });

  it("explains an empty organization", async () => {
    server.use(http.get("/api/v1/logs/", ({ response }) => response(200).json({ results: [] })));
    renderBrowser();

    expect(await screen.findByRole("heading", { name: "No webhooks yet" })).toBeInTheDocument();
  });

  it("shows what went wrong and retries", async () => {
    let calls = 0;
    server.use(
      http.get("/api/v1/logs/", ({ response }) => {
        calls += 1;
        if (calls === 1) {
          return response(400).json({ error: "invalid", detail: "Must be later than received_after.", fields: {} });
        }
        return response(200).json({ results: [aLogSummary()] });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderBrowser();

    expect(await screen.findByRole("alert")).toHaveTextContent("Must be later than received_after.");
    await user.click(screen.getByRole("button", { name: "Try again" }));

    expect(await screen.findByRole("table", { name: "Webhook logs" })).toBeInTheDocument();
  });

  it("pages with the cursor from the server's link and keeps it in the URL", async () => {
    const cursors: (string | null)[] = [];
    server.use(
      http.get("/api/v1/logs/", ({ query, response }) => {
        cursors.push(query.get("cursor"));
        return query.get("cursor")
          ? response(200).json({ previous: "http://testserver/api/v1/logs/?cursor=back", results: [aLogSummary({ event_type: "older.event" })] })
          : response(200).json({ next: "http://testserver/api/v1/logs/?cursor=c2", results: [aLogSummary()] });
      }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderBrowser();

    await user.click(await screen.findByRole("button", { name: "Older" }));

    expect(await screen.findByRole("link", { name: "older.event" })).toBeInTheDocument();
    expect(router.state.location.search).toBe("?cursor=c2");
    expect(cursors).toEqual([null, "c2"]);
    expect(screen.getByRole("switch", { name: /live/i })).toBeDisabled();
  });
});
