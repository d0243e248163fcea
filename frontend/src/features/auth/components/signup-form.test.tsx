import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { csrf } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderWithProviders } from "@/testing/test-utils";

import { SignupForm } from "./signup-form";

async function fillAndSubmit() {
  const user = userEvent.setup({ delay: null });
  await user.type(screen.getByRole("textbox", { name: /work email/i }), "ada@acme.example");
  await user.type(screen.getByRole("textbox", { name: /organization name/i }), "Acme");
  await user.click(screen.getByRole("button", { name: "Create account" }));
}

describe("the sign-up form", () => {
  it("sends the address and name with the CSRF token, then says to check the inbox", async () => {
    let sent: { body: unknown; csrf: string | null } | undefined;
    server.use(
      csrf(),
      http.post("/api/v1/auth/signup/", async ({ request, response }) => {
        sent = { body: await request.json(), csrf: request.headers.get("X-CSRFToken") };
        return response(202).json({ detail: "Check your inbox: we sent a link to finish signing up." });
      }),
    );
    renderWithProviders(<SignupForm />);

    await fillAndSubmit();

    expect(await screen.findByRole("status")).toHaveTextContent("we sent a link to finish signing up");
    expect(sent).toEqual({ body: { email: "ada@acme.example", organization_name: "Acme" }, csrf: "test-csrf-token" });
  });

  it("puts the server's field errors beside the inputs", async () => {
    server.use(
      csrf(),
      http.post("/api/v1/auth/signup/", ({ response }) =>
        response(400).json({
          error: "invalid",
          detail: "The input is not valid.",
          fields: { organization_name: ["Ensure this field has no more than 200 characters."] },
        }),
      ),
    );
    renderWithProviders(<SignupForm />);

    await fillAndSubmit();

    const name = screen.getByRole("textbox", { name: /organization name/i });
    expect(await screen.findByText("Ensure this field has no more than 200 characters.")).toBeInTheDocument();
    expect(name).toHaveAttribute("aria-invalid", "true");
  });

  it("says when to try again after too many attempts", async () => {
    server.use(
      csrf(),
      http.post("/api/v1/auth/signup/", ({ response }) =>
        response(429).json(
          { error: "rate_limited", detail: "Too many requests; retry in 60 seconds.", fields: {} },
          { headers: { "X-Request-ID": "req-signup-429" } },
        ),
      ),
    );
    renderWithProviders(<SignupForm />);

    await fillAndSubmit();

    const banner = await screen.findByRole("alert");
    expect(banner).toHaveTextContent("retry in 60 seconds");
    // The request id finds the refusal in the server's logs.
    expect(banner).toHaveTextContent("Request ID req-signup-429");
  });
});
