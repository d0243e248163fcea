import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { ApiError } from "@/api/client";
import { renderWithProviders } from "@/testing/test-utils";

import { ErrorState } from "./error-state";

describe("ErrorState", () => {
  it("shows what the server said", () => {
    renderWithProviders(<ErrorState error={new ApiError(403, { error: "forbidden", detail: "Admins only.", fields: {} })} />);

    expect(screen.getByRole("alert")).toHaveTextContent("Admins only.");
  });

  it("shows the request id of a failed API call, to quote in a report", () => {
    const error = new ApiError(500, { error: "server_error", detail: "Something broke.", fields: {} }, "4bf92f3577b34da6");
    renderWithProviders(<ErrorState error={error} />);

    expect(screen.getByRole("alert")).toHaveTextContent("Request ID 4bf92f3577b34da6");
    expect(screen.getByRole("button", { name: "Copy request ID" })).toBeInTheDocument();
  });

  it("shows no request id for an error that never reached the API", () => {
    renderWithProviders(<ErrorState error={new Error("Network down")} />);

    expect(screen.getByRole("alert")).not.toHaveTextContent("Request ID");
  });

  it("offers a retry when given one", async () => {
    const onRetry = vi.fn();
    renderWithProviders(<ErrorState error={new Error("Network down")} onRetry={onRetry} />);

    await userEvent.click(screen.getByRole("button", { name: "Try again" }));

    expect(onRetry).toHaveBeenCalledOnce();
  });
});
