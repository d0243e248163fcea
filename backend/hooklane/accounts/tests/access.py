"""The access matrix's vocabulary: every /api/v1/ endpoint declares who may call it and how to
build organization A's object it acts on; test_access_matrix.py walks the URL patterns and
tries every endpoint as outsiders, as insiders without the role, and with dead keys.

Each app lists its endpoints in `hooklane/<app>/tests/access_routes.py`:
`ENDPOINTS: list[Endpoint]` and `PUBLIC: set[str]` (URL names anyone may call).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from hooklane.accounts.models import Organization, User


@dataclass
class World:
    """Organization A (the target) and organization B (the outsiders), with keys by name:
    `keys["admin_a:write"]`, `keys["member_a:read"]`, `keys["admin_b:read"]`, ..."""

    org_a: Organization
    admin_a: User
    member_a: User
    org_b: Organization
    admin_b: User
    member_b: User
    keys: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Endpoint:
    name: str
    """The URL pattern's name, e.g. `user-detail`."""
    method: Literal["get", "post", "put", "patch", "delete"]
    role: Literal["member", "admin"]
    """The least role that may call it (API keys act with their creator's role)."""
    kwargs: Callable[[World], dict] | None = None
    """Builds organization A's object and returns the URL's kwargs (detail routes)."""
    body: Callable[[World], dict] | None = None
    """A valid request body, so a refusal is about access and nothing else."""
    ok: int = 200
    """What an admin of organization A gets."""

    @property
    def id(self) -> str:
        return f"{self.method.upper()} {self.name}"
