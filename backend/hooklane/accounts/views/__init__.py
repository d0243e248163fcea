"""The accounts API: auth, organization, users, API keys, audit events."""
