import { Checkbox, NumberInput, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";

import type { RecipeValues } from "../utils/recipe";

type RecipeComposerProps = {
  value: RecipeValues;
  onChange: (value: RecipeValues) => void;
  /** Server messages per recipe field (`settings.recipe.<field>`), shown beside the input. */
  errors?: Partial<Record<keyof RecipeValues, string>>;
};

const digests = ["sha1", "sha256", "sha512"];
const encodings = [
  { value: "hex", label: "Hex" },
  { value: "base64", label: "Base64" },
  { value: "base64url", label: "Base64 (URL-safe)" },
];
const keys = [
  { value: "utf8", label: "The secret as text (UTF-8)" },
  { value: "whsec_base64", label: "Base64 after whsec_ (Standard Webhooks)" },
  { value: "base64", label: "Base64" },
  { value: "hex", label: "Hex" },
];
const timestampFormats = [
  { value: "seconds", label: "Unix seconds" },
  { value: "milliseconds", label: "Unix milliseconds" },
  { value: "rfc3339", label: "RFC 3339 date" },
];

/** The custom provider's signature recipe: where the signature is, and how it was computed. */
export function RecipeComposer({ value, onChange, errors = {} }: RecipeComposerProps) {
  const text = (name: keyof RecipeValues) => ({
    value: String(value[name]),
    error: errors[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => onChange({ ...value, [name]: event.currentTarget.value }),
  });
  const choice = (name: keyof RecipeValues) => ({
    value: String(value[name]),
    error: errors[name],
    allowDeselect: false,
    onChange: (picked: string | null) => picked !== null && onChange({ ...value, [name]: picked }),
  });

  return (
    <Stack gap="sm" role="group" aria-label="Recipe">
      <Text size="sm" c="dimmed">
        Describe how the sender signs: Hooklane computes the same HMAC and compares. The sender's docs
        name each of these; try a sample request in the console below.
      </Text>
      <TextInput
        label="Signature location"
        description="header:Name, several as header:A|header:B (first present), body:field.path or query:name"
        required
        {...text("signature")}
      />
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <Select label="Digest" data={digests} {...choice("digest")} />
        <Select label="Encoding" data={encodings} {...choice("encoding")} />
        <Select label="Key" description="How the secret becomes the HMAC key" data={keys} {...choice("key")} />
      </SimpleGrid>
      <TextInput
        label="Signed message"
        description="{body} raw body, {timestamp}, {url}, {method}, {header:Name}, {item:k}, {query:name}, {body:a.b}, {form_sorted}; \n is a newline"
        {...text("message")}
      />
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <TextInput label="Prefix" description="Stripped from each signature: sha256=, v0=" {...text("prefix")} />
        <TextInput label="List separator" description="When one header holds several items: , or ;" {...text("list_separator")} />
        <TextInput label="Item key" description="Items are k=v: the signatures are the items named this (v1)" {...text("item_key")} />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 3 }}>
        <TextInput label="Timestamp" description="header:Name, item:t or body:field; empty if not signed" {...text("timestamp")} />
        <Select label="Timestamp format" data={timestampFormats} disabled={!value.timestamp.trim()} {...choice("timestamp_format")} />
        <NumberInput
          label="Tolerance (seconds)"
          description="Older or newer than this is refused"
          min={1}
          disabled={!value.timestamp.trim()}
          value={value.tolerance}
          error={errors.tolerance}
          onChange={(picked) => onChange({ ...value, tolerance: typeof picked === "number" ? picked : 300 })}
        />
      </SimpleGrid>
      <SimpleGrid cols={{ base: 1, xs: 2 }}>
        <TextInput label="Event id" description="body:id, header:X-Delivery-Id; used to drop duplicates" {...text("event_id")} />
        <TextInput label="Event type" description="body:type, header:X-Event or literal:push" {...text("event_type")} />
      </SimpleGrid>
      <Checkbox
        label="The body must be a JSON object"
        description="Anything else is refused as an invalid body"
        checked={value.json_object}
        onChange={(event) => onChange({ ...value, json_object: event.currentTarget.checked })}
      />
    </Stack>
  );
}
