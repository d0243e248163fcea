import { describe, expect, it } from "vitest";

import { allRows, cursorFromLink, fetchEveryPage, nextPageCursor } from "./cursor";

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

describe("infinite lists", () => {
  it("asks for the next page only while the server links one", () => {
    expect(nextPageCursor({ next: "/api/v1/providers/?cursor=c2&page_size=50", results: [] })).toBe("c2");
    expect(nextPageCursor({ next: null, results: [] })).toBeUndefined();
    expect(nextPageCursor({ results: [] })).toBeUndefined();
  });

  it("joins the loaded pages in order", () => {
    expect(allRows({ pages: [{ results: [1, 2] }, { results: [3] }] })).toEqual([1, 2, 3]);
  });
});

describe("fetchEveryPage", () => {
  it("follows next links to the end", async () => {
    const asked: (string | undefined)[] = [];
    const rows = await fetchEveryPage(async (cursor) => {
      asked.push(cursor);
      return cursor === undefined
        ? { next: "/x/?cursor=p2", results: ["a", "b"] }
        : cursor === "p2"
          ? { next: "/x/?cursor=p3", results: ["c"] }
          : { next: null, results: ["d"] };
    });

    expect(rows).toEqual(["a", "b", "c", "d"]);
    expect(asked).toEqual([undefined, "p2", "p3"]);
  });

  it("gives up loudly on a list that never ends", async () => {
    await expect(fetchEveryPage(async () => ({ next: "/x/?cursor=again", results: [1] }), 3)).rejects.toThrow(
      "Stopped after 3 pages",
    );
  });
});
