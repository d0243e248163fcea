import { IssuesPanel } from "@/features/issues/components/issues-panel";

export function IssuesRoute() {
  return <IssuesPanel />;
}
