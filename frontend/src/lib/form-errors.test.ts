import { describe, expect, it } from "vitest";

import { ApiError } from "@/api/client";

import { applyServerErrors } from "./form-errors";

function fakeForm() {
  const errors: Record<string, string> = {};
  return { errors, setFieldError: (path: string, message: string) => (errors[path] = message) };
}

describe("applyServerErrors", () => {
  it("puts each field's messages on its input and leaves no banner", () => {
    const form = fakeForm();
    const error = new ApiError(400, {
      error: "invalid",
      detail: "The input is not valid.",
      fields: { email: ["Enter a valid email address."], name: ["Required.", "Too short."] },
    });

    expect(applyServerErrors(form, error, ["email", "name"])).toBeNull();
    expect(form.errors).toEqual({ email: "Enter a valid email address.", name: "Required. Too short." });
  });

  it("returns messages for fields the form does not show", () => {
    const form = fakeForm();
    const error = new ApiError(400, { error: "invalid", detail: "x", fields: { scope: ["Bad scope."] } });

    expect(applyServerErrors(form, error, ["name"])).toEqual({ message: "Bad scope.", error });
  });

  it("keeps the error with the message, so the banner can show its request id", () => {
    const error = new ApiError(429, { error: "rate_limited", detail: "Slow down.", fields: {} }, "req-429");

    expect(applyServerErrors(fakeForm(), error, [])?.error).toBe(error);
  });

  it("returns the detail when the error names no field", () => {
    const error = new ApiError(409, { error: "conflict", detail: "Already a member.", fields: {} });

    expect(applyServerErrors(fakeForm(), error, ["email"])).toEqual({ message: "Already a member.", error });
  });

  it("describes errors that are not from the API", () => {
    const error = new TypeError("Failed to fetch");

    expect(applyServerErrors(fakeForm(), error, [])).toEqual({ message: "Failed to fetch", error });
  });
});
