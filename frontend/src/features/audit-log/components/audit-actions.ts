import type { AuditAction } from "../api/get-audit-events";

// A Record, so an action the API adds is a compile error here until it has a label.
export const auditActionLabels: Record<AuditAction, string> = {
  login: "Logged in",
  logout: "Logged out",
  login_failed: "Failed login",
  signup: "Signed up",
  "organization.update": "Changed organization settings",
  "user.invite": "Invited a user",
  "invitation.revoke": "Revoked an invitation",
  "user.role_change": "Changed a role",
  "user.deactivate": "Deactivated a user",
  "user.reactivate": "Reactivated a user",
  "api_key.create": "Created an API key",
  "api_key.revoke": "Revoked an API key",
  "provider.create": "Created a provider",
  "provider.update": "Changed a provider",
  "provider.delete": "Deleted a provider",
  "provider.rotate_secret": "Rotated a provider secret",
  "destination.create": "Created a destination",
  "destination.update": "Changed a destination",
  "destination.delete": "Deleted a destination",
  "destination.rotate_secret": "Rotated a destination secret",
  "log.replay": "Replayed a webhook",
  "log.bulk_replay": "Started a bulk replay",
  "log.reverify": "Re-verified a webhook",
  "issue.acknowledge": "Acknowledged an issue",
  "issue.resolve": "Resolved an issue",
  "notification_channel.create": "Created a notification channel",
  "notification_channel.update": "Changed a notification channel",
  "notification_channel.delete": "Deleted a notification channel",
  "notification_channel.test": "Tested a notification channel",
  "listen_session.create": "Started a hooklane listen session",
};

export const auditActionOptions = Object.entries(auditActionLabels).map(([value, label]) => ({ value, label }));

export function isAuditAction(value: string | null): value is AuditAction {
  return value !== null && Object.hasOwn(auditActionLabels, value);
}
