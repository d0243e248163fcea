/** TanStack Query defaults shared by the app and by tests. */
import type { DefaultOptions } from "@tanstack/react-query";

import { ApiError } from "@/api/client";

// A 4xx will not change on retry (bad input, missing permission, gone); a 5xx or a dropped
// connection might.
function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status < 500) return false;
  return failureCount < 2;
}

export const queryConfig = {
  queries: {
    staleTime: 30_000,
    refetchOnWindowFocus: false,
    retry: shouldRetry,
  },
} satisfies DefaultOptions;
