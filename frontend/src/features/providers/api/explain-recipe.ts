import { useMutation } from "@tanstack/react-query";

import { client, dataOf } from "@/api/client";
import type { components } from "@/api/schema";

export type RecipeExplainInput = components["schemas"]["RecipeExplainInputRequest"];
export type RecipeExplanation = components["schemas"]["RecipeExplainOutput"];

/** Runs a recipe over a pasted request and says what each step found; stores nothing. */
export async function explainRecipe(body: RecipeExplainInput) {
  return dataOf(await client.POST("/api/v1/recipes/explain/", { body }));
}

export function useExplainRecipe() {
  return useMutation({ mutationFn: explainRecipe });
}
