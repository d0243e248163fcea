import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { csrf, loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderWithProviders } from "@/testing/test-utils";

import { ApiKeysPanel } from "./api-keys-panel";

const owner = { id: "0b7f0000-0000-4000-8000-00000000000a", email: "ada@acme.example" };

describe("the API keys page", () => {
  it("creates a key and shows its secret once, with a copy button", async () => {
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/api-keys/", ({ response }) => response(200).json({ results: [] })),
      http.post("/api/v1/api-keys/", async ({ request, response }) => {
        const body = await request.json();
        return response(201).json({
          id: "a0000000-0000-4000-8000-000000000001",
          name: body.name,
          prefix: "hlk_abcd1234",
          scope: body.scope,
          created_by: owner,
          created_at: "2026-11-25T12:00:00Z",
          last_used_at: null,
          expires_at: null,
          revoked_at: null,
          key: "hlk_abcd1234_the-secret-part",
        });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<ApiKeysPanel />);

    await user.click(await screen.findByRole("button", { name: "New API key" }));
    const dialog = await screen.findByRole("dialog", { name: "New API key" });
    await user.type(within(dialog).getByRole("textbox", { name: /^name/i }), "billing sync");
    await user.click(within(dialog).getByRole("button", { name: "Create key" }));

    expect(await within(dialog).findByLabelText("API key")).toHaveTextContent("hlk_abcd1234_the-secret-part");
    expect(within(dialog).getByRole("button", { name: "Copy api key" })).toBeInTheDocument();
  });

  it("lets a member read the keys but not create or revoke them", async () => {
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/api-keys/", ({ response }) =>
        response(200).json({
          results: [
            {
              id: "a0000000-0000-4000-8000-000000000001",
              name: "billing sync",
              prefix: "hlk_abcd1234",
              scope: "read",
              created_by: owner,
              created_at: "2026-11-25T12:00:00Z",
              last_used_at: null,
              expires_at: null,
              revoked_at: null,
            },
          ],
        }),
      ),
    );
    renderWithProviders(<ApiKeysPanel />);

    expect(await screen.findByRole("cell", { name: "billing sync" })).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New API key" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Revoke" })).not.toBeInTheDocument();
  });

  it("loads more keys through the cursor", async () => {
    const cursors: (string | null)[] = [];
    const key = (n: number) => ({
      id: `a0000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      name: `script ${n}`,
      prefix: `hlk_000${n}`,
      scope: "read" as const,
      created_by: owner,
      created_at: "2026-11-25T12:00:00Z",
      last_used_at: null,
      expires_at: null,
      revoked_at: null,
    });
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/api-keys/", ({ query, response }) => {
        cursors.push(query.get("cursor"));
        return query.get("cursor") === "p2"
          ? response(200).json({ results: [key(2)] })
          : response(200).json({ next: "http://testserver/api/v1/api-keys/?cursor=p2", results: [key(1)] });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderWithProviders(<ApiKeysPanel />);

    await user.click(await screen.findByRole("button", { name: "Load more" }));

    expect(await screen.findByRole("cell", { name: "script 2" })).toBeInTheDocument();
    expect(screen.getByRole("cell", { name: "script 1" })).toBeInTheDocument();
    expect(screen.getByText("Showing all 2 API keys")).toBeInTheDocument();
    expect(cursors).toEqual([null, "p2"]);
  });
});
