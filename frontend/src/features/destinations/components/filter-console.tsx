import { Badge, Button, Group, Stack, Text, Textarea } from "@mantine/core";
import { useState } from "react";

import { showErrorNotification } from "@/components/error-notification";

import { useTestFilter } from "../api/test-filter";
import { ExpressionError } from "./expression-error";
import { SamplePicker, sampleBody, type Sample } from "./sample-picker";

export const FILTER_EXAMPLES = [
  "body.data.object.amount >= 1000",
  'headers["x-github-event"] == "push" && body.ref == "refs/heads/main"',
];

/** Try a CEL filter on a stored webhook or a pasted body: does it match, and why not. */
export function FilterConsole({ initialExpression }: { initialExpression: string }) {
  const [expression, setExpression] = useState(initialExpression);
  const [sample, setSample] = useState<Sample>({ kind: "log", logId: null });
  const [problem, setProblem] = useState<string | null>(null);
  const test = useTestFilter();

  const run = () => {
    const part = sampleBody(sample);
    if ("error" in part) {
      setProblem(part.error);
      return;
    }
    setProblem(null);
    test.mutate({ expression, ...part }, { onError: (error) => showErrorNotification("The test did not run", error) });
  };
  const result = test.data;

  return (
    <Stack gap="sm">
      <Textarea
        label="Filter (CEL)"
        description={`e.g. ${FILTER_EXAMPLES.join("  ·  ")}`}
        autosize
        minRows={2}
        styles={{ input: { fontFamily: "monospace" } }}
        value={expression}
        onChange={(event) => setExpression(event.currentTarget.value)}
      />
      <SamplePicker value={sample} onChange={setSample} />
      {problem && (
        <Text size="sm" c="red">
          {problem}
        </Text>
      )}
      <Group>
        <Button variant="default" onClick={run} loading={test.isPending} disabled={!expression.trim()}>
          Test filter
        </Button>
      </Group>
      {result && (
        <Stack gap="xs" aria-live="polite">
          <Group gap="xs">
            <Badge color={result.matches ? "green" : result.error ? "red" : "gray"}>
              {result.matches ? "Matches: sent" : result.error ? "Error" : "No match: filtered"}
            </Badge>
          </Group>
          <Text size="sm">{result.reason}</Text>
          {result.error && <ExpressionError source={expression} error={result.error} />}
        </Stack>
      )}
    </Stack>
  );
}
