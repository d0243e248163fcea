import "@mantine/core/styles.css";

import { createTheme, MantineProvider } from "@mantine/core";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { useState, type ReactNode } from "react";

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

/** Everything a page needs around it: server-state cache and the UI theme. */
export function AppProvider({ children, queryClient }: AppProviderProps) {
  const [defaultClient] = useState(() => new QueryClient({ defaultOptions: queryConfig }));
  return (
    <QueryClientProvider client={queryClient ?? defaultClient}>
      <MantineProvider theme={theme}>{children}</MantineProvider>
    </QueryClientProvider>
  );
}
