import { screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { aMe } from "@/testing/data";
import { csrf } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderWithProviders } from "@/testing/test-utils";

import { OtpLoginForm } from "./otp-login-form";

function codeIsAccepted(code: string) {
  return http.post("/api/v1/auth/otp/verify/", async ({ request, response }) => {
    const body = await request.json();
    if (body.code === code) return response(200).json(aMe({ email: body.email }));
    return response(400).json({ error: "login_failed", detail: "The link or code is wrong.", fields: {} });
  });
}

async function askForCode(user: ReturnType<typeof userEvent.setup>) {
  await user.type(screen.getByRole("textbox", { name: /email/i }), "ada@acme.example");
  await user.click(screen.getByRole("button", { name: "Email me a code" }));
}

describe("logging in with a one-time code", () => {
  it("asks for a code by email, then logs in with it", async () => {
    server.use(
      csrf(),
      http.post("/api/v1/auth/otp/", ({ response }) => response(202).json({ detail: "A login code is on its way." })),
      codeIsAccepted("123456"),
    );
    const user = userEvent.setup({ delay: null });
    const onLoggedIn = vi.fn();
    renderWithProviders(<OtpLoginForm onLoggedIn={onLoggedIn} />);

    await askForCode(user);
    expect(await screen.findByText("A login code is on its way.")).toBeInTheDocument();
    await user.type(screen.getByRole("textbox", { name: "Login code, digit 1" }), "123456");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    await vi.waitFor(() => expect(onLoggedIn).toHaveBeenCalledOnce());
  });

  it("says so when the code is wrong", async () => {
    server.use(
      csrf(),
      http.post("/api/v1/auth/otp/", ({ response }) => response(202).json({ detail: "A login code is on its way." })),
      codeIsAccepted("123456"),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<OtpLoginForm onLoggedIn={vi.fn()} />);

    await askForCode(user);
    await screen.findByText("A login code is on its way.");
    await user.type(screen.getByRole("textbox", { name: "Login code, digit 1" }), "999999");
    await user.click(screen.getByRole("button", { name: "Log in" }));

    expect(await screen.findByText("That code is wrong, expired or already used.")).toBeInTheDocument();
  });

  it("shows a refused code request with its request id", async () => {
    server.use(
      csrf(),
      http.post("/api/v1/auth/otp/", ({ response }) =>
        response(429).json(
          { error: "rate_limited", detail: "Too many requests; retry in 60 seconds.", fields: {} },
          { headers: { "X-Request-ID": "req-otp-429" } },
        ),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<OtpLoginForm onLoggedIn={vi.fn()} />);

    await askForCode(user);

    const banner = await screen.findByRole("alert");
    expect(banner).toHaveTextContent("retry in 60 seconds");
    expect(banner).toHaveTextContent("Request ID req-otp-429");
  });
});
