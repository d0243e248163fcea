/** How the dashboard names each issue kind and state (the API's values as keys; the issues page and the channel settings share them). */
export const ISSUE_KINDS = [
  { value: "timeout", label: "Timeout" },
  { value: "connection", label: "Connection failed" },
  { value: "http_4xx", label: "4xx response" },
  { value: "http_5xx", label: "5xx response" },
  { value: "transform_error", label: "Transformation error" },
  { value: "filter_error", label: "Filter error" },
];

export const ISSUE_STATES = [
  { value: "open", label: "Open" },
  { value: "acknowledged", label: "Acknowledged" },
  { value: "resolved", label: "Resolved" },
];

export function kindLabel(kind: string): string {
  return ISSUE_KINDS.find((option) => option.value === kind)?.label ?? kind;
}
