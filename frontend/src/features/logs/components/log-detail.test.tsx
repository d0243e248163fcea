import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { HttpResponse } from "msw";
import { describe, expect, it } from "vitest";

import { aLogDetail } from "@/testing/data";
import { http, server } from "@/testing/msw";
import { renderWithProviders } from "@/testing/test-utils";

import { LogDetail } from "./log-detail";

const hostile = '<script>window.pwned = true</script><img src=x onerror="window.pwned = true">';

describe("a log's detail", () => {
  it("shows a hostile payload as text, never as markup", () => {
    const { container } = renderWithProviders(<LogDetail log={aLogDetail({ payload: { note: hostile } })} />);

    expect(screen.getByLabelText("Payload (pretty)")).toHaveTextContent(hostile.replaceAll('"', '\\"'));
    expect(container.querySelector("script")).toBeNull();
    expect(container.querySelector("img")).toBeNull();
  });

  it("lists the headers by name", () => {
    renderWithProviders(<LogDetail log={aLogDetail({ headers: { "x-b": "2", "x-a": "1" } })} />);

    const headers = screen.getAllByRole("rowheader").map((cell) => cell.textContent);
    expect(headers).toEqual(["x-a", "x-b"]);
  });

  it("shows each delivery attempt with its destination and outcome", () => {
    renderWithProviders(
      <LogDetail
        log={aLogDetail({
          attempts: [
            {
              id: "a1000000-0000-4000-8000-000000000001",
              destination_id: "de570000-0000-4000-8000-000000000001",
              destination_name: "Billing",
              attempt_number: 1,
              cycle: 1,
              outcome: "http_error",
              status_code: 500,
              response_excerpt: "boom",
              duration_ms: 12,
              error: "",
              next_retry_at: "2026-11-25T12:05:00Z",
              created_at: "2026-11-25T12:00:01Z",
            },
            {
              id: "a1000000-0000-4000-8000-000000000002",
              destination_id: null,
              destination_name: null,
              attempt_number: 1,
              cycle: 2,
              outcome: "succeeded",
              status_code: 200,
              response_excerpt: "ok",
              duration_ms: 8,
              error: "",
              next_retry_at: null,
              created_at: "2026-11-25T12:10:00Z",
            },
          ],
        })}
      />,
    );

    const timeline = screen.getByLabelText("Attempt timeline");
    expect(timeline).toHaveTextContent("BillingHTTP error · 500");
    expect(timeline).toHaveTextContent("boom");
    expect(timeline).toHaveTextContent("Next try");
    expect(timeline).toHaveTextContent("A deleted destinationSucceeded · 200replay 1");
  });

  it("says why nothing was forwarded when no destination matched", () => {
    renderWithProviders(<LogDetail log={aLogDetail({ status: "processed", attempts: [] })} />);

    expect(screen.getByText("No destination matched this webhook, so nothing was forwarded.")).toBeInTheDocument();
  });

  it("loads the raw body when asked, byte for byte", async () => {
    server.use(
      http.untyped.get("/api/v1/logs/:id/raw/", () =>
        HttpResponse.text("a=1&b=<b>bold</b>", { headers: { "Content-Type": "application/x-www-form-urlencoded" } }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<LogDetail log={aLogDetail()} />);

    await user.click(screen.getByRole("tab", { name: "Raw" }));

    expect(await screen.findByLabelText("Payload (raw)")).toHaveTextContent("a=1&b=<b>bold</b>");
  });

  it("opens on the raw body when it is not JSON", async () => {
    server.use(http.untyped.get("/api/v1/logs/:id/raw/", () => HttpResponse.text("plain text body")));
    renderWithProviders(<LogDetail log={aLogDetail({ payload: null, content_type: "text/plain" })} />);

    expect(await screen.findByLabelText("Payload (raw)")).toHaveTextContent("plain text body");
  });
});
