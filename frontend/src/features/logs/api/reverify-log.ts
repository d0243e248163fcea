import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

type ReverifyLog = { logId: string; secret?: string };

export async function reverifyLog({ logId, secret }: ReverifyLog) {
  return dataOf(
    await client.POST("/api/v1/logs/{id}/reverify/", {
      params: { path: { id: logId } },
      // Without a secret the server checks against the provider's current one(s).
      body: secret ? { secret } : {},
    }),
  );
}

/** Checks a refused request's signature again; one that passes now is processed like any other. */
export function useReverifyLog() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: reverifyLog,
    // The answer carries the log's summary; its detail (and the lists) are fetched again.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["logs"] }),
  });
}
