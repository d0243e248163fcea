import { Alert, Code, Text } from "@mantine/core";

import type { components } from "@/api/schema";

type ExpressionErrorOutput = components["schemas"]["ExpressionErrorOutput"];

/** The source line an error points at, with a caret under its column. */
export function pointAt(source: string, line: number | null, column: number | null): string | null {
  if (line === null || column === null) return null;
  const text = source.split("\n")[line - 1];
  if (text === undefined) return null;
  return `${text}\n${" ".repeat(Math.max(column - 1, 0))}^`;
}

export function ExpressionError({ source, error }: { source: string; error: ExpressionErrorOutput }) {
  const pointer = pointAt(source, error.line, error.column);
  return (
    <Alert color="red" title={error.line === null ? "Error" : `Error at line ${error.line}, column ${error.column}`}>
      <Text size="sm">{error.message}</Text>
      {pointer && (
        <Code block mt="xs" aria-label="Where the error is">
          {pointer}
        </Code>
      )}
    </Alert>
  );
}
