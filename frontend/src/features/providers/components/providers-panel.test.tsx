import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { beforeEach, describe, expect, it, vi } from "vitest";

import type { components } from "@/api/schema";
import { aJob, aProvider } from "@/testing/data";
import { csrf, loggedInAs, providerTypes } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderInRouter } from "@/testing/test-utils";

import { ProvidersPanel } from "./providers-panel";

type Provider = components["schemas"]["ProviderOutput"];

function providerNumber(n: number): Provider {
  const id = `7d1e0000-0000-4000-8000-${String(n).padStart(12, "0")}`;
  return aProvider({ id, display_name: `Shop ${n}`, ingest_url: `http://hooks.test/in/k${n}` });
}

/** The list answers with `providers` and records each request's query. */
function providersAnswer(providers: Provider[], seen: URLSearchParams[] = []) {
  return http.get("/api/v1/providers/", ({ request, response }) => {
    seen.push(new URL(request.url).searchParams);
    return response(200).json({ next: null, previous: null, results: providers });
  });
}

// Every screen here names each provider's type from the registry.
beforeEach(() => server.use(providerTypes()));

/** Picks `sender` in the open Sender list (the Type filter behind the dialog has options of the same names). */
async function pickSender(user: ReturnType<typeof userEvent.setup>, sender: string) {
  const listbox = await screen.findByRole("listbox", { name: "Sender", hidden: true });
  await user.click(within(listbox).getByRole("option", { name: sender, hidden: true }));
}

/** Opens the new-provider dialog and picks `sender` from the registry's list. */
async function startCreating(user: ReturnType<typeof userEvent.setup>, sender: string) {
  await user.click((await screen.findAllByRole("button", { name: "New provider" }))[0]!);
  const dialog = await screen.findByRole("dialog", { name: "New provider" });
  await user.click(await within(dialog).findByRole("combobox", { name: "Sender" }));
  await pickSender(user, sender);
  return dialog;
}

describe("the providers page", () => {
  it("creates a Stripe provider and shows where the sender should post", async () => {
    let created: unknown;
    const providers: Provider[] = [];
    server.use(
      loggedInAs("admin"),
      csrf(),
      providerTypes(),
      providersAnswer(providers),
      http.post("/api/v1/providers/", async ({ request, response }) => {
        created = await request.json();
        const provider = aProvider({ display_name: "Stripe live", ingest_url: "http://hooks.test/in/abc" });
        providers.push(provider);
        return response(201).json(provider);
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    const dialog = await startCreating(user, "Stripe");
    const about = within(dialog).getByRole("region", { name: "About Stripe" });
    expect(about).toHaveTextContent(/Developers → Webhooks/);
    expect(within(about).getByText("Signed")).toBeInTheDocument();
    expect(within(about).getByRole("link", { name: "Signature docs" })).toHaveAttribute(
      "href",
      "https://docs.stripe.com/webhooks#verify-events",
    );
    await user.type(within(dialog).getByRole("textbox", { name: /^name/i }), "Stripe live");
    await user.type(within(dialog).getByLabelText(/endpoint signing secret/i), "whsec_abc");
    await user.click(within(dialog).getByRole("button", { name: "Create provider" }));

    expect(await screen.findByText("Stripe live is ready")).toBeInTheDocument();
    expect(await screen.findByRole("article", { name: "Stripe live" })).toHaveTextContent("http://hooks.test/in/abc");
    expect(created).toEqual({
      provider_name: "stripe",
      display_name: "Stripe live",
      signing_secret: "whsec_abc",
      settings: {},
      is_active: true,
    });
  });

  it("creates a provider before its secret exists, and says it awaits one", async () => {
    let created: unknown;
    const providers: Provider[] = [];
    server.use(
      loggedInAs("admin"),
      csrf(),
      providerTypes(),
      providersAnswer(providers),
      http.post("/api/v1/providers/", async ({ request, response }) => {
        created = await request.json();
        const provider = aProvider({ provider_name: "github", display_name: "Org hooks", has_signing_secret: false });
        providers.push(provider);
        return response(201).json(provider);
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    const dialog = await startCreating(user, "GitHub");
    expect(within(dialog).getByLabelText("Webhook secret")).not.toBeRequired();
    await user.type(within(dialog).getByRole("textbox", { name: /^name/i }), "Org hooks");
    await user.click(within(dialog).getByRole("button", { name: "Create provider" }));

    const row = await screen.findByRole("article", { name: "Org hooks" });
    expect(within(row).getByText("Awaiting secret")).toBeInTheDocument();
    expect(row).toHaveTextContent(/captured but not forwarded until the webhook secret is set/);
    expect(within(row).getByRole("button", { name: "Set secret" })).toBeInTheDocument();
    expect(created).toMatchObject({ provider_name: "github", signing_secret: "", settings: {} });
  });

  it("asks for a name and a sender before sending anything", async () => {
    server.use(loggedInAs("admin"), providerTypes(), providersAnswer([]));
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    await user.click((await screen.findAllByRole("button", { name: "New provider" }))[0]!);
    const dialog = await screen.findByRole("dialog", { name: "New provider" });
    await user.click(await within(dialog).findByRole("button", { name: "Create provider" }));

    expect(await within(dialog).findByText("Pick the sender.")).toBeInTheDocument();
    expect(within(dialog).getByText("Give it a name you will recognise.")).toBeInTheDocument();
  });

  it("sends Meta's verify token in the settings and marks token senders as authenticated", async () => {
    let created: unknown;
    server.use(
      loggedInAs("admin"),
      csrf(),
      providerTypes(),
      providersAnswer([]),
      http.post("/api/v1/providers/", async ({ request, response }) => {
        created = await request.json();
        return response(201).json(aProvider({ display_name: "WhatsApp" }));
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    let dialog = await startCreating(user, "GitLab");
    expect(within(dialog).getByRole("region", { name: "About GitLab" })).toHaveTextContent("Token / password");
    await user.click(within(dialog).getByRole("combobox", { name: "Sender" }));
    await pickSender(user, "Meta (WhatsApp, Instagram, Messenger)");
    dialog = screen.getByRole("dialog", { name: "New provider" });
    expect(within(dialog).getByText(/answers this sender's set-up check/)).toBeInTheDocument();
    await user.type(within(dialog).getByRole("textbox", { name: /^name/i }), "WhatsApp");
    await user.type(within(dialog).getByLabelText("App secret"), "s3cret");
    await user.type(within(dialog).getByRole("textbox", { name: /verify token/i }), "my-token");
    await user.click(within(dialog).getByRole("button", { name: "Create provider" }));

    expect(await screen.findByText("WhatsApp is ready")).toBeInTheDocument();
    expect(created).toEqual({
      provider_name: "meta",
      display_name: "WhatsApp",
      signing_secret: "s3cret",
      settings: { verify_token: "my-token" },
      is_active: true,
    });
  });

  it("pauses a provider", async () => {
    let patch: unknown;
    server.use(
      loggedInAs("admin"),
      csrf(),
      providersAnswer([aProvider()]),
      http.patch("/api/v1/providers/{id}/", async ({ request, response }) => {
        patch = await request.json();
        return response(200).json(aProvider({ is_active: false }));
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    const row = await screen.findByRole("article", { name: "Stripe live" });
    await user.click(within(row).getByRole("button", { name: "Pause" }));

    await vi.waitFor(() => expect(patch).toEqual({ is_active: false }));
  });

  it("resumes a paused provider and shows the held webhooks being queued until the job is done", async () => {
    let polls = 0;
    const job = aJob({ kind: "provider_resume", target_name: "Stripe live", status: "queued", total: 1200, done: 0 });
    server.use(
      loggedInAs("admin"),
      csrf(),
      providersAnswer([aProvider({ is_active: false })]),
      http.post("/api/v1/providers/{id}/resume/", ({ response }) => response(202).json(job)),
      http.get("/api/v1/jobs/{id}/", ({ response }) => {
        polls += 1;
        return response(200).json(
          polls === 1 ? { ...job, status: "running", done: 500 } : { ...job, status: "done", done: 1200 },
        );
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    const row = await screen.findByRole("article", { name: "Stripe live" });
    await user.click(within(row).getByRole("button", { name: "Resume" }));

    const dialog = await screen.findByRole("dialog", { name: "Resuming Stripe live" });
    expect(await within(dialog).findByText(/500 of 1,200 held webhooks queued/)).toBeInTheDocument();
    expect(await within(dialog).findByText(/Done\. 1,200 of 1,200/, {}, { timeout: 3_000 })).toBeInTheDocument();
    expect(within(dialog).getByRole("progressbar", { name: "Resuming Stripe live progress" })).toHaveAttribute(
      "aria-valuenow",
      "100",
    );
    await user.click(within(dialog).getByRole("button", { name: "Close" }));
    await vi.waitFor(() => expect(screen.queryByRole("dialog")).not.toBeInTheDocument());
  });

  it("deletes a provider as a background job and shows how many logs are gone", async () => {
    let deleted = false;
    const job = aJob({ kind: "provider_delete", target_name: "Stripe live", status: "running", total: 40, done: 10 });
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/providers/", ({ response }) =>
        response(200).json({ next: null, previous: null, results: deleted ? [] : [aProvider()] }),
      ),
      http.delete("/api/v1/providers/{id}/", ({ response }) => {
        deleted = true;
        return response(202).json(job);
      }),
      http.get("/api/v1/jobs/{id}/", ({ response }) => response(200).json(job)),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    const row = await screen.findByRole("article", { name: "Stripe live" });
    await user.click(within(row).getByRole("button", { name: "Delete" }));
    await user.click(await screen.findByRole("button", { name: "Delete provider" }));

    // The row is gone at once; the job's progress stays on screen.
    const dialog = await screen.findByRole("dialog", { name: "Deleting Stripe live" });
    expect(await within(dialog).findByText(/10 of 40 logs deleted/)).toBeInTheDocument();
    await vi.waitFor(() => expect(screen.queryByRole("article", { name: "Stripe live" })).not.toBeInTheDocument());
    expect(within(dialog).getByRole("button", { name: "Hide (keeps running)" })).toBeInTheDocument();
  });

  it("rotates a provider's secret from its row", async () => {
    let rotated: unknown;
    server.use(
      loggedInAs("admin"),
      csrf(),
      providerTypes(),
      providersAnswer([providerNumber(1), providerNumber(2)]),
      http.post("/api/v1/providers/{id}/rotate-secret/", async ({ params, request, response }) => {
        rotated = { id: params.id, ...(await request.json()) };
        return response(200).json(providerNumber(2));
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    const row = await screen.findByRole("article", { name: "Shop 2" });
    expect(within(row).getByRole("button", { name: "Copy ingest URL" })).toBeInTheDocument();
    await user.click(await within(row).findByRole("button", { name: "Rotate secret" }));
    const dialog = await screen.findByRole("dialog", { name: "Rotate the secret of Shop 2" });
    await user.type(within(dialog).getByLabelText(/new endpoint signing secret/i), "whsec_new");
    await user.click(within(dialog).getByRole("button", { name: "Rotate secret" }));

    expect(await screen.findByText("Secret rotated.")).toBeInTheDocument();
    expect(rotated).toEqual({ id: providerNumber(2).id, signing_secret: "whsec_new" });
  });

  it("explains the empty list to a member, with nothing to click", async () => {
    server.use(loggedInAs("member"), providersAnswer([]));
    renderInRouter(<ProvidersPanel />);

    expect(await screen.findByText("An admin of your organization can add the first one.")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "New provider" })).not.toBeInTheDocument();
  });

  it("shows a member the providers without their actions", async () => {
    server.use(loggedInAs("member"), providersAnswer([aProvider()]));
    renderInRouter(<ProvidersPanel />);

    const row = await screen.findByRole("article", { name: "Stripe live" });
    expect(within(row).getByRole("button", { name: "Copy ingest URL" })).toBeInTheDocument();
    expect(within(row).queryByRole("button", { name: "Pause" })).not.toBeInTheDocument();
    expect(within(row).queryByRole("button", { name: "Rotate secret" })).not.toBeInTheDocument();
    expect(within(row).queryByRole("button", { name: "Delete" })).not.toBeInTheDocument();
  });
});

describe("finding a provider among many", () => {
  it("searches by name once typing pauses, and keeps the search in the URL", async () => {
    const seen: URLSearchParams[] = [];
    server.use(loggedInAs("member"), providersAnswer([providerNumber(1), providerNumber(2)], seen));
    const user = userEvent.setup({ delay: null });
    const { router } = renderInRouter(<ProvidersPanel />, "/providers");

    await screen.findByRole("article", { name: "Shop 2" });
    server.use(providersAnswer([providerNumber(777)], seen));
    await user.type(screen.getByRole("textbox", { name: "Search" }), "shop 777");

    expect(await screen.findByRole("article", { name: "Shop 777" })).toBeInTheDocument();
    expect(screen.queryByRole("article", { name: "Shop 2" })).not.toBeInTheDocument();
    expect(router.state.location.search).toBe("?search=shop+777");
    // One request for the page, one for the search: not one per keystroke.
    expect(seen.map((query) => query.get("search"))).toEqual([null, "shop 777"]);
    expect(seen[1]?.get("page_size")).toBe("50");
  });

  it("narrows by type, and reads the search from a shared link", async () => {
    const seen: URLSearchParams[] = [];
    server.use(loggedInAs("member"), providerTypes(), providersAnswer([providerNumber(1)], seen));
    const user = userEvent.setup({ delay: null });
    const { router } = renderInRouter(<ProvidersPanel />, "/providers?search=shop");

    await screen.findByRole("article", { name: "Shop 1" });
    expect(screen.getByRole("textbox", { name: "Search" })).toHaveValue("shop");
    expect(seen[0]?.get("search")).toBe("shop");

    await user.click(screen.getByRole("combobox", { name: "Type" }));
    await user.click(await screen.findByRole("option", { name: "GitHub", hidden: true }));

    await vi.waitFor(() => expect(seen.at(-1)?.get("provider_name")).toBe("github"));
    expect(seen.at(-1)?.get("search")).toBe("shop");
    expect(router.state.location.search).toBe("?search=shop&type=github");
  });

  it("loads the next page through the cursor, below the first", async () => {
    const cursors: (string | null)[] = [];
    const firstPage = Array.from({ length: 50 }, (_, index) => providerNumber(index + 1));
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/providers/", ({ query, response }) => {
        cursors.push(query.get("cursor"));
        return query.get("cursor") === "p2"
          ? response(200).json({ next: null, results: [providerNumber(51)] })
          : response(200).json({ next: "http://testserver/api/v1/providers/?cursor=p2", results: firstPage });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    await screen.findByRole("article", { name: "Shop 50" });
    expect(screen.getByText("Showing the first 50 providers")).toBeInTheDocument();
    await user.click(screen.getByRole("button", { name: "Load more" }));

    expect(await screen.findByRole("article", { name: "Shop 51" })).toBeInTheDocument();
    expect(screen.getAllByRole("article")).toHaveLength(51);
    expect(screen.getByText("Showing all 51 providers")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Load more" })).not.toBeInTheDocument();
    expect(cursors).toEqual([null, "p2"]);
  });

  it("says when nothing matches, and clears the search", async () => {
    server.use(loggedInAs("member"), providersAnswer([]));
    const user = userEvent.setup({ delay: null });
    const { router } = renderInRouter(<ProvidersPanel />, "/providers?search=nope&type=slack");

    expect(await screen.findByRole("heading", { name: "No providers match" })).toBeInTheDocument();
    server.use(providersAnswer([aProvider()]));
    await user.click(screen.getByRole("button", { name: "Clear search" }));

    expect(await screen.findByRole("article", { name: "Stripe live" })).toBeInTheDocument();
    expect(router.state.location.search).toBe("");
    expect(screen.getByRole("textbox", { name: "Search" })).toHaveValue("");
  });

  it("shows what went wrong and retries", async () => {
    let calls = 0;
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/providers/", ({ response }) => {
        calls += 1;
        return calls === 1
          ? response(400).json({ error: "invalid", detail: "Select a valid choice.", fields: {} })
          : response(200).json({ results: [aProvider()] });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ProvidersPanel />);

    expect(await screen.findByRole("alert")).toHaveTextContent("Select a valid choice.");
    await user.click(screen.getByRole("button", { name: "Try again" }));

    expect(await screen.findByRole("article", { name: "Stripe live" })).toBeInTheDocument();
  });
});
