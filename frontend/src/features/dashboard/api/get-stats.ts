import { keepPreviousData, queryOptions, useQuery } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

/** The ranges the dashboard offers, as their length in hours. */
export const statsRanges = {
  "1h": 1,
  "24h": 24,
  "7d": 24 * 7,
  "30d": 24 * 30,
} as const;

export type StatsRange = keyof typeof statsRanges;

export function getStatsQueryOptions(range: StatsRange) {
  return queryOptions({
    queryKey: ["stats", { range }],
    // The window ends now at each fetch, so a refresh slides it forward.
    queryFn: async ({ signal }) => {
      const receivedAfter = new Date(Date.now() - statsRanges[range] * 3_600_000).toISOString();
      return dataOf(await client.GET("/api/v1/stats/", { params: { query: { received_after: receivedAfter } }, signal }));
    },
  });
}

/** Counts and a time series for the range, refreshed every minute. */
export function useStats(range: StatsRange) {
  return useQuery({ ...getStatsQueryOptions(range), refetchInterval: 60_000, placeholderData: keepPreviousData });
}
