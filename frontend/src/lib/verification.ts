/** Verification states and failure reasons in words, for every screen that shows a request's check. */
import type { components, operations } from "@/api/schema";

// From the fields, not the enums' names: those follow the serializers and may be renamed.
export type Verification = components["schemas"]["LogSummaryOutput"]["verification"];
export type VerificationReason = NonNullable<
  NonNullable<operations["logs_list"]["parameters"]["query"]>["verification_reason"]
>[number];

// Records, so a state or reason the API adds is a compile error here until it has words.
export const verificationLabels: Record<Verification, string> = {
  verified: "Verified",
  authenticated: "Authenticated",
  failed: "Failed",
  unsigned: "Unsigned",
  pending: "Awaiting secret",
};

export const verificationColors: Record<Verification, string> = {
  verified: "teal",
  authenticated: "blue",
  failed: "red",
  unsigned: "gray",
  pending: "yellow",
};

export const verificationReasonLabels: Record<VerificationReason, string> = {
  missing_header: "Missing header",
  malformed_header: "Malformed header",
  wrong_signature: "Wrong signature",
  stale_timestamp: "Stale timestamp",
  future_timestamp: "Future timestamp",
  url_mismatch: "URL mismatch",
  no_secret: "No secret configured",
  invalid_body: "Invalid body",
  misconfigured: "Misconfigured provider",
};

const reasonSentences: Record<VerificationReason, string> = {
  missing_header: "The request lacks a header the sender always signs with: it did not come from this sender, or a proxy dropped the header.",
  malformed_header: "The signature header is there but cannot be read (wrong format or prefix).",
  wrong_signature: "The signature does not match the body and the secret: the secret is not the sender's current one, or the body was changed on the way.",
  stale_timestamp: "The signed timestamp is too old: a replayed request, or a clock far behind.",
  future_timestamp: "The signed timestamp is in the future: the sender's clock is ahead, or the request was forged.",
  url_mismatch: "The sender signed another URL: the URL configured at the sender must be exactly the ingest URL.",
  no_secret: "The provider had no secret yet: the request was kept but not forwarded. Set the secret, then re-verify it.",
  invalid_body: "The body is not what the sender sends (not JSON, or a signed field is missing).",
  misconfigured: "The provider's settings cannot verify anything (for example a recipe with a mistake).",
};

function isReason(code: string): code is VerificationReason {
  return Object.hasOwn(reasonSentences, code);
}

export const verificationStateSentences: Record<Verification, string> = {
  verified: "The sender's signature matched.",
  authenticated: "The sender's token or password matched (it does not sign the body).",
  failed: "Verification failed.",
  unsigned: "This provider does not verify requests.",
  pending:
    "Kept before the provider had a secret: it is checked, and forwarded if it passes, once the secret is set.",
};

/** A reason code as a label (for filters and badges); unknown codes are shown as they are. */
export function reasonLabel(code: string): string {
  return isReason(code) ? verificationReasonLabels[code] : code;
}

/** A reason code as a sentence that says what to do. */
export function reasonSentence(code: string): string {
  return isReason(code) ? reasonSentences[code] : `Refused (${code}).`;
}
