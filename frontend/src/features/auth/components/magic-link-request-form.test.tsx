import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { csrf } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderWithProviders } from "@/testing/test-utils";

import { MagicLinkRequestForm } from "./magic-link-request-form";

describe("the login link form", () => {
  it("shows a refusal with the request id to quote", async () => {
    server.use(
      csrf(),
      http.post("/api/v1/auth/magic-link/", ({ response }) =>
        response(429).json(
          { error: "rate_limited", detail: "Too many requests; retry in 60 seconds.", fields: {} },
          { headers: { "X-Request-ID": "req-link-429" } },
        ),
      ),
    );
    renderWithProviders(<MagicLinkRequestForm />);
    const user = userEvent.setup({ delay: null });

    await user.type(screen.getByRole("textbox", { name: /email/i }), "ada@acme.example");
    await user.click(screen.getByRole("button", { name: "Email me a login link" }));

    const banner = await screen.findByRole("alert");
    expect(banner).toHaveTextContent("retry in 60 seconds");
    expect(banner).toHaveTextContent("Request ID req-link-429");
  });
});
