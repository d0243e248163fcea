import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { aProvider } from "@/testing/data";
import { csrf, loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderInRouter } from "@/testing/test-utils";

import { ProvidersPanel } from "./providers-panel";

describe("the providers page", () => {
  it("creates a Stripe provider and shows where the sender should post", async () => {
    let created: unknown;
    const providers = [] as ReturnType<typeof aProvider>[];
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/providers/", ({ response }) => response(200).json({ results: providers })),
      http.post("/api/v1/providers/", async ({ request, response }) => {
        created = await request.json();
        const provider = aProvider({ display_name: "Stripe live", ingest_url: "http://hooks.test/in/abc" });
        providers.push(provider);
        return response(201).json(provider);
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    await user.click((await screen.findAllByRole("button", { name: "New provider" }))[0]!);
    const dialog = await screen.findByRole("dialog", { name: "New provider" });
    expect(within(dialog).getByText(/Developers → Webhooks → Add endpoint/)).toBeInTheDocument();
    await user.type(within(dialog).getByRole("textbox", { name: /^name/i }), "Stripe live");
    await user.type(within(dialog).getByLabelText(/endpoint signing secret/i), "whsec_abc");
    await user.click(within(dialog).getByRole("button", { name: "Create provider" }));

    expect(await screen.findByText("Stripe live is ready")).toBeInTheDocument();
    expect(screen.getAllByText("http://hooks.test/in/abc")[0]).toBeInTheDocument();
    expect(created).toEqual({
      provider_name: "stripe",
      display_name: "Stripe live",
      signing_secret: "whsec_abc",
      settings: {},
      is_active: true,
    });
  });

  it("refuses to send a provider without its secret", async () => {
    server.use(
      loggedInAs("admin"),
      http.get("/api/v1/providers/", ({ response }) => response(200).json({ results: [] })),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    await user.click((await screen.findAllByRole("button", { name: "New provider" }))[0]!);
    const dialog = await screen.findByRole("dialog", { name: "New provider" });
    await user.type(within(dialog).getByRole("textbox", { name: /^name/i }), "GitHub");
    await user.click(within(dialog).getByRole("button", { name: "Create provider" }));

    expect(await within(dialog).findByText("Paste the signing secret.")).toBeInTheDocument();
  });

  it("pauses a provider", async () => {
    let patch: unknown;
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/providers/", ({ response }) => response(200).json({ results: [aProvider()] })),
      http.patch("/api/v1/providers/{id}/", async ({ request, response }) => {
        patch = await request.json();
        return response(200).json(aProvider({ is_active: false }));
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    await user.click(await screen.findByRole("button", { name: "Pause" }));

    await vi.waitFor(() => expect(patch).toEqual({ is_active: false }));
  });

  it("explains the empty list to a member, with nothing to click", async () => {
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/providers/", ({ response }) => response(200).json({ results: [] })),
    );
    renderInRouter(<ProvidersPanel />);

    expect(await screen.findByText("An admin of your organization can add the first one.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New provider" })).not.toBeInTheDocument();
  });
});
