/** The one typed HTTP client for the API: session cookie, CSRF header, typed errors. */
import createClient, { type ClientOptions, type Middleware } from "openapi-fetch";

import { getCookie } from "@/utils/get-cookie";

import type { components, paths } from "./schema";

/** The backend's error envelope: one DRF exception handler renders every failure this way. */
export type ApiErrorBody = components["schemas"]["ErrorOutput"];

/** The response header naming the request in the server's logs (every response has one). */
export const REQUEST_ID_HEADER = "X-Request-ID";

/** What every failed API call rejects with, so callers never inspect raw responses. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  /** Messages per input, keyed like the request body, for forms to show beside fields. */
  readonly fields: Record<string, string[]>;
  /** The server's id for the failed request, shown with the error so a report finds its logs. */
  readonly requestId: string | null;

  constructor(status: number, body?: ApiErrorBody, requestId: string | null = null) {
    const detail = body?.detail || `Request failed with status ${status}`;
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = body?.error ?? `http_${status}`;
    this.detail = detail;
    this.fields = body?.fields ?? {};
    this.requestId = requestId || null;
  }
}

// Django checks CSRF only on methods that can change state.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

// Sets the `csrftoken` cookie. Django checks CSRF on the anonymous login endpoints too, so a
// first visit must fetch a token before it can sign up or ask for a link.
const CSRF_PATH = "/api/v1/auth/csrf/";

async function csrfToken(): Promise<string | undefined> {
  const existing = getCookie("csrftoken");
  if (existing) return existing;
  const response = await globalThis.fetch(new Request(CSRF_PATH, { credentials: "include" }));
  if (!response.ok) return undefined;
  const body: unknown = await response.json();
  return typeof body === "object" && body !== null && "csrf_token" in body && typeof body.csrf_token === "string"
    ? body.csrf_token
    : undefined;
}

export const apiMiddleware: Middleware = {
  async onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return undefined;
    const token = await csrfToken();
    if (token) request.headers.set("X-CSRFToken", token);
    return request;
  },

  async onResponse({ response }) {
    if (response.ok) return undefined;
    throw new ApiError(response.status, await readErrorBody(response), response.headers.get(REQUEST_ID_HEADER));
  },
};

async function readErrorBody(response: Response): Promise<ApiErrorBody | undefined> {
  if (!response.headers.get("Content-Type")?.includes("json")) return undefined;
  try {
    const body: unknown = await response.clone().json();
    return isApiErrorBody(body) ? body : undefined;
  } catch {
    // A proxy's error page labelled as JSON: the status alone still tells the story.
    return undefined;
  }
}

function isApiErrorBody(value: unknown): value is ApiErrorBody {
  return typeof value === "object" && value !== null && "error" in value && typeof value.error === "string";
}

/** Builds a client with Hooklane's conventions; the app uses the single `client` below. */
export function createApiClient<Paths extends object>(options: ClientOptions = {}) {
  const apiClient = createClient<Paths>({
    baseUrl: "",
    credentials: "include",
    // Looked up per call: openapi-fetch would otherwise keep the fetch that existed when the
    // client was created, bypassing HTTP stubs (MSW, tests) installed later.
    fetch: (request) => globalThis.fetch(request),
    ...options,
  });
  apiClient.use(apiMiddleware);
  return apiClient;
}

export const client = createApiClient<paths>();

/**
 * The body of a successful call. The middleware already threw for every failure, so a
 * missing body here means the endpoint answered 2xx without one: a contract bug worth a loud error.
 */
export function dataOf<T>(result: { data?: T }): T {
  if (result.data === undefined) throw new Error("The server answered without a body.");
  return result.data;
}
