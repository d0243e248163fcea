"""Custom: a sender Hooklane has no type for, described by an admin as a recipe.

The provider's ``settings.recipe`` is a `recipe.Recipe` as JSON (where the signature is, the
digest, encoding, key, signed message template, timestamp, event id and type); it is
validated when saved and compiled once per distinct settings. The recipe console
(``POST /api/v1/recipes/explain/``) runs one over a pasted sample, step by step.
Documentation of the recipe fields: backend/hooklane/webhooks/schemes/recipe.py.
"""

from collections.abc import Mapping
from typing import Any

from . import Sender
from .recipe import Recipe, RecipeError


def recipe_from_settings(settings: Mapping[str, Any]) -> Recipe:
    if "recipe" not in settings:
        raise RecipeError({"recipe": "A custom provider needs settings.recipe."})
    return Recipe.from_dict(settings["recipe"])


SENDER = Sender(
    name="custom",
    label="Custom recipe",
    family="custom",
    docs_url="",
    setup="For a sender with no type here: describe its signature as a recipe in "
    "settings.recipe (try it on a sample request in the recipe console), and paste the "
    "shared secret.",
    recipe_from_settings=recipe_from_settings,
)
