import { useMemo } from "react";
import { createBrowserRouter, RouterProvider, useRouteError, type RouteObject } from "react-router";

import { ErrorState } from "@/components/error-state";
import { AppLayout } from "@/components/layouts/app-layout";
import { PublicLayout } from "@/components/layouts/public-layout";
import { LoadingState } from "@/components/loading-state";
import { paths } from "@/config/paths";

import { RequireAuth } from "./require-auth";

/** The route tree; each page is its own lazily loaded chunk. Exported for tests. */
export const routes: RouteObject[] = [
  {
    HydrateFallback: LoadingState,
    ErrorBoundary: RouteError,
    children: [
      {
        element: <PublicLayout />,
        children: [
          {
            path: paths.landing.path,
            lazy: async () => ({ Component: (await import("./routes/landing")).LandingRoute }),
          },
          {
            path: paths.signup.path,
            lazy: async () => ({ Component: (await import("./routes/auth/signup")).SignupRoute }),
          },
          {
            path: paths.login.path,
            lazy: async () => ({ Component: (await import("./routes/auth/login")).LoginRoute }),
          },
          {
            path: paths.verifyMagicLink.path,
            lazy: async () => ({ Component: (await import("./routes/auth/verify-magic-link")).VerifyMagicLinkRoute }),
          },
        ],
      },
      {
        element: <RequireAuth />,
        children: [
          {
            element: <AppLayout />,
            children: [
              {
                path: paths.dashboard.path,
                lazy: async () => ({ Component: (await import("./routes/dashboard")).DashboardRoute }),
              },
              {
                path: paths.logs.path,
                lazy: async () => ({ Component: (await import("./routes/logs/logs")).LogsRoute }),
              },
              {
                path: paths.log.path,
                lazy: async () => ({ Component: (await import("./routes/logs/log")).LogRoute }),
              },
              {
                path: paths.providers.path,
                lazy: async () => ({ Component: (await import("./routes/providers")).ProvidersRoute }),
              },
              {
                path: paths.destinations.path,
                lazy: async () => ({ Component: (await import("./routes/destinations")).DestinationsRoute }),
              },
              {
                path: paths.destination.path,
                lazy: async () => ({ Component: (await import("./routes/destination")).DestinationRoute }),
              },
              {
                path: paths.issues.path,
                lazy: async () => ({ Component: (await import("./routes/issues")).IssuesRoute }),
              },
              {
                path: paths.issue.path,
                lazy: async () => ({ Component: (await import("./routes/issues")).IssuesRoute }),
              },
              {
                path: paths.notificationChannels.path,
                lazy: async () => ({
                  Component: (await import("./routes/notification-channels")).NotificationChannelsRoute,
                }),
              },
              {
                path: paths.users.path,
                lazy: async () => ({ Component: (await import("./routes/users")).UsersRoute }),
              },
              {
                path: paths.apiKeys.path,
                lazy: async () => ({ Component: (await import("./routes/api-keys")).ApiKeysRoute }),
              },
              {
                path: paths.organization.path,
                lazy: async () => ({ Component: (await import("./routes/organization")).OrganizationRoute }),
              },
              {
                path: paths.auditLog.path,
                lazy: async () => ({ Component: (await import("./routes/audit-log")).AuditLogRoute }),
              },
            ],
          },
        ],
      },
      {
        element: <PublicLayout />,
        children: [
          {
            path: paths.notFound.path,
            lazy: async () => ({ Component: (await import("./routes/not-found")).NotFoundRoute }),
          },
        ],
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
