import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { aProvider } from "@/testing/data";
import { csrf, loggedInAs, providerTypes } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderInRouter } from "@/testing/test-utils";

import { ProvidersPanel } from "./providers-panel";

async function openCustom(user: ReturnType<typeof userEvent.setup>) {
  await user.click((await screen.findAllByRole("button", { name: "New provider" }))[0]!);
  const dialog = await screen.findByRole("dialog", { name: "New provider" });
  await user.click(await within(dialog).findByRole("combobox", { name: "Sender" }));
  const listbox = await screen.findByRole("listbox", { name: "Sender", hidden: true });
  await user.click(within(listbox).getByRole("option", { name: "Custom recipe", hidden: true }));
  return dialog;
}

describe("a custom provider's recipe", () => {
  it("checks a pasted request step by step and says why it failed", async () => {
    let explained: unknown;
    server.use(
      loggedInAs("admin"),
      csrf(),
      providerTypes(),
      http.get("/api/v1/providers/", ({ response }) => response(200).json({ results: [] })),
      http.post("/api/v1/recipes/explain/", async ({ request, response }) => {
        explained = await request.json();
        return response(200).json({
          ok: false,
          reason: "wrong_signature",
          detail: "Expected 1f2e…, got abcd…",
          event_id: "",
          event_type: "",
          steps: [
            { name: "signature", ok: true, detail: "Found in X-Sig" },
            { name: "compare", ok: false, detail: "No signature matched" },
          ],
        });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    const dialog = await openCustom(user);
    const signature = within(dialog).getByRole("textbox", { name: /signature location/i });
    await user.clear(signature);
    await user.type(signature, "header:X-Sig");
    await user.type(within(dialog).getByRole("textbox", { name: /^prefix/i }), "sha256=");
    await user.type(within(dialog).getByLabelText("Shared secret"), "s3cret");
    const console = within(dialog).getByRole("region", { name: "Recipe console" });
    // Pasted, as a sample request would be.
    await user.click(within(console).getByRole("textbox", { name: /headers/i }));
    await user.paste("X-Sig: sha256=abcd\nContent-Type: application/json");
    await user.click(within(console).getByRole("textbox", { name: /body/i }));
    await user.paste("hello");
    await user.click(within(console).getByRole("button", { name: "Check this request" }));

    expect(await within(console).findByText("Not verified")).toBeInTheDocument();
    expect(within(console).getByText(/does not match the body and the secret/)).toBeInTheDocument();
    const steps = within(console).getByRole("list", { name: "Steps" });
    expect(within(steps).getAllByRole("listitem").map((item) => item.textContent)).toEqual([
      "signature Found in X-Sig",
      "compare No signature matched",
    ]);
    expect(within(steps).getByLabelText("failed")).toBeInTheDocument();
    expect(explained).toMatchObject({
      recipe: { signature: "header:X-Sig", prefix: "sha256=", digest: "sha256", timestamp: null },
      secret: "s3cret",
      method: "POST",
      headers: { "x-sig": "sha256=abcd", "content-type": "application/json" },
      body: "hello",
    });
  });

  it("names what is wrong with a recipe that cannot run", async () => {
    server.use(
      loggedInAs("admin"),
      csrf(),
      providerTypes(),
      http.get("/api/v1/providers/", ({ response }) => response(200).json({ results: [] })),
      http.post("/api/v1/recipes/explain/", ({ response }) =>
        response(400).json({
          error: "invalid",
          detail: "The recipe is not valid.",
          fields: { "recipe.item_key": ["A k=v item needs a list separator."] },
        }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    const dialog = await openCustom(user);
    await user.type(within(dialog).getByRole("textbox", { name: /^item key/i }), "v1");
    const console = within(dialog).getByRole("region", { name: "Recipe console" });
    await user.click(within(console).getByRole("button", { name: "Check this request" }));

    expect(await within(console).findByText("The recipe is not valid.")).toBeInTheDocument();
    expect(within(console).getByRole("list", { name: "Recipe problems" })).toHaveTextContent(
      "recipe.item_key A k=v item needs a list separator.",
    );
  });

  it("creates the provider with the recipe in its settings", async () => {
    let created: unknown;
    server.use(
      loggedInAs("admin"),
      csrf(),
      providerTypes(),
      http.get("/api/v1/providers/", ({ response }) => response(200).json({ results: [] })),
      http.post("/api/v1/providers/", async ({ request, response }) => {
        created = await request.json();
        return response(201).json(aProvider({ provider_name: "custom", display_name: "Acme ERP" }));
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    const dialog = await openCustom(user);
    await user.type(within(dialog).getByRole("textbox", { name: /^name/i }), "Acme ERP");
    await user.type(within(dialog).getByRole("textbox", { name: /^timestamp/i }), "header:X-Time");
    await user.click(within(dialog).getByRole("button", { name: "Create provider" }));

    expect(await screen.findByText("Acme ERP is ready")).toBeInTheDocument();
    expect(created).toMatchObject({
      provider_name: "custom",
      settings: { recipe: { signature: "header:X-Signature", timestamp: "header:X-Time", timestamp_format: "seconds", tolerance: 300 } },
    });
  });

  it("shows the server's objection beside the recipe input it is about", async () => {
    server.use(
      loggedInAs("admin"),
      csrf(),
      providerTypes(),
      http.get("/api/v1/providers/", ({ response }) => response(200).json({ results: [] })),
      http.post("/api/v1/providers/", ({ response }) =>
        response(400).json({
          error: "invalid",
          detail: "Invalid input.",
          fields: { "settings.recipe.timestamp": ["Not a source: use header:, body: or item:."] },
        }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    const dialog = await openCustom(user);
    await user.type(within(dialog).getByRole("textbox", { name: /^name/i }), "Acme ERP");
    await user.type(within(dialog).getByRole("textbox", { name: /^timestamp/i }), "X-Time");
    await user.click(within(dialog).getByRole("button", { name: "Create provider" }));

    const message = await within(dialog).findByText("Not a source: use header:, body: or item:.");
    // Beside the input (it describes it), not in a banner above the form.
    expect(within(dialog).getByRole("textbox", { name: /^timestamp/i })).toHaveAccessibleDescription(
      expect.stringContaining(message.textContent ?? ""),
    );
  });
});
