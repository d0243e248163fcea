import { afterEach, describe, expect, it } from "vitest";

import { getCookie } from "./get-cookie";

describe("getCookie", () => {
  afterEach(() => {
    document.cookie = "csrftoken=; expires=Thu, 01 Jan 1970 00:00:00 GMT";
  });

  it("finds a cookie among several", () => {
    expect(getCookie("csrftoken", "sessionid=abc; csrftoken=tok123; theme=dark")).toBe("tok123");
  });

  it("returns undefined for a missing cookie", () => {
    expect(getCookie("csrftoken", "sessionid=abc")).toBeUndefined();
    expect(getCookie("csrftoken", "")).toBeUndefined();
  });

  it("does not match a cookie whose name only ends with the wanted name", () => {
    expect(getCookie("csrftoken", "xcsrftoken=nope")).toBeUndefined();
  });

  it("keeps '=' inside the value and decodes it", () => {
    expect(getCookie("next", "next=%2Flogs%3Fa%3Db; pad=a=b")).toBe("/logs?a=b");
    expect(getCookie("pad", "next=x; pad=a=b")).toBe("a=b");
  });

  it("reads document.cookie by default", () => {
    document.cookie = "csrftoken=from-document";
    expect(getCookie("csrftoken")).toBe("from-document");
  });
});
