/** The custom provider's recipe as form values, and the JSON the API takes (`settings.recipe`). */

export type RecipeValues = {
  signature: string;
  digest: string;
  encoding: string;
  key: string;
  message: string;
  prefix: string;
  list_separator: string;
  item_key: string;
  timestamp: string;
  timestamp_format: string;
  tolerance: number;
  event_id: string;
  event_type: string;
  json_object: boolean;
};

/** The most common shape: an HMAC-SHA256 of the raw body, hex, in one header. */
export const defaultRecipe: RecipeValues = {
  signature: "header:X-Signature",
  digest: "sha256",
  encoding: "hex",
  key: "utf8",
  message: "{body}",
  prefix: "",
  list_separator: "",
  item_key: "",
  timestamp: "",
  timestamp_format: "seconds",
  tolerance: 300,
  event_id: "",
  event_type: "",
  json_object: false,
};

const OPTIONAL = ["list_separator", "item_key", "timestamp", "event_id", "event_type"] as const;

/** The recipe JSON: empty optional fields become null, and timestamp settings go with the timestamp. */
export function recipeToJson(values: RecipeValues): Record<string, string | number | boolean | null> {
  const recipe: Record<string, string | number | boolean | null> = {
    signature: values.signature.trim(),
    digest: values.digest,
    encoding: values.encoding,
    key: values.key,
    message: values.message,
    prefix: values.prefix,
    json_object: values.json_object,
  };
  for (const name of OPTIONAL) {
    // A separator may be a single space: only the empty string means "none".
    const value = name === "list_separator" ? values[name] : values[name].trim();
    recipe[name] = value === "" ? null : value;
  }
  if (recipe.timestamp) {
    recipe.timestamp_format = values.timestamp_format;
    recipe.tolerance = values.tolerance;
  }
  return recipe;
}

/** "Name: value" lines → a header map (lower-cased names, as the verifier sees them); blank lines skipped. */
export function parseHeaderLines(text: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (name) headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}
