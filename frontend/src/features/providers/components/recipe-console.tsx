import { Alert, Button, Code, Group, List, PasswordInput, Select, SimpleGrid, Stack, Text, Textarea, TextInput, ThemeIcon } from "@mantine/core";
import { IconCheck, IconX } from "@tabler/icons-react";
import { useState } from "react";

import { ApiError } from "@/api/client";
import { ErrorState } from "@/components/error-state";
import { reasonSentence } from "@/lib/verification";

import { useExplainRecipe, type RecipeExplainInput } from "../api/explain-recipe";
import { parseHeaderLines } from "../utils/recipe";

type Method = RecipeExplainInput["method"];
const METHODS = ["POST", "GET", "PUT", "PATCH", "DELETE"] as const satisfies readonly Method[];

type RecipeConsoleProps = {
  /** The recipe as the API takes it. */
  recipe: Record<string, unknown>;
  /** The secret typed in the form, to start from. */
  secret: string;
};

/** Paste a request the sender sent and see, step by step, whether the recipe verifies it and why not. */
export function RecipeConsole({ recipe, secret: formSecret }: RecipeConsoleProps) {
  const explain = useExplainRecipe();
  const [headers, setHeaders] = useState("");
  const [body, setBody] = useState("");
  const [secret, setSecret] = useState<string | null>(null);
  const [method, setMethod] = useState<Method>("POST");
  const [url, setUrl] = useState("https://hooklane.test/in/key");
  const result = explain.data;

  const run = () =>
    explain.mutate({ recipe, secret: secret ?? formSecret, method, url, headers: parseHeaderLines(headers), body });

  return (
    <Stack gap="sm" role="region" aria-label="Recipe console">
      <Text fw={600} size="sm">
        Try it on a sample request
      </Text>
      <Textarea
        label="Headers"
        description="One per line, as Name: value"
        placeholder={"X-Signature: 5d41402abc4b2a76b9719d911017c592\nContent-Type: application/json"}
        autosize
        minRows={3}
        value={headers}
        onChange={(event) => setHeaders(event.currentTarget.value)}
      />
      <Textarea
        label="Body"
        description="Exactly as sent: one changed byte changes the signature"
        autosize
        minRows={3}
        maxRows={12}
        value={body}
        onChange={(event) => setBody(event.currentTarget.value)}
      />
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <PasswordInput
          label="Secret to test with"
          autoComplete="off"
          value={secret ?? formSecret}
          onChange={(event) => setSecret(event.currentTarget.value)}
        />
        <Select
          label="Method"
          data={METHODS}
          allowDeselect={false}
          value={method}
          onChange={(value) => setMethod(METHODS.find((known) => known === value) ?? "POST")}
        />
        <TextInput label="URL the sender called" value={url} onChange={(event) => setUrl(event.currentTarget.value)} />
      </SimpleGrid>
      <Group>
        <Button variant="default" onClick={run} loading={explain.isPending}>
          Check this request
        </Button>
      </Group>
      {explain.isError && (
        <Stack gap={4}>
          <ErrorState title="The recipe cannot run" error={explain.error} />
          {explain.error instanceof ApiError && (
            <List size="sm" aria-label="Recipe problems">
              {Object.entries(explain.error.fields).map(([field, messages]) => (
                <List.Item key={field}>
                  <Code>{field}</Code> {messages.join(" ")}
                </List.Item>
              ))}
            </List>
          )}
        </Stack>
      )}
      {result && (
        <Stack gap="xs" aria-label="Result">
          <Alert color={result.ok ? "teal" : "red"} title={result.ok ? "Verified" : "Not verified"}>
            <Stack gap={4}>
              {!result.ok && result.reason && <Text size="sm">{reasonSentence(result.reason)}</Text>}
              {result.detail && <Text size="sm">{result.detail}</Text>}
              {result.ok && (
                <Text size="sm">
                  Event id <Code>{result.event_id ?? "none"}</Code>, type <Code>{result.event_type || "unknown"}</Code>
                </Text>
              )}
            </Stack>
          </Alert>
          <List spacing={4} size="sm" aria-label="Steps">
            {result.steps.map((step, index) => (
              <List.Item
                key={`${index}-${step.name}`}
                icon={
                  <ThemeIcon size={18} radius="xl" color={step.ok ? "teal" : "red"} aria-label={step.ok ? "passed" : "failed"}>
                    {step.ok ? <IconCheck size={12} /> : <IconX size={12} />}
                  </ThemeIcon>
                }
              >
                <Text span fw={500} size="sm">
                  {step.name}
                </Text>
                {step.detail && (
                  <Text span size="sm" c="dimmed">
                    {" "}
                    {step.detail}
                  </Text>
                )}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}
    </Stack>
  );
}
