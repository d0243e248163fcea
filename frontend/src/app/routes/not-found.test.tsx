import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { renderApp } from "@/testing/test-utils";

describe("an unknown address", () => {
  it("shows the not-found page with a way back", async () => {
    const user = userEvent.setup({ delay: null });
    renderApp("/no-such-page");

    expect(await screen.findByRole("heading", { name: "Page not found" })).toBeInTheDocument();

    await user.click(screen.getByRole("link", { name: /back to the start page/i }));

    expect(await screen.findByRole("heading", { level: 1, name: "Hooklane" })).toBeInTheDocument();
  });
});
