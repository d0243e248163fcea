import { Anchor, Badge, Button, Divider, Group, Paper, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { isNotEmpty, useForm } from "@mantine/form";
import { useState } from "react";

import type { components } from "@/api/schema";
import { ErrorState } from "@/components/error-state";
import { FormErrorBanner } from "@/components/form-error-banner";
import { LoadingState } from "@/components/loading-state";
import { applyServerErrors, type FormBanner } from "@/lib/form-errors";

import { useCreateProvider } from "../api/create-provider";
import { useProviderTypes, type ProviderType } from "../api/get-provider-types";
import {
  asProviderName,
  familyBadges,
  findProviderType,
  providerTypeOptions,
  takesSecret,
  type ProviderName,
} from "../utils/provider-types";
import { defaultRecipe, recipeToJson, type RecipeValues } from "../utils/recipe";
import { RecipeComposer } from "./recipe-composer";
import { RecipeConsole } from "./recipe-console";

type Provider = components["schemas"]["ProviderOutput"];

type Values = {
  provider_name: ProviderName | null;
  display_name: string;
  signing_secret: string;
  header: string;
  algorithm: string;
  encoding: string;
  prefix: string;
  verify_token: string;
  recipe: RecipeValues;
};

const RECIPE_FIELDS = Object.keys(defaultRecipe) as (keyof RecipeValues)[];
// The server names a recipe's problems `settings.recipe.<field>`: shown beside that input.
const FIELDS = ["provider_name", "display_name", "signing_secret", ...RECIPE_FIELDS.map(recipeErrorPath)];

function recipeErrorPath(field: keyof RecipeValues) {
  return `settings.recipe.${field}`;
}

// Senders whose settings take more than the secret.
const GENERIC = "hmac_generic";
const META = "meta";
const CUSTOM = "custom";

function settingsFor(values: Values): Record<string, unknown> {
  // A string: the registry may not list every one of these senders yet.
  const sender: string | null = values.provider_name;
  switch (sender) {
    case GENERIC:
      return { header: values.header, algorithm: values.algorithm, encoding: values.encoding, prefix: values.prefix };
    case META:
      return { verify_token: values.verify_token.trim() };
    case CUSTOM:
      return { recipe: recipeToJson(values.recipe) };
    default:
      return {};
  }
}

/** What the chosen sender is, how it is checked and where its secret is found. */
function SenderGuide({ type }: { type: ProviderType }) {
  const badge = familyBadges[type.verification];
  return (
    <Paper withBorder p="sm" radius="md" aria-label={`About ${type.label}`} component="section">
      <Stack gap={6}>
        <Group gap="xs">
          <Text fw={600} size="sm">
            {type.label}
          </Text>
          <Badge color={badge.color} variant="light" size="sm" title={badge.hint}>
            {badge.label}
          </Badge>
          {type.docs_url && (
            <Anchor href={type.docs_url} target="_blank" rel="noreferrer" size="sm">
              Signature docs
            </Anchor>
          )}
        </Group>
        {type.setup && <Text size="sm">{type.setup}</Text>}
        {type.handshake && (
          <Text size="xs" c="dimmed">
            Hooklane answers this sender's set-up check by itself.
          </Text>
        )}
      </Stack>
    </Paper>
  );
}

/** Creates a provider; what the chosen sender needs sits beside the inputs. */
export function CreateProviderForm({ onCreated }: { onCreated: (provider: Provider) => void }) {
  const types = useProviderTypes();
  const create = useCreateProvider();
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const form = useForm<Values>({
    initialValues: {
      provider_name: null,
      display_name: "",
      signing_secret: "",
      header: "X-Signature",
      algorithm: "sha256",
      encoding: "hex",
      prefix: "",
      verify_token: "",
      recipe: defaultRecipe,
    },
    validate: {
      provider_name: isNotEmpty("Pick the sender."),
      display_name: isNotEmpty("Give it a name you will recognise."),
      recipe: { signature: (value, values) => (values.provider_name === CUSTOM && !value.trim() ? "Say where the signature is." : null) },
    },
  });

  if (types.isPending) return <LoadingState label="Loading senders" />;
  if (types.isError) return <ErrorState error={types.error} onRetry={() => void types.refetch()} />;

  const type = findProviderType(types.data, form.values.provider_name);
  const sender: string | null = form.values.provider_name;
  const needsSecret = takesSecret(type);

  const submit = form.onSubmit((values) => {
    if (!values.provider_name) return;
    setBanner(null);
    create.mutate(
      {
        provider_name: values.provider_name,
        display_name: values.display_name.trim(),
        signing_secret: needsSecret ? values.signing_secret.trim() : "",
        settings: settingsFor(values),
        is_active: true,
      },
      { onSuccess: onCreated, onError: (error) => setBanner(applyServerErrors(form, error, FIELDS)) },
    );
  });

  return (
    <form onSubmit={submit} noValidate aria-label="New provider">
      <Stack>
        <FormErrorBanner banner={banner} />
        <Select
          label="Sender"
          placeholder="Search senders"
          data={providerTypeOptions(types.data)}
          searchable
          allowDeselect={false}
          nothingFoundMessage="No such sender: pick Custom recipe and describe its signature"
          {...form.getInputProps("provider_name")}
          onChange={(value) => form.setFieldValue("provider_name", asProviderName(types.data, value) ?? null)}
        />
        {type && <SenderGuide type={type} />}
        <TextInput
          label="Name"
          description="Shown in lists and logs, e.g. “Stripe live”."
          required
          {...form.getInputProps("display_name")}
        />
        {needsSecret && (
          <PasswordInput
            label={type?.secret_label ?? "Signing secret"}
            description="Hooklane keeps it to verify requests; it is never shown again. No secret yet? Leave it empty: requests are captured and wait for it, and setting it later verifies them."
            autoComplete="off"
            {...form.getInputProps("signing_secret")}
          />
        )}
        {sender === META && (
          <TextInput
            label="Verify token"
            description="Any text you choose; type the same in Meta's webhook settings. Hooklane answers Meta's subscription check only when it matches."
            {...form.getInputProps("verify_token")}
          />
        )}
        {sender === GENERIC && (
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label="Signature header" {...form.getInputProps("header")} />
            <TextInput label="Prefix" placeholder="sha256=" {...form.getInputProps("prefix")} />
            <Select label="Algorithm" data={["sha1", "sha256", "sha512"]} allowDeselect={false} {...form.getInputProps("algorithm")} />
            <Select label="Encoding" data={["hex", "base64"]} allowDeselect={false} {...form.getInputProps("encoding")} />
          </SimpleGrid>
        )}
        {sender === CUSTOM && (
          <>
            <Divider label="Recipe" labelPosition="left" />
            <RecipeComposer
              value={form.values.recipe}
              onChange={(recipe) => form.setFieldValue("recipe", recipe)}
              errors={Object.fromEntries(
                RECIPE_FIELDS.map((field) => [
                  field,
                  (form.errors[`recipe.${field}`] ?? form.errors[recipeErrorPath(field)])?.toString(),
                ]),
              )}
            />
            <Divider />
            <RecipeConsole recipe={recipeToJson(form.values.recipe)} secret={form.values.signing_secret} />
          </>
        )}
        <Text size="xs" c="dimmed">
          The ingest URL is shown as soon as the provider exists.
        </Text>
        <Button type="submit" loading={create.isPending}>
          Create provider
        </Button>
      </Stack>
    </form>
  );
}
