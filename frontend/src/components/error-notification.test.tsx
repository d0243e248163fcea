import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { ApiError } from "@/api/client";
import { renderWithProviders } from "@/testing/test-utils";

import { showErrorNotification } from "./error-notification";

describe("showErrorNotification", () => {
  it("says what failed and the request id to report", async () => {
    renderWithProviders(<div />);

    showErrorNotification(
      "Replay failed",
      new ApiError(409, { error: "conflict", detail: "Already replaying.", fields: {} }, "req-abc-123"),
    );

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Replay failed");
    expect(alert).toHaveTextContent("Already replaying.");
    expect(alert).toHaveTextContent("Request ID req-abc-123");
  });

  it("shows only the message for an error without a request id", async () => {
    renderWithProviders(<div />);

    showErrorNotification("That did not work", new Error("Failed to fetch"));

    const alert = await screen.findByRole("alert");
    expect(alert).toHaveTextContent("Failed to fetch");
    expect(alert).not.toHaveTextContent("Request ID");
  });
});
