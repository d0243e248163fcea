import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

import { getLogQueryOptions } from "./get-log";

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
    onSuccess: (result, { logId }) => {
      queryClient.setQueryData(getLogQueryOptions(logId).queryKey, result.log);
      return queryClient.invalidateQueries({ queryKey: ["logs"] });
    },
  });
}
