"""Routes of the logs, stats, provider-types and recipe console APIs under /api/v1/. The
providers routes are mounted by delivery (its urls.py), whose viewset extends this app's
with the resume and delete jobs."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views.logs import LogViewSet
from .views.provider_types import ProviderTypesView
from .views.recipes import RecipeExplainView
from .views.stats import StatsView

router = SimpleRouter()
router.register("logs", LogViewSet, basename="log")

urlpatterns = [
    path("stats/", StatsView.as_view(), name="stats"),
    path("provider-types/", ProviderTypesView.as_view(), name="provider-types"),
    path("recipes/explain/", RecipeExplainView.as_view(), name="recipe-explain"),
    *router.urls,
]
