/** Puts the server's per-field validation messages next to the inputs that caused them. */
import { ApiError } from "@/api/client";

/** What a form's banner shows: the message, and the error behind it (for its request id). */
export type FormBanner = { message: string; error: unknown };

type FormWithErrors = {
  setFieldError: (path: string, error: string) => void;
};

/**
 * Sets each `fields` message on the matching input (`fields` names the request body's keys,
 * which the forms use as their field names) and returns what is left for a banner: the
 * error's detail when no field took a message, or a message for the fields the form lacks,
 * with the error itself so the banner can show its request id.
 */
export function applyServerErrors(
  form: FormWithErrors,
  error: unknown,
  formFields: readonly string[],
): FormBanner | null {
  const message = bannerMessage(form, error, formFields);
  return message === null ? null : { message, error };
}

function bannerMessage(form: FormWithErrors, error: unknown, formFields: readonly string[]): string | null {
  if (!(error instanceof ApiError)) return error instanceof Error ? error.message : "Something went wrong.";
  const unplaced: string[] = [];
  let placed = 0;
  for (const [field, messages] of Object.entries(error.fields)) {
    const text = messages.join(" ");
    if (formFields.includes(field)) {
      form.setFieldError(field, text);
      placed += 1;
    } else {
      unplaced.push(text);
    }
  }
  if (unplaced.length > 0) return unplaced.join(" ");
  return placed > 0 ? null : error.detail;
}
