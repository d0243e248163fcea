import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";

export async function acknowledgeIssue(id: string) {
  return dataOf(await client.POST("/api/v1/issues/{id}/acknowledge/", { params: { path: { id } } }));
}

export async function resolveIssue(id: string) {
  return dataOf(await client.POST("/api/v1/issues/{id}/resolve/", { params: { path: { id } } }));
}

/** Acknowledge (someone is on it: channels hear no more) or resolve an issue. */
export function useChangeIssue() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, to }: { id: string; to: "acknowledge" | "resolve" }) =>
      to === "acknowledge" ? acknowledgeIssue(id) : resolveIssue(id),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["issues"] }),
  });
}
