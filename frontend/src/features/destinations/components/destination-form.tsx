import { Button, MultiSelect, NumberInput, SimpleGrid, Stack, TagsInput, Text, Textarea, TextInput } from "@mantine/core";
import { isInRange, isNotEmpty, useForm } from "@mantine/form";
import { useState } from "react";

import type { components } from "@/api/schema";
import { FormErrorBanner } from "@/components/form-error-banner";
import { applyServerErrors, type FormBanner } from "@/lib/form-errors";

type Destination = components["schemas"]["DestinationOutput"];
type Option = { value: string; label: string };

export type DestinationFormValues = {
  name: string;
  url: string;
  provider_ids: string[];
  event_types: string[];
  timeout_seconds: number;
  max_attempts: number;
  headers: string;
  filter_expression: string;
  transformation: string;
};

/** The request body for the values: headers are typed one per line as `Name: value`. */
export function destinationBody(values: DestinationFormValues) {
  const headers = Object.fromEntries(
    values.headers
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean)
      .map((line) => {
        const colon = line.indexOf(":");
        return colon === -1 ? [line, ""] : [line.slice(0, colon).trim(), line.slice(colon + 1).trim()];
      }),
  );
  return {
    name: values.name.trim(),
    url: values.url.trim(),
    provider_ids: values.provider_ids,
    event_types: values.event_types,
    timeout_seconds: values.timeout_seconds,
    max_attempts: values.max_attempts,
    filter_expression: values.filter_expression.trim(),
    transformation: values.transformation.trim(),
    // Omitted when empty: headers are write-only, so an edit without them keeps the old ones.
    ...(Object.keys(headers).length > 0 ? { headers } : {}),
  };
}

type DestinationFormProps = {
  destination?: Destination;
  providerOptions: Option[];
  submitLabel: string;
  pending: boolean;
  onSubmit: (values: DestinationFormValues, onError: (error: unknown) => void) => void;
};

const FIELDS = [
  "name",
  "url",
  "provider_ids",
  "event_types",
  "timeout_seconds",
  "max_attempts",
  "headers",
  "filter_expression",
  "transformation",
] as const;

/** Where to forward and what: used to create a destination and to edit one. */
export function DestinationForm({ destination, providerOptions, submitLabel, pending, onSubmit }: DestinationFormProps) {
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const form = useForm<DestinationFormValues>({
    initialValues: {
      name: destination?.name ?? "",
      url: destination?.url ?? "",
      provider_ids: destination?.provider_ids ?? [],
      event_types: destination?.event_types ?? [],
      timeout_seconds: destination?.timeout_seconds ?? 15,
      max_attempts: destination?.max_attempts ?? 8,
      headers: "",
      filter_expression: destination?.filter_expression ?? "",
      transformation: destination?.transformation ?? "",
    },
    validate: {
      name: isNotEmpty("Name it after the service that receives."),
      url: (value) => (/^https?:\/\/\S+$/.test(value.trim()) ? null : "An http:// or https:// URL."),
      timeout_seconds: isInRange({ min: 1, max: 30 }, "Between 1 and 30 seconds."),
      max_attempts: isInRange({ min: 1, max: 20 }, "Between 1 and 20 attempts."),
    },
  });

  const submit = form.onSubmit((values) => {
    setBanner(null);
    onSubmit(values, (error) => setBanner(applyServerErrors(form, error, FIELDS)));
  });

  return (
    <form onSubmit={submit} noValidate aria-label={destination ? "Edit destination" : "New destination"}>
      <Stack>
        <FormErrorBanner banner={banner} />
        <TextInput label="Name" required {...form.getInputProps("name")} />
        <TextInput
          label="URL"
          description="Hooklane POSTs each webhook here, signed with this destination's secret."
          placeholder="https://api.example.com/webhooks"
          required
          {...form.getInputProps("url")}
        />
        <MultiSelect
          label="Providers"
          description="Empty means every provider."
          data={providerOptions}
          searchable
          // An organization may have a thousand providers: render a screenful, find the rest by typing.
          limit={50}
          clearable
          {...form.getInputProps("provider_ids")}
        />
        <TagsInput
          label="Event types"
          description="Press Enter after each; * is a wildcard (invoice.*). Empty means every event."
          {...form.getInputProps("event_types")}
        />
        <SimpleGrid cols={2}>
          <NumberInput label="Timeout (seconds)" min={1} max={30} {...form.getInputProps("timeout_seconds")} />
          <NumberInput label="Attempts at most" min={1} max={20} {...form.getInputProps("max_attempts")} />
        </SimpleGrid>
        <Textarea
          label="Extra headers"
          description={
            destination?.header_names.length
              ? `Set now: ${destination.header_names.join(", ")}. Leave empty to keep them.`
              : "One per line, e.g. Authorization: Bearer …"
          }
          autosize
          minRows={2}
          {...form.getInputProps("headers")}
        />
        <Textarea
          label="Filter (CEL)"
          description='Only webhooks it is true for are sent, e.g. body.data.object.amount >= 1000 or headers["x-github-event"] == "push" && body.ref == "refs/heads/main". Empty sends every one.'
          autosize
          minRows={1}
          styles={{ input: { fontFamily: "monospace" } }}
          {...form.getInputProps("filter_expression")}
        />
        <Textarea
          label="Transformation (JSONata)"
          description='Reshapes what is sent: an object with any of body, headers and path, e.g. {"body": {"text": body.type}}. Empty sends the webhook as received.'
          autosize
          minRows={1}
          styles={{ input: { fontFamily: "monospace" } }}
          {...form.getInputProps("transformation")}
        />
        <Text size="xs" c="dimmed">
          Failed forwards are retried after 5 s, 5 min, 30 min, 2 h, 5 h and 10 h.
        </Text>
        <Button type="submit" loading={pending}>
          {submitLabel}
        </Button>
      </Stack>
    </form>
  );
}
