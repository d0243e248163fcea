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
