import { useMemo } from "react";
import { createBrowserRouter, RouterProvider, useRouteError, type RouteObject } from "react-router";

import { ErrorState } from "@/components/error-state";
import { Layout } from "@/components/layout";
import { LoadingState } from "@/components/loading-state";
import { paths } from "@/config/paths";

/** The route tree; each page is its own lazily loaded chunk. Exported for tests. */
export const routes: RouteObject[] = [
  {
    element: <Layout />,
    HydrateFallback: LoadingState,
    ErrorBoundary: RouteError,
    children: [
      {
        path: paths.landing.path,
        lazy: async () => ({ Component: (await import("./routes/landing")).LandingRoute }),
      },
      {
        path: paths.notFound.path,
        lazy: async () => ({ Component: (await import("./routes/not-found")).NotFoundRoute }),
      },
    ],
  },
];

function RouteError() {
  return <ErrorState error={useRouteError()} />;
}

export function AppRouter() {
  const router = useMemo(() => createBrowserRouter(routes), []);
  return <RouterProvider router={router} />;
}
