/** The one typed HTTP client for the API: session cookie, CSRF header, typed errors. */
import createClient, { type ClientOptions, type Middleware } from "openapi-fetch";

import { getCookie } from "@/utils/get-cookie";

import type { paths } from "./schema";

/**
 * The backend's error envelope (one DRF exception handler renders every failure this way).
 * Written by hand because it is a cross-cutting contract; once openapi.yaml names it as a
 * component, derive it from schema.d.ts instead.
 */
export type ApiErrorBody = {
  error: string;
  detail?: string;
  fields?: Record<string, string[]>;
};

/** What every failed API call rejects with, so callers never inspect raw responses. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  /** Messages per input, keyed like the request body, for forms to show beside fields. */
  readonly fields: Record<string, string[]>;

  constructor(status: number, body?: ApiErrorBody) {
    const detail = body?.detail ?? `Request failed with status ${status}`;
    super(detail);
    this.name = "ApiError";
    this.status = status;
    this.code = body?.error ?? `http_${status}`;
    this.detail = detail;
    this.fields = body?.fields ?? {};
  }
}

// Django checks CSRF only on methods that can change state.
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

export const apiMiddleware: Middleware = {
  onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return undefined;
    const token = getCookie("csrftoken");
    if (token) request.headers.set("X-CSRFToken", token);
    return request;
  },

  async onResponse({ response }) {
    if (response.ok) return undefined;
    throw new ApiError(response.status, await readErrorBody(response));
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
