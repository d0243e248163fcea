import { Anchor, Group, Tabs, Text } from "@mantine/core";
import { useMemo, useState } from "react";

import { ErrorState } from "@/components/error-state";
import { LoadingState } from "@/components/loading-state";

import { useLogRaw } from "../api/get-log-raw";
import { LongText } from "./long-text";

type PayloadViewProps = {
  logId: string;
  /** The parsed JSON body, or null when the body was not JSON. */
  payload: unknown;
};

/**
 * The body as pretty JSON or as the raw bytes; a long one shows its first part. Both render
 * as text nodes, never as HTML, so a hostile payload (`<script>`, `onerror=`) shows as
 * characters and cannot run.
 */
export function PayloadView({ logId, payload }: PayloadViewProps) {
  const isJson = payload !== null && payload !== undefined;
  const [tab, setTab] = useState<string | null>(isJson ? "pretty" : "raw");
  const raw = useLogRaw(logId, { enabled: tab === "raw" });
  const pretty = useMemo(() => (isJson ? JSON.stringify(payload, null, 2) : ""), [isJson, payload]);

  return (
    <Tabs value={tab} onChange={setTab} keepMounted={false}>
      <Group justify="space-between" wrap="wrap">
        <Tabs.List>
          <Tabs.Tab value="pretty">Pretty</Tabs.Tab>
          <Tabs.Tab value="raw">Raw</Tabs.Tab>
        </Tabs.List>
        {/* Served as an attachment with a sandboxing CSP: safe to open, and byte-exact. */}
        <Anchor href={`/api/v1/logs/${logId}/raw/`} size="sm">
          Download raw body
        </Anchor>
      </Group>
      <Tabs.Panel value="pretty" pt="sm">
        {isJson ? (
          <LongText text={pretty} label="Payload (pretty)" wordBreak="break-word" />
        ) : (
          <Text c="dimmed">The body is not JSON; the Raw tab shows it as it arrived.</Text>
        )}
      </Tabs.Panel>
      <Tabs.Panel value="raw" pt="sm">
        {raw.isPending ? (
          <LoadingState label="Loading the raw body" />
        ) : raw.isError ? (
          <ErrorState error={raw.error} onRetry={() => void raw.refetch()} />
        ) : (
          <LongText text={raw.data} label="Payload (raw)" wordBreak="break-all" />
        )}
      </Tabs.Panel>
    </Tabs>
  );
}
