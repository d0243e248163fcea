/** Helpers that render the real app shell around what a test looks at. */
import { QueryClient } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import type { ReactElement } from "react";
import { createMemoryRouter, RouterProvider } from "react-router";

import { AppProvider } from "@/app/provider";
import { routes } from "@/app/router";

/** A fresh cache per test; no retries, so a failing request shows its error state at once. */
export function createTestQueryClient() {
  return new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
}

/** Renders the whole route tree at `path`, as a visitor opening that URL would see it. */
export function renderApp(path = "/") {
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  return {
    router,
    ...render(
      <AppProvider queryClient={createTestQueryClient()}>
        <RouterProvider router={router} />
      </AppProvider>,
    ),
  };
}

/** Renders one component inside the app's providers, for components that need no routes. */
export function renderWithProviders(ui: ReactElement) {
  return render(<AppProvider queryClient={createTestQueryClient()}>{ui}</AppProvider>);
}

/** Renders one component inside the app's providers and a router at `path`, for components
 * that read or change the URL; returns the router so a test can check where it went. */
export function renderInRouter(ui: ReactElement, path = "/") {
  const router = createMemoryRouter([{ path: "*", element: ui }], { initialEntries: [path] });
  return {
    router,
    ...render(
      <AppProvider queryClient={createTestQueryClient()}>
        <RouterProvider router={router} />
      </AppProvider>,
    ),
  };
}
