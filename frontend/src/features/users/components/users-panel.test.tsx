import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it, vi } from "vitest";

import { aMe, anInvitation, aUser } from "@/testing/data";
import { csrf, loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderApp } from "@/testing/test-utils";

const me = aMe();
const colleague = aUser({ email: "grace@acme.example" });
const self = aUser({ id: me.id, email: me.email, role: "admin" });

function usersAnswer() {
  return http.get("/api/v1/users/", ({ response }) => response(200).json({ results: [self, colleague] }));
}

function invitationsAnswer(results = [anInvitation()]) {
  return http.get("/api/v1/invitations/", ({ response }) => response(200).json({ results }));
}

describe("the users page", () => {
  it("invites a member by email, and the invitation shows as pending", async () => {
    let invited: unknown;
    const pending = [anInvitation()];
    server.use(
      loggedInAs("admin"),
      csrf(),
      usersAnswer(),
      http.get("/api/v1/invitations/", ({ response }) => response(200).json({ results: pending })),
      http.post("/api/v1/invitations/", async ({ request, response }) => {
        invited = await request.json();
        const invitation = anInvitation({ id: "0b7f0000-0000-4000-8000-0000000000a2", email: "new@acme.example" });
        pending.unshift(invitation);
        return response(202).json(invitation);
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/users");

    await user.click(await screen.findByRole("button", { name: "Invite user" }));
    const dialog = await screen.findByRole("dialog", { name: "Invite a user" });
    await user.type(within(dialog).getByRole("textbox", { name: /email/i }), "new@acme.example");
    await user.click(within(dialog).getByRole("button", { name: "Send invitation" }));

    expect(await screen.findByText("new@acme.example will get an email with the invitation.")).toBeInTheDocument();
    expect(invited).toEqual({ email: "new@acme.example", role: "member" });
    const table = await screen.findByRole("table", { name: "Pending invitations" });
    expect(await within(table).findByText("new@acme.example")).toBeInTheDocument();
    expect(within(table).getByText("ada@elsewhere.example")).toBeInTheDocument();
    // Invitees are not users until they accept.
    expect(within(screen.getByRole("table", { name: "Users" })).queryByText("new@acme.example")).not.toBeInTheDocument();
  });

  it("lets an admin revoke a pending invitation", async () => {
    let revoked: string | undefined;
    const invitation = anInvitation();
    server.use(
      loggedInAs("admin"),
      csrf(),
      usersAnswer(),
      http.get("/api/v1/invitations/", ({ response }) => response(200).json({ results: revoked ? [] : [invitation] })),
      http.delete("/api/v1/invitations/{id}/", ({ params, response }) => {
        revoked = params.id;
        return response(204).empty();
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/users");

    await user.click(await screen.findByRole("button", { name: "Revoke" }));
    const confirm = await screen.findByRole("dialog", { name: `Revoke the invitation of ${invitation.email}?` });
    await user.click(within(confirm).getByRole("button", { name: "Revoke" }));

    await vi.waitFor(() => expect(revoked).toBe(invitation.id));
    await vi.waitFor(() => expect(screen.queryByRole("table", { name: "Pending invitations" })).not.toBeInTheDocument());
  });

  it("lets an admin change others' roles and deactivate them, but not their own", async () => {
    let deactivated = false;
    server.use(
      loggedInAs("admin"),
      csrf(),
      usersAnswer(),
      invitationsAnswer([]),
      http.post("/api/v1/users/{id}/deactivate/", ({ response }) => {
        deactivated = true;
        return response(200).json(aUser({ email: colleague.email, is_active: false }));
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/users");

    expect(await screen.findByRole("combobox", { name: `Role of ${colleague.email}` })).toBeInTheDocument();
    expect(screen.queryByRole("combobox", { name: `Role of ${me.email}` })).not.toBeInTheDocument();
    expect(screen.getAllByRole("button", { name: "Deactivate" })).toHaveLength(1);

    await user.click(screen.getByRole("button", { name: "Deactivate" }));
    const confirm = await screen.findByRole("dialog", { name: `Deactivate ${colleague.email}?` });
    await user.click(within(confirm).getByRole("button", { name: "Deactivate" }));

    await vi.waitFor(() => expect(deactivated).toBe(true));
  });

  it("shows a member the list and nothing to change", async () => {
    server.use(loggedInAs("member"), usersAnswer());
    renderApp("/users");

    expect(await screen.findByText(colleague.email)).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Invite user" })).not.toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Deactivate" })).not.toBeInTheDocument();
    // Members are never shown invitations (the endpoint is for admins; unhandled here).
    expect(screen.queryByText("Pending invitations")).not.toBeInTheDocument();
  });

  it("loads more users through the cursor", async () => {
    const cursors: (string | null)[] = [];
    const later = aUser({ id: "0b7f0000-0000-4000-8000-0000000000cc", email: "later@acme.example" });
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/users/", ({ query, response }) => {
        cursors.push(query.get("cursor"));
        return query.get("cursor") === "p2"
          ? response(200).json({ results: [later] })
          : response(200).json({ next: "http://testserver/api/v1/users/?cursor=p2", results: [self, colleague] });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/users");

    expect(await screen.findByText(colleague.email)).toBeInTheDocument();
    expect(screen.getByText("Showing the first 2 users")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Load more" }));

    expect(await screen.findByText(later.email)).toBeInTheDocument();
    expect(screen.getByText(colleague.email)).toBeInTheDocument();
    expect(cursors).toEqual([null, "p2"]);
  });

  it("shows what went wrong and retries", async () => {
    let calls = 0;
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/users/", ({ response }) => {
        calls += 1;
        return calls === 1
          ? response(429).json({ error: "throttled", detail: "Too many requests.", fields: {} })
          : response(200).json({ results: [colleague] });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderApp("/users");

    expect(await screen.findByRole("alert")).toHaveTextContent("Too many requests.");
    await user.click(screen.getByRole("button", { name: "Try again" }));

    expect(await screen.findByText(colleague.email)).toBeInTheDocument();
  });
});
