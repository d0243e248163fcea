import { screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { ApiError } from "@/api/client";
import { renderWithProviders } from "@/testing/test-utils";

import { FormErrorBanner } from "./form-error-banner";

describe("FormErrorBanner", () => {
  it("shows the message and the request id of the API error behind it", () => {
    const error = new ApiError(409, { error: "conflict", detail: "Taken.", fields: {} }, "req-form-1");
    renderWithProviders(<FormErrorBanner banner={{ message: "Taken.", error }} />);

    const alert = screen.getByRole("alert");
    expect(alert).toHaveTextContent("Taken.");
    expect(alert).toHaveTextContent("Request ID req-form-1");
    expect(screen.getByRole("button", { name: "Copy request ID" })).toBeInTheDocument();
  });

  it("shows only the message when the request never reached the API", () => {
    renderWithProviders(<FormErrorBanner banner={{ message: "Failed to fetch", error: new Error("Failed to fetch") }} />);

    expect(screen.getByRole("alert")).toHaveTextContent("Failed to fetch");
    expect(screen.getByRole("alert")).not.toHaveTextContent("Request ID");
  });

  it("renders nothing without a banner", () => {
    renderWithProviders(<FormErrorBanner banner={null} />);

    expect(screen.queryByRole("alert")).not.toBeInTheDocument();
  });
});
