import { screen, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { describe, expect, it } from "vitest";

import { aLogSummary } from "@/testing/data";
import { csrf, loggedInAs } from "@/testing/handlers";
import { http, server } from "@/testing/msw";
import { renderInRouter } from "@/testing/test-utils";

import { pointAt } from "./expression-error";
import { FilterConsole } from "./filter-console";
import { TransformPreview } from "./transform-preview";

const LOG_ID = "5f0c6a52-0000-4000-8000-000000000001";
const PUSH = 'headers["x-github-event"] == "push" && body.ref == "refs/heads/main"';

function someLogs() {
  return http.get("/api/v1/logs/", ({ response }) =>
    response(200).json({ results: [aLogSummary({ id: LOG_ID, event_type: "push" })] }),
  );
}

async function pickTheStoredLog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole("combobox", { name: "Stored webhook" }));
  await user.click(await screen.findByRole("option", { name: /^push · Stripe live/, hidden: true }));
}

describe("the filter test console", () => {
  it("runs the filter on a stored webhook and says why it did not match", async () => {
    let sent: unknown;
    server.use(
      loggedInAs("member"),
      csrf(),
      someLogs(),
      http.post("/api/v1/destinations/filter-test/", async ({ request, response }) => {
        sent = await request.json();
        return response(200).json({
          matches: false,
          value: false,
          reason: '`body.ref == "refs/heads/main"` (line 1, column 40) is false, so the whole is false.',
          error: null,
        });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<FilterConsole initialExpression={PUSH} />);

    await pickTheStoredLog(user);
    await user.click(screen.getByRole("button", { name: "Test filter" }));

    expect(await screen.findByText("No match: filtered")).toBeInTheDocument();
    expect(screen.getByText(/line 1, column 40\) is false/)).toBeInTheDocument();
    expect(sent).toEqual({ expression: PUSH, log_id: LOG_ID });
  });

  it("tests a pasted body and points at the error in the expression", async () => {
    let sent: unknown;
    server.use(
      loggedInAs("member"),
      csrf(),
      someLogs(),
      http.post("/api/v1/destinations/filter-test/", async ({ request, response }) => {
        sent = await request.json();
        return response(200).json({
          matches: false,
          value: null,
          reason: "The filter failed.",
          error: { message: "Syntax error: mismatched input '<EOF>'", line: 1, column: 28 },
        });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<FilterConsole initialExpression="" />);

    await user.type(screen.getByRole("textbox", { name: /filter \(cel\)/i }), "body.data.object.amount >=");
    await user.click(screen.getByRole("radio", { name: "A pasted body" }));
    await user.click(screen.getByRole("textbox", { name: /body \(json\)/i }));
    await user.paste('{"data": {"object": {"amount": 2500}}}');
    await user.click(screen.getByRole("button", { name: "Test filter" }));

    expect(await screen.findByText("Error at line 1, column 28")).toBeInTheDocument();
    expect(screen.getByLabelText("Where the error is").textContent).toBe(
      `body.data.object.amount >=\n${" ".repeat(27)}^`,
    );
    expect(sent).toEqual({ expression: "body.data.object.amount >=", body: { data: { object: { amount: 2500 } } } });
  });

  it("asks for a stored webhook before calling the API", async () => {
    server.use(loggedInAs("member"), someLogs());
    const user = userEvent.setup({ delay: null });
    renderInRouter(<FilterConsole initialExpression="true" />);

    await user.click(screen.getByRole("button", { name: "Test filter" }));

    expect(await screen.findByText("Pick a stored webhook.")).toBeInTheDocument();
  });
});

describe("the transformation preview", () => {
  it("shows the stored request and the transformed one side by side", async () => {
    let sent: unknown;
    server.use(
      loggedInAs("member"),
      csrf(),
      someLogs(),
      http.post("/api/v1/destinations/transform-preview/", async ({ request, response }) => {
        sent = await request.json();
        return response(200).json({
          before: { body: { ref: "refs/heads/main" }, content_type: "application/json", headers: {}, path: "" },
          after: {
            body: { text: "Pushed to main" },
            content_type: "application/json",
            headers: { "X-Event": "push" },
            path: "/repos/7",
            url: "https://hooks.example/repos/7",
          },
          error: null,
        });
      }),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(
      <TransformPreview initialTransformation='{"body": {"text": "Pushed to main"}}' destinationId="de570000-0000-4000-8000-000000000001" />,
    );

    await pickTheStoredLog(user);
    await user.click(screen.getByRole("button", { name: "Preview" }));

    const before = await screen.findByRole("region", { name: "Before" });
    const after = screen.getByRole("region", { name: "After" });
    expect(within(before).getByText(/refs\/heads\/main/)).toBeInTheDocument();
    expect(within(after).getByText(/Pushed to main/)).toBeInTheDocument();
    expect(within(after).getByText("X-Event: push")).toBeInTheDocument();
    expect(within(after).getByText(/https:\/\/hooks\.example\/repos\/7/)).toBeInTheDocument();
    expect(sent).toEqual({
      transformation: '{"body": {"text": "Pushed to main"}}',
      log_id: LOG_ID,
      destination_id: "de570000-0000-4000-8000-000000000001",
    });
  });

  it("says where a transformation failed and that nothing would be sent", async () => {
    server.use(
      loggedInAs("member"),
      csrf(),
      someLogs(),
      http.post("/api/v1/destinations/transform-preview/", ({ response }) =>
        response(200).json({
          before: { body: { id: 1 }, content_type: "application/json", headers: {}, path: "" },
          after: null,
          error: { message: "The right side of the + operator must evaluate to a number", line: 2, column: 11 },
        }),
      ),
    );
    const user = userEvent.setup({ delay: null });
    renderInRouter(<TransformPreview initialTransformation={'{"body":\n  body.id + "a"}'} />);

    await pickTheStoredLog(user);
    await user.click(screen.getByRole("button", { name: "Preview" }));

    expect(await screen.findByText("Error at line 2, column 11")).toBeInTheDocument();
    expect(screen.getByText("Nothing is sent: the transformation failed.")).toBeInTheDocument();
  });
});

describe("pointAt", () => {
  it("puts a caret under the column of the line", () => {
    expect(pointAt("a &&\n  b ==", 2, 7)).toBe("  b ==\n      ^");
    expect(pointAt("x", null, null)).toBeNull();
  });
});
