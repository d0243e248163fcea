import { Button, Collapse, Group, MultiSelect, Select, SimpleGrid, TextInput } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { IconAdjustmentsHorizontal, IconSearch } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";

import type { LogFilters } from "../api/get-logs";
import { verificationLabels, verificationReasonLabels } from "@/lib/verification";

import {
  filtersToSearchParams,
  isLogStatus,
  isoToLocalInput,
  isVerification,
  isVerificationReason,
  localInputToIso,
  logStatusLabels,
} from "../utils/log-filters";

type Option = { value: string; label: string };

type LogsFiltersProps = {
  filters: LogFilters;
  onChange: (filters: LogFilters) => void;
  /** The organization's providers, to filter by; the select hides when there are none. */
  providerOptions: Option[];
};

const statusOptions = Object.entries(logStatusLabels).map(([value, label]) => ({ value, label }));

const verificationOptions = Object.entries(verificationLabels).map(([value, label]) => ({ value, label }));
const reasonOptions = Object.entries(verificationReasonLabels).map(([value, label]) => ({ value, label }));

const attemptOptions = [
  { value: "any", label: "Any" },
  { value: "true", label: "Some failed" },
  { value: "false", label: "None failed" },
];

/**
 * Edits a draft of the filters and applies it on submit (Enter in any field, or the button),
 * so the URL and the query change once per search rather than once per keystroke.
 * The parent remounts it (a `key`) when the URL's filters change from outside.
 */
export function LogsFilters({ filters, onChange, providerOptions }: LogsFiltersProps) {
  const [draft, setDraft] = useState<LogFilters>(filters);
  // At phone width the six inputs would push the list off the first screen: fold them away.
  const isPhone = useMediaQuery("(max-width: 48em)");
  const [unfolded, setUnfolded] = useState(false);
  const activeCount = filtersToSearchParams(filters).size;
  const set = (patch: LogFilters) => setDraft((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(draft);
  };

  return (
    <form onSubmit={submit} role="search" aria-label="Filter logs">
      {isPhone && (
        <Button
          variant="default"
          mb="sm"
          leftSection={<IconAdjustmentsHorizontal size={16} />}
          aria-expanded={unfolded}
          onClick={() => setUnfolded((open) => !open)}
        >
          {unfolded ? "Hide filters" : activeCount > 0 ? `Filters (${activeCount})` : "Filters"}
        </Button>
      )}
      <Collapse expanded={!isPhone || unfolded}>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="sm" mb="sm">
          <TextInput
            label="Search"
            placeholder="Words in the payload or headers"
            leftSection={<IconSearch size={16} />}
            value={draft.q ?? ""}
            onChange={(event) => set({ q: event.currentTarget.value })}
          />
          <MultiSelect
            label="Status"
            placeholder={draft.status?.length ? undefined : "Any status"}
            data={statusOptions}
            value={draft.status ?? []}
            onChange={(values) => set({ status: values.filter(isLogStatus) })}
            clearable
          />
          <MultiSelect
            label="Verification"
            placeholder={draft.verification?.length ? undefined : "Any state"}
            data={verificationOptions}
            value={draft.verification ?? []}
            onChange={(values) => set({ verification: values.filter(isVerification) })}
            clearable
          />
          <MultiSelect
            label="Failure reason"
            placeholder={draft.verification_reason?.length ? undefined : "Any reason"}
            data={reasonOptions}
            value={draft.verification_reason ?? []}
            onChange={(values) => set({ verification_reason: values.filter(isVerificationReason) })}
            clearable
          />
          {providerOptions.length > 0 && (
            <MultiSelect
              label="Provider"
              placeholder={draft.provider?.length ? undefined : "Any provider"}
              data={providerOptions}
              value={draft.provider ?? []}
              onChange={(values) => set({ provider: values })}
              searchable
              // An organization may have a thousand providers: render a screenful, find the rest by typing.
              limit={50}
              clearable
            />
          )}
          <TextInput
            label="Event type"
            placeholder="invoice.* or push"
            value={draft.event_type ?? ""}
            onChange={(event) => set({ event_type: event.currentTarget.value })}
          />
          <TextInput
            type="datetime-local"
            label="Received after"
            value={isoToLocalInput(draft.received_after)}
            onChange={(event) => set({ received_after: localInputToIso(event.currentTarget.value) })}
          />
          <TextInput
            type="datetime-local"
            label="Received before"
            value={isoToLocalInput(draft.received_before)}
            onChange={(event) => set({ received_before: localInputToIso(event.currentTarget.value) })}
          />
          <Select
            label="Delivery attempts"
            data={attemptOptions}
            value={typeof draft.has_failed_attempts === "boolean" ? String(draft.has_failed_attempts) : "any"}
            onChange={(value) => set({ has_failed_attempts: value === "any" ? undefined : value === "true" })}
            allowDeselect={false}
          />
        </SimpleGrid>
        <Group gap="xs">
          <Button type="submit">Apply filters</Button>
          <Button
            variant="default"
            onClick={() => {
              setDraft({});
              onChange({});
            }}
          >
            Clear
          </Button>
        </Group>
      </Collapse>
    </form>
  );
}
