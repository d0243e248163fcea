/** Every route path of the SPA in one place, plus the server pages the SPA links to. */
export const paths = {
  landing: {
    path: "/",
    getHref: () => "/",
  },
  notFound: {
    path: "*",
  },
} as const;

/** Pages Django serves on the same origin; link to them with a plain <a>, not the router. */
export const serverPaths = {
  apiDocs: "/api/docs/",
} as const;
