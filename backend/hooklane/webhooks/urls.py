"""Routes of the providers, logs and stats APIs under /api/v1/."""

from django.urls import path
from rest_framework.routers import SimpleRouter

from .views.logs import LogViewSet
from .views.providers import ProviderViewSet
from .views.stats import StatsView

router = SimpleRouter()
router.register("providers", ProviderViewSet, basename="provider")
router.register("logs", LogViewSet, basename="log")

urlpatterns = [path("stats/", StatsView.as_view(), name="stats"), *router.urls]
