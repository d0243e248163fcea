import { describe, expect, it } from "vitest";

import { cursorFromLink } from "./cursor";

describe("cursorFromLink", () => {
  it("finds the cursor in an absolute or relative link", () => {
    expect(cursorFromLink("http://testserver/api/v1/logs/?cursor=cD0y&status=failed")).toBe("cD0y");
    expect(cursorFromLink("/api/v1/logs/?cursor=abc")).toBe("abc");
  });

  it("returns null at the end of the list", () => {
    expect(cursorFromLink(null)).toBeNull();
    expect(cursorFromLink("/api/v1/logs/")).toBeNull();
  });
});
