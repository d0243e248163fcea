import { Fieldset, NumberInput, Select, SimpleGrid, Stack, Switch, TextInput } from "@mantine/core";
import type { UseFormReturnType } from "@mantine/form";

import type { components } from "@/api/schema";

type Destination = components["schemas"]["DestinationOutput"];
type RatePeriod = components["schemas"]["RatePeriodEnum"];
type OnFailure = components["schemas"]["OrderingOnFailureEnum"];

/** Rate limit, circuit breaker and ordering settings, as the form holds them. */
export type FlowValues = {
  rate_limit: number | string; // "" while the input is empty: no limit
  rate_period: RatePeriod;
  circuit_threshold: number;
  circuit_probe_seconds: number;
  ordered: boolean;
  ordering_key: string;
  ordering_on_failure: OnFailure;
};

export const FLOW_FIELDS = [
  "rate_limit",
  "rate_period",
  "circuit_threshold",
  "circuit_probe_seconds",
  "ordered",
  "ordering_key",
  "ordering_on_failure",
] as const;

export function flowInitialValues(destination?: Destination): FlowValues {
  return {
    rate_limit: destination?.rate_limit ?? "",
    rate_period: destination?.rate_period ?? "second",
    circuit_threshold: destination?.circuit_threshold ?? 10,
    circuit_probe_seconds: destination?.circuit_probe_seconds ?? 60,
    ordered: destination?.ordered ?? false,
    ordering_key: destination?.ordering_key ?? "",
    ordering_on_failure: destination?.ordering_on_failure ?? "wait",
  };
}

/** The request body's part for these values: an empty rate limit is no limit (null). */
export function flowBody(values: FlowValues) {
  return {
    rate_limit: values.rate_limit === "" ? null : Number(values.rate_limit),
    rate_period: values.rate_period,
    circuit_threshold: values.circuit_threshold,
    circuit_probe_seconds: values.circuit_probe_seconds,
    ordered: values.ordered,
    ordering_key: values.ordering_key.trim(),
    ordering_on_failure: values.ordering_on_failure,
  };
}

/** Per-field rules for a Mantine form holding these values. */
export const flowRules = {
  rate_limit: (value: number | string) =>
    value === "" || Number(value) >= 1 ? null : "At least 1, or empty for no limit.",
  circuit_threshold: (value: number) => (value >= 1 && value <= 1000 ? null : "Between 1 and 1,000."),
  circuit_probe_seconds: (value: number) =>
    value >= 1 && value <= 86400 ? null : "Between 1 second and 24 hours.",
};

export function FlowFields<Values extends FlowValues>({ form }: { form: UseFormReturnType<Values> }) {
  return (
    <Fieldset legend="Delivery controls">
      <Stack gap="sm">
        <SimpleGrid cols={2}>
          <NumberInput
            label="Rate limit"
            description="Empty means no limit; deliveries over it wait their turn."
            min={1}
            allowDecimal={false}
            {...form.getInputProps("rate_limit")}
          />
          <Select
            label="Per"
            data={[
              { value: "second", label: "second" },
              { value: "minute", label: "minute" },
              { value: "hour", label: "hour" },
            ]}
            allowDeselect={false}
            {...form.getInputProps("rate_period")}
          />
          <NumberInput
            label="Open the circuit after"
            description="Failed attempts in a row; then attempts stop and one probe goes out per interval."
            min={1}
            max={1000}
            allowDecimal={false}
            {...form.getInputProps("circuit_threshold")}
          />
          <NumberInput
            label="Probe every (seconds)"
            min={1}
            max={86400}
            allowDecimal={false}
            {...form.getInputProps("circuit_probe_seconds")}
          />
        </SimpleGrid>
        <Switch
          label="Ordered delivery"
          description="Webhooks with the same key go one at a time, in the order received."
          {...form.getInputProps("ordered", { type: "checkbox" })}
        />
        {form.values.ordered && (
          <SimpleGrid cols={2}>
            <TextInput
              label="Ordering key (CEL)"
              description="e.g. body.data.object.customer; empty means one key for everything."
              {...form.getInputProps("ordering_key")}
            />
            <Select
              label="When one fails for good"
              data={[
                { value: "wait", label: "Wait: hold its key until it is replayed" },
                { value: "skip", label: "Skip it: the next one goes on" },
              ]}
              allowDeselect={false}
              {...form.getInputProps("ordering_on_failure")}
            />
          </SimpleGrid>
        )}
      </Stack>
    </Fieldset>
  );
}
