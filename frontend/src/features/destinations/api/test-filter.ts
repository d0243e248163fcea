import { useMutation } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type FilterTestInput = components["schemas"]["FilterTestInputRequest"];
export type FilterTestOutput = components["schemas"]["FilterTestOutput"];

export async function testFilter(body: FilterTestInput) {
  return dataOf(await client.POST("/api/v1/destinations/filter-test/", { body }));
}

/** Runs a CEL filter over a stored log or a pasted body, as the worker would; saves nothing. */
export function useTestFilter() {
  return useMutation({ mutationFn: testFilter });
}
