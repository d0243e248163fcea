import { Button, MultiSelect, Select, Stack, TagsInput, TextInput } from "@mantine/core";
import { isNotEmpty, useForm } from "@mantine/form";
import { useState } from "react";

import { FormErrorBanner } from "@/components/form-error-banner";
import { applyServerErrors, type FormBanner } from "@/lib/form-errors";
import { ISSUE_KINDS } from "@/lib/issue-kinds";

import type { ChannelCreateInput } from "../api/channels";

type ChannelType = ChannelCreateInput["type"];

export const CHANNEL_TYPES: { value: ChannelType; label: string }[] = [
  { value: "email", label: "Email" },
  { value: "slack", label: "Slack incoming webhook" },
  { value: "discord", label: "Discord webhook" },
  { value: "teams", label: "Microsoft Teams webhook" },
  { value: "webhook", label: "Signed webhook" },
];


type Values = { name: string; type: ChannelType; url: string; emails: string[]; issue_kinds: string[] };
type Kind = ChannelCreateInput["issue_kinds"];
const FIELDS = ["name", "type", "url", "emails", "issue_kinds"] as const;

/** The request body: email channels send addresses, the others a URL. */
export function channelBody(values: Values): ChannelCreateInput {
  const common = { name: values.name.trim(), type: values.type, issue_kinds: values.issue_kinds as Kind, is_active: true };
  return values.type === "email" ? { ...common, emails: values.emails } : { ...common, url: values.url.trim() };
}

export function ChannelForm({
  pending,
  onSubmit,
}: {
  pending: boolean;
  onSubmit: (body: ChannelCreateInput, onError: (error: unknown) => void) => void;
}) {
  const [banner, setBanner] = useState<FormBanner | null>(null);
  const form = useForm<Values>({
    initialValues: { name: "", type: "slack", url: "", emails: [], issue_kinds: [] },
    validate: {
      name: isNotEmpty("A name is required"),
      url: (url, values) => (values.type !== "email" && !url.trim() ? "The webhook URL is required" : null),
    },
  });
  const submit = form.onSubmit((values) => {
    setBanner(null);
    onSubmit(channelBody(values), (error) => setBanner(applyServerErrors(form, error, FIELDS)));
  });
  const isEmail = form.values.type === "email";
  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <FormErrorBanner banner={banner} />
        <TextInput label="Name" required {...form.getInputProps("name")} />
        <Select label="Type" data={CHANNEL_TYPES} allowDeselect={false} {...form.getInputProps("type")} />
        {isEmail ? (
          <TagsInput
            label="Addresses"
            description="None: the organization's admins"
            {...form.getInputProps("emails")}
          />
        ) : (
          <TextInput
            label="Webhook URL"
            description="https; stored encrypted and never shown whole again"
            required
            {...form.getInputProps("url")}
          />
        )}
        <MultiSelect
          label="Issue kinds"
          description="None chosen: every kind"
          data={ISSUE_KINDS}
          {...form.getInputProps("issue_kinds")}
        />
        <Button type="submit" loading={pending}>
          Create channel
        </Button>
      </Stack>
    </form>
  );
}
