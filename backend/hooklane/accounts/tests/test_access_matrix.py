"""Every /api/v1/ endpoint against every kind of caller that must be refused.

- isolation: organization B's admin, member and keys never see or change organization A's
  objects: an A object answers exactly like a missing one (404 to anyone allowed the action),
  no response carries A's ids or emails, and A's rows stay as they were;
- roles: members and read-scoped keys are refused what needs an admin or a write (403),
  while admins and write keys succeed (so the refusals are about access, not bad input);
- dead credentials: revoked and expired keys, keys of deactivated creators, made-up keys and
  no credentials at all get 401 everywhere.

The endpoints come from each app's tests/access_routes.py; a route under /api/v1/ that no
app lists fails test_every_api_route_is_in_the_matrix.
"""

import importlib
import json
import uuid
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db.models import Max
from django.urls import URLResolver, get_resolver, reverse
from django.utils import timezone

from hooklane.accounts.models import ApiKey, Organization, User
from hooklane.accounts.services import api_key_create

from .access import Endpoint, World

pytestmark = pytest.mark.django_db

# Routes other apps have not listed in their access_routes.py yet. Owners: move each into
# your app's tests/access_routes.py and delete it here; nothing new may be added.
PENDING: set[str] = set()


def _load_specs() -> tuple[list[Endpoint], set[str]]:
    endpoints: list[Endpoint] = []
    public: set[str] = set()
    for app in settings.INSTALLED_APPS:
        if not app.startswith("hooklane."):
            continue
        try:
            module = importlib.import_module(f"{app}.tests.access_routes")
        except ModuleNotFoundError as error:
            if error.name not in (f"{app}.tests", f"{app}.tests.access_routes"):
                raise
            continue
        endpoints.extend(module.ENDPOINTS)
        public |= set(getattr(module, "PUBLIC", ()))
    return endpoints, public


ENDPOINTS, PUBLIC = _load_specs()
SAFE = {"get"}


def api_routes() -> set[tuple[str, str]]:
    """(URL name, method) of every view under /api/v1/, read from the URL patterns."""
    found = set()

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern).lstrip("^")
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, route)
                continue
            if not route.startswith("api/v1/"):
                continue
            callback = pattern.callback
            actions = getattr(callback, "actions", None)
            if actions:
                # A viewset can refuse a router-mapped method (http_method_names); skip those.
                allowed = getattr(callback.cls, "http_method_names", actions)
                methods = {method for method in actions if method in allowed}
            else:
                view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
                names = view.http_method_names if view else ["get"]
                methods = {name for name in names if view is None or hasattr(view, name)}
            for method in methods - {"options", "head"}:
                found.add((pattern.name, method))

    walk(get_resolver().url_patterns, "")
    return found


def test_every_api_route_is_in_the_matrix():
    listed = {(endpoint.name, endpoint.method) for endpoint in ENDPOINTS}
    missing = {
        (name, method)
        for name, method in api_routes()
        if (name, method) not in listed and name not in PUBLIC and name not in PENDING
    }
    assert not missing, f"add these to your app's tests/access_routes.py: {sorted(missing)}"


def test_the_matrix_names_only_real_routes():
    routes = api_routes()
    stale = [
        endpoint.id for endpoint in ENDPOINTS if (endpoint.name, endpoint.method) not in routes
    ]
    assert not stale, f"no such routes: {stale}"
    assert not PENDING & {endpoint.name for endpoint in ENDPOINTS}, "delete these from PENDING"


# The two organizations -------------------------------------------------------------------
@pytest.fixture
def world(org_a, admin_a, member_a, org_b, admin_b, api_key_for) -> World:
    member_b = User.objects.create_user("member@b.example", organization=org_b)
    world = World(org_a, admin_a, member_a, org_b, admin_b, member_b)
    for who in ("admin_a", "member_a", "admin_b", "member_b"):
        for scope in ("read", "write"):
            world.keys[f"{who}:{scope}"] = api_key_for(getattr(world, who), scope=scope)
    return world


def urls_for(endpoint: Endpoint, world: World) -> tuple[str, str | None]:
    """The URL of organization A's object, and of a missing one (None for other routes)."""
    if endpoint.kwargs is None:
        return reverse(endpoint.name), None
    kwargs = endpoint.kwargs(world)
    ghost = {name: uuid.uuid4() for name in kwargs}
    return reverse(endpoint.name, kwargs=kwargs), reverse(endpoint.name, kwargs=ghost)


def call(client, endpoint: Endpoint, url: str, world: World):
    body = endpoint.body(world) if endpoint.body else None
    return client.generic(
        endpoint.method.upper(),
        url,
        json.dumps(body) if body is not None else "",
        content_type="application/json",
    )


def org_rows(organization):
    """Every model with an `organization` field: its rows of that organization."""
    for model in apps.get_models():
        names = {model_field.name for model_field in model._meta.get_fields()}
        if "organization" in names:
            yield model, model.objects.filter(organization=organization)


def snapshot(organization) -> dict:
    """How many rows organization A owns in each table, and when any of them last changed."""
    state = {"organization": Organization.objects.filter(pk=organization.pk).values().get()}
    for model, rows in org_rows(organization):
        names = {model_field.name for model_field in model._meta.get_fields()}
        state[model._meta.label] = {
            "count": rows.count(),
            # Tables keyed otherwise (search documents, hourly counts) have no updated_at:
            # their rows themselves say whether they changed.
            "changed": rows.aggregate(latest=Max("updated_at"))["latest"]
            if "updated_at" in names
            else sorted(str(row) for row in rows.values()),
        }
    return state


def markers(organization) -> set[str]:
    """Strings that only organization A's data contains: its ids and its users' emails."""
    found = {str(organization.pk)}
    for _model, rows in org_rows(organization):
        found |= {str(pk) for pk in rows.values_list("pk", flat=True)}
    found |= set(User.objects.filter(organization=organization).values_list("email", flat=True))
    return found


def allowed(endpoint: Endpoint, role: str, scope: str | None) -> bool:
    """Would a caller with this role (and key scope, if a key) be let through?"""
    if scope == "read" and endpoint.method not in SAFE:
        return False
    return role == "admin" or endpoint.role == "member"


# Isolation: organization B against organization A ------------------------------------------
OUTSIDERS = [
    ("admin_b", None),
    ("member_b", None),
    ("admin_b", "write"),
    ("admin_b", "read"),
    ("member_b", "write"),
]


def client_as(api_client_for, world: World, who: str, scope: str | None):
    if scope is None:
        return api_client_for(getattr(world, who))
    return api_client_for(world.keys[f"{who}:{scope}"])


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.id)
@pytest.mark.parametrize(
    ("who", "scope"), OUTSIDERS, ids=[f"{who}-{scope or 'session'}" for who, scope in OUTSIDERS]
)
def test_organization_b_cannot_reach_organization_a(api_client_for, world, endpoint, who, scope):
    url, ghost_url = urls_for(endpoint, world)
    before, secrets = snapshot(world.org_a), markers(world.org_a)
    client = client_as(api_client_for, world, who, scope)
    may = allowed(endpoint, "admin" if who.startswith("admin") else "member", scope)

    response = call(client, endpoint, url, world)

    assert snapshot(world.org_a) == before
    leaked = [marker for marker in secrets if marker.encode() in response.content]
    assert not leaked, f"{endpoint.id} showed {who} organization A's {leaked}"
    if ghost_url is None:
        # Lists and the caller's own organization: B's data, as B's role allows.
        assert response.status_code == (endpoint.ok if may else 403), response.content
    else:
        # A's object must be indistinguishable from one that does not exist.
        ghost = call(client, endpoint, ghost_url, world)
        assert (response.status_code, response.json()) == (ghost.status_code, ghost.json())
        assert response.status_code == (404 if may else 403)


# Roles and scopes within organization A -----------------------------------------------------
INSIDERS = [
    ("admin_a", None, "admin"),
    ("admin_a", "write", "admin"),
    ("admin_a", "read", "admin"),
    ("member_a", None, "member"),
    ("member_a", "write", "member"),
    ("member_a", "read", "member"),
]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.id)
@pytest.mark.parametrize(
    ("who", "scope", "role"),
    INSIDERS,
    ids=[f"{who}-{scope or 'session'}" for who, scope, _ in INSIDERS],
)
def test_roles_and_key_scopes_decide_what_an_insider_may_do(
    api_client_for, world, endpoint, who, scope, role
):
    url, _ghost = urls_for(endpoint, world)
    client = client_as(api_client_for, world, who, scope)
    response = call(client, endpoint, url, world)
    if allowed(endpoint, role, scope):
        assert response.status_code == endpoint.ok, response.content
    else:
        assert response.status_code == 403, response.content
        assert response.json()["error"] == "permission_denied"


# Dead credentials ------------------------------------------------------------------------------
def dead_key(world: World, kind: str) -> str | None:
    if kind == "anonymous":
        return None
    if kind == "made-up":
        return "hlk_" + "A" * 43
    creator = world.admin_a
    if kind == "deactivated-creator":
        creator = User.objects.create_user(
            "former@a.example", organization=world.org_a, role="admin"
        )
    key, secret = api_key_create(created_by=creator, name=kind, scope="write")
    if kind == "revoked":
        ApiKey.objects.filter(pk=key.pk).update(revoked_at=timezone.now())
    elif kind == "expired":
        ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    elif kind == "deactivated-creator":
        User.objects.filter(pk=creator.pk).update(is_active=False)
    return secret


DEAD = ["revoked", "expired", "deactivated-creator", "made-up", "anonymous"]


@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=lambda endpoint: endpoint.id)
@pytest.mark.parametrize("kind", DEAD)
def test_dead_credentials_get_401_everywhere(api_client_for, world, endpoint, kind):
    client = api_client_for(dead_key(world, kind))
    url, _ghost = urls_for(endpoint, world)
    before = snapshot(world.org_a)
    response = call(client, endpoint, url, world)
    assert response.status_code == 401, response.content
    assert response.json()["error"] in {"authentication_failed", "not_authenticated"}
    assert snapshot(world.org_a) == before
