/** Who is logged in: the `me` query every page shares, the role check, and logging out. */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { ApiError, client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type Me = components["schemas"]["MeOutput"];

export function getMeQueryOptions() {
  return queryOptions({
    queryKey: ["me"],
    queryFn: async ({ signal }) => dataOf(await client.GET("/api/v1/auth/me/", { signal })),
    staleTime: 5 * 60_000,
  });
}

export function useMe() {
  return useQuery(getMeQueryOptions());
}

/** Admins manage; members read. Pages hide every admin action from members with this. */
export function useIsAdmin(): boolean {
  return useMe().data?.role === "admin";
}

/** True for the answers that mean "not logged in" (the API key scheme makes it a 401). */
export function isLoggedOut(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 401 || error.status === 403);
}

/** Ends the session; the cache goes with it so the next user sees nothing of this one's. */
export function useLogout() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async () => {
      await client.POST("/api/v1/auth/logout/");
    },
    onSuccess: () => queryClient.clear(),
  });
}
