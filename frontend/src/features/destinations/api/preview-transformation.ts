import { useMutation } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type TransformPreviewInput = components["schemas"]["TransformPreviewInputRequest"];
export type TransformPreviewOutput = components["schemas"]["TransformPreviewOutput"];

export async function previewTransformation(body: TransformPreviewInput) {
  return dataOf(await client.POST("/api/v1/destinations/transform-preview/", { body }));
}

/** The request before and after a JSONata transformation, as the worker would send it. */
export function usePreviewTransformation() {
  return useMutation({ mutationFn: previewTransformation });
}
