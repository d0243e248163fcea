import { screen } from "@testing-library/react";
import { describe, expect, it, vi } from "vitest";

import { aMe } from "@/testing/data";
import { csrf } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderWithProviders } from "@/testing/test-utils";

import { MagicLinkVerifier } from "./magic-link-verifier";

describe("the magic-link landing page", () => {
  it("spends the token once and reports who logged in", async () => {
    const tokens: string[] = [];
    server.use(
      csrf(),
      http.post("/api/v1/auth/magic-link/verify/", async ({ request, response }) => {
        tokens.push((await request.json()).token);
        return response(200).json(aMe());
      }),
    );
    const onLoggedIn = vi.fn();
    renderWithProviders(<MagicLinkVerifier token="tok-1" onLoggedIn={onLoggedIn} />);

    await vi.waitFor(() => expect(onLoggedIn).toHaveBeenCalledOnce());
    expect(onLoggedIn.mock.calls[0]?.[0]).toMatchObject({ email: "ada@acme.example" });
    expect(tokens).toEqual(["tok-1"]);
  });

  it("explains a used or expired link and offers a new one", async () => {
    server.use(
      csrf(),
      http.post("/api/v1/auth/magic-link/verify/", ({ response }) =>
        response(400).json({ error: "login_failed", detail: "The link or code is wrong, expired or already used.", fields: {} }),
      ),
    );
    renderWithProviders(<MagicLinkVerifier token="used" onLoggedIn={vi.fn()} />);

    expect(await screen.findByRole("alert")).toHaveTextContent("expired or was already used");
    expect(screen.getByRole("button", { name: "Email me a new link" })).toBeInTheDocument();
  });

  it("explains a link without a token, sending nothing", async () => {
    renderWithProviders(<MagicLinkVerifier token={null} onLoggedIn={vi.fn()} />);

    expect(await screen.findByRole("alert")).toHaveTextContent("The link is incomplete");
  });
});
