import { SegmentedControl, Select, Stack, Textarea } from "@mantine/core";

import { formatDateTime } from "@/lib/format";

import { useSampleLogs } from "../api/get-sample-logs";

/** What to try an expression on: one of the organization's stored logs, or a pasted body. */
export type Sample = { kind: "log"; logId: string | null } | { kind: "body"; text: string };

/** The request body's sample part, or an error to show instead of calling the API. */
export function sampleBody(sample: Sample): { log_id: string } | { body: unknown } | { error: string } {
  if (sample.kind === "log") return sample.logId ? { log_id: sample.logId } : { error: "Pick a stored webhook." };
  const text = sample.text.trim();
  if (!text) return { body: null };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    // Not JSON: the API takes a string as the raw body.
    return { body: sample.text };
  }
}

type SamplePickerProps = { value: Sample; onChange: (sample: Sample) => void };

export function SamplePicker({ value, onChange }: SamplePickerProps) {
  const logs = useSampleLogs();
  const options = (logs.data?.results ?? []).map((log) => ({
    value: log.id,
    label: `${log.event_type || "webhook"} · ${log.provider.display_name} · ${formatDateTime(log.received_at)}`,
  }));
  return (
    <Stack gap="xs">
      <SegmentedControl
        size="xs"
        aria-label="Try it on"
        data={[
          { value: "log", label: "A stored webhook" },
          { value: "body", label: "A pasted body" },
        ]}
        value={value.kind}
        onChange={(kind) => onChange(kind === "log" ? { kind: "log", logId: null } : { kind: "body", text: "" })}
      />
      {value.kind === "log" ? (
        <Select
          label="Stored webhook"
          placeholder={logs.isPending ? "Loading…" : "Pick one of the latest"}
          data={options}
          searchable
          value={value.logId}
          onChange={(logId) => onChange({ kind: "log", logId })}
        />
      ) : (
        <Textarea
          label="Body (JSON)"
          placeholder='{"data": {"object": {"amount": 2500}}}'
          autosize
          minRows={3}
          styles={{ input: { fontFamily: "monospace" } }}
          value={value.text}
          onChange={(event) => onChange({ kind: "body", text: event.currentTarget.value })}
        />
      )}
    </Stack>
  );
}
