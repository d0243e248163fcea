import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type DestinationCreateInput = components["schemas"]["DestinationCreateInputRequest"];

export async function createDestination(body: DestinationCreateInput) {
  return dataOf(await client.POST("/api/v1/destinations/", { body }));
}

/** Creates a destination; the answer carries its signing secret, shown this once. */
export function useCreateDestination() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createDestination,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["destinations"] }),
  });
}
