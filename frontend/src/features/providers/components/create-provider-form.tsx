import { Alert, Button, List, PasswordInput, Select, SimpleGrid, Stack, Text, TextInput } from "@mantine/core";
import { isNotEmpty, useForm } from "@mantine/form";
import { useState } from "react";

import type { components } from "@/api/schema";
import { FormErrorBanner } from "@/components/form-error-banner";
import { applyServerErrors, type FormBanner } from "@/lib/form-errors";

import { useCreateProvider } from "../api/create-provider";
import { isProviderName, providerGuides, providerOptions, type ProviderName } from "../utils/provider-guides";

type Provider = components["schemas"]["ProviderOutput"];

type Values = {
  provider_name: ProviderName;
  display_name: string;
  signing_secret: string;
  header: string;
  algorithm: string;
  encoding: string;
  prefix: string;
};

const FIELDS = ["provider_name", "display_name", "signing_secret"] as const;

/** Creates a provider; the steps for the chosen sender's console sit beside the inputs. */
export function CreateProviderForm({ onCreated }: { onCreated: (provider: Provider) => void }) {
  const create = useCreateProvider();
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const form = useForm<Values>({
    initialValues: {
      provider_name: "stripe",
      display_name: "",
      signing_secret: "",
      header: "X-Signature",
      algorithm: "sha256",
      encoding: "hex",
      prefix: "",
    },
    validate: {
      display_name: isNotEmpty("Give it a name you will recognise."),
      signing_secret: (value, values) =>
        providerGuides[values.provider_name].secretLabel && !value.trim() ? "Paste the signing secret." : null,
    },
  });
  const guide = providerGuides[form.values.provider_name];

  const submit = form.onSubmit((values) => {
    setBanner(null);
    const isHmac = values.provider_name === "hmac_generic";
    create.mutate(
      {
        provider_name: values.provider_name,
        display_name: values.display_name.trim(),
        signing_secret: guide.secretLabel ? values.signing_secret.trim() : "",
        settings: isHmac
          ? { header: values.header, algorithm: values.algorithm, encoding: values.encoding, prefix: values.prefix }
          : {},
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
          data={providerOptions}
          allowDeselect={false}
          {...form.getInputProps("provider_name")}
          onChange={(value) => {
            if (isProviderName(value)) form.setFieldValue("provider_name", value);
          }}
        />
        <Alert color="indigo" variant="light" title={`Setting up ${guide.label}`}>
          <List type="ordered" size="sm" spacing={4}>
            {guide.steps.map((step) => (
              <List.Item key={step}>{step}</List.Item>
            ))}
          </List>
        </Alert>
        <TextInput
          label="Name"
          description="Shown in lists and logs, e.g. “Stripe live”."
          required
          {...form.getInputProps("display_name")}
        />
        {guide.secretLabel && (
          <PasswordInput
            label={guide.secretLabel}
            placeholder={guide.secretPlaceholder}
            description="Hooklane keeps it to verify signatures; it is never shown again."
            autoComplete="off"
            required
            {...form.getInputProps("signing_secret")}
          />
        )}
        {form.values.provider_name === "hmac_generic" && (
          <SimpleGrid cols={{ base: 1, xs: 2 }}>
            <TextInput label="Signature header" {...form.getInputProps("header")} />
            <TextInput label="Prefix" placeholder="sha256=" {...form.getInputProps("prefix")} />
            <Select label="Algorithm" data={["sha1", "sha256", "sha512"]} allowDeselect={false} {...form.getInputProps("algorithm")} />
            <Select label="Encoding" data={["hex", "base64"]} allowDeselect={false} {...form.getInputProps("encoding")} />
          </SimpleGrid>
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
