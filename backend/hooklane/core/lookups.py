"""`field__like="invoice.%"`: SQL LIKE with the caller's own pattern (escape it first)."""

from django.db.models import CharField, Lookup, TextField


class Like(Lookup):
    lookup_name = "like"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} LIKE {rhs}", [*lhs_params, *rhs_params]


def wildcard_to_like(pattern: str) -> str:
    """`invoice.*` → `invoice.%`, with LIKE's own metacharacters escaped."""
    escaped = pattern.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escaped.replace("*", "%")


def register() -> None:
    CharField.register_lookup(Like)
    TextField.register_lookup(Like)


def wildcard_match(pattern: str, value: str) -> bool:
    """In Python what `LIKE wildcard_to_like(pattern)` is in SQL (the destinations' and the
    log list's event-type patterns): `*` matches any run of characters, case counts."""
    if "*" not in pattern:
        return pattern == value
    parts = pattern.split("*")
    if not value.startswith(parts[0]) or len(value) < sum(map(len, parts)):
        return False
    position = len(parts[0])
    for middle in parts[1:-1]:
        found = value.find(middle, position)
        if found < 0:
            return False
        position = found + len(middle)
    return value.endswith(parts[-1]) and len(value) - len(parts[-1]) >= position
