import { Badge, Group, Stack, Table, Text } from "@mantine/core";

import type { components } from "@/api/schema";
import { ConfirmButton } from "@/components/confirm-button";
import { showErrorNotification } from "@/components/error-notification";
import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";
import { useIsAdmin } from "@/lib/auth";
import { formatDateTime } from "@/lib/format";

import { useDestinationCircuit } from "../api/get-destination-circuit";
import { useResetDestinationCircuit } from "../api/reset-destination-circuit";

type CircuitState = components["schemas"]["CircuitOutput"]["state"];

const STATE: Record<CircuitState, { label: string; color: string }> = {
  closed: { label: "Closed", color: "green" },
  open: { label: "Open", color: "red" },
  half_open: { label: "Half-open (probing)", color: "yellow" },
};

const REASON: Record<string, string> = {
  failures: "Failed attempts in a row reached the threshold",
  probe: "A probe attempt went out",
  probe_failed: "The probe failed",
  succeeded: "An attempt succeeded",
  reset: "Closed by an admin",
};

export function CircuitBadge({ state }: { state: CircuitState }) {
  return (
    <Badge color={STATE[state].color} variant="light">
      Circuit {STATE[state].label.toLowerCase()}
    </Badge>
  );
}

/** The circuit breaker of one destination: state, next probe, history, and a manual close for admins. */
export function CircuitPanel({ destinationId }: { destinationId: string }) {
  const isAdmin = useIsAdmin();
  const circuit = useDestinationCircuit(destinationId);
  const reset = useResetDestinationCircuit();
  if (circuit.isPending) return <LoadingState label="Loading the circuit" />;
  if (circuit.isError) return <ErrorState error={circuit.error} onRetry={() => void circuit.refetch()} />;
  const { state, since, consecutive_failures, threshold, next_probe_at, transitions } = circuit.data;

  return (
    <Stack gap="sm">
      <Group gap="sm">
        <CircuitBadge state={state} />
        <Text size="sm">
          {consecutive_failures} of {threshold} failures in a row
          {since ? ` · since ${formatDateTime(since)}` : ""}
        </Text>
        {state !== "closed" && next_probe_at && (
          <Text size="sm" c="dimmed">
            Deliveries wait; next probe {formatDateTime(next_probe_at)}
          </Text>
        )}
        {isAdmin && state !== "closed" && (
          <ConfirmButton
            variant="default"
            size="xs"
            title="Close the circuit?"
            message="Every delivery that waited goes out at once (at the rate limit, if any)."
            confirmLabel="Close circuit"
            loading={reset.isPending}
            onConfirm={() =>
              reset.mutate(destinationId, { onError: (error) => showErrorNotification("That did not work", error) })
            }
          >
            Close circuit
          </ConfirmButton>
        )}
      </Group>
      {transitions.length === 0 ? (
        <Text size="sm" c="dimmed">
          The circuit has never opened.
        </Text>
      ) : (
        <Table aria-label="Circuit history" striped>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Change</Table.Th>
              <Table.Th>Why</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {transitions.map((transition) => (
              <Table.Tr key={transition.id}>
                <Table.Td>{formatDateTime(transition.at)}</Table.Td>
                <Table.Td>
                  {transition.from_state.replace("_", "-")} → {transition.to_state.replace("_", "-")}
                </Table.Td>
                <Table.Td>{REASON[transition.reason] ?? transition.reason}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
