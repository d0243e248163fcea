import { useMutation, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type OrganizationUpdateInput = components["schemas"]["PatchedOrganizationUpdateInputRequest"];

export async function updateOrganization(body: OrganizationUpdateInput) {
  return dataOf(await client.PATCH("/api/v1/organization/", { body }));
}

export function useUpdateOrganization() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateOrganization,
    onSuccess: (organization) => {
      queryClient.setQueryData(["organization"], organization);
      // The header shows the organization's name from `me`.
      return queryClient.invalidateQueries({ queryKey: ["me"] });
    },
  });
}
