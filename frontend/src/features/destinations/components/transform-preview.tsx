import { Button, Code, Group, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { useState } from "react";

import type { components } from "@/api/schema";
import { showErrorNotification } from "@/components/error-notification";

import { usePreviewTransformation } from "../api/preview-transformation";
import { ExpressionError } from "./expression-error";
import { SamplePicker, sampleBody, type Sample } from "./sample-picker";

type PreviewRequest = components["schemas"]["PreviewRequestOutput"];

export const TRANSFORMATION_EXAMPLE =
  '{"body": {"text": "Charge of " & $string(body.data.object.amount)}, "path": "/charges/" & body.id}';

function RequestView({ title, request }: { title: string; request: PreviewRequest }) {
  const headers = Object.entries(request.headers)
    .map(([name, value]) => `${name}: ${value}`)
    .join("\n");
  return (
    <Stack gap={4} aria-label={title} role="region">
      <Title order={3} size="h6">
        {title}
      </Title>
      <Text size="xs" c="dimmed">
        {request.url ?? (request.path ? `Path: ${request.path}` : "Path: as configured")} · {request.content_type || "no content type"}
      </Text>
      {headers && <Code block>{headers}</Code>}
      <Code block>{typeof request.body === "string" ? request.body : JSON.stringify(request.body, null, 2)}</Code>
    </Stack>
  );
}

/** A JSONata transformation run on a stored webhook or pasted body: before and after, side by side. */
export function TransformPreview({ initialTransformation, destinationId }: { initialTransformation: string; destinationId?: string }) {
  const [transformation, setTransformation] = useState(initialTransformation);
  const [sample, setSample] = useState<Sample>({ kind: "log", logId: null });
  const [problem, setProblem] = useState<string | null>(null);
  const preview = usePreviewTransformation();

  const run = () => {
    const part = sampleBody(sample);
    if ("error" in part) {
      setProblem(part.error);
      return;
    }
    setProblem(null);
    preview.mutate(
      { transformation, ...part, ...(destinationId ? { destination_id: destinationId } : {}) },
      { onError: (error) => showErrorNotification("The preview did not run", error) },
    );
  };
  const result = preview.data;

  return (
    <Stack gap="sm">
      <Textarea
        label="Transformation (JSONata)"
        description={`Returns any of body, headers and path, e.g. ${TRANSFORMATION_EXAMPLE}`}
        autosize
        minRows={3}
        styles={{ input: { fontFamily: "monospace" } }}
        value={transformation}
        onChange={(event) => setTransformation(event.currentTarget.value)}
      />
      <SamplePicker value={sample} onChange={setSample} />
      {problem && (
        <Text size="sm" c="red">
          {problem}
        </Text>
      )}
      <Group>
        <Button variant="default" onClick={run} loading={preview.isPending} disabled={!transformation.trim()}>
          Preview
        </Button>
      </Group>
      {result?.error && <ExpressionError source={transformation} error={result.error} />}
      {result && (
        <SimpleGrid cols={{ base: 1, md: 2 }}>
          <RequestView title="Before" request={result.before} />
          {result.after ? <RequestView title="After" request={result.after} /> : <Text c="dimmed">Nothing is sent: the transformation failed.</Text>}
        </SimpleGrid>
      )}
    </Stack>
  );
}
