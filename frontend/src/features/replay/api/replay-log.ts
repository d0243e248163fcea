import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

type ReplayLog = { logId: string; destinationId?: string | null };

export async function replayLog({ logId, destinationId = null }: ReplayLog) {
  return dataOf(
    await client.POST("/api/v1/logs/{id}/replay/", {
      params: { path: { id: logId } },
      body: { destination_id: destinationId },
    }),
  );
}

/** Delivers a stored webhook again, to every matching destination or to one. */
export function useReplayLog() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: replayLog,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: ["logs"] }),
        queryClient.invalidateQueries({ queryKey: ["destinations"] }),
      ]),
  });
}
