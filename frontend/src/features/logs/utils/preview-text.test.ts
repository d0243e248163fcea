import { describe, expect, it } from "vitest";

import { previewText } from "./preview-text";

describe("previewText", () => {
  it("keeps a short text whole", () => {
    expect(previewText("héllo", 10)).toEqual({ text: "héllo", truncated: false, shownBytes: 6, totalBytes: 6 });
  });

  it("cuts a long text after its last whole line", () => {
    const preview = previewText("line one\nline two\nline three", 20);

    expect(preview.text).toBe("line one\nline two\n");
    expect(preview.truncated).toBe(true);
    expect(preview.shownBytes).toBe(18);
    expect(preview.totalBytes).toBe(28);
  });

  it("cuts a single long line at the limit, never inside a surrogate pair", () => {
    const text = `${"a".repeat(9)}😀${"b".repeat(10)}`;

    expect(previewText("x".repeat(100), 10).text).toBe("x".repeat(10));
    expect(previewText(text, 10).text).toBe("a".repeat(9));
    expect(previewText(text, 11).text).toBe(`${"a".repeat(9)}😀`);
  });
});
