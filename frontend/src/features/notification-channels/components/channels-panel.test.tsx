import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import type { components } from "@/api/schema";
import { csrf, loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderInRouter } from "@/testing/test-utils";

import { ChannelsPanel } from "./channels-panel";

type Channel = components["schemas"]["NotificationChannelOutput"];

const slack: Channel = {
  id: "c4a00000-0000-4000-8000-000000000001",
  name: "#ops",
  type: "slack",
  issue_kinds: ["http_5xx"],
  emails: [],
  url_hint: "https://hooks.slack.com/services/…",
  is_active: true,
  last_sent_at: null,
  last_error: "",
  created_at: "2026-12-03T12:00:00Z",
  updated_at: "2026-12-03T12:00:00Z",
};

describe("the notification channels page", () => {
  it("creates a Slack channel for the kinds chosen", async () => {
    let sent: unknown;
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/notification-channels/", ({ response }) => response(200).json([])),
      http.post("/api/v1/notification-channels/", async ({ request, response }) => {
        sent = await request.json();
        return response(201).json({ ...slack, signing_secret: "" });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ChannelsPanel />);

    await user.click((await screen.findAllByRole("button", { name: "New channel" }))[0]!);
    const dialog = await screen.findByRole("dialog", { name: "New channel" });
    await user.type(within(dialog).getByRole("textbox", { name: /^name/i }), "#ops");
    await user.type(within(dialog).getByRole("textbox", { name: /webhook url/i }), "https://hooks.slack.com/services/T/B/x");
    await user.click(within(dialog).getByLabelText(/issue kinds/i));
    await user.click(await screen.findByRole("option", { name: "5xx response", hidden: true }));
    await user.click(within(dialog).getByRole("button", { name: "Create channel" }));

    expect(await within(dialog).findByText(/#ops is ready/)).toBeInTheDocument();
    expect(sent).toEqual({
      name: "#ops",
      type: "slack",
      url: "https://hooks.slack.com/services/T/B/x",
      issue_kinds: ["http_5xx"],
      is_active: true,
    });
  });

  it("sends a test message and says what the channel answered", async () => {
    server.use(
      loggedInAs("admin"),
      csrf(),
      http.get("/api/v1/notification-channels/", ({ response }) => response(200).json([slack])),
      http.post("/api/v1/notification-channels/{id}/test/", ({ response }) =>
        response(200).json({ delivered: false, status_code: 404, error: "HTTP 404" }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<ChannelsPanel />);

    const table = await screen.findByRole("table", { name: "Notification channels" });
    expect(within(table).getByText("https://hooks.slack.com/services/…")).toBeInTheDocument();
    await user.click(within(table).getByRole("button", { name: "Send test" }));

    expect(await screen.findByText("The test message was refused")).toBeInTheDocument();
    expect(screen.getByText("HTTP 404")).toBeInTheDocument();
  });

  it("shows members the channels without the buttons", async () => {
    server.use(
      loggedInAs("member"),
      http.get("/api/v1/notification-channels/", ({ response }) =>
        response(200).json([{ ...slack, type: "email", emails: [], url_hint: "" }]),
      ),
    );
    renderInRouter(<ChannelsPanel />);

    expect(await screen.findByText("The organization's admins")).toBeInTheDocument();
    expect(screen.queryByRole("button", { name: "Send test" })).not.toBeInTheDocument();
  });
});
