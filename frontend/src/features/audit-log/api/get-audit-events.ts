import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type AuditAction = components["schemas"]["AuditEventOutput"]["action"];

type AuditQuery = { action: AuditAction | null; cursor: string | null };

export function getAuditEventsQueryOptions({ action, cursor }: AuditQuery) {
  return queryOptions({
    queryKey: ["audit-events", "list", { action, cursor }],
    queryFn: async ({ signal }) =>
      dataOf(
        await client.GET("/api/v1/audit-events/", {
          params: { query: { action: action ?? undefined, cursor: cursor ?? undefined } },
          signal,
        }),
      ),
  });
}

export function useAuditEvents(query: AuditQuery) {
  return useQuery({ ...getAuditEventsQueryOptions(query), placeholderData: keepPreviousData });
}
