import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type UserInviteInput = components["schemas"]["UserInviteInputRequest"];

export async function inviteUser(body: UserInviteInput) {
  return dataOf(await client.POST("/api/v1/users/", { body }));
}

/** Adds a user to the organization; they get an email with a login link. */
export function useInviteUser() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: inviteUser,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["users"] }),
  });
}
