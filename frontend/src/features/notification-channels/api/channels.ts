import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type Channel = components["schemas"]["NotificationChannelOutput"];
export type ChannelCreateInput = components["schemas"]["NotificationChannelCreateInputRequest"];

export function getChannelsQueryOptions() {
  return queryOptions({
    queryKey: ["notification-channels", "list"],
    queryFn: async ({ signal }) => dataOf(await client.GET("/api/v1/notification-channels/", { signal })),
  });
}

/** The organization's notification channels (a handful: one page). */
export function useChannels() {
  return useQuery(getChannelsQueryOptions());
}

/** Creates a channel; a signed webhook's answer carries its secret, shown this once. */
export function useCreateChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (body: ChannelCreateInput) =>
      dataOf(await client.POST("/api/v1/notification-channels/", { body })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["notification-channels"] }),
  });
}

export function useDeleteChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      dataOf(await client.DELETE("/api/v1/notification-channels/{id}/", { params: { path: { id } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["notification-channels"] }),
  });
}

/** Sends a sample message now; the answer says whether the channel took it. */
export function useTestChannel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) =>
      dataOf(await client.POST("/api/v1/notification-channels/{id}/test/", { params: { path: { id } } })),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["notification-channels"] }),
  });
}
