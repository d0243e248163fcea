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
