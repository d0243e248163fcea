import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

import { ApiError, createApiClient } from "./client";

// A stand-in API shape so the test does not depend on which paths the real schema has.
type TestPaths = {
  "/api/v1/things/": {
    get: {
      responses: { 200: { content: { "application/json": { name: string }[] } } };
    };
    post: {
      requestBody: { content: { "application/json": { name: string } } };
      responses: { 201: { content: { "application/json": { name: string } } } };
    };
  };
};

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "Content-Type": "application/json" },
  });
}

describe("the API client", () => {
  const fetchStub = vi.fn<(request: Request) => Promise<Response>>();
  const client = createApiClient<TestPaths>();

  beforeEach(() => {
    vi.stubGlobal("fetch", fetchStub);
    document.cookie = "csrftoken=tok-123";
  });

  afterEach(() => {
    fetchStub.mockReset();
    document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
  });

  function sentRequest(): Request {
    const request = fetchStub.mock.calls[0]?.[0];
    if (!request) throw new Error("fetch was not called");
    return request;
  }

  it("sends the CSRF token from the cookie on POST", async () => {
    fetchStub.mockResolvedValue(jsonResponse(201, { name: "a" }));

    const { data } = await client.POST("/api/v1/things/", { body: { name: "a" } });

    expect(data).toEqual({ name: "a" });
    expect(sentRequest().headers.get("X-CSRFToken")).toBe("tok-123");
    expect(sentRequest().credentials).toBe("include");
  });

  it("fetches a CSRF token first when the cookie is missing", async () => {
    document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
    fetchStub
      .mockResolvedValueOnce(jsonResponse(200, { csrf_token: "fresh-token" }))
      .mockResolvedValueOnce(jsonResponse(201, { name: "a" }));

    await client.POST("/api/v1/things/", { body: { name: "a" } });

    const [csrfCall, postCall] = fetchStub.mock.calls.map(([request]) => request);
    expect(new URL(csrfCall!.url).pathname).toBe("/api/v1/auth/csrf/");
    expect(postCall?.headers.get("X-CSRFToken")).toBe("fresh-token");
  });

  it("does not send the CSRF token on GET", async () => {
    fetchStub.mockResolvedValue(jsonResponse(200, []));

    await client.GET("/api/v1/things/");

    expect(sentRequest().headers.has("X-CSRFToken")).toBe(false);
  });

  it("throws ApiError carrying the parsed error body on a 4xx", async () => {
    fetchStub.mockResolvedValue(
      jsonResponse(400, { error: "validation_error", detail: "Invalid input.", fields: { name: ["Required."] } }),
    );

    const failure = await client.POST("/api/v1/things/", { body: { name: "" } }).catch((error: unknown) => error);

    expect(failure).toBeInstanceOf(ApiError);
    expect(failure).toMatchObject({
      status: 400,
      code: "validation_error",
      detail: "Invalid input.",
      fields: { name: ["Required."] },
    });
  });

  it("throws ApiError with the status when the error body is not JSON", async () => {
    fetchStub.mockResolvedValue(new Response("<h1>Bad gateway</h1>", { status: 502 }));

    await expect(client.GET("/api/v1/things/")).rejects.toMatchObject({ status: 502, code: "http_502", fields: {} });
  });

  it("carries the request id the server answered with, so the error can be found in its logs", async () => {
    fetchStub.mockResolvedValue(
      new Response(JSON.stringify({ error: "server_error", detail: "Something broke.", fields: {} }), {
        status: 500,
        headers: { "Content-Type": "application/json", "X-Request-ID": "4bf92f3577b34da6a3ce929d0e0e4736" },
      }),
    );

    await expect(client.GET("/api/v1/things/")).rejects.toMatchObject({
      status: 500,
      requestId: "4bf92f3577b34da6a3ce929d0e0e4736",
    });
  });

  it("has no request id when the answer carried none (a proxy's error page)", async () => {
    fetchStub.mockResolvedValue(new Response("<h1>Bad gateway</h1>", { status: 502 }));

    await expect(client.GET("/api/v1/things/")).rejects.toMatchObject({ status: 502, requestId: null });
  });
});
