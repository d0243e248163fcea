/** Handlers most page tests need: who is logged in. */
import type { components } from "@/api/schema";

import { aMe } from "./data";
import { http } from "./msw";

type Role = components["schemas"]["UserInviteInputRequest"]["role"];

/** `me` answers as a user with this role. */
export function loggedInAs(role: Role = "admin") {
  return http.get("/api/v1/auth/me/", ({ response }) => response(200).json(aMe({ role })));
}

/** `me` answers 401, as it does without a session. */
export function loggedOut() {
  return http.get("/api/v1/auth/me/", ({ response }) =>
    response(401).json({ error: "not_authenticated", detail: "Authentication credentials were not provided.", fields: {} }),
  );
}

/** The CSRF endpoint the client calls before its first unsafe request. */
export function csrf() {
  return http.get("/api/v1/auth/csrf/", ({ response }) => response(200).json({ csrf_token: "test-csrf-token" }));
}
