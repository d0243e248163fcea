import { Loader, Select, SimpleGrid, TextInput } from "@mantine/core";
import { IconSearch } from "@tabler/icons-react";

import { useProviderTypes } from "../api/get-provider-types";
import { asProviderName, providerTypeOptions, type ProviderName } from "../utils/provider-types";

type ProviderSearchProps = {
  text: string;
  onTextChange: (text: string) => void;
  /** Enter: search now rather than once typing pauses. */
  onSubmit: () => void;
  type: ProviderName | undefined;
  onTypeChange: (type: ProviderName | null) => void;
  /** A search is on its way: shown in the search box. */
  searching: boolean;
};


/** Search providers by words of the name, and narrow them by type. */
export function ProviderSearch({ text, onTextChange, onSubmit, type, onTypeChange, searching }: ProviderSearchProps) {
  const types = useProviderTypes().data;
  const typeOptions = [{ value: "", label: "Any type" }, ...providerTypeOptions(types ?? [])];
  return (
    <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" role="search" aria-label="Find providers" maw={720}>
      <TextInput
        label="Search"
        placeholder="Words of the name"
        leftSection={<IconSearch size={16} />}
        rightSection={searching ? <Loader size="xs" aria-hidden /> : null}
        value={text}
        onChange={(event) => onTextChange(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter") onSubmit();
        }}
      />
      <Select
        label="Type"
        data={typeOptions}
        value={type ?? ""}
        onChange={(value) => onTypeChange(asProviderName(types, value) ?? null)}
        allowDeselect={false}
      />
    </SimpleGrid>
  );
}
