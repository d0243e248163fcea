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

  it("offers a retry when given one", async () => {
    const onRetry = vi.fn();
    renderWithProviders(<ErrorState error={new Error("Network down")} onRetry={onRetry} />);

    await userEvent.click(screen.getByRole("button", { name: "Try again" }));

    expect(onRetry).toHaveBeenCalledOnce();
  });
});
