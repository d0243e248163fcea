import { Card, SimpleGrid, Stack, Text, Title } from "@mantine/core";

import type { components } from "@/api/schema";
import { formatBytes } from "@/lib/format";

type Quota = components["schemas"]["OrganizationQuotaOutput"];

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={500}>{value}</Text>
    </Stack>
  );
}

/** The ingest quotas in force, what is stored, and how often webhooks were refused lately. */
export function QuotaCard({ quota }: { quota: Quota }) {
  const rate =
    quota.rate_per_second === 0
      ? "No limit"
      : `${quota.rate_per_second.toLocaleString()}/s, ${quota.burst.toLocaleString()} at once`;
  const limit = quota.stored_bytes_limit === 0 ? "no limit" : formatBytes(quota.stored_bytes_limit);
  const stored = quota.stored_bytes === null ? "unknown" : formatBytes(quota.stored_bytes);
  return (
    <Card withBorder maw={560} aria-label="Quotas">
      <Stack>
        <Title order={3} size="h5">
          Quotas
        </Title>
        <SimpleGrid cols={2}>
          <Figure label="Ingest rate" value={rate} />
          <Figure label="Stored" value={`${stored} of ${limit}`} />
          <Figure
            label="Refused over the rate (7 days)"
            value={quota.refused ? quota.refused.rate_limited.toLocaleString() : "unknown"}
          />
          <Figure
            label="Refused over the quota (7 days)"
            value={quota.refused ? quota.refused.over_quota.toLocaleString() : "unknown"}
          />
        </SimpleGrid>
        <Text size="sm" c="dimmed">
          Over the rate senders get 429 and retry; over the stored bytes, 507 until retention makes room.
          Hooklane staff set these.
        </Text>
      </Stack>
    </Card>
  );
}
