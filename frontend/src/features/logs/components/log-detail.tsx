import { Alert, Badge, Card, Code, Group, SimpleGrid, Stack, Table, Text, Title, Tooltip } from "@mantine/core";
import type { ReactNode } from "react";

import type { components } from "@/api/schema";
import { formatBytes, formatDateTime } from "@/lib/format";
import { reasonSentence, verificationStateSentences } from "@/lib/verification";

import type { LogAttemptsQuery } from "../api/get-log";
import { LogAttempts } from "./log-attempts";
import { LogStatusBadge } from "./log-status-badge";
import { PayloadView } from "./payload-view";
import { ReverifyPanel } from "./reverify-panel";
import { VerificationBadge } from "./verification-badge";

type LogDetailOutput = components["schemas"]["LogDetailOutput"];

/** What the API puts in place of a value the caller may not see. */
const REDACTED = "[redacted]";

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm" component="div" style={{ wordBreak: "break-all" }}>
        {children}
      </Text>
    </div>
  );
}

type LogDetailProps = {
  log: LogDetailOutput;
  /** The log's delivery attempts, fetched (and refreshed) beside the log by useLog. */
  attempts: LogAttemptsQuery;
  /** Admins may check a refused request's signature again. */
  canReverify?: boolean;
};

// Requests that were stored but never routed because their check did not pass (yet).
const REVERIFIABLE = new Set<LogDetailOutput["status"]>(["rejected"]);

/** What the check found, in words, and what the status means for routing. */
function verificationSentence(log: LogDetailOutput): string {
  if (log.status === "handshake") return "A set-up check from the sender: Hooklane answered it; it is never forwarded.";
  if (log.verification_reason) return reasonSentence(log.verification_reason);
  return verificationStateSentences[log.verification];
}

/** Everything stored about one webhook: its metadata, attempts, headers and body. The body
 * comes last and in a box of bounded height, so a large one never buries the rest. */
export function LogDetail({ log, attempts, canReverify = false }: LogDetailProps) {
  const headers = Object.entries(log.headers).sort(([a], [b]) => a.localeCompare(b));
  return (
    <Stack gap="lg">
      {log.error && (
        <Alert color="red" title="Error">
          {log.error}
        </Alert>
      )}
      <Card withBorder component="section" aria-label="Verification">
        <Stack gap="xs">
          <Group gap="xs">
            <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
              Verification
            </Text>
            <VerificationBadge verification={log.verification} reason={log.verification_reason} />
          </Group>
          <Text size="sm">{verificationSentence(log)}</Text>
          {canReverify && REVERIFIABLE.has(log.status) && <ReverifyPanel logId={log.id} />}
        </Stack>
      </Card>
      <Card withBorder>
        <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="md">
          <Field label="Status">
            <Group gap={6}>
              <LogStatusBadge status={log.status} />
              {log.probable_replay && (
                <Tooltip
                  multiline
                  w={280}
                  label="This sender signs no timestamp, and this exact body arrived recently under another event id: someone may have sent a captured request again."
                >
                  <Badge color="orange" variant="light">
                    Probable replay
                  </Badge>
                </Tooltip>
              )}
            </Group>
          </Field>
          <Field label="Event type">
            <Code>{log.event_type || "—"}</Code>
          </Field>
          <Field label="Event id">{log.external_id ?? "—"}</Field>
          <Field label="Provider">
            {log.provider.display_name} ({log.provider.provider_name})
          </Field>
          <Field label="Received">{formatDateTime(log.received_at)}</Field>
          <Field label="Processed">{formatDateTime(log.processed_at)}</Field>
          <Field label="Size">
            {formatBytes(log.size_bytes)} · {log.content_type || "no content type"}
          </Field>
          <Field label="Source IP">{log.source_ip ?? "—"}</Field>
        </SimpleGrid>
      </Card>

      <section aria-labelledby="attempts-heading">
        <Title order={2} size="h4" id="attempts-heading" mb="xs">
          Delivery attempts
        </Title>
        <LogAttempts attempts={attempts} status={log.status} />
      </section>

      <section aria-labelledby="headers-heading">
        <Title order={2} size="h4" id="headers-heading" mb="xs">
          Headers
        </Title>
        {log.signature_headers_redacted && (
          <Text size="sm" c="dimmed" mb="xs">
            Signature headers are shown to admins only: with them, the request could be sent again.
          </Text>
        )}
        <Table.ScrollContainer minWidth={480}>
          <Table striped aria-labelledby="headers-heading" fz="sm">
            <Table.Tbody>
              {headers.map(([name, value]) => (
                <Table.Tr key={name}>
                  <Table.Th scope="row" w="30%" ff="monospace" fw={500}>
                    {name}
                  </Table.Th>
                  <Table.Td ff="monospace" style={{ wordBreak: "break-all" }}>
                    {value === REDACTED ? (
                      <Text span size="sm" c="dimmed" fs="italic">
                        {REDACTED}
                      </Text>
                    ) : (
                      value
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </section>

      <section aria-labelledby="payload-heading">
        <Title order={2} size="h4" id="payload-heading" mb="xs">
          Payload
        </Title>
        <PayloadView logId={log.id} payload={log.payload} />
      </section>
    </Stack>
  );
}
