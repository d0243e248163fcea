"""Core models: only the abstract base; every app's models inherit it."""

from .db_models.db_base_model import DBBaseModel

__all__ = ["DBBaseModel"]
