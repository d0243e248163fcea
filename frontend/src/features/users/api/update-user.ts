import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type UserUpdateInput = components["schemas"]["PatchedUserUpdateInputRequest"];

export async function updateUser({ id, ...body }: UserUpdateInput & { id: string }) {
  return dataOf(await client.PATCH("/api/v1/users/{id}/", { params: { path: { id } }, body }));
}

/** Changes a user's role. */
export function useUpdateUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["users"] }),
  });
}
