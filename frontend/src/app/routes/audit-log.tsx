import { AuditLogPanel } from "@/features/audit-log/components/audit-log-panel";

export function AuditLogRoute() {
  return <AuditLogPanel />;
}
