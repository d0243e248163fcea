/** Every route path of the SPA in one place, plus the server pages the SPA links to. */
export const paths = {
  landing: {
    path: "/",
    getHref: () => "/",
  },
  signup: {
    path: "/signup",
    getHref: () => "/signup",
  },
  login: {
    path: "/login",
    /** `next` is where to go once logged in (only same-site paths are honoured). */
    getHref: (next?: string) => (next ? `/login?next=${encodeURIComponent(next)}` : "/login"),
  },
  // The address the magic-link email points at (the accounts app builds it from PUBLIC_BASE_URL).
  verifyMagicLink: {
    path: "/login/verify",
    getHref: (token: string) => `/login/verify?token=${encodeURIComponent(token)}`,
  },
  dashboard: {
    path: "/dashboard",
    getHref: () => "/dashboard",
  },
  logs: {
    path: "/logs",
    getHref: (search = "") => (search ? `/logs?${search}` : "/logs"),
  },
  log: {
    path: "/logs/:logId",
    getHref: (logId: string) => `/logs/${logId}`,
  },
  providers: {
    path: "/providers",
    getHref: () => "/providers",
  },
  destinations: {
    path: "/destinations",
    getHref: () => "/destinations",
  },
  destination: {
    path: "/destinations/:destinationId",
    getHref: (destinationId: string) => `/destinations/${destinationId}`,
  },
  issues: {
    path: "/issues",
    getHref: () => "/issues",
  },
  // Issue emails and chat messages link to /issues/<id>: the list, for now.
  issue: {
    path: "/issues/:issueId",
    getHref: (issueId: string) => `/issues/${issueId}`,
  },
  notificationChannels: {
    path: "/notification-channels",
    getHref: () => "/notification-channels",
  },
  users: {
    path: "/users",
    getHref: () => "/users",
  },
  apiKeys: {
    path: "/api-keys",
    getHref: () => "/api-keys",
  },
  organization: {
    path: "/settings",
    getHref: () => "/settings",
  },
  auditLog: {
    path: "/audit-log",
    getHref: () => "/audit-log",
  },
  notFound: {
    path: "*",
  },
} as const;

/** Pages Django serves on the same origin; link to them with a plain <a>, not the router. */
export const serverPaths = {
  apiDocs: "/api/docs/",
} as const;

/** A `next` value from the URL, kept only when it is a path on this site (no open redirect). */
export function safeNext(next: string | null | undefined, fallback: string = paths.dashboard.getHref()): string {
  if (!next || !next.startsWith("/") || next.startsWith("//") || next.startsWith("/\\")) return fallback;
  return next;
}
