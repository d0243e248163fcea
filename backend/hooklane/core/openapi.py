"""drf-spectacular hook: document the errors every API operation can answer with.

Per-view `@extend_schema` lists the errors particular to an action; the ones that come from
the framework (authentication, permissions, unknown ids, throttling) are added here, once,
so no operation can forget them."""

ERROR_REF = {"$ref": "#/components/schemas/ErrorOutput"}
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before retrying",
        "schema": {"type": "integer"},
    }
}
STANDARD = {
    "400": "The input is not valid; `fields` names each problem.",
    "401": "Not logged in, or the API key is invalid, expired or revoked.",
    "403": "Logged in, but the role or the key's scope does not allow this.",
    "404": "No such object in your organization.",
    "429": "Too many requests; retry after `Retry-After` seconds.",
}


def _is_public(operation: dict) -> bool:
    # An AllowAny view lists an empty requirement ({}) among its security alternatives.
    return {} in operation.get("security", [{}])


def add_error_responses(result, generator, request, public):
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    if "ErrorOutput" not in schemas:
        return result
    for path, methods in result.get("paths", {}).items():
        if not path.startswith("/api/v1/"):
            continue
        for operation in methods.values():
            wanted = {"429"}
            if not _is_public(operation):
                wanted |= {"401", "403"}
            if "{" in path:
                wanted.add("404")
            if "requestBody" in operation or "parameters" in operation:
                wanted.add("400")
            responses = operation.setdefault("responses", {})
            for code in sorted(wanted):
                if code in responses:
                    continue
                responses[code] = {
                    "description": STANDARD[code],
                    "content": {"application/json": {"schema": ERROR_REF}},
                }
                if code == "429":
                    responses[code]["headers"] = RETRY_AFTER
    return result
