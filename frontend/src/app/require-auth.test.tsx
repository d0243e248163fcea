import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { aProvider } from "@/testing/data";
import { csrf, loggedInAs, loggedOut } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderApp } from "@/testing/test-utils";

function providersAnswer() {
  return http.get("/api/v1/providers/", ({ response }) => response(200).json({ results: [aProvider()] }));
}

describe("the logged-in part of the app", () => {
  it("sends a visitor without a session to log in, remembering where they were going", async () => {
    server.use(loggedOut());
    const { router } = renderApp("/providers?tab=1");

    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/login");
    expect(new URLSearchParams(router.state.location.search).get("next")).toBe("/providers?tab=1");
  });

  it("shows an admin every section, the audit log included", async () => {
    server.use(loggedInAs("admin"), providersAnswer());
    renderApp("/providers");

    expect(await screen.findByRole("heading", { level: 1, name: "Providers" })).toBeInTheDocument();
    const navigation = screen.getByRole("navigation", { name: "Main navigation" });
    for (const name of ["Dashboard", "Logs", "Providers", "Destinations", "Users", "API keys", "Organization", "Audit log"]) {
      expect(within(navigation).getByRole("link", { name })).toBeInTheDocument();
    }
    expect(within(navigation).getByRole("link", { name: "Providers" })).toHaveAttribute("aria-current", "page");
  });

  it("hides the admin-only audit log and every admin action from a member", async () => {
    server.use(loggedInAs("member"), providersAnswer());
    renderApp("/providers");

    expect(await screen.findByRole("heading", { name: "Stripe live" })).toBeInTheDocument();
    const navigation = screen.getByRole("navigation", { name: "Main navigation" });
    expect(within(navigation).queryByRole("link", { name: "Audit log" })).not.toBeInTheDocument();
    for (const name of ["New provider", "Pause", "Rotate secret", "Delete"]) {
      expect(screen.queryByRole("button", { name })).not.toBeInTheDocument();
    }
  });

  it("offers a skip link to the page for keyboard users", async () => {
    server.use(loggedInAs("admin"), providersAnswer());
    renderApp("/providers");

    expect(await screen.findByRole("link", { name: "Skip to content" })).toHaveAttribute("href", "#main-content");
  });

  it("logs out from the account menu and lands on the log-in page", async () => {
    server.use(
      loggedInAs("admin"),
      csrf(),
      providersAnswer(),
      http.post("/api/v1/auth/logout/", ({ response }) => {
        server.use(loggedOut());
        return response(204).empty();
      }),
    );
    const user = userEvent.setup({ delay: null });
    const { router } = renderApp("/providers");

    await user.click(await screen.findByRole("button", { name: "Account menu for ada@acme.example" }));
    await user.click(await screen.findByRole("menuitem", { name: "Log out" }));

    expect(await screen.findByRole("heading", { name: "Log in" })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe("/login");
  });
});
