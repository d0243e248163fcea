import "@mantine/core/styles.css";
import "@mantine/notifications/styles.css";

import { createTheme, MantineProvider } from "@mantine/core";
import { Notifications } from "@mantine/notifications";
import { QueryCache, QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

import { ApiError } from "@/api/client";
import { queryConfig } from "@/lib/react-query";

const theme = createTheme({
  primaryColor: "indigo",
  defaultRadius: "md",
});

type AppProviderProps = {
  children: ReactNode;
  /** Tests pass their own so that cache and retries do not leak between them. */
  queryClient?: QueryClient;
};

/** A session that ends (expired, logged out elsewhere, user deactivated) makes any query
 * answer 401; re-asking `me` then lets the auth guard send the visitor to log in. */
function createQueryClient() {
  const queryClient: QueryClient = new QueryClient({
    defaultOptions: queryConfig,
    queryCache: new QueryCache({
      onError: (error, query) => {
        if (error instanceof ApiError && error.status === 401 && query.queryKey[0] !== "me") {
          void queryClient.invalidateQueries({ queryKey: ["me"] });
        }
      },
    }),
  });
  return queryClient;
}

/** Everything a page needs around it: server-state cache, the UI theme and toasts. */
export function AppProvider({ children, queryClient }: AppProviderProps) {
  const [defaultClient] = useState(createQueryClient);
  return (
    <QueryClientProvider client={queryClient ?? defaultClient}>
      <MantineProvider theme={theme}>
        <Notifications position="top-right" />
        {children}
      </MantineProvider>
    </QueryClientProvider>
  );
}
