import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { renderApp } from "@/testing/test-utils";

describe("the landing page", () => {
  it("shows the Hooklane heading", async () => {
    renderApp("/");

    expect(await screen.findByRole("heading", { level: 1, name: "Hooklane" })).toBeInTheDocument();
  });

  it("links to the API documentation served by Django", async () => {
    renderApp("/");

    const link = await screen.findByRole("link", { name: /api documentation/i });
    expect(link).toHaveAttribute("href", "/api/docs/");
  });
});
