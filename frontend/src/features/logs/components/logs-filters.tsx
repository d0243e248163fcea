import { Button, Group, MultiSelect, SimpleGrid, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";
import { useState, type FormEvent } from "react";

import type { LogFilters } from "../api/get-logs";
import { isLogStatus, isoToLocalInput, localInputToIso, logStatusLabels } from "../utils/log-filters";

type Option = { value: string; label: string };

type LogsFiltersProps = {
  filters: LogFilters;
  onChange: (filters: LogFilters) => void;
  /** The organization's providers, to filter by; the select hides when there are none. */
  providerOptions: Option[];
};

const statusOptions = Object.entries(logStatusLabels).map(([value, label]) => ({ value, label }));

/**
 * Edits a draft of the filters and applies it on submit (Enter in any field, or the button),
 * so the URL and the query change once per search rather than once per keystroke.
 * The parent remounts it (a `key`) when the URL's filters change from outside.
 */
export function LogsFilters({ filters, onChange, providerOptions }: LogsFiltersProps) {
  const [draft, setDraft] = useState<LogFilters>(filters);
  const set = (patch: LogFilters) => setDraft((current) => ({ ...current, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onChange(draft);
  };

  return (
    <form onSubmit={submit} role="search" aria-label="Filter logs">
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
        {providerOptions.length > 0 && (
          <MultiSelect
            label="Provider"
            placeholder={draft.provider?.length ? undefined : "Any provider"}
            data={providerOptions}
            value={draft.provider ?? []}
            onChange={(values) => set({ provider: values })}
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
    </form>
  );
}
