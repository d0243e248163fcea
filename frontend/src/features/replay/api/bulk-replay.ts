import { useMutation } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

/** The log list's filters, as the bulk replay takes them. */
export type BulkReplayFilters = Omit<components["schemas"]["BulkReplayInputRequest"], "dry_run" | "destination_id">;

export async function countBulkReplay(filters: BulkReplayFilters) {
  const data = dataOf(await client.POST("/api/v1/logs/bulk-replay/", { body: { ...filters, dry_run: true } }));
  if (!("count" in data)) throw new Error("The dry run started a job instead of counting.");
  return data.count;
}

export async function startBulkReplay(filters: BulkReplayFilters) {
  const data = dataOf(await client.POST("/api/v1/logs/bulk-replay/", { body: { ...filters, dry_run: false } }));
  if ("count" in data) throw new Error("The replay only counted; no job started.");
  return data;
}

/** The dry run: how many webhooks the filters match, replaying nothing. */
export function useCountBulkReplay() {
  return useMutation({ mutationFn: countBulkReplay });
}

/** Starts the background job that replays every matching webhook. */
export function useStartBulkReplay() {
  return useMutation({ mutationFn: startBulkReplay });
}
