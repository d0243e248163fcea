import { describe, expect, it } from "vitest";

import { defaultRecipe, parseHeaderLines, recipeToJson } from "./recipe";

describe("recipeToJson", () => {
  it("sends the defaults with every optional field null", () => {
    expect(recipeToJson(defaultRecipe)).toEqual({
      signature: "header:X-Signature",
      digest: "sha256",
      encoding: "hex",
      key: "utf8",
      message: "{body}",
      prefix: "",
      json_object: false,
      list_separator: null,
      item_key: null,
      timestamp: null,
      event_id: null,
      event_type: null,
    });
  });

  it("keeps a space separator and sends the timestamp's format and tolerance with it", () => {
    const recipe = recipeToJson({ ...defaultRecipe, list_separator: " ", timestamp: "item:t", tolerance: 600 });
    expect(recipe).toMatchObject({ list_separator: " ", timestamp: "item:t", timestamp_format: "seconds", tolerance: 600 });
  });
});

describe("parseHeaderLines", () => {
  it("reads one header per line, lower-cases names and keeps colons in values", () => {
    expect(parseHeaderLines("X-Signature: sha256=ab:cd\r\n\nnot a header\nContent-Type:application/json")).toEqual({
      "x-signature": "sha256=ab:cd",
      "content-type": "application/json",
    });
  });
});
